//! The parser: plain text (or bytes) in, a [`Document`] with diagnostics out. It never fails.

use std::collections::HashMap;

use super::markers::{Marker, MarkerStyle, parse_marker};
use super::sentence::split_sentences;
use super::{
    Diagnostic, DiagnosticKind, DocId, Document, DocumentKind, Level, Metadata, Node, NodeKind, Responsibility,
    Sentence, SourceInfo, Span, chrome, forward, meta, table,
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
        let mut diagnostics = Vec::new();
        let text = if text::html::looks_like_html(text) {
            let (plain, diags) = text::html::to_text(text);
            diagnostics.extend(diags);
            return self.finish(plain, SourceInfo { html: true, ..source }, diagnostics);
        } else {
            text.to_owned()
        };
        self.finish(text, source, diagnostics)
    }

    /// Parses bytes: detects the encoding (BOM, HTML `<meta charset>`, strict UTF-8, then a
    /// statistical guess among GBK/GB18030, Big5 and others) and HTML.
    ///
    /// # Complexity
    /// O(n) in the number of bytes, as [`Parser::parse`].
    pub fn parse_bytes(&self, bytes: &[u8]) -> Document {
        let decoded = text::decode::decode(bytes, self.config.tld.as_deref());
        let mut diagnostics = decoded.diagnostics;
        let mut source =
            SourceInfo { name: self.config.source_name.clone(), encoding: decoded.encoding.to_owned(), html: false };
        let mut plain = decoded.text;
        if text::html::looks_like_html(&plain) {
            let (t, diags) = text::html::to_text(&plain);
            diagnostics.extend(diags);
            plain = t;
            source.html = true;
        }
        self.finish(plain, source, diagnostics)
    }

    fn finish(&self, text: String, source: SourceInfo, diagnostics: Vec<Diagnostic>) -> Document {
        let mut doc = parse_plain(text, source, diagnostics, &self.config, 0);
        apply_overrides(&mut doc.metadata, &self.config);
        doc.id = self.config.id.clone().unwrap_or_else(|| default_id(&doc.metadata));
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

fn default_id(metadata: &Metadata) -> DocId {
    metadata.doc_number.clone().map_or_else(|| DocId::new("doc"), DocId::new)
}

/// What a line of the input turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Body text, to be placed in the tree.
    Body,
    /// Page chrome, dropped.
    Chrome,
    /// Read into the metadata.
    Metadata,
    /// Part of an attachment table.
    Attachment,
    /// Embedded text of a forwarded document (parsed separately).
    Forwarded,
}

/// A trimmed line of the input: `start..end` in the text, white space removed on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Line {
    pub(crate) fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    pub(crate) fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}' || c == '\u{200b}'
}

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
        lines.push(Line { start: start + lead, end: start + lead + trimmed.len() });
    }
    lines
}

/// The state shared by the passes over the lines of one text.
pub(crate) struct Pass<'a> {
    pub(crate) text: &'a str,
    pub(crate) lines: Vec<Line>,
    pub(crate) roles: Vec<Role>,
    pub(crate) metadata: Metadata,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Pass<'_> {
    pub(crate) fn line(&self, i: usize) -> &str {
        self.lines[i].text(self.text)
    }

    pub(crate) fn body_lines(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.lines.len()).filter(|&i| self.roles[i] == Role::Body)
    }
}

