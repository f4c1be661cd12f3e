//! Forwarding notices that are not garbled: the notice's own text and metadata, and the
//! forwarded document parsed as a document of its own.

use policy_trace::{DiagnosticKind, Document, DocumentKind, Level, NodeKind, Parser};

use crate::support::{Meta, Shape, assert_metadata, corpus_doc, fixture_text};

fn parse_fixture(name: &str) -> Document {
    Parser::configure().id(name).parse(&fixture_text(&format!("forwarding/{name}.txt")))
}

fn clause_texts(doc: &Document) -> Vec<String> {
    doc.iter_clauses().map(|c| c.text().to_owned()).collect()
}

/// Neither the notice nor the forwarded document drops or loses anything in a clean notice.
fn assert_nothing_dropped(doc: &Document) {
    for d in [doc, doc.forwarded.as_deref().expect("the forwarded document")] {
        let bad: Vec<_> = d
            .diagnostics
            .iter()
            .filter(|x| {
                matches!(
                    x.kind,
                    DiagnosticKind::Duplicate
                        | DiagnosticKind::Unplaced
                        | DiagnosticKind::NumberingGap
                        | DiagnosticKind::NumberingJump
                )
            })
            .collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", d.id);
    }
}

#[test]
fn clean_guangdong_notice() {
    let doc = parse_fixture("guangdong-2017-clean");
    assert_eq!(doc.kind, DocumentKind::Forwarding);
    assert_nothing_dropped(&doc);

    // The notice: its three paragraphs, and the same metadata as the garbled page.
    let garbled = corpus_doc("guangdong-2017-forwarding-notice");
    assert_eq!(clause_texts(&doc), clause_texts(&garbled));
    assert_eq!(Meta::of(&doc).fields, Meta::of(&garbled).fields);

    // The forwarded document: the same tree as the built-in reference, which is the same text.
    let embedded = doc.forwarded.as_deref().expect("the forwarded document");
    let reference = policy_trace::reference("guobanfa-2017-4").expect("built-in reference");
    assert_eq!(Shape::of(embedded), Shape::of(&reference));
    assert_eq!(clause_texts(embedded), clause_texts(&reference));
    let title = reference.metadata.title.as_deref().expect("the reference's title");
    assert_metadata(
        embedded,
        Level::National,
        &[
            ("doc_number", "国办发〔2017〕4号"),
            ("issuer", "国务院办公厅"),
            ("date_written", "2017-01-12"),
            ("title", title),
        ],
    );
}

#[test]
fn clean_notice_one_level_down() {
    let doc = parse_fixture("qingdao-synthetic");
    assert_eq!(doc.kind, DocumentKind::Forwarding);
    assert_nothing_dropped(&doc);
    assert_metadata(
        &doc,
        Level::Municipal,
        &[("doc_number", "青政办发〔2021〕7号"), ("issuer", "青岛市人民政府办公厅"), ("date_written", "2021-04-02")],
    );
    let own = clause_texts(&doc);
    assert_eq!(own.len(), 2);
    assert!(own[0].starts_with("经市政府同意，现将") && own[1].starts_with("市发展改革委要会同"));

    let embedded = doc.forwarded.as_deref().expect("the forwarded document");
    assert_metadata(
        embedded,
        Level::Provincial,
        &[
            ("title", "山东省人民政府办公厅关于加快培育数字经济新业态的意见"),
            ("doc_number", "鲁政办发〔2021〕3号"),
            ("issuer", "山东省人民政府办公厅"),
            ("date_written", "2021-03-15"),
        ],
    );
    let chapters: Vec<(Option<u32>, Vec<Option<u32>>)> = embedded
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Chapter)
        .map(|c| (c.number, c.children.iter().filter(|n| !n.is_paragraph()).map(|n| n.number).collect()))
        .collect();
    assert_eq!(
        chapters,
        [(Some(1), vec![Some(1), Some(2)]), (Some(2), vec![Some(3), Some(4), Some(5)]), (Some(3), vec![Some(6)])]
    );
    let agencies: Vec<Vec<String>> =
        embedded.iter_nodes().filter_map(|n| n.responsibility.as_ref()).map(|r| r.lead_agencies.clone()).collect();
    assert_eq!(agencies, [vec!["省通信管理局".to_owned()], vec!["省工业和信息化厅".to_owned()], vec![]]);
}

#[test]
fn a_notice_that_only_names_the_forwarded_document() {
    // The forwarded text is attached elsewhere: the notice is recognised, nothing is embedded.
    let text = "济南市人民政府办公厅转发山东省人民政府办公厅关于促进平台经济发展的意见的通知\n各区县人民政府，市政府各部门：\n经市政府同意，现将《山东省人民政府办公厅关于促进平台经济发展的意见》转发给你们，请认真贯彻执行。\n济南市人民政府办公厅\n2021年5月6日\n";
    let doc = Parser::configure().parse(text);
    assert_eq!(doc.kind, DocumentKind::Forwarding);
    assert!(doc.forwarded.is_none());
    assert_eq!(clause_texts(&doc).len(), 1);
    assert!(doc.diagnostics.iter().any(|d| d.kind == DiagnosticKind::Forwarding));
}

#[test]
fn printing_notices_are_not_forwarding_notices() {
    // 印发 attaches the issuer's own document: it is not a forwarding notice.
    let doc = corpus_doc("binhai-2020-key-tasks");
    assert_eq!(doc.kind, DocumentKind::Standalone);
    assert!(doc.forwarded.is_none());
}

/// A notice without a number of its own that forwards a document without one (both would be
/// `doc`), or that is given the forwarded document's number as its id: the embedded document
/// gets an id of its own, so that their clauses (both have `1.1.p1`…) stay apart in links and
/// counts.
#[test]
fn the_embedded_document_never_takes_the_notice_id() {
    let text = parse_fixture_text().replace("青政办发〔2021〕7号", "").replace("鲁政办发〔2021〕3号", "");
    let doc = policy_trace::parse(&text);
    let inner = doc.forwarded.as_ref().expect("still a forwarding notice");
    assert_eq!(doc.id.as_str(), "doc");
    assert_eq!(inner.id.as_str(), "doc/forwarded");

    let mut parser = policy_trace::Parser::configure();
    let doc = parser.id("鲁政办发〔2021〕3号").parse(&parse_fixture_text());
    let inner = doc.forwarded.as_ref().expect("a forwarding notice");
    assert_eq!(inner.id.as_str(), "鲁政办发〔2021〕3号/forwarded");
    policy_trace::fuzzing::check_document(&doc).unwrap();
}

fn parse_fixture_text() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/forwarding/qingdao-synthetic.txt"),
    )
    .unwrap()
}
