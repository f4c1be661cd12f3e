//! Runs of the `policy-trace` binary on the bundled corpus.
//!
//! Commands run from the workspace root with relative paths, so that no absolute path reaches a
//! snapshot. Link counts depend on the aligner, which is tuned separately: tests assert structure
//! (a link exists, a measure is forwarded) rather than exact counts of links.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cli(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_policy-trace"));
    cmd.current_dir(workspace()).args(args);
    cmd
}

fn run(args: &[&str]) -> Output {
    cli(args).output().expect("the binary runs")
}

fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// A scratch directory of this test binary.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn report_markdown_of_the_corpus() {
    assert_cmd_snapshot!(cli(&["report", "--format", "md", "data/corpus"]));
}

/// The report of the corpus against 国办发〔2017〕4号, as JSON.
fn corpus_report() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| json_of(&run(&["report", "--format", "json", "data/corpus"])))
}

fn locality<'a>(report: &'a Value, id: &str) -> (usize, &'a Value) {
    let localities = report["localities"].as_array().unwrap();
    let i = localities.iter().position(|l| l["doc"]["id"] == id).unwrap_or_else(|| panic!("no {id}"));
    (i, &localities[i])
}

#[test]
fn report_applies_the_manifest_and_reconciles() {
    let report = corpus_report();
    assert_eq!(report["format_version"], 2);
    let (_, binhai) = locality(report, "binhai-2020-key-tasks");
    assert_eq!(binhai["doc"]["locality"], "天津市滨海新区");
    assert_eq!(binhai["doc"]["level"], "district");
    let (_, tianjin) = locality(report, "tianjin-2017-implementing-opinions");
    assert_eq!(tianjin["doc"]["locality"], "天津市");
    for l in report["localities"].as_array().unwrap() {
        assert_eq!(l["reconciliation"]["balanced"], true, "{}", l["reconciliation"]);
    }
}

#[test]
fn report_shows_guangdong_measures_as_forwarded() {
    let report = corpus_report();
    let (col, guangdong) = locality(report, "guangdong-2017-forwarding-notice");
    let measures = report["measures"].as_array().unwrap();
    assert_eq!(guangdong["doc"]["kind"], "forwarding");
    assert_eq!(guangdong["totals"]["by_kind"]["forwarded"], measures.len());
    assert!(measures.iter().all(|m| m["cells"][col]["kind"] == "forwarded"));
}

#[test]
fn report_format_follows_the_output_extension() {
    let dir = scratch("report-formats");
    let names = ["corpus.html", "corpus.md", "corpus.csv", "corpus.json"];
    for name in names {
        let path = dir.join(name);
        let out = run(&["report", "data/corpus/henan-2017-implementing-opinions.txt", "-o", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty());
        let text = std::fs::read_to_string(&path).unwrap();
        let start = match name.rsplit('.').next().unwrap() {
            "html" => "<!DOCTYPE html>",
            "md" => "# Coverage of 国办发〔2017〕4号",
            "csv" => "measure_id,measure_text,locality,doc_id,kind,score,local_clause_ids,",
            _ => "{\n  \"format_version\": 2,",
        };
        assert!(text.starts_with(start), "{name}: {}", &text[..80.min(text.len())]);
    }

    let out = run(&["report", "data/corpus", "-o", dir.join("corpus.xlsx").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the report format"));
}

#[test]
fn a_bad_input_is_reported_on_one_line_and_the_others_still_processed() {
    let dir = scratch("bad-input");
    std::fs::write(dir.join("scan.txt"), b"%PDF-1.7 not a text").unwrap();
    std::fs::copy(workspace().join("data/corpus/henan-2017-implementing-opinions.txt"), dir.join("henan.txt")).unwrap();
    let out = run(&["report", "--format", "csv", "data/corpus/missing.txt", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("policy-trace: error: data/corpus/missing.txt: "), "{stderr}");
    assert!(
        lines[1].starts_with("policy-trace: error: ") && lines[1].contains("scan.txt: this is a PDF file"),
        "{stderr}"
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.lines().skip(1).all(|l| l.contains(",henan,")), "only Henan is reported");
    assert!(csv.lines().count() > 1);
}

/// The graph of the corpus against both built-in references, as JSON.
fn corpus_graph() -> &'static Value {
    static GRAPH: OnceLock<Value> = OnceLock::new();
    GRAPH.get_or_init(|| json_of(&run(&["graph", "--format", "json", "builtin:fagaiban-diqu-2020-237", "data/corpus"])))
}

fn edges<'a>(graph: &'a Value, kind: &str) -> impl Iterator<Item = &'a Value> {
    graph["edges"].as_array().unwrap().iter().filter(move |e| e["type"] == kind)
}

fn doc_of(clause: &Value) -> &str {
    clause.as_str().unwrap().strip_prefix("clause:").unwrap().split('#').next().unwrap()
}

#[test]
fn graph_json_counts() {
    let graph = corpus_graph();
    assert_eq!(graph["format_version"], 1);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for n in graph["nodes"].as_array().unwrap() {
        *counts.entry(format!("node {}", n["type"].as_str().unwrap())).or_default() += 1;
    }
    for e in graph["edges"].as_array().unwrap() {
        // derives_from edges depend on the aligner's settings: checked below, not counted here.
        if e["type"] != "derives_from" {
            *counts.entry(format!("edge {}", e["type"].as_str().unwrap())).or_default() += 1;
        }
    }
    let documents: Vec<String> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "document")
        .map(|n| format!("{} external={} level={}", n["key"].as_str().unwrap(), n["external"], n["level"]))
        .collect();
    insta::assert_snapshot!(format!("{counts:#?}\n{}", documents.join("\n")));
    assert!(edges(graph, "derives_from").count() > 0);
    assert_eq!(counts["node clause"], counts["edge contains"], "every clause is contained in its document");
}

