use super::*;
use crate::{Citation, DocumentKind, Parser, Span, compare};

const NATIONAL: &str = "一、重点任务\n（一）深化商事制度改革。全面实行“多证合一”、简易注销登记，推进企业名称登记管理改革，探索实行企业登记全程电子化。\n（二）加强知识产权保护。完善知识产权快速维权机制，加大侵权假冒行为惩戒力度，建立知识产权信用体系。\n";
const PROVINCIAL: &str = "一、主要任务\n（一）深化商事制度改革。全面实行“多证合一”、简易注销登记，推进企业名称登记管理改革，在全市探索实行企业登记全程电子化和跨区域通办，压缩开办时间至三个工作日。\n";
const DISTRICT: &str = "一、具体措施\n（一）深化商事制度改革。在全市探索实行企业登记全程电子化和跨区域通办，压缩开办时间至三个工作日，设立新区企业服务专窗。\n";

fn doc(id: &str, level: Level, date: &str, locality: &str, text: &str) -> Document {
    Parser::configure().id(id).level(level).date(date).locality(locality).parse(text)
}

fn national() -> Document {
    let mut d = doc("nat", Level::National, "2017-01-12", "全国", NATIONAL);
    d.metadata.doc_number = Some("国办发〔2017〕4号".into());
    d
}

fn provincial() -> Document {
    doc("prov", Level::Provincial, "2017-06-01", "天津市", PROVINCIAL)
}

fn district() -> Document {
    let mut d = doc("dist", Level::District, "2018-03-01", "天津市滨海新区", DISTRICT);
    d.citations = vec![cite("国办发〔2017〕4号"), cite("津发改区域〔2020〕75号"), cite("津发改区域〔2020〕75号")];
    d
}

fn cite(number: &str) -> Citation {
    Citation { title: Some("某某通知".into()), doc_number: Some(number.into()), range: Span::new(0, 0) }
}

/// National, provincial and district documents, aligned vertically and horizontally.
fn three_levels() -> DerivationGraph {
    let (n, p, d) = (national(), provincial(), district());
    let locals = [p, d];
    let cfg = AlignConfig::new();
    let mut b = GraphBuilder::new();
    b.add_document(&n).unwrap();
    b.add_comparison(&compare(&n, &locals, &cfg).unwrap()).unwrap();
    b.add_horizontal(&locals, &cfg).unwrap();
    b.build()
}

