#!/usr/bin/env python3
"""Evaluate the aligner on the development gold sets, next to the do-it-yourself baseline.

usage: python3 eval/run.py [--bin target/release/policy-trace] [--variants]

For each gold set it runs `policy-trace align --format json` and scores it with score.py
(lenient: all gold links against all predicted links; strict: verbatim and adapted gold links
against the verbatim and adapted predictions, since a partial link is not a claim of faithful
adoption), then runs baseline.py's TF-IDF
pipeline at every threshold from 0.10 to 0.60 and reports its best lenient and best strict F1.
With --variants it also scores the local document rewritten as traditional characters, HTML with
page chrome, GBK bytes, hard-wrapped at 36 characters, and renumbered.
Needs: scikit-learn and opencc (pip install scikit-learn opencc) for the baseline and scorer.
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLD = os.path.join(HERE, "gold")
CORPUS = os.path.join(ROOT, "data", "corpus")
REF = os.path.join(ROOT, "data", "reference")

SETS = [
    dict(name="henan", local="henan-2017-implementing-opinions.txt", national="builtin:guobanfa-2017-4",
         national_file="guobanfa-2017-4.txt", gold="henan-2017.tsv", units="guobanfa-2017-4.units.tsv",
         local_units="henan-2017.local-units.tsv", extra=[]),
    dict(name="binhai", local="binhai-2020-key-tasks.txt", national="builtin:fagaiban-diqu-2020-237",
         national_file="fagaiban-diqu-2020-237-tasks.txt", gold="binhai-2020.tsv", units="fagaiban-diqu-2020-237.units.tsv",
         local_units="binhai-2020.local-units.tsv", extra=["--national-key", "national_task", "--local-key", "local_measure"]),
]


def strict_only(pred):
    """The prediction restricted to verbatim and adapted links, as the strict score compares."""
    with open(pred, encoding="utf-8") as f:
        data = json.load(f)
    links = data["links"] if isinstance(data, dict) else data
    kept = [l for l in links if (l.get("kind") or "").lower() in ("verbatim", "adapted")]
    out = pred[:-5] + ".strict.json"
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"links": kept}, f, ensure_ascii=False)
    return out


def score(s, pred, strict):
    if strict:
        pred = strict_only(pred)
    cmd = [sys.executable, os.path.join(HERE, "score.py"), "--gold", os.path.join(GOLD, s["gold"]),
           "--units", os.path.join(GOLD, s["units"]), "--local-units", os.path.join(GOLD, s["local_units"]),
           "--pred", pred, "--json"] + s["extra"] + (["--strict"] if strict else [])
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def ours(binary, s, local_path, tmp):
    out = os.path.join(tmp, f"{s['name']}.json")
    with open(out, "w") as f:
        subprocess.run([binary, "align", "--national", s["national"], local_path, "--format", "json"], check=True, stdout=f)
    return out


def baseline(s, tmp):
    best = {False: (None, None), True: (None, None)}
    for t in [x / 100 for x in range(10, 61, 2)]:
        out = os.path.join(tmp, f"base-{s['name']}-{t}.json")
        with open(out, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "baseline.py"), "tfidf", os.path.join(REF, s["national_file"]),
                            os.path.join(CORPUS, s["local"]), "--threshold", str(t)], check=True, stdout=f,
                           stderr=subprocess.DEVNULL)
        for strict in (False, True):
            r = score(s, out, strict)
            if best[strict][0] is None or r["f1"] > best[strict][0]["f1"]:
                best[strict] = (r, t)
    return best


def variants(local_path, tmp):
    sys.path.insert(0, HERE)
    import variants as v
    text = open(local_path, encoding="utf-8").read()
    out = {}
    for name, (data, ext) in v.all_variants(text).items():
        p = os.path.join(tmp, f"variant-{name}{ext}")
        with open(p, "wb") as f:
            f.write(data)
        out[name] = p
    return out


def fmt(r):
    return f"P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "policy-trace"))
    ap.add_argument("--variants", action="store_true")
    ap.add_argument("--no-baseline", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for s in SETS:
            local = os.path.join(CORPUS, s["local"])
            pred = ours(a.bin, s, local, tmp)
            print(f"== {s['name']} ({s['local']} ↔ {s['national']})")
            for strict in (False, True):
                r = score(s, pred, strict)
                print(f"  policy-trace {'strict ' if strict else 'lenient'}: {fmt(r)}  kind accuracy {r['kind_accuracy']:.3f}")
            if not a.no_baseline:
                b = baseline(s, tmp)
                for strict in (False, True):
                    r, t = b[strict]
                    print(f"  baseline tfidf {'strict ' if strict else 'lenient'}: {fmt(r)}  (best threshold {t:.2f})")
            if a.variants:
                for name, path in variants(local, tmp).items():
                    pred = ours(a.bin, s, path, tmp)
                    rl, rs = score(s, pred, False), score(s, pred, True)
                    print(f"  variant {name:<12} lenient F1 {rl['f1']:.3f}  strict F1 {rs['f1']:.3f}")


if __name__ == "__main__":
    main()
