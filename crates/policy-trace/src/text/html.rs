//! HTML to plain text: tags, scripts, styles and comments removed, entities decoded, paragraph
//! boundaries kept as line breaks.

use crate::document::{Diagnostic, DiagnosticKind, Span};

/// Whether the text looks like an HTML page or fragment.
pub fn looks_like_html(text: &str) -> bool {
    // Every sign below starts with `<`: text whose head has none is not HTML.
    let head_end = text.char_indices().nth(4096).map_or(text.len(), |(i, _)| i);
    if !text[..head_end].contains('<') {
        return false;
    }
    let head: String = text.chars().take(4096).collect::<String>().to_ascii_lowercase();
    let tags = ["<html", "<body", "<p>", "<p ", "<div", "<br", "<span", "<table", "<!doctype html", "<td", "<meta"];
    tags.iter().filter(|t| head.contains(*t)).count() >= 2
        || head.trim_start().starts_with("<!doctype html")
        || head.trim_start().starts_with("<html")
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "ul",
    "ol",
    "title",
    "header",
    "footer",
    "nav",
    "blockquote",
    "pre",
    "hr",
    "dt",
    "dd",
    "center",
    "form",
    "aside",
    "main",
    "tbody",
    "thead",
];

const SKIP_TAGS: &[&str] = &["script", "style", "noscript", "template", "svg", "iframe", "object"];

/// Elements that hold no content and have no end tag.
const VOID_TAGS: &[&str] =
    &["br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source", "track", "param"];

/// Elements that are page chrome by their name.
const CHROME_TAGS: &[&str] = &["nav", "footer", "aside", "title"];

/// Words in a `class` or `id` that mark an element as page chrome.
const CHROME_NAMES: &[&str] = &["nav", "menu", "breadcrumb", "crumb", "footer", "share", "sidebar"];

/// Decodes one entity body (without `&` and `;`).
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
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

