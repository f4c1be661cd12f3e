//! Forwarding notices (转发通知): the notice's own text, and the document it forwards.
//!
//! A notice is recognised by its formula, 「现将《X》（N）转发给你们」, or by a title with 转发.
//! Scraped notices are often garbled: the page header repeated, the notice's signature glued to
//! the forwarded title, the forwarded text shuffled and repeated, the notice's own paragraphs
//! interleaved with it, all on a few very long lines.
//! So the body is cut into pieces: sentences, and the header items glued between them (titles,
//! dates, document numbers, separator rules, addressees, signatures), numbering markers and
//! responsibility parentheticals.
//!
//! Each piece is then the notice's (metadata or its own text) or the forwarded document's:
//! - Before the first standalone forwarded title, a piece is the notice's, unless the same
//!   sentence also occurs after it (a repeat of the forwarded text, dropped and reported).
//! - From it on, a piece is the forwarded document's, unless it speaks in the notice's voice
//!   (the formula; the forwarded number cited outside 《》, as in 「按照国办发〔2017〕4号文的部署」;
//!   a body of the notice's own level, as in 「省发展改革委要…」 or 「我省」, when the forwarded
//!   document comes from a higher level), or repeats a piece of the notice's header, text or
//!   signature.
//!
//! The notice's pieces stay in the pass, where the header and signature passes read its
//! metadata and its own paragraphs become its nodes.
//! The forwarded document's pieces are put back together in order, with a new line before each
//! numbering marker and header item and after each responsibility parenthetical, and parsed as a
//! document of its own, whose duplicate check drops the repeats.

use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::chrome::{is_separator, shorten};
use super::markers::parse_marker;
use super::meta::{DOC_TYPE_SUFFIXES, find_numbers, is_issuer_like, issuer_level, title_issuer};
use super::parse::{Pass, Role, is_space, trailing_responsibility};
use super::sentence::split_sentences;
use super::{Diagnostic, DiagnosticKind, Level, Metadata, Span};
use crate::text::normalize::key;

/// The result of splitting a forwarding notice.
pub(crate) struct ForwardSplit {
    /// The forwarded document, as text to parse on its own, when the notice holds it.
    pub(crate) embedded_text: Option<String>,
    /// The forwarded document's title, as the notice cites it.
    pub(crate) parent_title: Option<String>,
    /// The forwarded document's number, as the notice cites it.
    pub(crate) parent_number: Option<String>,
}

/// 「现将（issuer）《title》（number）转发给你们」, 「issuer《title》已经省政府同意，现转发给你们」,
/// 「…予以转发」.
/// Whether `text` may hold the forwarding formula ([`FORMULA`]): every match contains 《 and
/// 转发, and the pattern, which starts with a character class, is tried only on text that holds
/// both.
fn may_hold_formula(text: &str) -> bool {
    text.contains("转发") && text.contains('《')
}

/// Whether `text` holds the forwarding formula.
fn has_formula(text: &str) -> bool {
    may_hold_formula(text) && FORMULA.is_match(text)
}

static FORMULA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([^《》，。；：,;:]{0,30}?)\s*《([^《》]{2,150})》\s*(?:[（(]([^（）()]{4,40})[）)])?[^。《》]{0,30}?(?:转发给|转发你|予以转发|现予转发|现转发)",
    )
    .expect("valid regex")
});

/// Words before the issuer in the formula.
const FORMULA_OPENERS: &[&str] = &["现将", "将"];

/// Compound document types that take 的 before them in a full title (「…的实施意见」).
const COMPOUND_TYPES: &[&str] = &[
    "实施意见",
    "指导意见",
    "若干意见",
    "实施方案",
    "工作方案",
    "行动方案",
    "行动计划",
    "实施细则",
    "管理办法",
    "暂行办法",
    "若干措施",
    "若干规定",
];

const DATE: &str = r"(?:(?:19|20|１９|２０)[0-9０-９]{2}|[〇零一二三四五六七八九]{4})\s*年\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日";

