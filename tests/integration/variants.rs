//! Rewritings of a document that must not change how it parses: the forms real documents come
//! in (HTML pages, legacy encodings, traditional characters, other punctuation widths, hard
//! wraps, other numbering styles, other line ends).

use std::fmt::Write as _;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use policy_trace::{Document, Span};

/// A way of rewriting a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// The lines as paragraphs of an HTML page with scripts, styles, navigation, a breadcrumb,
    /// a metadata table, entities, `<p>` and `<br>` boundaries, and a footer.
    Html,
    /// GBK bytes. GBK has no U+00A0 and no `•`; a GBK page holds a space and `·` there.
    Gbk,
    /// GB18030 bytes.
    Gb18030,
    /// Traditional characters (`OpenCC` s2t).
    Traditional,
    /// Half-width punctuation: ，→, 、→, （→( ）→) ：→: ；→; ！→! ？→? ．→.
    HalfWidthPunctuation,
    /// Full-width punctuation: ,→， (→（ )→） :→： ;→； !→！ ?→？
    FullWidthPunctuation,
    /// Full-width digits: 0→０ … 9→９.
    FullWidthDigits,
    /// Every line wrapped at 36 characters, with the blank lines between paragraphs kept or
    /// removed.
    HardWrap { blank_lines: bool },
    /// Every paragraph opened with the customary two ideographic spaces, then wrapped at 36
    /// characters counting them, blank lines kept.
    IndentedHardWrap,
    /// Other numbering styles: 一、→第一部分, （一）→1., 1．→（1）.
    Renumbered,
    /// Lines ended by `\r\n`.
    Crlf,
    /// Lines ended by a lone `\r`.
    CarriageReturn,
    /// Traditional characters, half-width punctuation, full-width digits, hard wraps without
    /// blank lines and `\r\n`, as GB18030 bytes.
    Everything,
}

/// Where hard wraps fall.
pub const WRAP_WIDTH: usize = 36;

impl Variant {
    /// Rewrites `text`, whose parse is `original`, and returns the bytes to parse.
    pub fn apply(self, text: &str, original: &Document) -> Vec<u8> {
        match self {
            Self::Html => html(text, original).into_bytes(),
            Self::Gbk => {
                let text = gbk_repertoire(text);
                let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
                assert!(!unmappable, "the text has characters GBK cannot encode");
                bytes.into_owned()
            }
            Self::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
            Self::Traditional => {
                OpenCC::from_config(BuiltinConfig::S2t).expect("the s2t tables are built in").convert(text).into_bytes()
            }
            Self::HalfWidthPunctuation => text
                .chars()
                .map(|c| match c {
                    '，' | '、' => ',',
                    '（' => '(',
                    '）' => ')',
                    '：' => ':',
                    '；' => ';',
                    '！' => '!',
                    '？' => '?',
                    '．' => '.',
                    _ => c,
                })
                .collect::<String>()
                .into_bytes(),
            Self::FullWidthPunctuation => text
                .chars()
                .map(|c| match c {
                    ',' => '，',
                    '(' => '（',
                    ')' => '）',
                    ':' => '：',
                    ';' => '；',
                    '!' => '！',
                    '?' => '？',
                    _ => c,
                })
                .collect::<String>()
                .into_bytes(),
            Self::FullWidthDigits => text
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect::<String>()
                .into_bytes(),
            Self::HardWrap { blank_lines } => hard_wrap(text, blank_lines).into_bytes(),
            Self::IndentedHardWrap => {
                let indented: String = lines(text)
                    .map(|l| if l.is_empty() { String::new() } else { format!("\u{3000}\u{3000}{l}") })
                    .collect::<Vec<_>>()
                    .join("\n");
                hard_wrap_raw(&indented).into_bytes()
            }
            Self::Renumbered => {
                renumber(text, &original.attachments.iter().map(|a| a.range).collect::<Vec<_>>()).into_bytes()
            }
            Self::Crlf => text.replace("\r\n", "\n").replace('\n', "\r\n").into_bytes(),
            Self::CarriageReturn => text.replace("\r\n", "\n").replace('\n', "\r").into_bytes(),
            Self::Everything => {
                let utf8 = |bytes: Vec<u8>| String::from_utf8(bytes).expect("the text variants are UTF-8");
                let mut t = text.to_owned();
                for v in [
                    Self::Traditional,
                    Self::HalfWidthPunctuation,
                    Self::FullWidthDigits,
                    Self::HardWrap { blank_lines: false },
                    Self::Crlf,
                ] {
                    t = utf8(v.apply(&t, original));
                }
                Self::Gb18030.apply(&t, original)
            }
        }
    }
}

