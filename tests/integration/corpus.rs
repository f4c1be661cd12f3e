//! The corpus documents parse to the same tree and metadata whatever form they come in.
//! Each test runs one variant over all five documents through `support::check`.

use crate::support::check_all;
use crate::variants::Variant;

#[test]
fn html_pages() {
    check_all(Variant::Html);
}

#[test]
fn gbk_bytes() {
    check_all(Variant::Gbk);
}

#[test]
fn gb18030_bytes() {
    check_all(Variant::Gb18030);
}

#[test]
fn traditional_characters() {
    check_all(Variant::Traditional);
}

#[test]
fn half_width_punctuation() {
    check_all(Variant::HalfWidthPunctuation);
}

#[test]
fn full_width_punctuation() {
    check_all(Variant::FullWidthPunctuation);
}

#[test]
fn full_width_digits() {
    check_all(Variant::FullWidthDigits);
}

#[test]
fn hard_wraps_with_blank_lines() {
    check_all(Variant::HardWrap { blank_lines: true });
}

#[test]
fn hard_wraps_without_blank_lines() {
    check_all(Variant::HardWrap { blank_lines: false });
}

#[test]
fn other_numbering_styles() {
    check_all(Variant::Renumbered);
}

#[test]
fn crlf_line_ends() {
    check_all(Variant::Crlf);
}

#[test]
fn lone_carriage_returns() {
    check_all(Variant::CarriageReturn);
}

#[test]
fn everything_at_once() {
    check_all(Variant::Everything);
}
