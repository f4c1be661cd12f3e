//! The document model: a tree of numbered nodes and paragraphs, with metadata, citations,
//! attachments and the diagnostics the parser produced.
//!
//! All ranges are byte ranges into [`Document::text`], the plain text of the input after decoding
//! and HTML removal.
//! Nothing else is rewritten: traditional characters, full-width punctuation and page chrome stay
//! in `text`, and the nodes point at the parts of it they cover.
//! Every non-blank character of `text` is accounted for: it lies in a node, an attachment, a
//! citation, or the range of a diagnostic that says what became of it (chrome, metadata, a
//! signature, a repeat, a table, forwarded text, or text the tree could not place).
//!
//! A forwarding notice's [`Document::forwarded`] has a text of its own, rebuilt from the pieces
//! of the notice that belong to the forwarded document; its ranges point into that text.

mod chrome;
mod forward;
mod markers;
mod meta;
mod parse;
mod sentence;
mod table;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use markers::MarkerStyle;
pub use parse::{ParseConfig, Parser};
pub(crate) use sentence::split_sentences;

/// The version of the JSON shapes written by this crate.
///
/// It is bumped whenever a field changes meaning or disappears; new fields do not bump it.
pub const FORMAT_VERSION: u32 = 1;

/// A stable identifier of a document, chosen by the caller (usually the file stem) or derived
/// from the document number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(String);

impl DocId {
    /// Wraps a string as a document id.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for DocId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<String> for DocId {
    fn from(s: String) -> Self {
        Self(s)
    }
}

/// A half-open byte range `start..end` into [`Document::text`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers nothing.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The same range counted in Unicode code points of `text`, as Python indexes strings.
    pub fn to_char_range(&self, text: &str) -> (usize, usize) {
        let start = text.get(..self.start).map_or(0, |s| s.chars().count());
        let len = text.get(self.start..self.end).map_or(0, |s| s.chars().count());
        (start, start + len)
    }
}

/// Whether a document stands alone or forwards (转发) another document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An ordinary document.
    #[default]
    Standalone,
    /// A forwarding notice (转发通知) that embeds the document it forwards.
    Forwarding,
}

/// The administrative level of the body that issued a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The State Council, its general office and the national ministries.
    National,
    /// Provinces, autonomous regions and the four municipalities under the central government.
    Provincial,
    /// Prefecture-level cities (地级市) and sub-provincial cities.
    Municipal,
    /// Districts, counties, county-level cities and new areas below a city or municipality.
    District,
}

impl Level {
    /// Name used in reports and the CLI.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::National => "national",
            Self::Provincial => "provincial",
            Self::Municipal => "municipal",
            Self::District => "district",
        }
    }

    /// Parses the names written by [`Level::as_str`].
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "national" | "国家" | "中央" => Some(Self::National),
            "provincial" | "province" | "省" | "省级" => Some(Self::Provincial),
            "municipal" | "city" | "市" | "市级" => Some(Self::Municipal),
            "district" | "county" | "区" | "县" | "区县" => Some(Self::District),
            _ => None,
        }
    }
}

/// Header metadata of a document.
///
/// Fields the text does not state are `None`; callers can fill them in through
/// [`ParseConfig`] (for example the locality or the level).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The title, such as 「天津市人民政府关于…的实施意见」.
    pub title: Option<String>,
    /// The document number (文号), such as 「津滨政发〔2020〕20号」.
    pub doc_number: Option<String>,
    /// The issuing body (发文单位 / the signature), such as 「青岛市人民政府」.
    pub issuer: Option<String>,
    /// The addressees (主送机关) line, without its trailing colon.
    pub addressees: Option<String>,
    /// The date written (成文日期), as `YYYY-MM-DD`.
    pub date_written: Option<String>,
    /// The date published (发布日期), as `YYYY-MM-DD`.
    pub date_published: Option<String>,
    /// The index number (索引号) of government information disclosure.
    pub index_number: Option<String>,
    /// Validity (有效性), such as 「有效」.
    pub validity: Option<String>,
    /// Subject classification (主题分类).
    pub topic: Option<String>,
    /// The locality the document belongs to (「天津市」), stated by the caller or inferred from the
    /// issuer.
    pub locality: Option<String>,
    /// The administrative level, stated by the caller or inferred from the issuer.
    pub level: Option<Level>,
    /// Other key-value pairs found in a metadata table, by their label.
    pub extra: BTreeMap<String, String>,
}

