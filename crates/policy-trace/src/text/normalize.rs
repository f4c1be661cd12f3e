//! The comparison key: the form of the text that matching works on.
//!
//! The key is built per character: NFKC (full-width letters, digits and punctuation to their
//! ASCII forms), traditional to simplified characters (`OpenCC`'s t2s tables), ASCII lower case,
//! and everything that is not a letter or digit (punctuation, white space) dropped.
//! Each key character remembers the byte offset of the original character it came from, so that
//! evidence found on keys is shown on the original text.

use std::borrow::Cow;
use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use unicode_normalization::UnicodeNormalization;

static T2S: LazyLock<Option<OpenCC>> = LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// The characters `OpenCC`'s t2s changes on their own: the keys of `TSCharacters` whose
/// conversion differs from them.
const T2S_CHARS: &str = include_str!("t2s_changing_chars.txt");

/// The `TSPhrases` keys t2s changes that hold none of [`T2S_CHARS`] (答覆 → 答复, 瞭解 → 了解…).
const T2S_PHRASES: &str = include_str!("t2s_changing_phrases.txt");

/// The phrase list as one automaton.
static PHRASES: LazyLock<Option<aho_corasick::AhoCorasick>> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(T2S_PHRASES.lines().filter(|l| !l.is_empty())).ok());

/// Whether t2s changes the character (it is one of [`T2S_CHARS`]).
#[cfg(test)]
fn may_change(c: char) -> bool {
    FLAGS.get(c as usize).is_some_and(|f| f & CHANGES != 0)
}

/// Whether t2s may change the text. t2s replaces dictionary keys by their values, so text with
/// none of [`T2S_CHARS`] and none of [`T2S_PHRASES`] converts to itself. The two lists come from
/// the dictionaries of the ferrous-opencc version in Cargo.lock; regenerate them when it changes
/// (the test `unlisted_characters_convert_to_themselves` checks the characters).
fn may_convert(text: &str) -> bool {
    let flags = &*FLAGS;
    let mut phrase_possible = 0;
    for c in text.chars() {
        let f = flags.get(c as usize).copied().unwrap_or(0);
        if f & CHANGES != 0 {
            return true;
        }
        phrase_possible |= f;
    }
    phrase_possible & PHRASE_KEY != 0 && PHRASES.as_ref().is_none_or(|p| p.is_match(text))
}

/// [`FLAGS`] bit: t2s changes the character.
const CHANGES: u8 = 1;
/// [`FLAGS`] bit: the character is one of [`PHRASE_KEYS`].
const PHRASE_KEY: u8 = 2;

/// Per code point, whether t2s changes it and whether it is a phrase key: one lookup a character.
static FLAGS: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let chars = T2S_CHARS.chars().filter(|c| !c.is_whitespace());
    let max = chars.clone().chain(PHRASE_KEYS.iter().copied()).map(|c| c as usize).max().unwrap_or(0);
    let mut flags = vec![0u8; max + 1];
    for c in chars {
        flags[c as usize] |= CHANGES;
    }
    for &c in PHRASE_KEYS.iter() {
        flags[c as usize] |= PHRASE_KEY;
    }
    flags
});

/// A few characters of which every phrase of [`T2S_PHRASES`] holds one (覆, 藉, 瞭…), chosen
/// greedily: text with none of them needs no phrase search.
static PHRASE_KEYS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut left: Vec<&str> = T2S_PHRASES.lines().filter(|l| !l.is_empty()).collect();
    let mut keys = Vec::new();
    while !left.is_empty() {
        let mut counts: Vec<(usize, char)> = Vec::new();
        for c in left.iter().flat_map(|p| p.chars()) {
            if !counts.iter().any(|&(_, k)| k == c) {
                counts.push((left.iter().filter(|p| p.contains(c)).count(), c));
            }
        }
        let Some(&(_, best)) = counts.iter().max_by_key(|&&(n, c)| (n, std::cmp::Reverse(c))) else { break };
        keys.push(best);
        left.retain(|p| !p.contains(best));
    }
    keys
});

