//! Short quotations: the spinner leaves them alone.
//!
//! In the dev article every quotation of one or two words survived untouched ("particularly
//! alert", "fictitious threats", "outright blackmail"), while longer quoted sentences were spun
//! like the rest (docs/spin.md). A hit inside such a short quotation is the author's wording.

/// Longest quotation (in words) the spinner is taken to leave untouched.
const MAX_WORDS: usize = 2;

/// Whether `start..end` lies inside a quotation of at most [`MAX_WORDS`] words on its line, in
/// curly (“…”) or straight ("…") double quotes.
pub(super) fn in_short_quote(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before = &text[line_start..start];
    let after = &text[end..line_end];
    let (open, close) = match (before.rfind(['“', '”', '"']), after.find(['“', '”', '"'])) {
        (Some(o), Some(c)) => (o, c),
        _ => return false,
    };
    let opener = before[open..].chars().next();
    let closer = after[close..].chars().next();
    let quoted = match (opener, closer) {
        (Some('“'), Some('”')) => true,
        // Straight quotes: inside when an odd number of them precede the hit on its line.
        (Some('"'), Some('"')) => before.matches('"').count() % 2 == 1,
        _ => false,
    };
    if !quoted {
        return false;
    }
    let inner_start = line_start + open + opener.map_or(0, char::len_utf8);
    let inner = &text[inner_start..end + close];
    inner.split_whitespace().count() <= MAX_WORDS
}

#[cfg(test)]
mod tests {
    use super::in_short_quote;

    fn at(text: &str, word: &str) -> bool {
        let s = text.find(word).expect("word in text");
        in_short_quote(text, s, s + word.len())
    }

    #[test]
    fn short_quotations_only() {
        let table = [
            ("after being “particularly alert” during", "particularly", true),
            ("after being \"particularly alert\" during", "alert", true),
            ("he said “the group is particularly alert now” then", "particularly", false),
            ("“yes” and the group “no”", "group", false),
            ("\"yes\" and the group \"no\"", "group", false),
            ("the “group”", "group", true),
            ("no quotes at all here", "quotes", false),
            ("“open on one line\nclosed” later", "closed", false),
        ];
        for (text, word, want) in table {
            assert_eq!(at(text, word), want, "{text:?} / {word:?}");
        }
    }
}
