//! Alignment, comparison and coverage reports: `align`, `compare`, and the `Alignment`,
//! `Comparison` and `Report` classes.
//!
//! The alignment itself is the core's ([`policy_trace::AlignConfig`]); this module converts
//! options and results and releases the GIL around the work. Evidence ranges are already
//! code-point ranges into the clause texts, so they reach Python as they are.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use policy_trace::{
    AlignConfig, Alignment, ClauseRef, Comparison, CoverageReport, DerivationGraph, Document, FORMAT_VERSION, Link,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyType};
use serde::{Deserialize, Serialize};

use crate::convert::{PAYLOAD_VERSION, Record, Reduced, escape_html, json_loads, payload_body, to_python};
use crate::document::PyDocument;
use crate::error::{DocumentIOError, InvalidOptionError, ParseError, PyErrWrap, detach};

/// The keyword options shared by `align`, `compare` and `Aligner`, turned into an [`AlignConfig`].
pub struct Options<'a> {
    pub metric: &'a str,
    pub threshold: Option<f64>,
    pub min_weight: Option<f64>,
    pub min_evidence: Option<f64>,
    pub adapted_coverage: Option<f64>,
    pub order_weight: Option<f64>,
    pub threads: Option<usize>,
}

impl Options<'_> {
    pub fn config(&self) -> PyResult<AlignConfig> {
        let settings = policy_trace::AlignSettings {
            metric: Some(self.metric.to_owned()),
            threshold: self.threshold,
            min_weight: self.min_weight,
            min_evidence: self.min_evidence,
            adapted_coverage: self.adapted_coverage,
            order_weight: self.order_weight,
            threads: self.threads,
        };
        Ok(settings.to_config().map_err(PyErrWrap)?)
    }
}

/// A clause as a dict: `doc`, `id`, `text`, `heading`.
fn clause_dict<'py>(py: Python<'py>, c: &ClauseRef) -> PyResult<Bound<'py, PyDict>> {
    Ok(Record::new(py)
        .with("doc", c.doc.as_str())?
        .with("id", &c.id)?
        .with("text", &c.text)?
        .with("heading", &c.heading)?
        .finish())
}

/// A link as a dict; evidence ranges are `(start, end)` tuples of code points in the clause texts.
fn link_dict<'py>(py: Python<'py>, link: &Link) -> PyResult<Bound<'py, PyDict>> {
    let evidence = link
        .evidence
        .iter()
        .map(|e| {
            Ok(Record::new(py).with("text", &e.text)?.with("local", e.local)?.with("national", e.national)?.finish())
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Record::new(py)
        .with("local", clause_dict(py, &link.local)?)?
        .with("national", clause_dict(py, &link.national)?)?
        .with("score", link.score)?
        .with("kind", link.kind.as_str())?
        .with("evidence", evidence)?
        .finish())
}

fn clause_list<'py>(py: Python<'py>, clauses: &[ClauseRef]) -> PyResult<Vec<Bound<'py, PyDict>>> {
    clauses.iter().map(|c| clause_dict(py, c)).collect()
}

/// The alignment of one local document to a national one. Immutable; compares by value; pickles.
#[pyclass(module = "policy_trace._native", name = "Alignment", frozen, eq)]
#[derive(PartialEq)]
pub struct PyAlignment {
    pub inner: Alignment,
}

