//! The parser: plain text (or bytes) in, a [`Document`] with diagnostics out. It never fails.
//!
//! The passes, over the lines of the text:
//! 1. The text is split into trimmed physical lines; page chrome and attachment tables are
//!    marked on them.
//! 2. Hard-wrapped lines are joined into logical lines (a [`Line`] is a list of spans).
//! 3. A forwarding notice is split into the notice's own pieces and the document it embeds,
//!    which is parsed as a document of its own ([`forward`]).
//! 4. Header metadata and signatures are read ([`meta`]).
//! 5. The remaining body lines become paragraphs, repeated sentences are dropped, the tree is
//!    built, and body text that no node covers is reported as unplaced.
//!
//! Every line that does not end up in the tree gets a role and a diagnostic with its range.
//! Decisions (keywords, suffixes, labels) are made on a view of the text with traditional
//! characters simplified at the same byte offsets
//! ([`simplified_view`](crate::text::normalize::simplified_view)); the text reported is taken
//! from the original.

use std::borrow::Cow;
use std::collections::HashMap;

use super::chrome::shorten;
use super::markers::{MarkerStyle, parse_marker};
use super::sentence::{is_terminal, split_sentences};
use super::{
    Citation, Diagnostic, DiagnosticKind, DocId, Document, DocumentKind, Level, Metadata, Node, NodeKind,
    Responsibility, Sentence, SourceInfo, Span, chrome, forward, meta, table,
};
use crate::text;

/// Options for parsing, built with [`Parser::configure`].
#[derive(Clone, Debug, Default)]
pub struct ParseConfig {
    pub(crate) id: Option<DocId>,
    pub(crate) source_name: Option<String>,
    pub(crate) locality: Option<String>,
    pub(crate) level: Option<Level>,
    pub(crate) date: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) tld: Option<String>,
    pub(crate) detect_forwarding: bool,
}

/// The parser, configured through [`ParseConfig`].
///
/// ```
/// use policy_trace::Parser;
/// let doc = Parser::configure().id("demo").locality("河南省").parse("一、总体要求\n（一）深化商事制度改革。实行“多证合一”。");
/// assert_eq!(doc.id.as_str(), "demo");
/// assert_eq!(doc.clause_count(), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Parser {
    config: ParseConfig,
}

impl ParseConfig {
    /// Default options: forwarding notices are recognised.
    pub const fn new() -> Self {
        Self {
            id: None,
            source_name: None,
            locality: None,
            level: None,
            date: None,
            title: None,
            tld: None,
            detect_forwarding: true,
        }
    }
}

impl Parser {
    /// Starts a configuration with default options.
    pub const fn configure() -> Self {
        Self { config: ParseConfig::new() }
    }

    /// The document id (default: derived from the document number, else `doc`).
    pub fn id(&mut self, id: impl Into<DocId>) -> &mut Self {
        self.config.id = Some(id.into());
        self
    }

    /// Where the text came from, for messages and reports.
    pub fn source_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.config.source_name = Some(name.into());
        self
    }

    /// The locality, when the text does not state it.
    pub fn locality(&mut self, locality: impl Into<String>) -> &mut Self {
        self.config.locality = Some(locality.into());
        self
    }

    /// The administrative level, when the text does not state it.
    pub fn level(&mut self, level: Level) -> &mut Self {
        self.config.level = Some(level);
        self
    }

    /// The date (`YYYY-MM-DD`), when the text does not state it.
    pub fn date(&mut self, date: impl Into<String>) -> &mut Self {
        self.config.date = Some(date.into());
        self
    }

    /// The title, when the text does not state it.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.config.title = Some(title.into());
        self
    }

    /// The top-level domain of the page the bytes came from (`cn`, `tw`, `hk`), a hint for
    /// encoding detection. Leave it unset when unknown.
    pub fn tld(&mut self, tld: impl Into<String>) -> &mut Self {
        self.config.tld = Some(tld.into());
        self
    }

    /// Whether to recognise forwarding notices (default: yes).
    pub fn detect_forwarding(&mut self, yes: bool) -> &mut Self {
        self.config.detect_forwarding = yes;
        self
    }

    /// The options set so far.
    pub(crate) fn config(&self) -> &ParseConfig {
        &self.config
    }

    /// Parses text.
    ///
    /// # Complexity
    /// O(n) in the length of the text, plus O(s log s) for the duplicate check over s sentences.
    pub fn parse(&self, text: &str) -> Document {
        let source = SourceInfo { name: self.config.source_name.clone(), encoding: "UTF-8".into(), html: false };
        self.finish(text.to_owned(), source, Vec::new())
    }

    /// Parses bytes: detects the encoding (BOM, HTML `<meta charset>`, strict UTF-8, then a
    /// statistical guess among GBK/GB18030, Big5 and others) and HTML.
    ///
    /// # Complexity
    /// O(n) in the number of bytes, as [`Parser::parse`].
    pub fn parse_bytes(&self, bytes: &[u8]) -> Document {
        let decoded = text::decode::decode(bytes, self.config.tld.as_deref());
        let source =
            SourceInfo { name: self.config.source_name.clone(), encoding: decoded.encoding.to_owned(), html: false };
        self.finish(decoded.text, source, decoded.diagnostics)
    }

    /// Removes HTML markup if the text is HTML, then parses the plain text.
    fn finish(&self, text: String, mut source: SourceInfo, mut diagnostics: Vec<Diagnostic>) -> Document {
        let (text, chrome) = if text::html::looks_like_html(&text) {
            let converted = text::html::convert(&text);
            diagnostics.extend(converted.diagnostics);
            source.html = true;
            (converted.text, converted.chrome)
        } else {
            (text, Vec::new())
        };
        let mut doc = parse_plain(text, source, diagnostics, &chrome, &self.config, 0);
        apply_overrides(&mut doc.metadata, &self.config);
        doc.id = self.config.id.clone().unwrap_or_else(|| default_id(&doc.metadata));
        // The embedded document of a forwarding notice is named by the number it carries, or
        // `doc`; the notice may carry the same (a notice with no number of its own, or one given
        // the parent's number as its id). Its clauses must stay apart from the notice's own.
        if let Some(inner) = doc.forwarded.as_mut()
            && inner.id == doc.id
        {
            inner.id = DocId::new(format!("{}/forwarded", doc.id.as_str()));
        }
        doc
    }
}

