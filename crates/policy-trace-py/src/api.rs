//! Module-level functions: parsing, loading and the built-in references.
//!
//! Each extracts owned or GIL-independent arguments first, then runs the core with the GIL
//! released (`Python::detach`), so other Python threads keep running.

use std::collections::BTreeMap;
use std::path::PathBuf;

use policy_trace::{Comparison, Document, Level, Parser};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use rayon::prelude::*;

use crate::align::{PyReport, report_writer, save_report};
use crate::document::PyDocument;
use crate::error::{InvalidOptionError, PyErrWrap, detach};

/// The keyword options shared by `parse` and `load`, turned into a [`Parser`].
struct Options<'a> {
    id: Option<&'a str>,
    source_name: Option<&'a str>,
    locality: Option<&'a str>,
    level: Option<&'a str>,
    date: Option<&'a str>,
    title: Option<&'a str>,
    tld: Option<&'a str>,
    detect_forwarding: bool,
}

impl Options<'_> {
    fn parser(&self) -> PyResult<Parser> {
        let mut parser = Parser::configure();
        if let Some(v) = self.id {
            parser.id(v);
        }
        if let Some(v) = self.source_name {
            parser.source_name(v);
        }
        if let Some(v) = self.locality {
            parser.locality(v);
        }
        if let Some(name) = self.level {
            let level = Level::from_name(name).ok_or_else(|| {
                PyErrWrap(policy_trace::Error::InvalidOption {
                    option: "level".into(),
                    reason: format!("unknown level {name:?} (known: national, provincial, municipal, district)"),
                })
            })?;
            parser.level(level);
        }
        if let Some(v) = self.date {
            parser.date(v);
        }
        if let Some(v) = self.title {
            parser.title(v);
        }
        if let Some(v) = self.tld {
            parser.tld(v);
        }
        parser.detect_forwarding(self.detect_forwarding);
        Ok(parser)
    }
}

/// Parses a policy document from `str` (plain text or HTML) or `bytes` (any common encoding,
/// detected). Parsing never fails: what the parser could not do is in `Document.diagnostics`.
///
/// `level` is `"national"`, `"provincial"`, `"municipal"` or `"district"`; `tld` (`"cn"`,
/// `"tw"`, `"hk"`) hints the encoding of bytes from a web page.
#[pyfunction]
#[pyo3(signature = (text, /, *, id=None, source_name=None, locality=None, level=None, date=None, title=None, tld=None, detect_forwarding=true))]
#[expect(clippy::too_many_arguments, reason = "these are the Python keyword options")]
pub fn parse(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    id: Option<&str>,
    source_name: Option<&str>,
    locality: Option<&str>,
    level: Option<&str>,
    date: Option<&str>,
    title: Option<&str>,
    tld: Option<&str>,
    detect_forwarding: bool,
) -> PyResult<PyDocument> {
    let parser = Options { id, source_name, locality, level, date, title, tld, detect_forwarding }.parser()?;
    let doc = if let Ok(s) = text.extract::<PyBackedStr>() {
        detach(py, || parser.parse(&s))?
    } else if let Ok(b) = text.extract::<PyBackedBytes>() {
        detach(py, || parser.parse_bytes(&b))?
    } else {
        let kind = text.get_type().name()?;
        return Err(PyTypeError::new_err(format!("parse() takes str or bytes, not {kind}")));
    };
    Ok(doc.into())
}

/// Reads and parses a file. The id defaults to the file stem, the source name to the path.
///
/// Raises `DocumentIOError` when the file cannot be read (missing, a directory…) and
/// `NotTextError` when it is empty or binary (PDF, image, archive).
#[pyfunction]
#[pyo3(signature = (path, /, *, id=None, source_name=None, locality=None, level=None, date=None, title=None, tld=None, detect_forwarding=true))]
#[expect(clippy::too_many_arguments, reason = "these are the Python keyword options")]
pub fn load(
    py: Python<'_>,
    path: PathBuf,
    id: Option<&str>,
    source_name: Option<&str>,
    locality: Option<&str>,
    level: Option<&str>,
    date: Option<&str>,
    title: Option<&str>,
    tld: Option<&str>,
    detect_forwarding: bool,
) -> PyResult<PyDocument> {
    let parser = Options { id, source_name, locality, level, date, title, tld, detect_forwarding }.parser()?;
    Ok(detach(py, move || parser.load(path))?.map_err(PyErrWrap)?.into())
}