/// Converts traditional characters to simplified ones; other text is returned unchanged.
///
/// # Complexity
/// O(n) in the length of `text`; text with no traditional character is only scanned.
pub fn to_simplified(text: &str) -> String {
    if !may_convert(text) {
        return text.to_owned();
    }
    match T2S.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_owned(),
    }
}

static S2T: LazyLock<Option<OpenCC>> = LazyLock::new(|| OpenCC::from_config(BuiltinConfig::S2t).ok());

/// Converts simplified characters to traditional ones (`OpenCC`'s s2t tables); other text is
/// returned unchanged.
///
/// # Complexity
/// O(n) in the length of `text`.
pub fn to_traditional(text: &str) -> String {
    match S2T.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_owned(),
    }
}

/// Whether the text contains characters that t2s changes.
pub fn has_traditional(text: &str) -> bool {
    may_convert(text) && to_simplified(text) != text
}

/// The text with traditional characters replaced by simplified ones, character for character,
/// so that every byte offset of the result is a byte offset of the same character in `text`.
///
/// A character whose simplified form is not one character of the same UTF-8 length is kept as
/// it is. The parser makes its decisions (keywords, suffixes, labels) on this view and takes the
/// text it reports from the original.
///
/// # Complexity
/// O(n) in the length of `text`.
pub fn simplified_view(text: &str) -> Cow<'_, str> {
    if !may_convert(text) {
        return Cow::Borrowed(text);
    }
    let simplified = to_simplified(text);
    if simplified == text {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    if simplified.chars().count() == text.chars().count() {
        for (c, s) in text.chars().zip(simplified.chars()) {
            out.push(if s.len_utf8() == c.len_utf8() { s } else { c });
        }
    } else {
        // Phrase conversions changed the length: convert character by character instead.
        for c in text.chars() {
            let mut buf = [0u8; 4];
            let converted = to_simplified(c.encode_utf8(&mut buf));
            let mut it = converted.chars();
            out.push(match (it.next(), it.next()) {
                (Some(s), None) if s.len_utf8() == c.len_utf8() => s,
                _ => c,
            });
        }
    }
    Cow::Owned(out)
}

/// The ASCII digit for a full-width digit (`０`…`９`), or the character unchanged.
pub fn ascii_digit(c: char) -> char {
    if ('０'..='９').contains(&c) { char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c) } else { c }
}