/// A labelled date of the page header, such as 「发布日期:2017-06-01」.
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:发布日期|成文日期|发文日期|印发日期)\s*[:：]?\s*(?:(?:19|20|１９|２０)[0-9０-９]{{2}}\s*[-/.]\s*[0-9０-９]{{1,2}}\s*[-/.]\s*[0-9０-９]{{1,2}}|{DATE})"
    ))
    .expect("valid regex")
});

static DATE_AT_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^{DATE}")).expect("valid regex"));

/// An issuer with the date glued to it: 「广东省人民政府办公厅2017年5月10日」.
static SIGNATURE_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^([\p{{Han}}]{{2,30}}?)\s*({DATE})")).expect("valid regex"));

/// Words that end the name of a government body, for addressees and for the notice's voice.
const BODY_SUFFIXES: &[&str] = &["政府", "部门", "机构", "单位", "委", "厅", "局", "办", "院"];

/// What a piece of a forwarding notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Marker,
    Responsibility,
    NoticeTitle,
    ForwardedTitle,
    Number,
    DateLabel,
    Separator,
    Addressee,
    Issuer,
    Date,
}

impl Kind {
    /// Header items: each stands on a line of its own in the rebuilt text.
    fn is_header_item(self) -> bool {
        matches!(
            self,
            Self::NoticeTitle
                | Self::ForwardedTitle
                | Self::Number
                | Self::DateLabel
                | Self::Separator
                | Self::Addressee
                | Self::Issuer
                | Self::Date
        )
    }
}

/// Whose a piece is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Notice,
    Forwarded,
    /// A repeat of the forwarded text before its title: dropped, kept after the title.
    EarlyRepeat,
}

struct Piece {
    /// The logical line it comes from.
    line: usize,
    /// Byte range in the line's joined string.
    start: usize,
    end: usize,
    kind: Kind,
    key: String,
    owner: Owner,
}

/// What the notice says of the document it forwards.
#[derive(Debug, Default)]
struct Target {
    /// Forms of the forwarded title to look for in the text (simplified).
    titles: Vec<String>,
    /// The title as written, for the metadata.
    title: Option<String>,
    number: Option<String>,
    /// The forwarded document's level, when its issuer is known.
    level: Option<Level>,
}

/// Recognises a forwarding notice and separates the notice from the forwarded document.
///
/// # Complexity
/// O(n) in the length of the text, times the number of title forms looked for.
pub(crate) fn split(pass: &mut Pass<'_>) -> Option<ForwardSplit> {
    let notice_title_text = notice_title(pass).map(|(i, len)| pass.view_line(i)[..len].to_owned());
    let target = find_target(pass, notice_title_text.as_deref())?;
    let mut pieces = cut(pass, notice_title_text.as_deref(), &target);
    let Some(boundary) = find_boundary(pass, &pieces) else {
        pass.diagnostics.push(Diagnostic::warning(
            DiagnosticKind::Forwarding,
            format!(
                "recognised a forwarding notice of {}, but the forwarded text is not in the input",
                describe(&target)
            ),
            None,
        ));
        return Some(ForwardSplit { embedded_text: None, parent_title: target.title, parent_number: target.number });
    };
    let voice = Voice::new(pass, &pieces, boundary, notice_title_text.as_deref(), &target);
    classify(pass, &mut pieces, boundary, &voice);
    pass.diagnostics.push(Diagnostic::info(
        DiagnosticKind::Forwarding,
        format!("recognised a forwarding notice of {}; the forwarded document is parsed on its own", describe(&target)),
        None,
    ));
    let embedded_text = rebuild(pass, &pieces);
    Some(ForwardSplit { embedded_text: Some(embedded_text), parent_title: target.title, parent_number: target.number })
}

fn describe(target: &Target) -> String {
    let title = target.title.as_deref().map(|t| format!("《{}》", shorten(t, 30))).unwrap_or_default();
    let number = target.number.as_deref().map(|n| format!("（{n}）")).unwrap_or_default();
    if title.is_empty() && number.is_empty() { "a document".to_owned() } else { format!("{title}{number}") }
}

