//! The `Document` and `Node` classes: read-only views of [`policy_trace::Document`].
//!
//! Ranges reach Python as `char_range` pairs of code-point offsets into `Document.text`, computed
//! with [`policy_trace::Span::to_char_range`]; the byte ranges stay in Rust.

use std::fmt::Write as _;
use std::sync::Arc;

use policy_trace::{Document, Node, Span};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyIterator, PyList, PyType};

use crate::convert::{Record, Reduced, escape_html, from_payload, json_loads, to_payload, to_python, variant_name};
use crate::error::{ParseError, PyErrWrap, detach};

/// A parsed policy document. Immutable; compares by value; pickles.
///
/// The document is shared (`Arc`): a comparison keeps the documents it was made from without
/// copying them.
#[pyclass(module = "policy_trace._native", name = "Document", frozen, eq)]
#[derive(PartialEq)]
pub struct PyDocument {
    pub inner: Arc<Document>,
}

impl From<Document> for PyDocument {
    fn from(inner: Document) -> Self {
        Self { inner: Arc::new(inner) }
    }
}

impl From<Arc<Document>> for PyDocument {
    fn from(inner: Arc<Document>) -> Self {
        Self { inner }
    }
}

impl PyDocument {
    fn char_range_of(&self, span: Span) -> (usize, usize) {
        span.to_char_range(&self.inner.text)
    }

    /// The paths (child indexes from the top level down) of the nodes that `keep` accepts, in
    /// document order.
    fn paths(&self, keep: &dyn Fn(&Node) -> bool) -> Vec<Box<[usize]>> {
        fn walk(nodes: &[Node], prefix: &mut Vec<usize>, keep: &dyn Fn(&Node) -> bool, out: &mut Vec<Box<[usize]>>) {
            for (i, node) in nodes.iter().enumerate() {
                prefix.push(i);
                if keep(node) {
                    out.push(prefix.as_slice().into());
                }
                walk(&node.children, prefix, keep, out);
                prefix.pop();
            }
        }
        let mut out = Vec::new();
        walk(&self.inner.nodes, &mut Vec::new(), keep, &mut out);
        out
    }

    fn node_objects(slf: &Bound<'_, Self>, paths: Vec<Box<[usize]>>) -> Vec<PyNode> {
        paths.into_iter().map(|path| PyNode { doc: slf.clone().unbind(), path }).collect()
    }
}

#[pymethods]
impl PyDocument {
    /// The document id.
    #[getter]
    fn id(&self) -> &str {
        self.inner.id.as_str()
    }

    /// `"standalone"` or `"forwarding"` (a 转发 notice; see `forwarded`).
    #[getter]
    fn kind(&self) -> String {
        variant_name(&self.inner.kind)
    }

