//! The alignment engine: clause preparation, trigram weights, shared spans, link decisions.

use std::borrow::Borrow;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{AdoptionKind, AlignConfig, Alignment, ClauseRef, DocSummary, Evidence, Link, MeasureAdoption};
use crate::document::{DocId, Document, DocumentKind, split_sentences};
use crate::text::normalize::{Keyed, keyed};
use crate::{Error, Result};

/// One national document compared with many local ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The national document.
    pub national: DocSummary,
    /// The national clauses, in document order.
    pub measures: Vec<ClauseRef>,
    /// One alignment per local document, in the order given.
    pub alignments: Vec<Alignment>,
}

/// A clause prepared for matching.
struct Prep {
    clause: ClauseRef,
    /// The comparison key.
    key: Vec<char>,
    /// For each key character, its character offset in the clause text.
    origin: Vec<usize>,
    /// Trigram code at each key position (`key.len() - 2` entries).
    grams: Vec<u64>,
    /// Sentence index of each key character.
    sentence_of: Vec<u32>,
    /// The key of the headings above the clause.
    heading_key: Vec<char>,
    heading_grams: Vec<u64>,
    /// The weight of each trigram of `grams` and `heading_grams` ([`Prep::weigh`]): looked up
    /// once, summed many times.
    gram_w: Vec<f64>,
    heading_w: Vec<f64>,
}

impl Prep {
    /// Looks up the weight of every trigram.
    fn weigh(&mut self, w: &Weights) {
        self.gram_w = self.grams.iter().map(|&g| w.get(g)).collect();
        self.heading_w = self.heading_grams.iter().map(|&g| w.get(g)).collect();
    }
}

/// Weighs the trigrams of prepared clauses.
fn weighed(mut preps: Vec<Prep>, w: &Weights) -> Vec<Prep> {
    for p in &mut preps {
        p.weigh(w);
    }
    preps
}

fn gram(a: char, b: char, c: char) -> u64 {
    (u64::from(a as u32) << 42) | (u64::from(b as u32) << 21) | u64::from(c as u32)
}

#[cfg(test)]
fn grams_of(key: &[char]) -> Vec<u64> {
    key.windows(3).map(|w| gram(w[0], w[1], w[2])).collect()
}

/// The code of a trigram that spans punctuation: it never matches and weighs nothing, so that
/// evidence is not made of the ends of two phrases (「机制，完善」).
/// A shared span may still run across punctuation once it has started inside a phrase.
const BREAK: u64 = u64::MAX;

/// Trigram codes of a key, with [`BREAK`] where the trigram spans punctuation in the original.
fn phrase_grams(text: &str, k: &Keyed) -> Vec<u64> {
    let gap = |i: usize| {
        let (a, b) = (k.origin[i - 1].1 as usize, k.origin[i].0 as usize);
        text.get(a..b).is_some_and(|g| g.chars().any(|c| !c.is_whitespace()))
    };
    k.chars
        .windows(3)
        .enumerate()
        .map(|(i, w)| if gap(i + 1) || gap(i + 2) { BREAK } else { gram(w[0], w[1], w[2]) })
        .collect()
}

/// The sentence index of each key character (0 outside every sentence), by one merge walk over
/// the key's origins and the sentence ranges, both in text order.
fn sentence_index(k: &Keyed, sentences: &[(usize, usize)]) -> Vec<u32> {
    let mut si = 0;
    k.origin
        .iter()
        .map(|&(s, _)| {
            let s = s as usize;
            while si < sentences.len() && sentences[si].1 <= s {
                si += 1;
            }
            match sentences.get(si) {
                Some(&(a, _)) if a <= s => si as u32,
                _ => 0,
            }
        })
        .collect()
}

/// The headings above a clause, keyed, with their trigram codes. Clauses under the same
/// headings share one computation.
#[derive(Default)]
struct HeadingCache {
    text: String,
    key: Vec<char>,
    grams: Vec<u64>,
}

impl HeadingCache {
    fn get(&mut self, clause: &crate::document::Clause<'_>) -> (&[char], &[u64]) {
        let headings: String = clause.headings().collect::<Vec<_>>().join("。");
        if headings != self.text || (self.key.is_empty() && !headings.is_empty()) {
            let hk = keyed(&headings);
            self.grams = phrase_grams(&headings, &hk);
            self.key = hk.chars;
            self.text = headings;
        }
        (&self.key, &self.grams)
    }
}

fn prep(doc: &DocId, clause: &crate::document::Clause<'_>, headings: &mut HeadingCache) -> Prep {
    let text = clause.text();
    let k = keyed(text);
    // Byte offsets to char offsets, walking the text once (origins are in text order).
    let mut origin = Vec::with_capacity(k.origin.len());
    let mut chars = text.char_indices().enumerate().peekable();
    for &(s, _) in &k.origin {
        while let Some(&(ci, (bi, _))) = chars.peek() {
            if bi >= s as usize {
                origin.push(ci);
                break;
            }
            chars.next();
        }
    }
    let sentence_of = sentence_index(&k, &split_sentences(text));
    let (heading_key, heading_grams) = headings.get(clause);
    let (heading_key, heading_grams) = (heading_key.to_vec(), heading_grams.to_vec());
    let grams = phrase_grams(text, &k);
    Prep {
        clause: ClauseRef {
            doc: doc.clone(),
            id: clause.id().to_owned(),
            text: text.to_owned(),
            heading: clause.ancestors.last().and_then(|n| n.heading.clone()),
        },
        key: k.chars,
        origin,
        grams,
        sentence_of,
        heading_key,
        heading_grams,
        gram_w: Vec::new(),
        heading_w: Vec::new(),
    }
}

fn prep_doc(doc: &Document) -> Vec<Prep> {
    let mut headings = HeadingCache::default();
    doc.iter_clauses().map(|c| prep(&doc.id, &c, &mut headings)).filter(|p| !p.key.is_empty()).collect()
}

