//! Numbering markers at the start of a line: 一、 第一章 第一部分 第一条 （一） 1． （1） ①.
//!
//! Markers are read on the original text, never on the NFKC comparison key, because NFKC rewrites
//! some of them (① → 1, ⑴ → (1)).

use serde::{Deserialize, Serialize};

/// A style of numbering marker.
///
/// Levels in a document are assigned by the order in which styles nest, not by style, so the
/// same tree comes out of 一、/（一）/1． and 第一部分/1./（1）.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerStyle {
    /// 第一部分
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 第一条
    ArticleWord,
    /// 一、
    HanComma,
    /// （一）
    HanParen,
    /// 1． / 1. / 1、
    ArabicDot,
    /// （1） / (1)
    ArabicParen,
    /// ① ② …
    Circled,
}

/// A marker found at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    pub(crate) style: MarkerStyle,
    pub(crate) number: u32,
    /// Length of the marker in bytes, including the separator (、 ． ） …).
    pub(crate) len: usize,
}

const HAN_DIGITS: &str = "零〇一二两三四五六七八九十百";

/// Converts a Chinese numeral up to 999 (一, 十二, 二十三, 一百零五) to a number.
pub(crate) fn han_number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| HAN_DIGITS.contains(c)) {
        return None;
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut total = 0u32;
    let mut current = 0u32;
    let mut seen_unit = false;
    for c in s.chars() {
        match c {
            '百' => {
                total += current.max(1) * 100;
                current = 0;
                seen_unit = true;
            }
            '十' => {
                total += current.max(1) * 10;
                current = 0;
                seen_unit = true;
            }
            _ => {
                let d = digit(c)?;
                if !seen_unit && current > 0 {
                    // Digit-by-digit numerals such as 二〇一七.
                    current = current * 10 + d;
                } else {
                    current = d;
                }
            }
        }
    }
    let n = total + current;
    (n > 0 && n < 1000).then_some(n)
}

fn take_while_prefix(s: &str, pred: impl Fn(char) -> bool) -> &str {
    let end = s.char_indices().find(|&(_, c)| !pred(c)).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn is_open_paren(c: char) -> bool {
    matches!(c, '（' | '(')
}

fn is_close_paren(c: char) -> bool {
    matches!(c, '）' | ')')
}

/// Reads a numbering marker at the start of `line` (leading white space already removed).
pub(crate) fn parse_marker(line: &str) -> Option<Marker> {
    let first = line.chars().next()?;
    // 第X章 / 第X部分 / 第X节 / 第X条
    if first == '第' {
        let rest = &line['第'.len_utf8()..];
        let num = take_while_prefix(rest, |c| HAN_DIGITS.contains(c) || c.is_ascii_digit());
        let n = han_number(num).or_else(|| num.parse().ok())?;
        let after = &rest[num.len()..];
        for (word, style) in [
            ("部分", MarkerStyle::Part),
            ("章", MarkerStyle::Chapter),
            ("节", MarkerStyle::Section),
            ("条", MarkerStyle::ArticleWord),
        ] {
            if let Some(tail) = after.strip_prefix(word) {
                // Allow one separator (space, 、, ：) after the word.
                let sep =
                    take_while_prefix(tail, |c| c == ' ' || c == '\u{3000}' || c == '、' || c == '：' || c == ':');
                let len = '第'.len_utf8() + num.len() + word.len() + sep.len();
                return Some(Marker { style, number: n, len });
            }
        }
        return None;
    }
    // 一、
    if HAN_DIGITS.contains(first) {
        let num = take_while_prefix(line, |c| HAN_DIGITS.contains(c));
        let n = han_number(num)?;
        let sep = line[num.len()..].chars().next()?;
        if matches!(sep, '、' | '，' | '．' | ',' | '.') {
            return Some(Marker { style: MarkerStyle::HanComma, number: n, len: num.len() + sep.len_utf8() });
        }
        return None;
    }
    // （一） / （1）
    if is_open_paren(first) {
        let rest = &line[first.len_utf8()..];
        let rest_trim = take_while_prefix(rest, |c| c == ' ');
        let inner_start = &rest[rest_trim.len()..];
        let han = take_while_prefix(inner_start, |c| HAN_DIGITS.contains(c));
        let (style, num) = if han.is_empty() {
            (
                MarkerStyle::ArabicParen,
                take_while_prefix(inner_start, |c| c.is_ascii_digit() || ('０'..='９').contains(&c)),
            )
        } else {
            (MarkerStyle::HanParen, han)
        };
        if num.is_empty() {
            return None;
        }
        let after = &inner_start[num.len()..];
        let close = after.chars().next()?;
        if !is_close_paren(close) {
            return None;
        }
        let n = if style == MarkerStyle::HanParen { han_number(num)? } else { parse_arabic(num)? };
        let len = first.len_utf8() + rest_trim.len() + num.len() + close.len_utf8();
        return Some(Marker { style, number: n, len });
    }
    // ⑴ style parenthesised digits (U+2474..U+2487).
    if ('\u{2474}'..='\u{2487}').contains(&first) {
        let n = first as u32 - 0x2474 + 1;
        return Some(Marker { style: MarkerStyle::ArabicParen, number: n, len: first.len_utf8() });
    }
    // ① … ⑳
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        let n = first as u32 - 0x2460 + 1;
        return Some(Marker { style: MarkerStyle::Circled, number: n, len: first.len_utf8() });
    }
    // 1． / 1. / 1、
    if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        let num = take_while_prefix(line, |c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        if num.chars().count() > 3 {
            return None;
        }
        let after = &line[num.len()..];
        let sep = after.chars().next()?;
        if !matches!(sep, '．' | '.' | '、') {
            return None;
        }
        // "1.5亿元" is a decimal, not a marker.
        if let Some(next) = after[sep.len_utf8()..].chars().next()
            && (next.is_ascii_digit() || ('０'..='９').contains(&next))
        {
            return None;
        }
        let n = parse_arabic(num)?;
        return Some(Marker { style: MarkerStyle::ArabicDot, number: n, len: num.len() + sep.len_utf8() });
    }
    None
}

