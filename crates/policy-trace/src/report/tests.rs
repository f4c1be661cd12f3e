use super::*;
use crate::{AlignConfig, Document, Level, Parser, compare};

const NATIONAL: &str = "一、重点任务\n（一）深化商事制度改革。全面实行“多证合一”、简易注销登记，推进企业名称登记管理改革，探索实行企业登记全程电子化。\n（二）加强知识产权保护。完善知识产权快速维权机制，加大侵权假冒行为惩戒力度，建立知识产权信用体系。\n（三）=SUM(A1:A9) 统筹推进数字政府建设。\n";
const HOSTILE: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";

fn doc(id: &str, date: Option<&str>, locality: &str, text: &str) -> Document {
    let mut p = Parser::configure();
    p.id(id).level(Level::Provincial).locality(locality);
    if let Some(d) = date {
        p.date(d);
    }
    p.parse(text)
}

/// Rewrites the text of a paragraph: the parser would strip markup from its input, but a report
/// must stay safe whatever text it is given.
fn set_text(doc: &mut Document, id: &str, f: impl Fn(&str) -> String) {
    fn walk(nodes: &mut [crate::Node], id: &str, f: &dyn Fn(&str) -> String) {
        for n in nodes {
            if n.id == id {
                n.text = f(&n.text);
            }
            walk(&mut n.children, id, f);
        }
    }
    walk(&mut doc.nodes, id, &f);
}

fn comparison() -> crate::Comparison {
    let (national, locals) = inputs();
    compare(&national, &locals, &AlignConfig::new()).unwrap()
}

/// The national document and the local ones of [`comparison`].
fn inputs() -> (Document, Vec<Document>) {
    let mut national = Parser::configure().id("nat").level(Level::National).date("2017-01-12").parse(NATIONAL);
    national.metadata.doc_number = Some("国办发〔2017〕4号".into());
    set_text(&mut national, "1.3.p1", |t| format!("{t}<b onmouseover=alert(2)>"));
    let mut later = doc(
        "later",
        Some("2017-08-19"),
        "=HYPERLINK(\"x\")|*乙*",
        "一、任务\n（一）深化商事制度改革。全面实行“多证合一”、简易注销登记，推进企业名称登记管理改革，探索实行企业登记全程电子化。\n（二）发展夜间经济。\n",
    );
    set_text(&mut later, "1.1.p1", |t| format!("{t}{HOSTILE}"));
    set_text(&mut later, "1.2.p1", |t| format!("{HOSTILE}{t}"));
    later.metadata.title = Some(HOSTILE.into());
    let locals = vec![
        // No date: last.
        doc(
            "undated",
            None,
            "甲市",
            "一、任务\n（一）加强知识产权保护。完善知识产权快速维权机制，加大侵权假冒行为惩戒力度。\n",
        ),
        later,
        doc(
            "earlier",
            Some("2017-05-10"),
            "丙省",
            "一、任务\n（一）深化商事制度改革。全面实行“多证合一”、简易注销登记，推进企业名称登记管理改革。\n",
        ),
    ];
    (national, locals)
}

fn report() -> CoverageReport {
    comparison().coverage_report()
}

#[test]
fn localities_are_ordered_by_date_then_name() {
    let r = report();
    let ids: Vec<&str> = r.localities.iter().map(|l| l.doc.id.as_str()).collect();
    assert_eq!(ids, ["earlier", "later", "undated"]);
    let days: Vec<Option<i64>> = r.localities.iter().map(|l| l.totals.days_after_national).collect();
    assert_eq!(days, [Some(118), Some(219), None]);
}

#[test]
fn the_counts_reconcile() {
    let r = report();
    for l in &r.localities {
        let t = &l.totals;
        assert_eq!(t.linked_clauses + t.novel_clauses + t.unaligned_clauses, t.clauses_parsed, "{}", l.doc.id);
        assert_eq!(t.adopted + t.omitted, t.measures);
        assert_eq!(t.adopted, t.by_kind.verbatim + t.by_kind.adapted + t.by_kind.partial + t.by_kind.forwarded);
        assert!(l.reconciliation.balanced);
        let stated = l.reconciliation.clauses.as_deref().unwrap();
        assert!(stated.ends_with(&format!("= {} clauses parsed", t.clauses_parsed)), "{stated}");
    }
    let later = &r.localities[1];
    assert_eq!(
        later.reconciliation.measures,
        format!("adopted {} + omitted {} = 3 measures", later.totals.adopted, later.totals.omitted)
    );
    assert!(later.novel.iter().any(|c| c.text.ends_with("发展夜间经济。")), "{:?}", later.novel);
    for (i, m) in r.measures.iter().enumerate() {
        assert_eq!(m.adopted_by, m.cells.iter().filter(|c| c.kind.is_some()).count(), "measure {i}");
        assert_eq!(m.cells.len(), r.localities.len());
    }
    assert!(r.reconciliation.measures.ends_with("= 3 measures"));
}

