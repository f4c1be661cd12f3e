//! Reports of the whole bundled corpus: byte-identical across runs and thread counts, and the
//! reconciliation sums stated in every format (JSON, Markdown, HTML, CSV) hold and agree with the
//! documents as parsed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

const FORMATS: [&str; 4] = ["json", "csv", "html", "md"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the binary from the workspace root with `RAYON_NUM_THREADS` set; returns stdout.
fn run(args: &[&str], threads: usize) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_policy-trace"))
        .current_dir(workspace())
        .env("RAYON_NUM_THREADS", threads.to_string())
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// The report of the corpus in one format, on one thread.
fn report(format: &str) -> &'static str {
    static REPORTS: OnceLock<BTreeMap<&'static str, String>> = OnceLock::new();
    REPORTS.get_or_init(|| {
        FORMATS
            .iter()
            .map(|f| (*f, String::from_utf8(run(&["report", "--format", f, "data/corpus"], 1)).unwrap()))
            .collect()
    })[format]
        .as_str()
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    for format in FORMATS {
        let one = report(format).as_bytes();
        for threads in [1, 2] {
            let again = run(&["report", "--format", format, "data/corpus"], threads);
            assert!(again == one, "report --format {format} differs with RAYON_NUM_THREADS={threads}");
        }
    }
    let graph = |threads| run(&["graph", "--format", "json", "builtin:fagaiban-diqu-2020-237", "data/corpus"], threads);
    assert!(graph(1) == graph(2), "graph JSON differs between one thread and two");
}

/// What the report states of one local document, read back from its JSON.
#[derive(Debug, PartialEq, Eq, Clone)]
struct Stated {
    linked: usize,
    novel: usize,
    unaligned: usize,
    parsed: usize,
    adopted: usize,
    omitted: usize,
    measures: usize,
}

/// The numbers in a stated sum, in order: `linked 35 + novel 5 = 40 clauses parsed`.
fn numbers(s: &str) -> Vec<usize> {
    s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).map(|p| p.parse().unwrap()).collect()
}

/// Reads `linked L + novel N [+ U without comparable text] = P clauses parsed; adopted A + omitted O
/// = M measures` and checks the equation it states.
fn read_statement(clauses: &str, measures: &str) -> Stated {
    assert!(clauses.starts_with("linked ") && clauses.contains(" + novel ") && clauses.ends_with(" clauses parsed"));
    assert!(clauses.contains(" = "), "the sum holds: {clauses}");
    let (linked, novel, unaligned, parsed) = match numbers(clauses).as_slice() {
        [linked, novel, parsed] => (*linked, *novel, 0, *parsed),
        [linked, novel, unaligned, parsed] => (*linked, *novel, *unaligned, *parsed),
        _ => panic!("unexpected statement {clauses:?}"),
    };
    assert_eq!(linked + novel + unaligned, parsed, "{clauses}");
    let [adopted, omitted, total] = numbers(measures)[..] else { panic!("unexpected statement {measures:?}") };
    assert!(measures.starts_with("adopted ") && measures.contains(" + omitted ") && measures.ends_with(" measures"));
    assert_eq!(adopted + omitted, total, "{measures}");
    Stated { linked, novel, unaligned, parsed, adopted, omitted, measures: total }
}