/// A local document with its clauses prepared once (keys, sentence splits, trigrams), to be
/// counted ([`CorpusStats::add_prepared`]) and then aligned ([`Aligner::align_prepared`]) without
/// preparing them a second time. The results are those of [`CorpusStats::add_document`] and
/// [`Aligner::align`].
pub struct PreparedDocument<'a> {
    doc: &'a Document,
    own: Vec<Prep>,
    forwarded: Option<Vec<Prep>>,
}

impl std::fmt::Debug for PreparedDocument<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedDocument")
            .field("doc", &self.doc.id)
            .field("clauses", &self.own.len())
            .field("forwarded", &self.forwarded.as_ref().map(Vec::len))
            .finish()
    }
}

impl<'a> PreparedDocument<'a> {
    /// Prepares the clauses of a document (and of the document it forwards, if any).
    ///
    /// # Complexity
    /// O(C) time for a document of C characters; about 40 bytes a character of memory, held
    /// until it is aligned.
    pub fn new(doc: &'a Document) -> Self {
        Self { doc, own: prep_doc(doc), forwarded: doc.forwarded.as_deref().map(prep_doc) }
    }

    /// The document prepared.
    ///
    /// # Complexity
    /// O(1).
    pub const fn document(&self) -> &'a Document {
        self.doc
    }
}

/// Sentences assumed to be seen, beyond those at hand, in which no trigram occurs: with two short
/// documents every shared phrase would otherwise look common and weigh almost nothing.
const PRIOR_SENTENCES: f64 = 20.0;

/// How often each character trigram occurs in a corpus: the number of sentences (and clause
/// headings) containing it, and the number of sentences. Trigram weights are learned from it.
///
/// Counts add up, so statistics gathered over parts of a corpus (threads, Dask workers, files
/// read one at a time) [`merge`](CorpusStats::merge) into exactly the statistics of the whole,
/// whatever the order.
///
/// ```
/// use policy_trace::CorpusStats;
/// let national = policy_trace::reference("builtin:guobanfa-2017-4")?;
/// let local = policy_trace::parse("一、加快推进商事制度改革。\n在全省推行企业登记全程电子化。");
/// let mut stats = CorpusStats::of_document(&national);
/// stats.merge(&CorpusStats::of_document(&local));
/// assert!(stats.units() > 0);
/// # Ok::<(), policy_trace::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusStats {
    /// Sentences and headings counted.
    units: u64,
    /// Trigram code → units containing it.
    counts: FxHashMap<u64, u32>,
}

impl CorpusStats {
    /// Empty statistics.
    pub fn new() -> Self {
        Self::default()
    }

    /// The statistics of one document (and of the document it forwards, if any).
    ///
    /// # Complexity
    /// O(C) time and memory for a document of C characters.
    pub fn of_document(doc: &Document) -> Self {
        let mut out = Self::new();
        out.add_document(doc);
        out
    }

    /// The statistics of many documents (owned or shared), counted in parallel: the same counts
    /// as adding them one by one.
    ///
    /// # Complexity
    /// O(D·C) time for D documents of C characters, on all threads of the current pool.
    pub fn of_documents<D: Borrow<Document> + Sync>(docs: &[D]) -> Self {
        docs.par_iter()
            .fold(Self::new, |mut acc, d| {
                acc.add_document(d.borrow());
                acc
            })
            .reduce(Self::new, |mut a, b| {
                a.merge(&b);
                a
            })
    }

    /// Counts one more document (and the document it forwards, if any).
    ///
    /// # Complexity
    /// O(C) for a document of C characters.
    pub fn add_document(&mut self, doc: &Document) {
        self.add_clauses(doc);
        if let Some(f) = &doc.forwarded {
            self.add_clauses(f);
        }
    }

    /// Counts one more document from its prepared clauses: the same counts as
    /// [`add_document`](Self::add_document).
    ///
    /// # Complexity
    /// O(C) for a document of C characters, without keying it again.
    pub fn add_prepared(&mut self, doc: &PreparedDocument<'_>) {
        self.add_preps(&doc.own);
        if let Some(f) = &doc.forwarded {
            self.add_preps(f);
        }
    }

    /// Adds the counts of other statistics.
    ///
    /// # Complexity
    /// O(distinct trigrams of `other`).
    pub fn merge(&mut self, other: &Self) {
        self.units += other.units;
        for (&g, &c) in &other.counts {
            *self.counts.entry(g).or_default() += c;
        }
    }

    /// The number of sentences and headings counted.
    pub const fn units(&self) -> u64 {
        self.units
    }

    /// The number of distinct trigrams seen.
    pub fn distinct(&self) -> usize {
        self.counts.len()
    }

    /// Counts the clauses of one document: the same units and trigrams as the aligner's
    /// prepared clauses, without the rest of their preparation.
    fn add_clauses(&mut self, doc: &Document) {
        let mut headings = HeadingCache::default();
        let mut unit: Vec<u64> = Vec::new();
        for clause in doc.iter_clauses() {
            let text = clause.text();
            let k = keyed(text);
            if k.chars.is_empty() {
                continue;
            }
            let sentence_of = sentence_index(&k, &split_sentences(text));
            let (_, heading_grams) = headings.get(&clause);
            self.add_clause(&k.chars, &sentence_of, heading_grams, &mut unit);
        }
    }

    /// Counts prepared clauses: the units and trigrams of [`CorpusStats::add_clauses`], read from
    /// the keys, sentence indexes and heading trigrams the preparation already computed.
    fn add_preps(&mut self, preps: &[Prep]) {
        let mut unit: Vec<u64> = Vec::new();
        for p in preps {
            self.add_clause(&p.key, &p.sentence_of, &p.heading_grams, &mut unit);
        }
    }

