//! Corpus-wide discovery: which document derives from which, among documents that do not say.
//!
//! 1. **Fingerprints** ([`Fingerprint::of`]): each document is reduced to a sample of the hashed
//!    8-character shingles of its clause keys (those whose hash is 0 modulo 8, so that two
//!    documents sample the same shingles of the text they share), with its level, date, 文号 and
//!    the 文号 it cites. A fingerprint is small (a few kB) and serialisable, so a corpus larger
//!    than memory is fingerprinted one document at a time.
//! 2. **Candidates** ([`link`]): an inverted index over the shingles, skipping those found in
//!    too many documents (stock phrases and the national text every locality copies), gives each
//!    document the documents it shares distinctive text with, weighted by rarity
//!    (`ln(N / df)` per shingle). No pair of documents is compared otherwise.
//! 3. **Direction and choice**: a parent comes before its child in the order (level, date, id):
//!    a higher administrative level first, then the older document. A document that cites
//!    another's 文号 takes it as parent when the order allows; otherwise the parent is the
//!    candidate closest in level among those with at least half the best weight, and a document
//!    with no such candidate attaches to the national document it shares most text with. Each
//!    document has at most one parent and parents come first, so the links form a forest
//!    consistent with the levels.
//! 4. **Evidence** ([`evidence`]): each chosen pair is aligned clause by clause with the aligner
//!    ([`crate::Aligner`]), the parent in the national role.
//!
//! [`discover`] runs the three steps on documents in memory.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};
use std::hash::Hasher;

use crate::align::{AdoptionKind, AlignConfig, Aligner, CorpusStats, PreparedDocument};
use crate::document::{DocId, Document, Level};
use crate::text::normalize::keyed;
use crate::{Error, Result};

/// Shingle length in key characters.
const SHINGLE: usize = 8;
/// One shingle in this many is sampled.
const SAMPLE: u64 = 8;

/// What discovery needs to know of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The document id.
    pub id: DocId,
    /// The administrative level, where known.
    pub level: Option<Level>,
    /// The date (`YYYY-MM-DD`), where known.
    pub date: Option<String>,
    /// Its own 文号.
    pub doc_number: Option<String>,
    /// The 文号 it cites.
    pub cites: Vec<String>,
    /// Sampled shingle hashes, sorted, without duplicates.
    pub shingles: Vec<u64>,
}

impl Fingerprint {
    /// The fingerprint of a document (its clauses, and those of a document it forwards).
    ///
    /// # Complexity
    /// O(C) time for C characters; O(C / 8) memory.
    pub fn of(doc: &Document) -> Self {
        let mut shingles = Vec::new();
        let mut add = |d: &Document| {
            for c in d.iter_clauses() {
                let key = keyed(c.text()).chars;
                for w in key.windows(SHINGLE) {
                    let mut h = FxHasher::default();
                    for &ch in w {
                        h.write_u32(ch as u32);
                    }
                    let h = mix(h.finish());
                    if h.is_multiple_of(SAMPLE) {
                        shingles.push(h);
                    }
                }
            }
        };
        add(doc);
        if let Some(f) = &doc.forwarded {
            add(f);
        }
        shingles.sort_unstable();
        shingles.dedup();
        let mut cites: Vec<String> = doc.citations.iter().filter_map(|c| c.doc_number.clone()).collect();
        cites.sort();
        cites.dedup();
        Self {
            id: doc.id.clone(),
            level: doc.metadata.level,
            date: doc.metadata.date().map(str::to_owned),
            doc_number: doc.metadata.doc_number.clone(),
            cites,
            shingles,
        }
    }

    /// The order parents come first in: level (unknown last), date (unknown last), id.
    fn order_key(&self) -> (u8, &str, &str) {
        let level = self.level.map_or(4, |l| l as u8);
        (level, self.date.as_deref().unwrap_or("9999"), self.id.as_str())
    }

    /// Whether `self` may be the parent of `child`.
    fn may_parent(&self, child: &Self) -> bool {
        if let (Some(a), Some(b)) = (self.level, child.level)
            && a >= b
        {
            return false;
        }
        self.order_key() < child.order_key()
    }
}

/// A final mix so that the low bits of a shingle hash are as good as the high ones.
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Settings of discovery.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscoverConfig {
    /// Shingles found in more than this share of the documents are not distinctive (default
    /// 0.05, and never fewer than 64 documents).
    pub max_df_share: f64,
    /// Candidates kept per document (default 8).
    pub candidates: usize,
    /// The least share of a document's sampled shingles it must share with a national document
    /// to be attached to it (default 0.05).
    pub min_root_share: f64,
    /// Settings of the clause-level alignment of chosen pairs.
    pub align: AlignConfig,
}