/// The notice's own title at the start of one of the first body lines: 「…转发…的通知」, ending
/// at the last 通知 before the first date label, document number, separator or terminal.
/// Returns the line and the title's byte length.
fn notice_title(pass: &Pass<'_>) -> Option<(usize, usize)> {
    pass.body_lines().take(3).find_map(|i| {
        let view = pass.view_line(i);
        let mut stop = view.find(['。', '：', ':', '；']).unwrap_or(view.len());
        stop = stop.min(DATE_LABEL.find(&view).map_or(view.len(), |m| m.start()));
        stop = stop.min(find_numbers(&view).first().map_or(view.len(), |(s, _)| s.start));
        stop = stop.min(view.find(is_separator).unwrap_or(view.len()));
        let head = &view[..stop];
        let end = head.rfind("通知")? + "通知".len();
        let forward_at = head.find("转发")?;
        (forward_at > 0 && forward_at < end && is_issuer_like(&head[..forward_at])).then_some((i, end))
    })
}

/// Reads what the notice forwards: from the formula, else from the notice's title.
/// The formula opens a notice: it counts only before the first numbered line, so that a
/// document that mentions forwarding in its measures is not taken for a notice.
fn find_target(pass: &Pass<'_>, notice_title: Option<&str>) -> Option<Target> {
    for i in pass.body_lines() {
        let view = pass.view_line(i);
        if parse_marker(&view).is_some() {
            break;
        }
        if !may_hold_formula(&view) {
            continue;
        }
        let Some(c) = FORMULA.captures(&view) else { continue };
        let text = pass.line(i);
        // The issuer named before 《》, if the words there name one.
        let before = c.get(1).expect("issuer group");
        let skip =
            FORMULA_OPENERS.iter().filter_map(|w| before.as_str().rfind(w).map(|at| at + w.len())).max().unwrap_or(0);
        let issuer_at = before.start() + skip..before.end();
        let issuer = view[issuer_at.clone()].trim_matches(is_space);
        let issuer = if is_issuer_like(issuer) { issuer } else { "" };
        let title_at = c.get(2).expect("title group").range();
        let title = view[title_at.clone()].trim_matches(is_space).to_owned();
        let mut titles = Vec::new();
        if !issuer.is_empty() {
            titles.push(format!("{issuer}{title}"));
        }
        titles.push(title.clone());
        let number = c.get(3).and_then(|m| find_numbers(m.as_str()).into_iter().next()).map(|(_, n)| n);
        let written_issuer = if issuer.is_empty() { "" } else { text[issuer_at].trim_matches(is_space) };
        let written = format!("{written_issuer}{}", text[title_at].trim_matches(is_space));
        let issuer = if issuer.is_empty() { title_issuer(&title) } else { Some(issuer.to_owned()) };
        let level = issuer.as_deref().and_then(|i| issuer_level(i).0);
        return Some(Target { titles, title: Some(written), number, level });
    }
    // No formula: the title 「…转发X的通知」 names X, sometimes without the 的 of its real title.
    let title = notice_title?;
    let forwarded = &title[title.find("转发")? + "转发".len()..];
    let forwarded = forwarded.strip_suffix("通知").unwrap_or(forwarded);
    let forwarded = forwarded.strip_suffix('的').unwrap_or(forwarded);
    if forwarded.chars().count() < 4 {
        return None;
    }
    let mut titles: Vec<String> = DOC_TYPE_SUFFIXES
        .iter()
        .chain(COMPOUND_TYPES)
        .filter(|s| forwarded.ends_with(**s) && !forwarded[..forwarded.len() - s.len()].ends_with('的'))
        .map(|s| format!("{}的{s}", &forwarded[..forwarded.len() - s.len()]))
        .collect();
    titles.push(forwarded.to_owned());
    let level = title_issuer(forwarded).and_then(|i| issuer_level(&i).0);
    Some(Target { titles, title: None, number: None, level })
}