impl Metadata {
    /// The date used to order documents: the date written, else the date published.
    pub fn date(&self) -> Option<&str> {
        self.date_written.as_deref().or(self.date_published.as_deref())
    }
}

/// A reference in the text to another document: 《title》（文号）, 《title》 alone when it names a
/// policy document, or a bare document number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The cited title, without the 《》 brackets.
    pub title: Option<String>,
    /// The cited document number, normalised to full-width brackets, ASCII digits and simplified
    /// characters: 「国办发〔2017〕4号」.
    pub doc_number: Option<String>,
    /// Where the citation stands in [`Document::text`].
    pub range: Span,
}

/// The structural role of a node, by its depth in the document's own numbering hierarchy.
///
/// Kinds follow nesting, not marker style: in a document numbered 第一部分 → 1. → （1）, the
/// 1. nodes are articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// The first numbering level (一、 / 第一章 / 第一部分 in most documents).
    Chapter,
    /// The second level (（一） / 第一条).
    Article,
    /// The third level (1． / 1. / 1、).
    Item,
    /// The fourth level and below (（1） / (1) / ①).
    SubItem,
    /// A paragraph of body text: the unit that is aligned.
    Paragraph,
}

impl NodeKind {
    /// The kind for a numbering depth (0 = outermost).
    pub const fn for_depth(depth: usize) -> Self {
        match depth {
            0 => Self::Chapter,
            1 => Self::Article,
            2 => Self::Item,
            _ => Self::SubItem,
        }
    }
}

/// A sentence of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// The sentence text, with its closing punctuation.
    pub text: String,
    /// Where the sentence stands in [`Document::text`].
    pub range: Span,
}

/// The responsible-agency parenthetical that closes a measure, such as
/// 「（省发展改革委、财政厅等部门按职责分工负责）」 or 「（责任单位：市商务局）」.
///
/// It is kept out of the clause text, so that agency lists do not make clauses look alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    /// The whole parenthetical as written, brackets included.
    pub text: String,
    /// The agencies it names, in order.
    pub agencies: Vec<String>,
    /// The agencies marked as leading (牵头), if the text says which.
    pub lead_agencies: Vec<String>,
    /// Where it stands in [`Document::text`].
    pub range: Span,
}

/// A node of the document tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// The path of the node, stable across runs: numbered levels by their number (`2.4`), and
    /// paragraphs as `p1`, `p2`… under their parent (`2.4.p1`).
    pub id: String,
    /// The node's role.
    pub kind: NodeKind,
    /// The numbering marker as written, such as 「（四）」, for numbered nodes.
    pub marker: Option<String>,
    /// The number the marker stands for.
    pub number: Option<u32>,
    /// The heading of a numbered node: the text after the marker when it is a short title
    /// (「提高行政审批服务效能。」), or the lead sentence of its first paragraph.
    pub heading: Option<String>,
    /// The body text of a paragraph (hard wraps joined, the responsibility parenthetical left
    /// out); empty for numbered nodes.
    pub text: String,
    /// The lead sentence of a paragraph: a short first sentence that names the measure, such as
    /// 「深化商事制度改革。」.
    pub lead: Option<String>,
    /// The trailing responsible-agency parenthetical, if any.
    pub responsibility: Option<Responsibility>,
    /// The sentences of a paragraph.
    pub sentences: Vec<Sentence>,
    /// Where the node's own text stands in [`Document::text`] (the heading line for numbered
    /// nodes, the paragraph for paragraphs).
    pub range: Span,
    /// Child nodes in document order.
    pub children: Vec<Node>,
}

