//! The phased comparison: `CorpusStats` (trigram counts that merge) and `Aligner` (the national
//! side, ready to align any number of local documents).
//!
//! `compare` in one call is `Aligner(national, CorpusStats([national, *locals]))` followed by
//! `align_many` and `comparison`; the phases let Python show progress between chunks and spread
//! the work over Dask workers, with exactly the results of one `compare`.

use std::sync::Arc;

use policy_trace::{AlignConfig, Aligner, CorpusStats, Document};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::align::{Options, PyAlignment, PyComparison};
use crate::convert::{Reduced, from_payload, to_payload};
use crate::document::PyDocument;
use crate::error::{InvalidOptionError, PyErrWrap, detach};

/// Runs `f` on a rayon pool of `threads` threads, or on the global pool.
pub fn in_pool<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    match threads {
        None => Ok(f()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| InvalidOptionError::new_err(format!("threads: {e}"))),
    }
}

/// The documents of Python objects, shared, not copied.
pub fn shared(docs: &[PyRef<'_, PyDocument>]) -> Vec<Arc<Document>> {
    docs.iter().map(|d| Arc::clone(&d.inner)).collect()
}

/// How often each character trigram occurs in some documents. Statistics of parts of a corpus
/// add up (`a + b`, `sum(...)`) to exactly those of the whole, in any order. Immutable; compares
/// by value; pickles.
#[pyclass(module = "policy_trace._native", name = "CorpusStats", frozen, eq)]
#[derive(PartialEq)]
pub struct PyCorpusStats {
    inner: CorpusStats,
}

#[pymethods]
impl PyCorpusStats {
    /// Counts the documents (in parallel, with the GIL released); no documents give empty
    /// statistics.
    #[new]
    #[pyo3(signature = (documents=Vec::new()))]
    #[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts a sequence as an owned Vec")]
    fn new(py: Python<'_>, documents: Vec<PyRef<'_, PyDocument>>) -> PyResult<Self> {
        let docs = shared(&documents);
        Ok(Self { inner: detach(py, || CorpusStats::of_documents(&docs))? })
    }

    /// The number of sentences and headings counted.
    #[getter]
    fn units(&self) -> u64 {
        self.inner.units()
    }

    /// The number of distinct trigrams seen.
    #[getter]
    fn distinct(&self) -> usize {
        self.inner.distinct()
    }

    /// The statistics of both.
    fn __add__(&self, py: Python<'_>, other: &Self) -> PyResult<Self> {
        let mut inner = self.inner.clone();
        detach(py, || inner.merge(&other.inner))?;
        Ok(Self { inner })
    }

    /// The statistics of all the parts together: `sum(parts)` without copying the running total
    /// for every part.
    #[staticmethod]
    #[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts a sequence as an owned Vec")]
    fn merged(py: Python<'_>, parts: Vec<PyRef<'_, Self>>) -> PyResult<Self> {
        let parts: Vec<&CorpusStats> = parts.iter().map(|p| &p.inner).collect();
        let inner = detach(py, || {
            let mut total = CorpusStats::new();
            for p in parts {
                total.merge(p);
            }
            total
        })?;
        Ok(Self { inner })
    }

    /// `0 + stats`, so that `sum(parts)` works.
    fn __radd__(&self, other: &Bound<'_, PyAny>) -> PyResult<Self> {
        if other.extract::<i64>().is_ok_and(|n| n == 0) {
            Ok(Self { inner: self.inner.clone() })
        } else {
            let kind = other.get_type().name()?;
            Err(pyo3::exceptions::PyTypeError::new_err(format!("cannot add {kind} and CorpusStats")))
        }
    }

    /// Rebuilds statistics from the payload of `__reduce__`.
    #[classmethod]
    fn _from_bytes(_cls: &Bound<'_, PyType>, py: Python<'_>, payload: &[u8]) -> PyResult<Self> {
        Ok(Self { inner: from_payload(py, payload, "CorpusStats")? })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py, (Bound<'py, PyBytes>,)>> {
        let py = slf.py();
        let payload = to_payload(py, &slf.get().inner, "CorpusStats")?;
        Ok((py.get_type::<Self>().getattr("_from_bytes")?, (PyBytes::new(py, &payload),)))
    }

    fn __repr__(&self) -> String {
        format!("<CorpusStats units={} distinct={}>", self.inner.units(), self.inner.distinct())
    }
}

/// What an `Aligner` pickles as: what it was built from (it is rebuilt on unpickling).
#[derive(Serialize)]
struct AlignerPayloadRef<'a> {
    national: &'a Document,
    stats: &'a CorpusStats,
    config: &'a AlignConfig,
    threads: Option<usize>,
}

#[derive(Deserialize)]
struct AlignerPayload {
    national: Document,
    stats: CorpusStats,
    config: AlignConfig,
    threads: Option<usize>,
}

/// The national side of a comparison, with trigram weights learned from `CorpusStats`, ready to
/// align any number of local documents. Immutable; pickles (as what it was built from).
#[pyclass(module = "policy_trace._native", name = "Aligner", frozen)]
pub struct PyAligner {
    inner: Aligner,
    national: Arc<Document>,
    stats: CorpusStats,
    config: AlignConfig,
    /// The `threads` option (also in `config`, which does not show it).
    threads: Option<usize>,
}

impl PyAligner {
    fn build(
        py: Python<'_>,
        national: Arc<Document>,
        stats: CorpusStats,
        config: AlignConfig,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let inner = detach(py, || Aligner::new(&national, &stats, &config))?.map_err(PyErrWrap)?;
        Ok(Self { inner, national, stats, config, threads })
    }
}

#[pymethods]
impl PyAligner {
    /// Prepares `national` with weights from `stats`, which should count the national document
    /// and every local document to be aligned (`CorpusStats([national, *locals])`, or the sum of
    /// the statistics of parts). The options are those of `compare`.
    ///
    /// Raises `EmptyReferenceError` when the national document has no clauses and
    /// `InvalidOptionError` for an invalid option.
    #[new]
    #[pyo3(signature = (national, stats, *, metric="levenshtein", threshold=None, min_weight=None, min_evidence=None, adapted_coverage=None, order_weight=None, threads=None))]
    #[expect(clippy::too_many_arguments, reason = "these are the Python keyword options")]
    fn new(
        py: Python<'_>,
        national: &PyDocument,
        stats: &PyCorpusStats,
        metric: &str,
        threshold: Option<f64>,
        min_weight: Option<f64>,
        min_evidence: Option<f64>,
        adapted_coverage: Option<f64>,
        order_weight: Option<f64>,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let config = Options { metric, threshold, min_weight, min_evidence, adapted_coverage, order_weight, threads }
            .config()?;
        Self::build(py, national.inner.clone(), stats.inner.clone(), config, threads)
    }

    /// The national document.
    #[getter]
    fn national_document(&self) -> PyDocument {
        self.national.clone().into()
    }

    /// The statistics the weights come from.
    #[getter]
    fn stats(&self) -> PyCorpusStats {
        PyCorpusStats { inner: self.stats.clone() }
    }

    /// Aligns one local document (GIL released).
    fn align(&self, py: Python<'_>, local: &PyDocument) -> PyResult<PyAlignment> {
        Ok(PyAlignment { inner: detach(py, || self.inner.align(&local.inner))? })
    }

    /// Aligns local documents in parallel (on `threads` threads when the aligner was given
    /// them), with the GIL released; one `Alignment` each, in the order given.
    #[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts a sequence as an owned Vec")]
    fn align_many(&self, py: Python<'_>, locals: Vec<PyRef<'_, PyDocument>>) -> PyResult<Vec<PyAlignment>> {
        let docs: Vec<&Document> = locals.iter().map(|d| &*d.inner).collect();
        let align = || docs.par_iter().map(|d| self.inner.align(d)).collect::<Vec<_>>();
        let alignments = detach(py, || in_pool(self.threads, align))??;
        Ok(alignments.into_iter().map(|inner| PyAlignment { inner }).collect())
    }

    /// Gathers alignments made by this aligner, and the local documents they were made from
    /// (in the same order), into the `Comparison` that `compare` would give.
    ///
    /// Raises `InvalidOptionError` when the two lists differ in length or in document ids.
    #[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts a sequence as an owned Vec")]
    fn comparison(
        &self,
        alignments: Vec<PyRef<'_, PyAlignment>>,
        local_documents: Vec<PyRef<'_, PyDocument>>,
    ) -> PyResult<PyComparison> {
        if alignments.len() != local_documents.len() {
            return Err(InvalidOptionError::new_err(format!(
                "comparison() got {} alignments for {} local documents",
                alignments.len(),
                local_documents.len()
            )));
        }
        for (i, (a, d)) in alignments.iter().zip(&local_documents).enumerate() {
            if a.inner.local.id != d.inner.id || a.inner.national.id != self.national.id {
                return Err(InvalidOptionError::new_err(format!(
                    "comparison(): alignment {i} is of {:?} against {:?}, not of local document {:?} against {:?}",
                    a.inner.local.id.as_str(),
                    a.inner.national.id.as_str(),
                    d.inner.id.as_str(),
                    self.national.id.as_str()
                )));
            }
        }
        let inner = self.inner.comparison(alignments.iter().map(|a| a.inner.clone()).collect());
        Ok(PyComparison::new(inner, self.national.clone(), shared(&local_documents), self.config.clone()))
    }

    /// Rebuilds an aligner from the payload of `__reduce__`.
    #[classmethod]
    fn _from_bytes(_cls: &Bound<'_, PyType>, py: Python<'_>, payload: &[u8]) -> PyResult<Self> {
        let p: AlignerPayload = from_payload(py, payload, "Aligner")?;
        Self::build(py, Arc::new(p.national), p.stats, p.config, p.threads)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py, (Bound<'py, PyBytes>,)>> {
        let py = slf.py();
        let this = slf.get();
        let payload = AlignerPayloadRef {
            national: &this.national,
            stats: &this.stats,
            config: &this.config,
            threads: this.threads,
        };
        let payload = to_payload(py, &payload, "Aligner")?;
        Ok((py.get_type::<Self>().getattr("_from_bytes")?, (PyBytes::new(py, &payload),)))
    }

    fn __repr__(&self) -> String {
        format!("<Aligner national={:?} stats={}>", self.national.id.as_str(), self.stats.units())
    }
}