#[test]
fn graph_binhai_derives_from_237_and_cites_tianjin_75() {
    let graph = corpus_graph();
    let from_binhai_to_237 = edges(graph, "derives_from")
        .filter(|e| doc_of(&e["source"]) == "binhai-2020-key-tasks" && doc_of(&e["target"]) == "fagaiban-diqu-2020-237")
        .count();
    assert!(from_binhai_to_237 > 0);
    assert!(edges(graph, "cites").any(|e| e["source"] == "doc:binhai-2020-key-tasks"
        && e["target"] == "ext:津发改区域〔2020〕75号"
        && e["doc_number"] == "津发改区域〔2020〕75号"));
    assert!(
        edges(graph, "cites")
            .any(|e| e["source"] == "doc:binhai-2020-key-tasks" && e["target"] == "doc:fagaiban-diqu-2020-237")
    );
    let external =
        graph["nodes"].as_array().unwrap().iter().find(|n| n["key"] == "ext:津发改区域〔2020〕75号").unwrap();
    assert_eq!(external["external"], true);
}

#[test]
fn graph_guangdong_forwards_4_and_its_copy_derives_from_it() {
    let graph = corpus_graph();
    let forwards: Vec<&Value> = edges(graph, "forwards").collect();
    assert_eq!(forwards.len(), 1);
    assert_eq!(forwards[0]["source"], "doc:guangdong-2017-forwarding-notice");
    let copy = forwards[0]["target"].as_str().unwrap().strip_prefix("doc:").unwrap();
    assert!(copy.starts_with("guangdong-2017-forwarding-notice/"));
    let forwarded: Vec<&Value> = edges(graph, "derives_from").filter(|e| doc_of(&e["source"]) == copy).collect();
    assert!(!forwarded.is_empty());
    assert!(forwarded.iter().all(|e| e["kind"] == "forwarded" && doc_of(&e["target"]) == "guobanfa-2017-4"));
}

#[test]
fn graph_qingdao_reuses_tianjin_horizontally() {
    let graph = corpus_graph();
    let horizontal: Vec<&Value> = edges(graph, "derives_from")
        .filter(|e| {
            doc_of(&e["source"]) == "qingdao-2020-new-economy-opinions"
                && doc_of(&e["target"]) == "tianjin-2017-implementing-opinions"
        })
        .collect();
    assert!(!horizontal.is_empty());
    assert!(horizontal.iter().all(|e| e["horizontal"] == true));
    // No Tianjin clause derives from Qingdao: the direction follows the documents' order.
    assert!(!edges(graph, "derives_from").any(|e| doc_of(&e["source"]) == "tianjin-2017-implementing-opinions"
        && doc_of(&e["target"]) == "qingdao-2020-new-economy-opinions"));
}

