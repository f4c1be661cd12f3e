//! Coverage reports: one national document against many local ones.
//!
//! [`CoverageReport::from_comparison`] turns a [`Comparison`] into a matrix of national measures ×
//! local documents, with per-document totals, per-measure adoption counts and a reconciliation of
//! the counts, and writes it as JSON, tidy CSV, Markdown or a self-contained HTML page.

mod html;
mod json;
mod markdown;
mod table;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use html::HtmlConfig;
pub use json::REPORT_FORMAT_VERSION;

use crate::Result;
use crate::align::{AdoptionKind, Alignment, ClauseRef, Comparison, DocSummary, Link};
use crate::document::DocId;

/// Counts of links or measures by adoption kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    /// Copied with trivial edits.
    pub verbatim: usize,
    /// Reworded or localised.
    pub adapted: usize,
    /// Taken up loosely.
    pub partial: usize,
    /// Adopted by forwarding the whole national document.
    pub forwarded: usize,
}

impl KindCounts {
    fn add(&mut self, kind: AdoptionKind) {
        match kind {
            AdoptionKind::Verbatim => self.verbatim += 1,
            AdoptionKind::Adapted => self.adapted += 1,
            AdoptionKind::Partial => self.partial += 1,
            AdoptionKind::Forwarded => self.forwarded += 1,
        }
    }
}

/// One cell of the matrix: how one local document takes up one national measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The local document.
    pub doc: DocId,
    /// The strongest kind among the links, or `None` when the measure is omitted.
    pub kind: Option<AdoptionKind>,
    /// The best score (0 when omitted).
    pub score: f64,
    /// The linked local clauses, in document order.
    pub local_ids: Vec<String>,
    /// The links to the measure, in local document order.
    pub links: Vec<CellLink>,
}

/// A link of a [`Cell`]: a local clause and how it takes up the cell's measure. The measure's
/// text is the row's ([`MeasureCoverage::measure`]) and is not repeated here; the shared spans
/// are character ranges into the two texts, not copies of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellLink {
    /// The local clause, with its text.
    pub local: ClauseRef,
    /// Similarity in [0, 1].
    pub score: f64,
    /// How faithfully the local clause adopts the measure.
    pub kind: AdoptionKind,
    /// The shared spans, longest first.
    pub evidence: Vec<SharedSpan>,
}

/// A span of text shared by a local clause and a national measure, as character ranges (code
/// points): `local` into the local clause's text, `national` into the measure's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedSpan {
    /// Character range in the local clause text.
    pub local: (usize, usize),
    /// Character range in the national clause text.
    pub national: (usize, usize),
}

/// A link, owned or borrowed, that becomes a [`CellLink`]: without its national clause, which the
/// report holds once per measure.
trait IntoCellLink {
    fn national_id(&self) -> &str;
    fn into_cell_link(self) -> CellLink;
}

fn spans(link: &Link) -> Vec<SharedSpan> {
    link.evidence.iter().map(|e| SharedSpan { local: e.local, national: e.national }).collect()
}

impl IntoCellLink for Link {
    fn national_id(&self) -> &str {
        &self.national.id
    }

    fn into_cell_link(self) -> CellLink {
        CellLink { evidence: spans(&self), local: self.local, score: self.score, kind: self.kind }
    }
}

impl IntoCellLink for &Link {
    fn national_id(&self) -> &str {
        &self.national.id
    }

    fn into_cell_link(self) -> CellLink {
        CellLink { evidence: spans(self), local: self.local.clone(), score: self.score, kind: self.kind }
    }
}

/// One row of the matrix: a national measure across the local documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureCoverage {
    /// The national clause.
    pub measure: ClauseRef,
    /// One cell per local document, in the order of [`CoverageReport::localities`].
    pub cells: Vec<Cell>,
    /// The number of local documents that adopt it.
    pub adopted_by: usize,
    /// Those documents by the kind of their adoption.
    pub by_kind: KindCounts,
}

/// Totals of one local document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalityTotals {
    /// National measures.
    pub measures: usize,
    /// Measures adopted.
    pub adopted: usize,
    /// Measures omitted.
    pub omitted: usize,
    /// Share of measures adopted, in [0, 1], rounded to four decimals.
    pub share: f64,
    /// Adopted measures by kind.
    pub by_kind: KindCounts,
    /// Local clauses linked to at least one measure.
    pub linked_clauses: usize,
    /// Local clauses with no national source.
    pub novel_clauses: usize,
    /// Clauses with no comparable text (only punctuation or numbers), neither linked nor novel.
    pub unaligned_clauses: usize,
    /// Clauses parsed (for a forwarding notice, its own and the embedded document's).
    pub clauses_parsed: usize,
    /// Days between the national document and this one, where both dates are known.
    pub days_after_national: Option<i64>,
}

/// The counts of a report, shown to add up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// The clause count, stated: `linked 35 + novel 5 = 40 clauses parsed`.
    pub clauses: Option<String>,
    /// The measure count, stated: `adopted 30 + omitted 10 = 40 measures`.
    pub measures: String,
    /// Whether both sums hold.
    pub balanced: bool,
}

