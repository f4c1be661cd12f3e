//! policy-trace shows how a national Chinese policy document flows into local ones.
//!
//! # Overview
//!
//! - [`Document`]: a policy document parsed into a tree of chapters, articles, items and
//!   paragraphs, with metadata, citations, attachment tables and diagnostics.
//!   [`parse()`] and [`Parser`] build one from text or bytes and never fail; [`load()`] reads a
//!   file.
//! - [`align()`] and [`AlignConfig`]: link each local clause to the national clauses it derives
//!   from, with a score, an [`AdoptionKind`] and the shared spans as [`Evidence`].
//!   [`compare()`] does it for many local documents at once ([`Comparison`]).
//! - [`DerivationGraph`]: documents and clauses as nodes, with contains, derives-from, cites and
//!   forwards edges, exported as JSON, DOT or `GraphML`.
//! - [`CoverageReport`]: national measures × localities, as JSON, CSV, Markdown or HTML.
//! - [`reference()`]: the built-in national references (国办发〔2017〕4号, 发改办地区〔2020〕237号).
//!
//! # Quick start
//!
//! A measure of 国办发〔2017〕4号 and the clause of Henan's implementing opinions that takes it up:
//!
//! ```
//! let national = policy_trace::parse(
//!     "（四）提高行政审批服务效能。\n\
//!      优化对新兴经济领域市场主体的审批服务。适应新兴经济领域市场主体变化快、业态新、规模小等特点，\
//!      进一步推进工商注册便利化，实行“多证合一、一照一码”。",
//! );
//! let local = policy_trace::parse(
//!     "（一）提高行政审批服务能力和水平。\n\
//!      深化商事制度改革。适应新兴经济领域市场主体变化快、业态新、规模小等特点，\
//!      进一步推进工商注册便利化，全面实施“五证合一、一照一码”。",
//! );
//! let alignment = policy_trace::align(&national, &local)?;
//! let link = alignment.iter_links().next().expect("the clauses are linked");
//! assert_eq!(link.kind, policy_trace::AdoptionKind::Verbatim);
//! assert!(link.evidence[0].text.contains("适应新兴经济领域市场主体变化快"));
//! # Ok::<(), policy_trace::Error>(())
//! ```
//!
//! # Which metric should you use?
//!
//! Links are found and weighted by the crate's own character-trigram evidence, which is what
//! copes with reworded, reordered and localised text; the [`Metric`] only decides whether a
//! linked sentence counts as copied (verbatim).
//! [`Metric::Levenshtein`] (the default) is right for that: it counts edits in characters, so a
//! swapped agency name or a changed punctuation mark costs little.
//! [`Metric::Jaro`] and [`Metric::JaroWinkler`] are lenient with long sentences and favour shared
//! openings; [`Metric::Bigram`] ignores word order.
//! strsim's `sorensen_dice` is deliberately absent: it divides by UTF-8 bytes and under-scores
//! Chinese text.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod align;
pub mod discover;
pub mod document;
mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod io;
pub mod reference;
pub mod report;
pub mod synth;
pub mod text;

pub use align::{
    AdoptionKind, AlignConfig, AlignSettings, Aligner, Alignment, ClauseRef, Comparison, CorpusStats, DocSummary,
    Evidence, Link, MeasureAdoption, Metric, PreparedDocument, align, compare, compare_owned,
};
pub use document::{
    Attachment, Citation, Clause, Diagnostic, DiagnosticKind, DocId, Document, DocumentKind, FORMAT_VERSION, Level,
    Metadata, Node, NodeKind, ParseConfig, Parser, Responsibility, Sentence, Severity, SourceInfo, Span, TableRow,
};
pub use error::{Error, Result};
pub use graph::{Derivation, DerivationGraph, DocumentNode, GraphBuilder, GraphEdge, GraphNode, LineageStep};
pub use io::load;
pub use reference::reference;
pub use report::{CoverageReport, HtmlConfig};

/// Parses text with default options. Parsing never fails: what the parser could not do is in
/// [`Document::diagnostics`].
///
/// # Complexity
/// O(n) in the length of the text.
pub fn parse(text: &str) -> Document {
    Parser::configure().parse(text)
}

/// Parses bytes (UTF-8, GBK/GB18030, Big5…, plain text or HTML) with default options.
///
/// # Complexity
/// O(n) in the number of bytes.
pub fn parse_bytes(bytes: &[u8]) -> Document {
    Parser::configure().parse_bytes(bytes)
}