#[test]
fn json_round_trips_with_format_version() {
    let r = report();
    let json = r.to_json();
    assert!(json.starts_with("{\"format_version\":2,"));
    assert_eq!(CoverageReport::from_json(&json).unwrap(), r);
    assert_eq!(CoverageReport::from_json(&r.to_json_pretty()).unwrap(), r);
    let old = json.replacen("\"format_version\":2", "\"format_version\":1", 1);
    assert!(matches!(
        CoverageReport::from_json(&old),
        Err(crate::Error::FormatVersion { found: 1, expected: REPORT_FORMAT_VERSION })
    ));
}

#[test]
fn cells_hold_the_measure_text_once_and_evidence_as_ranges() {
    let c = comparison();
    let r = c.coverage_report();
    let mut seen = 0;
    for m in &r.measures {
        for cell in &m.cells {
            for l in &cell.links {
                let link = c
                    .alignments
                    .iter()
                    .flat_map(|a| &a.links)
                    .find(|x| x.local == l.local && x.national.id == m.measure.id)
                    .expect("a cell link is a link of the comparison");
                assert_eq!((l.score, l.kind), (link.score, link.kind));
                assert_eq!(l.evidence.len(), link.evidence.len());
                for (span, e) in l.evidence.iter().zip(&link.evidence) {
                    let local: String =
                        l.local.text.chars().skip(span.local.0).take(span.local.1 - span.local.0).collect();
                    assert_eq!(local, e.text);
                    assert_eq!(span.national, e.national);
                    assert!(span.national.1 <= m.measure.text.chars().count());
                }
                seen += 1;
            }
        }
    }
    assert!(seen > 0);
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let link = json["measures"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["cells"].as_array().unwrap())
        .find_map(|c| c["links"].get(0))
        .unwrap();
    assert!(link.get("national").is_none(), "{link}");
    assert!(link["evidence"][0].get("text").is_none(), "{link}");
}

#[test]
fn the_owned_and_borrowed_builds_agree() {
    let c = comparison();
    assert_eq!(c.coverage_report(), c.clone().into_coverage_report());
}

#[test]
fn the_phased_pipeline_gives_the_comparison_of_compare() {
    let (national, locals) = inputs();
    let expected = compare(&national, &locals, &AlignConfig::new()).unwrap();
    assert_eq!(crate::compare_owned(&national, locals.clone(), &AlignConfig::new(), None).unwrap(), expected);
    for threads in [1, 3] {
        let mut cfg = AlignConfig::new();
        cfg.threads = Some(threads);
        let mut calls = Vec::new();
        let mut watch = |n: usize| calls.push(n);
        let got = crate::compare_owned(&national, locals.clone(), &cfg, Some(&mut watch)).unwrap();
        assert_eq!(got.alignments, expected.alignments, "{threads} threads");
        assert_eq!(calls.iter().sum::<usize>(), locals.len(), "{calls:?}");
        if threads == 1 {
            // One document per chunk on one thread: a call for each.
            assert_eq!(calls, vec![1; locals.len()]);
        }
    }
    let mut empty = Parser::configure().parse("");
    empty.id = "empty".into();
    assert!(matches!(
        crate::compare_owned(&empty, locals, &AlignConfig::new(), None),
        Err(crate::Error::EmptyReference { .. })
    ));
}

#[test]
fn writers_write_what_the_strings_hold() {
    let r = report();
    let mut json = Vec::new();
    r.write_json(&mut json).unwrap();
    assert_eq!(String::from_utf8(json).unwrap(), r.to_json_pretty() + "\n");
    let mut csv = Vec::new();
    r.write_csv(&mut csv).unwrap();
    assert_eq!(String::from_utf8(csv).unwrap(), r.to_csv());
    let mut md = Vec::new();
    r.write_markdown(&mut md).unwrap();
    assert_eq!(String::from_utf8(md).unwrap(), r.to_markdown());
    let mut html = Vec::new();
    r.write_html(&mut html).unwrap();
    assert_eq!(String::from_utf8(html).unwrap(), r.to_html());
}

#[test]
fn the_pretty_json_indents_the_top_levels_only() {
    let pretty = report().to_json_pretty();
    assert!(pretty.starts_with("{\n  \"format_version\": 2,\n  \"national\": {\n    \"id\": \"nat\","), "{pretty}");
    // One cell a line.
    let r = report();
    let cells: Vec<&str> =
        pretty.lines().filter(|l| l.starts_with("        {\"doc\":") && l.contains("\"local_ids\":")).collect();
    assert_eq!(cells.len(), r.measures.len() * r.localities.len(), "{pretty}");
    assert!(cells.iter().all(|l| l.ends_with('}') || l.ends_with("},")), "{cells:?}");
}

/// A writer that fails after some bytes.
struct Failing(usize);