    /// Header metadata as a dict, with the keys of the JSON (`title`, `doc_number`, `issuer`,
    /// `date_written`, …, `extra`); values not found are `None`.
    #[getter]
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.metadata)
    }

    /// How the input was read: a dict with `name`, `encoding` and `html`.
    #[getter]
    fn source<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.source)
    }

    /// Citations of other documents in text order: dicts with `title`, `doc_number` and
    /// `char_range`.
    #[getter]
    fn citations<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .citations
            .iter()
            .map(|c| {
                Ok(Record::new(py)
                    .with("title", &c.title)?
                    .with("doc_number", &c.doc_number)?
                    .with("char_range", self.char_range_of(c.range))?
                    .finish())
            })
            .collect()
    }

    /// The document a forwarding notice embeds, or `None`.
    #[getter]
    fn forwarded(&self) -> Option<Self> {
        self.inner.forwarded.as_deref().cloned().map(Self::from)
    }

    /// What the parser noticed and did: dicts with `kind`, `severity` (`"info"` or `"warning"`),
    /// `message` and `char_range` (or `None`).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .diagnostics
            .iter()
            .map(|d| {
                Ok(Record::new(py)
                    .with("kind", variant_name(&d.kind))?
                    .with("severity", variant_name(&d.severity))?
                    .with("message", &d.message)?
                    .with("char_range", d.range.map(|r| self.char_range_of(r)))?
                    .finish())
            })
            .collect()
    }

    /// Attachment tables kept apart from the body: dicts with `title`, `header`, `rows` (dicts
    /// with `number`, `section`, `task_number`, `text`, `char_range`), `notes` and `char_range`.
    #[getter]
    fn attachments<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .attachments
            .iter()
            .map(|a| {
                let rows = a
                    .rows
                    .iter()
                    .map(|r| {
                        Ok(Record::new(py)
                            .with("number", r.number)?
                            .with("section", &r.section)?
                            .with("task_number", r.task_number)?
                            .with("text", &r.text)?
                            .with("char_range", self.char_range_of(r.range))?
                            .finish())
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(Record::new(py)
                    .with("title", &a.title)?
                    .with("header", &a.header)?
                    .with("rows", rows)?
                    .with("notes", &a.notes)?
                    .with("char_range", self.char_range_of(a.range))?
                    .finish())
            })
            .collect()
    }

    /// The plain text all `char_range` pairs index.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    /// The top-level nodes: preamble paragraphs, chapters, closing paragraphs.
    #[getter]
    fn nodes(slf: &Bound<'_, Self>) -> Vec<PyNode> {
        let paths = (0..slf.get().inner.nodes.len()).map(|i| vec![i].into_boxed_slice()).collect();
        Self::node_objects(slf, paths)
    }

    /// The clauses (paragraph nodes) in document order.
    fn clauses(slf: &Bound<'_, Self>) -> Vec<PyNode> {
        Self::node_objects(slf, slf.get().paths(&Node::is_paragraph))
    }

    /// Every node, numbered ones and paragraphs, in document order.
    fn iter_nodes<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyIterator>> {
        let nodes = Self::node_objects(slf, slf.get().paths(&|_| true));
        PyList::new(slf.py(), nodes)?.try_iter()
    }

    /// The number of clauses.
    fn clause_count(&self) -> usize {
        self.inner.clause_count()
    }

    /// The node with this id (such as `"2.4"` or `"2.4.p1"`), or `None`.
    fn node(slf: &Bound<'_, Self>, id: &str) -> Option<PyNode> {
        let paths = slf.get().paths(&|n| n.id == id);
        Self::node_objects(slf, paths).into_iter().next()
    }

    /// The document as the dict `json.loads(self.to_json())`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.to_json(py)?)
    }

    /// The document as JSON, with a top-level `format_version` (byte ranges, as in Rust).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        detach(py, || self.inner.to_json())
    }

    /// Reads a document written by `to_json`.
    ///
    /// Raises `ParseError` for invalid JSON and `FormatVersionError` for another format version.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, json: &str) -> PyResult<Self> {
        Ok(detach(py, || Document::from_json(json))?.map_err(PyErrWrap)?.into())
    }

    /// Rebuilds a document from the payload of `__reduce__` (a version byte, then postcard).
    ///
    /// Payloads are for moving documents between processes running the same build (pickle,
    /// multiprocessing, Dask); store documents as JSON.
    #[classmethod]
    fn _from_bytes(_cls: &Bound<'_, PyType>, py: Python<'_>, payload: &[u8]) -> PyResult<Self> {
        from_payload::<Document>(py, payload, "Document").map(Self::from)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py, (Bound<'py, PyBytes>,)>> {
        let py = slf.py();
        let payload = to_payload(py, &*slf.get().inner, "Document")?;
        Ok((py.get_type::<Self>().getattr("_from_bytes")?, (PyBytes::new(py, &payload),)))
    }

    fn __repr__(&self) -> String {
        let m = &self.inner.metadata;
        format!(
            "<Document id={:?} kind={} title={:?} clauses={} diagnostics={}>",
            self.inner.id.as_str(),
            variant_name(&self.inner.kind),
            m.title.as_deref().unwrap_or(""),
            self.inner.clause_count(),
            self.inner.diagnostics.len(),
        )
    }

    /// A summary table for Jupyter; every piece of document text is HTML-escaped.
    fn _repr_html_(&self) -> String {
        let m = &self.inner.metadata;
        let rows = [
            ("id", Some(self.inner.id.to_string())),
            ("title", m.title.clone()),
            ("number", m.doc_number.clone()),
            ("issuer", m.issuer.clone()),
            ("date", m.date().map(str::to_owned)),
            ("clauses", Some(self.inner.clause_count().to_string())),
            ("diagnostics", Some(self.inner.diagnostics.len().to_string())),
        ];
        let mut html = String::from("<table class=\"policy-trace-document\">\n<caption>Document</caption>\n<tbody>\n");
        for (label, value) in rows {
            let value = value.map_or_else(|| "—".to_owned(), |v| escape_html(&v));
            writeln!(
                html,
                "<tr><th style=\"text-align:left\">{label}</th><td style=\"text-align:left\">{value}</td></tr>"
            )
            .expect("writing to a String never fails");
        }
        html.push_str("</tbody>\n</table>");
        html
    }
}

/// A node of a document tree: a chapter, article, item, sub-item or paragraph.
///
/// It holds its document and its path (child indexes from the top level down), so it costs
/// nothing to create, and pickles along with its document.
#[pyclass(module = "policy_trace._native", name = "Node", frozen, eq)]
pub struct PyNode {
    doc: Py<PyDocument>,
    path: Box<[usize]>,
}