impl Default for DiscoverConfig {
    fn default() -> Self {
        Self { max_df_share: 0.05, candidates: 8, min_root_share: 0.05, align: AlignConfig::new() }
    }
}

/// Why a parent was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The child cites the parent's 文号, and they share text.
    Citation,
    /// The parent shares the most distinctive text with the child.
    Text,
    /// The child shares no distinctive text with a local document; it takes up the national
    /// document it shares most text with.
    National,
}

/// A document's chosen parent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentChoice {
    /// The child document.
    pub child: DocId,
    /// The parent document.
    pub parent: DocId,
    /// Why.
    pub basis: Basis,
    /// The weight of distinctive text shared (for [`Basis::National`], the share of sampled
    /// shingles shared), rounded to four decimals.
    pub weight: f64,
}

/// One clause-level link of a derivation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClauseLink {
    /// The child's clause id.
    pub child: String,
    /// The parent's clause id.
    pub parent: String,
    /// How faithfully the child takes it up.
    pub kind: AdoptionKind,
    /// The link score in [0, 1].
    pub score: f64,
}

/// A document-level derivation link with its clause-level evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocLink {
    /// The parent choice.
    #[serde(flatten)]
    pub choice: ParentChoice,
    /// The share of the parent's clauses the child takes up, in [0, 1].
    pub coverage: f64,
    /// The clause links.
    pub clauses: Vec<ClauseLink>,
}

/// The result of discovery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discovery {
    /// Documents considered.
    pub documents: usize,
    /// One link per document that has a parent, in the order of the documents.
    pub links: Vec<DocLink>,
    /// Documents with no parent (the national documents, and any that share too little).
    pub roots: Vec<DocId>,
}

impl Discovery {
    /// Serialises as JSON with `format_version`.
    ///
    /// # Complexity
    /// O(size of the result).
    pub fn to_json(&self) -> String {
        crate::document::to_versioned_json(self, false)
    }
}

/// Chooses a parent for each fingerprint.
///
/// Documents are ranked in the order parents come first in, and the posting lists of the index
/// hold ranks in that order, so the documents that may parent a child are a prefix of every list:
/// the walk stops at the first that may not. Shared weights are summed in a dense array per
/// thread (reset through the list of entries touched), in the child's shingle order, so the sums
/// and the choice are those of a plain map.
///
/// # Complexity
/// O(S log S) for S sampled shingles in all, plus, over the distinctive shingles (each in at most
/// `max_df_share`·N documents), the entries of their posting lists that rank before each child
/// (at most O(Σ df²)); O(S) memory, plus O(N) per thread.
pub fn link(prints: &[Fingerprint], cfg: &DiscoverConfig) -> Vec<Option<ParentChoice>> {
    let n = prints.len();
    let max_df = ((n as f64 * cfg.max_df_share) as usize).max(64);
    let mut df: FxHashMap<u64, u32> = FxHashMap::default();
    for p in prints {
        for &s in &p.shingles {
            *df.entry(s).or_default() += 1;
        }
    }
    // by_rank[r]: the document of rank r, parents first (ties by position).
    let mut by_rank: Vec<u32> = (0..n as u32).collect();
    by_rank.sort_by(|&a, &b| prints[a as usize].order_key().cmp(&prints[b as usize].order_key()).then(a.cmp(&b)));
    let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (r, &i) in by_rank.iter().enumerate() {
        for &s in &prints[i as usize].shingles {
            if df[&s] as usize <= max_df && df[&s] > 1 {
                index.entry(s).or_default().push(r as u32);
            }
        }
    }
    drop(df);
    let by_number: FxHashMap<&str, usize> =
        prints.iter().enumerate().filter_map(|(i, p)| p.doc_number.as_deref().map(|d| (d, i))).collect();
    let roots: Vec<usize> = (0..n).filter(|&i| prints[i].level == Some(Level::National)).collect();
    let ln_n = (n as f64).ln();
    prints
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0.0_f64; n], vec![false; n], Vec::<u32>::new()),
            |(acc, seen, touched), (i, child)| {
                let bound = parent_bound(prints, &by_rank, child);
                for s in &child.shingles {
                    let Some(post) = index.get(s) else { continue };
                    let w = ln_n - (post.len() as f64).ln();
                    for &r in post.iter().take_while(|&&r| (r as usize) < bound) {
                        let r = r as usize;
                        if !seen[r] {
                            seen[r] = true;
                            acc[r] = 0.0;
                            touched.push(r as u32);
                        }
                        acc[r] += w;
                    }
                }
                let mut cands: Vec<(usize, f64)> = Vec::with_capacity(touched.len());
                for r in touched.drain(..) {
                    let r = r as usize;
                    seen[r] = false;
                    cands.push((by_rank[r] as usize, acc[r]));
                }
                cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                cands.truncate(cfg.candidates);
                choose(i, prints, &cands, &by_number, &roots, cfg)
            },
        )
        .collect()
}