fn derivations(g: &DerivationGraph, from: &str) -> Vec<(String, Derivation)> {
    g.iter_edges()
        .filter(|(s, _, _)| s == from)
        .filter_map(|(_, t, e)| match e {
            GraphEdge::DerivesFrom(d) => Some((t, d.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_clause_derives_from_grandparent_and_parent_and_the_closer_is_marked() {
    let g = three_levels();
    let edges = derivations(&g, "clause:dist#1.1.p1");
    let targets: BTreeSet<&str> = edges.iter().map(|(t, _)| t.as_str()).collect();
    assert!(targets.contains("clause:nat#1.1.p1"), "{edges:?}");
    assert!(targets.contains("clause:prov#1.1.p1"), "{edges:?}");
    let closest: Vec<&(String, Derivation)> = edges.iter().filter(|(_, d)| d.closest).collect();
    assert_eq!(closest.len(), 1);
    assert_eq!(closest[0].0, "clause:prov#1.1.p1", "the district copies the provincial wording: {edges:?}");
    assert!(edges.iter().all(|(_, d)| d.score <= closest[0].1.score));
    let (_, horizontal) = edges.iter().find(|(t, _)| t == "clause:prov#1.1.p1").unwrap();
    assert!(horizontal.horizontal);
    assert!(edges.iter().filter(|(t, _)| t.starts_with("clause:nat#")).all(|(_, d)| !d.horizontal));
}

#[test]
fn lineage_goes_up_nearest_first_and_adopters_come_down() {
    let g = three_levels();
    let lineage: Vec<(String, usize)> = g.iter_lineage("clause:dist#1.1.p1").map(|s| (s.key, s.depth)).collect();
    assert_eq!(lineage.first(), Some(&("clause:prov#1.1.p1".to_owned(), 1)), "{lineage:?}");
    assert!(lineage.contains(&("clause:nat#1.1.p1".to_owned(), 1)), "{lineage:?}");
    assert_eq!(lineage.len(), 2, "each clause once: {lineage:?}");

    let adopters: Vec<(String, usize)> =
        g.adopters("clause:nat#1.1.p1").into_iter().map(|a| (a.key, a.depth)).collect();
    assert_eq!(adopters, [("clause:prov#1.1.p1".to_owned(), 1), ("clause:dist#1.1.p1".to_owned(), 1)]);
    assert_eq!(g.adopting_documents("clause:nat#1.1.p1"), [DocId::new("prov"), DocId::new("dist")]);
    assert!(g.adopters("clause:nat#1.2.p1").is_empty());
    assert_eq!(g.iter_lineage("clause:nowhere#1").count(), 0);
}

#[test]
fn documents_by_level() {
    let g = three_levels();
    let names = |level| g.documents_by_level(level).into_iter().map(|d| d.id().to_string()).collect::<Vec<_>>();
    assert_eq!(names(Level::National), ["nat"]);
    assert_eq!(names(Level::Provincial), ["prov"]);
    assert_eq!(names(Level::District), ["dist"]);
    assert!(names(Level::Municipal).is_empty());
}

#[test]
fn citations_resolve_to_known_documents_or_external_ones() {
    let g = three_levels();
    let cites: Vec<(String, String)> =
        g.iter_edges().filter(|(_, _, e)| matches!(e, GraphEdge::Cites { .. })).map(|(s, t, _)| (s, t)).collect();
    assert_eq!(
        cites,
        [
            ("doc:dist".to_owned(), "doc:nat".to_owned()),
            ("doc:dist".to_owned(), "ext:津发改区域〔2020〕75号".to_owned()),
        ]
    );
    let ext = g.node("ext:津发改区域〔2020〕75号").and_then(GraphNode::as_document).unwrap();
    assert!(ext.external);
    assert_eq!(ext.summary.title.as_deref(), Some("某某通知"));
}

#[test]
fn every_clause_is_contained_in_its_document() {
    let g = three_levels();
    let contains = g.iter_edges().filter(|(_, _, e)| matches!(e, GraphEdge::Contains)).count();
    let clauses = g.iter_nodes().filter(|(_, n)| n.as_clause().is_some()).count();
    assert_eq!(contains, clauses);
    assert_eq!(clauses, 4);
}

#[test]
fn a_derivation_cycle_is_refused_and_leaves_the_graph_as_it_was() {
    let (a, b) = (provincial(), district());
    let cfg = AlignConfig::new();
    let mut builder = GraphBuilder::new();
    builder.add_comparison(&compare(&a, std::slice::from_ref(&b), &cfg).unwrap()).unwrap();
    let before = builder.build();
    assert!(before.edge_count() > 0);
    let err = builder.add_comparison(&compare(&b, std::slice::from_ref(&a), &cfg).unwrap()).unwrap_err();
    assert!(matches!(&err, Error::DerivationCycle { doc } if doc == "prov" || doc == "dist"), "{err}");
    assert_eq!(builder.build().to_json(), before.to_json());

    let err = GraphBuilder::new().add_comparison(&compare(&a, std::slice::from_ref(&a), &cfg).unwrap()).unwrap_err();
    assert!(matches!(&err, Error::DerivationCycle { doc } if doc == "prov"), "{err}");
}

#[test]
fn a_forwarding_notice_forwards_its_embedded_copy() {
    let n = national();
    let mut notice = doc(
        "notice",
        Level::Provincial,
        "2017-05-10",
        "广东省",
        "经省人民政府同意，现将该意见转发给你们，请认真贯彻执行。\n",
    );
    let mut embedded = Parser::configure().id("国办发〔2017〕4号").parse(NATIONAL);
    embedded.metadata.doc_number = Some("国办发〔2017〕4号".into());
    notice.kind = DocumentKind::Forwarding;
    notice.forwarded = Some(Box::new(embedded));
    notice.citations = vec![cite("国办发〔2017〕4号")];
    let locals = [notice];
    let g = DerivationGraph::build(std::slice::from_ref(&n), &locals, &AlignConfig::new()).unwrap();

    let copy = g.document(&DocId::new("notice/国办发〔2017〕4号")).unwrap();
    assert_eq!(copy.forwarded_by, Some(DocId::new("notice")));
    let edges: Vec<(String, String, &str)> = g
        .iter_edges()
        .filter(|(_, _, e)| !matches!(e, GraphEdge::Contains | GraphEdge::DerivesFrom(_)))
        .map(|(s, t, e)| (s, t, e.type_name()))
        .collect();
    assert_eq!(
        edges,
        [
            ("doc:notice".to_owned(), "doc:notice/国办发〔2017〕4号".to_owned(), "forwards"),
            ("doc:notice".to_owned(), "doc:nat".to_owned(), "cites"),
        ]
    );
    let forwarded = derivations(&g, "clause:notice/国办发〔2017〕4号#1.1.p1");
    assert_eq!(forwarded.len(), 1, "{forwarded:?}");
    assert_eq!(forwarded[0].0, "clause:nat#1.1.p1");
    assert_eq!(forwarded[0].1.kind, AdoptionKind::Forwarded);
}

#[test]
fn an_older_document_is_not_aligned_to_a_newer_national_one() {
    let mut newer = national();
    newer.metadata.date_written = Some("2020-01-01".into());
    let g = DerivationGraph::build(&[newer], &[provincial()], &AlignConfig::new()).unwrap();
    assert_eq!(g.iter_edges().filter(|(_, _, e)| matches!(e, GraphEdge::DerivesFrom(_))).count(), 0);
}

#[test]
fn json_round_trips_with_string_ids() {
    let g = three_levels();
    let json = g.to_json();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format_version"], 1);
    for node in value["nodes"].as_array().unwrap() {
        let id = node["key"].as_str().unwrap();
        assert!(id.starts_with("doc:") || id.starts_with("clause:") || id.starts_with("ext:"), "{id}");
    }
    for edge in value["edges"].as_array().unwrap() {
        assert!(edge["source"].is_string() && edge["target"].is_string());
    }
    let back = DerivationGraph::from_json(&json).unwrap();
    assert_eq!(back.to_json(), json);
    assert_eq!((back.node_count(), back.edge_count()), (g.node_count(), g.edge_count()));
    assert!(matches!(
        DerivationGraph::from_json(&json.replace("\"format_version\":1", "\"format_version\":9")),
        Err(Error::FormatVersion { found: 9, .. })
    ));
}

/// A small well-formedness check: tags nest, and text and attribute values hold no raw `<`,
/// no stray `&` and (in attributes) no raw quote.
fn assert_well_formed_xml(xml: &str) {
    let entity_ok = |s: &str| {
        s.match_indices('&')
            .all(|(i, _)| ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#13;"].iter().any(|e| s[i..].starts_with(e)))
    };
    let body = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").expect("declaration");
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(entity_ok(text), "bad text {text:?}");
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "raw < in tag {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else {
            let name = tag.split_whitespace().next().unwrap().trim_end_matches('/');
            let attrs = &tag[name.len()..].trim_end_matches('/');
            // Attribute values are double-quoted and hold no raw double quote: quotes come in pairs
            // after each `=`.
            assert_eq!(attrs.matches('"').count(), 2 * attrs.matches("=\"").count(), "bad attributes {attrs:?}");
            assert!(entity_ok(attrs), "bad attributes {attrs:?}");
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty());
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn graphml_is_well_formed_with_xml_special_characters() {
    let mut n = national();
    n.id = DocId::new("n<&\"'>");
    n.metadata.title = Some("关于<script>alert(1)</script>的意见 & \"引号\" '单引号'".into());
    let mut g = GraphBuilder::new();
    g.add_document(&n).unwrap();
    let xml = g.build().to_graphml();
    assert_well_formed_xml(&xml);
    assert!(
        xml.contains("关于&lt;script&gt;alert(1)&lt;/script&gt;的意见 &amp; &quot;引号&quot; &apos;单引号&apos;"),
        "{xml}"
    );
    assert!(xml.contains("<node id=\"doc:n&lt;&amp;&quot;&apos;&gt;\">"));
    assert!(xml.contains("attr.name=\"score\" attr.type=\"double\""));

    assert_well_formed_xml(&three_levels().to_graphml());
}

#[test]
fn dot_labels_are_escaped() {
    let mut n = national();
    n.metadata.locality = Some("引号\"与\\反斜杠".into());
    let mut g = GraphBuilder::new();
    g.add_document(&n).unwrap();
    let dot = g.build().to_dot();
    assert!(dot.contains("label=\"引号\\\"与\\\\反斜杠\\n国办发〔2017〕4号\""), "{dot}");
    assert!(dot.starts_with("digraph derivation {") && dot.ends_with("}\n"));
}

#[test]
fn xml_escape_drops_characters_xml_cannot_hold() {
    assert_eq!(export::xml_escape("a\u{1}b\r\n"), "a\u{fffd}b&#13;\n");
}