/// The corpus documents, relative to the workspace root.
fn corpus_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(workspace().join("data/corpus"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")))
        .map(|n| format!("data/corpus/{n}"))
        .collect();
    files.sort();
    files
}

/// The clauses of every corpus document, counted from `parse --format json` (a forwarding notice's
/// own and its embedded document's).
fn parsed_clause_counts() -> BTreeMap<String, usize> {
    fn count(nodes: &Value) -> usize {
        nodes.as_array().unwrap().iter().map(|n| usize::from(n["kind"] == "paragraph") + count(&n["children"])).sum()
    }
    let mut args = vec!["parse".to_owned(), "--format".to_owned(), "json".to_owned()];
    args.extend(corpus_files());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = String::from_utf8(run(&args, 2)).unwrap();
    out.lines()
        .map(|l| {
            let doc: Value = serde_json::from_str(l).unwrap();
            let embedded = if doc["forwarded"].is_null() { 0 } else { count(&doc["forwarded"]["nodes"]) };
            let source = doc["source"]["name"].as_str().unwrap();
            let stem = Path::new(source).file_stem().unwrap().to_string_lossy().into_owned();
            (stem, count(&doc["nodes"]) + embedded)
        })
        .collect()
}

#[test]
fn every_format_states_sums_that_hold_on_the_whole_corpus() {
    let json: Value = serde_json::from_str(report("json")).unwrap();
    let localities = json["localities"].as_array().unwrap();
    assert_eq!(localities.len(), corpus_files().len(), "every corpus document is in the report");
    let measures = json["measures"].as_array().unwrap();
    let parsed = parsed_clause_counts();

    // JSON: the statements, the totals, and the lists they count.
    let mut stated: Vec<Stated> = Vec::new();
    for (col, l) in localities.iter().enumerate() {
        let r = &l["reconciliation"];
        assert_eq!(r["balanced"], true);
        let s = read_statement(r["clauses"].as_str().unwrap(), r["measures"].as_str().unwrap());
        let t = &l["totals"];
        let id = l["doc"]["id"].as_str().unwrap();
        assert_eq!(s.parsed, parsed[id], "{id}: clauses parsed, as `parse` counts them");
        assert_eq!(t["clauses_parsed"], s.parsed);
        assert_eq!(t["linked_clauses"], s.linked);
        assert_eq!(t["novel_clauses"], s.novel);
        assert_eq!(t["unaligned_clauses"], s.unaligned);
        assert_eq!(l["novel"].as_array().unwrap().len(), s.novel, "{id}: novel clauses listed");
        // Linked: the distinct local clauses of the links in this document's cells.
        let linked: BTreeSet<(String, String)> = measures
            .iter()
            .flat_map(|m| m["cells"][col]["links"].as_array().unwrap())
            .map(|link| (link["local"]["doc"].to_string(), link["local"]["id"].to_string()))
            .collect();
        assert_eq!(linked.len(), s.linked, "{id}: linked clauses, counted from the links");
        let omitted = measures.iter().filter(|m| m["cells"][col]["kind"].is_null()).count();
        assert_eq!(
            (s.omitted, s.measures),
            (omitted, measures.len()),
            "{id}: omitted measures, counted from the cells"
        );
        assert_eq!(l["omitted"].as_array().unwrap().len(), omitted);
        stated.push(s);
    }
    let adopted_by_some = measures.iter().filter(|m| m["adopted_by"].as_u64().unwrap() > 0).count();
    let national = json["reconciliation"]["measures"].as_str().unwrap();
    assert_eq!(numbers(national), [adopted_by_some, measures.len() - adopted_by_some, measures.len()], "{national}");

    // Markdown and HTML state the same sums, one line per local document, then the national one.
    let md = report("md");
    let md_lines: Vec<&str> = md
        .split("## Reconciliation\n\n")
        .nth(1)
        .expect("a reconciliation section")
        .lines()
        .take_while(|l| l.starts_with("- "))
        .collect();
    let html = report("html");
    let html_list = html.split("<ul class=\"reconciliation\">").nth(1).and_then(|s| s.split("</ul>").next()).unwrap();
    let html_lines: Vec<&str> = html_list.split("<li").skip(1).collect();
    for (what, lines) in [("Markdown", &md_lines), ("HTML", &html_lines)] {
        assert_eq!(lines.len(), localities.len() + 1, "{what}: one line per local document and the national one");
        for (line, s) in lines.iter().zip(&stated) {
            let (clauses, measures) = line.split_once("; ").unwrap_or_else(|| panic!("{what}: {line}"));
            let clauses = &clauses[clauses.find("linked ").unwrap_or_else(|| panic!("{what}: {line}"))..];
            let measures = measures.trim_end().trim_end_matches("</li>").trim_end_matches('.');
            assert_eq!(&read_statement(clauses, measures), s, "{what}: {line}");
        }
        assert!(lines[localities.len()].contains(national), "{what}: the national sum");
    }
    assert!(!html_list.contains("class=\"bad\""), "no unbalanced sum is flagged");

    // CSV: every row carries its document's counts; they add up and match the JSON.
    let mut rows = csv::Reader::from_reader(report("csv").as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut seen = BTreeMap::new();
    for row in rows.records() {
        let row = row.unwrap();
        let n = |name: &str| row[col(name)].parse::<usize>().unwrap();
        let (linked, novel, parsed_here) = (n("doc_linked_clauses"), n("doc_novel_clauses"), n("doc_clauses_parsed"));
        assert!(linked + novel <= parsed_here);
        assert_eq!(n("doc_measures_adopted") + n("doc_measures_omitted"), n("national_measures"));
        let id = row[col("doc_id")].to_owned();
        let s = &stated[localities.iter().position(|l| l["doc"]["id"] == id.as_str()).unwrap()];
        assert_eq!(
            (linked, novel, parsed_here, n("doc_measures_adopted"), n("doc_measures_omitted")),
            (s.linked, s.novel, s.parsed, s.adopted, s.omitted),
            "{id}"
        );
        *seen.entry(id).or_insert(0) += 1;
    }
    assert_eq!(seen.len(), localities.len());
    assert!(seen.values().all(|&n| n == measures.len()), "one row per measure × document");
}

/// Hostile text, title and file name through the command line: no markup survives in Markdown
/// (tables included), and no CSV cell starts a formula.
#[test]
fn hostile_input_is_escaped_in_markdown_and_neutralised_in_csv() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-reports");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let hostile = "测试市人民政府关于<script>alert(1)</script>|推进改革的实施意见\n\
        一、总体要求\n\
        （一）=HYPERLINK(\"http://x\",\"y\")深化商事制度改革。<img src=x onerror=alert(1)>适应新兴经济领域市场主体变化快、业态新、规模小等特点，进一步推进工商注册便利化。\n\
        （二）[链接](javascript:alert(1)) | 加强产权保护。\n";
    std::fs::write(dir.join("=cmd|' '!A1.txt"), hostile).unwrap();
    let dir_arg = dir.to_str().unwrap();
    let md = String::from_utf8(run(&["report", "--format", "md", dir_arg], 1)).unwrap();
    assert!(!md.contains("<script") && !md.contains("<img"), "no markup in the Markdown");
    assert!(!md.replace("\\]", "").contains("](javascript:"), "no Markdown link survives (its brackets are escaped)");
    // Escaped pipes do not split cells: every row of a table has as many cells as its header.
    let mut header_cells = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_cells = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, *header_cells.get_or_insert(cells), "{line}");
    }
    assert!(md.contains("=cmd\\|' '!A1"), "the file name's pipe is escaped");
    let csv = String::from_utf8(run(&["report", "--format", "csv", dir_arg], 1)).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let mut seen = 0;
    for row in rows.records() {
        for cell in &row.unwrap() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "formula cell {cell:?}");
            seen += usize::from(cell.starts_with("'="));
        }
    }
    assert!(seen > 0, "the hostile file name is in the CSV, neutralised");
}
