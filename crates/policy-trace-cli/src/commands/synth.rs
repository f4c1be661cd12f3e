//! `policy-trace synth`: a synthetic corpus with its true lineage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use policy_trace::synth::{DocLineage, Synth, SynthConfig};

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// The national document the local ones implement: `builtin:NAME` or a file.
    #[arg(long, default_value = "builtin:guobanfa-2017-4")]
    national: String,
    /// The number of local documents.
    #[arg(long, short)]
    n: usize,
    /// The seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of documents that cite their parent's title and 文号.
    #[arg(long, default_value_t = 0.7)]
    cite_share: f64,
    /// Share of documents in traditional characters.
    #[arg(long, default_value_t = 0.03)]
    traditional_share: f64,
    /// The output directory: one .txt per document, manifest.json, lineage.json, and the
    /// national document under reference/.
    #[arg(short, long)]
    output: PathBuf,
}

/// lineage.json: the national document and the documents in the order written.
#[derive(serde::Serialize)]
struct LineageFile<'a> {
    format_version: u32,
    seed: u64,
    national: NationalEntry<'a>,
    documents: &'a [DocLineage],
}

#[derive(serde::Serialize)]
struct NationalEntry<'a> {
    id: &'a str,
    file: String,
    doc_number: Option<&'a str>,
    date: Option<&'a str>,
}

pub fn run(args: &SynthArgs) -> anyhow::Result<ExitCode> {
    for (name, share) in [("cite-share", args.cite_share), ("traditional-share", args.traditional_share)] {
        if !(0.0..=1.0).contains(&share) {
            anyhow::bail!("--{name} must be between 0 and 1, not {share}");
        }
    }
    let national = super::load_document(&args.national)?;
    let mut cfg = SynthConfig::new(args.n, args.seed);
    cfg.cite_share = args.cite_share;
    cfg.traditional_share = args.traditional_share;
    let n = write_corpus(&national, cfg, &args.output)?;
    eprintln!("policy-trace: wrote {n} documents to {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes a synthetic corpus to `dir`; returns the number of local documents.
pub fn write_corpus(national: &policy_trace::Document, cfg: SynthConfig, dir: &Path) -> anyhow::Result<usize> {
    let seed = cfg.seed;
    let reference_dir = dir.join("reference");
    std::fs::create_dir_all(&reference_dir).map_err(|e| anyhow::anyhow!("{}: {e}", reference_dir.display()))?;
    let national_file = format!("reference/{}.txt", national.id);
    policy_trace::io::write(&dir.join(&national_file), national.text.as_bytes())?;
    let mut lineage = Vec::with_capacity(cfg.n);
    Synth::new(national, cfg).generate(|doc| {
        policy_trace::io::write(&dir.join(&doc.lineage.file), doc.text.as_bytes())?;
        lineage.push(doc.lineage);
        Ok::<(), policy_trace::Error>(())
    })?;
    write_json(&dir.join("manifest.json"), &Synth::manifest(&lineage))?;
    let file = LineageFile {
        format_version: 1,
        seed,
        national: NationalEntry {
            id: national.id.as_str(),
            file: national_file,
            doc_number: national.metadata.doc_number.as_deref(),
            date: national.metadata.date(),
        },
        documents: &lineage,
    };
    write_json(&dir.join("lineage.json"), &file)?;
    Ok(lineage.len())
}

fn write_json(path: &Path, value: &impl serde::Serialize) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value)? + "\n";
    policy_trace::io::write(path, text.as_bytes())?;
    Ok(())
}
