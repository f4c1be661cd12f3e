//! Kernels over the bundled corpus (five local documents against 国办发〔2017〕4号): trigram
//! statistics and the national side (`score`), one comparison (`compare`), the derivation graph
//! (`graph`) and the coverage report in JSON and HTML (`report`).

use criterion::{Criterion, criterion_group, criterion_main};
use policy_trace::{AlignConfig, Aligner, CorpusStats, Document, GraphBuilder};

const CORPUS: [&str; 5] = [
    include_str!("../data/corpus/henan-2017-implementing-opinions.txt"),
    include_str!("../data/corpus/tianjin-2017-implementing-opinions.txt"),
    include_str!("../data/corpus/guangdong-2017-forwarding-notice.txt"),
    include_str!("../data/corpus/binhai-2020-key-tasks.txt"),
    include_str!("../data/corpus/qingdao-2020-new-economy-opinions.txt"),
];

fn corpus() -> Vec<Document> {
    let ids = ["henan", "tianjin", "guangdong", "binhai", "qingdao"];
    CORPUS.iter().zip(ids).map(|(text, id)| policy_trace::Parser::configure().id(id).parse(text)).collect()
}

fn kernels(c: &mut Criterion) {
    let national = policy_trace::reference("guobanfa-2017-4").expect("built-in reference");
    let locals = corpus();
    let cfg = AlignConfig::new();
    let mut g = c.benchmark_group("corpus");
    g.bench_function("score", |b| {
        b.iter(|| {
            let mut stats = CorpusStats::of_document(&national);
            for d in &locals {
                stats.add_document(d);
            }
            Aligner::new(&national, &stats, &cfg).expect("national clauses")
        });
    });
    g.bench_function("compare", |b| b.iter(|| policy_trace::compare(&national, &locals, &cfg).expect("compare")));
    let comparison = policy_trace::compare(&national, &locals, &cfg).expect("compare");
    g.bench_function("graph", |b| {
        b.iter(|| {
            let mut builder = GraphBuilder::new();
            builder.add_document(&national).expect("national");
            for d in &locals {
                builder.add_document(d).expect("local");
            }
            builder.add_comparison(&comparison).expect("comparison");
            builder.build()
        });
    });
    g.bench_function("report_json", |b| b.iter(|| comparison.coverage_report().to_json()));
    g.bench_function("report_html", |b| b.iter(|| comparison.coverage_report().to_html()));
    g.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
