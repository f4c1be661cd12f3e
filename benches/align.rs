//! Alignment of one local document against the built-in national reference.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const HENAN: &str = include_str!("../data/corpus/henan-2017-implementing-opinions.txt");
const TIANJIN: &str = include_str!("../data/corpus/tianjin-2017-implementing-opinions.txt");

fn align(c: &mut Criterion) {
    let national = policy_trace::reference("guobanfa-2017-4").expect("built-in reference");
    let mut g = c.benchmark_group("align");
    for (name, text) in [("henan", HENAN), ("tianjin", TIANJIN)] {
        let local = policy_trace::parse(text);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| policy_trace::align(&national, std::hint::black_box(&local))));
    }
    g.finish();
}

criterion_group!(benches, align);
criterion_main!(benches);
