//! Text handling below the document level: decoding bytes, removing HTML, and the normalised
//! comparison key used for matching.

pub mod decode;
pub mod html;
pub mod normalize;
