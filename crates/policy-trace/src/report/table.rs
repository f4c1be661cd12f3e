//! The tidy CSV form of a coverage report.

use std::borrow::Cow;

use super::CoverageReport;

/// The CSV header.
const HEADER: &[&str] = &[
    "measure_id",
    "measure_text",
    "locality",
    "doc_id",
    "kind",
    "score",
    "local_clause_ids",
    "doc_linked_clauses",
    "doc_novel_clauses",
    "doc_clauses_parsed",
    "doc_measures_adopted",
    "doc_measures_omitted",
    "national_measures",
];

/// Neutralises a cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) by prefixing a single quote.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

impl CoverageReport {
    /// Writes the report as tidy CSV: one row per measure × local document, with the kind
    /// (`omitted` when not adopted), the best score (four decimals) and the linked local clause
    /// ids (`;`-separated), followed by the document's counts, so that the reconciliation
    /// (linked + novel = clauses parsed, adopted + omitted = measures) can be checked on every row.
    /// Cells that a spreadsheet would run as a formula are neutralised with a leading `'`.
    ///
    /// # Complexity
    /// O(M·D) rows for M measures and D local documents.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(HEADER).expect("writing to memory never fails");
        for m in &self.measures {
            for (cell, l) in m.cells.iter().zip(&self.localities) {
                let t = &l.totals;
                let record = [
                    m.measure.id.clone(),
                    m.measure.text.clone(),
                    l.doc.name.clone(),
                    l.doc.id.to_string(),
                    cell.kind.map_or("omitted", |k| k.as_str()).to_owned(),
                    format!("{:.4}", cell.score),
                    cell.local_ids.join(";"),
                    t.linked_clauses.to_string(),
                    t.novel_clauses.to_string(),
                    t.clauses_parsed.to_string(),
                    t.adopted.to_string(),
                    t.omitted.to_string(),
                    t.measures.to_string(),
                ];
                w.write_record(record.iter().map(|s| neutralise(s).into_owned()))
                    .expect("writing to memory never fails");
            }
        }
        let bytes = w.into_inner().expect("writing to memory never fails");
        String::from_utf8(bytes).expect("the cells are UTF-8")
    }
}