#[test]
fn graph_dot_and_graphml() {
    let dot = run(&["graph", "--format", "dot", "data/corpus/henan-2017-implementing-opinions.txt"]);
    assert!(dot.status.success());
    let dot = String::from_utf8(dot.stdout).unwrap();
    assert!(dot.starts_with("digraph derivation {\n") && dot.ends_with("}\n"));
    assert!(dot.contains("\"doc:henan-2017-implementing-opinions\" [shape=box"));

    let path = scratch("graph").join("henan.graphml");
    let out = run(&[
        "graph",
        "--format",
        "graphml",
        "data/corpus/henan-2017-implementing-opinions.txt",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let xml = std::fs::read_to_string(path).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml "));
    assert!(xml.contains("<key id=\"e_score\" for=\"edge\" attr.name=\"score\" attr.type=\"double\"/>"));
    assert!(xml.trim_end().ends_with("</graphml>"));
}

#[test]
fn parse_tree_of_qingdao() {
    assert_cmd_snapshot!(cli(&["parse", "--format", "tree", "data/corpus/qingdao-2020-new-economy-opinions.txt"]));
}

#[test]
fn parse_json_carries_the_documented_fields() {
    let doc = json_of(&run(&["parse", "--format", "json", "data/corpus/binhai-2020-key-tasks.txt"]));
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["kind"], "standalone");
    assert!(doc["forwarded"].is_null());
    let m = &doc["metadata"];
    assert_eq!(m["doc_number"], "津滨政发〔2020〕20号");
    assert_eq!(m["issuer"], "天津市滨海新区人民政府");
    assert_eq!(m["date_written"], "2020-06-30");
    assert_eq!(m["date_published"], "2020-07-01");
    assert!(m["title"].as_str().unwrap().starts_with("天津市滨海新区人民政府关于印发"));
    let numbers: Vec<&str> =
        doc["citations"].as_array().unwrap().iter().filter_map(|c| c["doc_number"].as_str()).collect();
    assert!(numbers.contains(&"发改办地区〔2020〕237号") && numbers.contains(&"津发改区域〔2020〕75号"), "{numbers:?}");
    assert!(doc["citations"].as_array().unwrap().iter().all(|c| c.get("title").is_some()));
    assert_eq!(doc["nodes"].as_array().unwrap().iter().filter(|n| n["kind"] == "chapter").count(), 6);
    assert!(!doc["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn parse_json_of_a_forwarding_notice_embeds_the_parent() {
    let doc = json_of(&run(&["parse", "--format", "json", "data/corpus/guangdong-2017-forwarding-notice.txt"]));
    assert_eq!(doc["kind"], "forwarding");
    assert_eq!(doc["forwarded"]["metadata"]["doc_number"], "国办发〔2017〕4号");
    assert_eq!(doc["metadata"]["doc_number"], "粤府办〔2017〕32号");
}

#[test]
fn parse_reports_each_bad_input_and_goes_on() {
    let dir = scratch("parse-bad");
    let png = dir.join("scan.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let out = run(&[
        "parse",
        "--format",
        "json",
        png.to_str().unwrap(),
        "data/corpus/no-such-file.txt",
        "builtin:guobanfa-2017-4",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].contains("scan.txt") && lines[0].contains("PNG"), "{stderr}");
    assert!(lines[1].contains("no-such-file.txt"), "{stderr}");
    let good = String::from_utf8_lossy(&out.stdout);
    assert_eq!(good.lines().count(), 1, "the built-in reference is still parsed");
}

#[test]
fn align_json_has_the_documented_shape() {
    let a = json_of(&run(&[
        "align",
        "--national",
        "builtin:guobanfa-2017-4",
        "data/corpus/henan-2017-implementing-opinions.txt",
    ]));
    assert_eq!(a["format_version"], 1);
    for key in ["national", "local", "links", "novel", "omitted"] {
        assert!(a.get(key).is_some(), "missing {key}");
    }
    let links = a["links"].as_array().unwrap();
    assert!(!links.is_empty());
    for l in links {
        let score = l["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
        assert!(["verbatim", "adapted", "partial"].contains(&l["kind"].as_str().unwrap()));
        for side in ["local", "national"] {
            assert!(l[side]["id"].is_string() && l[side]["text"].is_string());
        }
        let local: Vec<char> = l["local"]["text"].as_str().unwrap().chars().collect();
        for e in l["evidence"].as_array().unwrap() {
            let (s, t) = (e["local"][0].as_u64().unwrap() as usize, e["local"][1].as_u64().unwrap() as usize);
            assert_eq!(local[s..t].iter().collect::<String>(), e["text"].as_str().unwrap());
        }
    }
}

#[test]
fn align_of_a_binary_file_fails_naming_it() {
    let dir = scratch("align-bad");
    let pdf = dir.join("paper.txt");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap();
    let out = run(&["align", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("paper.txt") && stderr.contains("PDF"), "{stderr}");
}

#[test]
fn synth_writes_the_same_corpus_twice_and_discover_recovers_it() {
    let (a, b) = (scratch("synth-a"), scratch("synth-b"));
    for dir in [&a, &b] {
        let out = run(&["synth", "-n", "12", "--seed", "5", "-o", dir.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let names = |d: &Path| {
        let mut v: Vec<String> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    let ext = |n: &String, e: &str| Path::new(n).extension().is_some_and(|x| x == e);
    assert_eq!(names(&a).iter().filter(|n| ext(n, "txt")).count(), 12);
    for name in names(&a).iter().filter(|n| ext(n, "txt") || ext(n, "json")) {
        assert_eq!(std::fs::read(a.join(name)).unwrap(), std::fs::read(b.join(name)).unwrap(), "{name}");
    }
    let lineage: Value = serde_json::from_slice(&std::fs::read(a.join("lineage.json")).unwrap()).unwrap();
    let truth: BTreeMap<String, String> = lineage["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap().to_owned(), d["parent"].as_str().unwrap().to_owned()))
        .collect();
    // The corpus is a folder `report` reads, manifest included.
    let report = json_of(&run(&["report", "--format", "json", a.to_str().unwrap()]));
    assert_eq!(report["localities"].as_array().unwrap().len(), 12);
    let found = json_of(&run(&["discover", a.to_str().unwrap(), a.join("reference").to_str().unwrap()]));
    let links = found["links"].as_array().unwrap();
    let right = links
        .iter()
        .filter(|l| truth.get(l["child"].as_str().unwrap()) == l["parent"].as_str().map(str::to_owned).as_ref())
        .count();
    assert!(right >= 11, "{right} of 12 parents found: {links:?}");
    assert!(links.iter().all(|l| l["basis"].is_string() && l["clauses"].is_array()));
}

#[test]
fn bench_reports_the_median_run_and_its_accuracy() {
    let dir = scratch("bench-30");
    let _ = std::fs::remove_dir_all(&dir);
    let out = run(&["bench", "-n", "30", "--runs", "3", "--dir", dir.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let line = stdout.lines().find(|l| l.starts_with("report (files → coverage JSON)")).expect(&stdout);
    assert!(line.contains("median of 3 runs"), "{line}");
    let walls = line.split("(walls ").nth(1).and_then(|r| r.split(" s)").next()).expect(line);
    assert_eq!(walls.split(", ").filter(|w| w.parse::<f64>().is_ok_and(|s| s > 0.0)).count(), 3, "{line}");
    // The accuracy lines are there and high on a corpus this small too.
    let lenient = stdout.lines().find(|l| l.starts_with("alignment (lenient")).expect(&stdout);
    let precision: f64 = lenient.split("precision ").nth(1).and_then(|r| r.split(',').next()).unwrap().parse().unwrap();
    assert!(precision > 0.9, "{lenient}");
    // --runs 0 is refused by the argument parser.
    let zero = run(&["bench", "-n", "30", "--runs", "0", "--dir", dir.to_str().unwrap()]);
    assert!(!zero.status.success());
    assert!(String::from_utf8_lossy(&zero.stderr).contains("--runs"), "{}", String::from_utf8_lossy(&zero.stderr));
}
