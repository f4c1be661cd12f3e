//! Decoding bytes: BOM, an HTML `<meta charset>`, strict UTF-8, then a statistical guess.
//!
//! The guess never gets a hard-coded top-level domain: Big5 bytes guessed with `cn` come out as
//! GBK mojibake, so the caller passes the real one or none.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

use crate::document::{Diagnostic, DiagnosticKind};

/// Decoded text with the name of the encoding it came from.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `GBK`, `gb18030`, `Big5`…).
    pub encoding: &'static str,
    /// What happened on the way (a legacy encoding, replaced bytes).
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds `charset=` in the first 1024 bytes of an HTML page.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &head[at + 8..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_')).unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

/// Decodes bytes to text.
///
/// # Complexity
/// O(n) in the number of bytes.
pub fn decode(bytes: &[u8], tld: Option<&str>) -> Decoded {
    let mut diagnostics = Vec::new();
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(text.into_owned(), enc, had_errors, diagnostics);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded { text: s.to_owned(), encoding: UTF_8.name(), diagnostics };
    }
    if let Some(mixed) = decode_mixed(bytes) {
        return mixed;
    }
    let enc = meta_charset(bytes).filter(|e| *e != UTF_8).unwrap_or_else(|| {
        let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(tld.map(str::as_bytes), Utf8Detection::Allow)
    });
    if enc != UTF_8 {
        diagnostics.push(Diagnostic::info(
            DiagnosticKind::Encoding,
            format!("decoded from {} (the bytes are not UTF-8)", enc.name()),
            None,
        ));
    }
    if ![encoding_rs::GBK, encoding_rs::GB18030, encoding_rs::BIG5, UTF_8].contains(&enc) {
        diagnostics.push(Diagnostic::warning(
            DiagnosticKind::Encoding,
            format!(
                "the bytes are neither UTF-8 nor a Chinese encoding (GBK, GB18030, Big5); read as {}, the text may be garbled",
                enc.name()
            ),
            None,
        ));
    }
    let (text, _, had_errors) = enc.decode(bytes);
    finish(text.into_owned(), enc, had_errors, diagnostics)
}

/// Decodes a file whose lines come in two encodings, UTF-8 and GB18030 (GBK), as happens when
/// pages are pasted together: each line in the encoding it is valid in. `None` unless both
/// kinds of line are there, with clear evidence of UTF-8 (lines of Chinese that are valid UTF-8)
/// and every other line valid GB18030.
fn decode_mixed(bytes: &[u8]) -> Option<Decoded> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let (mut utf8_evidence, mut longest_utf8, mut gb_lines) = (0usize, 0usize, 0usize);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if let Ok(s) = std::str::from_utf8(line) {
            let non_ascii = line.iter().filter(|b| !b.is_ascii()).count();
            utf8_evidence += non_ascii;
            longest_utf8 = longest_utf8.max(non_ascii);
            text.push_str(s);
        } else {
            let s = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(line)?;
            gb_lines += 1;
            text.push_str(&s);
        }
    }
    // Two or three Chinese characters of GBK can pass for UTF-8 by chance; a line of nine
    // bytes or more, and a dozen in all, cannot in practice.
    if gb_lines == 0 || longest_utf8 < 9 || utf8_evidence < 12 {
        return None;
    }
    let diagnostics = vec![Diagnostic::warning(
        DiagnosticKind::Encoding,
        format!(
            "mixed encodings: {gb_lines} lines are GB18030 (GBK), the others UTF-8; each line was decoded in its own"
        ),
        None,
    )];
    Some(Decoded { text, encoding: UTF_8.name(), diagnostics })
}

fn finish(text: String, enc: &'static Encoding, had_errors: bool, mut diagnostics: Vec<Diagnostic>) -> Decoded {
    if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{fffd}').count();
        diagnostics.push(Diagnostic::warning(
            DiagnosticKind::Encoding,
            format!("{bad} byte sequences are not valid {} and were replaced with U+FFFD", enc.name()),
            None,
        ));
    }
    Decoded { text, encoding: enc.name(), diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_round_trip() {
        let s = "国务院办公厅关于创新管理优化服务培育壮大经济发展新动能加快新旧动能接续转换的意见（国办发〔2017〕4号）";
        let (bytes, _, _) = encoding_rs::GBK.encode(s);
        let d = decode(&bytes, None);
        assert_eq!(d.text, s);
        assert_ne!(d.encoding, "UTF-8");
    }

    #[test]
    fn mixed_utf8_and_gbk_lines() {
        let mut bytes = "一、总体要求\n（一）深化商事制度改革。\n".as_bytes().to_vec();
        bytes.extend_from_slice(&encoding_rs::GBK.encode("（二）加强产权保护，完善政务信息资源共享。\n").0);
        let d = decode(&bytes, None);
        assert_eq!(d.text, "一、总体要求\n（一）深化商事制度改革。\n（二）加强产权保护，完善政务信息资源共享。\n");
        assert!(d.diagnostics.iter().any(|x| x.message.contains("mixed encodings: 1 lines")), "{:?}", d.diagnostics);
    }

    #[test]
    fn bytes_in_no_chinese_encoding_are_flagged() {
        // Latin-1 accented text: not UTF-8, not GBK.
        let d = decode(b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve r\xe9sum\xe9 fa\xe7ade d\xe9j\xe0 vu.\n", None);
        assert!(d.text.contains("Café"), "{}", d.text);
        assert!(
            d.diagnostics.iter().any(|x| x.severity == crate::document::Severity::Warning
                && x.message.contains("neither UTF-8 nor a Chinese encoding")),
            "{:?}",
            d.diagnostics
        );
    }

    #[test]
    fn utf8_with_bom() {
        let d = decode("\u{feff}一、总体要求".as_bytes(), None);
        assert_eq!(d.text, "一、总体要求");
        assert_eq!(d.encoding, "UTF-8");
    }
}
