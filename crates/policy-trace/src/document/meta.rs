//! Header metadata, signatures and citations.

use std::sync::LazyLock;

use regex::Regex;

use super::chrome::shorten;
use super::markers::{han_number, parse_marker};
use super::parse::{Pass, Role, is_space};
use super::{Citation, Diagnostic, DiagnosticKind, Level, Metadata, Span};
use crate::text::normalize::{ascii_digit, ascii_digits, to_simplified};

/// A document number: 国办发〔2017〕4号, 津滨政发〔2020〕20号, `发改办地区[2020]237号`.
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}]{1,12})\s*[〔［\[【（(]\s*((?:19|20|１９|２０)[0-9０-９]{2})\s*[〕］\]】）)]\s*([0-9０-９]{1,4})\s*号")
        .expect("valid regex")
});

/// 《title》 optionally followed by a parenthesised document number.
static TITLE_CITATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》]{2,150})》(\s*[（(]([^（）()]{4,40})[）)])?").expect("valid regex"));

/// The labels of a metadata table, with the separator after them.
const LABELS: &str = r"名\s*称|标\s*题|索\s*引\s*号|主题分类|主\s*题\s*词|发布机构|发文机关|发文单位|文\s*号|发文字号|成文日期|发布日期|发文日期|印发日期|生效日期|有\s*效\s*性|时\s*效\s*性|规范性文件登记号|体裁分类|组配分类|信息来源|来\s*源";

/// A line that starts with a metadata label (after a bullet).
static KEY_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^[•·●\-\*]?\s*({LABELS})\s*[:：]?\s*")).expect("valid regex"));

/// A further label inside a key-value line, after white space (a table row of two pairs).
static NEXT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\s({LABELS})\s*[:：]\s*|\s({LABELS})\s+")).expect("valid regex"));

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?\s*((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[）)]?$")
        .expect("valid regex")
});

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").expect("valid regex"));

pub(crate) const DOC_TYPE_SUFFIXES: &[&str] = &[
    "意见",
    "通知",
    "措施",
    "方案",
    "办法",
    "规定",
    "决定",
    "细则",
    "纲要",
    "规划",
    "要点",
    "清单",
    "的函",
    "批复",
    "公告",
    "通告",
    "条例",
    "计划",
    "指引",
    "指南",
    "分工方案",
];

const ISSUER_SUFFIXES: &[&str] =
    &["人民政府", "办公厅", "办公室", "委员会", "管委会", "管理委员会", "政府", "国务院", "局", "厅", "委", "部", "院"];

/// Words that stand before a document number in running text but are not part of it.
const NUMBER_STOP_WORDS: &[&str] = &[
    "按照", "根据", "依据", "落实", "贯彻", "执行", "印发", "转发", "参照", "关于", "见", "和", "及", "与", "的", "号",
    "即", "详见", "通过", "文件", "精神",
];

fn normalise_brackets(s: &str) -> String {
    s.chars()
        .filter(|c| !is_space(*c))
        .map(|c| match c {
            '[' | '［' | '【' | '(' | '（' => '〔',
            ']' | '］' | '】' | ')' | '）' => '〕',
            _ => ascii_digit(c),
        })
        .collect()
}

/// The byte length of what stands before the issuer abbreviation in a number's prefix:
/// running-text words (「按照」) and a glued title (「…的意见」).
fn prefix_cut(prefix: &str) -> usize {
    let mut cut = 0;
    for w in NUMBER_STOP_WORDS {
        if let Some(i) = prefix.rfind(w) {
            cut = cut.max(i + w.len());
        }
    }
    for w in DOC_TYPE_SUFFIXES {
        // A glued title ends with its document type; a prefix such as 「发改规划」 is kept whole.
        if let Some(i) = prefix.rfind(w)
            && prefix[i + w.len()..].chars().count() >= 2
        {
            cut = cut.max(i + w.len());
        }
    }
    if cut >= prefix.len() { 0 } else { cut }
}

/// Finds document numbers in `s`, with their byte ranges, normalised: 〔〕 brackets and ASCII
/// digits.
pub(crate) fn find_numbers(s: &str) -> Vec<(Span, String)> {
    // Every number ends in 号: text without one is not searched (the pattern starts with a
    // class of characters, which no literal search can skip ahead to).
    if !s.contains('号') {
        return Vec::new();
    }
    DOC_NUMBER
        .captures_iter(s)
        .map(|c| {
            let whole = c.get(0).expect("group 0");
            let prefix = c.get(1).map_or("", |m| m.as_str());
            let kept = &prefix[prefix_cut(prefix)..];
            let number = format!("{kept}〔{}〕{}号", ascii_digits(&c[2]), ascii_digits(&c[3]));
            let start = whole.start() + prefix.len() - kept.len();
            (Span::new(start, whole.end()), number)
        })
        .collect()
}