/// Whether `c` is an ASCII or a full-width decimal digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The text with full-width digits replaced by ASCII ones.
pub fn ascii_digits(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| ('０'..='９').contains(&c)) {
        Cow::Owned(text.chars().map(ascii_digit).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// A normalised key with the map back to the original text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keyed {
    /// The key characters.
    pub chars: Vec<char>,
    /// For each key character, the byte range of the original character it came from.
    pub origin: Vec<(u32, u32)>,
}

impl Keyed {
    /// The key as a string.
    pub fn as_string(&self) -> String {
        self.chars.iter().collect()
    }

    /// The original byte range covered by key characters `start..end`.
    pub fn origin_range(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end || end > self.origin.len() {
            return (0, 0);
        }
        (self.origin[start].0 as usize, self.origin[end - 1].1 as usize)
    }
}

fn keep(c: char) -> bool {
    c.is_alphanumeric()
}

/// Builds the key of `text` with its origin map.
///
/// # Complexity
/// O(n) in the length of `text`.
pub fn keyed(text: &str) -> Keyed {
    // Text t2s leaves alone (most text) is keyed as it stands, without a converted copy.
    let simplified = if may_convert(text) { Cow::Owned(to_simplified(text)) } else { Cow::Borrowed(text) };
    // t2s is character-for-character in almost all cases; when it is not, convert per character
    // so that the origin map stays exact.
    let same_len = matches!(simplified, Cow::Borrowed(_)) || simplified.chars().count() == text.chars().count();
    let mut out =
        Keyed { chars: Vec::with_capacity(text.len() / 3 + 1), origin: Vec::with_capacity(text.len() / 3 + 1) };
    let mut simp_chars = simplified.chars();
    for (i, c) in text.char_indices() {
        let s = if same_len {
            simp_chars.next().unwrap_or(c)
        } else {
            let mut buf = [0u8; 4];
            to_simplified(c.encode_utf8(&mut buf)).chars().next().unwrap_or(c)
        };
        let origin = (i as u32, (i + c.len_utf8()) as u32);
        if let Some(kept) = plain(s) {
            // NFKC leaves these alone: no need to ask it.
            if kept {
                out.chars.push(s.to_ascii_lowercase());
                out.origin.push(origin);
            }
            continue;
        }
        match punctuation_key(s) {
            Tabled::Key(k) => {
                out.chars.push(k);
                out.origin.push(origin);
                continue;
            }
            Tabled::Dropped => continue,
            Tabled::No => {}
        }
        for n in std::iter::once(s).nfkc() {
            if keep(n) {
                out.chars.push(n.to_ascii_lowercase());
                out.origin.push(origin);
            }
        }
    }
    out
}

/// For a character NFKC leaves unchanged on its own (ASCII, and the CJK unified ideographs),
/// whether the key keeps it; `None` for the others.
fn plain(c: char) -> Option<bool> {
    if c.is_ascii() {
        Some(c.is_ascii_alphanumeric())
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        Some(true)
    } else {
        None
    }
}

/// The blocks of punctuation and full-width forms Chinese text is full of: General Punctuation
/// (“”…—), CJK Symbols and Punctuation (，。、「」〔〕), CJK Compatibility Forms and Half-width and
/// Full-width Forms (（），：；０-９Ａ-Ｚ).
const PUNCTUATION_BLOCKS: [(u32, u32); 4] = [(0x2000, 0x2070), (0x3000, 0x3040), (0xFE30, 0xFE50), (0xFF00, 0xFFF0)];

/// Per character of [`PUNCTUATION_BLOCKS`], what the key makes of it, computed once with NFKC:
/// `DROP`, `COMPLEX` (several characters: ask NFKC each time), or the key character.
static PUNCTUATION_KEYS: LazyLock<Vec<u32>> = LazyLock::new(|| {
    PUNCTUATION_BLOCKS
        .iter()
        .flat_map(|&(lo, hi)| lo..hi)
        .map(|cp| {
            let Some(c) = char::from_u32(cp) else { return COMPLEX };
            let kept: Vec<char> = std::iter::once(c).nfkc().filter(|&n| keep(n)).collect();
            match kept.as_slice() {
                [] => DROP,
                [k] => u32::from(k.to_ascii_lowercase()),
                _ => COMPLEX,
            }
        })
        .collect()
});
const DROP: u32 = u32::MAX;
const COMPLEX: u32 = u32::MAX - 1;

/// What [`punctuation_key`] knows of a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tabled {
    /// The key drops it.
    Dropped,
    /// Its key character.
    Key(char),
    /// Not in the table: outside the blocks, or NFKC makes several characters of it.
    No,
}

/// The key of a character of [`PUNCTUATION_BLOCKS`], from the table.
fn punctuation_key(c: char) -> Tabled {
    let cp = u32::from(c);
    let mut offset = 0;
    for &(lo, hi) in &PUNCTUATION_BLOCKS {
        if (lo..hi).contains(&cp) {
            return match PUNCTUATION_KEYS[(offset + cp - lo) as usize] {
                DROP => Tabled::Dropped,
                COMPLEX => Tabled::No,
                k => char::from_u32(k).map_or(Tabled::No, Tabled::Key),
            };
        }
        offset += hi - lo;
    }
    Tabled::No
}

