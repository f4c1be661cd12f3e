//! The acceptance checks of the Foundation issue, on the bundled corpus and the built-in
//! references.

use std::collections::HashMap;

use policy_trace::text::normalize::key;
use policy_trace::{DiagnosticKind, Document, DocumentKind, Level, Node, NodeKind};

use crate::support::{assert_cites, assert_metadata, corpus_doc, corpus_text, repo_path, slice};

/// The numbered top-level nodes with the numbers of their numbered children.
fn outline(doc: &Document) -> Vec<(u32, Vec<u32>)> {
    doc.nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Chapter)
        .map(|c| {
            (c.number.unwrap_or(0), c.children.iter().filter(|n| !n.is_paragraph()).filter_map(|n| n.number).collect())
        })
        .collect()
}

fn numbered(range: std::ops::RangeInclusive<u32>) -> Vec<u32> {
    range.collect()
}

#[test]
fn henan_has_chapters_one_to_eight_with_their_articles() {
    let doc = corpus_doc("henan-2017-implementing-opinions");
    let want: Vec<(u32, Vec<u32>)> = [2, 3, 5, 3, 3, 5, 3, 3]
        .iter()
        .zip(1..)
        .map(|(&articles, chapter)| (chapter, numbered(1..=articles)))
        .collect();
    assert_eq!(outline(&doc), want);
    assert!(doc.nodes.iter().all(|n| n.kind == NodeKind::Chapter || n.is_paragraph()));
}

#[test]
fn tianjin_has_chapters_one_to_six() {
    let doc = corpus_doc("tianjin-2017-implementing-opinions");
    let want: Vec<(u32, Vec<u32>)> =
        [4, 2, 4, 5, 7, 4].iter().zip(1..).map(|(&articles, chapter)| (chapter, numbered(1..=articles))).collect();
    assert_eq!(outline(&doc), want);
}

#[test]
fn tianjin_cites_the_national_and_municipal_documents() {
    assert_cites(&corpus_doc("tianjin-2017-implementing-opinions"), &["国办发〔2017〕4号", "津政办发〔2017〕5号"]);
}

#[test]
fn binhai_has_measures_one_to_thirty_three_under_six_chapters() {
    let doc = corpus_doc("binhai-2020-key-tasks");
    let want = vec![
        (1, numbered(1..=5)),
        (2, numbered(6..=12)),
        (3, numbered(13..=18)),
        (4, numbered(19..=22)),
        (5, numbered(23..=26)),
        (6, numbered(27..=33)),
    ];
    assert_eq!(outline(&doc), want);
    // Every measure is a clause.
    for chapter in &doc.nodes {
        for measure in chapter.children.iter().filter(|n| !n.is_paragraph()) {
            assert!(measure.children.iter().any(Node::is_paragraph), "measure {} has no clause", measure.id);
        }
    }
}

#[test]
fn binhai_attachment_table_maps_rows_to_national_tasks() {
    let doc = corpus_doc("binhai-2020-key-tasks");
    assert_eq!(doc.attachments.len(), 1);
    let rows = &doc.attachments[0].rows;
    assert_eq!(rows.len(), 34);
    for row in rows {
        let want = match row.number {
            1..=25 => Some(row.number),
            26..=33 => Some(row.number + 3),
            _ => None,
        };
        assert_eq!(row.task_number, want, "row {}", row.number);
    }
    // The table's copies of the measures are not body text.
    let table = doc.attachments[0].range;
    assert!(doc.iter_nodes().all(|n| n.range.end <= table.start || n.range.start >= table.end));
}

#[test]
fn binhai_metadata_and_citations() {
    let doc = corpus_doc("binhai-2020-key-tasks");
    assert_metadata(&doc, Level::District, &[("doc_number", "津滨政发〔2020〕20号"), ("date_written", "2020-06-30")]);
    assert_cites(&doc, &["发改办地区〔2020〕237号", "津发改区域〔2020〕75号"]);
}

