//! Parsing and normalisation throughput on the real corpus documents.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const HENAN: &str = include_str!("../data/corpus/henan-2017-implementing-opinions.txt");
const GUANGDONG: &str = include_str!("../data/corpus/guangdong-2017-forwarding-notice.txt");
const BINHAI: &str = include_str!("../data/corpus/binhai-2020-key-tasks.txt");

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for (name, text) in [("henan", HENAN), ("guangdong", GUANGDONG), ("binhai", BINHAI)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| policy_trace::parse(std::hint::black_box(text))));
    }
    g.finish();
}

fn normalise(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalise");
    g.throughput(Throughput::Bytes(HENAN.len() as u64));
    g.bench_function("henan", |b| b.iter(|| policy_trace::text::normalize::keyed(std::hint::black_box(HENAN))));
    g.finish();
}

criterion_group!(benches, parse, normalise);
criterion_main!(benches);