/// The text with the characters GBK lacks replaced by what a GBK page holds instead.
fn gbk_repertoire(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{a0}' => ' ',
            '•' => '·',
            _ => c,
        })
        .collect()
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// The lines of a text, trimmed; blank lines are empty strings.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|l| l.trim_matches(is_blank))
}

/// Wraps every line at [`WRAP_WIDTH`] characters as it stands, indentation included.
fn hard_wrap_raw(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        if chars.is_empty() {
            out.push(String::new());
        }
        out.extend(chars.chunks(WRAP_WIDTH).map(|c| c.iter().collect::<String>()));
    }
    out.join("\n")
}

fn hard_wrap(text: &str, blank_lines: bool) -> String {
    let mut out = Vec::new();
    for line in lines(text) {
        if line.is_empty() {
            if blank_lines {
                out.push(String::new());
            }
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        out.extend(chars.chunks(WRAP_WIDTH).map(|c| c.iter().collect::<String>()));
    }
    out.join("\n")
}

const HAN_DIGITS: &str = "一二三四五六七八九十";

/// A Chinese numeral up to 99.
fn han_number(s: &str) -> Option<u32> {
    let digit = |c: char| HAN_DIGITS.chars().position(|d| d == c).map(|p| p as u32 + 1).filter(|&d| d < 10);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [d] if *d != '十' => digit(*d),
        ['十'] => Some(10),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', d] => Some(10 * digit(*t)? + digit(*d)?),
        _ => None,
    }
}

/// Reads a marker at the start of `s`: its length in bytes and its replacement.
fn renumbered_marker(s: &str) -> Option<(usize, String)> {
    let han: String = s.chars().take_while(|c| HAN_DIGITS.contains(*c)).collect();
    if !han.is_empty() && s[han.len()..].starts_with('、') {
        han_number(&han)?;
        return Some((han.len() + '、'.len_utf8(), format!("第{han}部分 ")));
    }
    if let Some(rest) = s.strip_prefix(['（', '(']) {
        let han: String = rest.chars().take_while(|c| HAN_DIGITS.contains(*c)).collect();
        let n = han_number(&han)?;
        let close = rest[han.len()..].chars().next().filter(|c| matches!(c, '）' | ')'))?;
        let len = s.len() - rest.len() + han.len() + close.len_utf8();
        return Some((len, format!("{n}.")));
    }
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if (1..=2).contains(&digits.len()) {
        let sep = s[digits.len()..].chars().next().filter(|c| matches!(c, '．' | '.'))?;
        let after = &s[digits.len() + sep.len_utf8()..];
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return Some((digits.len() + sep.len_utf8(), format!("（{digits}）")));
    }
    None
}

/// Rewrites the numbering markers at the start of a line or after the end of a sentence,
/// outside the attachment tables.
fn renumber(text: &str, tables: &[Span]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 10);
    let mut at_start = true;
    let mut i = 0;
    while i < text.len() {
        let in_table = tables.iter().any(|t| t.start <= i && i < t.end);
        if at_start
            && !in_table
            && let Some((len, replacement)) = renumbered_marker(&text[i..])
        {
            out.push_str(&replacement);
            i += len;
            at_start = false;
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        out.push(c);
        i += c.len_utf8();
        if !is_blank(c) || c == '\n' || c == '\r' {
            at_start = matches!(c, '\n' | '\r' | '。' | '；' | '）' | ')');
        }
    }
    out
}

