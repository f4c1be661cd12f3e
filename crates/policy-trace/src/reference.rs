//! Built-in national reference documents, bundled as data.

use crate::document::{Document, Level, Parser};
use crate::{Error, Result};

/// A built-in reference document.
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    /// The name used in `builtin:NAME`.
    pub name: &'static str,
    /// The document number.
    pub doc_number: &'static str,
    /// The date the document was written, `YYYY-MM-DD`, where known.
    pub date: Option<&'static str>,
    /// The issuing body.
    pub issuer: &'static str,
    /// The bundled text.
    pub text: &'static str,
}

/// The built-in references.
pub const REFERENCES: &[Reference] = &[
    Reference {
        name: "guobanfa-2017-4",
        doc_number: "国办发〔2017〕4号",
        date: Some("2017-01-12"),
        issuer: "国务院办公厅",
        text: include_str!("../../../data/reference/guobanfa-2017-4.txt"),
    },
    Reference {
        name: "fagaiban-diqu-2020-237",
        doc_number: "发改办地区〔2020〕237号",
        date: None,
        issuer: "国家发展改革委办公厅",
        text: include_str!("../../../data/reference/fagaiban-diqu-2020-237-tasks.txt"),
    },
];

/// Names of the built-in references.
pub fn reference_names() -> Vec<&'static str> {
    REFERENCES.iter().map(|r| r.name).collect()
}

/// Parses a built-in reference by name (with or without the `builtin:` prefix).
pub fn reference(name: &str) -> Result<Document> {
    let bare = name.strip_prefix("builtin:").unwrap_or(name);
    let r = REFERENCES
        .iter()
        .find(|r| r.name == bare)
        .ok_or_else(|| Error::UnknownReference { name: name.to_owned(), known: reference_names().join(", ") })?;
    let mut doc =
        Parser::configure().id(r.name).source_name(format!("builtin:{}", r.name)).level(Level::National).parse(r.text);
    let m = &mut doc.metadata;
    m.doc_number.get_or_insert_with(|| r.doc_number.to_owned());
    m.issuer.get_or_insert_with(|| r.issuer.to_owned());
    if m.date_written.is_none() {
        m.date_written = r.date.map(str::to_owned);
    }
    Ok(doc)
}