/// Parses plain text; `depth` guards the recursion into forwarded documents.
pub(crate) fn parse_plain(
    text: String,
    source: SourceInfo,
    mut diagnostics: Vec<Diagnostic>,
    config: &ParseConfig,
    depth: usize,
) -> Document {
    let lines = split_lines(&text);
    let roles = vec![Role::Body; lines.len()];
    let mut pass = Pass { text: &text, lines, roles, metadata: Metadata::default(), diagnostics: Vec::new() };

    chrome::mark(&mut pass);
    table::extract_attachments_marker(&mut pass);
    let attachments = table::extract(&mut pass);
    meta::read_header(&mut pass);
    meta::read_signatures(&mut pass);

    let mut kind = DocumentKind::Standalone;
    let mut forwarded = None;
    let mut blocks_override = None;
    if config.detect_forwarding
        && depth == 0
        && let Some(split) = forward::split(&mut pass)
    {
        kind = DocumentKind::Forwarding;
        let mut inner_config = config.clone();
        inner_config.id = None;
        inner_config.locality = None;
        inner_config.level = None;
        inner_config.date = None;
        inner_config.title = None;
        let inner_source = SourceInfo { name: source.name.clone(), encoding: source.encoding.clone(), html: source.html };
        let mut inner = parse_plain(split.embedded_text, inner_source, Vec::new(), &inner_config, depth + 1);
        forward::fill_embedded_metadata(&mut inner.metadata, &split.parent_title, split.parent_number.as_deref());
        inner.id = default_id(&inner.metadata);
        forwarded = Some(Box::new(inner));
        blocks_override = Some(split.wrapper_blocks);
    }

    let blocks = match blocks_override {
        Some(b) => b,
        None => join_blocks(&mut pass),
    };
    let blocks = dedupe(&text, blocks, &mut pass.diagnostics);
    let mut nodes = build_tree(&text, &blocks, &mut pass.diagnostics);
    assign_ids(&mut nodes, "");
    check_numbering(&nodes, &mut pass.diagnostics);

    let citations = meta::find_citations(&text, &pass.lines, &pass.roles);
    meta::infer_locality(&mut pass.metadata);
    if text::normalize::has_traditional(&text) {
        pass.diagnostics.push(Diagnostic::info(
            DiagnosticKind::Traditional,
            "the text contains traditional characters; matching uses their simplified forms",
            None,
        ));
    }
    let mut all_diags = std::mem::take(&mut diagnostics);
    all_diags.append(&mut pass.diagnostics);
    let metadata = std::mem::take(&mut pass.metadata);
    drop(pass);
    Document {
        id: DocId::new("doc"),
        source,
        metadata,
        kind,
        forwarded,
        citations,
        nodes,
        attachments,
        diagnostics: all_diags,
        text,
    }
}

/// A logical paragraph: one or more input lines (hard wraps joined).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    /// The pieces of text, in order, each a byte range into the document text.
    pub(crate) pieces: Vec<Span>,
}

impl Block {
    pub(crate) fn single(span: Span) -> Self {
        Self { pieces: vec![span] }
    }

    fn span(&self) -> Span {
        Span::new(self.pieces.first().map_or(0, |p| p.start), self.pieces.last().map_or(0, |p| p.end))
    }

    fn joined(&self, text: &str) -> String {
        self.pieces.iter().map(|p| &text[p.start..p.end]).collect()
    }

    /// Maps a byte offset in the joined text back to the document text.
    fn to_doc(&self, offset: usize) -> usize {
        let mut acc = 0;
        for p in &self.pieces {
            if offset < acc + p.len() {
                return p.start + (offset - acc);
            }
            acc += p.len();
        }
        self.pieces.last().map_or(0, |p| p.end)
    }

    fn span_of(&self, start: usize, end: usize) -> Span {
        if end <= start {
            let s = self.to_doc(start);
            return Span::new(s, s);
        }
        Span::new(self.to_doc(start), self.to_doc(end - 1) + 1)
    }
}