/// The labels of a page's metadata table.
const LABELS: &[&str] = &[
    "名称",
    "索引号",
    "发布机构",
    "文号",
    "主题分类",
    "成文日期",
    "发文日期",
    "发布日期",
    "有效性",
    "发文字号",
    "发文单位",
    "规范性文件登记号",
];

/// A key-value line of the original: its label and value.
fn key_value(line: &str) -> Option<(String, String)> {
    let compact: String = line.trim_start_matches(['•', ' ']).chars().filter(|c| !is_blank(*c)).collect();
    let label = LABELS.iter().filter(|l| compact.starts_with(**l)).max_by_key(|l| l.len())?;
    let value = compact[label.len()..].trim_start_matches([':', '：']);
    Some(((*label).to_owned(), value.to_owned()))
}

fn escape(s: &str, numeric_stops: bool) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '“' => out.push_str("&ldquo;"),
            '”' => out.push_str("&rdquo;"),
            '。' if numeric_stops => out.push_str("&#12290;"),
            '、' if numeric_stops => out.push_str("&#x3001;"),
            _ => out.push(c),
        }
    }
    out
}

fn html(text: &str, original: &Document) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut body = Vec::new();
    for line in lines(text).filter(|l| !l.is_empty()) {
        match key_value(line) {
            Some(pair) => pairs.push(pair),
            None => body.push(line),
        }
    }
    if pairs.is_empty() {
        let m = &original.metadata;
        let rows = [("索引号", &m.index_number), ("发文字号", &m.doc_number), ("成文日期", &m.date_written)];
        pairs.extend(rows.into_iter().filter_map(|(l, v)| v.clone().map(|v| (l.to_owned(), v))));
    }
    let title = original.metadata.title.clone().unwrap_or_else(|| "政策文件".to_owned());
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(out, "<title>{}_政府门户网站</title>", escape(&title, false));
    out.push_str(
        "<style>\n.article p { text-indent: 2em; }\ndiv > p::after { content: \"<p>不是正文</p>\"; }\n</style>\n",
    );
    out.push_str("<script type=\"text/javascript\">\nvar menu = \"<div>首页</div>\"; if (a < b && b > c) { document.write('<p>脚本</p>'); }\n</script>\n</head>\n<body>\n");
    out.push_str("<nav class=\"top\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk\">政务公开</a></li><li><a href=\"/hd\">互动交流</a></li><li><a href=\"/fw\">办事服务</a></li></ul></nav>\n");
    out.push_str("<div class=\"breadcrumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk\">政务公开</a> &gt; 政策文件</div>\n");
    if !pairs.is_empty() {
        out.push_str("<table class=\"xxgk\">\n");
        for row in pairs.chunks(2) {
            out.push_str("<tr>");
            for (label, value) in row {
                let _ = write!(out, "<td class=\"label\">{label}：</td><td>{}</td>", escape(value, false));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    }
    out.push_str("<div class=\"article\">\n");
    for (i, line) in body.iter().enumerate() {
        if i % 3 == 2 {
            let _ = writeln!(out, "{}<br/>", escape(line, i % 2 == 0));
        } else {
            let _ = writeln!(out, "<p style=\"text-indent:2em\">{}</p>", escape(line, i % 2 == 0));
        }
    }
    out.push_str("</div>\n<div id=\"share-bar\">分享到：微信 微博 QQ空间</div>\n");
    out.push_str("<footer><p>主办单位：某某市人民政府办公厅 版权所有</p><p>网站标识码：1234567890 京ICP备12345678号</p></footer>\n");
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renumbers_markers_only() {
        let t = "一、总体要求\n（一）指导思想。完成1.5亿元。2.加强领导。\n(十二)措施";
        assert_eq!(renumber(t, &[]), "第一部分 总体要求\n1.指导思想。完成1.5亿元。（2）加强领导。\n12.措施");
    }

    #[test]
    fn wraps_at_the_width() {
        let line = "一".repeat(40);
        assert_eq!(hard_wrap(&format!("{line}\n\n二"), true), format!("{}\n{}\n\n二", "一".repeat(36), "一".repeat(4)));
    }
}
