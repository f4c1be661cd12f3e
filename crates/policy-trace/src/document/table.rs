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

fn is_attachment_heading(s: &str) -> bool {
    let rest = s.strip_prefix("附件").unwrap_or("");
    s.starts_with("附件") && rest.chars().count() <= 4 && rest.chars().all(|c| c.is_ascii_digit() || "：:一二三四五六七八九十 ".contains(c))
}

/// Marks lines that list attachments (「附件：《…》分工方案」) as metadata: they name an attachment,
/// they are not measures.
pub(crate) fn extract_attachments_marker(pass: &mut Pass<'_>) {
    for i in 0..pass.lines.len() {
        if pass.roles[i] != Role::Body {
            continue;
        }
        let line = pass.line(i);
        let listing = (line.starts_with("附件：") || line.starts_with("附件:"))
            && line.chars().count() <= 120
            && !line.contains('。');
        if listing {
            let msg = format!("read an attachment list 「{}」", shorten(line, 30));
            pass.roles[i] = Role::Metadata;
            pass.diagnostics.push(Diagnostic::info(DiagnosticKind::Metadata, msg, Some(pass.lines[i].span())));
        }
    }
}

/// Reads the start of a row: the row number `expected` glued to what follows.
/// Returns the section heading and task number found after the row number, if the line is a row.
fn row_start(line: &str, expected: u32) -> Option<(Option<String>, Option<u32>)> {
    let rest = line.strip_prefix(&expected.to_string())?;
    if rest.is_empty() {
        return Some((None, None));
    }
    let first = rest.chars().next()?;
    if first.is_ascii_digit() {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[digits.len()..];
        if digits.len() <= 3 && after.starts_with(['.', '．', '、']) {
            return Some((None, digits.parse().ok()));
        }
        return None;
    }
    // A section heading such as 「二、着力提升关键领域科技创新能力」 followed by the task number.
    let num: String = rest.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
    if !num.is_empty() && han_number(&num).is_some() && rest[num.len()..].starts_with('、') {
        let body = &rest[num.len() + '、'.len_utf8()..];
        let at = body.char_indices().find(|&(i, c)| {
            c.is_ascii_digit() && {
                let digits: String = body[i..].chars().take_while(char::is_ascii_digit).collect();
                body[i + digits.len()..].starts_with(['.', '．', '、'])
            }
        });
        return Some(match at {
            Some((i, _)) => {
                let digits: String = body[i..].chars().take_while(char::is_ascii_digit).collect();
                (Some(rest[..num.len() + '、'.len_utf8() + i].to_owned()), digits.parse().ok())
            }
            None => (Some(rest.to_owned()), None),
        });
    }
    None
}

fn leading_task_number(line: &str) -> Option<u32> {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty() && digits.len() <= 3 && line[digits.len()..].starts_with(['.', '．', '、']))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Finds attachment tables and marks their lines.
pub(crate) fn extract(pass: &mut Pass<'_>) -> Vec<Attachment> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pass.lines.len() {
        let is_header = pass.roles[i] == Role::Body && {
            let l = pass.line(i);
            l.contains("序号") && l.chars().count() <= 300
        };
        if !is_header {
            i += 1;
            continue;
        }
        let header_at = i;
        let mut rows: Vec<TableRow> = Vec::new();
        let mut row_lines: Vec<usize> = Vec::new();
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
            let line = pass.line(j).to_owned();
            let expected = rows.len() as u32 + 1;
            if let Some((section, task)) = row_start(&line, expected) {
                let span = pass.lines[j].span();
                let text = line[expected.to_string().len()..].to_owned();
                rows.push(TableRow { number: expected, section, task_number: task, text, range: span });
            } else if line.starts_with("注") && line.chars().count() <= 200 {
                notes.push(line);
            } else if let Some(row) = rows.last_mut() {
                if row.task_number.is_none() && row.text.is_empty() {
                    row.task_number = leading_task_number(&line);
                }
                row.text.push_str(&line);
                row.range.end = pass.lines[j].end;
            } else {
                break;
            }
            row_lines.push(j);
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
            if is_attachment_heading(pass.line(k)) {
                start = k;
                break;
            }
            if title.is_none() {
                title = Some(pass.line(k).to_owned());
                start = k;
            }
        }
        for k in start..=last {
            if pass.roles[k] == Role::Body {
                pass.roles[k] = Role::Attachment;
            }
        }
        let header = pass.line(header_at).to_owned();
        let range = Span::new(pass.lines[start].start, pass.lines[last].end);
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
        assert_eq!(row_start("1111.支持国家级新区", 11), Some((None, Some(11))));
        assert_eq!(row_start("2629.指导国家级新区", 26), Some((None, Some(29))));
        assert_eq!(row_start("18", 18), Some((None, None)));
        assert_eq!(
            row_start("6二、着力提升关键领域科技创新能力6.研究谋划", 6),
            Some((Some("二、着力提升关键领域科技创新能力".to_owned()), Some(6)))
        );
        assert_eq!(row_start("2020年完成", 2), None);
    }
}