impl Node {
    /// Whether this node carries body text to align.
    pub fn is_paragraph(&self) -> bool {
        self.kind == NodeKind::Paragraph
    }

    /// Iterates over this node and its descendants in document order.
    pub fn iter_descendants(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let node = stack.pop()?;
            stack.extend(node.children.iter().rev());
            Some(node)
        })
    }
}

/// One row of an attachment table flattened into text (分工方案, 任务清单).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    /// The row number (序号).
    pub number: u32,
    /// The section heading the row repeats (方面), if any.
    pub section: Option<String>,
    /// The number of the parent document's task the row maps to, if it names one.
    pub task_number: Option<u32>,
    /// The whole row text after the row number.
    pub text: String,
    /// Where the row stands in [`Document::text`].
    pub range: Span,
}

/// An attachment (附件) recognised as a table: kept apart from the body, so that its copies of
/// the measures are not counted twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The attachment title, if stated.
    pub title: Option<String>,
    /// The header row as written.
    pub header: Option<String>,
    /// The rows in order.
    pub rows: Vec<TableRow>,
    /// Lines of the attachment that are not rows (notes such as 「注：…」).
    pub notes: Vec<String>,
    /// Where the attachment stands in [`Document::text`].
    pub range: Span,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something the parser did on purpose (dropped chrome, joined a hard wrap).
    Info,
    /// Something the reader should check (a numbering gap, text it could not place).
    Warning,
}

/// What a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// The input was decoded from a legacy encoding, or held invalid bytes.
    Encoding,
    /// The input was HTML and its markup was removed.
    Html,
    /// Web page chrome (font-size controls, breadcrumbs, footers) was dropped.
    Chrome,
    /// A metadata table or header line was read into [`Metadata`].
    Metadata,
    /// A repeated sentence was kept once; the range is the repeat that was dropped.
    Duplicate,
    /// Hard-wrapped lines were joined into one paragraph.
    HardWrap,
    /// Numbering skipped a number.
    NumberingGap,
    /// Numbering went backwards or repeated a number.
    NumberingJump,
    /// A flattened attachment table was recognised.
    Table,
    /// The document was recognised as a forwarding notice; with a range, the text there belongs
    /// to the forwarded document.
    Forwarding,
    /// A signature line (issuer, date) closing the body was read into [`Metadata`].
    Signature,
    /// Body text that no node of the tree covers.
    Unplaced,
    /// Traditional characters were found (matching uses their simplified form).
    Traditional,
}

/// Something the parser noticed or did, with where it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// What the diagnostic is about.
    pub kind: DiagnosticKind,
    /// How serious it is.
    pub severity: Severity,
    /// A sentence for a person.
    pub message: String,
    /// The text concerned, when there is one (for dropped chrome, the text dropped).
    pub range: Option<Span>,
}

impl Diagnostic {
    pub(crate) fn info(kind: DiagnosticKind, message: impl Into<String>, range: Option<Span>) -> Self {
        Self { kind, severity: Severity::Info, message: message.into(), range }
    }

    pub(crate) fn warning(kind: DiagnosticKind, message: impl Into<String>, range: Option<Span>) -> Self {
        Self { kind, severity: Severity::Warning, message: message.into(), range }
    }
}

/// How the bytes of a document were read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// Where the document came from (a path, `builtin:NAME`, or a caller's name).
    pub name: Option<String>,
    /// The encoding the bytes were decoded from (`UTF-8`, `GBK`, …).
    pub encoding: String,
    /// Whether the input was HTML.
    pub html: bool,
}

