//! Short quotations: the spinner leaves them alone.
//!
//! In the dev article every quotation of one or two words survived untouched ("particularly
//! alert", "fictitious threats", "outright blackmail"), while longer quoted sentences were spun
//! like the rest (docs/spin.md). A hit inside such a short quotation is the author's wording.

use std::ops::Range;

/// Longest quotation (in words) the spinner is taken to leave untouched.
const MAX_WORDS: usize = 2;

/// The short quotations of a text: byte ranges of the quoted words (quotes excluded), sorted.
pub(super) struct ShortQuotes(Vec<Range<usize>>);

impl ShortQuotes {
    /// One pass over the text's quote marks and line ends (memchr), curly (“…”) or straight
    /// ("…") double quotes; a quotation does not span lines.
    pub(super) fn find(text: &str) -> ShortQuotes {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        // Where the open quotation's words start, and which mark closes it.
        let mut open: Option<(usize, u8)> = None;
        for i in memchr::memchr3_iter(b'"', 0xE2, b'\n', bytes) {
            let mark = match bytes[i] {
                b'\n' => {
                    open = None;
                    continue;
                }
                b'"' => b'"',
                _ => match bytes.get(i + 1..i + 3) {
                    Some([0x80, 0x9C]) => b'(',
                    Some([0x80, 0x9D]) => b')',
                    _ => continue,
                },
            };
            let width = if mark == b'"' { 1 } else { 3 };
            match (open, mark) {
                (Some((start, b'"')), b'"') | (Some((start, b')')), b')') => {
                    if text[start..i].split_whitespace().count() <= MAX_WORDS {
                        out.push(start..i);
                    }
                    open = None;
                }
                (_, b'"') => open = Some((i + width, b'"')),
                (_, b'(') => open = Some((i + width, b')')),
                _ => open = None,
            }
        }
        ShortQuotes(out)
    }

    /// Whether `start..end` lies inside one of the short quotations.
    pub(super) fn contains(&self, start: usize, end: usize) -> bool {
        let k = self.0.partition_point(|r| r.end < end);
        self.0.get(k).is_some_and(|r| r.start <= start && end <= r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::ShortQuotes;

    fn at(text: &str, word: &str) -> bool {
        let s = text.find(word).expect("word in text");
        ShortQuotes::find(text).contains(s, s + word.len())
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
            ("a stray ” mark, then “short one” here", "short", true),
            ("€ signs – dashes — and “two words” too", "words", true),
        ];
        for (text, word, want) in table {
            assert_eq!(at(text, word), want, "{text:?} / {word:?}");
        }
    }
}