/// The keys of the per-file options of `load_files` (the caller's metadata).
const FILE_OPTIONS: [&str; 5] = ["id", "title", "locality", "level", "date"];

/// Reads and parses many files in parallel with the GIL released, in the order given: `jobs` are
/// `(path, options)` pairs, the options a dict of `load`'s keyword options `id`, `title`,
/// `locality`, `level` and `date`. The documents are those `load` gives one by one.
///
/// Raises what `load` raises for the first file, in the order given, that fails; an invalid
/// option names its file.
#[pyfunction]
#[pyo3(signature = (jobs, /, *, tld=None, detect_forwarding=true))]
#[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts a sequence as an owned Vec")]
pub fn load_files(
    py: Python<'_>,
    jobs: Vec<(PathBuf, BTreeMap<String, String>)>,
    tld: Option<&str>,
    detect_forwarding: bool,
) -> PyResult<Vec<PyDocument>> {
    let parsers = file_parsers(py, &jobs, tld, detect_forwarding)?;
    let loaded = detach(py, || load_all(&jobs, parsers))?;
    loaded.into_iter().map(|d| d.map(PyDocument::from).map_err(|e| PyErrWrap(e).into())).collect()
}

/// A file and the `load` options it gets (the caller's metadata).
type Job = (PathBuf, BTreeMap<String, String>);

/// The parser of each job; `InvalidOptionError` naming the file for an unknown option or level.
fn file_parsers(py: Python<'_>, jobs: &[Job], tld: Option<&str>, detect_forwarding: bool) -> PyResult<Vec<Parser>> {
    let mut parsers = Vec::with_capacity(jobs.len());
    for (path, options) in jobs {
        if let Some(key) = options.keys().find(|k| !FILE_OPTIONS.contains(&k.as_str())) {
            return Err(InvalidOptionError::new_err(format!(
                "{}: unknown option {key:?} (known: {})",
                path.display(),
                FILE_OPTIONS.join(", ")
            )));
        }
        let get = |key: &str| options.get(key).map(String::as_str);
        let parser = Options {
            id: get("id"),
            source_name: None,
            locality: get("locality"),
            level: get("level"),
            date: get("date"),
            title: get("title"),
            tld,
            detect_forwarding,
        }
        .parser()
        .map_err(|e| InvalidOptionError::new_err(format!("{}: {}", path.display(), e.value(py))))?;
        parsers.push(parser);
    }
    Ok(parsers)
}

/// Reads and parses the files of jobs in parallel, in order (call with the GIL released).
fn load_all(jobs: &[Job], parsers: Vec<Parser>) -> Vec<policy_trace::Result<Document>> {
    jobs.par_iter().zip(parsers.into_par_iter()).map(|((path, _), parser)| parser.load(path)).collect()
}

/// Files → coverage report in one call, with the GIL released: the phased pipeline of
/// `policy-trace report`. Loads the `jobs` (as `load_files`) in parallel, calls `check_ids` with
/// the list of their document ids (in order), counts trigram statistics, aligns each document and
/// drops it, builds the report by moving the comparison, writes it to `out` in the format of its
/// extension (as `Comparison.save`) and returns it. `progress`, when given, is called with the
/// number of documents aligned after each chunk of them. The options are those of `compare`.
///
/// Raises `InvalidOptionError` for an extension `Comparison.save` does not write (before any
/// work), what `load_files` raises for the first file that fails, what `check_ids` and
/// `progress` raise, what `compare` raises, and `DocumentIOError` when `out` cannot be written.
#[pyfunction]
#[pyo3(signature = (national, jobs, out, check_ids, /, *, progress=None, tld=None, detect_forwarding=true, metric="levenshtein", threshold=None, min_weight=None, min_evidence=None, adapted_coverage=None, order_weight=None, threads=None))]
#[expect(clippy::too_many_arguments, reason = "these are the Python keyword options")]
#[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts arguments as owned values")]
pub fn report_files(
    py: Python<'_>,
    national: &PyDocument,
    jobs: Vec<Job>,
    out: PathBuf,
    check_ids: &Bound<'_, PyAny>,
    progress: Option<Py<PyAny>>,
    tld: Option<&str>,
    detect_forwarding: bool,
    metric: &str,
    threshold: Option<f64>,
    min_weight: Option<f64>,
    min_evidence: Option<f64>,
    adapted_coverage: Option<f64>,
    order_weight: Option<f64>,
    threads: Option<usize>,
) -> PyResult<PyReport> {
    let write = report_writer(&out)?;
    let config =
        crate::align::Options { metric, threshold, min_weight, min_evidence, adapted_coverage, order_weight, threads }
            .config()?;
    let parsers = file_parsers(py, &jobs, tld, detect_forwarding)?;
    let locals = detach(py, || load_all(&jobs, parsers).into_iter().collect::<policy_trace::Result<Vec<Document>>>())?
        .map_err(PyErrWrap)?;
    drop(jobs);
    check_ids.call1((locals.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),))?;
    let mut failed: Option<PyErr> = None;
    let mut report_progress = |n: usize| {
        if let (Some(callback), None) = (&progress, &failed) {
            failed = Python::attach(|py| callback.call1(py, (n,)).err());
        }
    };
    let national = &*national.inner;
    let report = detach(py, || {
        let watch: Option<&mut (dyn FnMut(usize) + Send)> =
            if progress.is_some() { Some(&mut report_progress) } else { None };
        policy_trace::compare_owned(national, locals, &config, watch).map(Comparison::into_coverage_report)
    })?
    .map_err(PyErrWrap)?;
    if let Some(e) = failed {
        return Err(e);
    }
    save_report(&report, py, &out, write)?;
    Ok(PyReport::new(report))
}

