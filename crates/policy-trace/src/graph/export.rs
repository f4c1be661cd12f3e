//! Exports of the derivation graph: JSON (our own `{nodes, edges}` shape), DOT and `GraphML`.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{DerivationGraph, DocumentNode, GraphEdge, GraphNode};
use crate::document::{DocumentKind, FORMAT_VERSION};
use crate::report::truncate_chars;
use crate::{Error, Result};

/// The JSON shape: string ids only, never petgraph indices.
#[derive(Serialize, Deserialize)]
struct JsonGraph<N, E> {
    format_version: u32,
    directed: bool,
    multigraph: bool,
    nodes: Vec<JsonNode<N>>,
    edges: Vec<JsonEdge<E>>,
}

#[derive(Serialize, Deserialize)]
struct JsonNode<N> {
    key: String,
    #[serde(flatten)]
    node: N,
}

#[derive(Serialize, Deserialize)]
struct JsonEdge<E> {
    source: String,
    target: String,
    #[serde(flatten)]
    edge: E,
}

impl DerivationGraph {
    fn json_shape(&self) -> JsonGraph<&GraphNode, &GraphEdge> {
        JsonGraph {
            format_version: FORMAT_VERSION,
            directed: true,
            multigraph: true,
            nodes: self.iter_nodes().map(|(key, node)| JsonNode { key, node }).collect(),
            edges: self.iter_edges().map(|(source, target, edge)| JsonEdge { source, target, edge }).collect(),
        }
    }

