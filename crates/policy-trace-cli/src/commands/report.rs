//! `policy-trace report`, and the loading of local documents shared with `policy-trace graph`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use clap::{Args, ValueEnum};
use std::io::{BufWriter, Write};

use policy_trace::{CoverageReport, Document, HtmlConfig, Level, Parser};
use rayon::prelude::*;

use super::align::AlignOptions;
use crate::output::print;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A self-contained HTML page.
    Html,
    /// Markdown.
    Md,
    /// Tidy CSV, one row per measure × local document.
    Csv,
    /// JSON with `format_version`.
    Json,
}

impl Format {
    fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "html" | "htm" => Self::Html,
            "md" | "markdown" => Self::Md,
            "csv" => Self::Csv,
            "json" => Self::Json,
            _ => return None,
        })
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    options: AlignOptions,
    /// Local documents: files, or directories (every .txt, .htm, .html and .text file in them;
    /// a manifest.json there supplies locality, level and date per file name).
    #[arg(required = true)]
    locals: Vec<String>,
    /// The output file; its extension (.html, .md, .csv, .json) gives the format. Default:
    /// standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The output format, when the output file's extension does not give it (default: md).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// A directory of templates (report.html, report.css) replacing the built-in HTML ones.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Print the time of each phase and the peak memory to standard error.
    #[arg(long)]
    timings: bool,
}

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, None) => Format::Md,
        (None, Some(path)) => match Format::from_path(path) {
            Some(f) => f,
            None => bail!("{}: cannot tell the report format from the extension; use --format", path.display()),
        },
    };
    let cfg = args.options.config()?;
    let mut clock = Timings::new(args.timings);
    let national = super::load_document(&args.options.national)?;
    let (locals, failed) = load_locals(&args.locals);
    if locals.is_empty() {
        bail!("no local document could be read");
    }
    clock.lap(&format!("read and parse {} documents", locals.len()));
    // The phased form of `compare` (same result): statistics, then each document aligned and
    // dropped, so that only the alignments stay in memory.
    let comparison = policy_trace::compare_owned(&national, locals, &cfg, None)?;
    clock.lap("count trigram statistics and align");
    let report = comparison.into_coverage_report();
    clock.lap("build the report");
    write_report(&report, format, args.templates.as_deref(), args.output.as_deref())?;
    clock.lap("render and write");
    clock.finish();
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Writes a report in a format, through a buffer, to a file or to standard output.
fn write_report(
    report: &CoverageReport,
    format: Format,
    templates: Option<&Path>,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let write = |w: &mut dyn Write| -> policy_trace::Result<()> {
        match format {
            Format::Html => {
                let mut html = HtmlConfig::new();
                if let Some(dir) = templates {
                    html.template_dir(dir);
                }
                html.render_to(report, w)
            }
            Format::Md => report.write_markdown(w),
            Format::Csv => report.write_csv(w),
            Format::Json => report.write_json(w),
        }
    };
    match output {
        Some(path) => policy_trace::io::write_with(path, |w| write(w))?,
        None => write(&mut BufWriter::new(std::io::stdout().lock()))?,
    }
    Ok(())
}

/// Phase timings on standard error, when asked for.
pub struct Timings {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
}

impl Timings {
    pub fn new(on: bool) -> Self {
        let now = std::time::Instant::now();
        Self { on, start: now, last: now }
    }

    /// Prints the time since the last lap.
    pub fn lap(&mut self, phase: &str) {
        let now = std::time::Instant::now();
        if self.on {
            eprintln!("timing: {phase}: {:.3} s", (now - self.last).as_secs_f64());
        }
        self.last = now;
    }

    /// Prints the total time and the peak memory.
    pub fn finish(&self) {
        if self.on {
            eprintln!("timing: total: {:.3} s", self.start.elapsed().as_secs_f64());
            if let Some(kb) = peak_memory_kb() {
                eprintln!("timing: peak memory: {:.1} MB", kb as f64 / 1024.0);
            }
        }
    }
}

