//! Building a derivation graph from documents and alignments.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::{Derivation, DerivationGraph, DocumentNode, GraphEdge, GraphNode, external_key};
use petgraph::stable_graph::NodeIndex;

use crate::align::{Alignment, ClauseRef, Comparison, DocSummary};
use crate::document::{DocId, Document, DocumentKind};
use crate::report::day_number;
use crate::{AlignConfig, Error, Result};

/// Builds a [`DerivationGraph`] step by step.
///
/// ```
/// use policy_trace::{AlignConfig, DerivationGraph, GraphBuilder, Level, Parser};
///
/// let national = Parser::configure().id("nat").level(Level::National).parse("一、总体要求\n（一）深化商事制度改革。实行“多证合一”、简易注销登记。");
/// let local = Parser::configure().id("loc").level(Level::Provincial).parse("一、主要任务\n（一）深化商事制度改革。全面实行“多证合一”、简易注销登记改革。");
/// let comparison = policy_trace::compare(&national, std::slice::from_ref(&local), &AlignConfig::new())?;
/// let graph = GraphBuilder::new().add_document(&national)?.add_document(&local)?.add_comparison(&comparison)?.build();
/// let sources: Vec<String> = graph.iter_lineage("clause:loc#1.1.p1").map(|s| s.key).collect();
/// assert_eq!(sources, ["clause:nat#1.1.p1"]);
/// # Ok::<(), policy_trace::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    graph: DerivationGraph,
    /// Documents added with [`GraphBuilder::add_document`].
    added: BTreeSet<DocId>,
    /// Citations to resolve when building: (citing document, cited number, cited title).
    citations: Vec<(DocId, String, Option<String>)>,
}

