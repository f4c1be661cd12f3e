//! Header metadata, signatures and citations.

use std::sync::LazyLock;

use regex::Regex;

use super::chrome::shorten;
use super::markers::{han_number, parse_marker};
use super::parse::{Line, Pass, Role, is_space};
use super::{Citation, Diagnostic, DiagnosticKind, Level, Metadata, Span};

/// A document number: 国办发〔2017〕4号, 津滨政发〔2020〕20号, 发改办地区[2020]237号.
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}]{1,12})\s*[〔［\[【（(]\s*((?:19|20)\d{2})\s*[〕］\]】）)]\s*(\d{1,4})\s*号").expect("valid regex")
});

/// 《title》 optionally followed by a parenthesised document number.
static TITLE_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"《([^《》]{2,150})》(\s*[（(]([^（）()]{4,40})[）)])?").expect("valid regex")
});

static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[•·●\-\*]?\s*(名\s*称|标\s*题|索\s*引\s*号|主题分类|主\s*题\s*词|发布机构|发文机关|发文单位|文\s*号|发文字号|成文日期|发布日期|发文日期|印发日期|生效日期|有\s*效\s*性|时\s*效\s*性|规范性文件登记号|体裁分类|组配分类|信息来源|来\s*源)\s*[:：]?\s*(.*)$",
    )
    .expect("valid regex")
});

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?\s*((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[）)]?$")
        .expect("valid regex")
});

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").expect("valid regex")
});

const DOC_TYPE_SUFFIXES: &[&str] = &[
    "意见", "通知", "措施", "方案", "办法", "规定", "决定", "细则", "纲要", "规划", "要点", "清单", "的函", "批复", "公告",
    "通告", "条例", "计划", "指引", "指南", "分工方案",
];

const ISSUER_SUFFIXES: &[&str] =
    &["人民政府", "办公厅", "办公室", "委员会", "管委会", "管理委员会", "政府", "国务院", "局", "厅", "委", "部", "院"];

/// Words that stand before a document number in running text but are not part of it.
const NUMBER_STOP_WORDS: &[&str] = &[
    "按照", "根据", "依据", "落实", "贯彻", "执行", "印发", "转发", "参照", "关于", "见", "和", "及", "与", "的", "号", "即", "详见",
    "通过", "文件", "精神",
];

fn normalise_brackets(s: &str) -> String {
    s.chars()
        .filter(|c| !is_space(*c))
        .map(|c| match c {
            '[' | '［' | '【' | '(' | '（' => '〔',
            ']' | '］' | '】' | ')' | '）' => '〕',
            _ => c,
        })
        .collect()
}

/// Cleans a document number match: strips running-text words before the issuer abbreviation and
/// normalises the brackets to 〔〕.
fn clean_number(prefix: &str, year: &str, number: &str) -> String {
    let mut prefix = prefix;
    for w in NUMBER_STOP_WORDS {
        if let Some(i) = prefix.rfind(w) {
            let cut = i + w.len();
            if cut < prefix.len() {
                prefix = &prefix[cut..];
            }
        }
    }
    format!("{prefix}〔{year}〕{number}号")
}

/// Finds document numbers in `s`, with their byte ranges.
pub(crate) fn find_numbers(s: &str) -> Vec<(Span, String)> {
    DOC_NUMBER
        .captures_iter(s)
        .map(|c| {
            let whole = c.get(0).expect("group 0");
            let prefix = c.get(1).map_or("", |m| m.as_str());
            let number = clean_number(prefix, &c[2], &c[3]);
            // Move the start past what clean_number dropped.
            let kept_prefix = number.split('〔').next().unwrap_or("");
            let start = whole.start() + prefix.len() - kept_prefix.len();
            (Span::new(start, whole.end()), number)
        })
        .collect()
}

/// Parses a date in any of the forms found in headers and signatures, as `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim_matches(is_space);
    if let Some(c) = ISO_DATE.captures(s) {
        let (y, m, d): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        return valid_date(y, m, d);
    }
    let c = DATE_LINE.captures(s)?;
    let y = c[1].parse().ok().or_else(|| {
        let digits: String = c[1]
            .chars()
            .map(|ch| match ch {
                '〇' | '零' => '0',
                _ => char::from_digit(han_number(&ch.to_string()).unwrap_or(0), 10).unwrap_or('0'),
            })
            .collect();
        digits.parse().ok()
    })?;
    let m = c[2].parse().ok().or_else(|| han_number(&c[2]))?;
    let d = c[3].parse().ok().or_else(|| han_number(&c[3]))?;
    valid_date(y, m, d)
}

