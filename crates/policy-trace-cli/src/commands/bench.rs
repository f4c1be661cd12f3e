//! `policy-trace bench`: the end-to-end benchmark on a synthetic corpus.
//!
//! It writes (or reuses) a corpus with `synth`, runs `policy-trace report` on it as a separate
//! process (files → coverage JSON, as a user would; `--runs` times, the median run counts), and
//! prints documents per second, peak
//! memory, and the alignment precision and recall against the true lineage; optionally the same
//! documents through baseline.py in one Python process (the speed ratio), and `discover`
//! with its precision and recall of document-level links.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use policy_trace::synth::{DocLineage, SourceKind, SynthConfig};
use serde::Deserialize;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The number of local documents.
    #[arg(long, short, default_value_t = 1000)]
    n: usize,
    /// The corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where the corpus and outputs go (reused when its lineage.json is there).
    /// Default: target/bench/synth-N-SEED.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Also run eval/baseline.py (TF-IDF) on the same documents with this Python (needs
    /// scikit-learn), and print the speed ratio.
    #[arg(long)]
    baseline_python: Option<PathBuf>,
    /// The baseline script.
    #[arg(long, default_value = "eval/baseline.py")]
    baseline_script: PathBuf,
    /// Also run `discover` on the corpus (with the national document) and score its links.
    #[arg(long)]
    discover: bool,
    /// Skip the alignment run (for a discovery-only benchmark).
    #[arg(long)]
    no_report: bool,
    /// How many times to run the report: its figures and the speed ratio are those of the
    /// median run (a one-second run varies by 10–30% on a shared machine), and every run's
    /// wall time is printed.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
}

#[derive(Deserialize)]
struct LineageFile {
    national: NationalEntry,
    documents: Vec<DocLineage>,
}

#[derive(Deserialize)]
struct NationalEntry {
    id: String,
    file: String,
}

/// What the benchmark reads of a coverage report.
#[derive(Deserialize)]
struct Report {
    measures: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    measure: Clause,
    cells: Vec<Cell>,
}

#[derive(Deserialize)]
struct Cell {
    links: Vec<LinkIds>,
}

#[derive(Deserialize)]
struct LinkIds {
    local: Clause,
    kind: String,
}

#[derive(Deserialize)]
struct Clause {
    doc: String,
    id: String,
}

#[derive(Deserialize)]
struct DiscoveryIds {
    links: Vec<ChildParent>,
}

#[derive(Deserialize)]
struct ChildParent {
    child: String,
    parent: String,
}

/// A child run: wall seconds and the peak memory it reported.
struct Run {
    seconds: f64,
    peak_mb: Option<f64>,
    phases: Vec<String>,
}

