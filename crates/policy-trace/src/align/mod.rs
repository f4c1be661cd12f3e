//! Alignment of local clauses to national clauses by character-level similarity.
//!
//! # How it works
//!
//! 1. Every clause (paragraph node) is turned into its comparison key
//!    ([`crate::text::normalize`]): NFKC, traditional to simplified, punctuation and white space
//!    dropped. The responsible-agency parenthetical is not part of a clause.
//! 2. Character trigrams are weighted by inverse document frequency over all the clauses at hand
//!    (the national document and every local document compared with it), so stock phrases that
//!    every document repeats (新技术、新产业、新业态、新模式; 供给侧结构性改革) weigh little and
//!    distinctive commitments weigh much. The words of the national document's title weigh
//!    nothing: every implementing document names its subject, which is not a measure. No phrase
//!    list is involved.
//! 3. For each candidate pair (they share a distinctive trigram), the maximal common substrings
//!    of at least [`AlignConfig::min_span`] characters are found in any order, and chosen greedily
//!    longest first without overlap. They are the evidence. Their weight is the sum of the
//!    weights of the trigrams they cover; the headings above both clauses add half of theirs.
//!    A pair whose heaviest span weighs less than [`AlignConfig::min_evidence`] (a handful of
//!    common words, no distinctive phrase) is dropped.
//! 4. A pair becomes a link when its evidence weight passes [`AlignConfig::threshold`], or when it
//!    is the best (or near best) candidate of its local or national clause and passes the lower
//!    [`AlignConfig::min_weight`] on its text alone (headings support a link, they do not make
//!    one). Links are many-to-many. A pair that shares a copied sentence is linked whatever its
//!    rank. A local clause's second and further links must each rest on local text that its
//!    stronger links have not already explained, weighing at least `min_weight`: a national
//!    clause that only repeats words of the one the local clause copies (a chapter's opening
//!    paragraph that sums up its articles) is not a second source. A document that declares its
//!    sources in a crosswalk table (an attachment whose rows quote a national clause next to a
//!    local one) gets those pairs linked; the table's own copies are never aligned.
//! 5. The kind: `verbatim` when a sentence or long clause is copied (a shared span of at least
//!    [`AlignConfig::verbatim_span`] characters, or a local sentence whose best national sentence
//!    has a normalised similarity of at least [`AlignConfig::verbatim_similarity`] under the
//!    chosen [`Metric`]); `adapted` when the evidence, headings included, covers a good share of
//!    the shorter clause (a paragraph under the national measure's own heading takes up that
//!    measure even when it rewords it); `partial` otherwise.

mod engine;
mod metric;

use serde::{Deserialize, Serialize};

pub use engine::{Aligner, Comparison, CorpusStats, PreparedDocument, compare, compare_owned};
pub use metric::Metric;

use crate::Result;
use crate::document::{DocId, Document, DocumentKind, Level, from_versioned_json, to_versioned_json};

/// How faithfully a local clause takes up a national one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionKind {
    /// A sentence or long clause copied with trivial edits.
    Verbatim,
    /// The same instrument, reworded, localised, shortened or elaborated.
    Adapted,
    /// The same specific instrument taken up loosely.
    Partial,
    /// Adopted by forwarding the whole national document (转发).
    Forwarded,
}

impl AdoptionKind {
    /// Name used in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Verbatim => "verbatim",
            Self::Adapted => "adapted",
            Self::Partial => "partial",
            Self::Forwarded => "forwarded",
        }
    }

    /// Strength for ordering: forwarded and verbatim highest, partial lowest.
    pub const fn rank(self) -> u8 {
        match self {
            Self::Forwarded | Self::Verbatim => 3,
            Self::Adapted => 2,
            Self::Partial => 1,
        }
    }
}

/// A span of text shared by a local and a national clause: the evidence of a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The shared text as it stands in the local clause.
    pub text: String,
    /// Character range (code points) in the local clause text.
    pub local: (usize, usize),
    /// Character range (code points) in the national clause text.
    pub national: (usize, usize),
}

