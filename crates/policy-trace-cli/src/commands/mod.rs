//! One module per subcommand.

pub mod align;
pub mod bench;
pub mod discover;
pub mod graph;
pub mod parse;
pub mod report;
pub mod synth;

use std::path::Path;

use policy_trace::{Document, Parser};

/// Loads a document argument: `builtin:NAME` or a path.
pub fn load_document(arg: &str) -> policy_trace::Result<Document> {
    if arg.starts_with("builtin:") {
        return policy_trace::reference(arg);
    }
    Parser::configure().load(Path::new(arg))
}

/// Reports a failed input on standard error, one line per problem.
pub fn report_error(err: &policy_trace::Error) {
    crate::output::print_error(&err.to_string());
}