/// The graph id of the document a forwarding notice embeds: `<notice>/<its own id>`, so that two
/// notices forwarding the same document do not share its copy.
fn embedded_id(notice: &DocId, embedded: &DocId) -> DocId {
    DocId::new(format!("{notice}/{embedded}"))
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a document: its node, its clauses (`contains`), the citations to resolve when
    /// building (`cites`), and for a forwarding notice the embedded document as a document of its
    /// own (`forwards`). Adding the same document id twice does nothing.
    ///
    /// # Errors
    /// [`Error::DerivationCycle`] when the embedded document already derives from the notice.
    ///
    /// # Complexity
    /// O(c log V) for c clauses.
    pub fn add_document(&mut self, doc: &Document) -> Result<&mut Self> {
        if !self.added.insert(doc.id.clone()) {
            return Ok(self);
        }
        let notice = self.add_own(doc, DocumentNode::of_summary(DocSummary::of(doc)));
        if let Some(embedded) = &doc.forwarded {
            let mut node = DocumentNode::of_summary(DocSummary::of(embedded));
            node.summary.id = embedded_id(&doc.id, &embedded.id);
            node.forwarded_by = Some(doc.id.clone());
            let inner = self.add_own(embedded, node);
            self.graph.add_edge(notice, inner, GraphEdge::Forwards)?;
        }
        Ok(self)
    }

    /// Adds one document's node, clauses and citations under the id of `node`.
    fn add_own(&mut self, doc: &Document, node: DocumentNode) -> NodeIndex {
        let id = node.id().clone();
        let index = self.graph.ensure_document(node);
        for c in doc.iter_clauses() {
            self.graph.ensure_clause(ClauseRef {
                doc: id.clone(),
                id: c.id().to_owned(),
                text: c.text().to_owned(),
                heading: c.ancestors.last().and_then(|n| n.heading.clone()),
            });
        }
        for c in &doc.citations {
            if let Some(number) = &c.doc_number {
                self.citations.push((id.clone(), number.clone(), c.title.clone()));
            }
        }
        index
    }

    /// Adds the links of a comparison as `derives_from` edges from local to national clauses
    /// (documents and clauses not added before are created from the comparison's summaries).
    ///
    /// # Errors
    /// [`Error::DerivationCycle`] when a local document would derive from itself through the
    /// national one; then nothing of that alignment is added.
    ///
    /// # Complexity
    /// O(l log V) for l links, plus O(D + d) per new pair of documents for D documents and d
    /// document pairs.
    pub fn add_comparison(&mut self, comparison: &Comparison) -> Result<&mut Self> {
        for a in &comparison.alignments {
            self.add_links(a, false)?;
        }
        Ok(self)
    }

    /// Adds the links of one alignment as `derives_from` edges.
    ///
    /// # Errors
    /// As [`GraphBuilder::add_comparison`].
    ///
    /// # Complexity
    /// As [`GraphBuilder::add_comparison`].
    pub fn add_alignment(&mut self, alignment: &Alignment) -> Result<&mut Self> {
        self.add_links(alignment, false)?;
        Ok(self)
    }

    fn add_links(&mut self, a: &Alignment, horizontal: bool) -> Result<()> {
        let local_doc = |doc: &DocId| {
            if doc == &a.local.id || a.local.kind != DocumentKind::Forwarding {
                doc.clone()
            } else {
                embedded_id(&a.local.id, doc)
            }
        };
        // Horizontal links are between the documents' own texts, not the copies they forward.
        let links: Vec<_> = a.links.iter().filter(|l| !horizontal || l.local.doc == a.local.id).collect();
        let pairs: BTreeSet<(DocId, DocId)> =
            links.iter().map(|l| (local_doc(&l.local.doc), l.national.doc.clone())).collect();
        self.graph.order_documents(&pairs.into_iter().collect::<Vec<_>>())?;
        self.graph.ensure_document(DocumentNode::of_summary(a.national.clone()));
        self.graph.ensure_document(DocumentNode::of_summary(a.local.clone()));
        for l in links {
            let from = self.graph.ensure_clause(ClauseRef { doc: local_doc(&l.local.doc), ..l.local.clone() });
            let to = self.graph.ensure_clause(l.national.clone());
            let derivation =
                Derivation { score: l.score, kind: l.kind, evidence: l.evidence.clone(), closest: false, horizontal };
            // A link between the same clauses is kept once; a vertical one replaces a horizontal one.
            if let Some(e) = self.graph.find_edge(from, to, "derives_from") {
                if let GraphEdge::DerivesFrom(d) = &mut self.graph.inner[e]
                    && d.horizontal
                    && !horizontal
                {
                    *d = derivation;
                }
                continue;
            }
            self.graph.add_edge(from, to, GraphEdge::DerivesFrom(derivation))?;
        }
        Ok(())
    }

    /// Finds reuse between local documents: every related pair is aligned, the earlier document
    /// taking the place of the national one ([`AlignConfig::align`]), and the links are added as
    /// `derives_from` edges marked `horizontal`.
    ///
    /// Two documents are related when their levels are the same or neighbouring, or when one's
    /// locality contains the other's (天津市 and 天津市滨海新区).
    /// The earlier one is decided by, in turn: their dates when both are known and differ; a
    /// citation of one by the other (the cited one is earlier); their levels (the higher level is
    /// the source); the years in their document numbers. Pairs still undecided are left out.
    /// The documents are added first ([`GraphBuilder::add_document`]).
    ///
    /// # Errors
    /// [`Error::DerivationCycle`] when the links would make documents derive from themselves.
    ///
    /// # Complexity
    /// O(D²) pairs for D documents, each aligned in O(n·m·L) at worst (see
    /// [`AlignConfig::align`]).
    pub fn add_horizontal<D: Borrow<Document>>(&mut self, docs: &[D], cfg: &AlignConfig) -> Result<&mut Self> {
        for doc in docs {
            self.add_document(doc.borrow())?;
        }
        for (i, a) in docs.iter().enumerate() {
            let a = a.borrow();
            for b in &docs[i + 1..] {
                let b = b.borrow();
                if a.id == b.id || !related(a, b) {
                    continue;
                }
                let (earlier, later) = match source_order(a, b) {
                    Some(Ordering::Less) => (a, b),
                    Some(Ordering::Greater) => (b, a),
                    _ => continue,
                };
                match cfg.align(earlier, later) {
                    Ok(alignment) => self.add_links(&alignment, true)?,
                    Err(Error::EmptyReference { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(self)
    }

    /// The graph: citations resolved (to a document given with that number, preferring one not
    /// embedded in a notice, else to an external document node `ext:<文号>`) and the closest
    /// source of every clause marked. The builder can go on being used.
    ///
    /// # Complexity
    /// O(V + E log E + k log V) for k citations.
    pub fn build(&self) -> DerivationGraph {
        let mut g = self.graph.clone();
        let mut by_number: BTreeMap<String, Vec<(bool, NodeIndex)>> = BTreeMap::new();
        for i in g.inner.node_indices() {
            if let GraphNode::Document(d) = &g.inner[i]
                && let Some(n) = &d.summary.doc_number
                && !d.external
            {
                by_number.entry(n.clone()).or_default().push((d.forwarded_by.is_some(), i));
            }
        }
        for list in by_number.values_mut() {
            list.sort();
        }
        for (from_doc, number, title) in &self.citations {
            let from = g.index[&DerivationGraph::document_key(from_doc)];
            if g.inner[from].as_document().and_then(|d| d.summary.doc_number.as_ref()) == Some(number) {
                continue;
            }
            let known = by_number.get(number).and_then(|l| l.iter().map(|&(_, i)| i).find(|&i| i != from));
            let to = known.unwrap_or_else(|| {
                let mut node = DocumentNode::bare(DocId::new(number.clone()));
                node.summary.doc_number = Some(number.clone());
                node.summary.title.clone_from(title);
                node.external = true;
                g.ensure_node(external_key(number), || GraphNode::Document(node)).0
            });
            g.add_edge(from, to, GraphEdge::Cites { doc_number: number.clone() })
                .expect("cites edges are never refused");
        }
        g.mark_closest();
        g
    }
}

/// Whether two local documents can reuse each other's text: same or neighbouring levels, or
/// nested localities.
fn related(a: &Document, b: &Document) -> bool {
    let levels = match (a.metadata.level, b.metadata.level) {
        (Some(x), Some(y)) => (x as i32 - y as i32).abs() <= 1,
        _ => false,
    };
    let nested = match (&a.metadata.locality, &b.metadata.locality) {
        (Some(x), Some(y)) => x.starts_with(y.as_str()) || y.starts_with(x.as_str()),
        _ => false,
    };
    levels || nested
}

/// Which of two documents came first (`Less`: `a` is the source of `b`), or `None` when nothing
/// tells.
fn source_order(a: &Document, b: &Document) -> Option<Ordering> {
    let (da, db) = (Dating::of(a), Dating::of(b));
    let by_citation = || match (cites(b, a), cites(a, b)) {
        (true, false) => Some(Ordering::Less),
        (false, true) => Some(Ordering::Greater),
        _ => None,
    };
    let by_level = || match (a.metadata.level, b.metadata.level) {
        (Some(x), Some(y)) if x != y => Some(x.cmp(&y)),
        _ => None,
    };
    da.by_day(&db).or_else(by_citation).or_else(by_level).or_else(|| da.by_year(&db))
}

/// Whether the document `a` is known to be older than `b`, by their dates, else by the years of
/// their dates or numbers; then `a` cannot derive from `b`.
pub(super) fn known_older(a: &DocSummary, b: &DocSummary) -> bool {
    let (da, db) = (Dating::of_summary(a), Dating::of_summary(b));
    da.by_day(&db).or_else(|| da.by_year(&db)) == Some(Ordering::Less)
}

/// What dates a document: its day and its year (from the date, else from the number, as in
/// 津政办发〔2017〕5号).
struct Dating {
    day: Option<i64>,
    year: Option<u32>,
}

impl Dating {
    fn new(date: Option<&str>, doc_number: Option<&str>) -> Self {
        let digits =
            |s: &str| s.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())).and_then(|y| y.parse().ok());
        let number_year = || {
            let n = doc_number?;
            let rest = &n[n.find(['〔', '[', '［', '（', '('])?..];
            digits(rest.get(rest.chars().next()?.len_utf8()..)?)
        };
        Self { day: date.and_then(day_number), year: date.and_then(digits).or_else(number_year) }
    }

    fn of(doc: &Document) -> Self {
        Self::new(doc.metadata.date(), doc.metadata.doc_number.as_deref())
    }

    fn of_summary(s: &DocSummary) -> Self {
        Self::new(s.date.as_deref(), s.doc_number.as_deref())
    }

    fn by_day(&self, other: &Self) -> Option<Ordering> {
        self.day.zip(other.day).map(|(x, y)| x.cmp(&y)).filter(|o| o.is_ne())
    }

    fn by_year(&self, other: &Self) -> Option<Ordering> {
        self.year.zip(other.year).map(|(x, y)| x.cmp(&y)).filter(|o| o.is_ne())
    }
}

/// Whether `a` cites `b` by its document number.
fn cites(a: &Document, b: &Document) -> bool {
    b.metadata.doc_number.as_ref().is_some_and(|n| a.citations.iter().any(|c| c.doc_number.as_ref() == Some(n)))
}