fn apply_overrides(metadata: &mut Metadata, config: &ParseConfig) {
    if let Some(l) = &config.locality {
        metadata.locality = Some(l.clone());
    }
    if let Some(l) = config.level {
        metadata.level = Some(l);
    }
    if let Some(d) = &config.date {
        metadata.date_written = Some(d.clone());
    }
    if let Some(t) = &config.title {
        metadata.title = Some(t.clone());
    }
}

pub(crate) fn default_id(metadata: &Metadata) -> DocId {
    metadata.doc_number.clone().map_or_else(|| DocId::new("doc"), DocId::new)
}

/// What a line of the input turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Body text, to be placed in the tree.
    Body,
    /// Page chrome, dropped (and reported).
    Chrome,
    /// Read into the metadata (and reported).
    Metadata,
    /// Part of an attachment table.
    Attachment,
    /// Text of a forwarded document, parsed as a document of its own (and reported).
    Forwarded,
    /// Dropped as a repeat of text kept elsewhere (and reported).
    Dropped,
}

/// A logical line: one or more spans of the text, read as one string.
///
/// A physical line of the input is one span, white space trimmed on both sides.
/// Joining a hard wrap makes a line of several spans; splitting a long garbled line makes lines
/// that are parts of one span.
/// Offsets into the joined string map back to the text through [`Line::span_of`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Line {
    /// The spans, in text order.
    pieces: Vec<Span>,
    /// For each piece, the offset in the joined string where it ends.
    ends: Vec<usize>,
}

impl Line {
    pub(crate) fn single(start: usize, end: usize) -> Self {
        Self { pieces: vec![Span::new(start, end)], ends: vec![end - start] }
    }

    /// The spans, in text order.
    pub(crate) fn pieces(&self) -> &[Span] {
        &self.pieces
    }

    pub(crate) fn start(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.start)
    }

    pub(crate) fn end(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.end)
    }

    /// The length of the joined string.
    pub(crate) fn len(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// The range from the first byte of the line to its last.
    pub(crate) fn span(&self) -> Span {
        Span::new(self.start(), self.end())
    }

    /// The line as one string: the text of its pieces, joined.
    pub(crate) fn text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        join(&self.pieces, text)
    }

    /// The end of the joined string, at least `bytes` long where the line is: enough to read
    /// what closes the line without joining all of it.
    pub(crate) fn tail<'a>(&self, text: &'a str, bytes: usize) -> Cow<'a, str> {
        let from = self.ends.partition_point(|&e| e + bytes < self.len());
        join(&self.pieces[from..], text)
    }

    fn from_pieces(pieces: Vec<Span>) -> Self {
        let mut acc = 0;
        let ends = pieces
            .iter()
            .map(|p| {
                acc += p.len();
                acc
            })
            .collect();
        Self { pieces, ends }
    }

    /// Appends the pieces of `other`.
    pub(crate) fn extend(&mut self, other: &Line) {
        let base = self.len();
        self.pieces.extend_from_slice(&other.pieces);
        self.ends.extend(other.ends.iter().map(|e| base + e));
    }

    /// Maps a byte offset in the joined string back to the text.
    fn to_doc(&self, offset: usize) -> usize {
        let i = self.ends.partition_point(|&e| e <= offset);
        match self.pieces.get(i) {
            Some(p) => p.start + offset - (self.ends[i] - p.len()),
            None => self.end(),
        }
    }

    /// The range of the text covered by `start..end` of the joined string.
    pub(crate) fn span_of(&self, start: usize, end: usize) -> Span {
        if end <= start {
            let s = self.to_doc(start);
            return Span::new(s, s);
        }
        Span::new(self.to_doc(start), self.to_doc(end - 1) + 1)
    }

    /// The part `start..end` of the joined string, as a line of its own.
    pub(crate) fn slice(&self, start: usize, end: usize) -> Line {
        let first = self.ends.partition_point(|&e| e <= start);
        let mut pieces = Vec::new();
        for (i, p) in self.pieces.iter().enumerate().skip(first) {
            let a = self.ends[i] - p.len();
            if a >= end {
                break;
            }
            let (s, e) = (start.max(a), end.min(self.ends[i]));
            if s < e {
                pieces.push(Span::new(p.start + (s - a), p.start + (e - a)));
            }
        }
        Line::from_pieces(pieces)
    }
}

/// The text of some spans, joined.
fn join<'a>(pieces: &[Span], text: &'a str) -> Cow<'a, str> {
    match pieces {
        [p] => Cow::Borrowed(&text[p.start..p.end]),
        pieces => Cow::Owned(pieces.iter().map(|p| &text[p.start..p.end]).collect()),
    }
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}' || c == '\u{200b}'
}

/// Splits the text into physical lines, trimmed, blank lines left out.
/// `\n`, `\r\n` and a lone `\r` all end a line.
pub(crate) fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive(['\n', '\r']) {
        let start = pos;
        pos += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start_matches(is_space).len();
        let trimmed = body.trim_start_matches(is_space).trim_end_matches(is_space);
        if trimmed.is_empty() {
            continue;
        }
        lines.push(Line::single(start + lead, start + lead + trimmed.len()));
    }
    lines
}

/// The number of line breaks in `s`, counting `\r\n` once.
fn line_breaks(s: &str) -> usize {
    s.matches('\n').count() + s.matches('\r').count() - s.matches("\r\n").count()
}