/// A clause of a document, as alignment results name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseRef {
    /// The document the clause belongs to (for a forwarding notice, the embedded document's id
    /// for its clauses).
    pub doc: DocId,
    /// The node id.
    pub id: String,
    /// The clause text.
    pub text: String,
    /// The heading of the nearest numbered ancestor, if any.
    pub heading: Option<String>,
}

/// A link from a local clause to the national clause it derives from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The local clause.
    pub local: ClauseRef,
    /// The national clause.
    pub national: ClauseRef,
    /// Similarity in [0, 1].
    pub score: f64,
    /// How faithfully the local clause adopts the national one.
    pub kind: AdoptionKind,
    /// The shared spans, longest first.
    pub evidence: Vec<Evidence>,
}

/// What a report needs to know of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSummary {
    /// The id.
    pub id: DocId,
    /// The title.
    pub title: Option<String>,
    /// The document number.
    pub doc_number: Option<String>,
    /// The issuing body.
    pub issuer: Option<String>,
    /// The locality.
    pub locality: Option<String>,
    /// The administrative level.
    pub level: Option<Level>,
    /// The date (written, else published).
    pub date: Option<String>,
    /// Standalone or forwarding.
    pub kind: DocumentKind,
    /// Where the document came from.
    pub source: Option<String>,
    /// The number of clauses (for a forwarding notice, its own plus the embedded document's).
    pub clause_count: usize,
    /// A short display name (the locality, else issuer, title or id).
    pub name: String,
}

impl DocSummary {
    /// Summarises a document.
    pub fn of(doc: &Document) -> Self {
        let m = &doc.metadata;
        let embedded = doc.forwarded.as_ref().map_or(0, |f| f.clause_count());
        Self {
            id: doc.id.clone(),
            title: m.title.clone(),
            doc_number: m.doc_number.clone(),
            issuer: m.issuer.clone(),
            locality: m.locality.clone(),
            level: m.level,
            date: m.date().map(str::to_owned),
            kind: doc.kind,
            source: doc.source.name.clone(),
            clause_count: doc.clause_count() + embedded,
            name: doc.display_name(),
        }
    }
}

/// Whether and how a locality adopted one national measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureAdoption {
    /// The national clause.
    pub national: ClauseRef,
    /// The strongest kind among its links, or `None` when omitted.
    pub kind: Option<AdoptionKind>,
    /// The best score among its links (0 when omitted).
    pub score: f64,
    /// The local clauses linked to it, in document order.
    pub local_ids: Vec<String>,
}

/// The alignment of one local document to one national document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    /// The national document.
    pub national: DocSummary,
    /// The local document.
    pub local: DocSummary,
    /// Links, ordered by local clause then national clause in document order.
    pub links: Vec<Link>,
    /// Local clauses with no national source: the locality's additions.
    pub novel: Vec<ClauseRef>,
    /// National clauses the local document does not take up.
    pub omitted: Vec<ClauseRef>,
    /// One entry per national clause, in document order.
    pub measures: Vec<MeasureAdoption>,
}

impl Alignment {
    /// Iterates over the links.
    pub fn iter_links(&self) -> impl Iterator<Item = &Link> {
        self.links.iter()
    }

    /// The share of national measures adopted, in [0, 1].
    pub fn ratio(&self) -> f64 {
        if self.measures.is_empty() {
            return 0.0;
        }
        self.measures.iter().filter(|m| m.kind.is_some()).count() as f64 / self.measures.len() as f64
    }

    /// Serialises as JSON with `format_version`.
    pub fn to_json(&self) -> String {
        to_versioned_json(self, false)
    }

    /// Serialises as indented JSON with `format_version`.
    pub fn to_json_pretty(&self) -> String {
        to_versioned_json(self, true)
    }

    /// Reads JSON written by [`Alignment::to_json`].
    pub fn from_json(json: &str) -> Result<Self> {
        from_versioned_json(json)
    }
}

