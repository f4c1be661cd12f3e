#!/usr/bin/env python3
"""List where an alignment and a gold set disagree: the gold links missed and the links predicted
that the gold does not have, on the gold's unit grid (the same mapping as score.py).

usage: python3 eval/diff.py PRED.json [--set henan|binhai] [--strict]

PRED.json is the output of `policy-trace align --format json`. Each miss is printed with its gold
relation and evidence, each extra link with its predicted kind, score and heaviest shared span, so
that a change to the aligner can be judged link by link and not only by its F1.
"""
import argparse, csv, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from score import Units, load_gold  # noqa: E402
from run import GOLD, SETS  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pred")
    ap.add_argument("--set", default="henan", choices=[s["name"] for s in SETS])
    ap.add_argument("--strict", action="store_true")
    a = ap.parse_args()
    s = next(x for x in SETS if x["name"] == a.set)
    lk, nk = ("local_measure", "national_task") if "--local-key" in s["extra"] else ("local_line", "national_id")
    gold = load_gold(os.path.join(GOLD, s["gold"]))
    if a.strict:
        gold = [r for r in gold if r.get("relation") in ("verbatim", "adapted")]
    G = {(r[lk], r[nk]): r for r in gold}

    def table(name):
        with open(os.path.join(GOLD, name), encoding="utf-8") as f:
            return [tuple(l.rstrip("\n").split("\t", 1)) for l in f if "\t" in l and not l.startswith("id\t")]

    nat, loc = Units(table(s["units"])), Units(table(s["local_units"]))
    with open(a.pred, encoding="utf-8") as f:
        data = json.load(f)
    P = {}
    for link in data["links"]:
        if a.strict and link["kind"] not in ("verbatim", "adapted"):
            continue
        for l in loc.match(link["local"]["text"]):
            for n in nat.match(link["national"]["text"]):
                best = max(link.get("evidence", []), key=lambda e: len(e["text"]), default={"text": ""})
                P.setdefault((l, n), (link["kind"], link["score"], best["text"], link["local"]["id"], link["national"]["id"]))
    missed = sorted(set(G) - set(P), key=lambda k: (int(k[0]) if k[0].isdigit() else k[0], k[1]))
    extra = sorted(set(P) - set(G), key=lambda k: (int(k[0]) if k[0].isdigit() else k[0], k[1]))
    print(f"{a.set}: gold {len(G)}, predicted {len(P)}, found {len(set(G) & set(P))}, "
          f"missed {len(missed)}, extra {len(extra)}")
    print("\n# missed")
    for k in missed:
        r = G[k]
        print(f"L{k[0]} -> {k[1]}  [{r.get('relation', '')}]  {r.get('evidence', '')[:120]}")
    print("\n# extra")
    for k in extra:
        kind, score, span, lid, nid = P[k]
        print(f"L{k[0]} -> {k[1]}  [{kind} {score}]  {lid} -> {nid}  span: {span[:60]}")


if __name__ == "__main__":
    csv.field_size_limit(10**9)
    main()
