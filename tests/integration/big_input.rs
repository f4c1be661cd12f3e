//! Big and deep input (docs/bad-input.md): a line of five million characters, ten thousand
//! nesting levels of numbering, HTML ten thousand elements deep with stray `<` and `&`, and a
//! 200 MB file. Each is parsed with every character
//! accounted for; none is timed (the times are printed). The HTML case guards against the
//! quadratic HTML→text conversion of before: 1.6 MB of text with 100,000 stray `<` took it 10 s
//! in a release build (0.75 s now in an unoptimised one), and four times as long for each doubling.

use std::fmt::Write as _;

use std::time::Instant;

use policy_trace::{Document, Parser};

/// `SplitMix64`, for text that is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A random unified ideograph.
    fn ideograph(&mut self) -> char {
        char::from_u32(0x4e00 + (self.next() % 20_000) as u32).expect("in the CJK block")
    }
}

fn check(doc: &Document) {
    policy_trace::fuzzing::check_document(doc).unwrap_or_else(|e| panic!("{e}"));
}

fn depth(nodes: &[policy_trace::Node]) -> usize {
    nodes.iter().map(|n| 1 + depth(&n.children)).max().unwrap_or(0)
}

#[test]
fn one_line_of_five_million_characters() {
    let mut rng = Rng(5);
    let mut text = String::with_capacity(16_000_000);
    for i in 0..5_000_000u32 {
        text.push(rng.ideograph());
        if i % 41 == 40 {
            text.push('。');
        }
    }
    let start = Instant::now();
    let doc = Parser::configure().parse(&text);
    println!("5M characters with sentence ends: {:.2} s", start.elapsed().as_secs_f64());
    check(&doc);
    assert!(doc.clause_count() >= 1);

    // Without a single punctuation mark or space, in ASCII.
    let ascii: String = (0..5_000_000).map(|_| char::from(b'a' + (rng.next() % 26) as u8)).collect();
    let start = Instant::now();
    let doc = Parser::configure().parse(&ascii);
    println!("5M ASCII letters: {:.2} s", start.elapsed().as_secs_f64());
    check(&doc);
}

#[test]
fn ten_thousand_levels_of_numbering_and_numbering_that_jumps_back() {
    // Every marker style in turn, ten thousand times: as deep as numbering can nest.
    let styles = ["第一部分", "第一章", "第一条", "一、", "（一）", "1．", "（1）", "①"];
    let mut text = String::new();
    for i in 0..10_000 {
        let _ = writeln!(text, "{}第{i}项措施的内容。", styles[i % styles.len()]);
    }
    let start = Instant::now();
    let doc = Parser::configure().parse(&text);
    println!("10,000 nested markers: {:.2} s, tree depth {}", start.elapsed().as_secs_f64(), depth(&doc.nodes));
    check(&doc);
    assert!(depth(&doc.nodes) <= styles.len() + 1, "the depth is bounded by the marker styles");
    assert_eq!(Document::from_json(&doc.to_json()).expect("a round trip"), doc);

    // Numbering that runs backwards and jumps: every item kept, the jumps reported.
    let mut text = String::new();
    for i in (1..=2_000).rev() {
        let _ = writeln!(text, "（{i}）倒序第{i}项。");
    }
    let doc = Parser::configure().parse(&text);
    check(&doc);
    let kept: String = doc.iter_clauses().map(|c| c.text().to_owned()).collect();
    assert!(kept.contains("倒序第2000项") && kept.contains("倒序第1项"));
}

#[test]
fn html_ten_thousand_elements_deep_with_stray_markup() {
    let mut html = String::from("<html><body>");
    html.push_str(&"<div class=\"nav\"><span>".repeat(10_000));
    html.push_str("<p>一、总体要求</p>");
    html.push_str(&"</span></div>".repeat(10_000));
    html.push_str("<p>（一）深化商事制度改革。</p>");
    // Stray '<' with the next '>' far away, and '&' that start no entity.
    html.push_str(&"甲 < 乙 &amp 丙 ".repeat(100_000));
    html.push_str("</p><p>（二）加强产权保护。</p></body></html>");
    let start = Instant::now();
    let doc = Parser::configure().parse(&html);
    println!("{} bytes of deep HTML: {:.2} s", html.len(), start.elapsed().as_secs_f64());
    check(&doc);
    assert!(doc.source.html);
    let text: String = doc.iter_clauses().map(|c| c.text().to_owned()).collect();
    assert!(text.contains("加强产权保护") && text.contains("甲 < 乙 &amp 丙"), "no text is lost");
    assert!(doc.diagnostics.iter().any(|d| d.message.contains("navigation")));

    // An unclosed comment or script drops the rest, as a browser does, and says so.
    let doc = Parser::configure().parse("<html><body><p>一、总体要求</p><script>var a = 1;<p>（一）不显示。</p>");
    assert!(
        doc.diagnostics.iter().any(|d| d.message.contains("<script> element is not closed")),
        "{:?}",
        doc.diagnostics
    );
}

/// A 200 MB file of distinct sentences under numbered headings (about 40 s to write, load and
/// parse in the test build, where the core library is optimised; about 3 GB for the test
/// process; `make test` runs it like the others).
#[test]
fn a_200_mb_file() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("big-200mb.txt");
    let mut rng = Rng(200);
    let mut text = String::with_capacity(201_000_000);
    let (mut section, mut items) = (0, 0);
    while text.len() < 200_000_000 {
        if items % 30 == 0 {
            section += 1;
            let _ = writeln!(text, "{section}．第{section}部分的标题");
        }
        items += 1;
        let _ = write!(text, "（{}）", items % 30 + 1);
        for _ in 0..60 {
            text.push(rng.ideograph());
        }
        text.push_str("。\n");
    }
    std::fs::write(&path, &text).expect("write the file");
    drop(text);
    let start = Instant::now();
    let doc = policy_trace::load(&path).expect("a 200 MB text file is read");
    println!("200 MB: loaded and parsed in {:.1} s, {} clauses", start.elapsed().as_secs_f64(), doc.clause_count());
    check(&doc);
    assert!(doc.clause_count() >= items, "{} clauses for {items} items", doc.clause_count());
    let _ = std::fs::remove_file(&path);
}