/// The key of `text` as a string.
pub fn key(text: &str) -> String {
    keyed(text).as_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_characters_are_what_nfkc_makes_of_them() {
        for c in (0..0x80u32).chain(0x4E00..0xA000).filter_map(char::from_u32) {
            let kept = plain(c).expect("ASCII and unified ideographs are plain");
            let slow: Vec<char> = std::iter::once(c).nfkc().filter(|&n| keep(n)).collect();
            assert_eq!(if kept { vec![c] } else { vec![] }, slow, "{c:?}");
        }
    }

    #[test]
    fn the_punctuation_table_is_what_nfkc_makes_of_each_character() {
        let mut listed = 0;
        for (lo, hi) in PUNCTUATION_BLOCKS {
            for c in (lo..hi).filter_map(char::from_u32) {
                let slow: Vec<char> =
                    std::iter::once(c).nfkc().filter(|&n| keep(n)).map(|n| n.to_ascii_lowercase()).collect();
                match punctuation_key(c) {
                    Tabled::Key(k) => assert_eq!(vec![k], slow, "{c:?}"),
                    Tabled::Dropped => assert!(slow.is_empty(), "{c:?}"),
                    Tabled::No => assert!(slow.len() > 1, "{c:?} is left to NFKC though it makes {slow:?}"),
                }
                listed += usize::from(punctuation_key(c) != Tabled::No);
            }
        }
        assert!(listed > 400, "{listed}");
        assert_eq!(punctuation_key('，'), Tabled::Dropped);
        assert_eq!(punctuation_key('Ａ'), Tabled::Key('a'));
        assert_eq!(punctuation_key('国'), Tabled::No);
        assert_eq!(key("（一）“互联网＋”，１２３ＡＢ。"), "一互联网123ab");
    }

    #[test]
    fn unlisted_characters_convert_to_themselves() {
        let cc = T2S.as_ref().expect("t2s tables");
        let ranges = [0x3400..0xA000u32, 0xF900..0xFB00, 0x20000..0x2B740];
        let mut changed = Vec::new();
        for c in ranges.into_iter().flatten().filter_map(char::from_u32).filter(|&c| !may_change(c)) {
            let mut buf = [0u8; 4];
            let s: &str = c.encode_utf8(&mut buf);
            if cc.convert(s) != s {
                changed.push(c);
            }
        }
        assert!(changed.is_empty(), "t2s changes characters missing from t2s_changing.txt: {changed:?}");
        // And the phrase-only ones are listed: 答覆 → 答复.
        assert_eq!(to_simplified("请答覆。"), "请答复。");
    }

    #[test]
    fn every_phrase_holds_a_key_character() {
        let keys = &*PHRASE_KEYS;
        assert!(keys.len() < 20, "{keys:?}");
        for phrase in T2S_PHRASES.lines().filter(|l| !l.is_empty()) {
            assert!(phrase.chars().any(|c| keys.contains(&c)), "{phrase} holds none of {keys:?}");
            assert!(may_convert(phrase), "{phrase}");
        }
        assert!(!may_convert("推进政务服务"));
    }

    #[test]
    fn folds_width_traditional_and_punctuation() {
        assert_eq!(key("國務院關於（一）ＡＢＣ１２３，推進。"), "国务院关于一abc123推进");
        assert_eq!(key("推进“互联网+政务服务”"), key("推進「互聯網＋政務服務」"));
    }

    #[test]
    fn simplified_view_keeps_offsets() {
        let t = "國務院辦公廳關於（一）推進";
        let v = simplified_view(t);
        assert_eq!(v, "国务院办公厅关于（一）推进");
        assert_eq!(v.len(), t.len());
        assert!(matches!(simplified_view("国务院"), Cow::Borrowed(_)));
    }

    #[test]
    fn digits() {
        assert_eq!(ascii_digits("２０１７年"), "2017年");
        assert!(is_digit('９') && is_digit('9') && !is_digit('九'));
    }

    #[test]
    fn origin_maps_back() {
        let t = "（一）深化改革。";
        let k = keyed(t);
        let (s, e) = k.origin_range(1, 3);
        assert_eq!(&t[s..e], "深化");
    }
}