    /// Counts one clause: each of its sentences, and its headings, is a unit (document frequency
    /// is counted over sentences, the unit in which stock phrases recur). `unit` is scratch space.
    fn add_clause(&mut self, key: &[char], sentence_of: &[u32], heading_grams: &[u64], unit: &mut Vec<u64>) {
        let mut start = 0;
        while start < key.len() {
            let s = sentence_of[start];
            let mut end = start;
            while end < key.len() && sentence_of[end] == s {
                end += 1;
            }
            unit.extend(key[start..end].windows(3).map(|w| gram(w[0], w[1], w[2])));
            self.count_unit(unit);
            start = end;
        }
        if !heading_grams.is_empty() {
            unit.extend_from_slice(heading_grams);
            self.count_unit(unit);
        }
    }

    /// Counts one unit's distinct trigrams, and empties it.
    fn count_unit(&mut self, unit: &mut Vec<u64>) {
        self.units += 1;
        unit.sort_unstable();
        unit.dedup();
        for &g in unit.iter() {
            *self.counts.entry(g).or_default() += 1;
        }
        unit.clear();
    }
}

/// Inverse document frequency of trigrams, from [`CorpusStats`].
struct Weights {
    idf: FxHashMap<u64, f64>,
    default: f64,
}

impl Weights {
    #[allow(clippy::cast_precision_loss)]
    fn new(stats: &CorpusStats) -> Self {
        let d = stats.units as f64 + 1.0 + PRIOR_SENTENCES;
        let idf = stats.counts.iter().map(|(&g, &c)| (g, (d / (f64::from(c) + 0.5)).ln().max(0.0))).collect();
        Self { idf, default: (d / 0.5).ln() }
    }

    /// Makes trigrams weigh nothing: the national document's title names the subject every
    /// implementing document repeats, not a measure any of them adopts.
    fn mute(&mut self, text: &str) {
        let k = keyed(text);
        for g in phrase_grams(text, &k) {
            self.idf.insert(g, 0.0);
        }
    }

    fn get(&self, g: u64) -> f64 {
        if g == BREAK {
            return 0.0;
        }
        self.idf.get(&g).copied().unwrap_or(self.default)
    }
}

/// A shared span: local key start, national key start, length in key characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span3 {
    l: usize,
    n: usize,
    len: usize,
}

/// Maximal common substrings of at least `min` characters, in any order, chosen greedily
/// longest first without overlap on either side.
///
/// # Complexity
/// O(a·b) in the worst case; proportional to the number of shared trigram occurrences in
/// practice.
fn shared_spans(
    a: &[char],
    a_grams: &[u64],
    b: &[char],
    b_grams: &[u64],
    b_index: &FxHashMap<u64, Vec<u32>>,
    min: usize,
) -> Vec<Span3> {
    let seeds = a_grams.iter().enumerate().flat_map(|(i, g)| {
        b_index.get(g).into_iter().flat_map(move |positions| positions.iter().map(move |&j| (i, j as usize)))
    });
    spans_from_seeds(a, a_grams, b, b_grams, seeds, min)
}

/// [`shared_spans`] from the seeds: the positions `(i, j)` where both texts have the same
/// trigram, in increasing order of `i`, then `j`.
fn spans_from_seeds(
    a: &[char],
    a_grams: &[u64],
    b: &[char],
    b_grams: &[u64],
    seeds: impl Iterator<Item = (usize, usize)>,
    min: usize,
) -> Vec<Span3> {
    let mut found = Vec::new();
    for (i, j) in seeds {
        // Not left-maximal: the same span is found from the seed one character earlier,
        // unless that seed spans punctuation and so was never indexed.
        if i > 0 && j > 0 && a[i - 1] == b[j - 1] && a_grams[i - 1] != BREAK && b_grams[j - 1] != BREAK {
            continue;
        }
        let mut len = 3;
        while i + len < a.len() && j + len < b.len() && a[i + len] == b[j + len] {
            len += 1;
        }
        if len >= min {
            found.push(Span3 { l: i, n: j, len });
        }
    }
    found.sort_by(|x, y| y.len.cmp(&x.len).then(x.l.cmp(&y.l)).then(x.n.cmp(&y.n)));
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut out = Vec::new();
    for s in found {
        if used_a[s.l..s.l + s.len].iter().any(|&u| u) || used_b[s.n..s.n + s.len].iter().any(|&u| u) {
            continue;
        }
        used_a[s.l..s.l + s.len].iter_mut().for_each(|u| *u = true);
        used_b[s.n..s.n + s.len].iter_mut().for_each(|u| *u = true);
        out.push(s);
    }
    out
}

fn index_of(grams: &[u64]) -> FxHashMap<u64, Vec<u32>> {
    let mut m: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (i, &g) in grams.iter().enumerate().filter(|&(_, &g)| g != BREAK) {
        m.entry(g).or_default().push(i as u32);
    }
    m
}

/// A scored candidate pair.
struct Candidate {
    l: usize,
    n: usize,
    weight: f64,
    text_weight: f64,
    /// The headings' share of the weight (before the order prior).
    heading_weight: f64,
    spans: Vec<Span3>,
}

/// The weight of a span: the weights of its trigrams (`weights` of the side `s.l` indexes).
fn span_weight(s: &Span3, weights: &[f64]) -> f64 {
    weights[s.l..s.l + s.len - 2].iter().sum()
}

struct NationalSide {
    preps: Vec<Prep>,
    index: Vec<FxHashMap<u64, Vec<u32>>>,
    heading_index: Vec<FxHashMap<u64, Vec<u32>>>,
    /// Trigram → its number in `grams`: one lookup a local trigram.
    gram_ids: FxHashMap<u64, u32>,
    /// Per national trigram: its weight, the national clauses containing it (in order), and the
    /// (national clause, position) of every occurrence, in clause then position order.
    grams: Vec<NationalGram>,
}

/// A trigram of the national document.
struct NationalGram {
    weight: f64,
    postings: Vec<u32>,
    occurrences: Vec<(u32, u32)>,
}

