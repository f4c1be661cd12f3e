//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), in the library so that the test suite
//! runs them too on the stable toolchain (`tests/integration/fuzz_smoke.rs` feeds them the seed
//! corpus and deterministic mutations of it), and the property tests share their checks.
//!
//! Each target takes arbitrary bytes and panics when an invariant does not hold: a panic is what
//! the fuzzer reports. Only compiled with the `fuzzing` feature; not part of the public API.

use crate::align::{AlignConfig, Alignment};
use crate::document::{DiagnosticKind, Document, Parser, Span};
use crate::report::CoverageReport;

/// Diagnostics that say what became of the text in their range.
pub fn accounts_for_text(kind: DiagnosticKind) -> bool {
    matches!(
        kind,
        DiagnosticKind::Chrome
            | DiagnosticKind::Duplicate
            | DiagnosticKind::Metadata
            | DiagnosticKind::Signature
            | DiagnosticKind::Table
            | DiagnosticKind::Forwarding
            | DiagnosticKind::Unplaced
    )
}

fn check_span(doc: &Document, span: Span, what: &str) -> Result<(), String> {
    if !(span.start <= span.end && span.end <= doc.text.len()) {
        return Err(format!("{what} {span:?} is out of bounds"));
    }
    if !(doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end)) {
        return Err(format!("{what} {span:?} is not on character boundaries"));
    }
    Ok(())
}

/// Checks the ranges of a document and of the document it forwards, and that every character
/// that is not white space is accounted for: in a node, a responsibility parenthetical, a
/// diagnostic that says what became of it (chrome, duplicate, metadata…), an attachment or a
/// citation.
pub fn check_document(doc: &Document) -> Result<(), String> {
    let mut accounted: Vec<Span> = Vec::new();
    for node in doc.iter_nodes() {
        check_span(doc, node.range, "node range")?;
        accounted.push(node.range);
        for s in &node.sentences {
            check_span(doc, s.range, "sentence range")?;
        }
        if let Some(r) = &node.responsibility {
            check_span(doc, r.range, "responsibility range")?;
            accounted.push(r.range);
        }
    }
    for d in &doc.diagnostics {
        if let Some(r) = d.range {
            check_span(doc, r, "diagnostic range")?;
            if accounts_for_text(d.kind) {
                accounted.push(r);
            }
        }
    }
    for a in &doc.attachments {
        check_span(doc, a.range, "attachment range")?;
        accounted.push(a.range);
        for row in &a.rows {
            check_span(doc, row.range, "row range")?;
        }
    }
    for c in &doc.citations {
        check_span(doc, c.range, "citation range")?;
        accounted.push(c.range);
    }
    // Sorted by start, with the furthest end so far: one pass over the text.
    accounted.sort_unstable_by_key(|s| (s.start, s.end));
    let mut next = 0;
    let mut covered_to = 0;
    for (at, c) in doc.text.char_indices() {
        while next < accounted.len() && accounted[next].start <= at {
            covered_to = covered_to.max(accounted[next].end);
            next += 1;
        }
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            continue;
        }
        if at >= covered_to {
            let around: String = doc.text[at..].chars().take(20).collect();
            return Err(format!(
                "{c:?} at byte {at} is in no node, diagnostic, attachment or citation (text from there: {around:?})"
            ));
        }
    }
    let mut ids = std::collections::BTreeSet::new();
    for node in doc.iter_nodes() {
        if !ids.insert(node.id.as_str()) {
            return Err(format!("node id {} is used twice", node.id));
        }
    }
    if let Some(f) = &doc.forwarded {
        if f.id == doc.id {
            return Err(format!("the forwarded document has its parent's id {}", doc.id));
        }
        check_document(f)?;
    }
    Ok(())
}

/// Checks that a document survives a JSON round trip unchanged.
pub fn check_json_round_trip(doc: &Document) -> Result<(), String> {
    let back = Document::from_json(&doc.to_json()).map_err(|e| format!("JSON round trip: {e}"))?;
    if &back != doc {
        return Err("JSON round trip changed the document".into());
    }
    Ok(())
}

