//! Forwarding notices (转发通知): the wrapper's own text, and the embedded parent document.

use super::Metadata;
use super::parse::{Block, Pass};

/// The result of splitting a forwarding notice.
pub(crate) struct ForwardSplit {
    /// The embedded document, as text to parse on its own.
    pub(crate) embedded_text: String,
    /// The forwarded document's title, as the notice cites it.
    pub(crate) parent_title: String,
    /// The forwarded document's number, as the notice cites it.
    pub(crate) parent_number: Option<String>,
    /// The wrapper's own paragraphs.
    pub(crate) wrapper_blocks: Vec<Block>,
}

/// Recognises a forwarding notice and separates the wrapper from the embedded document.
pub(crate) fn split(_pass: &mut Pass<'_>) -> Option<ForwardSplit> {
    None
}

/// Fills the embedded document's metadata from what the notice says of it.
pub(crate) fn fill_embedded_metadata(m: &mut Metadata, title: &str, number: Option<&str>) {
    if m.title.is_none() {
        m.title = Some(title.to_owned());
    }
    if m.doc_number.is_none() {
        m.doc_number = number.map(str::to_owned);
    }
}