fn valid_date(y: u32, m: u32, d: u32) -> Option<String> {
    ((1949..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn is_title_like(s: &str) -> bool {
    let n = s.chars().count();
    (6..=120).contains(&n)
        && !s.chars().any(|c| matches!(c, '。' | '；' | ';' | '：' | ':'))
        && DOC_TYPE_SUFFIXES.iter().any(|suf| s.trim_end_matches(['》', '"', '”']).ends_with(suf))
        && parse_marker(s).is_none()
}

pub(crate) fn is_issuer_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n)
        && !s.chars().any(|c| matches!(c, '。' | '，' | ',' | '；' | '：' | ':' | '《' | '“'))
        && ISSUER_SUFFIXES.iter().any(|suf| s.ends_with(suf))
        && parse_marker(s).is_none()
}

fn is_addressee(s: &str) -> bool {
    let s = s.trim_start_matches(['•', '·', '●', '-', '*', ' ']);
    let n = s.chars().count();
    (4..=200).contains(&n)
        && (s.ends_with('：') || s.ends_with(':'))
        && s.starts_with('各')
        && !s.contains('。')
}

fn mark_metadata(pass: &mut Pass<'_>, i: usize, what: &str) {
    pass.roles[i] = Role::Metadata;
    let line = pass.line(i).to_owned();
    pass.diagnostics.push(Diagnostic::info(
        DiagnosticKind::Metadata,
        format!("read {what} from 「{}」", shorten(&line, 30)),
        Some(pass.lines[i].span()),
    ));
}

/// Reads the header: metadata tables, title, document number, addressees.
/// Only lines before the first numbered line are considered, plus key-value lines anywhere in
/// the first fifth of the text.
pub(crate) fn read_header(pass: &mut Pass<'_>) {
    let first_marker = pass.body_lines().find(|&i| parse_marker(pass.line(i)).is_some()).unwrap_or(pass.lines.len());
    let mut title_parts: Vec<usize> = Vec::new();
    let mut seen_body = false;
    for i in 0..first_marker {
        if pass.roles[i] != Role::Body {
            continue;
        }
        let line = pass.line(i).to_owned();
        if let Some(c) = KEY_VALUE.captures(&line) {
            let label: String = c[1].chars().filter(|c| !is_space(*c)).collect();
            let value = c[2].trim_matches(is_space).to_owned();
            apply_key_value(&mut pass.metadata, &label, &value);
            mark_metadata(pass, i, &label);
            continue;
        }
        if is_addressee(&line) {
            let a = line.trim_start_matches(['•', '·', '●', '-', '*', ' ']).trim_end_matches(['：', ':']);
            if pass.metadata.addressees.is_none() {
                pass.metadata.addressees = Some(a.to_owned());
            }
            mark_metadata(pass, i, "the addressees");
            seen_body = true;
            continue;
        }
        if let Some(date) = line.strip_prefix("发布日期").map(|r| r.trim_start_matches([':', '：', ' '])).and_then(parse_date) {
            pass.metadata.date_published.get_or_insert(date);
            mark_metadata(pass, i, "the publication date");
            continue;
        }
        let numbers = find_numbers(&line);
        if numbers.len() == 1 && numbers[0].0.len() + 6 >= line.len() && line.chars().count() <= 30 {
            pass.metadata.doc_number.get_or_insert_with(|| numbers[0].1.clone());
            mark_metadata(pass, i, "the document number");
            continue;
        }
        if is_publicity_note(&line) {
            mark_metadata(pass, i, "a publicity note");
            continue;
        }
        if !seen_body && (is_title_like(&line) || title_continues(pass, &title_parts, &line)) {
            title_parts.push(i);
            continue;
        }
        if is_title_like(&line) {
            // A second title, such as the attached document's after an 印发 notice.
            mark_metadata(pass, i, "a title");
            continue;
        }
        if line.chars().count() > 40 {
            seen_body = true;
        }
    }
    if !title_parts.is_empty() {
        let title: String = title_parts.iter().map(|&i| pass.line(i)).collect();
        if pass.metadata.title.is_none() {
            pass.metadata.title = Some(title);
        }
        for i in title_parts {
            mark_metadata(pass, i, "the title");
        }
    }
}

/// A title wrapped over two lines: the first part has 关于 and no terminal, the line is short.
fn title_continues(pass: &Pass<'_>, parts: &[usize], line: &str) -> bool {
    if parts.is_empty() {
        // The first part of a wrapped title: 「…人民政府关于印发滨海新区」.
        return line.contains("关于") && line.chars().count() <= 60 && !line.chars().any(|c| matches!(c, '。' | '，' | ',' | '：' | ':'));
    }
    let so_far: String = parts.iter().map(|&i| pass.line(i)).collect();
    !is_title_like(&so_far) && line.chars().count() <= 80 && !line.chars().any(|c| matches!(c, '。' | '：' | ':'))
}

fn is_publicity_note(s: &str) -> bool {
    let inner = s.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')'));
    s.chars().count() <= 16 && (inner.starts_with("此件") || inner.contains("公开发布") || inner.contains("主动公开"))
}