/// Checks an alignment against the documents it was made from: scores in [0, 1], evidence
/// ranges inside the clauses and equal to their text, every clause id known, no local clause both
/// linked and novel, one measure per national clause, and the report's sums.
pub fn check_alignment(national: &Document, local: &Document, a: &Alignment) -> Result<(), String> {
    // Clauses by (document, node id): a forwarding notice's embedded document has ids of its own.
    type Clauses = std::collections::BTreeMap<(String, String), String>;
    let clauses = |d: &Document, with_forwarded: bool| -> Clauses {
        let own = d.iter_clauses().map(|c| ((d.id.to_string(), c.id().to_owned()), c.text().to_owned()));
        let mut m: Clauses = own.collect();
        if let Some(f) = d.forwarded.as_ref().filter(|_| with_forwarded) {
            m.extend(f.iter_clauses().map(|c| ((f.id.to_string(), c.id().to_owned()), c.text().to_owned())));
        }
        m
    };
    // The measures are the national document's own clauses; a local document's clauses include
    // those of the document it forwards.
    let (nat, loc) = (clauses(national, false), clauses(local, true));
    let key_of = |c: &crate::ClauseRef| (c.doc.to_string(), c.id.clone());
    let mut linked = std::collections::BTreeSet::new();
    for l in &a.links {
        if !(l.score.is_finite() && (0.0..=1.0).contains(&l.score)) {
            return Err(format!("score {} of {} ← {} is not in [0, 1]", l.score, l.local.id, l.national.id));
        }
        let (Some(lt), Some(nt)) = (loc.get(&key_of(&l.local)), nat.get(&key_of(&l.national))) else {
            return Err(format!("link {:?} ← {:?} names an unknown clause", key_of(&l.local), key_of(&l.national)));
        };
        let (lc, nc): (Vec<char>, Vec<char>) = (lt.chars().collect(), nt.chars().collect());
        for e in &l.evidence {
            let ((ls, le), (ns, ne)) = (e.local, e.national);
            if ls > le || le > lc.len() || ns > ne || ne > nc.len() {
                return Err(format!("evidence {e:?} lies outside its clauses"));
            }
            if lc[ls..le].iter().collect::<String>() != e.text {
                return Err(format!("evidence {e:?} is not the local text at its range"));
            }
        }
        linked.insert(key_of(&l.local));
    }
    for n in &a.novel {
        if linked.contains(&key_of(n)) {
            return Err(format!("local clause {} is both linked and novel", n.id));
        }
    }
    // Every national clause with comparable text is a measure (one of only punctuation or
    // digits is not).
    let comparable = nat.values().filter(|t| !crate::text::normalize::keyed(t).chars.is_empty()).count();
    if a.measures.len() != comparable {
        return Err(format!("{} measures for {comparable} national clauses with comparable text", a.measures.len()));
    }
    if linked.len() + a.novel.len() > a.local.clause_count {
        return Err(format!(
            "linked {} + novel {} exceed the {} clauses parsed",
            linked.len(),
            a.novel.len(),
            a.local.clause_count
        ));
    }
    for m in &a.measures {
        if !(m.score.is_finite() && (0.0..=1.0).contains(&m.score)) {
            return Err(format!("measure {} has score {}", m.national.id, m.score));
        }
    }
    let report = CoverageReport::from_comparison(&crate::align::Comparison {
        national: a.national.clone(),
        measures: a.measures.iter().map(|m| m.national.clone()).collect(),
        alignments: vec![a.clone()],
    });
    if report.localities.iter().any(|l| !l.reconciliation.balanced) {
        return Err(format!("the report does not reconcile: {:?}", report.localities[0].reconciliation));
    }
    Ok(())
}

/// Fuzz target `parse_bytes`: any bytes parse (decoding, HTML, structure), every character is
/// accounted for, and the document survives a JSON round trip.
pub fn parse_bytes(data: &[u8]) {
    let doc = Parser::configure().parse_bytes(data);
    if let Err(e) = check_document(&doc).and_then(|()| check_json_round_trip(&doc)) {
        panic!("{e}");
    }
}

/// Fuzz target `html`: any text read as HTML converts to text with chrome ranges inside it, and
/// parses as an HTML page does.
pub fn html(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let converted = crate::text::html::convert(&text);
    for s in &converted.chrome {
        assert!(
            s.start <= s.end
                && s.end <= converted.text.len()
                && converted.text.is_char_boundary(s.start)
                && converted.text.is_char_boundary(s.end),
            "chrome range {s:?} is not a range of the converted text"
        );
    }
    let page = format!("<html><body>{text}</body></html>");
    let doc = Parser::configure().parse(&page);
    assert!(doc.source.html, "a page starting with <html> is read as HTML");
    if let Err(e) = check_document(&doc) {
        panic!("{e}");
    }
}

/// Splits fuzz input into a national and a local text: at the first 0xFF byte (never in UTF-8),
/// else in the middle.
fn two_texts(data: &[u8]) -> (String, String) {
    let at = data.iter().position(|&b| b == 0xff).unwrap_or(data.len() / 2);
    let rest = data.get(at + 1..).unwrap_or_default();
    let second = if data.get(at) == Some(&0xff) { rest } else { &data[at..] };
    (String::from_utf8_lossy(&data[..at]).into_owned(), String::from_utf8_lossy(second).into_owned())
}

/// Fuzz target `align`: two texts (split at the first 0xFF byte) parsed and aligned; a national
/// document without clauses is refused with an error; otherwise the alignment passes
/// [`check_alignment`], and so does the national document aligned with itself.
pub fn align(data: &[u8]) {
    let (a, b) = two_texts(data);
    let national = Parser::configure().id("national").parse(&a);
    let local = Parser::configure().id("local").parse(&b);
    let cfg = AlignConfig::new();
    match cfg.align(&national, &local) {
        Err(crate::Error::EmptyReference { .. }) => {
            assert!(
                national.iter_clauses().all(|c| crate::text::normalize::keyed(c.text()).chars.is_empty()),
                "only a national document without clauses of comparable text is refused"
            );
            return;
        }
        Err(e) => panic!("align failed: {e}"),
        Ok(alignment) => {
            if let Err(e) = check_alignment(&national, &local, &alignment) {
                panic!("{e}");
            }
        }
    }
    let own = cfg.align(&national, &national).expect("the national document has clauses");
    if let Err(e) = check_alignment(&national, &national, &own) {
        panic!("self-alignment: {e}");
    }
    // Which clauses a garbled text links to itself depends on the weights (a short clause of
    // stock words is not linked; of two near-copies, one may be credited for both): the property
    // tests check one verbatim link per clause, to itself, on distinctive text.
}
