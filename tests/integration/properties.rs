//! Property tests of the parser: on any text it does not panic, every range it reports lies in
//! the text on character boundaries, and every character of the text is accounted for (in the
//! tree, or in a diagnostic, attachment or citation that says what became of it).

use policy_trace::{DiagnosticKind, Document, Parser, Span};
use proptest::prelude::*;

/// Pieces of policy text and markup, so that random texts hit the parser's structures.
const FRAGMENTS: &[&str] = &[
    "一、",
    "二、",
    "十二、",
    "（一）",
    "（十三）",
    "(二)",
    "1．",
    "2.",
    "33.",
    "（1）",
    "①",
    "第一章",
    "第三条",
    "第一部分 ",
    "总体要求",
    "加强组织领导。",
    "推进改革，",
    "深化商事制度改革。",
    "（省发展改革委牵头负责）",
    "（责任单位：市商务局）",
    "国办发〔2017〕4号",
    "粤府办[2017]32号",
    "《国务院办公厅关于推进改革的意见》",
    "现将",
    "转发给你们，请认真贯彻执行。",
    "广东省人民政府办公厅",
    "转发",
    "关于",
    "的通知",
    "的意见",
    "各省、自治区、直辖市人民政府：",
    "各地、各部门：",
    "2017年5月10日",
    "二〇一七年五月十日",
    "发布日期:2017-06-01",
    "━━━━━",
    "——",
    "索引号：",
    "成文日期 ",
    "• ",
    "名  称: ",
    "序号",
    "附件：",
    "附件1",
    "注：",
    "11.",
    "2629.",
    "34",
    "省发展改革委要",
    "我省",
    "按照国办發〔2017〕4號文的部署",
    "。",
    "；",
    "，",
    "：",
    "）",
    "（",
    "“",
    "”",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "\u{3000}",
    "\t",
    "<p>",
    "</p>",
    "<br>",
    "<div class=\"nav\">",
    "</div>",
    "<script>x</script>",
    "&nbsp;",
    "&ldquo;",
    "&#12290;",
    "<",
    "&",
    "當前位置：首頁 > 政務公開",
    "字体大小",
    "扫一扫在手机打开当前页",
    "１２３",
    "以上",
    "本意见自印发之日起施行。",
    "经省人民政府同意，现将《国务院办公厅关于推进改革的意见》（国办发〔2017〕4号）转发给你们，请认真贯彻执行。",
    "国务院办公厅关于推进改革的意见",
    "广东省人民政府办公厅转发国务院办公厅关于推进改革意见的通知",
    "建立完善新兴经济领域市场主体统计调查和监测分析制度。",
    "（二）基本原则。——突出改革引领。",
];

/// Texts made of policy fragments and random characters; half of them repeat a stretch of
/// themselves, as garbled scrapes do.
fn policy_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => "[\\u{4e00}-\\u{4e3f}]{1,12}",
    ];
    let pieces = proptest::collection::vec(piece, 0..80);
    (pieces, any::<bool>(), any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(
        |(pieces, repeat, a, b)| {
            let mut text = pieces.concat();
            if repeat && !pieces.is_empty() {
                let (a, b) = (a.index(pieces.len()), b.index(pieces.len()));
                text.push_str(&pieces[a.min(b)..=a.max(b)].concat());
            }
            text
        },
    )
}

/// Diagnostics that say what became of the text in their range.
fn accounts_for_text(kind: DiagnosticKind) -> bool {
    matches!(
        kind,
        DiagnosticKind::Chrome
            | DiagnosticKind::Duplicate
            | DiagnosticKind::Metadata
            | DiagnosticKind::Signature
            | DiagnosticKind::Table
            | DiagnosticKind::Forwarding
            | DiagnosticKind::Unplaced
    )
}

fn check_span(doc: &Document, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end && span.end <= doc.text.len(), "{what} {span:?} is out of bounds");
    prop_assert!(
        doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end),
        "{what} {span:?} is not on character boundaries"
    );
    Ok(())
}

/// Checks the ranges of a document and of the document it forwards, and that every character
/// is accounted for.
fn check_document(doc: &Document) -> Result<(), TestCaseError> {
    let mut accounted: Vec<Span> = Vec::new();
    for node in doc.iter_nodes() {
        check_span(doc, node.range, "node range")?;
        accounted.push(node.range);
        for s in &node.sentences {
            check_span(doc, s.range, "sentence range")?;
        }
        if let Some(r) = &node.responsibility {
            check_span(doc, r.range, "responsibility range")?;
            accounted.push(r.range);
        }
    }
    for d in &doc.diagnostics {
        if let Some(r) = d.range {
            check_span(doc, r, "diagnostic range")?;
            if accounts_for_text(d.kind) {
                accounted.push(r);
            }
        }
    }
    for a in &doc.attachments {
        check_span(doc, a.range, "attachment range")?;
        accounted.push(a.range);
        for row in &a.rows {
            check_span(doc, row.range, "row range")?;
        }
    }
    for c in &doc.citations {
        check_span(doc, c.range, "citation range")?;
        accounted.push(c.range);
    }
    for (at, c) in doc.text.char_indices() {
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            continue;
        }
        prop_assert!(
            accounted.iter().any(|s| s.start <= at && at < s.end),
            "{c:?} at byte {at} is in no node, diagnostic, attachment or citation of {:?}",
            doc.text
        );
    }
    if let Some(f) = &doc.forwarded {
        check_document(f)?;
    }
    Ok(())
}

proptest! {
    // At least 512 cases; PROPTEST_CASES asks for more.
    #![proptest_config(ProptestConfig { cases: ProptestConfig::default().cases.max(512), ..ProptestConfig::default() })]

    #[test]
    fn policy_like_text(text in policy_like()) {
        let doc = Parser::configure().parse(&text);
        check_document(&doc)?;
        prop_assert_eq!(Document::from_json(&doc.to_json()).expect("round trip"), doc);
    }

    #[test]
    fn any_text(text in any::<String>()) {
        check_document(&Parser::configure().parse(&text))?;
    }

    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_document(&Parser::configure().parse_bytes(&bytes))?;
    }
}

#[test]
fn the_generator_reaches_the_parser_structures() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = policy_like();
    let mut counts = [0usize; 5];
    for _ in 0..400 {
        let doc = Parser::configure().parse(&strategy.new_tree(&mut runner).expect("a value").current());
        let has = |k: DiagnosticKind| doc.diagnostics.iter().any(|d| d.kind == k);
        counts[0] += usize::from(doc.iter_nodes().any(|n| !n.is_paragraph()));
        counts[1] += usize::from(has(DiagnosticKind::Metadata));
        counts[2] += usize::from(has(DiagnosticKind::Duplicate));
        counts[3] += usize::from(has(DiagnosticKind::Chrome));
        counts[4] += usize::from(doc.forwarded.is_some());
    }
    // Numbered nodes, metadata, repeats, chrome, forwarding notices.
    assert!(counts.iter().all(|&c| c >= 10), "{counts:?}");
}

#[test]
fn the_corpus_is_accounted_for() {
    for stem in crate::support::CORPUS {
        check_document(&crate::support::corpus_doc(stem)).unwrap_or_else(|e| panic!("{stem}: {e}"));
    }
}