impl NationalSide {
    /// The national side of weighed clauses ([`weighed`]).
    fn new(preps: Vec<Prep>) -> Self {
        let index = preps.iter().map(|p| index_of(&p.grams)).collect();
        let heading_index = preps.iter().map(|p| index_of(&p.heading_grams)).collect();
        let mut gram_ids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut grams: Vec<NationalGram> = Vec::new();
        for (i, p) in preps.iter().enumerate() {
            for (j, &g) in p.grams.iter().enumerate().filter(|&(_, &g)| g != BREAK) {
                let id = *gram_ids.entry(g).or_insert_with(|| {
                    grams.push(NationalGram { weight: p.gram_w[j], postings: Vec::new(), occurrences: Vec::new() });
                    (grams.len() - 1) as u32
                });
                let entry = &mut grams[id as usize];
                if entry.postings.last() != Some(&(i as u32)) {
                    entry.postings.push(i as u32);
                }
                entry.occurrences.push((i as u32, j as u32));
            }
        }
        Self { preps, index, heading_index, gram_ids, grams }
    }
}

/// Scratch space of [`candidates`], sized to the national side once per local document.
struct Scratch {
    /// The national trigram number at each position of the local clause (`u32::MAX`: none).
    ids: Vec<u32>,
    /// The local clause that last counted each national trigram (its number plus one).
    seen: Vec<u32>,
    /// The prefilter weight of each national clause, and the clauses it touched.
    bag: Vec<f64>,
    hit: Vec<bool>,
    touched: Vec<u32>,
    wanted: Vec<bool>,
    seeds: Vec<Vec<(usize, usize)>>,
}

/// Scores every candidate pair of a local document against the national clauses.
fn candidates(local: &[Prep], nat: &NationalSide, cfg: &AlignConfig) -> Vec<Candidate> {
    let m = nat.preps.len();
    let mut out = Vec::new();
    let mut s = Scratch {
        ids: Vec::new(),
        seen: vec![0; nat.grams.len()],
        bag: vec![0.0; m],
        hit: vec![false; m],
        touched: Vec::new(),
        wanted: vec![false; m],
        seeds: vec![Vec::new(); m],
    };
    for (li, lp) in local.iter().enumerate() {
        // Cheap prefilter: the weight of distinct shared trigrams, counted at the first
        // occurrence of each.
        let stamp = li as u32 + 1;
        s.ids.clear();
        for &g in &lp.grams {
            let id = if g == BREAK { None } else { nat.gram_ids.get(&g).copied() };
            s.ids.push(id.unwrap_or(u32::MAX));
            let Some(id) = id else { continue };
            if s.seen[id as usize] == stamp {
                continue;
            }
            s.seen[id as usize] = stamp;
            let ng = &nat.grams[id as usize];
            for &n in &ng.postings {
                if !s.hit[n as usize] {
                    s.hit[n as usize] = true;
                    s.touched.push(n);
                }
                s.bag[n as usize] += ng.weight;
            }
        }
        s.touched.sort_unstable();
        let mut cands: Vec<u32> = Vec::new();
        for &n in &s.touched {
            if s.bag[n as usize] >= cfg.min_weight * 0.5 {
                cands.push(n);
                s.wanted[n as usize] = true;
            }
            s.bag[n as usize] = 0.0;
            s.hit[n as usize] = false;
        }
        s.touched.clear();
        // The seeds of every candidate in one pass over the local trigrams.
        for (i, &id) in s.ids.iter().enumerate() {
            if id == u32::MAX {
                continue;
            }
            for &(n, j) in &nat.grams[id as usize].occurrences {
                if s.wanted[n as usize] {
                    s.seeds[n as usize].push((i, j as usize));
                }
            }
        }
        for ni in cands {
            let ni = ni as usize;
            let np = &nat.preps[ni];
            let spans = spans_from_seeds(&lp.key, &lp.grams, &np.key, &np.grams, s.seeds[ni].drain(..), cfg.min_span);
            s.wanted[ni] = false;
            let c = score_spans(lp, li, nat, ni, spans, cfg);
            if c.text_weight > 0.0 {
                out.push(c);
            }
        }
    }
    out
}

/// Scores one pair: its shared spans and their weight, headings included.
fn score_pair(lp: &Prep, li: usize, nat: &NationalSide, ni: usize, cfg: &AlignConfig) -> Candidate {
    let np = &nat.preps[ni];
    let spans = shared_spans(&lp.key, &lp.grams, &np.key, &np.grams, &nat.index[ni], cfg.min_span);
    score_spans(lp, li, nat, ni, spans, cfg)
}

/// Scores one pair from its shared spans: their weight, headings included.
fn score_spans(lp: &Prep, li: usize, nat: &NationalSide, ni: usize, spans: Vec<Span3>, cfg: &AlignConfig) -> Candidate {
    let np = &nat.preps[ni];
    let text_weight: f64 = spans.iter().map(|s| span_weight(s, &lp.gram_w)).sum();
    let hspans = shared_spans(
        &lp.heading_key,
        &lp.heading_grams,
        &np.heading_key,
        &np.heading_grams,
        &nat.heading_index[ni],
        cfg.min_span,
    );
    let heading_weight: f64 = hspans.iter().map(|s| span_weight(s, &lp.heading_w)).sum();
    let heading_weight = cfg.heading_weight * heading_weight;
    Candidate { l: li, n: ni, weight: text_weight + heading_weight, text_weight, heading_weight, spans }
}

/// Pairs a local document declares itself: rows of an attachment table (分工方案) that quote a
/// national clause next to a local one. A row declares the pair when most of each clause's text
/// stands in the row; the table's own copies are never aligned.
///
/// # Complexity
/// O(r·(n + m)·L) for r rows, n local and m national clauses of length L.
fn declared_pairs(doc: &Document, local: &[Prep], nat: &NationalSide) -> FxHashSet<(usize, usize)> {
    const CONTAINED: f64 = 0.6;
    let mut out = FxHashSet::default();
    let contained_in = |p: &Prep, row: &[char], row_grams: &[u64], row_index: &FxHashMap<u64, Vec<u32>>| {
        if p.key.len() < 8 {
            return 0.0;
        }
        let spans = shared_spans(&p.key, &p.grams, row, row_grams, row_index, 6);
        spans.iter().map(|s| s.len).sum::<usize>() as f64 / p.key.len() as f64
    };
    for row in doc.attachments.iter().flat_map(|a| &a.rows) {
        let k = keyed(&row.text);
        let grams = phrase_grams(&row.text, &k);
        let index = index_of(&grams);
        let best = |preps: &[Prep]| {
            preps
                .iter()
                .enumerate()
                .map(|(i, p)| (i, contained_in(p, &k.chars, &grams, &index)))
                .filter(|&(_, c)| c >= CONTAINED)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(i, _)| i)
        };
        if let (Some(l), Some(n)) = (best(local), best(&nat.preps)) {
            out.insert((l, n));
        }
    }
    out
}