/// Detects a hard wrap width: many lines of (nearly) the same length.
fn wrap_width(text: &str, lines: &[Line], roles: &[Role]) -> Option<usize> {
    let lens: Vec<usize> = lines
        .iter()
        .zip(roles)
        .filter(|(_, r)| **r == Role::Body)
        .map(|(l, _)| l.text(text).chars().count())
        .filter(|&n| n >= 10)
        .collect();
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

/// Joins body lines into blocks, undoing hard wraps.
fn join_blocks(pass: &mut Pass<'_>) -> Vec<Block> {
    let text = pass.text;
    let width = wrap_width(text, &pass.lines, &pass.roles);
    let mut blocks: Vec<Block> = Vec::new();
    let mut prev_full = false;
    let mut prev_index = usize::MAX;
    let mut joined = 0usize;
    for i in 0..pass.lines.len() {
        if pass.roles[i] != Role::Body {
            prev_full = false;
            continue;
        }
        let line = pass.lines[i];
        let s = line.text(text);
        let adjacent = prev_index != usize::MAX && no_blank_between(text, pass.lines[prev_index], line);
        if prev_full && adjacent && parse_marker(s).is_none() {
            if let Some(b) = blocks.last_mut() {
                b.pieces.push(line.span());
                joined += 1;
            }
        } else {
            blocks.push(Block::single(line.span()));
        }
        prev_full = width.is_some_and(|w| s.chars().count() + 1 >= w);
        prev_index = i;
    }
    if joined > 0 {
        pass.diagnostics.push(Diagnostic::info(
            DiagnosticKind::HardWrap,
            format!("joined {joined} hard-wrapped lines (wrap width about {} characters)", width.unwrap_or(0)),
            None,
        ));
    }
    blocks
}

fn no_blank_between(text: &str, a: Line, b: Line) -> bool {
    let between = &text[a.end..b.start];
    between.chars().filter(|&c| c == '\n').count() <= 1
}

/// Drops repeated paragraphs and sentences, keeping the first occurrence.
fn dedupe(text: &str, blocks: Vec<Block>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut seen: HashMap<String, Span> = HashMap::new();
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let joined = block.joined(text);
        let content_start = parse_marker(&joined).map_or(0, |m| m.len);
        let mut kept: Vec<Span> = Vec::new();
        let mut dropped_any = false;
        if content_start > 0 {
            kept.push(block.span_of(0, content_start));
        }
        let body = &joined[content_start..];
        for (s, e) in split_sentences(body) {
            let (s, e) = (s + content_start, e + content_start);
            let key = text::normalize::key(&joined[s..e]);
            let span = block.span_of(s, e);
            if key.chars().count() >= 12 {
                if let Some(first) = seen.get(&key) {
                    diagnostics.push(Diagnostic::info(
                        DiagnosticKind::Duplicate,
                        format!("repeated sentence kept once (first at byte {})", first.start),
                        Some(span),
                    ));
                    dropped_any = true;
                    continue;
                }
                seen.insert(key, span);
            }
            kept.push(span);
        }
        if !dropped_any {
            out.push(block);
            continue;
        }
        // Rebuild the block from the kept pieces, split at piece boundaries of the original.
        let mut pieces = Vec::new();
        for k in kept {
            for p in &block.pieces {
                let s = k.start.max(p.start);
                let e = k.end.min(p.end);
                if s < e {
                    pieces.push(Span::new(s, e));
                }
            }
        }
        let has_text = pieces.iter().any(|p| !text[p.start..p.end].trim_matches(is_space).is_empty());
        if has_text && !(content_start > 0 && pieces.len() == 1 && pieces[0].end - pieces[0].start == content_start) {
            out.push(Block { pieces });
        }
    }
    out
}

/// A short heading: one sentence at most, no inner comma, at most 40 characters.
fn is_heading_only(content: &str) -> bool {
    let body = content.trim_end_matches(['。', '.', '：', ':']);
    let n = body.chars().count();
    n > 0
        && n <= 40
        && !body.chars().any(|c| matches!(c, '。' | '，' | ',' | '；' | ';' | '！' | '？'))
}

