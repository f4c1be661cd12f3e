//! Property tests of the parser: on any text it does not panic, every range it reports lies in
//! the text on character boundaries, and every character of the text is accounted for (in the
//! tree, or in a diagnostic, attachment or citation that says what became of it).

use std::fmt::Write as _;

use policy_trace::{DiagnosticKind, Document, Parser};
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

/// The checks of the fuzz targets: ranges in bounds on character boundaries, every character
/// accounted for (in the tree, or in a diagnostic, attachment or citation that says what became
/// of it), node ids unique, a forwarded document with an id of its own.
fn check_document(doc: &Document) -> Result<(), TestCaseError> {
    policy_trace::fuzzing::check_document(doc).map_err(|e| TestCaseError::fail(format!("{e}; text: {:?}", doc.text)))
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

/// Markers of one style, so that generated clauses are siblings.
const MARKERS: &[&str] = &[
    "（一）",
    "（二）",
    "（三）",
    "（四）",
    "（五）",
    "（六）",
    "（七）",
    "（八）",
    "（九）",
    "（十）",
    "（十一）",
    "（十二）",
];

/// A document of 1 to 12 numbered clauses of 20 to 40 random Chinese characters: long enough
/// for a copy to count as verbatim and to pass `min_weight` (a clause of a dozen characters may
/// weigh too little to be linked at all, by design) (from the 20,902 unified
/// ideographs, so that two clauses sharing a phrase is vanishingly rare).
fn distinct_clauses() -> impl Strategy<Value = String> {
    proptest::collection::vec("[\\u{4e00}-\\u{9fa5}]{20,40}", 1..=MARKERS.len()).prop_map(|clauses| {
        let mut text = String::from("一、总体要求\n");
        for (marker, clause) in MARKERS.iter().zip(&clauses) {
            let _ = writeln!(text, "{marker}{clause}。");
        }
        text
    })
}

fn check_alignment(national: &Document, local: &Document, a: &policy_trace::Alignment) -> Result<(), TestCaseError> {
    policy_trace::fuzzing::check_alignment(national, local, a).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: ProptestConfig::default().cases.min(64), ..ProptestConfig::default() })]

    /// A document aligned with itself: one verbatim link per clause, to itself, and nothing else.
    #[test]
    fn a_document_aligned_with_itself(text in distinct_clauses()) {
        let doc = Parser::configure().id("doc").parse(&text);
        prop_assert!(doc.clause_count() >= 1, "{:?}", doc.text);
        let a = policy_trace::align(&doc, &doc).expect("the document has clauses");
        check_alignment(&doc, &doc, &a)?;
        prop_assert_eq!(a.links.len(), doc.clause_count(), "{:#?}", a.links);
        for (link, clause) in a.links.iter().zip(doc.iter_clauses()) {
            prop_assert_eq!(&link.local.id, &clause.node.id);
            prop_assert_eq!(&link.national.id, &clause.node.id);
            prop_assert_eq!(link.kind, policy_trace::AdoptionKind::Verbatim);
        }
        prop_assert!(a.novel.is_empty() && a.omitted.is_empty());
    }

    /// Any two texts align with scores in [0, 1], evidence that is the text at its ranges, and
    /// sums that reconcile; the alignment and its report survive a JSON round trip.
    #[test]
    fn any_alignment_holds_together(national in policy_like(), local in policy_like()) {
        let n = Parser::configure().id("n").parse(&national);
        let l = Parser::configure().id("l").parse(&local);
        match policy_trace::align(&n, &l) {
            Err(policy_trace::Error::EmptyReference { .. }) => prop_assert!(
                n.iter_clauses().all(|c| policy_trace::text::normalize::keyed(c.text()).chars.is_empty())
            ),
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
            Ok(a) => {
                check_alignment(&n, &l, &a)?;
                prop_assert_eq!(policy_trace::Alignment::from_json(&a.to_json()).expect("round trip"), a.clone());
                let report = policy_trace::compare(&n, &[l], &policy_trace::AlignConfig::new())
                    .expect("n has clauses")
                    .coverage_report();
                prop_assert_eq!(policy_trace::CoverageReport::from_json(&report.to_json()).expect("round trip"), report);
            }
        }
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