/// The number of ranks, from the first, whose documents may parent `child`
/// ([`Fingerprint::may_parent`]): with a known level, those of a higher level (a lower level
/// number; unknown levels rank last); with an unknown level, those that come before it.
fn parent_bound(prints: &[Fingerprint], by_rank: &[u32], child: &Fingerprint) -> usize {
    if let Some(level) = child.level {
        by_rank.partition_point(|&j| prints[j as usize].level.is_some_and(|l| (l as u8) < (level as u8)))
    } else {
        let key = child.order_key();
        by_rank.partition_point(|&j| prints[j as usize].order_key() < key)
    }
}

fn choose(
    i: usize,
    prints: &[Fingerprint],
    cands: &[(usize, f64)],
    by_number: &FxHashMap<&str, usize>,
    roots: &[usize],
    cfg: &DiscoverConfig,
) -> Option<ParentChoice> {
    let child = &prints[i];
    let make = |j: usize, basis, weight: f64| ParentChoice {
        child: child.id.clone(),
        parent: prints[j].id.clone(),
        basis,
        weight: (weight * 10_000.0).round() / 10_000.0,
    };
    // A cited document that shares text with the child.
    for number in &child.cites {
        if let Some(&j) = by_number.get(number.as_str())
            && let Some(&(_, w)) = cands.iter().find(|c| c.0 == j)
        {
            return Some(make(j, Basis::Citation, w));
        }
    }
    if let Some(&(_, best)) = cands.first() {
        let level = |j: usize| prints[j].level.map_or(0, |l| l as u8);
        let &(j, w) = cands
            .iter()
            .filter(|c| c.1 >= 0.5 * best)
            .max_by(|a, b| level(a.0).cmp(&level(b.0)).then(a.1.total_cmp(&b.1)).then(b.0.cmp(&a.0)))
            .expect("the best candidate passes");
        return Some(make(j, Basis::Text, w));
    }
    // No local candidate: the national document it shares most with.
    if child.shingles.is_empty() {
        return None;
    }
    roots
        .iter()
        .filter(|&&r| r != i && prints[r].may_parent(child))
        .map(|&r| (r, shared(&prints[r].shingles, &child.shingles) as f64 / child.shingles.len() as f64))
        .filter(|&(_, share)| share >= cfg.min_root_share)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(r, share)| make(r, Basis::National, share))
}

/// The number of values two sorted lists share.
fn shared(left: &[u64], right: &[u64]) -> usize {
    let (mut at_left, mut at_right, mut count) = (0, 0, 0);
    while at_left < left.len() && at_right < right.len() {
        match left[at_left].cmp(&right[at_right]) {
            std::cmp::Ordering::Less => at_left += 1,
            std::cmp::Ordering::Greater => at_right += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                at_left += 1;
                at_right += 1;
            }
        }
    }
    count
}

/// The clause-level evidence of a chosen pair: the child aligned to the parent.
///
/// # Errors
/// [`Error::EmptyReference`] when the parent has no clauses.
///
/// # Complexity
/// As [`AlignConfig::align`].
pub fn evidence(choice: ParentChoice, parent: &Document, child: &Document, cfg: &AlignConfig) -> Result<DocLink> {
    let mut links = evidence_group(parent, &[(choice, child)], cfg)?;
    Ok(links.pop().expect("one child gives one link"))
}

/// Children aligned to one parent in a group: the parent is prepared once for all of them.
/// [`discover`] and the CLI cut a parent's children into groups of this size, in order, so
/// that memory stays bounded and the results are the same whoever runs them.
pub const EVIDENCE_GROUP: usize = 256;