/// One local document's column of the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalityCoverage {
    /// The document.
    pub doc: DocSummary,
    /// Its totals.
    pub totals: LocalityTotals,
    /// Its counts, shown to add up.
    pub reconciliation: Reconciliation,
    /// Its clauses with no national source, in document order.
    pub novel: Vec<ClauseRef>,
    /// The ids of the national measures it omits, in document order.
    pub omitted: Vec<String>,
}

/// A coverage report: national measures × local documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageReport {
    /// The national document.
    pub national: DocSummary,
    /// The local documents, by date where known (earliest first), then name.
    pub localities: Vec<LocalityCoverage>,
    /// The national measures in document order, with one cell per local document.
    pub measures: Vec<MeasureCoverage>,
    /// Measures adopted by at least one local document + measures adopted by none = measures.
    pub reconciliation: Reconciliation,
}

impl CoverageReport {
    /// Builds the report of a comparison, copying what it needs of it
    /// ([`CoverageReport::from`] a `Comparison` moves it instead).
    ///
    /// # Complexity
    /// O(M·D + l + D log D) for M measures, D local documents and l links.
    pub fn from_comparison(comparison: &Comparison) -> Self {
        let mut alignments: Vec<&Alignment> = comparison.alignments.iter().collect();
        alignments.sort_by_cached_key(|a| column_order(a));
        let mut b = Builder::new(&comparison.national, &comparison.measures, alignments.len());
        let columns: Vec<Column> = alignments.into_par_iter().map(|a| b.column(a, &a.links)).collect();
        for c in columns {
            b.push(c);
        }
        b.finish(comparison.national.clone())
    }

    /// Serialises the report as JSON with `format_version` ([`REPORT_FORMAT_VERSION`]), on one
    /// line.
    ///
    /// # Complexity
    /// O(size of the report).
    pub fn to_json(&self) -> String {
        json::to_string(self, false)
    }

    /// As [`CoverageReport::to_json`], with the top four levels indented (one line per measure
    /// field and per cell) and deeper ones compact, as [`CoverageReport::write_json`] writes it
    /// without the final line break.
    ///
    /// # Complexity
    /// O(size of the report).
    pub fn to_json_pretty(&self) -> String {
        json::to_string(self, true)
    }

    /// Writes the JSON of [`CoverageReport::to_json_pretty`] and a line break, as
    /// `policy-trace report -o FILE.json` writes it, without building it in memory first
    /// (give it a buffered writer).
    ///
    /// # Errors
    /// The writer's I/O errors ([`Error::Stdio`](crate::Error::Stdio)).
    ///
    /// # Complexity
    /// O(size of the report) time, O(1) memory beyond the report.
    pub fn write_json<W: std::io::Write>(&self, writer: W) -> Result<()> {
        json::write(self, writer)
    }

    /// Reads JSON written by [`CoverageReport::to_json`].
    ///
    /// # Errors
    /// [`Error::Json`](crate::Error::Json) for malformed JSON, [`Error::FormatVersion`](crate::Error::FormatVersion) for another version.
    pub fn from_json(json: &str) -> Result<Self> {
        json::from_str(json)
    }
}

impl From<Comparison> for CoverageReport {
    /// Builds the report of a comparison, moving its links and clauses into the report rather
    /// than copying them: each alignment is dropped once its column is built.
    ///
    /// # Complexity
    /// As [`CoverageReport::from_comparison`], with memory for the report only.
    fn from(comparison: Comparison) -> Self {
        let Comparison { national, measures, mut alignments } = comparison;
        alignments.sort_by_cached_key(column_order);
        let mut b = Builder::new(&national, &measures, alignments.len());
        drop(measures);
        // Columns are built in parallel (each alignment dropped once its column is made) and
        // gathered in order.
        let columns: Vec<Column> = alignments
            .into_par_iter()
            .map(|mut a| {
                let links = std::mem::take(&mut a.links);
                b.column(&a, links)
            })
            .collect();
        for c in columns {
            b.push(c);
        }
        b.finish(national)
    }
}

/// The order of the columns: by date where known (earliest first), then name, then id.
fn column_order(a: &Alignment) -> (bool, Option<i64>, String, DocId) {
    let day = a.local.date.as_deref().and_then(day_number);
    (day.is_none(), day, a.local.name.clone(), a.local.id.clone())
}

/// One local document's part of a report: its cells (one per measure, in row order) and its
/// column.
struct Column {
    locality: LocalityCoverage,
    cells: Vec<Cell>,
}

/// A report under construction, one local document at a time.
struct Builder {
    national_day: Option<i64>,
    measures: Vec<MeasureCoverage>,
    /// National clause id → row.
    rows: rustc_hash::FxHashMap<String, usize>,
    localities: Vec<LocalityCoverage>,
}

impl Builder {
    fn new(national: &DocSummary, measures: &[ClauseRef], columns: usize) -> Self {
        let rows = measures.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect();
        let measures = measures
            .iter()
            .map(|m| MeasureCoverage {
                measure: m.clone(),
                cells: Vec::with_capacity(columns),
                adopted_by: 0,
                by_kind: KindCounts::default(),
            })
            .collect();
        let national_day = national.date.as_deref().and_then(day_number);
        Self { national_day, measures, rows, localities: Vec::with_capacity(columns) }
    }