/// Whether a link is verbatim: a long copied span, or a copied sentence.
/// Whether the pair shares a long span made of words that are not stock phrases: a copied
/// sentence or clause.
fn has_copied_span(c: &Candidate, lp: &Prep, cfg: &AlignConfig) -> bool {
    c.spans.iter().any(|s| s.len >= cfg.verbatim_span && span_weight(s, &lp.gram_w) / (s.len - 2) as f64 >= 1.0)
}

fn is_verbatim(c: &Candidate, lp: &Prep, np: &Prep, cfg: &AlignConfig) -> bool {
    if has_copied_span(c, lp, cfg) {
        return true;
    }
    // A local sentence whose best national sentence is nearly the same.
    let sentences = |p: &Prep| {
        let mut out: Vec<String> = Vec::new();
        let mut last = u32::MAX;
        for (ch, &s) in p.key.iter().zip(&p.sentence_of) {
            if s != last {
                out.push(String::new());
                last = s;
            }
            if let Some(cur) = out.last_mut() {
                cur.push(*ch);
            }
        }
        out
    };
    let nat_sentences = sentences(np);
    sentences(lp)
        .iter()
        .filter(|s| s.chars().count() >= 12)
        .any(|ls| nat_sentences.iter().any(|ns| cfg.metric.reaches(ls, ns, cfg.verbatim_similarity)))
}

fn evidence(c: &Candidate, lp: &Prep, np: &Prep) -> Vec<Evidence> {
    c.spans
        .iter()
        .map(|s| {
            let l = (lp.origin[s.l], lp.origin[s.l + s.len - 1] + 1);
            let n = (np.origin[s.n], np.origin[s.n + s.len - 1] + 1);
            let text: String = lp.clause.text.chars().skip(l.0).take(l.1 - l.0).collect();
            Evidence { text, local: l, national: n }
        })
        .collect()
}

fn total_weight(p: &Prep) -> f64 {
    p.gram_w.iter().sum::<f64>().max(1e-9)
}

/// Implementing documents mostly follow the order of the document they implement. Strong pairs
/// (weight at least [`AlignConfig::threshold`], each the best of its local clause) that form the
/// longest chain increasing in both documents are anchors; a candidate that lies between the
/// anchors around its local clause has its weight raised by [`AlignConfig::order_weight`], one
/// that lies outside lowered by the same share. Documents that reorder the national text only
/// lose the bonus, and with fewer than two anchors nothing changes.
///
/// # Complexity
/// O(c log c) for c candidates.
fn apply_order_prior(cands: &mut [Candidate], cfg: &AlignConfig) {
    if cfg.order_weight <= 0.0 {
        return;
    }
    // The best candidate of each local clause, if strong.
    let mut best: FxHashMap<usize, (f64, usize)> = FxHashMap::default();
    for c in cands.iter() {
        let e = best.entry(c.l).or_insert((0.0, c.n));
        if c.weight.total_cmp(&e.0).then(e.1.cmp(&c.n)).is_gt() {
            *e = (c.weight, c.n);
        }
    }
    let mut strong: Vec<(usize, usize)> =
        best.into_iter().filter(|(_, (wt, _))| *wt >= cfg.threshold).map(|(l, (_, n))| (l, n)).collect();
    strong.sort_unstable();
    let anchors = longest_increasing(&strong);
    if anchors.len() < 2 {
        return;
    }
    for c in cands.iter_mut() {
        let at = anchors.partition_point(|&(l, _)| l < c.l);
        if anchors.get(at).is_some_and(|&(l, _)| l == c.l) {
            continue;
        }
        let lo = at.checked_sub(1).map_or(0, |i| anchors[i].1);
        let hi = anchors.get(at).map_or(usize::MAX, |a| a.1);
        let factor = if (lo..=hi).contains(&c.n) { 1.0 + cfg.order_weight } else { 1.0 - cfg.order_weight };
        c.weight *= factor;
    }
}

/// The longest chain of pairs increasing in both coordinates (pairs sorted by the first).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Patience sorting on the second coordinate, strictly increasing.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, &(_, n)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < n);
        if pos > 0 {
            prev[i] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(pairs[i]);
        cur = prev[i];
    }
    out.reverse();
    out
}

/// A local clause's links after its strongest must each rest on local text the stronger ones
/// have not already explained: a national clause that repeats words of the one a local clause
/// copies (a chapter's opening paragraph summing up its articles) is not a second source.
fn explain_away(
    cands: &[Candidate],
    chosen: &mut [bool],
    local: &[Prep],
    min_novel: f64,
    declared: &FxHashSet<(usize, usize)>,
) {
    let mut by_local: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, c) in cands.iter().enumerate() {
        if chosen[i] {
            by_local.entry(c.l).or_default().push(i);
        }
    }
    let mut groups: Vec<(usize, Vec<usize>)> = by_local.into_iter().collect();
    groups.sort_unstable_by_key(|(l, _)| *l);
    for (l, mut idx) in groups {
        if idx.len() < 2 {
            continue;
        }
        idx.sort_by(|&a, &b| cands[b].weight.total_cmp(&cands[a].weight).then(cands[a].n.cmp(&cands[b].n)));
        let lp = &local[l];
        let mut covered = vec![false; lp.grams.len()];
        for (rank, &i) in idx.iter().enumerate() {
            let c = &cands[i];
            let positions = || c.spans.iter().flat_map(|s| s.l..s.l + s.len - 2);
            let novel: f64 = positions().filter(|&k| !covered[k]).map(|k| lp.gram_w[k]).sum();
            if rank > 0 && novel < min_novel && !declared.contains(&(c.l, c.n)) {
                chosen[i] = false;
                continue;
            }
            for k in positions() {
                covered[k] = true;
            }
        }
    }
}