/// A parsed policy document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The document's id.
    pub id: DocId,
    /// How the input was read.
    pub source: SourceInfo,
    /// Header metadata.
    pub metadata: Metadata,
    /// Whether this is a standalone document or a forwarding notice.
    pub kind: DocumentKind,
    /// The document a forwarding notice embeds, parsed as a document of its own from the text
    /// the notice holds of it.
    pub forwarded: Option<Box<Document>>,
    /// Citations of other documents, in text order.
    pub citations: Vec<Citation>,
    /// The top-level nodes: preamble paragraphs, chapters, closing paragraphs.
    pub nodes: Vec<Node>,
    /// Attachment tables kept apart from the body.
    pub attachments: Vec<Attachment>,
    /// What the parser noticed and did.
    pub diagnostics: Vec<Diagnostic>,
    /// The plain text all ranges point into.
    pub text: String,
}

impl Document {
    /// Iterates over every node in document order.
    pub fn iter_nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().flat_map(Node::iter_descendants)
    }

    /// Iterates over the clauses (paragraph nodes) in document order, with the headings of their
    /// ancestors.
    pub fn iter_clauses(&self) -> impl Iterator<Item = Clause<'_>> {
        let mut out = Vec::new();
        let mut path = Vec::new();
        for node in &self.nodes {
            collect_clauses(node, &mut path, &mut out);
        }
        out.into_iter()
    }

    /// Number of clauses.
    pub fn clause_count(&self) -> usize {
        self.iter_nodes().filter(|n| n.is_paragraph()).count()
    }

    /// Finds a node by its id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.iter_nodes().find(|n| n.id == id)
    }

    /// A short name for reports: the locality, else the issuer, else the title, else the id.
    pub fn display_name(&self) -> String {
        let m = &self.metadata;
        m.locality
            .clone()
            .or_else(|| m.issuer.clone())
            .or_else(|| m.title.clone())
            .unwrap_or_else(|| self.id.to_string())
    }

    /// Serialises the document as JSON with a top-level `format_version`.
    pub fn to_json(&self) -> String {
        to_versioned_json(self, false)
    }

    /// Reads a document written by [`Document::to_json`].
    pub fn from_json(json: &str) -> crate::Result<Self> {
        from_versioned_json(json)
    }
}

#[derive(Serialize)]
struct Versioned<'a, T: Serialize> {
    format_version: u32,
    #[serde(flatten)]
    inner: &'a T,
}

#[derive(Deserialize)]
struct VersionedOwned<T> {
    format_version: u32,
    #[serde(flatten)]
    inner: T,
}

/// Serialises a value as JSON with a top-level `format_version`, indented or not.
pub(crate) fn to_versioned_json<T: Serialize>(value: &T, pretty: bool) -> String {
    let v = Versioned { format_version: FORMAT_VERSION, inner: value };
    let out = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) };
    out.expect("the crate's data types always serialise")
}

/// Reads JSON written by [`to_versioned_json`], refusing another format version.
pub(crate) fn from_versioned_json<T: serde::de::DeserializeOwned>(json: &str) -> crate::Result<T> {
    let v: VersionedOwned<T> = serde_json::from_str(json)?;
    if v.format_version != FORMAT_VERSION {
        return Err(crate::Error::FormatVersion { found: v.format_version, expected: FORMAT_VERSION });
    }
    Ok(v.inner)
}

/// A clause: a paragraph node seen with its ancestors.
#[derive(Clone, Debug)]
pub struct Clause<'a> {
    /// The paragraph node.
    pub node: &'a Node,
    /// Its numbered ancestors, outermost first.
    pub ancestors: Vec<&'a Node>,
}

impl Clause<'_> {
    /// The node id.
    pub fn id(&self) -> &str {
        &self.node.id
    }

    /// The clause text.
    pub fn text(&self) -> &str {
        &self.node.text
    }

    /// The headings of the ancestors, outermost first.
    pub fn headings(&self) -> impl Iterator<Item = &str> {
        self.ancestors.iter().filter_map(|n| n.heading.as_deref())
    }
}

fn collect_clauses<'a>(node: &'a Node, path: &mut Vec<&'a Node>, out: &mut Vec<Clause<'a>>) {
    if node.is_paragraph() {
        out.push(Clause { node, ancestors: path.clone() });
        return;
    }
    path.push(node);
    for child in &node.children {
        collect_clauses(child, path, out);
    }
    path.pop();
}
