//! A short run of the fuzz targets on the stable toolchain: each target's body
//! (`policy_trace::fuzzing`) gets its committed seed corpus (`fuzz/corpus/<target>/`), the
//! inputs the long runs found (`fuzz/regressions/<target>/`), and deterministic pseudo-random
//! mutations of them. The long runs are cargo-fuzz's (`make fuzz`, fuzz/README.md).

use std::path::{Path, PathBuf};

/// Bytes that reach the parser's and the HTML converter's special cases.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b";",
    b"<p>",
    b"</div>",
    b"<div class=\"nav\">",
    b"<script>",
    b"<!--",
    b"&#x3002;",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xff",
    b"\xfe",
    b"\x80",
    "一、".as_bytes(),
    "（一）".as_bytes(),
    "第一章".as_bytes(),
    "1．".as_bytes(),
    "①".as_bytes(),
    "国办发〔2017〕4号".as_bytes(),
    "现将".as_bytes(),
    "转发给你们".as_bytes(),
    "。".as_bytes(),
    "（".as_bytes(),
    "“".as_bytes(),
    "序号".as_bytes(),
    "附件：".as_bytes(),
];

/// `SplitMix64`: the same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One to four random edits of a seed: flip, insert, delete, duplicate, splice from another
/// seed, or insert a token.
fn mutate(rng: &mut Rng, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, rng.next() as u8),
            2 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(200)).min(out.len());
                let piece = out[at..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, piece);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(300)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                for _ in 0..=rng.below(3) {
                    out.splice(at..at, token.iter().copied());
                }
            }
        }
    }
    out
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.expect("a directory entry").path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

/// Runs a target on its seeds, its regressions and `mutations` mutations of them.
fn smoke(target: &str, run: fn(&[u8]), mutations: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seeds: Vec<Vec<u8>> = files(&root.join("fuzz/corpus").join(target))
        .iter()
        .chain(&files(&root.join("fuzz/regressions").join(target)))
        .map(|p| std::fs::read(p).expect("a seed"))
        .collect();
    assert!(seeds.len() >= 4, "the seed corpus of {target} is in fuzz/corpus/{target}/");
    for seed in &seeds {
        run(seed);
    }
    let mut rng = Rng(0x5eed ^ target.len() as u64);
    for i in 0..mutations {
        let input = mutate(&mut rng, &seeds[i % seeds.len()], &seeds);
        let outcome = std::panic::catch_unwind(|| run(&input));
        assert!(outcome.is_ok(), "{target}: mutation {i} fails; input: {:?}", String::from_utf8_lossy(&input));
    }
}

#[test]
fn fuzz_smoke_parse_bytes() {
    smoke("parse_bytes", policy_trace::fuzzing::parse_bytes, 3000);
}

#[test]
fn fuzz_smoke_html() {
    smoke("html", policy_trace::fuzzing::html, 3000);
}

#[test]
fn fuzz_smoke_align() {
    smoke("align", policy_trace::fuzzing::align, 400);
}
