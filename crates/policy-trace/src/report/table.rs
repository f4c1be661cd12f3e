//! The tidy CSV form of a coverage report.

use std::borrow::Cow;
use std::fmt::Write as _;

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
        let mut out = Vec::new();
        self.write_csv(&mut out).expect("writing to memory never fails");
        String::from_utf8(out).expect("the cells are UTF-8")
    }

    /// Writes [`CoverageReport::to_csv`] into a writer (give it a buffered one), from borrowed
    /// cells, a row at a time.
    ///
    /// # Errors
    /// [`Error::Stdio`](crate::Error::Stdio) when the writer fails.
    ///
    /// # Complexity
    /// As [`CoverageReport::to_csv`], with memory for one row.
    pub fn write_csv<W: std::io::Write>(&self, writer: W) -> crate::Result<()> {
        let io = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => crate::Error::Stdio(e),
            other => crate::Error::Stdio(std::io::Error::other(format!("{other:?}"))),
        };
        let mut w = csv::Writer::from_writer(writer);
        w.write_record(HEADER).map_err(io)?;
        // The counts of each local document, written once.
        let counts: Vec<[String; 6]> = self
            .localities
            .iter()
            .map(|l| {
                let t = &l.totals;
                [t.linked_clauses, t.novel_clauses, t.clauses_parsed, t.adopted, t.omitted, t.measures]
                    .map(|n| n.to_string())
            })
            .collect();
        let (mut score, mut ids) = (String::new(), String::new());
        for m in &self.measures {
            for ((cell, l), counts) in m.cells.iter().zip(&self.localities).zip(&counts) {
                score.clear();
                let _ = write!(score, "{:.4}", cell.score);
                ids.clear();
                for (i, id) in cell.local_ids.iter().enumerate() {
                    if i > 0 {
                        ids.push(';');
                    }
                    ids.push_str(id);
                }
                let record: [&str; 13] = [
                    &m.measure.id,
                    &m.measure.text,
                    &l.doc.name,
                    l.doc.id.as_str(),
                    cell.kind.map_or("omitted", |k| k.as_str()),
                    &score,
                    &ids,
                    &counts[0],
                    &counts[1],
                    &counts[2],
                    &counts[3],
                    &counts[4],
                    &counts[5],
                ];
                for field in record {
                    w.write_field(neutralise(field).as_bytes()).map_err(io)?;
                }
                w.write_record(None::<&[u8]>).map_err(io)?;
            }
        }
        w.flush()?;
        Ok(())
    }
}