#[pymethods]
impl PyAlignment {
    /// The national document: a dict with `id`, `title`, `doc_number`, `issuer`, `locality`,
    /// `level`, `date`, `kind`, `source`, `clause_count`, `name`.
    #[getter]
    fn national<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.national)
    }

    /// The local document, as `national`.
    #[getter]
    fn local<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.local)
    }

    /// The links: dicts with `local` and `national` (clause dicts with `doc`, `id`, `text`,
    /// `heading`), `score` in [0, 1], `kind` (`"verbatim"`, `"adapted"`, `"partial"`,
    /// `"forwarded"`) and `evidence` (dicts with `text`, and `local` and `national` code-point
    /// ranges into the two clause texts).
    #[getter]
    fn links<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner.links.iter().map(|l| link_dict(py, l)).collect()
    }

    /// The local clauses linked to no national clause.
    #[getter]
    fn novel<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        clause_list(py, &self.inner.novel)
    }

    /// The national clauses no local clause is linked to.
    #[getter]
    fn omitted<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        clause_list(py, &self.inner.omitted)
    }

    /// One dict per national clause: `national` (a clause dict), `kind` (`None` when not
    /// adopted), `score` and `local_ids`.
    #[getter]
    fn measures<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .measures
            .iter()
            .map(|m| {
                Ok(Record::new(py)
                    .with("national", clause_dict(py, &m.national)?)?
                    .with("kind", m.kind.map(policy_trace::AdoptionKind::as_str))?
                    .with("score", m.score)?
                    .with("local_ids", &m.local_ids)?
                    .finish())
            })
            .collect()
    }

    /// The share of national measures adopted, in [0, 1].
    fn ratio(&self) -> f64 {
        self.inner.ratio()
    }

    /// The alignment as JSON with `format_version`: the JSON of `policy-trace align --format json`
    /// (which prints the `pretty` form and a newline).
    #[pyo3(signature = (*, pretty=false))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> PyResult<String> {
        detach(py, || if pretty { self.inner.to_json_pretty() } else { self.inner.to_json() })
    }

    /// The alignment as the dict `json.loads(self.to_json())` (evidence ranges are lists there).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.to_json(py, false)?)
    }

    /// Reads an alignment written by `to_json`.
    ///
    /// Raises `ParseError` for invalid JSON and `FormatVersionError` for another format version.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, json: &str) -> PyResult<Self> {
        Ok(Self { inner: detach(py, || Alignment::from_json(json))?.map_err(PyErrWrap)? })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py, (String,)>> {
        let py = slf.py();
        Ok((py.get_type::<Self>().getattr("from_json")?, (slf.get().to_json(py, false)?,)))
    }

    fn __repr__(&self) -> String {
        let a = &self.inner;
        let adopted = a.measures.iter().filter(|m| m.kind.is_some()).count();
        format!(
            "<Alignment national={:?} local={:?} links={} adopted={adopted}/{} novel={}>",
            a.national.id.as_str(),
            a.local.id.as_str(),
            a.links.len(),
            a.measures.len(),
            a.novel.len(),
        )
    }

    /// A summary table for Jupyter; every piece of document text is HTML-escaped.
    fn _repr_html_(&self) -> String {
        let a = &self.inner;
        let adopted = a.measures.iter().filter(|m| m.kind.is_some()).count();
        let rows = [
            ("national", a.national.name.clone()),
            ("local", a.local.name.clone()),
            ("links", a.links.len().to_string()),
            ("measures adopted", format!("{adopted} of {} ({:.1}%)", a.measures.len(), a.ratio() * 100.0)),
            ("novel local clauses", a.novel.len().to_string()),
            ("omitted national clauses", a.omitted.len().to_string()),
        ];
        let mut html =
            String::from("<table class=\"policy-trace-alignment\">\n<caption>Alignment</caption>\n<tbody>\n");
        for (label, value) in rows {
            writeln!(
                html,
                "<tr><th style=\"text-align:left\">{label}</th><td style=\"text-align:left\">{}</td></tr>",
                escape_html(&value)
            )
            .expect("writing to a String never fails");
        }
        html.push_str("</tbody>\n</table>");
        html
    }
}

/// A coverage report: measures × local documents, with totals and reconciliation.
#[pyclass(module = "policy_trace._native", name = "Report", frozen, eq)]
#[derive(PartialEq)]
pub struct PyReport {
    inner: CoverageReport,
}

#[pymethods]
impl PyReport {
    /// The report as JSON with `format_version` (`pretty` as `policy-trace report --format json`).
    #[pyo3(signature = (*, pretty=false))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> PyResult<String> {
        detach(py, || if pretty { self.inner.to_json_pretty() } else { self.inner.to_json() })
    }

    /// The report as the dict `json.loads(self.to_json())`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.to_json(py, false)?)
    }

    /// Tidy CSV: one row per measure × local document.
    fn to_csv(&self, py: Python<'_>) -> PyResult<String> {
        detach(py, || self.inner.to_csv())
    }

    /// A Markdown summary.
    fn to_markdown(&self, py: Python<'_>) -> PyResult<String> {
        detach(py, || self.inner.to_markdown())
    }

    /// A self-contained HTML page (the built-in templates).
    fn to_html(&self, py: Python<'_>) -> PyResult<String> {
        detach(py, || self.inner.to_html())
    }

    /// Reads a report written by `to_json`.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, json: &str) -> PyResult<Self> {
        Ok(Self { inner: detach(py, || CoverageReport::from_json(json))?.map_err(PyErrWrap)? })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py, (String,)>> {
        let py = slf.py();
        Ok((py.get_type::<Self>().getattr("from_json")?, (slf.get().to_json(py, false)?,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report national={:?} measures={} localities={}>",
            self.inner.national.id.as_str(),
            self.inner.measures.len(),
            self.inner.localities.len()
        )
    }
}

/// One national document compared with several local ones, with the documents and settings
/// (for the derivation graph). Immutable; compares by value; pickles.
#[pyclass(module = "policy_trace._native", name = "Comparison", frozen, eq)]
#[derive(PartialEq)]
pub struct PyComparison {
    inner: Comparison,
    /// The documents, shared with the Python `Document` objects they came from.
    national_doc: Arc<Document>,
    local_docs: Vec<Arc<Document>>,
    config: AlignConfig,
}

/// The pickle payload of a `Comparison` (after the version byte), written from borrowed fields:
/// JSON of the comparison, its documents and its settings.
#[derive(Serialize)]
struct PayloadRef<'a> {
    comparison: &'a Comparison,
    national: &'a Document,
    locals: Vec<&'a Document>,
    config: &'a AlignConfig,
}

