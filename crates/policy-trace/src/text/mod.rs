//! Text handling below the document level: decoding bytes, removing HTML, and the normalised
//! comparison key used for matching.

pub mod decode;
pub mod html;
pub mod normalize;

/// The first `max` characters of a text, with an ellipsis when cut: for messages, outlines and
/// tables.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { format!("{}…", s.chars().take(max).collect::<String>()) }
}
