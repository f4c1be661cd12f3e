//! The corpus documents parse to the same tree and metadata whatever form they come in.
//! Each test runs one variant over all five documents through `support::check`.

use crate::support::check_all;
use crate::variants::Variant;

/// One test a variant.
macro_rules! variant_tests {
    ($($name:ident => $variant:expr,)*) => {
        $(
            #[test]
            fn $name() {
                check_all($variant);
            }
        )*
    };
}

variant_tests! {
    html_pages => Variant::Html,
    gbk_bytes => Variant::Gbk,
    gb18030_bytes => Variant::Gb18030,
    traditional_characters => Variant::Traditional,
    half_width_punctuation => Variant::HalfWidthPunctuation,
    full_width_punctuation => Variant::FullWidthPunctuation,
    full_width_digits => Variant::FullWidthDigits,
    hard_wraps_with_blank_lines => Variant::HardWrap { blank_lines: true },
    hard_wraps_without_blank_lines => Variant::HardWrap { blank_lines: false },
    indented_hard_wraps => Variant::IndentedHardWrap,
    other_numbering_styles => Variant::Renumbered,
    crlf_line_ends => Variant::Crlf,
    lone_carriage_returns => Variant::CarriageReturn,
    everything_at_once => Variant::Everything,
}