/// Cuts the body lines into pieces.
fn cut(pass: &Pass<'_>, notice_title: Option<&str>, target: &Target) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for i in pass.body_lines() {
        let view = pass.view_line(i);
        for (start, end, kind) in cut_line(&view, notice_title, &target.titles) {
            let key = key(&view[start..end]);
            pieces.push(Piece { line: i, start, end, kind, key, owner: Owner::Notice });
        }
    }
    // An issuer is a body name followed by a date: a signature.
    for k in 1..pieces.len() {
        if pieces[k].kind == Kind::Date && pieces[k - 1].kind == Kind::Text {
            let prev = &pieces[k - 1];
            if is_issuer_like(&pass.view_line(prev.line)[prev.start..prev.end]) {
                pieces[k - 1].kind = Kind::Issuer;
            }
        }
    }
    pieces
}

/// Cuts one line into pieces: byte ranges with their kinds.
fn cut_line(line: &str, notice_title: Option<&str>, titles: &[String]) -> Vec<(usize, usize, Kind)> {
    let mut tagged: Vec<(usize, usize, Kind)> = Vec::new();
    if let Some(t) = notice_title {
        tagged.extend(line.match_indices(t).map(|(at, m)| (at, at + m.len(), Kind::NoticeTitle)));
    }
    for t in titles {
        for (at, m) in line.match_indices(t.as_str()) {
            let (s, e) = (at, at + m.len());
            let bracketed = line[..s].ends_with('《') || line[e..].starts_with('》');
            let overlaps = tagged.iter().any(|&(a, b, _)| s < b && a < e);
            if !bracketed && !overlaps {
                tagged.push((s, e, Kind::ForwardedTitle));
            }
        }
    }
    tagged.extend(DATE_LABEL.find_iter(line).map(|m| (m.start(), m.end(), Kind::DateLabel)));
    let mut run: Option<usize> = None;
    for (at, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        match (is_separator(c), run) {
            (true, None) => run = Some(at),
            (false, Some(s)) => {
                if line[s..at].chars().count() >= 3 {
                    tagged.push((s, at, Kind::Separator));
                }
                run = None;
            }
            _ => {}
        }
    }
    tagged.sort_unstable_by_key(|&(s, e, _)| (s, e));
    tagged.dedup_by(|b, a| b.0 < a.1);

    let mut bounds: BTreeSet<usize> = BTreeSet::from([0, line.len()]);
    for &(s, e, _) in &tagged {
        bounds.insert(s);
        bounds.insert(e);
    }
    for (s, e) in split_sentences(line) {
        bounds.insert(s);
        bounds.insert(e);
    }
    // Header items glued to the start of a segment: each cut starts a new segment, which is
    // read again from its start.
    let edges: Vec<usize> = bounds.iter().copied().collect();
    for w in edges.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        if tagged.iter().any(|&(s, e, _)| s == a && e == b) {
            continue;
        }
        loop {
            let seg = &line[a..b];
            let lead = seg.len() - seg.trim_start_matches(is_space).len();
            let cuts = glued_item(&seg[lead..]);
            let Some(&last) = cuts.last() else { break };
            bounds.extend(cuts.iter().map(|c| a + lead + c));
            a += lead + last;
        }
    }

    let edges: Vec<usize> = bounds.into_iter().collect();
    let mut out = Vec::new();
    for w in edges.windows(2) {
        let (a, b) = (w[0], w[1]);
        let seg = &line[a..b];
        let s = a + (seg.len() - seg.trim_start_matches(is_space).len());
        let e = a + seg.trim_end_matches(is_space).len();
        if s >= e {
            continue;
        }
        let kind = tagged.iter().find(|&&(ts, te, _)| ts == a && te == b).map_or_else(|| kind_of(&line[s..e]), |t| t.2);
        out.push((s, e, kind));
    }
    out
}

/// The longest header item looked for at the start of a segment, in characters.
const HEADER_ITEM_CHARS: usize = 200;

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> &str {
    &s[..s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)]
}

/// Where to cut a segment that starts with a header item glued to what follows: a signature
/// (issuer and date), a date, a document number before an addressee, an addressee before its
/// text, or a responsibility parenthetical before the next measure.
/// Every cut is inside the segment, after its start, so that cutting again ends.
fn glued_item(segment: &str) -> Vec<usize> {
    let seg = head(segment, HEADER_ITEM_CHARS);
    let mut cuts = glued_item_cuts(seg);
    cuts.retain(|&c| c > 0 && c < segment.len());
    cuts
}

