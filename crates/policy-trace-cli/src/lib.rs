//! The command-line interface: argument handling and output formatting only; all the work is
//! done by the `policy-trace` crate.

mod commands;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use output::{describe, is_broken_pipe, print_error};

/// Trace how a national Chinese policy document flows into local implementing documents.
#[derive(Debug, Parser)]
#[command(name = "policy-trace", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse documents into trees with metadata, citations and diagnostics.
    Parse(commands::parse::ParseArgs),
    /// Align one local document to a national document, clause by clause.
    Align(commands::align::AlignArgs),
    /// Report how local documents cover a national one: a matrix of measures × localities, as
    /// HTML, Markdown, CSV or JSON.
    Report(commands::report::ReportArgs),
    /// Build the derivation graph of national and local documents (JSON, DOT or `GraphML`).
    Graph(commands::graph::GraphArgs),
    /// Write a synthetic corpus of local documents derived from a national one, with the true
    /// lineage (lineage.json) and a manifest.json.
    Synth(commands::synth::SynthArgs),
    /// Find which document derives from which among documents that do not say (an n-gram index
    /// proposes candidates; only those are aligned). JSON output.
    Discover(commands::discover::DiscoverArgs),
    /// End-to-end benchmark on a synthetic corpus: speed, peak memory, accuracy against the true
    /// lineage, and optionally the speed ratio to baseline.py and discovery.
    Bench(commands::bench::BenchArgs),
}

/// Runs the command. Exit status: 0 on success, 2 when some input could not be read (the other
/// inputs are still processed).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Parse(a) => commands::parse::run(&a),
        Command::Align(a) => commands::align::run(&a),
        Command::Report(a) => commands::report::run(&a),
        Command::Graph(a) => commands::graph::run(&a),
        Command::Synth(a) => commands::synth::run(&a),
        Command::Discover(a) => commands::discover::run(&a),
        Command::Bench(a) => commands::bench::run(&a),
    }
}