impl std::io::Write for Failing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0 < buf.len() {
            return Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full"));
        }
        self.0 -= buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn writer_errors_are_io_errors() {
    let r = report();
    let full = |e: crate::Error| matches!(e, crate::Error::Stdio(io) if io.kind() == std::io::ErrorKind::StorageFull);
    assert!(full(r.write_json(Failing(100)).unwrap_err()));
    assert!(full(r.write_csv(Failing(100)).unwrap_err()));
    assert!(full(r.write_markdown(Failing(100)).unwrap_err()));
    assert!(full(r.write_html(Failing(100)).unwrap_err()));
}

#[test]
fn csv_is_tidy_and_neutralises_formulas() {
    let r = report();
    let csv_text = r.to_csv();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[..7].join(","), "measure_id,measure_text,locality,doc_id,kind,score,local_clause_ids");
    let rows: Vec<csv::StringRecord> = reader.records().map(std::result::Result::unwrap).collect();
    assert_eq!(rows.len(), r.measures.len() * r.localities.len());
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "formula cell {cell:?}");
        }
        assert!(row[5].contains('.') && row[5].split('.').nth(1).unwrap().len() == 4, "fixed decimals: {:?}", &row[5]);
    }
    assert!(rows.iter().any(|row| &row[2] == "'=HYPERLINK(\"x\")|*乙*"));
    assert!(rows.iter().any(|row| row[1].starts_with("'=SUM(A1:A9)")));
    assert!(rows.iter().any(|row| &row[4] == "omitted" && &row[5] == "0.0000"));
    assert_eq!(table::neutralise("-1"), "'-1");
    assert_eq!(table::neutralise("+1"), "'+1");
    assert_eq!(table::neutralise("@x"), "'@x");
    assert_eq!(table::neutralise("1-1"), "1-1");
}

#[test]
fn markdown_escapes_every_text() {
    let md = report().to_markdown();
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    assert!(md.contains("=HYPERLINK(\"x\")\\|\\*乙\\*"), "{md}");
    assert!(md.contains("## Reconciliation"));
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let cells = line.matches(" |").count();
        assert!(cells >= 3, "{line}");
    }
}

#[test]
fn html_escapes_every_text_and_marks_the_evidence() {
    let html = report().to_html();
    assert!(!html.contains("<script"), "no script element at all");
    assert!(!html.contains("<img"));
    assert!(!html.contains("\"><img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("<mark>"));
    assert!(html.contains("Reconciliation"));
    assert!(
        html.contains("class=\"cell k-verbatim\"")
            || html.contains("class=\"cell k-adapted\"")
            || html.contains("class=\"cell k-partial\"")
    );
    assert!(html.contains("class=\"cell k-omitted\""));
    assert!(!html.contains("<b "), "national text escaped too");
    for external in ["http://", "https://", "<link", "<iframe", "url("] {
        assert!(!html.contains(external), "self-contained: {external}");
    }
}

#[test]
fn highlight_marks_char_ranges() {
    let segs: Vec<(String, bool)> =
        html::highlight("深化商事制度改革", [(2, 4), (3, 6), (7, 99)]).into_iter().map(|s| (s.text, s.mark)).collect();
    let expected = [("深化", false), ("商事制度", true), ("改", false), ("革", true)];
    assert_eq!(segs, expected.map(|(t, m)| (t.to_owned(), m)));
}

#[test]
fn templates_can_be_overridden_from_a_directory() {
    let dir = std::env::temp_dir().join(format!("policy-trace-templates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("report.html"), "<p>{{ title }}: {{ columns | length }} {{ rows[0].measure.text }}</p>")
        .unwrap();
    let r = report();
    let out = HtmlConfig::new().template_dir(&dir).title("<T>").render(&r).unwrap();
    assert!(out.starts_with("<p>&lt;T&gt;: 3 深化商事制度改革"), "{out}");

    std::fs::write(dir.join("report.html"), "{% for x in %}").unwrap();
    let err = HtmlConfig::new().template_dir(&dir).render(&r).unwrap_err();
    assert!(matches!(err, crate::Error::Template { .. }), "{err}");

    // A directory without the template falls back to the built-in one.
    std::fs::remove_file(dir.join("report.html")).unwrap();
    assert_eq!(HtmlConfig::new().template_dir(&dir).render(&r).unwrap(), r.to_html());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn day_numbers() {
    assert_eq!(day_number("1970-01-01"), Some(0));
    assert_eq!(day_number("2017-01-12"), Some(17_178));
    assert_eq!(day_number("2000-02-29"), Some(11_016));
    assert_eq!(day_number("2017-13-01"), None);
    assert_eq!(day_number("二〇一七年"), None);
}

#[test]
fn escape_markdown_cell_escapes_table_syntax() {
    assert_eq!(escape_markdown_cell("a|b*c_<d>&\n`e`[f]"), "a\\|b\\*c\\_&lt;d&gt;&amp; \\`e\\`\\[f\\]");
}
