//! The Python exception hierarchy and the conversion from [`policy_trace::Error`].
//!
//! Every exception derives from `PolicyTraceError`, and the classes live in the `policy_trace`
//! namespace (the package re-exports them from `_native`), so that they pickle by name.
//!
//! A Rust panic never reaches Python as pyo3's `pyo3_runtime.PanicException` (a
//! `BaseException`, which `except Exception` does not catch): every call into the core goes
//! through [`detach`], which releases the GIL and turns a panic (also one on a rayon worker
//! thread, which rayon passes on to the caller) into `InternalError`, a `PolicyTraceError`. The
//! binding's own code outside `detach` only converts values.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::exceptions::PyException;
use pyo3::{PyErr, PyResult, Python, create_exception};

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
create_exception!(
    policy_trace,
    InternalError,
    PolicyTraceError,
    "A bug in policy-trace: its Rust code panicked (the message says where; please report it).\n\nThe interpreter and the objects made before are unaffected."
);

/// Runs `f` with the GIL released (`Python::detach`), turning a panic into `InternalError`.
///
/// The closure's data is not used again after a panic (its result is discarded, and the core
/// holds no shared mutable state), so observing it unwound is sound.
pub fn detach<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f))).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        InternalError::new_err(format!("internal error in policy-trace (please report it): {message}"))
    })
}

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
