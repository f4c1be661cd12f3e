//! HTML to plain text: tags, scripts, styles and comments removed, entities decoded, paragraph
//! boundaries kept as line breaks.

use crate::document::{Diagnostic, DiagnosticKind};

/// Whether the text looks like an HTML page or fragment.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect::<String>().to_ascii_lowercase();
    let tags = ["<html", "<body", "<p>", "<p ", "<div", "<br", "<span", "<table", "<!doctype html", "<td", "<meta"];
    tags.iter().filter(|t| head.contains(*t)).count() >= 2 || head.trim_start().starts_with("<!doctype html") || head.trim_start().starts_with("<html")
}

const BLOCK_TAGS: &[&str] = &[
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "ul", "ol", "title",
    "header", "footer", "nav", "blockquote", "pre", "hr", "dt", "dd", "center", "form",
];

const SKIP_TAGS: &[&str] = &["script", "style", "noscript", "template", "svg", "iframe", "object"];

/// Decodes one entity body (without `&` and `;`).
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) { u32::from_str_radix(hex, 16).ok()? } else { num.parse().ok()? };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "permil" => '‰',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

/// Converts HTML to plain text.
///
/// # Complexity
/// O(n) in the length of the input.
pub fn to_text(html: &str) -> (String, Vec<Diagnostic>) {
    let mut out = String::with_capacity(html.len() / 2);
    let bytes = html.as_bytes();
    let mut i = 0;
    let (mut tags, mut skipped) = (0usize, 0usize);
    let lower = html.to_ascii_lowercase();
    while i < html.len() {
        let c = bytes[i];
        if c == b'<' {
            if lower[i..].starts_with("<!--") {
                i = lower[i..].find("-->").map_or(html.len(), |e| i + e + 3);
                continue;
            }
            let Some(close) = html[i..].find('>') else {
                // A lone '<' is text.
                out.push('<');
                i += 1;
                continue;
            };
            let inner = &lower[i + 1..i + close];
            let name: String = inner.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if name.is_empty() && !inner.starts_with('!') && !inner.starts_with('/') && !inner.starts_with('?') {
                out.push('<');
                i += 1;
                continue;
            }
            tags += 1;
            i += close + 1;
            if !inner.starts_with('/') && SKIP_TAGS.contains(&name.as_str()) && !inner.ends_with('/') {
                let end_tag = format!("</{name}");
                i = lower[i..].find(&end_tag).map_or(html.len(), |e| {
                    let after = i + e;
                    lower[after..].find('>').map_or(html.len(), |g| after + g + 1)
                });
                skipped += 1;
                continue;
            }
            if BLOCK_TAGS.contains(&name.as_str()) {
                out.push('\n');
            } else if name == "td" || name == "th" {
                if inner.starts_with('/') { out.push(' ') }
            }
            continue;
        }
        if c == b'&'
            && let Some(semi) = html[i..].find(';').filter(|&s| s <= 10)
            && let Some(ch) = entity(&html[i + 1..i + semi])
        {
            out.push(ch);
            i += semi + 1;
            continue;
        }
        let ch = html[i..].chars().next().unwrap_or(' ');
        if ch == '\n' || ch == '\r' || ch == '\t' {
            out.push(' ');
        } else {
            out.push(ch);
        }
        i += ch.len_utf8();
    }
    // Collapse runs of blank lines and trailing spaces.
    let mut text = String::with_capacity(out.len());
    for line in out.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !text.ends_with("\n\n") && !text.is_empty() {
                text.push('\n');
            }
            continue;
        }
        text.push_str(line.trim_start_matches(' '));
        text.push('\n');
    }
    let diags = vec![Diagnostic::info(
        DiagnosticKind::Html,
        format!("removed HTML markup: {tags} tags, {skipped} script/style blocks"),
        None,
    )];
    (text, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_scripts() {
        let (t, _) = to_text("<html><head><script>var x='<p>';</script><style>p{}</style></head><body><p>一、总体要求</p><p>深化改革&nbsp;&ldquo;放管服&rdquo;&#x3002;</p></body></html>");
        assert_eq!(t, "一、总体要求\n深化改革 “放管服”。\n");
    }

    #[test]
    fn lone_angle_bracket_is_text() {
        let (t, _) = to_text("<p>a < b</p>");
        assert_eq!(t.trim(), "a < b");
    }
}