impl PartialEq for PyNode {
    fn eq(&self, other: &Self) -> bool {
        self.node() == other.node() && self.owner().text == other.owner().text
    }
}

impl PyNode {
    fn owner(&self) -> &Document {
        &self.doc.get().inner
    }

    /// The node at `path`, if there is one.
    fn lookup<'a>(doc: &'a Document, path: &[usize]) -> Option<&'a Node> {
        let (first, rest) = path.split_first()?;
        rest.iter().try_fold(doc.nodes.get(*first)?, |node, &i| node.children.get(i))
    }

    fn node(&self) -> &Node {
        Self::lookup(self.owner(), &self.path).expect("node paths are checked when a Node is made")
    }

    fn char_range_of(&self, span: Span) -> (usize, usize) {
        span.to_char_range(&self.owner().text)
    }
}

#[pymethods]
impl PyNode {
    /// The path id, stable across runs: `2.4` for numbered nodes, `2.4.p1` for paragraphs.
    #[getter]
    fn id(&self) -> &str {
        &self.node().id
    }

    /// `"chapter"`, `"article"`, `"item"`, `"sub_item"` or `"paragraph"`.
    #[getter]
    fn kind(&self) -> String {
        variant_name(&self.node().kind)
    }

    /// The numbering marker as written (such as 「（四）」), for numbered nodes.
    #[getter]
    fn marker(&self) -> Option<&str> {
        self.node().marker.as_deref()
    }

    /// The number the marker stands for.
    #[getter]
    fn number(&self) -> Option<u32> {
        self.node().number
    }

    /// The heading of a numbered node.
    #[getter]
    fn heading(&self) -> Option<&str> {
        self.node().heading.as_deref()
    }

    /// The body text of a paragraph (hard wraps joined, the responsibility parenthetical left
    /// out); empty for numbered nodes.
    #[getter]
    fn text(&self) -> &str {
        &self.node().text
    }

    /// The lead sentence of a paragraph, if it has one.
    #[getter]
    fn lead(&self) -> Option<&str> {
        self.node().lead.as_deref()
    }

    /// The trailing responsible-agency parenthetical: a dict with `text`, `agencies`,
    /// `lead_agencies` and `char_range`, or `None`.
    #[getter]
    fn responsibility<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(r) = &self.node().responsibility else {
            return Ok(None);
        };
        Ok(Some(
            Record::new(py)
                .with("text", &r.text)?
                .with("agencies", &r.agencies)?
                .with("lead_agencies", &r.lead_agencies)?
                .with("char_range", self.char_range_of(r.range))?
                .finish(),
        ))
    }

    /// The sentences of a paragraph: dicts with `text` and `char_range`.
    #[getter]
    fn sentences<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.node()
            .sentences
            .iter()
            .map(|s| {
                Ok(Record::new(py).with("text", &s.text)?.with("char_range", self.char_range_of(s.range))?.finish())
            })
            .collect()
    }

    /// Where the node's own text stands in `Document.text`, in code points: the heading line
    /// for numbered nodes, the paragraph for paragraphs.
    #[getter]
    fn char_range(&self) -> (usize, usize) {
        self.char_range_of(self.node().range)
    }

    /// Child nodes in document order.
    #[getter]
    fn children(&self, py: Python<'_>) -> Vec<Self> {
        (0..self.node().children.len())
            .map(|i| Self { doc: self.doc.clone_ref(py), path: [&self.path[..], &[i]].concat().into() })
            .collect()
    }

    /// The document the node belongs to.
    #[getter]
    fn document(&self, py: Python<'_>) -> Py<PyDocument> {
        self.doc.clone_ref(py)
    }

    /// The node as a dict, in the shape of the JSON (byte ranges, as in Rust).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.node())
    }

    /// Rebuilds a node from the payload of `__reduce__`.
    #[classmethod]
    fn _from_path(_cls: &Bound<'_, PyType>, document: Py<PyDocument>, path: Vec<usize>) -> PyResult<Self> {
        if Self::lookup(&document.get().inner, &path).is_none() {
            return Err(ParseError::new_err(format!("invalid pickled Node: no node at path {path:?}")));
        }
        Ok(Self { doc: document, path: path.into() })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py, (Py<PyDocument>, Vec<usize>)>> {
        let py = slf.py();
        let this = slf.get();
        Ok((py.get_type::<Self>().getattr("_from_path")?, (this.doc.clone_ref(py), this.path.to_vec())))
    }

    fn __repr__(&self) -> String {
        let node = self.node();
        let shown = node.heading.as_deref().unwrap_or(&node.text);
        let mut excerpt: String = shown.chars().take(30).collect();
        if excerpt.len() < shown.len() {
            excerpt.push('…');
        }
        format!("<Node id={:?} kind={} text={excerpt:?}>", node.id, variant_name(&node.kind))
    }
}