/// The clause-level evidence of several children of one parent: trigram weights are learned
/// from the parent and these children together, and each child is aligned to the parent.
///
/// # Errors
/// [`Error::EmptyReference`] when the parent has no clauses.
///
/// # Complexity
/// O((1 + k)·C) to count and prepare, plus one alignment per child (see
/// [`AlignConfig::align`]), for k children of C characters.
pub fn evidence_group(
    parent: &Document,
    children: &[(ParentChoice, &Document)],
    cfg: &AlignConfig,
) -> Result<Vec<DocLink>> {
    // Each child's clauses are prepared once, counted, then aligned.
    let prepared: Vec<PreparedDocument<'_>> =
        children.par_iter().map(|(_, child)| PreparedDocument::new(child)).collect();
    let mut stats = CorpusStats::of_document(parent);
    for child in &prepared {
        stats.add_prepared(child);
    }
    let aligner = Aligner::new(parent, &stats, cfg)?;
    drop(stats);
    Ok(children
        .par_iter()
        .zip(prepared)
        .map(|((choice, _), child)| {
            let a = aligner.align_prepared(child);
            let clauses = a
                .links
                .iter()
                .map(|l| ClauseLink {
                    child: l.local.id.clone(),
                    parent: l.national.id.clone(),
                    kind: l.kind,
                    score: l.score,
                })
                .collect();
            DocLink { choice: choice.clone(), coverage: (a.ratio() * 10_000.0).round() / 10_000.0, clauses }
        })
        .collect())
}

/// The evidence groups of a set of (parent, child) pairs: pairs grouped by parent, in the
/// order of the parents' first appearance, each parent's children cut into runs of
/// [`EVIDENCE_GROUP`] in the order given.
pub fn evidence_groups<T: Clone>(pairs: Vec<(usize, T)>) -> Vec<(usize, Vec<T>)> {
    let mut order: Vec<usize> = Vec::new();
    let mut by_parent: FxHashMap<usize, Vec<T>> = FxHashMap::default();
    for (p, item) in pairs {
        by_parent
            .entry(p)
            .or_insert_with(|| {
                order.push(p);
                Vec::new()
            })
            .push(item);
    }
    let mut out = Vec::new();
    for p in order {
        for chunk in by_parent[&p].chunks(EVIDENCE_GROUP) {
            out.push((p, chunk.to_vec()));
        }
    }
    out
}