/// Alignment settings. The defaults are general: they were chosen on development documents and
/// are not tied to any one of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlignConfig {
    pub(crate) metric: Metric,
    pub(crate) threshold: f64,
    pub(crate) min_weight: f64,
    pub(crate) min_evidence: f64,
    pub(crate) relative: f64,
    pub(crate) min_span: usize,
    pub(crate) verbatim_span: usize,
    pub(crate) verbatim_similarity: f64,
    pub(crate) adapted_coverage: f64,
    pub(crate) heading_weight: f64,
    pub(crate) order_weight: f64,
    pub(crate) threads: Option<usize>,
}

impl Default for AlignConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl AlignConfig {
    /// The default settings.
    pub const fn new() -> Self {
        Self {
            metric: Metric::Levenshtein,
            threshold: 60.0,
            min_weight: 20.0,
            min_evidence: 10.0,
            relative: 0.6,
            min_span: 4,
            verbatim_span: 13,
            verbatim_similarity: 0.8,
            adapted_coverage: 0.07,
            heading_weight: 0.5,
            order_weight: 0.5,
            threads: None,
        }
    }

    /// The metric used to compare sentences when deciding whether a link is verbatim.
    pub fn metric(&mut self, metric: Metric) -> &mut Self {
        self.metric = metric;
        self
    }

    /// Evidence weight above which a pair is always linked (default 60).
    pub fn threshold(&mut self, weight: f64) -> &mut Self {
        self.threshold = weight;
        self
    }

    /// Evidence weight below which a pair is never linked (default 20).
    pub fn min_weight(&mut self, weight: f64) -> &mut Self {
        self.min_weight = weight;
        self
    }

    /// The weight the heaviest shared span of a pair must reach (default 10): evidence needs one
    /// distinctive phrase, not a handful of common words (about a 5-character phrase found in
    /// one sentence in a hundred). Pairs a document declares itself are exempt.
    pub fn min_evidence(&mut self, weight: f64) -> &mut Self {
        self.min_evidence = weight;
        self
    }

    /// A pair between the two weights is linked when its weight is at least this share of the
    /// best pair of its local or national clause (default 0.6).
    pub fn relative(&mut self, share: f64) -> &mut Self {
        self.relative = share;
        self
    }

    /// The shortest shared span that counts as evidence, in characters (default 4).
    pub fn min_span(&mut self, chars: usize) -> &mut Self {
        self.min_span = chars.max(3);
        self
    }

    /// The shortest shared span that makes a link verbatim, in characters (default 13).
    pub fn verbatim_span(&mut self, chars: usize) -> &mut Self {
        self.verbatim_span = chars;
        self
    }

    /// The sentence similarity that makes a link verbatim (default 0.8).
    pub fn verbatim_similarity(&mut self, sim: f64) -> &mut Self {
        self.verbatim_similarity = sim;
        self
    }

    /// The share of the shorter clause's weight the evidence must cover for a non-verbatim link
    /// to be `adapted` rather than `partial` (default 0.07).
    pub fn adapted_coverage(&mut self, share: f64) -> &mut Self {
        self.adapted_coverage = share.clamp(0.0, 1.0);
        self
    }

    /// How much document order counts: candidates between order anchors gain this share of
    /// weight, others lose it (default 0.5; 0 turns order off).
    pub fn order_weight(&mut self, share: f64) -> &mut Self {
        self.order_weight = share.clamp(0.0, 1.0);
        self
    }

    /// The number of threads for [`compare`] (default: rayon's, which honours
    /// `RAYON_NUM_THREADS`). Results do not depend on it.
    pub fn threads(&mut self, n: usize) -> &mut Self {
        self.threads = Some(n.max(1));
        self
    }

    /// Aligns one local document to a national one with these settings.
    ///
    /// # Complexity
    /// O(n·m·L) in the worst case for n local and m national clauses of length L; candidate
    /// pairs are found through a trigram index, so in practice close to O((n + m)·L + c·L²) for
    /// c candidate pairs.
    pub fn align(&self, national: &Document, local: &Document) -> Result<Alignment> {
        let mut c = compare(national, std::slice::from_ref(local), self)?;
        Ok(c.alignments.pop().expect("one local document gives one alignment"))
    }
}