/// Parses a built-in national reference by name, with or without the `builtin:` prefix.
///
/// Raises `UnknownReferenceError` for an unknown name.
#[pyfunction]
pub fn reference(py: Python<'_>, name: &str) -> PyResult<PyDocument> {
    Ok(detach(py, || policy_trace::reference(name))?.map_err(PyErrWrap)?.into())
}

/// The names of the built-in references.
#[pyfunction]
pub fn reference_names() -> Vec<&'static str> {
    policy_trace::reference::reference_names()
}

/// The document files (`.txt`, `.text`, `.htm`, `.html`) in a directory, sorted by name.
#[pyfunction]
#[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts paths as an owned PathBuf")]
pub fn list_documents(py: Python<'_>, directory: PathBuf) -> PyResult<Vec<PathBuf>> {
    Ok(detach(py, || policy_trace::io::list_documents(&directory))?.map_err(PyErrWrap)?)
}

/// A hidden, test-only hook: panics in Rust with the GIL released, on a rayon worker thread when
/// `in_thread_pool` (as a panic inside `compare` would), so that the test suite can check that a
/// panic reaches Python as `InternalError` and leaves the interpreter running. Nothing in the
/// library can be made to panic from Python on purpose, hence the hook.
#[pyfunction]
#[pyo3(signature = (message, in_thread_pool=false))]
pub fn _test_panic(py: Python<'_>, message: &str, in_thread_pool: bool) -> PyResult<()> {
    detach(py, || {
        if in_thread_pool {
            rayon::join(|| (), || panic!("{message}"));
        } else {
            panic!("{message}");
        }
    })
}

/// Finds the derivation links among documents that do not declare their parents
/// (`policy_trace::discover`): candidates from a shingle index, a parent for each document by
/// citation, level and date, and clause-level evidence. Returns the result as a dict (the JSON of
/// `policy-trace discover`).
#[pyfunction]
#[pyo3(signature = (documents, *, max_df_share=0.05, candidates=8, min_root_share=0.05))]
#[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts a sequence as an owned Vec")]
pub fn discover<'py>(
    py: Python<'py>,
    documents: Vec<PyRef<'py, PyDocument>>,
    max_df_share: f64,
    candidates: usize,
    min_root_share: f64,
) -> PyResult<Bound<'py, PyAny>> {
    for (option, value) in [("max_df_share", max_df_share), ("min_root_share", min_root_share)] {
        if !(0.0..=1.0).contains(&value) {
            return Err(PyErrWrap(policy_trace::Error::InvalidOption {
                option: option.into(),
                reason: format!("{value} is not between 0 and 1"),
            })
            .into());
        }
    }
    let refs: Vec<&policy_trace::Document> = documents.iter().map(|d| &*d.inner).collect();
    let cfg = policy_trace::discover::DiscoverConfig {
        max_df_share,
        candidates: candidates.max(1),
        min_root_share,
        ..policy_trace::discover::DiscoverConfig::default()
    };
    let json = detach(py, || {
        let docs: Vec<policy_trace::Document> = refs.par_iter().map(|d| (*d).clone()).collect();
        policy_trace::discover::discover(&docs, &cfg).map(|d| d.to_json())
    })?
    .map_err(PyErrWrap)?;
    crate::convert::json_loads(py, &json)
}
