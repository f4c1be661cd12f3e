//! Snapshots of the trees of the corpus documents and the built-in references, in a compact
//! projection: id, kind, marker, heading and the first 20 characters of a paragraph's text.
//! A forwarding notice's snapshot holds the forwarded document's tree too.

use policy_trace::{Document, DocumentKind, Node, NodeKind};
use serde::Serialize;

use crate::support::{CORPUS, corpus_doc};

#[derive(Serialize)]
struct ProjectedNode<'a> {
    id: &'a str,
    kind: NodeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    marker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    heading: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<ProjectedNode<'a>>,
}

#[derive(Serialize)]
struct Projected<'a> {
    kind: DocumentKind,
    nodes: Vec<ProjectedNode<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forwarded: Option<Box<Projected<'a>>>,
}

fn project_node(node: &Node) -> ProjectedNode<'_> {
    ProjectedNode {
        id: &node.id,
        kind: node.kind,
        marker: node.marker.as_deref(),
        heading: node.heading.as_deref(),
        text: node.is_paragraph().then(|| node.text.chars().take(20).collect()),
        children: node.children.iter().map(project_node).collect(),
    }
}

fn project(doc: &Document) -> Projected<'_> {
    Projected {
        kind: doc.kind,
        nodes: doc.nodes.iter().map(project_node).collect(),
        forwarded: doc.forwarded.as_deref().map(|f| Box::new(project(f))),
    }
}

#[test]
fn corpus_trees() {
    for stem in CORPUS {
        let doc = corpus_doc(stem);
        insta::assert_json_snapshot!(*stem, project(&doc));
    }
}

#[test]
fn reference_trees() {
    for name in ["guobanfa-2017-4", "fagaiban-diqu-2020-237"] {
        let doc = policy_trace::reference(name).expect("built-in reference");
        insta::assert_json_snapshot!(name, project(&doc));
    }
}
