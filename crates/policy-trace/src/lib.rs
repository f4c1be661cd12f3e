//! policy-trace shows how a national Chinese policy document flows into local ones.
//!
//! # Overview
//!
//! - [`Document`]: a policy document parsed into a tree of chapters, articles, items and
//!   paragraphs, with metadata, citations, attachment tables and diagnostics.
//!   [`parse`] and [`Parser`] build one from text or bytes and never fail; [`load`] reads a file.
//! - [`align`] and [`AlignConfig`]: link each local clause to the national clauses it derives
//!   from, with a score, an [`AdoptionKind`] and the shared spans as [`Evidence`].
//!   [`compare`] does it for many local documents at once ([`Comparison`]).
//! - [`reference`]: the built-in national references (国办发〔2017〕4号, 发改办地区〔2020〕237号).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod align;
pub mod document;
mod error;
pub mod graph;
pub mod io;
pub mod reference;
pub mod report;
pub mod text;

pub use document::{
    Attachment, Citation, Clause, Diagnostic, DiagnosticKind, DocId, Document, DocumentKind, FORMAT_VERSION, Level,
    Metadata, Node, NodeKind, ParseConfig, Parser, Responsibility, Sentence, Severity, SourceInfo, Span, TableRow,
};
pub use align::{
    AdoptionKind, AlignConfig, Aligner, Alignment, ClauseRef, Comparison, DocSummary, Evidence, Link, MeasureAdoption, Metric,
    align, compare,
};
pub use error::{Error, Result};
pub use graph::{Derivation, DerivationGraph, DocumentNode, GraphBuilder, GraphEdge, GraphNode, LineageStep};
pub use report::{CoverageReport, HtmlConfig};
pub use io::load;
pub use reference::reference;

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
