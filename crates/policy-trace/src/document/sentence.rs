//! Sentence splitting for Chinese policy text.

/// Characters that end a sentence.
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// Characters that may follow a terminal and still belong to the sentence.
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '】' | '》')
}

/// Splits `text` into sentences, returning byte ranges relative to `text`.
///
/// A sentence ends at 。！？； (and their half-width forms), together with closing quotes or
/// brackets right after it.
/// A terminal inside parentheses does not end a sentence, so that
/// 「（包括自然灾害、事故灾难。）」 stays whole.
/// Trailing text without a terminal is a sentence of its own.
/// White space between sentences belongs to no sentence.
///
/// # Complexity
/// O(n) in the length of `text`.
pub(crate) fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut depth = 0i32;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            start = Some(i);
        }
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            _ => {}
        }
        if is_terminal(c) && depth == 0 {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_closing(d) && !(matches!(d, '）' | ')') && depth == 0) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if let Some(s) = start.take() {
                out.push((s, end));
            }
        }
    }
    if let Some(s) = start {
        let end = text.trim_end().len();
        if end > s {
            out.push((s, end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn splits_on_terminals() {
        assert_eq!(
            sentences("深化商事制度改革。适应新兴经济领域，实行“多证合一”。尾巴"),
            vec!["深化商事制度改革。", "适应新兴经济领域，实行“多证合一”。", "尾巴"]
        );
    }

    #[test]
    fn keeps_parentheses_whole() {
        assert_eq!(sentences("建立机制（包括自然灾害。）增强能力。"), vec!["建立机制（包括自然灾害。）增强能力。"]);
    }

    #[test]
    fn closing_quote_stays() {
        assert_eq!(sentences("打好“四张牌。”下一句。"), vec!["打好“四张牌。”", "下一句。"]);
    }
}