/// Finds the derivation links among documents that do not declare their parents.
///
/// # Errors
/// [`Error::InvalidOption`] when two documents share an id.
///
/// # Complexity
/// Fingerprints O(C) per document, candidates as [`link`], evidence as one alignment per
/// document; O(N·C / 8) memory beyond the documents.
pub fn discover(docs: &[Document], cfg: &DiscoverConfig) -> Result<Discovery> {
    let mut seen = rustc_hash::FxHashSet::default();
    if let Some(d) = docs.iter().find(|d| !seen.insert(&d.id)) {
        return Err(Error::InvalidOption {
            option: "documents".into(),
            reason: format!("two documents have the id {}", d.id),
        });
    }
    let prints: Vec<Fingerprint> = docs.par_iter().map(Fingerprint::of).collect();
    let choices = link(&prints, cfg);
    let index: FxHashMap<&DocId, usize> = docs.iter().enumerate().map(|(i, d)| (&d.id, i)).collect();
    let mut roots = Vec::new();
    let mut pairs = Vec::new();
    for (i, c) in choices.into_iter().enumerate() {
        match c {
            Some(c) => pairs.push((index[&c.parent], i, c)),
            None => roots.push(docs[i].id.clone()),
        }
    }
    let groups = evidence_groups(pairs.into_iter().map(|(p, i, c)| (p, (i, c))).collect());
    let mut links: Vec<(usize, DocLink)> = Vec::with_capacity(docs.len());
    for group in groups
        .into_par_iter()
        .map(|(p, children)| {
            let refs: Vec<(ParentChoice, &Document)> = children.iter().map(|(i, c)| (c.clone(), &docs[*i])).collect();
            evidence_group(&docs[p], &refs, &cfg.align)
                .map(|l| children.iter().map(|(i, _)| *i).zip(l).collect::<Vec<_>>())
        })
        .collect::<Result<Vec<_>>>()?
    {
        links.extend(group);
    }
    links.sort_by_key(|&(i, _)| i);
    Ok(Discovery { documents: docs.len(), links: links.into_iter().map(|(_, l)| l).collect(), roots })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Synth, SynthConfig};

    #[test]
    fn recovers_the_lineage_of_a_small_synthetic_corpus() {
        let national = crate::reference("guobanfa-2017-4").unwrap();
        let mut cfg = SynthConfig::new(40, 11);
        // Half the documents cite their parent: the others are found by their text.
        cfg.cite_share = 0.5;
        let generated = Synth::new(&national, cfg).generate_all();
        let mut docs = vec![national.clone()];
        for g in &generated {
            let mut p = crate::Parser::configure();
            p.id(g.lineage.id.as_str()).level(g.lineage.level).date(&g.lineage.date);
            docs.push(p.parse(&g.text));
        }
        let found = discover(&docs, &DiscoverConfig::default()).unwrap();
        let truth: std::collections::BTreeSet<(String, String)> =
            generated.iter().map(|g| (g.lineage.id.clone(), g.lineage.parent.clone())).collect();
        let predicted: std::collections::BTreeSet<(String, String)> =
            found.links.iter().map(|l| (l.choice.child.to_string(), l.choice.parent.to_string())).collect();
        let correct = predicted.intersection(&truth).count() as f64;
        let (precision, recall) = (correct / predicted.len() as f64, correct / truth.len() as f64);
        assert!(precision >= 0.9 && recall >= 0.9, "precision {precision:.3} recall {recall:.3}");
        assert_eq!(found.roots, vec![national.id.clone()]);
        // Clause-level evidence: most links carry clause links.
        assert!(found.links.iter().filter(|l| !l.clauses.is_empty()).count() * 10 >= found.links.len() * 9);
    }

    /// Parent choice as it was first written: every posting walked, weights in a map.
    fn link_by_map(prints: &[Fingerprint], cfg: &DiscoverConfig) -> Vec<Option<ParentChoice>> {
        let n = prints.len();
        let max_df = ((n as f64 * cfg.max_df_share) as usize).max(64);
        let mut df: FxHashMap<u64, u32> = FxHashMap::default();
        for p in prints {
            for &s in &p.shingles {
                *df.entry(s).or_default() += 1;
            }
        }
        let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for (i, p) in prints.iter().enumerate() {
            for &s in &p.shingles {
                if df[&s] as usize <= max_df && df[&s] > 1 {
                    index.entry(s).or_default().push(i as u32);
                }
            }
        }
        let by_number: FxHashMap<&str, usize> =
            prints.iter().enumerate().filter_map(|(i, p)| p.doc_number.as_deref().map(|d| (d, i))).collect();
        let roots: Vec<usize> = (0..n).filter(|&i| prints[i].level == Some(Level::National)).collect();
        let ln_n = (n as f64).ln();
        (0..n)
            .map(|i| {
                let child = &prints[i];
                let mut acc: FxHashMap<u32, f64> = FxHashMap::default();
                for s in &child.shingles {
                    let Some(post) = index.get(s) else { continue };
                    let w = ln_n - (post.len() as f64).ln();
                    for &j in post {
                        if j as usize != i && prints[j as usize].may_parent(child) {
                            *acc.entry(j).or_default() += w;
                        }
                    }
                }
                let mut cands: Vec<(usize, f64)> = acc.into_iter().map(|(j, w)| (j as usize, w)).collect();
                cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                cands.truncate(cfg.candidates);
                choose(i, prints, &cands, &by_number, &roots, cfg)
            })
            .collect()
    }

    #[test]
    fn ranked_postings_choose_as_a_full_walk_does() {
        let national = crate::reference("guobanfa-2017-4").unwrap();
        let mut cfg = SynthConfig::new(60, 3);
        cfg.cite_share = 0.3;
        let generated = Synth::new(&national, cfg).generate_all();
        let mut prints = vec![Fingerprint::of(&national)];
        for (k, g) in generated.iter().enumerate() {
            let mut p = crate::Parser::configure();
            p.id(g.lineage.id.as_str());
            // Some levels and dates unknown, some dates shared: every branch of the order.
            if k % 5 != 1 {
                p.level(g.lineage.level);
            }
            if k % 7 != 2 {
                p.date(if k % 3 == 0 { "2018-01-01" } else { &g.lineage.date });
            }
            prints.push(Fingerprint::of(&p.parse(&g.text)));
        }
        // A copy under another id, with the same key as its original but for the id.
        let mut twin = prints[7].clone();
        twin.id = DocId::new(format!("{}-twin", twin.id));
        prints.push(twin);
        for share in [0.05, 0.5] {
            let cfg = DiscoverConfig { max_df_share: share, ..DiscoverConfig::default() };
            let fast = link(&prints, &cfg);
            assert!(fast.iter().filter(|c| c.is_some()).count() > prints.len() / 2);
            assert_eq!(fast, link_by_map(&prints, &cfg));
        }
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let d = crate::parse("一、总则\n加快推进商事制度改革。");
        assert!(matches!(discover(&[d.clone(), d], &DiscoverConfig::default()), Err(Error::InvalidOption { .. })));
    }
}