/// The lead sentence of a paragraph: a short first sentence naming the measure.
fn lead_of(sentences: &[(usize, usize)], text: &str) -> Option<(usize, usize)> {
    let &(s, e) = sentences.first()?;
    if sentences.len() < 2 {
        return None;
    }
    let sent = text[s..e].trim_start_matches(['—', '-', '－', '─']);
    let n = sent.chars().count();
    (n <= 24 && sent.ends_with('。') && !sent.chars().any(|c| matches!(c, '，' | ',' | '；'))).then_some((s, e))
}

const RESPONSIBILITY_WORDS: [&str; 8] = ["负责", "牵头", "责任单位", "责任部门", "牵头单位", "配合单位", "按职责分工", "参与"];

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

pub(crate) fn parse_responsibility(raw: &str, span: Span) -> Responsibility {
    let inner = raw.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')'));
    let inner = inner
        .split_once(['：', ':'])
        .filter(|(label, _)| label.chars().count() <= 6)
        .map_or(inner, |(_, rest)| rest);
    let mut agencies = Vec::new();
    let mut lead_agencies = Vec::new();
    for part in inner.split(['、', '，', ',', '；', ';', '/']) {
        let mut name = part.trim_matches(is_space).to_owned();
        let mut is_lead = false;
        for suffix in ["按职责分工负责", "按职责负责", "分工负责", "牵头负责", "牵头", "负责", "配合", "参与"] {
            if let Some(stripped) = name.strip_suffix(suffix) {
                is_lead |= suffix.contains("牵头");
                name = stripped.to_owned();
            }
        }
        for suffix in ["等部门", "等单位", "等"] {
            if let Some(stripped) = name.strip_suffix(suffix) {
                name = stripped.to_owned();
            }
        }
        let name = name.trim_matches(is_space).to_owned();
        if name.is_empty() {
            continue;
        }
        if is_lead {
            lead_agencies.push(name.clone());
        }
        agencies.push(name);
    }
    Responsibility { text: raw.to_owned(), agencies, lead_agencies, range: span }
}

fn make_paragraph(text: &str, block: &Block, start: usize) -> Option<Node> {
    let joined = block.joined(text);
    let content = &joined[start..];
    let lead_ws = content.len() - content.trim_start_matches(is_space).len();
    let start = start + lead_ws;
    let mut end = joined.trim_end_matches(is_space).len();
    if end <= start {
        return None;
    }
    let mut responsibility = None;
    if let Some(r) = trailing_responsibility(&joined[start..end]) {
        let r_start = start + r;
        let raw = &joined[r_start..end];
        responsibility = Some(parse_responsibility(raw, block.span_of(r_start, end)));
        end = r_start;
    }
    let body = &joined[start..end];
    let sentences_rel = split_sentences(body);
    let sentences = sentences_rel
        .iter()
        .map(|&(s, e)| Sentence { text: body[s..e].to_owned(), range: block.span_of(start + s, start + e) })
        .collect::<Vec<_>>();
    let lead = lead_of(&sentences_rel, body).map(|(s, e)| body[s..e].to_owned());
    let body_trimmed = body.trim_end_matches(is_space);
    if body_trimmed.is_empty() && responsibility.is_none() {
        return None;
    }
    Some(Node {
        id: String::new(),
        kind: NodeKind::Paragraph,
        marker: None,
        number: None,
        heading: None,
        text: body_trimmed.to_owned(),
        lead,
        responsibility,
        sentences,
        range: block.span_of(start, start + body_trimmed.len()),
        children: Vec::new(),
    })
}

