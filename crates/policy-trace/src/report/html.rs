//! The HTML form of a coverage report: a self-contained page rendered through minijinja
//! templates, embedded in the binary and overridable from a directory at run time.
//!
//! Every piece of document text reaches the page through the templates' automatic HTML escaping:
//! highlighted texts are passed as segments (`{text, mark}`) that the template wraps in `<mark>`,
//! never as markup built here.

use std::fmt::Write as _;
use std::path::PathBuf;

use minijinja::{Environment, ErrorKind};
use serde::Serialize;

use super::{CoverageReport, LocalityTotals, Reconciliation};
use crate::align::{AdoptionKind, ClauseRef, DocSummary};
use crate::{Error, Result};

/// The templates built into the binary, by name.
const BUILTIN: &[(&str, &str)] = &[
    ("report.html", include_str!("../../templates/report.html")),
    ("report.css", include_str!("../../templates/report.css")),
];

/// The template rendered first.
const MAIN: &str = "report.html";

/// Options of the HTML report.
#[derive(Clone, Debug, Default)]
pub struct HtmlConfig {
    template_dir: Option<PathBuf>,
    title: Option<String>,
}

impl HtmlConfig {
    /// The built-in templates and the default title.
    pub const fn new() -> Self {
        Self { template_dir: None, title: None }
    }

    /// A directory whose templates (`report.html`, `report.css`, or any template they include)
    /// replace the built-in ones of the same name. Templates whose name ends in `.html` are
    /// auto-escaped.
    pub fn template_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.template_dir = Some(dir.into());
        self
    }

    /// The page title (default: `Coverage of <national document number or name>`).
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.title = Some(title.into());
        self
    }

    /// Renders a report.
    ///
    /// # Errors
    /// [`Error::Template`] when a template cannot be read, parsed or rendered.
    ///
    /// # Complexity
    /// O(M·D) for M measures and D local documents, plus the length of the texts.
    pub fn render(&self, report: &CoverageReport) -> Result<String> {
        let mut out = Vec::new();
        self.render_to(report, &mut out)?;
        Ok(String::from_utf8(out).expect("templates render UTF-8"))
    }

    /// Renders a report into a writer (give it a buffered one), without building the page in
    /// memory first.
    ///
    /// # Errors
    /// [`Error::Template`] when a template cannot be read, parsed or rendered;
    /// [`Error::Stdio`] when the writer fails.
    ///
    /// # Complexity
    /// As [`HtmlConfig::render`]; memory for the view of the report, not for the page.
    pub fn render_to<W: std::io::Write>(&self, report: &CoverageReport, writer: W) -> Result<()> {
        let mut env = Environment::new();
        let dir = self.template_dir.clone();
        env.set_loader(move |name| load_template(dir.as_ref(), name));
        let template_error = |e: &minijinja::Error| Error::Template {
            name: e.name().unwrap_or(MAIN).to_owned(),
            reason: e.detail().map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind())),
        };
        let template = env.get_template(MAIN).map_err(|e| template_error(&e))?;
        let title = self.title.clone().unwrap_or_else(|| {
            format!("Coverage of {}", report.national.doc_number.as_deref().unwrap_or(&report.national.name))
        });
        let mut writer = WriteErrors { inner: writer, error: None };
        match template.render_captured_to(minijinja::value::Serde(View::new(report, title)), &mut writer) {
            Ok(_) => {}
            Err(_) if writer.error.is_some() => return Err(Error::Stdio(writer.error.take().expect("checked"))),
            Err(e) => return Err(template_error(&e)),
        }
        writer.inner.flush()?;
        Ok(())
    }
}

/// A writer that keeps its first I/O error, which minijinja would turn into a template error.
struct WriteErrors<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: std::io::Write> std::io::Write for WriteErrors<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|e| {
            let copy = std::io::Error::new(e.kind(), e.to_string());
            self.error.get_or_insert(e);
            copy
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl CoverageReport {
    /// Writes the report as a self-contained HTML page with the built-in templates: a heat map of
    /// measures × local documents, per-document totals and reconciliation, and for each adopted
    /// cell the national and local texts side by side with the shared spans in `<mark>`.
    /// Use [`HtmlConfig`] for other templates.
    ///
    /// # Complexity
    /// As [`HtmlConfig::render`].
    pub fn to_html(&self) -> String {
        HtmlConfig::new().render(self).expect("the built-in templates render")
    }

    /// Writes [`CoverageReport::to_html`] into a writer (give it a buffered one).
    ///
    /// # Errors
    /// [`Error::Stdio`] when the writer fails.
    ///
    /// # Complexity
    /// As [`HtmlConfig::render`].
    pub fn write_html<W: std::io::Write>(&self, writer: W) -> Result<()> {
        HtmlConfig::new().render_to(self, writer)
    }
}

/// Loads a template: from the override directory when it holds one of that name, else built in.
fn load_template(dir: Option<&PathBuf>, name: &str) -> std::result::Result<Option<String>, minijinja::Error> {
    let fail = |msg: String| minijinja::Error::new(ErrorKind::InvalidOperation, msg);
    if let Some(dir) = dir {
        if name.split(['/', '\\']).any(|part| part == ".." || part.is_empty()) {
            return Err(fail(format!("template name {name:?} leaves the template directory")));
        }
        match crate::io::read_bytes(&dir.join(name)) {
            Ok(bytes) => {
                return String::from_utf8(bytes).map(Some).map_err(|_| fail(format!("template {name} is not UTF-8")));
            }
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(fail(e.to_string())),
        }
    }
    Ok(BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, text)| (*text).to_owned()))
}