/// Settings given by name, as a command line or a Python call gives them: `None` keeps the
/// default. [`AlignSettings::to_config`] checks them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlignSettings {
    /// The metric's name (see [`Metric::from_name`]).
    pub metric: Option<String>,
    /// See [`AlignConfig::threshold`].
    pub threshold: Option<f64>,
    /// See [`AlignConfig::min_weight`].
    pub min_weight: Option<f64>,
    /// See [`AlignConfig::min_evidence`].
    pub min_evidence: Option<f64>,
    /// See [`AlignConfig::adapted_coverage`].
    pub adapted_coverage: Option<f64>,
    /// See [`AlignConfig::order_weight`].
    pub order_weight: Option<f64>,
    /// See [`AlignConfig::threads`].
    pub threads: Option<usize>,
}

/// A setter of [`AlignConfig`] that takes a number.
type Setter = fn(&mut AlignConfig, f64) -> &mut AlignConfig;

impl AlignSettings {
    /// The configuration these settings describe.
    ///
    /// # Errors
    /// [`Error::InvalidOption`](crate::Error::InvalidOption) for an unknown metric or a number
    /// that is not finite.
    pub fn to_config(&self) -> Result<AlignConfig> {
        let invalid = |option: &str, reason: String| crate::Error::InvalidOption { option: option.into(), reason };
        let mut cfg = AlignConfig::new();
        if let Some(name) = &self.metric {
            let metric = Metric::from_name(name).ok_or_else(|| {
                invalid(
                    "metric",
                    format!(
                        "unknown metric {name:?} (known: levenshtein, damerau_levenshtein, jaro, jaro_winkler, bigram)"
                    ),
                )
            })?;
            cfg.metric(metric);
        }
        let numbers: [(&str, Option<f64>, Setter); 5] = [
            ("threshold", self.threshold, AlignConfig::threshold),
            ("min_weight", self.min_weight, AlignConfig::min_weight),
            ("min_evidence", self.min_evidence, AlignConfig::min_evidence),
            ("adapted_coverage", self.adapted_coverage, AlignConfig::adapted_coverage),
            ("order_weight", self.order_weight, AlignConfig::order_weight),
        ];
        for (name, value, set) in numbers {
            if let Some(v) = value {
                if !v.is_finite() {
                    return Err(invalid(name, format!("{v} is not a finite number")));
                }
                set(&mut cfg, v);
            }
        }
        if let Some(n) = self.threads {
            cfg.threads(n);
        }
        Ok(cfg)
    }
}

/// Aligns a local document to a national one with the default settings.
///
/// # Errors
/// [`Error::EmptyReference`](crate::Error::EmptyReference) when the national document has no clauses.
///
/// # Complexity
/// As [`AlignConfig::align`].
pub fn align(national: &Document, local: &Document) -> Result<Alignment> {
    AlignConfig::new().align(national, local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        let ok =
            AlignSettings { metric: Some("jaro_winkler".into()), threshold: Some(50.0), ..AlignSettings::default() };
        let cfg = ok.to_config().unwrap();
        assert_eq!((cfg.metric, cfg.threshold), (Metric::JaroWinkler, 50.0));
        let bad_metric = AlignSettings { metric: Some("sorensen_dice".into()), ..AlignSettings::default() };
        assert!(
            matches!(bad_metric.to_config(), Err(crate::Error::InvalidOption { option, .. }) if option == "metric")
        );
        let nan = AlignSettings { min_weight: Some(f64::NAN), ..AlignSettings::default() };
        assert!(matches!(nan.to_config(), Err(crate::Error::InvalidOption { option, .. }) if option == "min_weight"));
        let inf = AlignSettings { min_evidence: Some(f64::INFINITY), ..AlignSettings::default() };
        assert!(matches!(inf.to_config(), Err(crate::Error::InvalidOption { option, .. }) if option == "min_evidence"));
        let set = AlignSettings { min_evidence: Some(12.5), ..AlignSettings::default() }.to_config().unwrap();
        assert!((set.min_evidence - 12.5).abs() < f64::EPSILON);
        assert_eq!(AlignSettings::default().to_config().unwrap(), AlignConfig::new());
    }
}
