//! The catalogue of bad input (docs/bad-input.md) through the command line: every broken file is
//! reported on one line of standard error naming it, the exit status is 2, the good files are
//! still processed; input that can be read is parsed, with what went wrong in its diagnostics.
//! Nothing hangs: every run here is given a deadline.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with a deadline: a run that does not finish in time is killed and fails the
/// test, so that a hang shows as a failure rather than a stuck test suite.
fn run(args: &[&std::ffi::OsStr], deadline: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy-trace"))
        .current_dir(workspace())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    // Read the pipes on threads so that a large output cannot block the child.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).unwrap();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).unwrap();
        v
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() };
        }
        if start.elapsed() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("policy-trace {args:?} did not finish in {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

const GOOD: &str = "data/corpus/henan-2017-implementing-opinions.txt";

/// `parse --format json BAD GOOD`: returns the stderr lines and the parsed documents.
fn parse_with_good(bad: &Path) -> (Option<i32>, Vec<String>, Vec<Value>) {
    let out = run(&[os("parse"), os("--format"), os("json"), bad.as_os_str(), os(GOOD)], Duration::from_mins(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let docs = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON document per line"))
        .collect();
    (out.status.code(), stderr.lines().map(str::to_owned).collect(), docs)
}

/// A file that cannot be read as a document: exit 2, one line naming it and the problem, and the
/// good file still parsed.
fn assert_refused(bad: &Path, reason: &str) {
    let (code, lines, docs) = parse_with_good(bad);
    assert_eq!(code, Some(2), "{}: {lines:?}", bad.display());
    assert_eq!(lines.len(), 1, "{lines:?}");
    let name = bad.file_name().unwrap().to_string_lossy();
    assert!(
        lines[0].starts_with("policy-trace: error: ") && lines[0].contains(name.as_ref()) && lines[0].contains(reason),
        "{:?} should name {name} and say {reason:?}",
        lines[0]
    );
    assert_eq!(docs.len(), 1, "the good file is still parsed");
    assert_eq!(docs[0]["id"], "henan-2017-implementing-opinions");
}

/// A file that is read: exit 0, nothing on standard error, the document and the good one parsed.
fn assert_parsed(bad: &Path) -> Value {
    let (code, lines, mut docs) = parse_with_good(bad);
    assert_eq!(code, Some(0), "{}: {lines:?}", bad.display());
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(docs.len(), 2);
    docs.swap_remove(0)
}

fn diagnostics(doc: &Value) -> Vec<String> {
    doc["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap().to_owned()).collect()
}

fn paragraph_texts(doc: &Value) -> Vec<String> {
    fn walk(nodes: &Value, out: &mut Vec<String>) {
        for n in nodes.as_array().unwrap() {
            if n["kind"] == "paragraph" {
                out.push(n["text"].as_str().unwrap().to_owned());
            }
            walk(&n["children"], out);
        }
    }
    let mut out = Vec::new();
    walk(&doc["nodes"], &mut out);
    out
}

#[test]
fn binary_empty_and_blank_files_are_refused() {
    let dir = scratch("refused");
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b" \r\n\t\n\x0c\n", "only white space"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
        ("archive.txt", b"PK\x03\x04\x14\0\x06\0", "a ZIP archive"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image"),
        ("nul.txt", "一、总体要求\n（一）深化改革。\0\0\0binary".as_bytes(), "NUL bytes"),
    ];
    for (name, bytes, reason) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_refused(&path, reason);
    }
}

#[test]
fn missing_directory_and_unreadable_paths_are_refused() {
    let dir = scratch("paths");
    assert_refused(&dir.join("missing.txt"), "No such file");
    std::fs::create_dir_all(dir.join("folder.txt")).unwrap();
    assert_refused(&dir.join("folder.txt"), "is a directory");
    // A link to itself cannot be opened by anyone, root included: the unreadable file of a test
    // suite that may run as root (where permission bits do not stop reading).
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop.txt", dir.join("loop.txt")).unwrap();
        assert_refused(&dir.join("loop.txt"), "symbolic links");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = scratch("fifo");
    let fifo = dir.join("pipe.txt");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(status.success());
    assert_refused(&fifo, "is a named pipe (FIFO), not a regular file");

    // In a folder, too: listed (not silently left out) and refused.
    std::fs::copy(workspace().join(GOOD), dir.join("henan.txt")).unwrap();
    let out = run(&[os("report"), os("--format"), os("csv"), dir.as_os_str()], Duration::from_mins(2));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("pipe.txt: is a named pipe"), "{stderr}");
    assert!(String::from_utf8(out.stdout).unwrap().lines().skip(1).all(|l| l.contains(",henan,")));
}

#[cfg(unix)]
#[test]
fn a_fifo_manifest_is_refused_and_the_files_still_processed() {
    let dir = scratch("fifo-manifest");
    let status = Command::new("mkfifo").arg(dir.join("manifest.json")).status().expect("mkfifo runs");
    assert!(status.success());
    std::fs::copy(workspace().join(GOOD), dir.join("henan.txt")).unwrap();
    let out = run(&[os("report"), os("--format"), os("csv"), dir.as_os_str()], Duration::from_mins(2));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("manifest.json: not a regular file"), "{stderr}");
    assert!(String::from_utf8(out.stdout).unwrap().lines().count() > 1, "the folder's files are still reported");
}

#[cfg(unix)]
#[test]
fn control_characters_in_a_file_name_stay_on_one_line() {
    let dir = scratch("names");
    let name = "bad\nname\u{1b}[31m.txt";
    let path = dir.join(name);
    std::fs::write(&path, b"").unwrap();
    let (code, lines, docs) = parse_with_good(&path);
    assert_eq!(code, Some(2));
    assert_eq!(lines.len(), 1, "one line per problem: {lines:?}");
    assert!(lines[0].contains("bad\\u{a}name\\u{1b}[31m.txt: the file is empty"), "{:?}", lines[0]);
    assert!(!lines[0].contains('\u{1b}'), "no escape sequence reaches the terminal");
    assert_eq!(docs.len(), 1);
}

#[test]
fn several_bad_files_one_line_each_and_the_good_ones_processed() {
    let dir = scratch("several");
    std::fs::write(dir.join("a-empty.txt"), b"").unwrap();
    std::fs::write(dir.join("b-scan.txt"), b"%PDF-1.4").unwrap();
    std::fs::copy(workspace().join(GOOD), dir.join("c-henan.txt")).unwrap();
    std::fs::write(dir.join("d-nul.txt"), b"abc\0def").unwrap();
    std::fs::copy(workspace().join("data/corpus/tianjin-2017-implementing-opinions.txt"), dir.join("e-tianjin.txt"))
        .unwrap();
    let out = run(&[os("report"), os("--format"), os("json"), dir.as_os_str()], Duration::from_mins(2));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    for (line, name) in lines.iter().zip(["a-empty.txt", "b-scan.txt", "d-nul.txt"]) {
        assert!(line.starts_with("policy-trace: error: ") && line.contains(name), "{line}");
    }
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> =
        report["localities"].as_array().unwrap().iter().map(|l| l["doc"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"c-henan") && ids.contains(&"e-tianjin"), "{ids:?}");
}

#[test]
fn bytes_in_no_chinese_encoding_are_read_with_a_warning() {
    let dir = scratch("latin1");
    let path = dir.join("latin1.txt");
    // Latin-1: not UTF-8, not GBK.
    std::fs::write(&path, b"1. Caf\xe9 cr\xe8me br\xfbl\xe9e.\n2. Na\xefve r\xe9sum\xe9 fa\xe7ade d\xe9j\xe0 vu.\n")
        .unwrap();
    let doc = assert_parsed(&path);
    assert!(doc["text"].as_str().unwrap().contains("Café crème"), "{}", doc["text"]);
    assert!(
        diagnostics(&doc).iter().any(|m| m.contains("neither UTF-8 nor a Chinese encoding")),
        "{:?}",
        diagnostics(&doc)
    );
}

#[test]
fn mixed_utf8_and_gbk_lines_are_each_decoded() {
    let dir = scratch("mixed");
    let path = dir.join("mixed.txt");
    let mut bytes = "一、总体要求\n（一）深化商事制度改革，实行多证合一。\n".as_bytes().to_vec();
    bytes.extend_from_slice(&encoding_rs::GBK.encode("（二）加强产权保护，完善政务信息资源共享管理办法。\n").0);
    std::fs::write(&path, bytes).unwrap();
    let doc = assert_parsed(&path);
    let paragraphs = paragraph_texts(&doc);
    assert!(paragraphs.iter().any(|p| p.contains("完善政务信息资源共享管理办法")), "{paragraphs:?}");
    assert!(diagnostics(&doc).iter().any(|m| m.contains("mixed encodings")), "{:?}", diagnostics(&doc));
}

#[test]
fn text_with_no_chinese_unbalanced_brackets_and_backward_numbering_is_parsed() {
    let dir = scratch("odd-text");
    let english = dir.join("english.txt");
    std::fs::write(&english, "1. Promote reform (of the business system.\n2. Protect \"property rights.\n").unwrap();
    let doc = assert_parsed(&english);
    assert!(paragraph_texts(&doc).join(" ").contains("Protect \"property rights."));

    let brackets = dir.join("brackets.txt");
    std::fs::write(&brackets, "一、总体要求\n（一）深化商事制度改革（省市场监管局牵头。\n（二）“加强产权保护。《完善信息共享\n（三）】】）)》”推进改革。\n").unwrap();
    let doc = assert_parsed(&brackets);
    let text = paragraph_texts(&doc).join("");
    for piece in ["深化商事制度改革", "“加强产权保护", "《完善信息共享", "】】）)》”推进改革"]
    {
        assert!(text.contains(piece), "{piece} is kept: {text}");
    }

    let backwards = dir.join("backwards.txt");
    std::fs::write(
        &backwards,
        "三、最后一部分\n（二）第二项措施。\n二、回到前面\n（一）第一项措施。\n一、开头\n（五）跳到第五项。\n",
    )
    .unwrap();
    let doc = assert_parsed(&backwards);
    let text = paragraph_texts(&doc).join("");
    for piece in ["第二项措施", "第一项措施", "跳到第五项"] {
        assert!(text.contains(piece), "{piece} is kept: {text}");
    }
    assert!(
        diagnostics(&doc).iter().any(|m| m.contains("numbering") || m.contains("number")),
        "the jumps are reported: {:?}",
        diagnostics(&doc)
    );
}

#[test]
fn a_national_document_with_no_clauses_is_refused_by_name() {
    let dir = scratch("no-clauses");
    let national = dir.join("title-only.txt");
    std::fs::write(&national, "国务院办公厅关于测试的意见\n国办发〔2099〕1号\n").unwrap();
    for command in ["align", "report"] {
        let out = run(
            &[os(command), os("--national"), national.as_os_str(), os(GOOD), os("--format"), os("json")],
            Duration::from_mins(1),
        );
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("has no clauses to align to") && stderr.contains("title-only.txt"),
            "{command}: {stderr}"
        );
    }
}
