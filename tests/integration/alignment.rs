//! Alignment checks on the bundled corpus that do not depend on tuning: Binhai's measures and
//! the national tasks they implement, Guangdong's forwarded measures, and the identity.

use std::collections::BTreeSet;
use std::path::Path;

use policy_trace::{AdoptionKind, Parser};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn load(name: &str) -> policy_trace::Document {
    Parser::configure().load(root().join("data/corpus").join(name)).expect("corpus document")
}

/// The number a clause id gives its numbered parent: `2.11.p1` → 11.
fn item(id: &str) -> u32 {
    id.split('.').nth(1).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no item number in {id}"))
}

#[test]
fn binhai_links_each_measure_to_its_national_task_and_nothing_else() {
    let national = policy_trace::reference("fagaiban-diqu-2020-237").unwrap();
    let local = load("binhai-2020-key-tasks.txt");
    let a = policy_trace::align(&national, &local).unwrap();
    // The hand-made gold of the development set: measure → task.
    let gold_file = std::fs::read_to_string(root().join("eval/gold/binhai-2020.tsv")).unwrap();
    let gold: BTreeSet<(u32, u32)> = gold_file
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[1].parse().unwrap(), f[3].parse().unwrap())
        })
        .collect();
    assert_eq!(gold.len(), 32);
    let links: BTreeSet<(u32, u32)> = a.links.iter().map(|l| (item(&l.local.id), item(&l.national.id))).collect();
    assert_eq!(links, gold);
    // Every link starts from a body measure: the attachment table's copies are not clauses.
    let body: BTreeSet<String> = local.iter_clauses().map(|c| c.id().to_owned()).collect();
    assert!(a.links.iter().all(|l| body.contains(&l.local.id)));
    assert!(a.novel.iter().any(|c| c.id == "6.33.p1"), "measure 33 (REITs) is Binhai's own: {:?}", a.novel);
    // Task 19 has no Binhai measure.
    let omitted: Vec<u32> = a.omitted.iter().filter(|c| c.id.matches('.').count() == 2).map(|c| item(&c.id)).collect();
    assert_eq!(omitted, [19]);
}

#[test]
fn guangdong_adopts_every_measure_by_forwarding() {
    let national = policy_trace::reference("guobanfa-2017-4").unwrap();
    let a = policy_trace::align(&national, &load("guangdong-2017-forwarding-notice.txt")).unwrap();
    assert!(a.measures.iter().all(|m| m.kind == Some(AdoptionKind::Forwarded)));
    assert!(a.links.iter().all(|l| l.kind == AdoptionKind::Forwarded));
    assert!(a.omitted.is_empty());
}

#[test]
fn a_document_aligned_with_itself_links_each_clause_to_itself() {
    let doc = policy_trace::reference("guobanfa-2017-4").unwrap();
    let a = policy_trace::align(&doc, &doc).unwrap();
    for c in doc.iter_clauses() {
        let mine: Vec<_> = a.links.iter().filter(|l| l.local.id == c.id()).collect();
        assert_eq!(mine.len(), 1, "{}: {mine:?}", c.id());
        assert_eq!((mine[0].national.id.as_str(), mine[0].kind), (c.id(), AdoptionKind::Verbatim));
    }
    assert!(a.novel.is_empty() && a.omitted.is_empty());
    assert!(a.links.iter().all(|l| (0.0..=1.0).contains(&l.score)));
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let national = policy_trace::reference("guobanfa-2017-4").unwrap();
    let names = [
        "tianjin-2017-implementing-opinions.txt",
        "henan-2017-implementing-opinions.txt",
        "guangdong-2017-forwarding-notice.txt",
        "binhai-2020-key-tasks.txt",
        "qingdao-2020-new-economy-opinions.txt",
    ];
    let locals: Vec<_> = names.iter().map(|n| load(n)).collect();
    let run = |threads: usize| {
        let mut cfg = policy_trace::AlignConfig::new();
        cfg.threads(threads);
        let c = policy_trace::compare(&national, &locals, &cfg).unwrap();
        let report = c.coverage_report();
        let graph = policy_trace::DerivationGraph::build(std::slice::from_ref(&national), &locals, &cfg).unwrap();
        (
            graph.to_json(),
            c.alignments.iter().map(policy_trace::Alignment::to_json).collect::<Vec<_>>(),
            report.to_json(),
            report.to_csv(),
            report.to_html(),
        )
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(2), "and again");
}

#[test]
fn prepared_documents_count_and_align_as_the_documents_do() {
    use policy_trace::{AlignConfig, Aligner, CorpusStats, PreparedDocument};
    let national = policy_trace::reference("guobanfa-2017-4").unwrap();
    // A forwarding notice (its embedded document is prepared too) and plain implementing opinions.
    let locals: Vec<_> = [
        "guangdong-2017-forwarding-notice.txt",
        "henan-2017-implementing-opinions.txt",
        "tianjin-2017-implementing-opinions.txt",
    ]
    .iter()
    .map(|n| load(n))
    .collect();
    assert!(locals[0].forwarded.is_some());
    let prepared: Vec<PreparedDocument<'_>> = locals.iter().map(PreparedDocument::new).collect();
    let (mut by_document, mut by_prepared) = (CorpusStats::of_document(&national), CorpusStats::of_document(&national));
    for (d, p) in locals.iter().zip(&prepared) {
        by_document.add_document(d);
        by_prepared.add_prepared(p);
    }
    assert!(by_prepared.units() > CorpusStats::of_document(&national).units());
    assert_eq!(by_prepared, by_document);
    let aligner = Aligner::new(&national, &by_document, &AlignConfig::new()).unwrap();
    for (d, p) in locals.iter().zip(prepared) {
        let (plain, from_prepared) = (aligner.align(d), aligner.align_prepared(p));
        assert!(!plain.links.is_empty(), "{}", d.id);
        assert_eq!(from_prepared.to_json(), plain.to_json(), "{}", d.id);
    }
}