/// The state shared by the passes over the lines of one text.
pub(crate) struct Pass<'a> {
    /// The text, as reported.
    pub(crate) text: &'a str,
    /// The text with traditional characters simplified, at the same byte offsets: what
    /// decisions are made on.
    pub(crate) view: &'a str,
    pub(crate) lines: Vec<Line>,
    pub(crate) roles: Vec<Role>,
    /// Whether a line continues the paragraph of the line before it (pieces of one line).
    pub(crate) glued: Vec<bool>,
    pub(crate) metadata: Metadata,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Pass<'a> {
    pub(crate) fn new(text: &'a str, view: &'a str) -> Self {
        let lines = split_lines(text);
        let n = lines.len();
        Self {
            text,
            view,
            lines,
            roles: vec![Role::Body; n],
            glued: vec![false; n],
            metadata: Metadata::default(),
            diagnostics: Vec::new(),
        }
    }

    /// Line `i` as written.
    pub(crate) fn line(&self, i: usize) -> Cow<'a, str> {
        self.lines[i].text(self.text)
    }

    /// Line `i` in the simplified view, for decisions.
    pub(crate) fn view_line(&self, i: usize) -> Cow<'a, str> {
        self.lines[i].text(self.view)
    }

    pub(crate) fn body_lines(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.lines.len()).filter(|&i| self.roles[i] == Role::Body)
    }

    /// Sets a line's role, with a diagnostic that covers the line.
    pub(crate) fn mark(&mut self, i: usize, role: Role, diagnostic: Diagnostic) {
        self.roles[i] = role;
        self.diagnostics.push(diagnostic);
    }
}

/// Parses plain text; `depth` guards the recursion into forwarded documents.
pub(crate) fn parse_plain(
    text: String,
    source: SourceInfo,
    mut diagnostics: Vec<Diagnostic>,
    html_chrome: &[Span],
    config: &ParseConfig,
    depth: usize,
) -> Document {
    let view = text::normalize::simplified_view(&text);
    let mut pass = Pass::new(&text, &view);

    chrome::mark_spans(&mut pass, html_chrome);
    chrome::mark(&mut pass);
    let attachments = table::extract(&mut pass);
    join_hard_wraps(&mut pass);
    table::extract_attachments_marker(&mut pass);

    let mut kind = DocumentKind::Standalone;
    let mut forwarded = None;
    if config.detect_forwarding
        && depth == 0
        && let Some(split) = forward::split(&mut pass)
    {
        kind = DocumentKind::Forwarding;
        if let Some(embedded) = split.embedded_text {
            let mut inner_config = config.clone();
            inner_config.id = None;
            inner_config.locality = None;
            inner_config.level = None;
            inner_config.date = None;
            inner_config.title = None;
            let inner_source = SourceInfo { html: false, ..source.clone() };
            let mut inner = parse_plain(embedded, inner_source, Vec::new(), &[], &inner_config, depth + 1);
            forward::fill_embedded_metadata(
                &mut inner.metadata,
                split.parent_title.as_deref(),
                split.parent_number.as_deref(),
            );
            inner.id = default_id(&inner.metadata);
            forwarded = Some(Box::new(inner));
        }
    }

    meta::read_header(&mut pass);
    meta::read_signatures(&mut pass);

    let blocks = paragraphs(&pass);
    let seeds = metadata_keys(&pass);
    let blocks = dedupe(pass.text, pass.view, blocks, &seeds, &mut pass.diagnostics);
    let mut nodes = build_tree(&text, &view, &blocks);
    check_placed(&text, &blocks, &nodes, &mut pass.diagnostics);
    assign_ids(&mut nodes, "");
    check_numbering(&nodes, &mut pass.diagnostics);

    let mut citations = meta::find_citations(&pass);
    drop_repeated_citations(&mut citations, &pass.metadata, &pass.diagnostics);
    meta::infer_locality(&mut pass.metadata);
    if view != text.as_str() {
        pass.diagnostics.push(Diagnostic::info(
            DiagnosticKind::Traditional,
            "the text contains traditional characters; matching uses their simplified forms",
            None,
        ));
    }
    diagnostics.append(&mut pass.diagnostics);
    let metadata = std::mem::take(&mut pass.metadata);
    drop(pass);
    drop(view);
    Document {
        id: DocId::new("doc"),
        source,
        metadata,
        kind,
        forwarded,
        citations,
        nodes,
        attachments,
        diagnostics,
        text,
    }
}

/// Detects a hard wrap width: many lines of (nearly) the same length.
fn wrap_width(pass: &Pass<'_>) -> Option<usize> {
    let lens: Vec<usize> = pass.body_lines().map(|i| physical_width(pass, i)).filter(|&n| n >= 10).collect();
    if lens.len() < 6 {
        return None;
    }
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &n in &lens {
        *counts.entry(n).or_default() += 1;
    }
    let (&mode, _) = counts.iter().max_by_key(|&(&len, &c)| (c, len))?;
    let near = lens.iter().filter(|&&n| n + 1 >= mode && n <= mode + 1).count();
    (near * 10 >= lens.len() * 4 && near >= 5).then_some(mode)
}

/// The width of a physical line in characters, counting its leading indentation (wrapping tools
/// count the 「　　」 that opens a paragraph), without trailing white space.
fn physical_width(pass: &Pass<'_>, i: usize) -> usize {
    let line = &pass.lines[i];
    let text = pass.view;
    let line_start = text[..line.start()].rfind(['\n', '\r']).map_or(0, |p| p + 1);
    text[line_start..line.end()].chars().count()
}

