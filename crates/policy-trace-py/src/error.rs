//! The Python exception hierarchy and the conversion from [`policy_trace::Error`].
//!
//! Every exception derives from `PolicyTraceError`, and the classes live in the `policy_trace`
//! namespace (the package re-exports them from `_native`), so that they pickle by name.
//!
//! Rust panics are not mapped here: pyo3 turns a panic into `pyo3_runtime.PanicException`, a
//! subclass of `BaseException` (not `Exception`), and the interpreter keeps running.

use pyo3::exceptions::PyException;
use pyo3::{PyErr, create_exception};

create_exception!(policy_trace, PolicyTraceError, PyException, "Base class of every error raised by policy-trace.");
create_exception!(
    policy_trace,
    ParseError,
    PolicyTraceError,
    "Serialised data (JSON or a pickle payload) could not be read.\n\nParsing policy text never fails: what the parser could not do is in `Document.diagnostics`."
);
create_exception!(
    policy_trace,
    FormatVersionError,
    ParseError,
    "A JSON document written with another `format_version`."
);
create_exception!(
    policy_trace,
    DocumentIOError,
    PolicyTraceError,
    "A file could not be read: it is missing, unreadable, or a directory."
);
create_exception!(
    policy_trace,
    NotTextError,
    PolicyTraceError,
    "A file is not a text document: it is empty, white space only, or binary (PDF, image, archive)."
);
create_exception!(
    policy_trace,
    UnknownReferenceError,
    PolicyTraceError,
    "An unknown built-in reference name; `reference_names()` lists the known ones."
);
create_exception!(
    policy_trace,
    EmptyReferenceError,
    PolicyTraceError,
    "A national document with no clauses to align to."
);
create_exception!(
    policy_trace,
    DerivationCycleError,
    PolicyTraceError,
    "Adding a derivation would make the derivation graph cyclic."
);
create_exception!(policy_trace, TemplateError, PolicyTraceError, "A report template failed to render.");
create_exception!(policy_trace, InvalidOptionError, PolicyTraceError, "An invalid option value.");

/// A [`policy_trace::Error`] on its way to Python.
///
/// The newtype exists because the orphan rule forbids `impl From<policy_trace::Error> for PyErr`
/// in this crate.
#[derive(Debug)]
pub struct PyErrWrap(pub policy_trace::Error);

impl From<policy_trace::Error> for PyErrWrap {
    fn from(e: policy_trace::Error) -> Self {
        Self(e)
    }
}

impl From<PyErrWrap> for PyErr {
    fn from(PyErrWrap(e): PyErrWrap) -> Self {
        use policy_trace::Error as E;
        // The core's messages already name the file, the value or the option concerned.
        let message = e.to_string();
        match e {
            E::Io { .. } | E::BadPath { .. } | E::Stdio(_) => DocumentIOError::new_err(message),
            E::NotText { .. } => NotTextError::new_err(message),
            E::Json(_) => ParseError::new_err(format!("invalid document JSON: {message}")),
            E::FormatVersion { .. } => FormatVersionError::new_err(message),
            E::UnknownReference { .. } => UnknownReferenceError::new_err(message),
            E::EmptyReference { .. } => EmptyReferenceError::new_err(message),
            E::DerivationCycle { .. } => DerivationCycleError::new_err(message),
            E::Template { .. } => TemplateError::new_err(message),
            E::InvalidOption { .. } => InvalidOptionError::new_err(message),
            // `policy_trace::Error` is `#[non_exhaustive]`: a variant added later lands here until
            // it gets a class of its own.
            _ => PolicyTraceError::new_err(message),
        }
    }
}