/// The pickle payload of a `Comparison`, read back.
#[derive(Deserialize)]
struct Payload {
    comparison: Comparison,
    national: Document,
    locals: Vec<Document>,
    config: AlignConfig,
}

impl PyComparison {
    /// A comparison with the documents and settings it was made from.
    pub fn new(
        inner: Comparison,
        national_doc: Arc<Document>,
        local_docs: Vec<Arc<Document>>,
        config: AlignConfig,
    ) -> Self {
        Self { inner, national_doc, local_docs, config }
    }

    fn report(&self) -> CoverageReport {
        CoverageReport::from_comparison(&self.inner)
    }

    /// Calls a function of `policy_trace._pandas` with this comparison.
    fn helper<'py>(slf: &Bound<'py, Self>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("policy_trace._pandas")?.getattr(name)?.call1((slf,))
    }
}

#[pymethods]
impl PyComparison {
    /// The national document, as `Alignment.national`.
    #[getter]
    fn national<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.national)
    }

    /// The national clauses in document order (clause dicts).
    #[getter]
    fn measures<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        clause_list(py, &self.inner.measures)
    }

    /// One `Alignment` per local document, in the order given.
    #[getter]
    fn alignments(&self) -> Vec<PyAlignment> {
        self.inner.alignments.iter().map(|a| PyAlignment { inner: a.clone() }).collect()
    }

    /// The national document as parsed.
    #[getter]
    fn national_document(&self) -> PyDocument {
        Arc::clone(&self.national_doc).into()
    }

    /// The local documents as parsed, in the order given.
    #[getter]
    fn local_documents(&self) -> Vec<PyDocument> {
        self.local_docs.iter().map(|d| PyDocument::from(Arc::clone(d))).collect()
    }

    /// The coverage report; render it with `to_json()`, `to_csv()`, `to_markdown()`, `to_html()`.
    #[pyo3(name = "report")]
    fn py_report(&self, py: Python<'_>) -> PyResult<PyReport> {
        Ok(PyReport { inner: detach(py, || self.report())? })
    }

    /// The comparison as JSON with `format_version`: `national`, `measures`, `alignments`.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        detach(py, || {
            let json = serde_json::to_string(&self.inner).expect("core data types always serialise");
            // The object's fields, after its opening brace, follow `format_version`.
            format!("{{\"format_version\":{FORMAT_VERSION},{}", &json[1..])
        })
    }

    /// Writes the report to `path` in the format its extension names: `.html`/`.htm`, `.md`,
    /// `.csv` or `.json`.
    ///
    /// Raises `InvalidOptionError` for another extension and `DocumentIOError` when the file
    /// cannot be written.
    #[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts paths as an owned PathBuf")]
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let write = report_writer(&path)?;
        save_report(&detach(py, || self.report())?, py, &path, write)
    }

    /// The derivation graph of the national and local documents (with horizontal links between
    /// local documents) as JSON: `{"format_version", "directed", "multigraph", "nodes": [{"key",
    /// "type", …}], "edges": [{"source", "target", "type", …}]}`.
    fn graph_json(&self, py: Python<'_>) -> PyResult<String> {
        let graph = detach(py, || {
            DerivationGraph::build(std::slice::from_ref(&self.national_doc), &self.local_docs, &self.config)
        })?
        .map_err(PyErrWrap)?;
        detach(py, || graph.to_json())
    }

    /// Tidy coverage: a `pandas.DataFrame` with one row per measure × local document.
    fn coverage<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::helper(slf, "coverage")
    }

    /// Measures × localities: a `pandas.DataFrame` of kinds.
    fn coverage_matrix<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::helper(slf, "coverage_matrix")
    }

    /// Every link of every alignment: a `pandas.DataFrame`.
    fn links<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::helper(slf, "links")
    }

    /// The novel local clauses: a `pandas.DataFrame`.
    fn novel<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::helper(slf, "novel")
    }

    /// The omitted national clauses per local document: a `pandas.DataFrame`.
    fn omitted<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::helper(slf, "omitted")
    }

    /// The derivation graph as a `networkx.DiGraph`.
    fn graph<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::helper(slf, "graph")
    }

    /// The coverage heat map, drawn with matplotlib: `policy_trace.plot.plot_coverage(self,
    /// **options)`, whose keyword options it takes (`ax`, `labels`, `score_alpha`, `annotate`,
    /// `measure_text`). Returns the Axes.
    #[pyo3(signature = (**options))]
    fn plot_coverage<'py>(slf: &Bound<'py, Self>, options: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("policy_trace.plot")?.getattr("plot_coverage")?.call((slf,), options)
    }

    /// Rebuilds a comparison from the payload of `__reduce__`.
    #[classmethod]
    fn _from_bytes(_cls: &Bound<'_, PyType>, py: Python<'_>, payload: &[u8]) -> PyResult<Self> {
        let body = payload_body(payload, "Comparison")?;
        detach(py, || serde_json::from_slice::<Payload>(body))?
            .map(|p| {
                Self::new(p.comparison, Arc::new(p.national), p.locals.into_iter().map(Arc::new).collect(), p.config)
            })
            .map_err(|e| ParseError::new_err(format!("invalid pickled Comparison: {e}")))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py, (Bound<'py, PyBytes>,)>> {
        let py = slf.py();
        let this = slf.get();
        let payload = detach(py, || {
            let mut out = vec![PAYLOAD_VERSION];
            let payload = PayloadRef {
                comparison: &this.inner,
                national: &this.national_doc,
                locals: this.local_docs.iter().map(|d| &**d).collect(),
                config: &this.config,
            };
            serde_json::to_writer(&mut out, &payload).map(|()| out)
        })?;
        let payload = payload.map_err(|e| ParseError::new_err(format!("could not pickle Comparison: {e}")))?;
        Ok((py.get_type::<Self>().getattr("_from_bytes")?, (PyBytes::new(py, &payload),)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Comparison national={:?} measures={} locals={:?}>",
            self.inner.national.id.as_str(),
            self.inner.measures.len(),
            self.inner.alignments.iter().map(|a| a.local.id.as_str()).collect::<Vec<_>>(),
        )
    }

    /// A compact coverage table for Jupyter (measures × local documents); every piece of
    /// document text is HTML-escaped.
    fn _repr_html_(&self) -> String {
        let c = &self.inner;
        let mut html = String::from("<table class=\"policy-trace-comparison\">\n<caption>Coverage of ");
        html.push_str(&escape_html(c.national.doc_number.as_deref().unwrap_or(&c.national.name)));
        html.push_str("</caption>\n<thead><tr><th>measure</th>");
        for a in &c.alignments {
            let name = a.local.locality.as_deref().unwrap_or(a.local.id.as_str());
            write!(html, "<th title=\"{}\">{}</th>", escape_html(&a.local.name), escape_html(name))
                .expect("writing to a String never fails");
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for (i, m) in c.measures.iter().enumerate() {
            let excerpt: String = m.text.chars().take(24).collect();
            write!(
                html,
                "<tr><th style=\"text-align:left\" title=\"{}\">{}</th>",
                escape_html(&excerpt),
                escape_html(&m.id)
            )
            .expect("writing to a String never fails");
            for a in &c.alignments {
                let kind = a.measures.get(i).and_then(|x| x.kind).map_or("omitted", policy_trace::AdoptionKind::as_str);
                write!(html, "<td>{kind}</td>").expect("writing to a String never fails");
            }
            html.push_str("</tr>\n");
        }
        html.push_str("<tr><th style=\"text-align:left\">adopted</th>");
        for a in &c.alignments {
            write!(html, "<td>{:.1}%</td>", a.ratio() * 100.0).expect("writing to a String never fails");
        }
        html.push_str("</tr>\n</tbody>\n</table>");
        html
    }
}

/// Writes a coverage report in one format, through a buffer.
pub type ReportWriter = fn(&CoverageReport, &mut std::io::BufWriter<std::fs::File>) -> policy_trace::Result<()>;

/// The writer of the format a file's extension names: `.html`/`.htm`, `.md`/`.markdown`, `.csv`
/// or `.json`; `InvalidOptionError` for another extension.
pub fn report_writer(path: &Path) -> PyResult<ReportWriter> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    Ok(match ext.as_deref() {
        Some("html" | "htm") => |r, w| r.write_html(w),
        Some("md" | "markdown") => |r, w| r.write_markdown(w),
        Some("csv") => |r, w| r.write_csv(w),
        Some("json") => |r, w| r.write_json(w),
        _ => {
            return Err(InvalidOptionError::new_err(format!(
                "cannot save a report as {}: the extension must be .html, .md, .csv or .json",
                path.display()
            )));
        }
    })
}

/// Writes a report to a file, streamed, with the GIL released; `DocumentIOError` when the file
/// cannot be written.
pub fn save_report(report: &CoverageReport, py: Python<'_>, path: &Path, write: ReportWriter) -> PyResult<()> {
    detach(py, || policy_trace::io::write_with(path, |w| write(report, w)))?.map_err(|e| match e {
        policy_trace::Error::Io { .. } => DocumentIOError::new_err(format!("cannot write {e}")),
        other => PyErrWrap(other).into(),
    })
}

impl PyReport {
    /// A report as Python sees it.
    pub fn new(inner: CoverageReport) -> Self {
        Self { inner }
    }
}

/// Aligns a local document to a national one, clause by clause.
///
/// `metric` (`"levenshtein"`, `"damerau_levenshtein"`, `"jaro"`, `"jaro_winkler"`, `"bigram"`)
/// compares sentences when deciding whether a link is verbatim; the other options default to the
/// core's settings. Raises `InvalidOptionError` for an unknown metric and `EmptyReferenceError`
/// when the national document has no clauses.
#[pyfunction]
#[pyo3(signature = (national, local, *, metric="levenshtein", threshold=None, min_weight=None, min_evidence=None, adapted_coverage=None, order_weight=None))]
#[expect(clippy::too_many_arguments, reason = "these are the Python keyword options")]
pub fn align(
    py: Python<'_>,
    national: &PyDocument,
    local: &PyDocument,
    metric: &str,
    threshold: Option<f64>,
    min_weight: Option<f64>,
    min_evidence: Option<f64>,
    adapted_coverage: Option<f64>,
    order_weight: Option<f64>,
) -> PyResult<PyAlignment> {
    let cfg = Options { metric, threshold, min_weight, min_evidence, adapted_coverage, order_weight, threads: None }
        .config()?;
    let inner = detach(py, || cfg.align(&national.inner, &local.inner))?.map_err(PyErrWrap)?;
    Ok(PyAlignment { inner })
}

/// Compares a national document with several local ones (`align`'s options, and `threads` for
/// the number of worker threads; results do not depend on it).
#[pyfunction]
#[pyo3(signature = (national, locals, *, metric="levenshtein", threshold=None, min_weight=None, min_evidence=None, adapted_coverage=None, order_weight=None, threads=None))]
#[expect(clippy::too_many_arguments, reason = "these are the Python keyword options")]
#[expect(clippy::needless_pass_by_value, reason = "pyo3 extracts a sequence as an owned Vec")]
pub fn compare(
    py: Python<'_>,
    national: &PyDocument,
    locals: Vec<PyRef<'_, PyDocument>>,
    metric: &str,
    threshold: Option<f64>,
    min_weight: Option<f64>,
    min_evidence: Option<f64>,
    adapted_coverage: Option<f64>,
    order_weight: Option<f64>,
    threads: Option<usize>,
) -> PyResult<PyComparison> {
    let config =
        Options { metric, threshold, min_weight, min_evidence, adapted_coverage, order_weight, threads }.config()?;
    // The comparison keeps the documents (for its graph) shared with the Python objects, not
    // copied.
    let national_doc = Arc::clone(&national.inner);
    let local_docs = crate::phased::shared(&locals);
    let inner = detach(py, || policy_trace::compare(&national_doc, &local_docs, &config))?.map_err(PyErrWrap)?;
    Ok(PyComparison { inner, national_doc, local_docs, config })
}
