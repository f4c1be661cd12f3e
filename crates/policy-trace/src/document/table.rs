//! Attachment tables flattened into text (分工方案, 任务清单).
//!
//! A table is recognised by a header line naming 序号, followed by rows that start with the row
//! numbers 1, 2, 3… in sequence.
//! The row number is often glued to the next cell (「1111.支持…」 is row 11, task 11), so rows are
//! read by the number expected next, never by the longest digit run.
//! The table and the attachment lines around it are kept apart from the body.

use super::chrome::shorten;
use super::markers::han_number;
use super::parse::{Pass, Role};
use super::{Attachment, Diagnostic, DiagnosticKind, Span, TableRow};
use crate::text::normalize::{ascii_digits, is_digit};

fn is_attachment_heading(s: &str) -> bool {
    let rest = s.strip_prefix("附件").unwrap_or("");
    s.starts_with("附件")
        && rest.chars().count() <= 4
        && rest.chars().all(|c| is_digit(c) || "：:一二三四五六七八九十 ".contains(c))
}

/// Marks lines that list attachments (「附件：《…》分工方案」) as metadata: they name an attachment,
/// they are not measures.
pub(crate) fn extract_attachments_marker(pass: &mut Pass<'_>) {
    for i in 0..pass.lines.len() {
        if pass.roles[i] != Role::Body {
            continue;
        }
        let line = pass.view_line(i);
        let listing = (line.starts_with("附件：") || line.starts_with("附件:"))
            && line.chars().count() <= 120
            && !line.contains('。');
        if listing {
            let msg = format!("read an attachment list 「{}」", shorten(&pass.line(i), 30));
            let d = Diagnostic::info(DiagnosticKind::Metadata, msg, Some(pass.lines[i].span()));
            pass.mark(i, Role::Metadata, d);
        }
    }
}

/// The leading digits of `s` (ASCII or full-width), as a number, with their byte length.
fn leading_digits(s: &str) -> Option<(u32, usize, usize)> {
    let len: usize = s.chars().take_while(|&c| is_digit(c)).map(char::len_utf8).sum();
    let count = s[..len].chars().count();
    let n = ascii_digits(&s[..len]).parse().ok()?;
    Some((n, len, count))
}

/// The start of a table row: the row number, and what follows it.
#[derive(Debug, PartialEq, Eq)]
struct RowStart {
    /// Byte length of the row number.
    number_len: usize,
    /// Byte range of a section heading repeated after the row number.
    section: Option<(usize, usize)>,
    /// The parent document's task number that follows.
    task: Option<u32>,
}

/// Reads the start of a row: the row number `expected` glued to what follows.
/// Returns `None` when the line does not start row `expected`.
fn row_start(line: &str, expected: u32) -> Option<RowStart> {
    let want = expected.to_string();
    let number_len: usize = line.chars().take(want.len()).map(char::len_utf8).sum();
    if ascii_digits(&line[..number_len]) != want.as_str() {
        return None;
    }
    let rest = &line[number_len..];
    let mut row = RowStart { number_len, section: None, task: None };
    let Some(first) = rest.chars().next() else { return Some(row) };
    if is_digit(first) {
        let (task, len, count) = leading_digits(rest)?;
        if count <= 3 && rest[len..].starts_with(['.', '．', '、']) {
            row.task = Some(task);
            return Some(row);
        }
        return None;
    }
    // A section heading such as 「二、着力提升关键领域科技创新能力」 followed by the task number.
    let num_len: usize = rest.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).map(char::len_utf8).sum();
    // The separator after the numeral is 、 or, in half-width or mixed text, one of ，,．.
    let separator = rest[num_len..].chars().next().filter(|c| matches!(c, '、' | '，' | ',' | '．' | '.'));
    if num_len > 0
        && han_number(&rest[..num_len]).is_some()
        && let Some(separator) = separator
    {
        let body_at = num_len + separator.len_utf8();
        let body = &rest[body_at..];
        let task_at = body.char_indices().find_map(|(i, c)| {
            let (n, len, count) = leading_digits(&body[i..]).filter(|_| is_digit(c))?;
            (count <= 3 && body[i + len..].starts_with(['.', '．', '、'])).then_some((i, n))
        });
        let section_end = task_at.map_or(rest.len(), |(i, _)| body_at + i);
        row.section = Some((number_len, number_len + section_end));
        row.task = task_at.map(|(_, n)| n);
        return Some(row);
    }
    None
}

