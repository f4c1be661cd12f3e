//! `policy-trace parse`.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use policy_trace::text::shorten as short;
use policy_trace::{Document, Node};

use crate::output::print;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// The document as JSON (one JSON document per input, one per line).
    Json,
    /// An indented outline for a person.
    Tree,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Files to parse, or `builtin:NAME` for a built-in reference.
    #[arg(required = true)]
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "tree")]
    format: Format,
}

pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for file in &args.files {
        match super::load_document(file) {
            Ok(doc) => match args.format {
                Format::Json => print(&(doc.to_json() + "\n"))?,
                Format::Tree => print(&tree(&doc))?,
            },
            Err(e) => {
                super::report_error(&e);
                failed = true;
            }
        }
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// An indented outline of the document.
pub fn tree(doc: &Document) -> String {
    let mut out = String::new();
    let m = &doc.metadata;
    let _ = writeln!(out, "# {} ({:?})", doc.id, doc.kind);
    let field = |name: &str, v: &Option<String>| v.as_ref().map(|v| format!("  {name}: {v}\n")).unwrap_or_default();
    out.push_str(&field("title", &m.title));
    out.push_str(&field("doc_number", &m.doc_number));
    out.push_str(&field("issuer", &m.issuer));
    out.push_str(&field("date_written", &m.date_written));
    out.push_str(&field("date_published", &m.date_published));
    out.push_str(&field("locality", &m.locality));
    if let Some(l) = m.level {
        let _ = writeln!(out, "  level: {}", l.as_str());
    }
    for c in &doc.citations {
        let _ = writeln!(
            out,
            "  cites: {} {}",
            c.title.as_deref().map(|t| format!("《{t}》")).unwrap_or_default(),
            c.doc_number.as_deref().unwrap_or("")
        );
    }
    for node in &doc.nodes {
        write_node(&mut out, node, 1);
    }
    for a in &doc.attachments {
        let _ = writeln!(out, "  attachment: {} ({} rows)", a.title.as_deref().unwrap_or("(untitled)"), a.rows.len());
        for r in &a.rows {
            let task = r.task_number.map(|t| format!(" → task {t}")).unwrap_or_default();
            let _ = writeln!(out, "    row {}{task}: {}", r.number, short(&r.text, 30));
        }
    }
    if let Some(f) = &doc.forwarded {
        let _ = writeln!(out, "  forwards:");
        for line in tree(f).lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    let _ = writeln!(out, "  diagnostics: {}", doc.diagnostics.len());
    for d in &doc.diagnostics {
        let _ = writeln!(out, "    {:?} {:?}: {}", d.severity, d.kind, d.message);
    }
    out
}

fn write_node(out: &mut String, node: &Node, depth: usize) {
    let pad = "  ".repeat(depth);
    if node.is_paragraph() {
        let agencies =
            node.responsibility.as_ref().map(|r| format!(" [{}]", r.agencies.join("、"))).unwrap_or_default();
        let _ = writeln!(out, "{pad}{} ¶ {}{agencies}", node.id, short(&node.text, 40));
    } else {
        let _ = writeln!(
            out,
            "{pad}{} {:?} {}{}",
            node.id,
            node.kind,
            node.marker.as_deref().unwrap_or(""),
            node.heading.as_deref().map(|h| short(h, 30)).unwrap_or_default()
        );
    }
    for c in &node.children {
        write_node(out, c, depth + 1);
    }
}
