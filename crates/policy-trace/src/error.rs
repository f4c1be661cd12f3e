//! The error type of the crate.

use std::path::PathBuf;

/// Everything that can go wrong outside parsing (which never fails).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// An I/O error with no file attached (standard input or output).
    #[error(transparent)]
    Stdio(#[from] std::io::Error),
    /// JSON could not be read or written.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A JSON document of another format version.
    #[error("unsupported format_version {found} (this build reads {expected})")]
    FormatVersion {
        /// The version found.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// A file that is not a text document (binary data, or empty).
    #[error("{path}: {reason}")]
    NotText {
        /// The file.
        path: PathBuf,
        /// Why it is not text.
        reason: String,
    },
    /// A path is a directory where a file was expected, or holds no documents.
    #[error("{path}: {reason}")]
    BadPath {
        /// The path.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An unknown built-in reference name.
    #[error("unknown built-in reference {name:?} (known: {known})")]
    UnknownReference {
        /// The name asked for.
        name: String,
        /// The names known, comma-separated.
        known: String,
    },
    /// A national document with no clauses to align to.
    #[error("national document {doc} has no clauses to align to")]
    EmptyReference {
        /// The document id.
        doc: String,
    },
    /// Adding an edge would make the derivation graph cyclic.
    #[error("derivation cycle through document {doc}")]
    DerivationCycle {
        /// A document on the cycle.
        doc: String,
    },
    /// A report template failed to render.
    #[error("template {name}: {reason}")]
    Template {
        /// The template name.
        name: String,
        /// What went wrong.
        reason: String,
    },
    /// An invalid option value.
    #[error("invalid {option}: {reason}")]
    InvalidOption {
        /// The option.
        option: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The result type of the crate.
pub type Result<T> = std::result::Result<T, Error>;