#[test]
fn qingdao_metadata_and_bullet_header() {
    let doc = corpus_doc("qingdao-2020-new-economy-opinions");
    assert_metadata(
        &doc,
        Level::Municipal,
        &[
            ("doc_number", "青政发〔2020〕9号"),
            ("issuer", "青岛市人民政府"),
            ("date_written", "2020-08-20"),
            ("date_published", "2020-08-31"),
            ("addressees", "各区、市人民政府,青岛西海岸新区管委,市政府各部门,市直各单位"),
        ],
    );
    // The bullet list (• 索引号 …, • 各区、市人民政府,…:) is not body text.
    let text = corpus_text("qingdao-2020-new-economy-opinions");
    let bullets: Vec<usize> = text.match_indices('•').map(|(at, _)| at).collect();
    assert_eq!(bullets.len(), 9);
    for node in doc.iter_nodes() {
        assert!(bullets.iter().all(|&b| b < node.range.start || b >= node.range.end), "{} covers a bullet", node.id);
        assert!(!node.text.contains("索引号") && !node.text.contains("青岛西海岸新区管委"), "{}", node.id);
    }
}

/// The paragraphs of Guangdong's own text: the formula and the two instructions.
fn guangdong_own_paragraphs() -> Vec<String> {
    let own =
        std::fs::read_to_string(repo_path("data/reference/yuefuban-2017-32-own-text.txt")).expect("reference text");
    own.lines().filter(|l| l.contains('。')).map(str::to_owned).collect()
}