/// Decides the links of one local document.
fn decide(
    local: &[Prep],
    nat: &NationalSide,
    cfg: &AlignConfig,
    forwarded: bool,
    declared: &FxHashSet<(usize, usize)>,
) -> Vec<Link> {
    let mut cands = candidates(local, nat, cfg);
    // Evidence needs one distinctive phrase, not a handful of common words.
    cands.retain(|c| {
        c.spans.iter().map(|s| span_weight(s, &local[c.l].gram_w)).fold(0.0, f64::max) >= cfg.min_evidence
            || declared.contains(&(c.l, c.n))
    });
    // A declared pair with too little evidence for the prefilter is scored all the same.
    let present: FxHashSet<(usize, usize)> = cands.iter().map(|c| (c.l, c.n)).collect();
    let mut missing: Vec<&(usize, usize)> = declared.iter().filter(|p| !present.contains(p)).collect();
    missing.sort_unstable();
    for &(l, n) in missing {
        cands.push(score_pair(&local[l], l, nat, n, cfg));
    }
    apply_order_prior(&mut cands, cfg);
    let declared_l: FxHashSet<usize> = declared.iter().map(|&(l, _)| l).collect();
    let declared_n: FxHashSet<usize> = declared.iter().map(|&(_, n)| n).collect();
    let mut best_l = vec![0.0f64; local.len()];
    let mut best_n = vec![0.0f64; nat.preps.len()];
    for c in &cands {
        best_l[c.l] = best_l[c.l].max(c.weight);
        best_n[c.n] = best_n[c.n].max(c.weight);
    }
    let min_weight = if forwarded { cfg.min_weight * 0.5 } else { cfg.min_weight };
    // 1. The best national clause of each local clause, if its evidence is enough.
    // 2. Other national clauses of a local clause when their evidence is strong and close to
    //    the best (a local paragraph that implements several measures).
    // 3. Any pair that shares a copied sentence or long clause, whatever its rank.
    // 4. A national clause left without a link takes its best local clause, if enough.
    // 5. A pair the local document declares (a crosswalk table in an attachment) is linked, and
    //    a clause it declares a source for takes others only on copied text.
    // 6. A local clause's further links must rest on local text its stronger links have not
    //    already explained, with at least `min_weight` of their own ([`explain_away`]).
    let mut chosen = vec![false; cands.len()];
    for (i, c) in cands.iter().enumerate() {
        let top = c.weight >= best_l[c.l]
            && c.weight >= min_weight
            && c.text_weight >= min_weight
            && !declared_l.contains(&c.l);
        let second = c.weight >= cfg.threshold && c.weight >= cfg.relative * best_l[c.l] && !declared_l.contains(&c.l);
        let copied = has_copied_span(c, &local[c.l], cfg);
        chosen[i] = top || second || copied || declared.contains(&(c.l, c.n));
    }
    let mut has_link = vec![false; nat.preps.len()];
    for (i, c) in cands.iter().enumerate() {
        if chosen[i] {
            has_link[c.n] = true;
        }
    }
    for (i, c) in cands.iter().enumerate() {
        if !has_link[c.n]
            && !declared_n.contains(&c.n)
            && c.weight >= best_n[c.n]
            && c.weight >= min_weight
            && c.text_weight >= min_weight
        {
            chosen[i] = true;
        }
    }
    explain_away(&cands, &mut chosen, local, min_weight, declared);
    let mut links = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if !chosen[i] {
            continue;
        }
        let (lp, np) = (&local[c.l], &nat.preps[c.n]);
        // Headings count towards coverage: a paragraph under the national measure's own heading
        // takes up that measure, even when it rewords its text.
        let coverage = (c.text_weight + c.heading_weight) / total_weight(lp).min(total_weight(np));
        let kind = if forwarded {
            AdoptionKind::Forwarded
        } else if is_verbatim(c, lp, np, cfg) {
            AdoptionKind::Verbatim
        } else if coverage >= cfg.adapted_coverage {
            AdoptionKind::Adapted
        } else {
            AdoptionKind::Partial
        };
        let score = 0.5 * coverage.min(1.0) + 0.5 * (1.0 - (-c.weight / cfg.threshold).exp());
        links.push((
            c.l,
            c.n,
            Link {
                local: lp.clause.clone(),
                national: np.clause.clone(),
                score: (score * 10_000.0).round() / 10_000.0,
                kind,
                evidence: evidence(c, lp, np),
            },
        ));
    }
    links.sort_by_key(|&(l, n, _)| (l, n));
    links.into_iter().map(|(_, _, link)| link).collect()
}

/// Whether a forwarding notice forwards this national document.
fn forwards(local: &Document, national: &Document) -> bool {
    let Some(f) = &local.forwarded else { return false };
    let same_number = f.metadata.doc_number.is_some() && f.metadata.doc_number == national.metadata.doc_number;
    let same_title = f.metadata.title.is_some() && f.metadata.title == national.metadata.title;
    same_number || same_title
}

