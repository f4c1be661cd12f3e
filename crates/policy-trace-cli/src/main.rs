//! The `policy-trace` command.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: parsing and aligning make many small allocations
/// from several threads at once, which glibc's malloc serves slowly. Outputs do not change.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = policy_trace_cli::Args::parse();
    match policy_trace_cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            if policy_trace_cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            policy_trace_cli::print_error(&policy_trace_cli::describe(&err));
            ExitCode::from(2)
        }
    }
}