fn apply_key_value(m: &mut Metadata, label: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let v = || Some(value.to_owned());
    match label {
        "名称" | "标题" => m.title = m.title.take().or_else(v),
        "索引号" => m.index_number = v(),
        "主题分类" => m.topic = v(),
        "发文单位" | "发文机关" => m.issuer = v(),
        "发布机构" => {
            // Often a short form (「区政府」); the signature, when present, takes precedence.
            m.extra.insert(label.to_owned(), value.to_owned());
        }
        "文号" | "发文字号" => {
            m.doc_number = find_numbers(value).into_iter().next().map(|(_, n)| n).or_else(|| Some(normalise_brackets(value)));
        }
        "成文日期" | "印发日期" => m.date_written = parse_date(value).or(m.date_written.take()),
        "发布日期" | "发文日期" => m.date_published = parse_date(value).or(m.date_published.take()),
        "有效性" | "时效性" => m.validity = v(),
        _ => {
            m.extra.insert(label.to_owned(), value.to_owned());
        }
    }
}

/// Reads signatures: an issuer line followed by a date line, anywhere in the body.
pub(crate) fn read_signatures(pass: &mut Pass<'_>) {
    let body: Vec<usize> = pass.body_lines().collect();
    for (k, &i) in body.iter().enumerate() {
        let line = pass.line(i).to_owned();
        let Some(date) = parse_date_line(&line) else { continue };
        pass.metadata.date_written.get_or_insert(date);
        mark_metadata(pass, i, "the signature date");
        if k > 0 {
            let j = body[k - 1];
            let prev = pass.line(j).to_owned();
            if pass.roles[j] == Role::Body && is_issuer_like(&prev) {
                pass.metadata.issuer.get_or_insert(prev);
                mark_metadata(pass, j, "the issuer");
            }
        }
    }
    if pass.metadata.issuer.is_none()
        && let Some(v) = pass.metadata.extra.get("发布机构")
    {
        pass.metadata.issuer = Some(v.clone());
    }
}

fn parse_date_line(s: &str) -> Option<String> {
    if DATE_LINE.is_match(s.trim_matches(is_space)) { parse_date(s) } else { None }
}

/// Finds citations in the body text (chrome and metadata lines are skipped).
///
/// # Complexity
/// O(n) in the length of the text.
pub(crate) fn find_citations(text: &str, lines: &[Line], roles: &[Role]) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    for (line, role) in lines.iter().zip(roles) {
        if matches!(role, Role::Chrome | Role::Metadata) {
            continue;
        }
        let s = line.text(text);
        let mut covered: Vec<Span> = Vec::new();
        for c in TITLE_CITATION.captures_iter(s) {
            let whole = c.get(0).expect("group 0");
            let title = c[1].trim_matches(is_space).to_owned();
            let number = c.get(3).and_then(|m| find_numbers(m.as_str()).into_iter().next()).map(|(_, n)| n);
            let policy_like = number.is_some() || title.contains("关于") || DOC_TYPE_SUFFIXES.iter().any(|t| title.ends_with(t));
            if !policy_like {
                continue;
            }
            let span = Span::new(line.start + whole.start(), line.start + whole.end());
            covered.push(Span::new(whole.start(), whole.end()));
            out.push(Citation { title: Some(title), doc_number: number, range: span });
        }
        for (span, number) in find_numbers(s) {
            if covered.iter().any(|c| c.start <= span.start && span.end <= c.end) {
                continue;
            }
            out.push(Citation {
                title: None,
                doc_number: Some(number),
                range: Span::new(line.start + span.start, line.start + span.end),
            });
        }
    }
    out
}