/// The peak resident memory of this process in kB (`VmHWM` in /proc/self/status; Linux only).
pub fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Writes to a file, or to standard output.
pub fn write_output(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => policy_trace::io::write(path, text.as_bytes())?,
        None => print(text)?,
    }
    Ok(())
}

/// What a folder's manifest.json says of one file.
#[derive(Debug, Default)]
struct ManifestEntry {
    locality: Option<String>,
    level: Option<Level>,
    date: Option<String>,
}

/// Reads a folder's manifest.json (`{"documents": {"<file name>": {"locality", "level",
/// "date"}}}`), if it has one.
fn read_manifest(dir: &Path) -> anyhow::Result<BTreeMap<String, ManifestEntry>> {
    let path = dir.join("manifest.json");
    if path.exists() && !path.is_file() {
        // A FIFO would block the read.
        bail!("{}: not a regular file", path.display());
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => bail!("{}: {e}", path.display()),
    };
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: not valid JSON: {e}", path.display()))?;
    let Some(documents) = json.get("documents").and_then(serde_json::Value::as_object) else {
        bail!("{}: no \"documents\" object", path.display());
    };
    let mut out = BTreeMap::new();
    for (name, entry) in documents {
        let field = |key: &str| entry.get(key).and_then(serde_json::Value::as_str).map(str::to_owned);
        let level = match field("level") {
            Some(l) => match Level::from_name(&l) {
                Some(level) => Some(level),
                None => bail!("{}: {name}: unknown level {l:?}", path.display()),
            },
            None => None,
        };
        out.insert(name.clone(), ManifestEntry { locality: field("locality"), level, date: field("date") });
    }
    Ok(out)
}

/// One document to load: a path or `builtin:NAME`, with the parser its folder's manifest sets up.
pub struct Input {
    pub path: PathBuf,
    parser: Option<Parser>,
}

impl Input {
    /// Reads and parses the document.
    pub fn load(&self) -> policy_trace::Result<Document> {
        match &self.parser {
            None => super::load_document(&self.path.to_string_lossy()),
            Some(parser) => parser.load(&self.path),
        }
    }
}

/// Lists the documents named by arguments: `builtin:NAME`, files, or directories of documents
/// (with their manifest.json). Problems with a directory are reported on standard error; the bool
/// says whether there were any.
pub fn list_inputs(args: &[String]) -> (Vec<Input>, bool) {
    let mut inputs = Vec::new();
    let mut failed = false;
    for arg in args {
        let path = Path::new(arg);
        if !path.is_dir() {
            inputs.push(Input { path: PathBuf::from(arg), parser: None });
            continue;
        }
        let manifest = read_manifest(path).unwrap_or_else(|e| {
            crate::output::print_error(&crate::output::describe(&e));
            failed = true;
            BTreeMap::new()
        });
        let files = match policy_trace::io::list_documents(path) {
            Ok(files) => files,
            Err(e) => {
                super::report_error(&e);
                failed = true;
                continue;
            }
        };
        for file in files {
            let parser = file.file_name().and_then(|n| manifest.get(n.to_string_lossy().as_ref())).map(|entry| {
                let mut parser = Parser::configure();
                if let Some(l) = &entry.locality {
                    parser.locality(l);
                }
                if let Some(l) = entry.level {
                    parser.level(l);
                }
                if let Some(d) = &entry.date {
                    parser.date(d);
                }
                parser
            });
            inputs.push(Input { path: file, parser });
        }
    }
    (inputs, failed)
}

/// Loads local document arguments (see [`list_inputs`]). Each input that fails is reported on
/// standard error, one line, and the others are still loaded; the bool says whether any failed.
/// Files are parsed in parallel; the documents and the errors keep the order of the arguments
/// and file names.
pub fn load_locals(args: &[String]) -> (Vec<Document>, bool) {
    let (inputs, mut failed) = list_inputs(args);
    let loaded: Vec<policy_trace::Result<Document>> = inputs.par_iter().map(Input::load).collect();
    let mut docs = Vec::with_capacity(loaded.len());
    for result in loaded {
        match result {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                super::report_error(&e);
                failed = true;
            }
        }
    }
    (docs, failed)
}