fn parse_arabic(s: &str) -> Option<u32> {
    let ascii: String = s
        .chars()
        .map(|c| {
            if ('０'..='９').contains(&c) {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    let n: u32 = ascii.parse().ok()?;
    (n > 0 && n < 1000).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_numbers() {
        assert_eq!(han_number("一"), Some(1));
        assert_eq!(han_number("十"), Some(10));
        assert_eq!(han_number("十二"), Some(12));
        assert_eq!(han_number("二十"), Some(20));
        assert_eq!(han_number("二十三"), Some(23));
        assert_eq!(han_number("一百零五"), Some(105));
        assert_eq!(han_number("二〇"), Some(20));
        assert_eq!(han_number("甲"), None);
    }

    #[test]
    fn markers() {
        fn m(s: &str) -> Option<(MarkerStyle, u32, &str)> {
            parse_marker(s).map(|m| (m.style, m.number, &s[..m.len]))
        }
        assert_eq!(m("一、总体要求"), Some((MarkerStyle::HanComma, 1, "一、")));
        assert_eq!(m("（十二）构建多方"), Some((MarkerStyle::HanParen, 12, "（十二）")));
        assert_eq!(m("(三)发展目标。"), Some((MarkerStyle::HanParen, 3, "(三)")));
        assert_eq!(m("1．坚持改革为先。"), Some((MarkerStyle::ArabicDot, 1, "1．")));
        assert_eq!(m("33.创新投融资模式"), Some((MarkerStyle::ArabicDot, 33, "33.")));
        assert_eq!(m("（1）事项"), Some((MarkerStyle::ArabicParen, 1, "（1）")));
        assert_eq!(m("②事项"), Some((MarkerStyle::Circled, 2, "②")));
        assert_eq!(m("第三章 总则"), Some((MarkerStyle::Chapter, 3, "第三章 ")));
        assert_eq!(m("第一部分 总体要求"), Some((MarkerStyle::Part, 1, "第一部分 ")));
        assert_eq!(m("第十条　对"), Some((MarkerStyle::ArticleWord, 10, "第十条　")));
        assert_eq!(m("1.5亿元"), None);
        assert_eq!(m("2020年"), None);
        assert_eq!(m("第一时间"), None);
        assert_eq!(m("一是加强"), None);
        assert_eq!(m("一.总体要求"), Some((MarkerStyle::HanComma, 1, "一.")));
        assert_eq!(m("１２．完善"), Some((MarkerStyle::ArabicDot, 12, "１２．")));
        assert_eq!(m("（国家发展改革委负责）"), None);
    }
}
