//! The only module that touches the file system.

use std::path::{Path, PathBuf};

use crate::document::{Document, Parser};
use crate::{Error, Result};

/// Bytes that start common binary formats, which are not documents.
const BINARY_MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"Rar!", "a RAR archive"),
];

/// Checks that bytes are text, not a binary file.
pub(crate) fn check_text(path: &Path, bytes: &[u8]) -> Result<()> {
    for (magic, what) in BINARY_MAGIC {
        if bytes.starts_with(magic) {
            return Err(Error::NotText {
                path: path.to_owned(),
                reason: format!("this is {what}, not a text document"),
            });
        }
    }
    if bytes.iter().take(65536).any(|&b| b == 0) {
        // UTF-16 with a BOM holds NUL bytes and is text.
        if !(bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff")) {
            return Err(Error::NotText {
                path: path.to_owned(),
                reason: "the file holds NUL bytes: binary data, not a text document".into(),
            });
        }
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::NotText {
            path: path.to_owned(),
            reason: if bytes.is_empty() {
                "the file is empty".into()
            } else {
                "the file holds only white space".into()
            },
        });
    }
    Ok(())
}

/// Reads a file's bytes, naming the file in any error.
///
/// Only regular files are read (symbolic links are followed): a directory, a FIFO, a socket or a
/// device is refused with [`Error::BadPath`], because reading a FIFO or a terminal would wait for
/// a writer that may never come.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(Error::BadPath { path: path.to_owned(), reason: "is a directory, not a document file".into() });
    }
    if !kind.is_file() {
        return Err(Error::BadPath {
            path: path.to_owned(),
            reason: format!("is {}, not a regular file", special_kind(kind)),
        });
    }
    std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })
}

/// What a file that is neither a regular file nor a directory is.
fn special_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    let _ = kind;
    "a special file"
}

/// The default document id for a path: its file stem.
pub fn id_for_path(path: &Path) -> String {
    path.file_stem().map_or_else(|| path.display().to_string(), |s| s.to_string_lossy().into_owned())
}

impl Parser {
    /// Reads and parses a file. The id defaults to the file stem, the source name to the path.
    ///
    /// # Complexity
    /// O(n) in the size of the file.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<Document> {
        let path = path.as_ref();
        let bytes = read_bytes(path)?;
        check_text(path, &bytes)?;
        let mut p = self.clone();
        if p.config().id.is_none() {
            p.id(id_for_path(path));
        }
        if p.config().source_name.is_none() {
            p.source_name(path.display().to_string());
        }
        Ok(p.parse_bytes(&bytes))
    }
}

/// Reads and parses a file with default options.
pub fn load(path: impl AsRef<Path>) -> Result<Document> {
    Parser::configure().load(path)
}

/// Lists the document files in a directory (`.txt`, `.htm`, `.html`, `.text`), sorted by name.
///
/// Every entry with such a name that is not a directory is listed, also a broken link or a FIFO,
/// so that reading it reports what is wrong with it instead of leaving it out unsaid.
pub fn list_documents(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io { path: dir.to_owned(), source })?;
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !path.is_dir() && matches!(ext.as_deref(), Some("txt" | "htm" | "html" | "text")) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Writes a file, naming it in any error.
pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    std::fs::write(path, contents).map_err(|source| Error::Io { path: path.to_owned(), source })
}

/// Creates (or truncates) a file and writes it through a buffer with `f`, flushing at the end.
/// Every I/O error, from `f` ([`Error::Stdio`]) or from the file, names the file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be created or written; `f`'s other errors as they are.
pub fn write_with(path: &Path, f: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<()>) -> Result<()> {
    use std::io::Write as _;
    let named = |source: std::io::Error| Error::Io { path: path.to_owned(), source };
    let file = std::fs::File::create(path).map_err(named)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
    f(&mut w).map_err(|e| match e {
        Error::Stdio(source) => named(source),
        other => other,
    })?;
    w.flush().map_err(named)?;
    w.into_inner().map_err(|e| named(e.into_error()))?;
    Ok(())
}
