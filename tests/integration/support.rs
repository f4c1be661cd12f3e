//! What the tests share: where the data is, the projections of a document that the variant
//! tests compare, and the one `check` helper that runs a case.

use std::fmt::Write as _;
use std::path::PathBuf;

use policy_trace::text::normalize::key;
use policy_trace::{Document, Level, NodeKind, Parser, Span};

use crate::variants::Variant;

/// The five documents of the bundled corpus, by file stem.
pub const CORPUS: &[&str] = &[
    "binhai-2020-key-tasks",
    "guangdong-2017-forwarding-notice",
    "henan-2017-implementing-opinions",
    "qingdao-2020-new-economy-opinions",
    "tianjin-2017-implementing-opinions",
];

/// A path under the repository root.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(relative)
}

fn read(relative: &str) -> String {
    let path = repo_path(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of a corpus document.
pub fn corpus_text(stem: &str) -> String {
    read(&format!("data/corpus/{stem}.txt"))
}

/// The text of a test fixture.
pub fn fixture_text(relative: &str) -> String {
    read(&format!("tests/fixtures/{relative}"))
}

/// A corpus document parsed as the CLI would, with its file stem as id.
pub fn corpus_doc(stem: &str) -> Document {
    Parser::configure().id(stem).parse(&corpus_text(stem))
}

/// The tree of a document as the sequence of (depth, kind, number), with its clause count,
/// its attachment rows (number, task number), and the same for the document it forwards.
#[derive(Debug, PartialEq, Eq)]
pub struct Shape {
    pub nodes: Vec<(usize, NodeKind, Option<u32>)>,
    pub clauses: usize,
    pub rows: Vec<(u32, Option<u32>)>,
    pub forwarded: Option<Box<Shape>>,
}

impl Shape {
    pub fn of(doc: &Document) -> Self {
        fn walk(nodes: &[policy_trace::Node], depth: usize, out: &mut Vec<(usize, NodeKind, Option<u32>)>) {
            for n in nodes {
                out.push((depth, n.kind, n.number));
                walk(&n.children, depth + 1, out);
            }
        }
        let mut nodes = Vec::new();
        walk(&doc.nodes, 0, &mut nodes);
        Self {
            nodes,
            clauses: doc.clause_count(),
            rows: doc.attachments.iter().flat_map(|a| a.rows.iter().map(|r| (r.number, r.task_number))).collect(),
            forwarded: doc.forwarded.as_deref().map(|f| Box::new(Self::of(f))),
        }
    }
}

/// The metadata of a document in comparable form: text fields by their comparison key (so that
/// traditional characters, full-width forms and punctuation do not count), dates and the level
/// as they are.
#[derive(Debug, PartialEq, Eq)]
pub struct Meta {
    pub fields: Vec<(&'static str, Option<String>)>,
    pub level: Option<Level>,
    pub forwarded: Option<Box<Meta>>,
}

impl Meta {
    pub fn of(doc: &Document) -> Self {
        let m = &doc.metadata;
        let k = |v: &Option<String>| v.as_deref().map(key);
        Self {
            fields: vec![
                ("title", k(&m.title)),
                ("doc_number", k(&m.doc_number)),
                ("issuer", k(&m.issuer)),
                ("addressees", k(&m.addressees)),
                ("date_written", m.date_written.clone()),
                ("date_published", m.date_published.clone()),
                ("index_number", k(&m.index_number)),
                ("validity", k(&m.validity)),
                ("topic", k(&m.topic)),
                ("locality", k(&m.locality)),
            ],
            level: m.level,
            forwarded: doc.forwarded.as_deref().map(|f| Box::new(Self::of(f))),
        }
    }
}

/// A document and a way of rewriting it that must not change how it parses.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    pub doc: &'static str,
    pub variant: Variant,
}

/// Parses a corpus document and its variant, and returns what differs in their shapes and
/// metadata (empty when they agree), and whether the variant changed the text at all.
pub fn check(case: Case) -> (Vec<String>, bool) {
    let text = corpus_text(case.doc);
    let original = corpus_doc(case.doc);
    let bytes = case.variant.apply(&text, &original);
    let parsed = Parser::configure().id(case.doc).parse_bytes(&bytes);
    let mut problems = Vec::new();
    let (want, got) = (Shape::of(&original), Shape::of(&parsed));
    if want != got {
        problems.push(format!("{case:?}: the tree differs\n{}", first_difference(&want, &got)));
    }
    let (want, got) = (Meta::of(&original), Meta::of(&parsed));
    if want != got {
        problems.push(format!("{case:?}: the metadata differs\n  want {want:?}\n  got  {got:?}"));
    }
    (problems, bytes != text.as_bytes())
}

/// Runs `check` over every corpus document and fails with every difference found, or when the
/// variant left most documents as they were (then it tests nothing).
pub fn check_all(variant: Variant) {
    let mut problems = Vec::new();
    let mut changed = 0;
    for &doc in CORPUS {
        let (p, c) = check(Case { doc, variant });
        problems.extend(p);
        changed += usize::from(c);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(changed * 2 > CORPUS.len(), "{variant:?} changed only {changed} of the documents");
}

/// Describes where two shapes first differ.
fn first_difference(want: &Shape, got: &Shape) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  clauses: want {}, got {}", want.clauses, got.clauses);
    if let Some(i) = (0..want.nodes.len().max(got.nodes.len())).find(|&i| want.nodes.get(i) != got.nodes.get(i)) {
        let _ = writeln!(out, "  node {i}: want {:?}, got {:?}", want.nodes.get(i), got.nodes.get(i));
    }
    if want.rows != got.rows {
        let _ = writeln!(out, "  rows: want {:?}\n        got {:?}", want.rows, got.rows);
    }
    match (&want.forwarded, &got.forwarded) {
        (Some(w), Some(g)) if w != g => {
            let _ = write!(out, "  in the forwarded document:\n{}", first_difference(w, g));
        }
        (w, g) if w.is_some() != g.is_some() => out.push_str("  one forwards a document, the other does not\n"),
        _ => {}
    }
    out
}

/// Checks metadata fields by name, each against the value it must hold.
pub fn assert_metadata(doc: &Document, level: Level, want: &[(&str, &str)]) {
    let m = &doc.metadata;
    assert_eq!(m.level, Some(level), "{} level", doc.id);
    for &(field, value) in want {
        let got = match field {
            "title" => &m.title,
            "doc_number" => &m.doc_number,
            "issuer" => &m.issuer,
            "addressees" => &m.addressees,
            "date_written" => &m.date_written,
            "date_published" => &m.date_published,
            _ => panic!("no metadata field {field}"),
        };
        assert_eq!(got.as_deref(), Some(value), "{} {field}", doc.id);
    }
}

/// Checks that a document cites each of the document numbers.
pub fn assert_cites(doc: &Document, numbers: &[&str]) {
    let cited: Vec<&str> = doc.citations.iter().filter_map(|c| c.doc_number.as_deref()).collect();
    for n in numbers {
        assert!(cited.contains(n), "{} does not cite {n}: {cited:?}", doc.id);
    }
}

/// The text of a span, for messages.
pub fn slice(doc: &Document, span: Span) -> &str {
    doc.text.get(span.start..span.end).unwrap_or("")
}
