//! `policy-trace graph`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::{Args, ValueEnum};
use policy_trace::{DerivationGraph, Document};

use super::align::AlignOptions;
use super::report::{load_locals, write_output};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// JSON: `{format_version, nodes, edges}` with string ids.
    Json,
    /// Graphviz DOT.
    Dot,
    /// `GraphML`, with typed attributes (`networkx.read_graphml` reads it).
    Graphml,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    options: AlignOptions,
    /// Local documents: files, or directories (as for `report`). A `builtin:NAME` argument adds
    /// another national reference.
    #[arg(required = true)]
    locals: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// The output file. Default: standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: &GraphArgs) -> anyhow::Result<ExitCode> {
    let cfg = args.options.config()?;
    let mut nationals = vec![super::load_document(&args.options.national)?];
    let (builtin, files): (Vec<String>, Vec<String>) =
        args.locals.iter().cloned().partition(|a| a.starts_with("builtin:"));
    let (more_nationals, mut failed) = load_locals(&builtin);
    nationals.extend(more_nationals);
    let (locals, failed_locals) = load_locals(&files);
    failed |= failed_locals;
    if locals.is_empty() {
        bail!("no local document could be read");
    }
    let graph = DerivationGraph::build(&dedup(nationals), &locals, &cfg)?;
    let text = match args.format {
        Format::Json => graph.to_json_pretty() + "\n",
        Format::Dot => graph.to_dot(),
        Format::Graphml => graph.to_graphml(),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// The national documents, each once (the same reference may be named twice).
fn dedup(mut docs: Vec<Document>) -> Vec<Document> {
    let mut seen = std::collections::BTreeSet::new();
    docs.retain(|d| seen.insert(d.id.clone()));
    docs
}