fn leading_task_number(line: &str) -> Option<u32> {
    let (n, len, count) = leading_digits(line)?;
    (count > 0 && count <= 3 && line[len..].starts_with(['.', '．', '、'])).then_some(n)
}

/// Lines after a table header that continue the header (a wrapped header row) before the first
/// row.
const HEADER_CONTINUATION_LINES: usize = 3;

/// Finds attachment tables and marks their lines.
pub(crate) fn extract(pass: &mut Pass<'_>) -> Vec<Attachment> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pass.lines.len() {
        let is_header = pass.roles[i] == Role::Body && {
            let l = pass.view_line(i);
            l.contains("序号") && l.chars().count() <= 300
        };
        if !is_header {
            i += 1;
            continue;
        }
        let header_at = i;
        let mut header = pass.line(header_at).into_owned();
        let mut rows: Vec<TableRow> = Vec::new();
        let mut notes = Vec::new();
        let mut j = header_at + 1;
        let mut last = header_at;
        while j < pass.lines.len() {
            if pass.roles[j] == Role::Chrome {
                j += 1;
                continue;
            }
            if pass.roles[j] != Role::Body {
                break;
            }
            let view = pass.view_line(j);
            let line = pass.line(j);
            let expected = rows.len() as u32 + 1;
            if let Some(start) = row_start(&view, expected) {
                let section = start.section.map(|(a, b)| line[a..b].to_owned());
                let text = line[start.number_len..].to_owned();
                let range = pass.lines[j].span();
                rows.push(TableRow { number: expected, section, task_number: start.task, text, range });
            } else if view.starts_with('注') && view.chars().count() <= 200 {
                notes.push(line.into_owned());
            } else if let Some(row) = rows.last_mut() {
                if row.task_number.is_none() && row.text.is_empty() {
                    row.task_number = leading_task_number(&view);
                }
                row.text.push_str(&line);
                row.range.end = pass.lines[j].end();
            } else if j - header_at <= HEADER_CONTINUATION_LINES {
                header.push_str(&line);
            } else {
                break;
            }
            last = j;
            j += 1;
        }
        if rows.len() < 2 {
            i += 1;
            continue;
        }
        // The attachment starts at a 附件 heading shortly before the header, if there is one.
        let mut start = header_at;
        let mut title = None;
        for k in (header_at.saturating_sub(4)..header_at).rev() {
            if pass.roles[k] != Role::Body {
                continue;
            }
            if is_attachment_heading(&pass.view_line(k)) {
                start = k;
                break;
            }
            if title.is_none() {
                title = Some(pass.line(k).into_owned());
                start = k;
            }
        }
        for k in start..=last {
            if pass.roles[k] == Role::Body {
                pass.roles[k] = Role::Attachment;
            }
        }
        let range = Span::new(pass.lines[start].start(), pass.lines[last].end());
        pass.diagnostics.push(Diagnostic::info(
            DiagnosticKind::Table,
            format!("recognised an attachment table with {} rows; it is kept apart from the body", rows.len()),
            Some(range),
        ));
        out.push(Attachment { title, header: Some(header), rows, notes, range });
        i = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_row_numbers() {
        let task = |s: &str, n: u32| row_start(s, n).map(|r| r.task);
        assert_eq!(task("1111.支持国家级新区", 11), Some(Some(11)));
        assert_eq!(task("2629.指导国家级新区", 26), Some(Some(29)));
        assert_eq!(task("１１１１．支持", 11), Some(Some(11)));
        assert_eq!(task("18", 18), Some(None));
        let line = "6二、着力提升关键领域科技创新能力6.研究谋划";
        let r = row_start(line, 6).unwrap();
        assert_eq!(r.task, Some(6));
        let (a, b) = r.section.unwrap();
        assert_eq!(&line[a..b], "二、着力提升关键领域科技创新能力");
        assert_eq!(row_start("2020年完成", 2), None);
        // Half-width text writes the section numeral's 、 as a comma.
        let line = "6二,着力提升关键领域科技创新能力6.研究谋划";
        assert_eq!(row_start(line, 6).unwrap().task, Some(6));
    }
}