fn glued_item_cuts(seg: &str) -> Vec<usize> {
    if let Some(c) = SIGNATURE_AT_START.captures(seg)
        && is_issuer_like(&c[1])
    {
        let date = c.get(2).expect("date group");
        return vec![c.get(1).expect("issuer group").end(), date.end()];
    }
    if let Some(m) = DATE_AT_START.find(seg) {
        return vec![m.end()];
    }
    if let Some((span, _)) = find_numbers(seg).into_iter().next().filter(|(s, _)| s.start == 0) {
        let rest = seg[span.end..].trim_start_matches(is_space);
        if rest.is_empty() || addressee_len(rest).is_some() || DATE_AT_START.is_match(rest) {
            return vec![span.end];
        }
    }
    if let Some(len) = addressee_len(seg) {
        return vec![len];
    }
    if let Some(len) = responsibility_len(seg) {
        return vec![len];
    }
    Vec::new()
}

/// The length of an addressee list at the start of `seg`: 「各…：」, its last name a body.
fn addressee_len(seg: &str) -> Option<usize> {
    if !seg.starts_with('各') {
        return None;
    }
    let colon = seg.find(['：', ':'])?;
    let names = &seg[..colon];
    let plausible = names.chars().count() <= 200
        && !names.contains(['。', '；', ';'])
        && BODY_SUFFIXES.iter().any(|s| names.ends_with(s));
    plausible.then(|| colon + seg[colon..].chars().next().map_or(0, char::len_utf8))
}

/// The length of a responsibility parenthetical at the start of `seg`.
fn responsibility_len(seg: &str) -> Option<usize> {
    if !seg.starts_with(['（', '(']) {
        return None;
    }
    let mut depth = 0i32;
    for (i, c) in seg.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => {
                depth -= 1;
                if depth == 0 {
                    let end = i + c.len_utf8();
                    return (trailing_responsibility(&seg[..end]) == Some(0)).then_some(end);
                }
            }
            _ => {}
        }
    }
    None
}

/// The kind of a piece that no tag named.
fn kind_of(piece: &str) -> Kind {
    if DATE_AT_START.find(piece).is_some_and(|m| m.end() == piece.len()) {
        Kind::Date
    } else if find_numbers(piece).first().is_some_and(|(s, _)| s.start == 0 && s.end == piece.len()) {
        Kind::Number
    } else if addressee_len(piece) == Some(piece.len()) {
        Kind::Addressee
    } else if responsibility_len(piece) == Some(piece.len()) {
        Kind::Responsibility
    } else if parse_marker(piece).is_some() {
        Kind::Marker
    } else {
        Kind::Text
    }
}

/// The piece where the forwarded document starts: its title standing alone; failing that, the
/// first numbering marker after the formula.
fn find_boundary(pass: &Pass<'_>, pieces: &[Piece]) -> Option<usize> {
    if let Some(b) = pieces.iter().position(|p| p.kind == Kind::ForwardedTitle) {
        return Some(b);
    }
    let formula = pieces.iter().position(|p| has_formula(&pass.view_line(p.line)[p.start..p.end]))?;
    pieces.iter().skip(formula).position(|p| p.kind == Kind::Marker).map(|k| k + formula)
}

/// What makes a piece the notice's wherever it stands.
struct Voice {
    /// The forwarded document's number.
    number: Option<String>,
    /// The character of the notice's own level (省, 市, 区, 县), when the forwarded document
    /// comes from a higher level.
    level_char: Option<char>,
}

impl Voice {
    fn new(pass: &Pass<'_>, pieces: &[Piece], boundary: usize, notice_title: Option<&str>, target: &Target) -> Self {
        let text = |p: &Piece| pass.view_line(p.line)[p.start..p.end].to_owned();
        let issuer = notice_title
            .and_then(|t| t.find("转发").map(|at| t[..at].to_owned()))
            .filter(|i| is_issuer_like(i))
            .or_else(|| pieces[..boundary].iter().find(|p| p.kind == Kind::Issuer).map(text));
        let (level, locality) = issuer.as_deref().map_or((None, None), issuer_level);
        let higher = matches!((target.level, level), (Some(t), Some(own)) if t < own);
        let level_char = locality.filter(|_| higher).and_then(|l| l.chars().last()).filter(|c| "省市区县".contains(*c));
        Self { number: target.number.clone(), level_char }
    }

