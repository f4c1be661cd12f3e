//! Python bindings of policy-trace, built by maturin into `policy_trace._native`.
//!
//! This crate holds no parsing or alignment logic: it converts arguments, releases the GIL around
//! calls into the core, and converts results and errors. The public Python API is the
//! `policy_trace` package (`python/policy_trace/`), which re-exports this module; the stubs are
//! `python/policy_trace/_native.pyi`.

mod align;
mod api;
mod convert;
mod document;
mod error;
mod phased;

use pyo3::prelude::*;

/// mimalloc instead of the system allocator for the extension's Rust allocations: parsing and
/// aligning make many small allocations from several threads at once (as in the CLI).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The native part of policy-trace; import `policy_trace` instead.
#[pymodule(name = "_native")]
mod native {
    #[pymodule_export]
    use crate::align::{PyAlignment, PyComparison, PyReport, align, compare};
    #[pymodule_export]
    use crate::api::{
        _test_panic, discover, list_documents, load, load_files, parse, reference, reference_names, report_files,
    };
    #[pymodule_export]
    use crate::document::{PyDocument, PyNode};
    #[pymodule_export]
    use crate::error::{
        DerivationCycleError, DocumentIOError, EmptyReferenceError, FormatVersionError, InternalError,
        InvalidOptionError, NotTextError, ParseError, PolicyTraceError, TemplateError, UnknownReferenceError,
    };
    #[pymodule_export]
    use crate::phased::{PyAligner, PyCorpusStats};

    /// The version of the crate the module was built from.
    #[pymodule_export]
    #[expect(non_upper_case_globals, reason = "Python's name for it")]
    const __version__: &str = env!("CARGO_PKG_VERSION");
}
