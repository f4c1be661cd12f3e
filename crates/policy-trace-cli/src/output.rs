//! Writing to standard output, and recognising a closed pipe.

use std::io::Write;

/// Whether an error is a broken pipe (`policy-trace … | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<policy_trace::Error>().is_some_and(
                |pe| matches!(pe, policy_trace::Error::Stdio(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}

/// Writes a string to standard output.
pub fn print(s: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}