#[test]
fn guangdong_is_a_forwarding_notice_of_guobanfa_4() {
    let doc = corpus_doc("guangdong-2017-forwarding-notice");
    assert_eq!(doc.kind, DocumentKind::Forwarding);
    assert_metadata(
        &doc,
        Level::Provincial,
        &[
            ("doc_number", "粤府办〔2017〕32号"),
            ("issuer", "广东省人民政府办公厅"),
            ("date_written", "2017-05-10"),
            ("date_published", "2017-06-01"),
            (
                "title",
                "广东省人民政府办公厅转发国务院办公厅关于创新管理优化服务培育壮大经济发展新动能加快新旧动能接续转换意见的通知",
            ),
            ("addressees", "各地级以上市人民政府，各县（市、区）人民政府，省政府各部门、各直属机构"),
        ],
    );
    assert_metadata(
        doc.forwarded.as_deref().expect("the forwarded document"),
        Level::National,
        &[
            ("doc_number", "国办发〔2017〕4号"),
            ("title", "国务院办公厅关于创新管理优化服务培育壮大经济发展新动能加快新旧动能接续转换的意见"),
            ("issuer", "国务院办公厅"),
            ("addressees", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"),
        ],
    );
}

#[test]
fn guangdong_own_text_is_separated_from_the_forwarded_document() {
    let doc = corpus_doc("guangdong-2017-forwarding-notice");
    let own: Vec<String> = doc.iter_clauses().map(|c| c.text().to_owned()).collect();
    assert_eq!(own, guangdong_own_paragraphs());
    let embedded = doc.forwarded.as_deref().expect("the forwarded document");
    for clause in embedded.iter_clauses() {
        for paragraph in guangdong_own_paragraphs() {
            for sentence in paragraph.split_inclusive('。') {
                assert!(!clause.text().contains(sentence), "{} holds the notice's 「{sentence}」", clause.id());
            }
        }
        assert!(!clause.text().contains("转发给你们"), "{}", clause.id());
    }
}

/// Every sentence of a tree, with the node it is in.
fn sentences(doc: &Document) -> Vec<(String, &str)> {
    doc.iter_nodes().flat_map(|n| n.sentences.iter().map(move |s| (key(&s.text), n.id.as_str()))).collect()
}

#[test]
fn guangdong_repeats_are_reported_once_and_kept_once() {
    let doc = corpus_doc("guangdong-2017-forwarding-notice");
    let embedded = doc.forwarded.as_deref().expect("the forwarded document");

    // No sentence is left twice in the forwarded document's tree, and no numbered heading.
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (k, id) in sentences(embedded) {
        if let Some(first) = seen.insert(k.clone(), id) {
            panic!("「{k}」 is in both {first} and {id}");
        }
    }
    let mut headings: HashMap<(Option<String>, Option<String>), &str> = HashMap::new();
    for n in embedded.iter_nodes().filter(|n| !n.is_paragraph()) {
        if let Some(first) = headings.insert((n.marker.clone(), n.heading.clone()), n.id.as_str()) {
            panic!("{:?} {:?} is both {first} and {}", n.marker, n.heading, n.id);
        }
    }

    // Each dropped repeat is reported exactly once: no two duplicate diagnostics share a range.
    for d in [&doc, embedded] {
        let mut ranges: Vec<_> =
            d.diagnostics.iter().filter(|x| x.kind == DiagnosticKind::Duplicate).filter_map(|x| x.range).collect();
        let n = ranges.len();
        ranges.sort_unstable();
        ranges.dedup();
        assert_eq!(ranges.len(), n, "a repeat is reported twice in {}", d.id);
    }

    // Every long sentence kept in the tree occurs in the notice once more than it is reported
    // dropped (before the forwarded title in the notice, after it in the forwarded document).
    let text = corpus_text("guangdong-2017-forwarding-notice");
    let reported = |d: &Document, sentence: &str| {
        d.diagnostics
            .iter()
            .filter(|x| x.kind == DiagnosticKind::Duplicate)
            .filter_map(|x| x.range)
            .filter(|r| slice(d, *r).contains(sentence))
            .count()
    };
    let mut checked = 0;
    for node in embedded.iter_nodes() {
        for s in node.sentences.iter().filter(|s| key(&s.text).chars().count() >= 12) {
            let occurrences = text.matches(s.text.as_str()).count();
            assert_eq!(
                occurrences,
                1 + reported(&doc, &s.text) + reported(embedded, &s.text),
                "「{}」 in {}",
                s.text,
                node.id
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} sentences checked");
    let dropped = embedded.diagnostics.iter().filter(|d| d.kind == DiagnosticKind::Duplicate).count();
    assert!(dropped > 40, "only {dropped} repeats dropped");
}

/// The lines of a reference file that are body text: not its title, number or addressees, and
/// not a heading line.
fn measure_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .skip(3)
        .filter(|l| {
            let first = l.chars().next().unwrap_or(' ');
            let heading = ("一二三四五六七八九十".contains(first) && l.contains('、') && l.chars().count() < 30)
                || (first == '（' && !l.contains('，'));
            !heading
        })
        .collect()
}

#[test]
fn guobanfa_4_every_measure_line_is_a_clause() {
    let doc = policy_trace::reference("guobanfa-2017-4").expect("built-in reference");
    let text = std::fs::read_to_string(repo_path("data/reference/guobanfa-2017-4.txt")).expect("reference text");
    let lines = measure_lines(&text);
    assert_eq!(lines.len(), 40);
    let clauses: Vec<String> = doc
        .iter_clauses()
        .map(|c| format!("{}{}", c.text(), c.node.responsibility.as_ref().map_or("", |r| r.text.as_str())))
        .collect();
    assert_eq!(clauses, lines);
    // The preamble and the closing paragraph stand at the top level.
    let top: Vec<&Node> = doc.nodes.iter().filter(|n| n.is_paragraph()).collect();
    assert_eq!(top.len(), 2);
    assert!(top[0].text.starts_with("当今世界") && top[1].text.starts_with("各地区、各部门"));
    assert_eq!(
        outline(&doc).iter().map(|(c, a)| (*c, a.len())).collect::<Vec<_>>(),
        [(1, 3), (2, 4), (3, 5), (4, 4), (5, 4)]
    );
}

#[test]
fn fagaiban_237_every_task_is_a_clause_under_six_chapters() {
    let doc = policy_trace::reference("fagaiban-diqu-2020-237").expect("built-in reference");
    let chapters = outline(&doc);
    assert_eq!(chapters.len(), 6);
    let tasks: Vec<u32> = chapters.iter().flat_map(|(_, t)| t.iter().copied()).collect();
    let want: Vec<u32> = (1..=25).chain(29..=36).collect();
    assert_eq!(tasks, want);
    assert_eq!(doc.clause_count(), want.len());
    for task in doc.iter_nodes().filter(|n| n.kind == NodeKind::Article) {
        assert_eq!(task.children.iter().filter(|n| n.is_paragraph()).count(), 1, "task {}", task.id);
    }
}
