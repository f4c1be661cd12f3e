//! `policy-trace discover`: derivation links among documents that do not declare their parents.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;
use policy_trace::discover::{self, DiscoverConfig, Discovery, Fingerprint};
use rayon::prelude::*;

use super::align::AlignOptions;
use super::report::{Timings, list_inputs, write_output};

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    #[command(flatten)]
    options: AlignOptions,
    /// Documents: files, `builtin:NAME`, or directories (with their manifest.json). Include the
    /// national documents: they become the roots.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Shingles found in more than this share of the documents are ignored as not distinctive.
    #[arg(long, default_value_t = 0.05)]
    max_df_share: f64,
    /// The output file (JSON). Default: standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Print the time of each phase and the peak memory to standard error.
    #[arg(long)]
    timings: bool,
}

pub fn run(args: &DiscoverArgs) -> anyhow::Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.max_df_share) {
        bail!("--max-df-share must be between 0 and 1, not {}", args.max_df_share);
    }
    let mut clock = Timings::new(args.timings);
    let cfg =
        DiscoverConfig { max_df_share: args.max_df_share, align: args.options.config()?, ..DiscoverConfig::default() };
    let (inputs, mut failed) = list_inputs(&args.inputs);
    // Documents are read twice (fingerprints, then evidence) rather than held in memory.
    let prints: Vec<policy_trace::Result<Fingerprint>> =
        inputs.par_iter().map(|i| i.load().map(|d| Fingerprint::of(&d))).collect();
    let mut kept = Vec::new();
    let mut prints_ok = Vec::new();
    for (input, p) in inputs.iter().zip(prints) {
        match p {
            Ok(p) => {
                kept.push(input);
                prints_ok.push(p);
            }
            Err(e) => {
                super::report_error(&e);
                failed = true;
            }
        }
    }
    if prints_ok.is_empty() {
        bail!("no document could be read");
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(p) = prints_ok.iter().find(|p| !seen.insert(&p.id)) {
        bail!("two documents have the id {} (ids are file stems)", p.id);
    }
    clock.lap(&format!("read and fingerprint {} documents", prints_ok.len()));
    let choices = discover::link(&prints_ok, &cfg);
    clock.lap("candidates and parents");
    let position: std::collections::HashMap<&str, usize> =
        prints_ok.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut roots = Vec::new();
    let mut pairs = Vec::new();
    for (i, c) in choices.into_iter().enumerate() {
        match c {
            Some(c) => pairs.push((position[c.parent.as_str()], i, c)),
            None => roots.push(prints_ok[i].id.clone()),
        }
    }
    // One parent read and prepared per group of its children (at most EVIDENCE_GROUP read at once
    // per thread), in the order the core's `discover` uses, so the results are the same.
    let groups = discover::evidence_groups(pairs.into_iter().map(|(p, i, c)| (p, (i, c))).collect());
    let mut links = Vec::with_capacity(prints_ok.len());
    for group in groups
        .into_par_iter()
        .map(|(p, children)| {
            let parent = kept[p].load()?;
            let docs = children.iter().map(|(i, _)| kept[*i].load()).collect::<policy_trace::Result<Vec<_>>>()?;
            let refs: Vec<_> = children.iter().zip(&docs).map(|((_, c), d)| (c.clone(), d)).collect();
            let found = discover::evidence_group(&parent, &refs, &cfg.align)?;
            Ok(children.iter().map(|(i, _)| *i).zip(found).collect::<Vec<_>>())
        })
        .collect::<policy_trace::Result<Vec<_>>>()?
    {
        links.extend(group);
    }
    links.sort_by_key(|&(i, _)| i);
    let links = links.into_iter().map(|(_, l)| l).collect();
    clock.lap("clause evidence");
    let found = Discovery { documents: prints_ok.len(), links, roots };
    write_output(args.output.as_deref(), &(found.to_json() + "\n"))?;
    clock.lap("write");
    clock.finish();
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
