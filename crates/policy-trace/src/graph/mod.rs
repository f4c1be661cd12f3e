//! The derivation graph: documents and their clauses, and how they derive from, cite and forward
//! one another across the levels of government.
//!
//! Nodes are named by strings of our own, never by petgraph indices:
//!
//! - `doc:<DocId>` for a document given to the builder,
//! - `doc:<notice>/<DocId>` for the document a forwarding notice embeds,
//! - `ext:<文号>` for a document known only because another one cites it,
//! - `clause:<DocId>#<node id>` for a clause (`clause:tianjin#2.1.p1`).
//!
//! Edges are `contains` (document → clause), `derives_from` (clause → the clause it takes up),
//! `cites` (document → document) and `forwards` (forwarding notice → embedded document).
//! The `derives_from` and `forwards` edges never form a cycle, even through documents: a document
//! never derives, directly or not, from itself.
//!
//! Build a graph with [`GraphBuilder`] or the one-call [`DerivationGraph::build`]; export it with
//! [`DerivationGraph::to_json`], [`DerivationGraph::to_dot`] or [`DerivationGraph::to_graphml`].

mod build;
mod export;

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

pub use build::GraphBuilder;

use crate::align::{AdoptionKind, ClauseRef, DocSummary, Evidence};
use crate::document::{DocId, Document, DocumentKind, Level};
use crate::{AlignConfig, Error, Result};

/// A document of the graph: its summary, and how the graph knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentNode {
    /// What is known of the document (for an embedded document, `id` is `<notice>/<its own
    /// id>`; for an external one, `id` and `name` are its number).
    #[serde(flatten)]
    pub summary: DocSummary,
    /// Whether the document is known only from a citation: it was not given to the builder.
    pub external: bool,
    /// For a document embedded in a forwarding notice, the notice.
    pub forwarded_by: Option<DocId>,
}

impl DocumentNode {
    fn of_summary(summary: DocSummary) -> Self {
        Self { summary, external: false, forwarded_by: None }
    }

    /// A document known by its id alone.
    fn bare(id: DocId) -> Self {
        Self::of_summary(DocSummary {
            name: id.to_string(),
            id,
            title: None,
            doc_number: None,
            issuer: None,
            locality: None,
            level: None,
            date: None,
            kind: DocumentKind::Standalone,
            source: None,
            clause_count: 0,
        })
    }

    /// The id of the document (its number, for an external one).
    pub fn id(&self) -> &DocId {
        &self.summary.id
    }
}

/// A node: a document or a clause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GraphNode {
    /// A document.
    Document(DocumentNode),
    /// A clause (`doc` is the graph id of its document).
    Clause(ClauseRef),
}

impl GraphNode {
    /// The node's string id (`doc:…`, `ext:…` or `clause:…#…`).
    pub fn key(&self) -> String {
        match self {
            Self::Document(d) if d.external => external_key(d.id().as_str()),
            Self::Document(d) => DerivationGraph::document_key(d.id()),
            Self::Clause(c) => DerivationGraph::clause_key(&c.doc, &c.id),
        }
    }

    /// The document, if this is a document node.
    pub fn as_document(&self) -> Option<&DocumentNode> {
        match self {
            Self::Document(d) => Some(d),
            Self::Clause(_) => None,
        }
    }

    /// The clause, if this is a clause node.
    pub fn as_clause(&self) -> Option<&ClauseRef> {
        match self {
            Self::Clause(c) => Some(c),
            Self::Document(_) => None,
        }
    }

    /// The document the node is or belongs to.
    fn doc(&self) -> &DocId {
        match self {
            Self::Document(d) => d.id(),
            Self::Clause(c) => &c.doc,
        }
    }
}

fn external_key(doc_number: &str) -> String {
    format!("ext:{doc_number}")
}

/// How a clause takes up the clause it derives from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Derivation {
    /// Similarity in [0, 1].
    pub score: f64,
    /// How faithfully the clause is taken up.
    pub kind: AdoptionKind,
    /// The shared spans; char ranges are `local` in the deriving clause, `national` in the source.
    pub evidence: Vec<Evidence>,
    /// Whether this is the closest textual source of the deriving clause: the highest-scoring of
    /// its `derives_from` edges.
    pub closest: bool,
    /// Whether the link was found between two local documents ([`GraphBuilder::add_horizontal`])
    /// rather than against a national document.
    pub horizontal: bool,
}