/// Whether a line fills the wrap width, so that its paragraph continues on the next line.
///
/// A line one character short of the width also fills it (wrapping tools keep punctuation off
/// the start of a line), unless it ends a sentence: then it was short because the paragraph
/// ended.
/// A line that ends with a responsibility parenthetical closes its measure.
/// `line` is the physical line, `n` its width with indentation, `paragraph` the logical line it
/// ends so far.
fn fills_width(line: &str, n: usize, paragraph: &str, width: usize) -> bool {
    let ends_sentence = line.ends_with(|c: char| is_terminal(c) || matches!(c, '）' | ')' | '”' | '"'));
    (n >= width || n + 1 == width && !ends_sentence) && trailing_responsibility(paragraph).is_none()
}

/// Joins hard-wrapped body lines into logical lines: a line that fills the wrap width continues
/// on the next line, unless a blank line or a numbering marker intervenes.
fn join_hard_wraps(pass: &mut Pass<'_>) {
    let Some(width) = wrap_width(pass) else { return };
    let mut lines: Vec<Line> = Vec::with_capacity(pass.lines.len());
    let mut roles = Vec::with_capacity(pass.lines.len());
    let mut prev_full = false;
    let mut joined = 0usize;
    for i in 0..pass.lines.len() {
        let line = pass.lines[i].clone();
        if pass.roles[i] != Role::Body {
            lines.push(line);
            roles.push(pass.roles[i]);
            prev_full = false;
            continue;
        }
        let view = pass.view_line(i);
        let adjacent = lines.last().is_some_and(|prev| line_breaks(&pass.text[prev.end()..line.start()]) <= 1);
        if prev_full && adjacent && parse_marker(&view).is_none() {
            lines.last_mut().expect("a previous line").extend(&line);
            joined += 1;
        } else {
            lines.push(line);
            roles.push(Role::Body);
        }
        // A responsibility parenthetical is at most 200 characters long.
        let paragraph = lines.last().map(|l| l.tail(pass.view, 800)).unwrap_or_default();
        prev_full = fills_width(&view, physical_width(pass, i), &paragraph, width);
    }
    if joined > 0 {
        pass.diagnostics.push(Diagnostic::info(
            DiagnosticKind::HardWrap,
            format!("joined {joined} hard-wrapped lines (wrap width about {width} characters)"),
            None,
        ));
    }
    pass.glued = vec![false; lines.len()];
    pass.lines = lines;
    pass.roles = roles;
}

/// The paragraphs: body lines, with glued lines joined to the line before them.
fn paragraphs(pass: &Pass<'_>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut prev = None;
    for i in pass.body_lines() {
        match out.last_mut() {
            Some(last) if pass.glued[i] && prev == Some(i - 1) => last.extend(&pass.lines[i]),
            _ => out.push(pass.lines[i].clone()),
        }
        prev = Some(i);
    }
    out
}

/// The comparison keys of the metadata lines, with their offsets: a body line that repeats the
/// title or the addressees is a duplicate.
fn metadata_keys(pass: &Pass<'_>) -> Vec<(String, usize)> {
    (0..pass.lines.len())
        .filter(|&i| pass.roles[i] == Role::Metadata)
        .map(|i| (text::normalize::key(&pass.view_line(i)), pass.lines[i].start()))
        .collect()
}

/// Leaves out citations in text dropped as a repeat, and a document's mentions of its own number.
fn drop_repeated_citations(citations: &mut Vec<Citation>, metadata: &Metadata, diagnostics: &[Diagnostic]) {
    let dropped: Vec<Span> =
        diagnostics.iter().filter(|d| d.kind == DiagnosticKind::Duplicate).filter_map(|d| d.range).collect();
    citations.retain(|c| {
        let own = c.title.is_none() && c.doc_number.is_some() && c.doc_number == metadata.doc_number;
        let repeated = dropped.iter().any(|d| d.start <= c.range.start && c.range.end <= d.end);
        !own && !repeated
    });
}

/// A sentence considered by the duplicate check.
struct Unit {
    block: usize,
    start: usize,
    end: usize,
    key: String,
    kind: UnitKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    /// A numbering marker with the first sentence after it.
    Marker,
    Sentence,
    /// A responsible-agency parenthetical standing as a sentence of its own.
    Responsibility,
}

/// Sentences with a key at least this long are dropped whenever they repeat; shorter ones
/// (「加强组织领导。」) repeat in sound documents, and are dropped only inside a repeated run.
const LONG_SENTENCE: usize = 12;

/// A numbered heading is dropped whenever it repeats with the same number and a key at least
/// this long (「（七）提高创业创新服务效率。」); sound documents that restart their numbering
/// repeat only short generic headings (「1．加强领导。」) under another parent.
const LONG_HEADING: usize = 8;