fn align_one(
    national: &Document,
    nat: &NationalSide,
    local: &Document,
    (own, forwarded_preps): (Vec<Prep>, Option<Vec<Prep>>),
    w: &Weights,
    cfg: &AlignConfig,
) -> Alignment {
    let own = weighed(own, w);
    let links;
    let mut novel = Vec::new();
    let forwarded_whole = local.kind == DocumentKind::Forwarding && forwards(local, national);
    if let (DocumentKind::Forwarding, Some(forwarded)) = (local.kind, &local.forwarded) {
        // The notice's own paragraphs are its additions; the embedded document is aligned as
        // forwarded text.
        novel.extend(own.iter().map(|p| p.clause.clone()));
        let embedded = weighed(forwarded_preps.unwrap_or_else(|| prep_doc(forwarded)), w);
        let elinks = decide(&embedded, nat, cfg, true, &FxHashSet::default());
        let linked: FxHashSet<&str> = elinks.iter().map(|l| l.local.id.as_str()).collect();
        novel.extend(embedded.iter().filter(|p| !linked.contains(p.clause.id.as_str())).map(|p| p.clause.clone()));
        links = elinks;
    } else {
        let declared = declared_pairs(local, &own, nat);
        links = decide(&own, nat, cfg, false, &declared);
        let linked: FxHashSet<&str> = links.iter().map(|l| l.local.id.as_str()).collect();
        novel.extend(own.iter().filter(|p| !linked.contains(p.clause.id.as_str())).map(|p| p.clause.clone()));
    }
    let mut measures = Vec::with_capacity(nat.preps.len());
    let mut omitted = Vec::new();
    for np in &nat.preps {
        let mine: Vec<&Link> = links.iter().filter(|l| l.national.id == np.clause.id).collect();
        let mut kind = mine.iter().map(|l| l.kind).max_by_key(|k| (k.rank(), std::cmp::Reverse(*k)));
        let mut score = mine.iter().map(|l| l.score).fold(0.0, f64::max);
        if forwarded_whole {
            kind = Some(AdoptionKind::Forwarded);
            score = 1.0;
        }
        if kind.is_none() {
            omitted.push(np.clause.clone());
        }
        let mut local_ids: Vec<String> = mine.iter().map(|l| l.local.id.clone()).collect();
        local_ids.dedup();
        measures.push(MeasureAdoption { national: np.clause.clone(), kind, score, local_ids });
    }
    Alignment { national: DocSummary::of(national), local: DocSummary::of(local), links, novel, omitted, measures }
}

/// The national side of an alignment, ready to align any number of local documents: the
/// national clauses indexed, and trigram weights learned from [`CorpusStats`].
///
/// [`compare()`] is the one-call form. Building the aligner from statistics gathered
/// separately (in chunks, on other machines) gives exactly the alignments `compare` gives for
/// the same documents.
///
/// ```
/// use policy_trace::{AlignConfig, Aligner, CorpusStats};
/// let national = policy_trace::reference("builtin:guobanfa-2017-4")?;
/// let locals = [policy_trace::parse("一、深化商事制度改革。\n在全省推行企业登记全程电子化和电子营业执照。")];
/// let mut stats = CorpusStats::of_document(&national);
/// for d in &locals {
///     stats.add_document(d);
/// }
/// let aligner = Aligner::new(&national, &stats, &AlignConfig::new())?;
/// let alignments = locals.iter().map(|d| aligner.align(d)).collect();
/// let comparison = aligner.comparison(alignments);
/// assert_eq!(comparison, policy_trace::compare(&national, &locals, &AlignConfig::new())?);
/// # Ok::<(), policy_trace::Error>(())
/// ```
pub struct Aligner {
    national: Document,
    nat: NationalSide,
    weights: Weights,
    cfg: AlignConfig,
}

impl std::fmt::Debug for Aligner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Aligner")
            .field("national", &self.national.id)
            .field("measures", &self.nat.preps.len())
            .field("trigrams", &self.weights.idf.len())
            .field("config", &self.cfg)
            .finish_non_exhaustive()
    }
}

impl Aligner {
    /// Prepares the national document with weights from `stats`, which should count the
    /// national document and every local document to be aligned (as [`compare()`] does).
    ///
    /// # Errors
    /// [`Error::EmptyReference`](crate::Error::EmptyReference) when the national document has no clauses.
    ///
    /// # Complexity
    /// O(m·L + T) for m national clauses of length L and T distinct trigrams in `stats`.
    pub fn new(national: &Document, stats: &CorpusStats, cfg: &AlignConfig) -> Result<Self> {
        let preps = prep_doc(national);
        if preps.is_empty() {
            // Named by its id and, when it came from a file, the file.
            let doc = match &national.source.name {
                Some(source) if source != national.id.as_str() => format!("{} ({source})", national.id),
                _ => national.id.to_string(),
            };
            return Err(Error::EmptyReference { doc });
        }
        let mut weights = Weights::new(stats);
        if let Some(title) = &national.metadata.title {
            weights.mute(title);
        }
        let preps = weighed(preps, &weights);
        Ok(Self { national: national.clone(), nat: NationalSide::new(preps), weights, cfg: cfg.clone() })
    }

    /// Aligns one local document. Thread-safe: call it from many threads at once.
    ///
    /// # Complexity
    /// See [`AlignConfig::align`].
    pub fn align(&self, local: &Document) -> Alignment {
        align_one(&self.national, &self.nat, local, (prep_doc(local), None), &self.weights, &self.cfg)
    }

    /// Aligns one local document prepared beforehand: the alignment [`align`](Self::align) gives.
    ///
    /// # Complexity
    /// See [`AlignConfig::align`], less the preparation.
    pub fn align_prepared(&self, local: PreparedDocument<'_>) -> Alignment {
        let PreparedDocument { doc, own, forwarded } = local;
        align_one(&self.national, &self.nat, doc, (own, forwarded), &self.weights, &self.cfg)
    }

    /// The national clauses, in document order.
    pub fn measures(&self) -> Vec<ClauseRef> {
        self.nat.preps.iter().map(|p| p.clause.clone()).collect()
    }

    /// Gathers alignments made by this aligner into a [`Comparison`], in the order given.
    ///
    /// # Complexity
    /// O(m) beyond moving the alignments.
    pub fn comparison(&self, alignments: Vec<Alignment>) -> Comparison {
        Comparison { national: DocSummary::of(&self.national), measures: self.measures(), alignments }
    }
}

