//! The Markdown form of a coverage report.

use std::fmt::Write as _;

use super::{CoverageReport, LocalityCoverage, escape_markdown_cell as cell, truncate_chars};
use crate::align::AdoptionKind;

/// The one-letter code of a kind in the matrix.
const fn code(kind: Option<AdoptionKind>) -> &'static str {
    match kind {
        Some(AdoptionKind::Verbatim) => "V",
        Some(AdoptionKind::Adapted) => "A",
        Some(AdoptionKind::Partial) => "P",
        Some(AdoptionKind::Forwarded) => "F",
        None => "·",
    }
}

fn or_dash(s: Option<&str>) -> String {
    s.map_or_else(|| "—".to_owned(), cell)
}

/// `L1 天津市`: the column key and name of a local document.
fn column(i: usize, l: &LocalityCoverage) -> String {
    format!("L{} {}", i + 1, cell(&l.doc.name))
}

impl CoverageReport {
    /// Writes the report as Markdown: the local documents with their totals, the reconciliation,
    /// the matrix of measures × local documents, the omitted measures and the novel clauses of
    /// each local document. Every piece of document text is escaped for Markdown.
    ///
    /// # Complexity
    /// O(M·D) for M measures and D local documents, plus the length of the texts.
    pub fn to_markdown(&self) -> String {
        let mut out = Vec::new();
        self.write_markdown(&mut out).expect("writing to memory never fails");
        String::from_utf8(out).expect("the report is UTF-8")
    }

    /// Writes [`CoverageReport::to_markdown`] into a writer (give it a buffered one), a row at a
    /// time.
    ///
    /// # Errors
    /// [`Error::Stdio`](crate::Error::Stdio) when the writer fails.
    ///
    /// # Complexity
    /// As [`CoverageReport::to_markdown`], with memory for one row of the matrix.
    pub fn write_markdown<W: std::io::Write>(&self, mut w: W) -> crate::Result<()> {
        let mut out = String::new();
        let n = &self.national;
        let _ = writeln!(out, "# Coverage of {}\n", cell(n.doc_number.as_deref().unwrap_or(&n.name)));
        let _ = writeln!(
            out,
            "National document: {} ({}, {}); {} measures, {} local documents.\n",
            or_dash(n.title.as_deref()),
            cell(n.id.as_str()),
            n.date.as_deref().unwrap_or("date unknown"),
            self.measures.len(),
            self.localities.len()
        );

        out.push_str("## Local documents\n\n");
        out.push_str("| | local document | id | level | date | days after | clauses parsed | linked | novel | measures adopted | share | verbatim | adapted | partial | forwarded |\n");
        out.push_str("|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (i, l) in self.localities.iter().enumerate() {
            let t = &l.totals;
            let _ = writeln!(
                out,
                "| L{} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1}% | {} | {} | {} | {} |",
                i + 1,
                cell(&l.doc.name),
                cell(l.doc.id.as_str()),
                l.doc.level.map_or("—", |v| v.as_str()),
                or_dash(l.doc.date.as_deref()),
                t.days_after_national.map_or_else(|| "—".to_owned(), |d| d.to_string()),
                t.clauses_parsed,
                t.linked_clauses,
                t.novel_clauses,
                t.adopted,
                t.share * 100.0,
                t.by_kind.verbatim,
                t.by_kind.adapted,
                t.by_kind.partial,
                t.by_kind.forwarded,
            );
            flush(&mut out, &mut w)?;
        }

        out.push_str("\n## Reconciliation\n\n");
        for (i, l) in self.localities.iter().enumerate() {
            let r = &l.reconciliation;
            let _ = writeln!(out, "- {}: {}; {}.", column(i, l), r.clauses.as_deref().unwrap_or_default(), r.measures);
            flush(&mut out, &mut w)?;
        }
        let _ = writeln!(out, "- National document: {}.", self.reconciliation.measures);

        out.push_str("\n## Measures × local documents\n\n");
        out.push_str(
            "V verbatim, A adapted, P partial, F forwarded, · omitted; the number is the best score in [0, 1].\n\n",
        );
        out.push_str("| measure | text | adopted by |");
        for i in 0..self.localities.len() {
            let _ = write!(out, " L{} |", i + 1);
        }
        out.push_str("\n|---|---|---:|");
        out.push_str(&"---|".repeat(self.localities.len()));
        out.push('\n');
        for m in &self.measures {
            let _ = write!(
                out,
                "| {} | {} | {} |",
                cell(&m.measure.id),
                cell(&truncate_chars(&m.measure.text, 24)),
                m.adopted_by
            );
            for c in &m.cells {
                if c.kind.is_some() {
                    let _ = write!(out, " {} {:.2} |", code(c.kind), c.score);
                } else {
                    let _ = write!(out, " {} |", code(None));
                }
            }
            out.push('\n');
            flush(&mut out, &mut w)?;
        }

        out.push_str("\n## Omitted measures\n");
        for (i, l) in self.localities.iter().enumerate() {
            let _ = writeln!(out, "\n### {} ({} of {})\n", column(i, l), l.totals.omitted, l.totals.measures);
            for id in &l.omitted {
                let text = self.measures.iter().find(|m| &m.measure.id == id).map_or("", |m| m.measure.text.as_str());
                let _ = writeln!(out, "- {} {}", cell(id), cell(&truncate_chars(text, 40)));
            }
            flush(&mut out, &mut w)?;
        }

        out.push_str("\n## Novel clauses\n");
        for (i, l) in self.localities.iter().enumerate() {
            let _ = writeln!(out, "\n### {} ({})\n", column(i, l), l.novel.len());
            for c in &l.novel {
                let _ = writeln!(out, "- {} {}", cell(&c.id), cell(&truncate_chars(&c.text, 40)));
            }
            flush(&mut out, &mut w)?;
        }
        flush(&mut out, &mut w)?;
        w.flush()?;
        Ok(())
    }
}

/// Moves what has been written so far to the writer.
fn flush<W: std::io::Write>(out: &mut String, w: &mut W) -> std::io::Result<()> {
    w.write_all(out.as_bytes())?;
    out.clear();
    Ok(())
}