/// The four municipalities directly under the central government are provincial-level.
const PROVINCIAL_MUNICIPALITIES: &[&str] = &["北京市", "天津市", "上海市", "重庆市"];

/// Fills in the locality and level from the issuer, where the caller did not.
pub(crate) fn infer_locality(m: &mut Metadata) {
    let Some(issuer) = m.issuer.clone().or_else(|| m.title.as_deref().and_then(title_issuer)) else { return };
    let mut locality = issuer.clone();
    for suffix in ["人民政府办公厅", "人民政府办公室", "人民政府", "政府办公厅", "政府办公室", "办公厅", "办公室", "政府"] {
        if let Some(s) = locality.strip_suffix(suffix) {
            locality = s.to_owned();
            break;
        }
    }
    let national = issuer.starts_with("国务院") || issuer.starts_with("国家") || issuer.starts_with("中共中央");
    if m.level.is_none() {
        m.level = Some(if national {
            Level::National
        } else if PROVINCIAL_MUNICIPALITIES.contains(&locality.as_str())
            || locality.ends_with('省')
            || locality.ends_with("自治区")
        {
            Level::Provincial
        } else if locality.contains('市') && !locality.ends_with('市') || locality.ends_with('县') || locality.ends_with('区') {
            Level::District
        } else if locality.ends_with('市') {
            Level::Municipal
        } else {
            return;
        });
    }
    if m.locality.is_none() && !national && !locality.is_empty() {
        m.locality = Some(locality);
    }
}

/// The issuing body named at the start of a title: 「青岛市人民政府关于…」 → 「青岛市人民政府」.
fn title_issuer(title: &str) -> Option<String> {
    let (head, _) = title.split_once("关于")?;
    is_issuer_like(head).then(|| head.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let n = |s: &str| find_numbers(s).into_iter().map(|(_, n)| n).collect::<Vec<_>>();
        assert_eq!(n("按照国办发〔2017〕4号文的部署"), vec!["国办发〔2017〕4号"]);
        assert_eq!(n("（发改办地区[2020]237号）"), vec!["发改办地区〔2020〕237号"]);
        assert_eq!(n("津滨政发〔2020〕20号"), vec!["津滨政发〔2020〕20号"]);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2017年8月19日").as_deref(), Some("2017-08-19"));
        assert_eq!(parse_date("2020-08-20").as_deref(), Some("2020-08-20"));
        assert_eq!(parse_date("二〇一七年五月十日").as_deref(), Some("2017-05-10"));
        assert_eq!(parse_date("2017年13月1日"), None);
    }

    #[test]
    fn locality() {
        let mut m = Metadata { issuer: Some("天津市滨海新区人民政府".into()), ..Metadata::default() };
        infer_locality(&mut m);
        assert_eq!((m.locality.as_deref(), m.level), (Some("天津市滨海新区"), Some(Level::District)));
        let mut m = Metadata { issuer: Some("河南省人民政府办公厅".into()), ..Metadata::default() };
        infer_locality(&mut m);
        assert_eq!((m.locality.as_deref(), m.level), (Some("河南省"), Some(Level::Provincial)));
        let mut m = Metadata { issuer: Some("青岛市人民政府".into()), ..Metadata::default() };
        infer_locality(&mut m);
        assert_eq!(m.level, Some(Level::Municipal));
        let mut m = Metadata { issuer: Some("国务院办公厅".into()), ..Metadata::default() };
        infer_locality(&mut m);
        assert_eq!((m.locality, m.level), (None, Some(Level::National)));
    }
}