    /// Serialises the graph as JSON: `{"format_version": 1, "directed": true, "multigraph": true,
    /// "nodes": [{"key", "type", …}], "edges": [{"source", "target", "type", …}]}`, in insertion
    /// order, where `key` is the node's string id and `source` and `target` name nodes by it.
    /// Document nodes carry the fields of [`crate::DocSummary`], clause nodes those of
    /// [`crate::ClauseRef`].
    /// The shape is also networkx's node-link format
    /// (`networkx.node_link_graph(data, edges="edges", name="key")`).
    ///
    /// # Complexity
    /// O(V + E) plus the length of the texts.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.json_shape()).expect("a graph always serialises")
    }

    /// As [`DerivationGraph::to_json`], indented.
    ///
    /// # Complexity
    /// As [`DerivationGraph::to_json`].
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.json_shape()).expect("a graph always serialises")
    }

    /// Reads JSON written by [`DerivationGraph::to_json`].
    ///
    /// # Errors
    /// [`Error::Json`] for malformed JSON, [`Error::FormatVersion`] for another version,
    /// [`Error::InvalidOption`] for a node id that does not match its node or an edge to an unknown
    /// node, [`Error::DerivationCycle`] for cyclic derivations.
    ///
    /// # Complexity
    /// O((V + E) log V), plus O(D + d) per pair of documents joined by a derivation.
    pub fn from_json(json: &str) -> Result<Self> {
        let data: JsonGraph<GraphNode, GraphEdge> = serde_json::from_str(json)?;
        if data.format_version != FORMAT_VERSION {
            return Err(Error::FormatVersion { found: data.format_version, expected: FORMAT_VERSION });
        }
        let invalid = |reason: String| Error::InvalidOption { option: "graph JSON".into(), reason };
        let mut g = Self::default();
        for JsonNode { key, node } in data.nodes {
            if node.key() != key {
                return Err(invalid(format!("node key {key:?} does not match its node ({:?})", node.key())));
            }
            g.ensure_node(key, || node);
        }
        for JsonEdge { source, target, edge } in data.edges {
            let find = |k: &str| g.index.get(k).copied().ok_or_else(|| invalid(format!("edge to unknown node {k:?}")));
            let (s, t) = (find(&source)?, find(&target)?);
            g.add_edge(s, t, edge)?;
        }
        Ok(g)
    }

    /// Writes the graph in Graphviz DOT: documents as boxes (external ones dashed), clauses as
    /// ellipses labelled with their id and the start of their text; `derives_from` edges labelled
    /// with kind and score (bold when closest, dashed when horizontal). Labels are escaped.
    ///
    /// # Complexity
    /// O(V + E).
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph derivation {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n");
        for (id, node) in self.iter_nodes() {
            let attrs = match node {
                GraphNode::Document(d) => {
                    let mut label = d.summary.name.clone();
                    if let Some(n) = &d.summary.doc_number
                        && !label.contains(n.as_str())
                    {
                        label = format!("{label}\n{n}");
                    }
                    let style = if d.external { ", style=dashed" } else { "" };
                    format!("shape=box{style}, label={}", dot_quote(&label))
                }
                GraphNode::Clause(c) => {
                    format!("shape=ellipse, label={}", dot_quote(&format!("{}\n{}", c.id, truncate_chars(&c.text, 16))))
                }
            };
            let _ = writeln!(out, "  {} [{attrs}];", dot_quote(&id));
        }
        for (source, target, edge) in self.iter_edges() {
            let attrs = match edge {
                GraphEdge::Contains => "style=dotted, color=gray, arrowhead=none".to_owned(),
                GraphEdge::DerivesFrom(d) => {
                    let style = match (d.horizontal, d.closest) {
                        (true, _) => ", style=dashed",
                        (false, true) => ", style=bold",
                        (false, false) => "",
                    };
                    format!("label={}{style}", dot_quote(&format!("{} {:.2}", d.kind.as_str(), d.score)))
                }
                GraphEdge::Cites { doc_number } => {
                    format!("label={}, color=blue, style=dashed", dot_quote(&format!("cites {doc_number}")))
                }
                GraphEdge::Forwards => "label=\"forwards\", color=darkgreen, style=bold".to_owned(),
            };
            let _ = writeln!(out, "  {} -> {} [{attrs}];", dot_quote(&source), dot_quote(&target));
        }
        out.push_str("}\n");
        out
    }

    /// Writes the graph in `GraphML`, with one typed key per attribute (`score` is a double,
    /// `closest`, `horizontal` and `external` are booleans, the rest strings; `evidence` holds the
    /// evidence as a JSON array). Text is XML-escaped; `networkx.read_graphml` reads it.
    ///
    /// # Complexity
    /// O(V + E) plus the length of the texts.
    pub fn to_graphml(&self) -> String {
        let mut out = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
            "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        ));
        for (domain, keys) in [("node", NODE_KEYS), ("edge", EDGE_KEYS)] {
            for (name, ty) in keys {
                let _ = writeln!(
                    out,
                    "  <key id=\"{}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>",
                    &domain[..1]
                );
            }
        }
        out.push_str("  <graph id=\"derivation\" edgedefault=\"directed\">\n");
        for (id, node) in self.iter_nodes() {
            let _ = writeln!(out, "    <node id=\"{}\">", xml_escape(&id));
            let mut data =
                vec![("type", Some(if node.as_document().is_some() { "document" } else { "clause" }.to_owned()))];
            match node {
                GraphNode::Document(DocumentNode { summary: d, external, forwarded_by }) => data.extend([
                    ("id", Some(d.id.to_string())),
                    ("name", Some(d.name.clone())),
                    ("title", d.title.clone()),
                    ("doc_number", d.doc_number.clone()),
                    ("issuer", d.issuer.clone()),
                    ("locality", d.locality.clone()),
                    ("level", d.level.map(|l| l.as_str().to_owned())),
                    ("date", d.date.clone()),
                    ("kind", Some(document_kind(d.kind).to_owned())),
                    ("clause_count", Some(d.clause_count.to_string())),
                    ("external", Some(external.to_string())),
                    ("forwarded_by", forwarded_by.as_ref().map(ToString::to_string)),
                ]),
                GraphNode::Clause(c) => data.extend([
                    ("doc", Some(c.doc.to_string())),
                    ("id", Some(c.id.clone())),
                    ("text", Some(c.text.clone())),
                    ("heading", c.heading.clone()),
                ]),
            }
            write_data(&mut out, 'n', data);
            out.push_str("    </node>\n");
        }
        for (source, target, edge) in self.iter_edges() {
            let _ = writeln!(out, "    <edge source=\"{}\" target=\"{}\">", xml_escape(&source), xml_escape(&target));
            let mut data = vec![("type", Some(edge.type_name().to_owned()))];
            match edge {
                GraphEdge::DerivesFrom(d) => data.extend([
                    ("score", Some(d.score.to_string())),
                    ("kind", Some(d.kind.as_str().to_owned())),
                    ("closest", Some(d.closest.to_string())),
                    ("horizontal", Some(d.horizontal.to_string())),
                    ("evidence", Some(serde_json::to_string(&d.evidence).expect("evidence always serialises"))),
                ]),
                GraphEdge::Cites { doc_number } => {
                    data.push(("doc_number", Some(doc_number.clone())));
                }
                GraphEdge::Contains | GraphEdge::Forwards => {}
            }
            write_data(&mut out, 'e', data);
            out.push_str("    </edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }
}

/// `GraphML` node attributes and their types.
const NODE_KEYS: &[(&str, &str)] = &[
    ("type", "string"),
    ("id", "string"),
    ("doc", "string"),
    ("name", "string"),
    ("title", "string"),
    ("doc_number", "string"),
    ("issuer", "string"),
    ("locality", "string"),
    ("level", "string"),
    ("date", "string"),
    ("kind", "string"),
    ("clause_count", "int"),
    ("external", "boolean"),
    ("forwarded_by", "string"),
    ("text", "string"),
    ("heading", "string"),
];

/// `GraphML` edge attributes and their types.
const EDGE_KEYS: &[(&str, &str)] = &[
    ("type", "string"),
    ("score", "double"),
    ("kind", "string"),
    ("closest", "boolean"),
    ("horizontal", "boolean"),
    ("evidence", "string"),
    ("doc_number", "string"),
];

fn write_data(out: &mut String, domain: char, data: Vec<(&str, Option<String>)>) {
    for (key, value) in data {
        if let Some(v) = value {
            let _ = writeln!(out, "      <data key=\"{domain}_{key}\">{}</data>", xml_escape(&v));
        }
    }
}

/// Escapes text for XML content and attribute values: `& < > " '`, carriage returns (which XML
/// would otherwise normalise away), and the control characters XML 1.0 cannot hold (replaced by
/// U+FFFD).
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c < ' ' || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Quotes a DOT id or label: backslashes and double quotes escaped, line breaks as `\n`.
fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The name of a document kind, as serde writes it.
const fn document_kind(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Standalone => "standalone",
        DocumentKind::Forwarding => "forwarding",
    }
}