    /// The column of one alignment, whose links (in local document order) are given apart.
    fn column<L: IntoCellLink>(&self, a: &Alignment, links: impl IntoIterator<Item = L>) -> Column {
        let mut by_row: Vec<Vec<CellLink>> = Vec::new();
        by_row.resize_with(self.measures.len(), Vec::new);
        for l in links {
            // A link to a clause that is not a measure of the report has no cell.
            if let Some(&row) = self.rows.get(l.national_id()) {
                by_row[row].push(l.into_cell_link());
            }
        }
        let linked: std::collections::BTreeSet<(&DocId, &str)> =
            by_row.iter().flatten().map(|l| (&l.local.doc, l.local.id.as_str())).collect();
        let linked = linked.len();
        let mut by_kind = KindCounts::default();
        let mut omitted = Vec::new();
        let mut cells = Vec::with_capacity(self.measures.len());
        for (m, links) in a.measures.iter().zip(by_row) {
            if let Some(kind) = m.kind {
                by_kind.add(kind);
            } else {
                omitted.push(m.national.id.clone());
            }
            cells.push(Cell {
                doc: a.local.id.clone(),
                kind: m.kind,
                score: m.score,
                local_ids: m.local_ids.clone(),
                links,
            });
        }
        let adopted = a.measures.len() - omitted.len();
        let parsed = a.local.clause_count;
        let totals = LocalityTotals {
            measures: a.measures.len(),
            adopted,
            omitted: omitted.len(),
            share: round4(if a.measures.is_empty() { 0.0 } else { adopted as f64 / a.measures.len() as f64 }),
            by_kind,
            linked_clauses: linked,
            novel_clauses: a.novel.len(),
            unaligned_clauses: parsed.saturating_sub(linked + a.novel.len()),
            clauses_parsed: parsed,
            days_after_national: a
                .local
                .date
                .as_deref()
                .and_then(day_number)
                .zip(self.national_day)
                .map(|(l, n)| l - n),
        };
        let reconciliation = totals.reconciliation();
        let locality =
            LocalityCoverage { doc: a.local.clone(), totals, reconciliation, novel: a.novel.clone(), omitted };
        Column { locality, cells }
    }

    /// Adds a column: its cells to the rows, its document to the localities.
    fn push(&mut self, column: Column) {
        for (row, cell) in self.measures.iter_mut().zip(column.cells) {
            if let Some(kind) = cell.kind {
                row.by_kind.add(kind);
                row.adopted_by += 1;
            }
            row.cells.push(cell);
        }
        self.localities.push(column.locality);
    }

    fn finish(self, national: DocSummary) -> CoverageReport {
        let Self { measures, localities, .. } = self;
        let adopted = measures.iter().filter(|m| m.adopted_by > 0).count();
        let reconciliation = Reconciliation {
            clauses: None,
            measures: format!(
                "adopted by at least one local document {adopted} + adopted by none {} = {} measures",
                measures.len() - adopted,
                measures.len()
            ),
            balanced: true,
        };
        CoverageReport { national, localities, measures, reconciliation }
    }
}

impl LocalityTotals {
    fn reconciliation(&self) -> Reconciliation {
        let unaligned = if self.unaligned_clauses > 0 {
            format!(" + {} without comparable text", self.unaligned_clauses)
        } else {
            String::new()
        };
        let clauses_hold = self.linked_clauses + self.novel_clauses + self.unaligned_clauses == self.clauses_parsed;
        let sign = if clauses_hold { "=" } else { "≠" };
        Reconciliation {
            clauses: Some(format!(
                "linked {} + novel {}{unaligned} {sign} {} clauses parsed",
                self.linked_clauses, self.novel_clauses, self.clauses_parsed
            )),
            measures: format!("adopted {} + omitted {} = {} measures", self.adopted, self.omitted, self.measures),
            balanced: clauses_hold && self.adopted + self.omitted == self.measures,
        }
    }
}

impl Comparison {
    /// The coverage report of this comparison ([`CoverageReport::from_comparison`]).
    ///
    /// # Complexity
    /// As [`CoverageReport::from_comparison`].
    pub fn coverage_report(&self) -> CoverageReport {
        CoverageReport::from_comparison(self)
    }

    /// The coverage report of this comparison, moving its contents ([`CoverageReport::from`]).
    ///
    /// # Complexity
    /// As [`CoverageReport::from_comparison`], with memory for the report only.
    pub fn into_coverage_report(self) -> CoverageReport {
        CoverageReport::from(self)
    }
}

/// Rounds to four decimals, so that shares print the same everywhere.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The day number of a `YYYY-MM-DD` date (days since 1970-01-01), or `None` when it is not one.
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

pub(crate) use crate::text::shorten as truncate_chars;

/// Escapes text for a Markdown table cell: pipes, backslashes, HTML-significant characters,
/// and line breaks.
pub fn escape_markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' => out.push_str("\\`"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '*' => out.push_str("\\*"),
            '_' => out.push_str("\\_"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