    /// Whether a piece speaks in the notice's voice.
    fn speaks(&self, piece: &str) -> bool {
        has_formula(piece) || self.cites_number(piece) || self.names_own_level(piece)
    }

    /// The forwarded number cited in running text, not as 《title》（number）.
    fn cites_number(&self, piece: &str) -> bool {
        let Some(number) = &self.number else { return false };
        find_numbers(piece).iter().any(|(span, n)| {
            let before = piece[..span.start].trim_end_matches(is_space);
            let in_citation = before.ends_with("》（") || before.ends_with("》(");
            n == number && span.len() < piece.trim_matches(is_space).len() && !in_citation
        })
    }

    /// A body of the notice's own level (「省发展改革委」 at the start of a clause) or the notice's
    /// own place (「我省」, 「全省」, 「本省」).
    fn names_own_level(&self, piece: &str) -> bool {
        let Some(c) = self.level_char else { return false };
        if ["我", "全", "本"].iter().any(|p| piece.contains(&format!("{p}{c}"))) {
            return true;
        }
        let not_a_body: &str = match c {
            '省' => "级份际内外域区市县",
            '市' => "场级民区县内外域值长镇",
            '区' => "域块级内外县市间别分位",
            _ => "域级区市乡城",
        };
        let chars: Vec<(usize, char)> = piece.char_indices().collect();
        chars.iter().enumerate().any(|(k, &(_, ch))| {
            let clause_start = k == 0 || "，。；：、“（(,;:".contains(chars[k - 1].1);
            let next = chars.get(k + 1).map(|&(_, n)| n);
            if ch != c || !clause_start || next.is_none_or(|n| not_a_body.contains(n)) {
                return false;
            }
            let name: String = chars[k..].iter().take(13).take_while(|(_, n)| is_han(*n)).map(|&(_, n)| n).collect();
            (2..=name.chars().count()).any(|len| {
                let prefix: String = name.chars().take(len).collect();
                BODY_SUFFIXES.iter().any(|s| prefix.ends_with(s))
            })
        })
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Decides whose each piece is.
fn classify(pass: &Pass<'_>, pieces: &mut [Piece], boundary: usize, voice: &Voice) {
    let text = |p: &Piece| pass.view_line(p.line)[p.start..p.end].to_owned();
    let after: HashSet<String> =
        pieces[boundary..].iter().filter(|p| !p.key.is_empty()).map(|p| p.key.clone()).collect();
    for p in &mut pieces[..boundary] {
        let body_text = matches!(p.kind, Kind::Text | Kind::Marker | Kind::Responsibility);
        p.owner = if body_text && !voice.speaks(&text(p)) && after.contains(&p.key) {
            Owner::EarlyRepeat
        } else {
            Owner::Notice
        };
    }
    let notice: HashSet<String> = pieces[..boundary]
        .iter()
        .filter(|p| p.owner == Owner::Notice && !p.key.is_empty())
        .map(|p| p.key.clone())
        .collect();
    for p in &mut pieces[boundary..] {
        let own = match p.kind {
            Kind::ForwardedTitle => false,
            Kind::NoticeTitle | Kind::DateLabel | Kind::Separator => true,
            _ => voice.speaks(&text(p)) || notice.contains(&p.key),
        };
        p.owner = if own { Owner::Notice } else { Owner::Forwarded };
    }
}

/// Replaces the body lines by the pieces, with their roles and diagnostics, and returns the
/// forwarded document's text.
fn rebuild(pass: &mut Pass<'_>, pieces: &[Piece]) -> String {
    let old_lines = std::mem::take(&mut pass.lines);
    let old_roles = std::mem::take(&mut pass.roles);
    let mut lines = Vec::with_capacity(old_lines.len() + pieces.len());
    let mut roles = Vec::with_capacity(lines.capacity());
    let mut glued = Vec::with_capacity(lines.capacity());
    let mut diagnostics = Vec::new();
    let mut embedded = String::new();
    let mut run: Option<(Span, usize)> = None;
    let mut k = 0;
    let mut prev_forwarded: Option<&Piece> = None;
    let flush = |run: &mut Option<(Span, usize)>, diagnostics: &mut Vec<Diagnostic>| {
        if let Some((span, n)) = run.take() {
            diagnostics.push(Diagnostic::info(
                DiagnosticKind::Forwarding,
                format!("{n} pieces of the forwarded document's text, parsed as a document of its own"),
                Some(span),
            ));
        }
    };
    for (i, line) in old_lines.iter().enumerate() {
        if old_roles[i] != Role::Body {
            lines.push(line.clone());
            roles.push(old_roles[i]);
            glued.push(false);
            continue;
        }
        let mut prev_in_line: Option<&Piece> = None;
        while k < pieces.len() && pieces[k].line == i {
            let p = &pieces[k];
            k += 1;
            let piece_line = line.slice(p.start, p.end);
            let span = piece_line.span();
            let adjacent =
                |q: &Piece| q.line == p.line && line.text(pass.view)[q.end..p.start].trim_matches(is_space).is_empty();
            let role = match (p.owner, p.kind) {
                (Owner::Forwarded, _) => {
                    let newline = prev_forwarded.is_some_and(|q| {
                        p.kind != Kind::Responsibility
                            && (!adjacent(q)
                                || p.kind == Kind::Marker
                                || p.kind.is_header_item()
                                || q.kind.is_header_item()
                                || q.kind == Kind::Responsibility)
                    });
                    if newline {
                        embedded.push('\n');
                    }
                    embedded.push_str(&piece_line.text(pass.text));
                    prev_forwarded = Some(p);
                    run = Some(run.map_or((span, 1), |(s, n)| (Span::new(s.start, span.end), n + 1)));
                    Role::Forwarded
                }
                (Owner::EarlyRepeat, _) => {
                    flush(&mut run, &mut diagnostics);
                    diagnostics.push(Diagnostic::info(
                        DiagnosticKind::Duplicate,
                        format!(
                            "a sentence of the forwarded document 「{}」 repeated before its title; kept once in the forwarded document",
                            shorten(&piece_line.text(pass.text), 20)
                        ),
                        Some(span),
                    ));
                    Role::Dropped
                }
                (Owner::Notice, Kind::Separator) => {
                    flush(&mut run, &mut diagnostics);
                    diagnostics.push(Diagnostic::info(DiagnosticKind::Chrome, "dropped a separator rule", Some(span)));
                    Role::Chrome
                }
                (Owner::Notice, _) => {
                    flush(&mut run, &mut diagnostics);
                    Role::Body
                }
            };
            let body_text = |q: &Piece| matches!(q.kind, Kind::Text | Kind::Marker | Kind::Responsibility);
            let continues = prev_in_line.is_some_and(|q| {
                role == Role::Body
                    && q.owner == Owner::Notice
                    && body_text(q)
                    && matches!(p.kind, Kind::Text | Kind::Responsibility)
                    && adjacent(q)
            });
            lines.push(piece_line);
            roles.push(role);
            glued.push(continues);
            prev_in_line = Some(p);
        }
    }
    flush(&mut run, &mut diagnostics);
    pass.lines = lines;
    pass.roles = roles;
    pass.glued = glued;
    pass.diagnostics.append(&mut diagnostics);
    embedded
}

/// Fills the forwarded document's metadata from what the notice says of it: the title and
/// number it cites, and the issuer its title names.
pub(crate) fn fill_embedded_metadata(m: &mut Metadata, title: Option<&str>, number: Option<&str>) {
    if m.title.is_none() {
        m.title = title.map(str::to_owned);
    }
    if m.doc_number.is_none() {
        m.doc_number = number.map(str::to_owned);
    }
    if m.issuer.is_none() {
        m.issuer = m.title.as_deref().and_then(title_issuer);
    }
    super::meta::infer_locality(m);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str, titles: &[&str]) -> Vec<(String, Kind)> {
        let titles: Vec<String> = titles.iter().map(|t| (*t).to_owned()).collect();
        cut_line(line, None, &titles).into_iter().map(|(s, e, k)| (line[s..e].to_owned(), k)).collect()
    }

    #[test]
    fn cuts_a_glued_signature_title_number_and_addressee() {
        let line = "广东省人民政府办公厅2017年5月10日国务院办公厅关于推进改革的意见国办发〔2017〕4号各省、自治区、直辖市人民政府，国务院各部委、各直属机构：当今世界，变革加速。";
        let got = kinds(line, &["国务院办公厅关于推进改革的意见"]);
        let want = [
            ("广东省人民政府办公厅", Kind::Text),
            ("2017年5月10日", Kind::Date),
            ("国务院办公厅关于推进改革的意见", Kind::ForwardedTitle),
            ("国办发〔2017〕4号", Kind::Number),
            ("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", Kind::Addressee),
            ("当今世界，变革加速。", Kind::Text),
        ];
        assert_eq!(got, want.map(|(s, k)| (s.to_owned(), k)));
    }

    #[test]
    fn cuts_markers_and_parentheticals() {
        let got = kinds("现提出以下意见。一、总体要求（一）指导思想。加强审查。（质检总局牵头负责）放宽限制。", &[]);
        let texts: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            ["现提出以下意见。", "一、总体要求（一）指导思想。", "加强审查。", "（质检总局牵头负责）", "放宽限制。"]
        );
        assert_eq!(got[3].1, Kind::Responsibility);
        assert_eq!(got[1].1, Kind::Marker);
    }