/// An edge of the graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GraphEdge {
    /// A document contains a clause.
    Contains,
    /// A clause derives from another clause.
    DerivesFrom(Derivation),
    /// A document cites another by its document number.
    Cites {
        /// The number as cited.
        doc_number: String,
    },
    /// A forwarding notice forwards the document it embeds.
    Forwards,
}

impl GraphEdge {
    /// The edge type as written in the exports.
    pub const fn type_name(&self) -> &'static str {
        match self {
            Self::Contains => "contains",
            Self::DerivesFrom(_) => "derives_from",
            Self::Cites { .. } => "cites",
            Self::Forwards => "forwards",
        }
    }

    /// Whether the edge orders documents in time (`derives_from` and `forwards`), so may not form
    /// a cycle.
    const fn is_derivation(&self) -> bool {
        matches!(self, Self::DerivesFrom(_) | Self::Forwards)
    }
}

/// A clause reached from another along `derives_from` edges: a source
/// ([`DerivationGraph::iter_lineage`]) or an adopter ([`DerivationGraph::adopters`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LineageStep {
    /// The node id of the clause.
    pub key: String,
    /// The clause (its `doc` is its document).
    pub clause: ClauseRef,
    /// 1 next to the starting clause, 2 one clause further, and so on.
    pub depth: usize,
    /// The node id of the clause next to it on the way to the starting clause.
    pub via: String,
    /// The edge between the two (pointing from the deriving clause to its source).
    pub derivation: Derivation,
}

/// The derivation graph: documents, clauses, and `contains`, `derives_from`, `cites` and
/// `forwards` edges, named by string ids of our own.
#[derive(Clone, Debug, Default)]
pub struct DerivationGraph {
    inner: StableDiGraph<GraphNode, GraphEdge>,
    index: BTreeMap<String, NodeIndex>,
    /// Document → documents it derives from or forwards; kept acyclic.
    deps: StableDiGraph<DocId, ()>,
    dep_index: BTreeMap<DocId, NodeIndex>,
}

impl DerivationGraph {
    /// Starts a [`GraphBuilder`].
    pub fn builder() -> GraphBuilder {
        GraphBuilder::new()
    }

    /// Builds the graph of national documents and local documents in one call: every document
    /// with its clauses, citations and forwarded documents; every local document aligned to
    /// every national one it is not known to be older than ([`crate::compare`]; a document of
    /// 2017 does not derive from one of 2020); and horizontal links between the local documents
    /// ([`GraphBuilder::add_horizontal`]). The documents may be owned or shared (`&[Document]`,
    /// `&[Arc<Document>]`).
    ///
    /// # Errors
    /// [`Error::EmptyReference`] when a national document has no clauses,
    /// [`Error::DerivationCycle`] when the documents would derive from one another.
    ///
    /// # Complexity
    /// One [`crate::compare`] per national document plus one [`AlignConfig::align`] per eligible
    /// pair of local documents; building the graph itself is O((V + E)·D) for D documents.
    pub fn build<D: Borrow<Document> + Sync>(nationals: &[D], locals: &[D], cfg: &AlignConfig) -> Result<Self> {
        let mut b = GraphBuilder::new();
        for doc in nationals.iter().chain(locals) {
            b.add_document(doc.borrow())?;
        }
        for national in nationals {
            let mut comparison = crate::compare(national.borrow(), locals, cfg)?;
            comparison.alignments.retain(|a| !build::known_older(&a.local, &a.national));
            b.add_comparison(&comparison)?;
        }
        b.add_horizontal(locals, cfg)?;
        Ok(b.build())
    }

    /// The node id of a document: `doc:<id>`.
    pub fn document_key(doc: &DocId) -> String {
        format!("doc:{doc}")
    }

