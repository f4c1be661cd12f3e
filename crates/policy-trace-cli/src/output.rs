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

/// A message made safe for one line of standard error: control characters (a line break or an
/// escape sequence in a file name) are written as `\u{..}` escapes, so that every problem stays
/// on its own line and no file name can move the cursor or recolour the terminal.
pub fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// An error and its causes as one message, `outer: cause: cause`, without repeating a cause
/// that the message before it already ends with (the library's errors name their cause in
/// their own text: `a.txt: No such file or directory`).
pub fn describe(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for e in err.chain() {
        let text = e.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Prints an error on standard error, on one line.
pub fn print_error(message: &str) {
    eprintln!("policy-trace: error: {}", one_line(message));
}

#[cfg(test)]
mod tests {
    use super::{describe, one_line};

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory");
        let err = anyhow::Error::from(policy_trace::Error::Io { path: "a.txt".into(), source: io });
        assert_eq!(describe(&err), "a.txt: No such file or directory");
        let err = err.context("reading the manifest");
        assert_eq!(describe(&err), "reading the manifest: a.txt: No such file or directory");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(one_line("a\nb.txt: x\u{1b}[31m"), "a\\u{a}b.txt: x\\u{1b}[31m");
        assert_eq!(one_line("河南.txt: the file is empty"), "河南.txt: the file is empty");
    }
}