/// Compares one national document with many local ones. Trigram weights are learned from all of
/// them together ([`CorpusStats`]); each local document is aligned independently (in parallel)
/// by one [`Aligner`], and the results do not depend on the number of threads. The local
/// documents may be owned or shared (`&[Document]`, `&[Arc<Document>]`).
///
/// # Errors
/// [`Error::EmptyReference`](crate::Error::EmptyReference) when the national document has no clauses;
/// [`Error::InvalidOption`](crate::Error::InvalidOption) when the thread pool cannot be built.
///
/// # Complexity
/// O(D·C) time to count D documents of C characters, O(T) memory for T distinct trigrams, plus
/// the alignment cost of each local document (see [`AlignConfig::align`]).
pub fn compare<D: Borrow<Document> + Sync>(national: &Document, locals: &[D], cfg: &AlignConfig) -> Result<Comparison> {
    in_pool(cfg.threads, || {
        let aligner = aligner_for(national, locals, cfg)?;
        let alignments = locals.par_iter().map(|d| aligner.align(d.borrow())).collect();
        Ok(aligner.comparison(alignments))
    })
}

/// Compares one national document with many local ones as [`compare`] does (the same
/// [`Comparison`]), taking the local documents and dropping each once it is aligned, so that
/// only the alignments stay in memory: the phased pipeline of `policy-trace report` and of
/// Python's `report_files`. `progress` is called with the number of documents aligned after
/// each chunk of them (about a hundred chunks; one when the caller does not watch, `None`).
///
/// # Errors
/// As [`compare`].
///
/// # Complexity
/// As [`compare`]; memory for the local documents until each is aligned, then for the
/// alignments.
pub fn compare_owned(
    national: &Document,
    locals: Vec<Document>,
    cfg: &AlignConfig,
    mut progress: Option<&mut (dyn FnMut(usize) + Send)>,
) -> Result<Comparison> {
    in_pool(cfg.threads, || {
        let aligner = aligner_for(national, &locals, cfg)?;
        let n = locals.len();
        let chunk = match progress {
            Some(_) => n.div_ceil(100).max(rayon::current_num_threads()),
            None => n,
        };
        let mut alignments = Vec::with_capacity(n);
        let mut rest = locals.into_iter();
        while alignments.len() < n {
            let part: Vec<Document> = rest.by_ref().take(chunk.max(1)).collect();
            let done = part.len();
            alignments.par_extend(part.into_par_iter().map(|d| aligner.align(&d)));
            if let Some(report) = progress.as_mut() {
                report(done);
            }
        }
        Ok(aligner.comparison(alignments))
    })
}

/// The aligner of a comparison: trigram statistics of the national and local documents, then the
/// national side weighted by them.
fn aligner_for<D: Borrow<Document> + Sync>(national: &Document, locals: &[D], cfg: &AlignConfig) -> Result<Aligner> {
    let mut stats = CorpusStats::of_document(national);
    stats.merge(&CorpusStats::of_documents(locals));
    Aligner::new(national, &stats, cfg)
}

/// Runs `run` on a pool of `threads` threads, or on the global pool.
fn in_pool<T: Send>(threads: Option<usize>, run: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    match threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| Error::InvalidOption { option: "threads".into(), reason: e.to_string() })?
            .install(run),
        None => run(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn spans_start_inside_a_phrase_and_never_bridge_two() {
        let (ta, tb) = (
            "推进改革，在全市探索实行企业登记全程电子化。建立机制，完善制度。",
            "深化改革。在全市探索实行企业登记全程电子化；健全机制，完善流程。",
        );
        let (ka, kb) = (keyed(ta), keyed(tb));
        let (ga, gb) = (phrase_grams(ta, &ka), phrase_grams(tb, &kb));
        let spans = shared_spans(&ka.chars, &ga, &kb.chars, &gb, &index_of(&gb), 4);
        let texts: Vec<String> = spans.iter().map(|s| ka.chars[s.l..s.l + s.len].iter().collect()).collect();
        // The copied phrase is found although the character before it (改革) matches too.
        assert!(texts.iter().any(|t| t == "在全市探索实行企业登记全程电子化"), "{texts:?}");
        // 「机制，完善」 is two phrase ends, not evidence.
        assert!(!texts.iter().any(|t| t.contains("机制完善")), "{texts:?}");
    }

    #[test]
    fn a_summary_that_repeats_the_source_is_not_a_second_source() {
        let national = crate::parse(
            "一、优化服务\n各地区要在全国推行企业登记全程电子化和电子营业执照，加快完善事中事后监管体系。\n\
             （一）推行企业登记全程电子化。在全国推行企业登记全程电子化和电子营业执照，简化注销程序，扩大简易注销试点范围。\n\
             （二）完善信用体系。建立统一的社会信用代码制度和信用信息共享交换平台，加强失信联合惩戒。",
        );
        let local = crate::parse(
            "一、推行电子化\n在全省推行企业登记全程电子化和电子营业执照，简化注销程序，扩大简易注销试点范围。",
        );
        let a = AlignConfig::new().align(&national, &local).unwrap();
        let sources: Vec<&str> = a.links.iter().map(|l| l.national.text.as_str()).collect();
        assert_eq!(sources.len(), 1, "{sources:?}");
        assert!(sources[0].starts_with("推行企业登记全程电子化。"), "{sources:?}");
        // Without the rule the summary would be linked too: it shares a copied clause.
        let summary = &national.iter_clauses().next().unwrap();
        assert!(summary.text().contains("推行企业登记全程电子化和电子营业执照"));
    }

    #[test]
    fn spans_in_any_order() {
        let a = chars("深化商事制度改革推进行政审批");
        let b = chars("推进行政审批改革深化商事制度");
        let spans = shared_spans(&a, &grams_of(&a), &b, &grams_of(&b), &index_of(&grams_of(&b)), 4);
        let mut lens: Vec<usize> = spans.iter().map(|s| s.len).collect();
        lens.sort_unstable();
        assert_eq!(lens, vec![6, 6]);
    }
}