/// Drops repeated sentences, keeping the first occurrence, with one diagnostic per dropped
/// sentence.
///
/// A long sentence, or a numbered heading with a long key, is dropped whenever it repeats.
/// A short one, or a responsibility parenthetical, is dropped only
/// when it repeats inside a run of dropped text: garbled pages repeat whole stretches, while
/// sound documents repeat short headings and agency lists on purpose.
/// A parenthetical follows the measure it closes.
///
/// # Complexity
/// O(s) for s sentences, times the length of the longest run of short repeats.
fn dedupe(
    text: &str,
    view: &str,
    blocks: Vec<Line>,
    seeds: &[(String, usize)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Line> {
    let mut units = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        let joined = block.text(view);
        let marker_len = parse_marker(&joined).map_or(0, |m| m.len);
        let sentences = split_sentences(&joined[marker_len..]);
        if marker_len > 0 && sentences.is_empty() {
            units.push(Unit {
                block: b,
                start: 0,
                end: marker_len,
                key: text::normalize::key(&joined),
                kind: UnitKind::Marker,
            });
        }
        for (k, &(s, e)) in sentences.iter().enumerate() {
            let (s, e) = (s + marker_len, e + marker_len);
            let (s, kind) = if k == 0 && marker_len > 0 {
                (0, UnitKind::Marker)
            } else if trailing_responsibility(&joined[s..e]) == Some(0) {
                (s, UnitKind::Responsibility)
            } else {
                (s, UnitKind::Sentence)
            };
            units.push(Unit { block: b, start: s, end: e, key: text::normalize::key(&joined[s..e]), kind });
        }
    }

    let mut first: HashMap<&str, usize> = HashMap::new();
    for (key, at) in seeds {
        if !key.is_empty() {
            first.entry(key.as_str()).or_insert(*at);
        }
    }
    let seen: Vec<Option<usize>> = units
        .iter()
        .map(|u| {
            if u.key.is_empty() {
                return None;
            }
            let here = blocks[u.block].span_of(u.start, u.end).start;
            if let Some(&at) = first.get(u.key.as_str()) {
                return Some(at);
            }
            first.insert(u.key.as_str(), here);
            None
        })
        .collect();
    let mut dropped: Vec<bool> = units
        .iter()
        .zip(&seen)
        .map(|(u, s)| {
            let long = match u.kind {
                UnitKind::Marker => LONG_HEADING,
                UnitKind::Sentence => LONG_SENTENCE,
                UnitKind::Responsibility => usize::MAX,
            };
            s.is_some() && u.key.chars().count() >= long
        })
        .collect();
    let follows_dropped = |dropped: &[bool], i: usize| i > 0 && units[i - 1].block == units[i].block && dropped[i - 1];
    let should_drop = |dropped: &[bool], i: usize| {
        seen[i].is_some()
            && !dropped[i]
            && match units[i].kind {
                UnitKind::Responsibility => follows_dropped(dropped, i),
                _ => follows_dropped(dropped, i) || dropped.get(i + 1).copied().unwrap_or(false),
            }
    };
    loop {
        let mut changed = false;
        for i in (0..units.len()).rev().chain(0..units.len()) {
            if should_drop(&dropped, i) {
                dropped[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    let mut out = Vec::with_capacity(blocks.len());
    let mut u = 0;
    for (b, block) in blocks.into_iter().enumerate() {
        let mut kept = Line::default();
        let mut any_dropped = false;
        let mut any_kept_text = false;
        while u < units.len() && units[u].block == b {
            let unit = &units[u];
            if dropped[u] {
                any_dropped = true;
                let span = block.span_of(unit.start, unit.end);
                let what = shorten(&block.slice(unit.start, unit.end).text(text), 20);
                let first = seen[u].unwrap_or(0);
                diagnostics.push(Diagnostic::info(
                    DiagnosticKind::Duplicate,
                    format!("repeated sentence 「{what}」 kept once (first at byte {first})"),
                    Some(span),
                ));
            } else {
                kept.extend(&block.slice(unit.start, unit.end));
                any_kept_text = true;
            }
            u += 1;
        }
        if !any_dropped {
            out.push(block);
        } else if any_kept_text {
            out.push(kept);
        }
    }
    out
}

/// A short heading: one sentence at most, no inner comma, at most 40 characters.
fn is_heading_only(content: &str) -> bool {
    let body = content.trim_end_matches(['。', '.', '：', ':']);
    let n = body.chars().count();
    n > 0 && n <= 40 && !body.chars().any(|c| matches!(c, '。' | '，' | ',' | '；' | ';' | '！' | '？'))
}

/// The lead sentence of a paragraph: a short first sentence naming the measure.
fn lead_of(sentences: &[(usize, usize)], text: &str) -> Option<(usize, usize)> {
    let &(s, e) = sentences.first()?;
    if sentences.len() < 2 {
        return None;
    }
    let sent = text[s..e].trim_start_matches(['—', '-', '－', '─']);
    let n = sent.chars().count();
    (n <= 24 && sent.ends_with('。') && !sent.chars().any(|c| matches!(c, '，' | ',' | '；' | ';'))).then_some((s, e))
}

const RESPONSIBILITY_WORDS: [&str; 8] =
    ["负责", "牵头", "责任单位", "责任部门", "牵头单位", "配合单位", "按职责分工", "参与"];

/// Finds a trailing responsible-agency parenthetical in `content`: its start byte.
pub(crate) fn trailing_responsibility(content: &str) -> Option<usize> {
    let trimmed = content.trim_end_matches(is_space);
    let last = trimmed.chars().last()?;
    if !matches!(last, '）' | ')') {
        return None;
    }
    // Walk back to the matching open bracket.
    let mut depth = 0i32;
    for (i, c) in trimmed.char_indices().rev() {
        match c {
            '）' | ')' => depth += 1,
            '（' | '(' => {
                depth -= 1;
                if depth == 0 {
                    let inner = &trimmed[i..];
                    let n = inner.chars().count();
                    let mentions = RESPONSIBILITY_WORDS.iter().any(|w| inner.contains(w));
                    return (mentions && n <= 200).then_some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Reads a responsibility parenthetical: `raw` as written and `view` simplified, at the same
/// byte offsets (suffixes are recognised on `view`, names are taken from `raw`).
pub(crate) fn parse_responsibility(raw: &str, view: &str, span: Span) -> Responsibility {
    let is_paren = |c: char| matches!(c, '（' | '）' | '(' | ')');
    let mut a = view.len() - view.trim_start_matches(is_paren).len();
    let b = view.trim_end_matches(is_paren).len().max(a);
    if let Some((label, _)) = view[a..b].split_once(['：', ':'])
        && label.chars().count() <= 6
    {
        let colon = view[a + label.len()..].chars().next().map_or(0, char::len_utf8);
        a += label.len() + colon;
    }
    let mut agencies = Vec::new();
    let mut lead_agencies = Vec::new();
    let mut part_start = a;
    let separators = view[a..b]
        .char_indices()
        .filter(|&(_, c)| matches!(c, '、' | '，' | ',' | '；' | ';' | '/'))
        .map(|(i, c)| (a + i, c.len_utf8()))
        .chain(std::iter::once((b, 0)));
    for (sep, sep_len) in separators {
        let (mut s, mut e) = (part_start, sep);
        part_start = sep + sep_len;
        let mut is_lead = false;
        let trim = |s: &mut usize, e: &mut usize| {
            let part = &view[*s..*e];
            *s += part.len() - part.trim_start_matches(is_space).len();
            *e = *s + view[*s..*e].trim_end_matches(is_space).len();
        };
        trim(&mut s, &mut e);
        for suffix in ["按职责分工负责", "按职责负责", "分工负责", "牵头负责", "牵头", "负责", "配合", "参与"]
        {
            if view[s..e].ends_with(suffix) {
                is_lead |= suffix.contains("牵头");
                e -= suffix.len();
            }
        }
        for suffix in ["等部门", "等单位", "等"] {
            if view[s..e].ends_with(suffix) {
                e -= suffix.len();
            }
        }
        trim(&mut s, &mut e);
        if s >= e {
            continue;
        }
        let name = raw[s..e].to_owned();
        if is_lead {
            lead_agencies.push(name.clone());
        }
        agencies.push(name);
    }
    Responsibility { text: raw.to_owned(), agencies, lead_agencies, range: span }
}

/// Makes a paragraph node of `block` from byte `start` of its joined text.
fn make_paragraph(text: &str, view: &str, block: &Line, start: usize) -> Option<Node> {
    let joined = block.text(text);
    let jv = block.text(view);
    let content = &jv[start..];
    let start = start + (content.len() - content.trim_start_matches(is_space).len());
    let mut end = jv.trim_end_matches(is_space).len();
    if end <= start {
        return None;
    }
    let mut responsibility = None;
    if let Some(r) = trailing_responsibility(&jv[start..end]) {
        let r_start = start + r;
        responsibility =
            Some(parse_responsibility(&joined[r_start..end], &jv[r_start..end], block.span_of(r_start, end)));
        end = r_start;
    }
    let body_view = &jv[start..end];
    let body = &joined[start..end];
    let sentences_rel = split_sentences(body_view);
    let sentences = sentences_rel
        .iter()
        .map(|&(s, e)| Sentence { text: body[s..e].to_owned(), range: block.span_of(start + s, start + e) })
        .collect::<Vec<_>>();
    let lead = lead_of(&sentences_rel, body_view).map(|(s, e)| body[s..e].to_owned());
    let len = body_view.trim_end_matches(is_space).len();
    if len == 0 && responsibility.is_none() {
        return None;
    }
    Some(Node {
        id: String::new(),
        kind: NodeKind::Paragraph,
        marker: None,
        number: None,
        heading: None,
        text: body[..len].to_owned(),
        lead,
        responsibility,
        sentences,
        range: block.span_of(start, start + len),
        children: Vec::new(),
    })
}

/// A numbered node being built, with the paragraph its heading makes if nothing follows it.
struct Open {
    style: MarkerStyle,
    node: Node,
    /// A heading-only node that stays a leaf is a measure of one sentence, such as
    /// 「31.高标准、高质量启动国家级新区“十四五”规划和各专项规划编制工作。」: its heading is
    /// also its clause.
    leaf: Option<(Node, Span)>,
}

/// Puts a paragraph under the innermost open node, or at the top level.
///
/// A paragraph that is nothing but a responsibility parenthetical closes the paragraph before it.
fn place(open: &mut [Open], roots: &mut Vec<Node>, p: Node) {
    let siblings = match open.last_mut() {
        Some(o) => &mut o.node.children,
        None => roots,
    };
    if p.text.is_empty()
        && let Some(prev) = siblings.last_mut().filter(|n| n.is_paragraph() && n.responsibility.is_none())
    {
        prev.responsibility = p.responsibility;
        return;
    }
    siblings.push(p);
}

fn close_to(open: &mut Vec<Open>, roots: &mut Vec<Node>, depth: usize) {
    while open.len() > depth {
        let Open { mut node, leaf, .. } = open.pop().expect("checked length");
        if node.children.is_empty()
            && let Some((p, marker_span)) = leaf
        {
            node.range = marker_span;
            node.children.push(p);
        }
        match open.last_mut() {
            Some(parent) => parent.node.children.push(node),
            None => roots.push(node),
        }
    }
}

/// Builds the tree from paragraphs: numbered nodes nest by the order in which marker styles
/// appear.
fn build_tree(text: &str, view: &str, blocks: &[Line]) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    // The open numbered nodes, outermost first.
    let mut open: Vec<Open> = Vec::new();
    let last_marker = blocks.iter().rposition(|b| parse_marker(&b.text(view)).is_some());
    for (index, block) in blocks.iter().enumerate() {
        let jv = block.text(view);
        let Some(marker) = parse_marker(&jv) else {
            // A closing paragraph after the last numbered node (「以上具体措施…」, 「本意见自…」)
            // belongs to the document, not to the last measure.
            if last_marker.is_some_and(|l| index > l) && is_closing_paragraph(&jv) {
                close_to(&mut open, &mut roots, 0);
            }
            if let Some(p) = make_paragraph(text, view, block, 0) {
                place(&mut open, &mut roots, p);
            }
            continue;
        };
        let depth = open.iter().position(|o| o.style == marker.style).unwrap_or(open.len());
        close_to(&mut open, &mut roots, depth);
        let joined = block.text(text);
        let content = jv[marker.len..].trim_matches(is_space);
        let marker_span = block.span_of(0, marker.len);
        let mut node = Node {
            id: String::new(),
            kind: NodeKind::for_depth(depth),
            marker: Some(joined[..marker.len].trim_end_matches(is_space).to_owned()),
            number: Some(marker.number),
            heading: None,
            text: String::new(),
            lead: None,
            responsibility: None,
            sentences: Vec::new(),
            range: block.span(),
            children: Vec::new(),
        };
        let mut leaf = None;
        if is_heading_only(content) {
            let heading_start = jv.len() - jv[marker.len..].trim_start_matches(is_space).len();
            node.heading = Some(joined[heading_start..heading_start + content.len()].to_owned());
            leaf = make_paragraph(text, view, block, marker.len).map(|p| (p, marker_span));
        } else if let Some(p) = make_paragraph(text, view, block, marker.len) {
            node.heading.clone_from(&p.lead);
            node.range = marker_span;
            node.children.push(p);
        }
        open.push(Open { style: marker.style, node, leaf });
    }
    close_to(&mut open, &mut roots, 0);
    roots
}

/// Phrases that open a closing paragraph of a document.
const CLOSING_OPENERS: &[&str] = &[
    "以上",
    "上述",
    "本意见",
    "本方案",
    "本办法",
    "本通知",
    "本措施",
    "本规定",
    "本细则",
    "各地、各部门",
    "各地区、各部门",
    "各有关部门",
    "各有关单位",
    "请各",
];

fn is_closing_paragraph(s: &str) -> bool {
    let s = s.trim_start_matches(is_space);
    // Half-width or mixed text writes the enumeration comma 、 as a comma.
    let head: String = s.chars().take(12).map(|c| if matches!(c, ',' | '，') { '、' } else { c }).collect();
    CLOSING_OPENERS.iter().any(|p| head.starts_with(p))
}

/// Reports body text that no node covers, so that nothing the tree builder could not place
/// vanishes silently.
///
/// # Complexity
/// O(n log n) in the number of nodes, plus O(n) in the length of the text.
fn check_placed(text: &str, blocks: &[Line], nodes: &[Node], diagnostics: &mut Vec<Diagnostic>) {
    let mut covered: Vec<Span> = Vec::new();
    for node in nodes.iter().flat_map(Node::iter_descendants) {
        covered.push(node.range);
        covered.extend(node.responsibility.as_ref().map(|r| r.range));
    }
    let covered = merge_spans(covered);
    let is_covered = |at: usize| {
        let i = covered.partition_point(|s| s.end <= at);
        covered.get(i).is_some_and(|s| s.start <= at)
    };
    for piece in blocks.iter().flat_map(Line::pieces) {
        let mut run: Option<Span> = None;
        let mut flush = |run: &mut Option<Span>| {
            if let Some(span) = run.take() {
                diagnostics.push(Diagnostic::warning(
                    DiagnosticKind::Unplaced,
                    format!("text the tree builder could not place: 「{}」", shorten(&text[span.start..span.end], 30)),
                    Some(span),
                ));
            }
        };
        for (i, c) in text[piece.start..piece.end].char_indices() {
            let at = piece.start + i;
            if is_space(c) {
                continue;
            }
            if is_covered(at) {
                flush(&mut run);
            } else {
                let end = at + c.len_utf8();
                run = Some(run.map_or(Span::new(at, end), |r| Span::new(r.start, end)));
            }
        }
        flush(&mut run);
    }
}

/// Sorts spans and merges the overlapping ones.
pub(crate) fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| !s.is_empty());
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Gives every node its path id.
fn assign_ids(nodes: &mut [Node], prefix: &str) {
    let numbered: Vec<u32> = nodes.iter().filter(|n| !n.is_paragraph()).filter_map(|n| n.number).collect();
    let mut sorted = numbered.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let use_numbers =
        sorted.len() == numbered.len() && numbered.len() == nodes.iter().filter(|n| !n.is_paragraph()).count();
    let (mut position, mut paragraph) = (0u32, 0u32);
    for node in nodes.iter_mut() {
        let local = if node.is_paragraph() {
            paragraph += 1;
            format!("p{paragraph}")
        } else {
            position += 1;
            if use_numbers { node.number.unwrap_or(position).to_string() } else { position.to_string() }
        };
        node.id = if prefix.is_empty() { local } else { format!("{prefix}.{local}") };
        let id = node.id.clone();
        assign_ids(&mut node.children, &id);
    }
}

/// Reports numbering gaps and jumps. Numbering may restart at 1 under a new parent, or continue
/// from the previous parent (as 国办发 documents number articles （一）…（二十） across chapters).
fn check_numbering(nodes: &[Node], diagnostics: &mut Vec<Diagnostic>) {
    fn walk(nodes: &[Node], last_by_kind: &mut HashMap<NodeKind, u32>, diagnostics: &mut Vec<Diagnostic>) {
        let mut prev: Option<u32> = None;
        for node in nodes.iter().filter(|n| !n.is_paragraph()) {
            let Some(n) = node.number else { continue };
            let global = last_by_kind.get(&node.kind).copied();
            let ok = match prev {
                None => n == 1 || global.is_some_and(|g| n == g + 1),
                Some(p) => n == p + 1,
            };
            if !ok {
                let expected = prev.map_or(1, |p| p + 1);
                let marker = node.marker.clone().unwrap_or_default();
                if n > expected {
                    diagnostics.push(Diagnostic::warning(
                        DiagnosticKind::NumberingGap,
                        format!("numbering skips from {} to {n} at {marker}", expected.saturating_sub(1)),
                        Some(node.range),
                    ));
                } else {
                    diagnostics.push(Diagnostic::warning(
                        DiagnosticKind::NumberingJump,
                        format!("numbering goes back to {n} after {} at {marker}", expected.saturating_sub(1)),
                        Some(node.range),
                    ));
                }
            }
            prev = Some(n);
            last_by_kind.insert(node.kind, n);
            walk(&node.children, last_by_kind, diagnostics);
        }
    }
    let mut last_by_kind: HashMap<NodeKind, u32> = HashMap::new();
    walk(nodes, &mut last_by_kind, diagnostics);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responsibility_parenthetical() {
        let s = "推进改革。（省发展改革委、财政厅等部门按职责分工负责）";
        let at = trailing_responsibility(s).unwrap();
        let r = parse_responsibility(&s[at..], &s[at..], Span::new(0, 0));
        assert_eq!(r.agencies, vec!["省发展改革委", "财政厅"]);
        let s = "做好工作（责任单位：市商务局、市财政局）";
        let at = trailing_responsibility(s).unwrap();
        assert_eq!(parse_responsibility(&s[at..], &s[at..], Span::new(0, 0)).agencies, vec!["市商务局", "市财政局"]);
        let s = "完善统计（国家统计局牵头）";
        let at = trailing_responsibility(s).unwrap();
        assert_eq!(parse_responsibility(&s[at..], &s[at..], Span::new(0, 0)).lead_agencies, vec!["国家统计局"]);
        assert!(trailing_responsibility("建设中国（河南）自由贸易试验区（郑州片区）").is_none());
    }

    fn parse(text: &str) -> Document {
        Parser::configure().parse(text)
    }

    fn diagnostics(doc: &Document, kind: DiagnosticKind) -> Vec<&str> {
        doc.diagnostics
            .iter()
            .filter(|d| d.kind == kind)
            .filter_map(|d| d.range)
            .map(|r| &doc.text[r.start..r.end])
            .collect()
    }

    #[test]
    fn text_no_node_covers_is_unplaced() {
        let text = "一、总体要求\n深化改革，推进创新。\n".to_owned();
        let blocks = vec![Line::single(0, "一、总体要求".len()), Line::single("一、总体要求\n".len(), text.len() - 1)];
        let nodes = build_tree(&text, &text, &blocks[..1]);
        let mut diags = Vec::new();
        check_placed(&text, &blocks, &nodes, &mut diags);
        let unplaced: Vec<&str> = diags.iter().filter_map(|d| d.range).map(|r| &text[r.start..r.end]).collect();
        assert_eq!(unplaced, ["深化改革，推进创新。"]);
        assert!(
            diags.iter().all(|d| d.kind == DiagnosticKind::Unplaced && d.severity == super::super::Severity::Warning)
        );
        diags.clear();
        check_placed(&text, &blocks, &build_tree(&text, &text, &blocks), &mut diags);
        assert!(diags.is_empty());
    }

    #[test]
    fn repeated_runs_are_dropped_and_sound_repeats_kept() {
        // Short headings and agency parentheticals repeat in sound documents.
        let doc = parse(
            "一、任务\n1．加强领导。建立统筹协调工作机制，定期研究重大问题。（市有关部门按职责分工负责）\n二、保障\n1．加强领导。落实各级主体责任并加强督促检查工作。（市有关部门按职责分工负责）",
        );
        assert!(diagnostics(&doc, DiagnosticKind::Duplicate).is_empty());
        assert_eq!(doc.iter_nodes().filter(|n| n.responsibility.is_some()).count(), 2);
        // A garbled page repeats a whole stretch: short sentences inside it go too.
        let doc = parse(
            "（二）基本原则。——突出改革引领。强化从供给侧突破的意识，发挥市场的决定性作用。\n（三）目标任务。构建形成适应新产业新业态发展规律的制度环境。\n（二）基本原则。——突出改革引领。强化从供给侧突破的意识，发挥市场的决定性作用。",
        );
        assert_eq!(
            diagnostics(&doc, DiagnosticKind::Duplicate),
            ["（二）基本原则。", "——突出改革引领。", "强化从供给侧突破的意识，发挥市场的决定性作用。"]
        );
        assert_eq!(doc.iter_nodes().filter(|n| !n.is_paragraph()).count(), 2);
    }

    #[test]
    fn a_lone_parenthetical_closes_the_paragraph_before_it() {
        let doc = parse("（一）优化服务。推进审批制度改革，提高服务效率。\n（省发展改革委牵头负责）\n（二）加强监管。");
        let p = doc.node("1.p1").expect("the first measure");
        assert_eq!(p.responsibility.as_ref().map(|r| r.agencies.clone()), Some(vec!["省发展改革委".to_owned()]));
        assert_eq!(doc.clause_count(), 2);
    }

    #[test]
    fn a_heading_only_leaf_is_a_clause() {
        let doc = parse(
            "一、任务\n31.高标准、高质量启动规划编制工作。\n32.指导有关省(市)在编制空间规划过程中,优化用地结构。",
        );
        assert_eq!(doc.node("1.31").and_then(|n| n.heading.as_deref()), Some("高标准、高质量启动规划编制工作。"));
        assert_eq!(doc.node("1.31.p1").map(|n| n.text.as_str()), Some("高标准、高质量启动规划编制工作。"));
    }

    #[test]
    fn hard_wraps_end_at_sentences_one_short_of_the_width() {
        let line = |n: usize, end: &str| format!("{}{end}", "字".repeat(n - end.chars().count()));
        // Width 12: an 11-character line ending a sentence ends its paragraph; one ending
        // inside a sentence does not.
        let lines = [
            line(12, ""),
            line(11, "。"),
            line(12, ""),
            line(12, ""),
            line(11, "字"),
            line(5, "。"),
            line(12, ""),
            line(12, ""),
            line(4, "。"),
        ];
        let text = lines.join("\n");
        let doc = parse(&text);
        assert_eq!(doc.clause_count(), 3);
    }

    #[test]
    fn heading_only() {
        assert!(is_heading_only("提高行政审批服务能力和水平。"));
        assert!(is_heading_only("总体要求"));
        assert!(!is_heading_only("创新投融资模式,积极组织开展基础设施REITs业务。"));
        assert!(!is_heading_only("指导思想。以习近平新时代中国特色社会主义思想为指导。"));
    }
}