/// Builds the tree from blocks: numbered nodes nest by the order in which marker styles appear.
fn build_tree(text: &str, blocks: &[Block], _diagnostics: &mut [Diagnostic]) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    // The open numbered nodes: (style, node), outermost first.
    let mut open: Vec<(MarkerStyle, Node)> = Vec::new();

    fn close_to(open: &mut Vec<(MarkerStyle, Node)>, roots: &mut Vec<Node>, depth: usize) {
        while open.len() > depth {
            let (_, node) = open.pop().expect("checked length");
            match open.last_mut() {
                Some((_, parent)) => parent.children.push(node),
                None => roots.push(node),
            }
        }
    }

    let last_marker = blocks.iter().rposition(|b| parse_marker(&b.joined(text)).is_some());
    for (index, block) in blocks.iter().enumerate() {
        let joined = block.joined(text);
        let marker: Option<Marker> = parse_marker(&joined);
        let Some(marker) = marker else {
            // A closing paragraph after the last numbered node (「以上具体措施…」, 「本意见自…」)
            // belongs to the document, not to the last measure.
            if last_marker.is_some_and(|l| index > l) && is_closing_paragraph(&joined) {
                close_to(&mut open, &mut roots, 0);
            }
            if let Some(p) = make_paragraph(text, block, 0) {
                match open.last_mut() {
                    Some((_, parent)) => parent.children.push(p),
                    None => roots.push(p),
                }
            }
            continue;
        };
        let depth = open.iter().position(|(s, _)| *s == marker.style).unwrap_or(open.len());
        close_to(&mut open, &mut roots, depth);
        let content = joined[marker.len..].trim_matches(is_space);
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
        if is_heading_only(content) {
            node.heading = Some(content.to_owned()).filter(|h| !h.is_empty());
        } else if let Some(p) = make_paragraph(text, block, marker.len) {
            node.heading = p.lead.clone();
            node.range = block.span_of(0, marker.len);
            node.children.push(p);
        }
        open.push((marker.style, node));
    }
    close_to(&mut open, &mut roots, 0);
    roots
}

/// Phrases that open a closing paragraph of a document.
const CLOSING_OPENERS: &[&str] = &[
    "以上", "上述", "本意见", "本方案", "本办法", "本通知", "本措施", "本规定", "本细则", "各地、各部门", "各地区、各部门", "各有关部门",
    "各有关单位", "请各",
];

fn is_closing_paragraph(s: &str) -> bool {
    let s = s.trim_start_matches(is_space);
    CLOSING_OPENERS.iter().any(|p| s.starts_with(p))
}

/// Gives every node its path id.
fn assign_ids(nodes: &mut [Node], prefix: &str) {
    let numbered: Vec<u32> = nodes.iter().filter(|n| !n.is_paragraph()).filter_map(|n| n.number).collect();
    let mut sorted = numbered.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let use_numbers = sorted.len() == numbered.len() && numbered.len() == nodes.iter().filter(|n| !n.is_paragraph()).count();
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
    let mut last_by_kind: HashMap<NodeKind, u32> = HashMap::new();
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
    walk(nodes, &mut last_by_kind, diagnostics);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responsibility_parenthetical() {
        let s = "推进改革。（省发展改革委、财政厅等部门按职责分工负责）";
        let at = trailing_responsibility(s).unwrap();
        let r = parse_responsibility(&s[at..], Span::new(0, 0));
        assert_eq!(r.agencies, vec!["省发展改革委", "财政厅"]);
        let s = "做好工作（责任单位：市商务局、市财政局）";
        let at = trailing_responsibility(s).unwrap();
        assert_eq!(parse_responsibility(&s[at..], Span::new(0, 0)).agencies, vec!["市商务局", "市财政局"]);
        let s = "完善统计（国家统计局牵头）";
        let at = trailing_responsibility(s).unwrap();
        assert_eq!(parse_responsibility(&s[at..], Span::new(0, 0)).lead_agencies, vec!["国家统计局"]);
        assert!(trailing_responsibility("建设中国（河南）自由贸易试验区（郑州片区）").is_none());
    }

    #[test]
    fn heading_only() {
        assert!(is_heading_only("提高行政审批服务能力和水平。"));
        assert!(is_heading_only("总体要求"));
        assert!(!is_heading_only("创新投融资模式,积极组织开展基础设施REITs业务。"));
        assert!(!is_heading_only("指导思想。以习近平新时代中国特色社会主义思想为指导。"));
    }
}