fn run_child(args: &[&str]) -> anyhow::Result<Run> {
    let exe = std::env::current_exe().context("finding the policy-trace executable")?;
    let start = Instant::now();
    let out = Command::new(exe).args(args).output().context("running policy-trace")?;
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("policy-trace {} failed:\n{stderr}", args.join(" "));
    }
    let peak_mb = stderr
        .lines()
        .find_map(|l| l.strip_prefix("timing: peak memory: "))
        .and_then(|v| v.trim_end_matches(" MB").parse().ok());
    let phases = stderr.lines().filter_map(|l| l.strip_prefix("timing: ")).map(str::to_owned).collect();
    Ok(Run { seconds, peak_mb, phases })
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    serde_json::from_reader(std::io::BufReader::new(file))
        .with_context(|| format!("{}: not valid JSON", path.display()))
}

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(format!("target/bench/synth-{}-{}", args.n, args.seed)));
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "policy-trace bench: {} local documents, seed {}, {threads} threads, corpus {}",
        args.n,
        args.seed,
        dir.display()
    );
    if !dir.join("lineage.json").exists() {
        let start = Instant::now();
        let national = super::load_document("builtin:guobanfa-2017-4")?;
        super::synth::write_corpus(&national, SynthConfig::new(args.n, args.seed), &dir)?;
        println!("generate corpus: {:.2} s", start.elapsed().as_secs_f64());
    }
    let lineage: LineageFile = read_json(&dir.join("lineage.json"))?;
    if lineage.documents.len() != args.n {
        bail!("{} holds {} documents, not {}: remove it or pass --dir", dir.display(), lineage.documents.len(), args.n);
    }
    let national = dir.join(&lineage.national.file);
    let national_arg = national.to_string_lossy().into_owned();
    let dir_arg = dir.to_string_lossy().into_owned();
    let n = args.n as f64;
    let mut ours = None;
    if !args.no_report {
        let out = dir.with_extension("coverage.json");
        let out_arg = out.to_string_lossy().into_owned();
        let mut runs = (0..args.runs)
            .map(|_| run_child(&["report", "--national", &national_arg, &dir_arg, "-o", &out_arg, "--timings"]))
            .collect::<anyhow::Result<Vec<Run>>>()?;
        let walls: Vec<String> = runs.iter().map(|r| format!("{:.2}", r.seconds)).collect();
        runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
        let run = runs.swap_remove(runs.len() / 2);
        let what = if args.runs == 1 {
            "report (files → coverage JSON)".to_owned()
        } else {
            format!("report (files → coverage JSON), median of {} runs (walls {} s)", args.runs, walls.join(", "))
        };
        print_run(&what, &run, n);
        ours = Some(run.seconds);
        let report: Report = read_json(&out)?;
        print_alignment_accuracy(&report, &lineage);
    }
    if let Some(python) = &args.baseline_python {
        let start = Instant::now();
        let out = Command::new(python)
            .args([Path::new("scripts/baseline_many.py"), &args.baseline_script])
            .arg("tfidf")
            .args([&national, &dir])
            .output()
            .context("running baseline.py")?;
        if !out.status.success() {
            bail!("baseline failed:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        let seconds = start.elapsed().as_secs_f64();
        println!("baseline.py tfidf (one Python process): {seconds:.2} s wall, {:.1} docs/s", n / seconds);
        if let Some(ours) = ours {
            println!("speed ratio (baseline / policy-trace median, wall): {:.0}x", seconds / ours);
        }
    }
    if args.discover {
        let out = dir.with_extension("discover.json");
        let out_arg = out.to_string_lossy().into_owned();
        let reference = national.parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        let run = run_child(&["discover", &dir_arg, &reference, "-o", &out_arg, "--timings"])?;
        print_run("discover (files → derivation links)", &run, n + 1.0);
        let found: DiscoveryIds = read_json(&out)?;
        let truth: BTreeSet<(&str, &str)> =
            lineage.documents.iter().map(|d| (d.id.as_str(), d.parent.as_str())).collect();
        let predicted: BTreeSet<(&str, &str)> =
            found.links.iter().map(|l| (l.child.as_str(), l.parent.as_str())).collect();
        let correct = predicted.intersection(&truth).count() as f64;
        println!(
            "discover links: precision {:.4}, recall {:.4} ({} predicted, {} true, national {})",
            correct / predicted.len().max(1) as f64,
            correct / truth.len().max(1) as f64,
            predicted.len(),
            truth.len(),
            lineage.national.id
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_run(what: &str, run: &Run, n: f64) {
    let peak = run.peak_mb.map_or_else(|| "n/a".into(), |m| format!("{m:.0} MB"));
    println!("{what}: {:.2} s wall, {:.0} docs/s, peak memory {peak}", run.seconds, n / run.seconds);
    for p in &run.phases {
        println!("    {p}");
    }
}

/// Precision and recall of clause links against the lineage. Strict, as `make eval` scores: the
/// links the aligner calls verbatim or adapted (a claim of faithful adoption) against the true
/// verbatim and adapted pairs, by the true kind of the local clause; lenient: all links against
/// all true pairs.
fn print_alignment_accuracy(report: &Report, lineage: &LineageFile) {
    let mut truth: BTreeMap<(&str, &str), (SourceKind, BTreeSet<&str>)> = BTreeMap::new();
    for d in &lineage.documents {
        for c in &d.clauses {
            truth.insert((d.id.as_str(), c.id.as_str()), (c.kind, c.sources.iter().map(String::as_str).collect()));
        }
    }
    // (doc, local clause, national clause) → strict (verbatim or adapted)
    let mut predicted: BTreeMap<(&str, &str, &str), bool> = BTreeMap::new();
    for row in &report.measures {
        for cell in &row.cells {
            for l in &cell.links {
                let strict = matches!(l.kind.as_str(), "verbatim" | "adapted");
                let e =
                    predicted.entry((l.local.doc.as_str(), l.local.id.as_str(), row.measure.id.as_str())).or_default();
                *e |= strict;
            }
        }
    }
    let kind_of = |d: &str, c: &str| truth.get(&(d, c)).map(|t| t.0);
    let is_true = |d: &str, c: &str, m: &str| truth.get(&(d, c)).is_some_and(|(_, s)| s.contains(m));
    for kind in [SourceKind::Verbatim, SourceKind::Adapted] {
        let true_pairs: Vec<(&str, &str, &str)> = truth
            .iter()
            .filter(|(_, (k, _))| *k == kind)
            .flat_map(|(&(d, c), (_, s))| s.iter().map(move |&m| (d, c, m)))
            .collect();
        let found = true_pairs.iter().filter(|p| predicted.get(p).copied().unwrap_or(false)).count();
        let claims: Vec<_> =
            predicted.iter().filter(|&(&(d, c, _), &strict)| strict && kind_of(d, c) == Some(kind)).collect();
        let right = claims.iter().filter(|&&(&(d, c, m), _)| is_true(d, c, m)).count();
        println!(
            "alignment (strict) {:>8} clauses: precision {:.4}, recall {:.4} ({} true pairs, {} verbatim/adapted links)",
            format!("{kind:?}").to_lowercase(),
            right as f64 / claims.len().max(1) as f64,
            found as f64 / true_pairs.len().max(1) as f64,
            true_pairs.len(),
            claims.len()
        );
    }
    let novel =
        predicted.iter().filter(|&(&(d, c, _), &strict)| strict && kind_of(d, c) == Some(SourceKind::Novel)).count();
    println!("alignment (strict) novel clauses given a verbatim/adapted link: {novel}");
    let all_true: usize = truth.values().map(|(_, s)| s.len()).sum();
    let right = predicted.keys().filter(|&&(d, c, m)| is_true(d, c, m)).count();
    println!(
        "alignment (lenient, all links and kinds): precision {:.4}, recall {:.4} ({} links)",
        right as f64 / predicted.len().max(1) as f64,
        right as f64 / all_true.max(1) as f64,
        predicted.len()
    );
}
