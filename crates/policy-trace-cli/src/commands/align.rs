//! `policy-trace align`.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use policy_trace::text::shorten as short;
use policy_trace::{AlignConfig, Alignment};

use crate::output::print;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// JSON with `format_version`, links, novel and omitted clauses.
    Json,
    /// A Markdown summary for a person.
    Md,
}

/// Options shared by the commands that align.
#[derive(Debug, Args)]
pub struct AlignOptions {
    /// The national document: `builtin:NAME` or a file.
    #[arg(long, default_value = "builtin:guobanfa-2017-4")]
    pub national: String,
    /// Sentence metric for verbatim detection: `levenshtein`, `damerau_levenshtein`, `jaro`, `jaro_winkler`, `bigram`.
    #[arg(long, default_value = "levenshtein")]
    pub metric: String,
    /// Evidence weight above which a pair is always linked.
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Evidence weight below which a pair is never linked.
    #[arg(long)]
    pub min_weight: Option<f64>,
    /// Weight the heaviest shared span of a pair must reach (one distinctive phrase).
    #[arg(long)]
    pub min_evidence: Option<f64>,
    /// Share of the shorter clause the evidence must cover for a link to be `adapted` rather than `partial`.
    #[arg(long)]
    pub adapted_coverage: Option<f64>,
    /// How much document order counts (0 turns it off).
    #[arg(long)]
    pub order_weight: Option<f64>,
}

impl AlignOptions {
    pub fn config(&self) -> anyhow::Result<AlignConfig> {
        let settings = policy_trace::AlignSettings {
            metric: Some(self.metric.clone()),
            threshold: self.threshold,
            min_weight: self.min_weight,
            min_evidence: self.min_evidence,
            adapted_coverage: self.adapted_coverage,
            order_weight: self.order_weight,
            threads: None,
        };
        Ok(settings.to_config()?)
    }
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    #[command(flatten)]
    options: AlignOptions,
    /// The local document.
    local: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
}

pub fn run(args: &AlignArgs) -> anyhow::Result<ExitCode> {
    let cfg = args.options.config()?;
    let national = super::load_document(&args.options.national)?;
    let local = super::load_document(&args.local)?;
    let alignment = cfg.align(&national, &local)?;
    match args.format {
        Format::Json => print(&(alignment.to_json_pretty() + "\n"))?,
        Format::Md => print(&markdown(&alignment))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn cell(s: &str) -> String {
    policy_trace::report::escape_markdown_cell(s)
}

/// A Markdown summary of an alignment.
pub fn markdown(a: &Alignment) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} → {}\n", cell(&a.local.name), cell(&a.national.name));
    let adopted = a.measures.iter().filter(|m| m.kind.is_some()).count();
    let _ = writeln!(
        out,
        "{adopted} of {} national measures adopted; {} links; {} novel local clauses.\n",
        a.measures.len(),
        a.links.len(),
        a.novel.len()
    );
    let _ = writeln!(out, "| local | national | kind | score | evidence |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for l in &a.links {
        let ev = l.evidence.iter().take(3).map(|e| cell(&e.text)).collect::<Vec<_>>().join(" · ");
        let _ = writeln!(
            out,
            "| {} {} | {} {} | {} | {:.2} | {} |",
            l.local.id,
            cell(&short(&l.local.text, 20)),
            l.national.id,
            cell(&short(&l.national.text, 20)),
            l.kind.as_str(),
            l.score,
            ev
        );
    }
    let _ = writeln!(out, "\n## Novel local clauses\n");
    for c in &a.novel {
        let _ = writeln!(out, "- {} {}", c.id, cell(&short(&c.text, 40)));
    }
    let _ = writeln!(out, "\n## Omitted national measures\n");
    for c in &a.omitted {
        let _ = writeln!(out, "- {} {}", c.id, cell(&short(&c.text, 40)));
    }
    out
}