    /// The node id of a clause: `clause:<doc>#<clause>`.
    pub fn clause_key(doc: &DocId, clause: &str) -> String {
        format!("clause:{doc}#{clause}")
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.inner.node_count()
    }

    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        self.inner.edge_count()
    }

    /// The node with a given id.
    ///
    /// # Complexity
    /// O(log V).
    pub fn node(&self, key: &str) -> Option<&GraphNode> {
        self.index.get(key).map(|&i| &self.inner[i])
    }

    /// A document by its id (documents given to the builder and embedded ones, not external
    /// ones).
    ///
    /// # Complexity
    /// O(log V).
    pub fn document(&self, doc: &DocId) -> Option<&DocumentNode> {
        self.node(&Self::document_key(doc)).and_then(GraphNode::as_document)
    }

    /// Iterates over the nodes in insertion order, with their ids.
    pub fn iter_nodes(&self) -> impl Iterator<Item = (String, &GraphNode)> {
        self.inner.node_indices().map(|i| (self.inner[i].key(), &self.inner[i]))
    }

    /// Iterates over the edges in insertion order, as (source id, target id, edge).
    pub fn iter_edges(&self) -> impl Iterator<Item = (String, String, &GraphEdge)> {
        self.inner.edge_indices().map(|e| {
            let (s, t) = self.inner.edge_endpoints(e).expect("an edge index from the graph");
            (self.inner[s].key(), self.inner[t].key(), &self.inner[e])
        })
    }

    /// Iterates over the documents in insertion order.
    pub fn iter_documents(&self) -> impl Iterator<Item = &DocumentNode> {
        self.inner.node_weights().filter_map(GraphNode::as_document)
    }

    /// The documents of one administrative level, ordered by date (unknown dates last), then id.
    ///
    /// # Complexity
    /// O(V + d log d) for d documents of that level.
    pub fn documents_by_level(&self, level: Level) -> Vec<DocumentNode> {
        let mut out: Vec<DocumentNode> =
            self.iter_documents().filter(|d| d.summary.level == Some(level)).cloned().collect();
        out.sort_by(|a, b| {
            let key = |d: &DocumentNode| (d.summary.date.is_none(), d.summary.date.clone(), d.id().clone());
            key(a).cmp(&key(b))
        });
        out
    }

    /// Iterates over the sources of a clause up the `derives_from` chain, nearest first: its
    /// direct sources (highest score first), then theirs, each clause once.
    /// An unknown id gives nothing.
    ///
    /// # Complexity
    /// O(V + E) in the worst case (a breadth-first search); proportional to the lineage in
    /// practice.
    pub fn iter_lineage(&self, clause_key: &str) -> impl Iterator<Item = LineageStep> + use<> {
        self.walk(clause_key, Direction::Outgoing).into_iter()
    }

    /// The clauses that take up a clause, directly (depth 1) or through other clauses, nearest
    /// first, then in insertion (document) order. An unknown id gives nothing.
    ///
    /// # Complexity
    /// O(V + E) in the worst case (a breadth-first search).
    pub fn adopters(&self, clause_key: &str) -> Vec<LineageStep> {
        self.walk(clause_key, Direction::Incoming)
    }

    /// The documents that take up a clause, directly or not, in the order of [`Self::adopters`].
    ///
    /// # Complexity
    /// As [`Self::adopters`].
    pub fn adopting_documents(&self, clause_key: &str) -> Vec<DocId> {
        let mut seen = BTreeSet::new();
        self.adopters(clause_key).into_iter().map(|a| a.clause.doc).filter(|d| seen.insert(d.clone())).collect()
    }

    /// Breadth-first search along `derives_from` edges, out of the start (its sources) or into it
    /// (its adopters).
    fn walk(&self, start: &str, dir: Direction) -> Vec<LineageStep> {
        let Some(&start) = self.index.get(start) else {
            return Vec::new();
        };
        let mut seen = BTreeSet::from([start]);
        let mut queue = VecDeque::from([(start, 0)]);
        let mut out = Vec::new();
        while let Some((at, depth)) = queue.pop_front() {
            let mut next: Vec<(NodeIndex, &Derivation)> = self
                .inner
                .edges_directed(at, dir)
                .filter_map(|e| match e.weight() {
                    GraphEdge::DerivesFrom(d) => {
                        Some((if dir == Direction::Outgoing { e.target() } else { e.source() }, d))
                    }
                    _ => None,
                })
                .collect();
            // Highest score first going up; insertion order going down.
            if dir == Direction::Outgoing {
                next.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
            } else {
                next.sort_by_key(|&(i, _)| i);
            }
            for (i, d) in next {
                if seen.insert(i) {
                    out.push(LineageStep {
                        key: self.inner[i].key(),
                        clause: self.inner[i].as_clause().cloned().expect("derives_from joins clauses"),
                        depth: depth + 1,
                        via: self.inner[at].key(),
                        derivation: d.clone(),
                    });
                    queue.push_back((i, depth + 1));
                }
            }
        }
        out
    }

    /// The node with a key, added by `make` when missing; the bool says whether it was added.
    fn ensure_node(&mut self, key: String, make: impl FnOnce() -> GraphNode) -> (NodeIndex, bool) {
        if let Some(&i) = self.index.get(&key) {
            return (i, false);
        }
        let i = self.inner.add_node(make());
        self.index.insert(key, i);
        (i, true)
    }

    /// The edge of a type joining two nodes, if any.
    fn find_edge(&self, from: NodeIndex, to: NodeIndex, type_name: &str) -> Option<EdgeIndex> {
        self.inner.edges_connecting(from, to).find(|e| e.weight().type_name() == type_name).map(|e| e.id())
    }

    /// Adds an edge between two existing nodes, refusing a `derives_from` or `forwards` edge
    /// that would make the documents derive from themselves. An edge of the same type between the
    /// same nodes is not added twice.
    fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, edge: GraphEdge) -> Result<()> {
        if self.find_edge(from, to, edge.type_name()).is_some() {
            return Ok(());
        }
        if edge.is_derivation() {
            let (a, b) = (self.inner[from].doc().clone(), self.inner[to].doc().clone());
            self.order_documents(&[(a, b)])?;
        }
        self.inner.add_edge(from, to, edge);
        Ok(())
    }

    /// Records that documents derive from others (`(later, earlier)` pairs), all or none.
    ///
    /// # Errors
    /// [`Error::DerivationCycle`] when a pair would close a cycle (or joins a document to
    /// itself); then none of the pairs is recorded.
    fn order_documents(&mut self, pairs: &[(DocId, DocId)]) -> Result<()> {
        let mut added = Vec::new();
        for (later, earlier) in pairs {
            if later == earlier {
                self.undo_order(added);
                return Err(Error::DerivationCycle { doc: later.to_string() });
            }
            let a = self.dep_node(later);
            let b = self.dep_node(earlier);
            if self.deps.contains_edge(a, b) {
                continue;
            }
            added.push(self.deps.add_edge(a, b, ()));
            // petgraph's `Cycle` implements neither `Error` nor `Display`: map it by hand.
            if let Err(cycle) = petgraph::algo::toposort(&self.deps, None) {
                let doc = self.deps[cycle.node_id()].to_string();
                self.undo_order(added);
                return Err(Error::DerivationCycle { doc });
            }
        }
        Ok(())
    }

    fn undo_order(&mut self, added: Vec<EdgeIndex>) {
        for e in added {
            self.deps.remove_edge(e);
        }
    }

    fn dep_node(&mut self, doc: &DocId) -> NodeIndex {
        if let Some(&i) = self.dep_index.get(doc) {
            return i;
        }
        let i = self.deps.add_node(doc.clone());
        self.dep_index.insert(doc.clone(), i);
        i
    }

    /// The document node for a document, created when missing, and replacing one created bare
    /// (known by its id alone).
    fn ensure_document(&mut self, node: DocumentNode) -> NodeIndex {
        let key = GraphNode::Document(node.clone()).key();
        let (i, added) = self.ensure_node(key, || GraphNode::Document(node.clone()));
        if !added
            && let GraphNode::Document(d) = &mut self.inner[i]
            && *d == DocumentNode::bare(d.id().clone())
        {
            *d = node;
        }
        i
    }

    /// The clause node for a clause, with its `contains` edge, created when missing.
    fn ensure_clause(&mut self, clause: ClauseRef) -> NodeIndex {
        let doc = self.ensure_document(DocumentNode::bare(clause.doc.clone()));
        let key = Self::clause_key(&clause.doc, &clause.id);
        let (i, added) = self.ensure_node(key, || GraphNode::Clause(clause));
        if added {
            self.inner.add_edge(doc, i, GraphEdge::Contains);
        }
        i
    }

    /// Marks, for every clause, its highest-scoring `derives_from` edge as the closest source
    /// (ties: the source inserted first).
    fn mark_closest(&mut self) {
        let clauses: Vec<NodeIndex> =
            self.inner.node_indices().filter(|&i| self.inner[i].as_clause().is_some()).collect();
        for i in clauses {
            let mut edges: Vec<(EdgeIndex, f64, NodeIndex)> = self
                .inner
                .edges_directed(i, Direction::Outgoing)
                .filter_map(|e| match e.weight() {
                    GraphEdge::DerivesFrom(d) => Some((e.id(), d.score, e.target())),
                    _ => None,
                })
                .collect();
            edges.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
            for (rank, (e, _, _)) in edges.into_iter().enumerate() {
                if let GraphEdge::DerivesFrom(d) = &mut self.inner[e] {
                    d.closest = rank == 0;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