/// A piece of text, highlighted or not.
#[derive(Debug, Serialize)]
pub(super) struct Segment {
    pub(super) text: String,
    pub(super) mark: bool,
}

/// Cuts a text into segments, marking the given char ranges (which may overlap or run past the
/// end).
pub(super) fn highlight(text: &str, ranges: impl IntoIterator<Item = (usize, usize)>) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let mut marked = vec![false; chars.len()];
    for (start, end) in ranges {
        for m in marked.iter_mut().take(end.min(chars.len())).skip(start) {
            *m = true;
        }
    }
    let mut out: Vec<Segment> = Vec::new();
    for (c, mark) in chars.into_iter().zip(marked) {
        match out.last_mut() {
            Some(s) if s.mark == mark => s.text.push(c),
            _ => out.push(Segment { text: c.to_string(), mark }),
        }
    }
    out
}

/// What the templates see.
#[derive(Serialize)]
struct View<'a> {
    title: String,
    generator: String,
    national: &'a DocSummary,
    reconciliation: &'a Reconciliation,
    columns: Vec<ColumnView<'a>>,
    rows: Vec<RowView<'a>>,
    details: Vec<DetailView>,
    /// The whole report, for templates that want more.
    report: &'a CoverageReport,
}

#[derive(Serialize)]
struct ColumnView<'a> {
    key: String,
    doc: &'a DocSummary,
    totals: &'a LocalityTotals,
    share_percent: String,
    reconciliation: &'a Reconciliation,
    novel: &'a [ClauseRef],
    omitted: Vec<&'a ClauseRef>,
}

#[derive(Serialize)]
struct RowView<'a> {
    measure: &'a ClauseRef,
    adopted_by: usize,
    cells: Vec<CellView>,
}

#[derive(Serialize)]
struct CellView {
    kind: &'static str,
    code: &'static str,
    score: String,
    anchor: Option<String>,
    tooltip: String,
}

#[derive(Serialize)]
struct DetailView {
    anchor: String,
    column: String,
    locality: String,
    measure_id: String,
    heading: Option<String>,
    kind: &'static str,
    score: String,
    links: Vec<LinkView>,
}

#[derive(Serialize)]
struct LinkView {
    local_doc: String,
    local_id: String,
    local_heading: Option<String>,
    kind: &'static str,
    score: String,
    local: Vec<Segment>,
    national: Vec<Segment>,
}

const fn kind_name(kind: Option<AdoptionKind>) -> (&'static str, &'static str) {
    match kind {
        Some(AdoptionKind::Verbatim) => ("verbatim", "V"),
        Some(AdoptionKind::Adapted) => ("adapted", "A"),
        Some(AdoptionKind::Partial) => ("partial", "P"),
        Some(AdoptionKind::Forwarded) => ("forwarded", "F"),
        None => ("omitted", "·"),
    }
}

impl<'a> View<'a> {
    fn new(report: &'a CoverageReport, title: String) -> Self {
        let columns = report
            .localities
            .iter()
            .enumerate()
            .map(|(i, l)| ColumnView {
                key: format!("L{}", i + 1),
                doc: &l.doc,
                totals: &l.totals,
                share_percent: format!("{:.1}", l.totals.share * 100.0),
                reconciliation: &l.reconciliation,
                novel: &l.novel,
                omitted: l
                    .omitted
                    .iter()
                    .filter_map(|id| report.measures.iter().find(|m| &m.measure.id == id))
                    .map(|m| &m.measure)
                    .collect(),
            })
            .collect::<Vec<_>>();
        let mut rows = Vec::with_capacity(report.measures.len());
        let mut details = Vec::new();
        for (r, m) in report.measures.iter().enumerate() {
            let mut cells = Vec::with_capacity(m.cells.len());
            for (c, (cell, col)) in m.cells.iter().zip(&columns).enumerate() {
                let (kind, code) = kind_name(cell.kind);
                let score = format!("{:.2}", cell.score);
                let mut tooltip = format!("{} {} · {} · {kind}", col.key, col.doc.name, m.measure.id);
                if cell.kind.is_some() {
                    let _ = write!(tooltip, " {score}");
                }
                if !cell.local_ids.is_empty() {
                    let _ = write!(tooltip, " · {}", cell.local_ids.join(", "));
                }
                let anchor = cell.kind.map(|_| format!("m{}-l{}", r + 1, c + 1));
                if let Some(anchor) = &anchor {
                    details.push(DetailView {
                        anchor: anchor.clone(),
                        column: col.key.clone(),
                        locality: col.doc.name.clone(),
                        measure_id: m.measure.id.clone(),
                        heading: m.measure.heading.clone(),
                        kind,
                        score: score.clone(),
                        links: cell
                            .links
                            .iter()
                            .map(|l| LinkView {
                                local_doc: l.local.doc.to_string(),
                                local_id: l.local.id.clone(),
                                local_heading: l.local.heading.clone(),
                                kind: kind_name(Some(l.kind)).0,
                                score: format!("{:.2}", l.score),
                                local: highlight(&l.local.text, l.evidence.iter().map(|e| e.local)),
                                national: highlight(&m.measure.text, l.evidence.iter().map(|e| e.national)),
                            })
                            .collect(),
                    });
                }
                cells.push(CellView { kind, code, score, anchor, tooltip });
            }
            rows.push(RowView { measure: &m.measure, adopted_by: m.adopted_by, cells });
        }
        View {
            title,
            generator: format!("policy-trace {}", env!("CARGO_PKG_VERSION")),
            national: &report.national,
            reconciliation: &report.reconciliation,
            columns,
            rows,
            details,
            report,
        }
    }
}
