//! The JSON form of a coverage report: `format_version` first, the top levels indented and the
//! deeper ones compact, written straight to a writer.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};

use super::CoverageReport;
use crate::{Error, Result};

/// The version of the report's JSON shape. Version 2: a cell's links name their local clause
/// only (the measure's text is in `measures[].measure`, once) and their evidence is character
/// ranges (`{"local": [start, end], "national": [start, end]}`) without a copy of the text.
pub const REPORT_FORMAT_VERSION: u32 = 2;

/// The number of nesting levels indented by the pretty form: the report's fields, its measures
/// and localities, their fields, and their cells and clauses; a cell is one line.
const INDENTED_LEVELS: usize = 4;

#[derive(Serialize)]
struct Versioned<'a> {
    format_version: u32,
    #[serde(flatten)]
    inner: &'a CoverageReport,
}

#[derive(Deserialize)]
struct VersionedOwned {
    format_version: u32,
    #[serde(flatten)]
    inner: CoverageReport,
}

/// `serde_json`'s pretty printing (two spaces) down to `levels` levels of nesting, compact below.
struct Shallow {
    levels: usize,
    depth: usize,
    has_value: bool,
}

impl Shallow {
    const fn new(levels: usize) -> Self {
        Self { levels, depth: 0, has_value: false }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn begin(&mut self, w: &mut (impl ?Sized + Write), open: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(open)
    }

    fn end(&mut self, w: &mut (impl ?Sized + Write), close: &[u8]) -> io::Result<()> {
        let indented = self.depth <= self.levels;
        self.depth -= 1;
        if indented && self.has_value {
            self.newline(w)?;
        }
        w.write_all(close)
    }

    fn item(&self, w: &mut (impl ?Sized + Write), first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth <= self.levels { self.newline(w) } else { Ok(()) }
    }
}

impl Formatter for Shallow {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.depth <= self.levels { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Serialises with `format_version`, compact or with the top levels indented.
fn serialize<W: Write>(report: &CoverageReport, writer: W, pretty: bool) -> serde_json::Result<()> {
    let v = Versioned { format_version: REPORT_FORMAT_VERSION, inner: report };
    if pretty {
        v.serialize(&mut serde_json::Serializer::with_formatter(writer, Shallow::new(INDENTED_LEVELS)))
    } else {
        v.serialize(&mut serde_json::Serializer::with_formatter(writer, CompactFormatter))
    }
}

pub(super) fn to_string(report: &CoverageReport, pretty: bool) -> String {
    let mut out = Vec::new();
    serialize(report, &mut out, pretty).expect("a report always serialises to memory");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

pub(super) fn write<W: Write>(report: &CoverageReport, mut writer: W) -> Result<()> {
    serialize(report, &mut writer, true).map_err(|e| match e.io_error_kind() {
        Some(_) => Error::Stdio(io::Error::from(e)),
        None => Error::Json(e),
    })?;
    writer.write_all(b"\n")?;
    writer.flush()?;
    Ok(())
}

pub(super) fn from_str(json: &str) -> Result<CoverageReport> {
    let v: VersionedOwned = serde_json::from_str(json)?;
    if v.format_version != REPORT_FORMAT_VERSION {
        return Err(Error::FormatVersion { found: v.format_version, expected: REPORT_FORMAT_VERSION });
    }
    Ok(v.inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shallow(value: &serde_json::Value, levels: usize) -> String {
        let mut out = Vec::new();
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, Shallow::new(levels))).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn shallow_is_pretty_at_the_top_and_compact_below() {
        let value = serde_json::json!({"a": [{"b": {"c": [1, 2]}, "e": []}, {}], "f": "x"});
        assert_eq!(shallow(&value, usize::MAX), serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(shallow(&value, 0), serde_json::to_string(&value).unwrap());
        assert_eq!(
            shallow(&value, 2),
            "{\n  \"a\": [\n    {\"b\":{\"c\":[1,2]},\"e\":[]},\n    {}\n  ],\n  \"f\": \"x\"\n}"
        );
        let parsed: serde_json::Value = serde_json::from_str(&shallow(&value, 3)).unwrap();
        assert_eq!(parsed, value);
    }
}