/// Plain text made from HTML.
#[derive(Debug, Default)]
pub struct HtmlText {
    /// The text: one line per block element, entities decoded.
    pub text: String,
    /// Byte ranges of [`HtmlText::text`] that came from page chrome: navigation, footers, side
    /// bars and the page title (by element name, or by a `class` or `id` such as `breadcrumb`).
    pub chrome: Vec<Span>,
    /// What the conversion did.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a start tag names a chrome element.
fn is_chrome_tag(name: &str, tag: &str) -> bool {
    if CHROME_TAGS.contains(&name) {
        return true;
    }
    let attr = |a: &str| {
        let at = tag.find(&format!(" {a}="))? + a.len() + 2;
        let rest = &tag[at..];
        let (quote, rest) = match rest.chars().next()? {
            q @ ('"' | '\'') => (q, &rest[1..]),
            _ => (' ', rest),
        };
        Some(rest[..rest.find(quote).unwrap_or(rest.len())].to_owned())
    };
    ["class", "id"].iter().filter_map(|a| attr(a)).any(|v| CHROME_NAMES.iter().any(|w| v.contains(w)))
}

/// Starts a new line, without leaving blank lines or trailing spaces.
fn new_line(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Open elements: a stack, with how many of each name and how many chrome ones are open, so that
/// each tag costs O(1) amortised however deep the nesting.
#[derive(Default)]
struct OpenElements {
    stack: Vec<(String, bool)>,
    by_name: rustc_hash::FxHashMap<String, usize>,
    chrome: usize,
}

impl OpenElements {
    fn push(&mut self, name: String, is_chrome: bool) {
        *self.by_name.entry(name.clone()).or_default() += 1;
        self.chrome += usize::from(is_chrome);
        self.stack.push((name, is_chrome));
    }

    /// Closes the innermost open element of this name and every element opened inside it; an end
    /// tag with no open element is ignored.
    fn close(&mut self, name: &str) {
        if self.by_name.get(name).is_none_or(|&n| n == 0) {
            return;
        }
        while let Some((open, is_chrome)) = self.stack.pop() {
            self.chrome -= usize::from(is_chrome);
            if let Some(n) = self.by_name.get_mut(&open) {
                *n -= 1;
            }
            if open == name {
                break;
            }
        }
    }

    fn in_chrome(&self) -> bool {
        self.chrome > 0
    }
}

/// Converts HTML to plain text, and finds the page chrome in it.
///
/// Text that HTML hides is dropped, as a browser drops it: scripts, styles and comments. When one
/// of them is not closed, everything after its start is dropped, and a warning says how much.
///
/// # Complexity
/// O(n) in the length of the input, whatever the nesting depth or the number of stray `<` and `&`.
pub fn convert(html: &str) -> HtmlText {
    let mut out = String::with_capacity(html.len() / 2);
    let bytes = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let (mut tags, mut skipped) = (0usize, 0usize);
    let mut open = OpenElements::default();
    let mut chrome: Vec<Span> = Vec::new();
    let mut chrome_start: Option<usize> = None;
    let mut diagnostics = Vec::new();
    // The position of the next '>' at or after `i` (`None`: there is none), found once and
    // reused by every '<' before it, so that stray '<' cost O(n) in all.
    let mut next_gt: Option<usize> = html.find('>');
    let mut unclosed = |what: &str, from: usize| {
        diagnostics.push(Diagnostic::warning(
            DiagnosticKind::Html,
            format!(
                "{what} is not closed: the last {} bytes of the page are inside it and were dropped, as a browser drops them",
                html.len() - from
            ),
            None,
        ));
    };
    while i < html.len() {
        let c = bytes[i];
        if c == b'<' {
            if lower[i..].starts_with("<!--") {
                i = if let Some(e) = lower[i..].find("-->") {
                    i + e + 3
                } else {
                    unclosed("an HTML comment (<!--)", i);
                    html.len()
                };
                continue;
            }
            if next_gt.is_some_and(|g| g < i) {
                next_gt = html[i..].find('>').map(|g| i + g);
            }
            let Some(close) = next_gt.map(|g| g - i) else {
                // A lone '<' is text.
                out.push('<');
                i += 1;
                continue;
            };
            let inner = &lower[i + 1..i + close];
            let name: String = inner.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
            if name.is_empty() && !inner.starts_with('!') && !inner.starts_with('/') && !inner.starts_with('?') {
                out.push('<');
                i += 1;
                continue;
            }
            tags += 1;
            i += close + 1;
            let closing = inner.starts_with('/');
            if !closing && SKIP_TAGS.contains(&name.as_str()) && !inner.ends_with('/') {
                let end_tag = format!("</{name}");
                let start = i;
                i = if let Some(e) = lower[i..].find(&end_tag) {
                    let after = i + e;
                    lower[after..].find('>').map_or(html.len(), |g| after + g + 1)
                } else {
                    unclosed(&format!("a <{name}> element"), start);
                    html.len()
                };
                skipped += 1;
                continue;
            }
            if BLOCK_TAGS.contains(&name.as_str()) {
                new_line(&mut out);
            } else if (name == "td" || name == "th") && closing {
                out.push(' ');
            }
            if closing {
                open.close(&name);
            } else if !VOID_TAGS.contains(&name.as_str()) && !inner.ends_with('/') && !name.is_empty() {
                let is_chrome = is_chrome_tag(&name, &format!(" {inner}"));
                open.push(name, is_chrome);
            }
            match (open.in_chrome(), chrome_start) {
                (true, None) => chrome_start = Some(out.len()),
                (false, Some(s)) => {
                    new_line(&mut out);
                    chrome.push(Span::new(s, out.len()));
                    chrome_start = None;
                }
                _ => {}
            }
            continue;
        }
        if c == b'&'
            && let Some(semi) = bytes[i..bytes.len().min(i + 11)].iter().position(|&b| b == b';')
            && let Some(ch) = entity(&html[i + 1..i + semi])
        {
            out.push(ch);
            i += semi + 1;
            continue;
        }
        let ch = html[i..].chars().next().unwrap_or(' ');
        if ch.is_ascii_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(ch);
        }
        i += ch.len_utf8();
    }
    new_line(&mut out);
    if let Some(s) = chrome_start {
        chrome.push(Span::new(s, out.len()));
    }
    chrome.retain(|s| !s.is_empty());
    diagnostics.insert(
        0,
        Diagnostic::info(
            DiagnosticKind::Html,
            format!(
                "removed HTML markup: {tags} tags, {skipped} script/style blocks, {} navigation, header or footer regions",
                chrome.len()
            ),
            None,
        ),
    );
    HtmlText { text: out, chrome, diagnostics }
}

/// Converts HTML to plain text.
///
/// # Complexity
/// O(n) in the length of the input.
pub fn to_text(html: &str) -> (String, Vec<Diagnostic>) {
    let converted = convert(html);
    (converted.text, converted.diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_scripts() {
        let (t, _) = to_text(
            "<html><head><script>var x='<p>';</script><style>p{}</style></head><body><p>一、总体要求</p><p>深化改革&nbsp;&ldquo;放管服&rdquo;&#x3002;</p></body></html>",
        );
        assert_eq!(t, "一、总体要求\n深化改革 “放管服”。\n");
    }

    #[test]
    fn finds_chrome_regions() {
        let html = "<html><head><title>关于推进改革的意见_政府网</title></head><body><div class=\"breadcrumb\">首页 &gt; 政策</div><p>一、总体要求</p><footer><p>版权所有</p><p>网站标识码</p></footer></body></html>";
        let t = convert(html);
        let chrome: Vec<&str> = t.chrome.iter().map(|s| t.text[s.start..s.end].trim()).collect();
        assert_eq!(chrome, ["关于推进改革的意见_政府网", "首页 > 政策", "版权所有\n网站标识码"]);
        assert!(t.text.contains("一、总体要求\n"));
    }

    #[test]
    fn lone_angle_bracket_is_text() {
        let (t, _) = to_text("<p>a < b</p>");
        assert_eq!(t.trim(), "a < b");
    }
}