    #[test]
    fn keeps_cited_numbers_in_sentences() {
        let got = kinds("国办发〔2017〕4号文件要求加快改革。", &[]);
        assert_eq!(got.len(), 1);
    }

    fn target(text: &str) -> Option<Target> {
        let view = crate::text::normalize::simplified_view(text);
        find_target(&Pass::new(text, &view), None)
    }

    #[test]
    fn formulas() {
        let t = target("经省人民政府同意，现将《国务院办公厅关于推进改革的意见》（国办发〔2017〕4号）转发给你们。")
            .unwrap();
        assert_eq!(
            (t.title.as_deref(), t.number.as_deref()),
            (Some("国务院办公厅关于推进改革的意见"), Some("国办发〔2017〕4号"))
        );
        assert_eq!(t.level, Some(Level::National));
        let t = target("现将国务院办公厅《关于推进改革的意见》转发给你们，请认真贯彻执行。").unwrap();
        assert_eq!(t.titles, ["国务院办公厅关于推进改革的意见", "关于推进改革的意见"]);
        let t = target("省发展改革委《关于加快发展物流业的实施意见》已经省政府同意，现转发给你们。").unwrap();
        assert_eq!(t.title.as_deref(), Some("省发展改革委关于加快发展物流业的实施意见"));
        assert!(target("现将《关于推进改革的意见》印发给你们，请认真贯彻执行。").is_none());
        assert!(target("一、任务\n（一）市政府办公厅已将《关于推进改革的意见》转发给各区。").is_none());
    }

    #[test]
    fn voice_of_the_notice() {
        let voice = Voice { number: Some("国办发〔2017〕4号".into()), level_char: Some('省') };
        assert!(voice.speaks("各地要按照国办发〔2017〕4号文的部署，并报省发展改革委备案。"));
        assert!(voice.speaks("省发展改革委要加强监督检查。"));
        assert!(voice.speaks("推动我省新动能发展。"));
        assert!(
            voice.speaks("经省人民政府同意，现将《国务院办公厅关于推进改革的意见》（国办发〔2017〕4号）转发给你们。")
        );
        assert!(!voice.speaks("各省、自治区、直辖市人民政府要加强领导。"));
        assert!(!voice.speaks("建立省级统筹机制，省际协作。"));
        assert!(!voice.speaks("现将《意见》（国办发〔2017〕4号）印发"));
    }
}