/// Parses a date in any of the forms found in headers and signatures, as `YYYY-MM-DD`.
pub(crate) fn parse_date(raw: &str) -> Option<String> {
    let digits = ascii_digits(raw.trim_matches(is_space));
    if let Some(c) = ISO_DATE.captures(&digits) {
        let (y, m, d): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        return valid_date(y, m, d);
    }
    let c = DATE_LINE.captures(&digits)?;
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
    ((1949..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

pub(crate) fn is_title_like(s: &str) -> bool {
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

const BULLETS: [char; 6] = ['•', '·', '●', '-', '*', ' '];

pub(crate) fn is_addressee(s: &str) -> bool {
    let s = s.trim_start_matches(BULLETS);
    let n = s.chars().count();
    (4..=200).contains(&n) && (s.ends_with('：') || s.ends_with(':')) && s.starts_with('各') && !s.contains('。')
}

fn mark_metadata(pass: &mut Pass<'_>, i: usize, what: &str) {
    mark_as(pass, i, DiagnosticKind::Metadata, what);
}

fn mark_as(pass: &mut Pass<'_>, i: usize, kind: DiagnosticKind, what: &str) {
    let d = Diagnostic::info(
        kind,
        format!("read {what} from 「{}」", shorten(&pass.line(i), 30)),
        Some(pass.lines[i].span()),
    );
    pass.mark(i, Role::Metadata, d);
}

/// Reads the key-value pairs of a metadata line (「索引号： X 发文字号： Y」), labels simplified
/// and without spaces, values as written.
fn key_values(view: &str, line: &str) -> Option<Vec<(String, String)>> {
    let first = KEY_VALUE.captures(view)?;
    let mut labels = vec![(first.get(1).expect("label").as_str(), first.get(0).expect("whole").end())];
    let mut bounds = Vec::new();
    let mut at = labels[0].1;
    while let Some(c) = NEXT_LABEL.captures_at(view, at) {
        let whole = c.get(0).expect("whole");
        let label = c.get(1).or_else(|| c.get(2)).expect("label");
        bounds.push(whole.start());
        labels.push((label.as_str(), whole.end()));
        at = whole.end();
    }
    bounds.push(view.len());
    Some(
        labels
            .into_iter()
            .zip(bounds)
            .map(|((label, start), end)| {
                let label: String = label.chars().filter(|c| !is_space(*c)).collect();
                (label, line[start..end.max(start)].trim_matches(is_space).to_owned())
            })
            .collect(),
    )
}

/// Reads the header: metadata tables, title, document number, addressees.
/// Only lines before the first numbered line are considered.
/// A title may be wrapped over consecutive lines; a title-like line after the title is a second
/// title (the attached document's, or the title repeated by the page).
pub(crate) fn read_header(pass: &mut Pass<'_>) {
    let first_marker =
        pass.body_lines().find(|&i| parse_marker(&pass.view_line(i)).is_some()).unwrap_or(pass.lines.len());
    let mut title_parts: Vec<usize> = Vec::new();
    let mut title_closed = false;
    let mut seen_body = false;
    for i in 0..first_marker {
        if pass.roles[i] != Role::Body {
            continue;
        }
        let view = pass.view_line(i);
        let line = pass.line(i);
        let is_title_part =
            !seen_body && !title_closed && (is_title_like(&view) || title_continues(pass, &title_parts, &view));
        if !is_title_part && !title_parts.is_empty() {
            title_closed = true;
        }
        if let Some(pairs) = key_values(&view, &line) {
            let labels: Vec<String> = pairs.iter().map(|(l, _)| l.clone()).collect();
            for (label, value) in pairs {
                apply_key_value(&mut pass.metadata, &label, &value);
            }
            mark_metadata(pass, i, &labels.join("、"));
            continue;
        }
        if is_addressee(&view) {
            let a = line.trim_start_matches(BULLETS).trim_end_matches(['：', ':']);
            if pass.metadata.addressees.is_none() {
                pass.metadata.addressees = Some(a.to_owned());
            }
            mark_metadata(pass, i, "the addressees");
            seen_body = true;
            continue;
        }
        let numbers = find_numbers(&view);
        if numbers.len() == 1 && numbers[0].0.len() + 6 >= view.len() && view.chars().count() <= 30 {
            pass.metadata.doc_number.get_or_insert_with(|| numbers[0].1.clone());
            mark_metadata(pass, i, "the document number");
            continue;
        }
        if is_publicity_note(&view) {
            mark_metadata(pass, i, "a publicity note");
            continue;
        }
        if is_title_part {
            title_parts.push(i);
            continue;
        }
        if is_title_like(&view) {
            // A second title, such as the attached document's after an 印发 notice.
            mark_metadata(pass, i, "a title");
            continue;
        }
        if view.chars().count() > 40 {
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
        return line.contains("关于")
            && line.chars().count() <= 60
            && !line.chars().any(|c| matches!(c, '。' | '，' | ',' | '：' | ':'));
    }
    let so_far: String = parts.iter().map(|&i| pass.view_line(i)).collect();
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
            let simplified = to_simplified(value);
            m.doc_number = find_numbers(&simplified)
                .into_iter()
                .next()
                .map(|(_, n)| n)
                .or_else(|| Some(normalise_brackets(&simplified)));
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
        let Some(date) = parse_date_line(&pass.view_line(i)) else { continue };
        pass.metadata.date_written.get_or_insert(date);
        mark_as(pass, i, DiagnosticKind::Signature, "the signature date");
        if k > 0 {
            let j = body[k - 1];
            if pass.roles[j] == Role::Body && is_issuer_like(&pass.view_line(j)) {
                let issuer = pass.line(j).into_owned();
                pass.metadata.issuer.get_or_insert(issuer);
                mark_as(pass, j, DiagnosticKind::Signature, "the issuer");
            }
        }
    }
    if pass.metadata.issuer.is_none()
        && let Some(v) = pass.metadata.extra.get("发布机构")
    {
        pass.metadata.issuer = Some(v.clone());
    }
}

pub(crate) fn parse_date_line(s: &str) -> Option<String> {
    if DATE_LINE.is_match(&ascii_digits(s.trim_matches(is_space))) { parse_date(s) } else { None }
}

/// Finds citations in the body text (chrome, metadata and forwarded text are skipped).
///
/// # Complexity
/// O(n) in the length of the text.
pub(crate) fn find_citations(pass: &Pass<'_>) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    for (i, line) in pass.lines.iter().enumerate() {
        if !matches!(pass.roles[i], Role::Body | Role::Attachment) {
            continue;
        }
        let view = pass.view_line(i);
        let text = pass.line(i);
        let mut covered: Vec<Span> = Vec::new();
        for c in TITLE_CITATION.captures_iter(&view) {
            let whole = c.get(0).expect("group 0");
            let title_at = c.get(1).expect("group 1");
            let title_view = title_at.as_str().trim_matches(is_space);
            let number = c.get(3).and_then(|m| find_numbers(m.as_str()).into_iter().next()).map(|(_, n)| n);
            let policy_like = number.is_some()
                || title_view.contains("关于")
                || DOC_TYPE_SUFFIXES.iter().any(|t| title_view.ends_with(t));
            if !policy_like {
                continue;
            }
            let title = text[title_at.range()].trim_matches(is_space).to_owned();
            covered.push(Span::new(whole.start(), whole.end()));
            out.push(Citation {
                title: Some(title),
                doc_number: number,
                range: line.span_of(whole.start(), whole.end()),
            });
        }
        for (span, number) in find_numbers(&view) {
            if covered.iter().any(|c| c.start <= span.start && span.end <= c.end) {
                continue;
            }
            out.push(Citation { title: None, doc_number: Some(number), range: line.span_of(span.start, span.end) });
        }
    }
    out
}

/// The four municipalities directly under the central government are provincial-level.
const PROVINCIAL_MUNICIPALITIES: &[&str] = &["北京市", "天津市", "上海市", "重庆市"];

/// The level of an issuing body and its locality (the issuer without 人民政府, 办公厅…), read
/// from its simplified name; the locality is `None` for national bodies.
pub(crate) fn issuer_level(issuer: &str) -> (Option<Level>, Option<String>) {
    let simplified = to_simplified(issuer);
    let mut keep = simplified.chars().count();
    for suffix in
        ["人民政府办公厅", "人民政府办公室", "人民政府", "政府办公厅", "政府办公室", "办公厅", "办公室", "政府"]
    {
        if simplified.ends_with(suffix) {
            keep -= suffix.chars().count();
            break;
        }
    }
    let locality_view: String = simplified.chars().take(keep).collect();
    let locality: String = issuer.chars().take(keep).collect();
    let national = ["国务院", "国家", "中共中央"].iter().any(|p| simplified.starts_with(p));
    let level = if national {
        Some(Level::National)
    } else if PROVINCIAL_MUNICIPALITIES.contains(&locality_view.as_str())
        || locality_view.ends_with('省')
        || locality_view.ends_with("自治区")
    {
        Some(Level::Provincial)
    } else if locality_view.contains('市') && !locality_view.ends_with('市')
        || locality_view.ends_with('县')
        || locality_view.ends_with('区')
    {
        Some(Level::District)
    } else if locality_view.ends_with('市') {
        Some(Level::Municipal)
    } else {
        None
    };
    let locality = (!national && !locality.is_empty()).then_some(locality);
    (level, locality)
}

/// Fills in the locality and level from the issuer, where the caller did not.
pub(crate) fn infer_locality(m: &mut Metadata) {
    let Some(issuer) = m.issuer.clone().or_else(|| m.title.as_deref().and_then(title_issuer)) else { return };
    let (level, locality) = issuer_level(&issuer);
    match (level, m.level) {
        (Some(level), None) => m.level = Some(level),
        (None, None) => return,
        _ => {}
    }
    if m.locality.is_none() {
        m.locality = locality;
    }
}

/// The issuing body named at the start of a title: 「青岛市人民政府关于…」 → 「青岛市人民政府」.
pub(crate) fn title_issuer(title: &str) -> Option<String> {
    let view = to_simplified(title);
    let at = view.find("关于")?;
    let head_chars = view[..at].chars().count();
    is_issuer_like(&view[..at]).then(|| title.chars().take(head_chars).collect())
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
