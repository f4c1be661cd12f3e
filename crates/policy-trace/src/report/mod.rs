//! Coverage reports: one national document against many local ones.
//!
//! [`CoverageReport::from_comparison`] turns a [`Comparison`] into a matrix of national measures ×
//! local documents, with per-document totals, per-measure adoption counts and a reconciliation of
//! the counts, and writes it as JSON, tidy CSV, Markdown or a self-contained HTML page.

mod html;
mod markdown;
mod table;

use serde::{Deserialize, Serialize};

pub use html::HtmlConfig;

use crate::Result;
use crate::align::{AdoptionKind, ClauseRef, Comparison, DocSummary, Link};
use crate::document::{DocId, from_versioned_json, to_versioned_json};

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
    pub links: Vec<Link>,
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
    /// Builds the report of a comparison.
    ///
    /// # Complexity
    /// O(M·D + l log l) for M measures, D local documents and l links.
    pub fn from_comparison(comparison: &Comparison) -> Self {
        let national_day = comparison.national.date.as_deref().and_then(day_number);
        let mut alignments: Vec<_> = comparison.alignments.iter().collect();
        alignments.sort_by_cached_key(|a| {
            let day = a.local.date.as_deref().and_then(day_number);
            (day.is_none(), day, a.local.name.clone(), a.local.id.clone())
        });

        let mut measures: Vec<MeasureCoverage> = comparison
            .measures
            .iter()
            .map(|m| MeasureCoverage {
                measure: m.clone(),
                cells: Vec::new(),
                adopted_by: 0,
                by_kind: KindCounts::default(),
            })
            .collect();
        let mut localities = Vec::with_capacity(alignments.len());
        for a in alignments {
            let mut by_kind = KindCounts::default();
            let mut omitted = Vec::new();
            for (row, m) in measures.iter_mut().zip(&a.measures) {
                let links = a.links.iter().filter(|l| l.national.id == m.national.id).cloned().collect();
                if let Some(kind) = m.kind {
                    by_kind.add(kind);
                    row.by_kind.add(kind);
                    row.adopted_by += 1;
                } else {
                    omitted.push(m.national.id.clone());
                }
                row.cells.push(Cell {
                    doc: a.local.id.clone(),
                    kind: m.kind,
                    score: m.score,
                    local_ids: m.local_ids.clone(),
                    links,
                });
            }
            let linked: std::collections::BTreeSet<(&DocId, &str)> =
                a.links.iter().map(|l| (&l.local.doc, l.local.id.as_str())).collect();
            let adopted = a.measures.len() - omitted.len();
            let parsed = a.local.clause_count;
            let totals = LocalityTotals {
                measures: a.measures.len(),
                adopted,
                omitted: omitted.len(),
                share: round4(if a.measures.is_empty() { 0.0 } else { adopted as f64 / a.measures.len() as f64 }),
                by_kind,
                linked_clauses: linked.len(),
                novel_clauses: a.novel.len(),
                unaligned_clauses: parsed.saturating_sub(linked.len() + a.novel.len()),
                clauses_parsed: parsed,
                days_after_national: a.local.date.as_deref().and_then(day_number).zip(national_day).map(|(l, n)| l - n),
            };
            let reconciliation = totals.reconciliation();
            localities.push(LocalityCoverage {
                doc: a.local.clone(),
                totals,
                reconciliation,
                novel: a.novel.clone(),
                omitted,
            });
        }
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
        Self { national: comparison.national.clone(), localities, measures, reconciliation }
    }

    /// Serialises the report as JSON with `format_version`.
    ///
    /// # Complexity
    /// O(size of the report).
    pub fn to_json(&self) -> String {
        to_versioned_json(self, false)
    }

    /// As [`CoverageReport::to_json`], indented.
    ///
    /// # Complexity
    /// O(size of the report).
    pub fn to_json_pretty(&self) -> String {
        to_versioned_json(self, true)
    }

    /// Reads JSON written by [`CoverageReport::to_json`].
    ///
    /// # Errors
    /// [`Error::Json`](crate::Error::Json) for malformed JSON, [`Error::FormatVersion`](crate::Error::FormatVersion) for another version.
    pub fn from_json(json: &str) -> Result<Self> {
        from_versioned_json(json)
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
