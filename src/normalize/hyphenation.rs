//! Words broken across lines by a hyphen ("gov-\nernment"), joined again where the joined word
//! is a word and the hyphenated form is not one.
//!
//! The evidence is the language model's counts: the joined word must be known, and more common
//! than the two parts as a pair of words ("some-\nthing" joins, since "something" is far more
//! common than "some thing"; "well-\nknown" stays, as "wellknown" is no word). A part that starts
//! with a capital ("anti-\nAmerican") is never joined. The line break moves after the joined
//! word, so the text keeps its number of lines.

use crate::lm::LanguageModel;
use std::ops::Range;

/// Word counts to decide with (the built-in language model, or a test lexicon).
pub trait Lexicon {
    /// Occurrences of a lowercase word.
    fn count(&self, word: &str) -> u64;
    /// Occurrences of two lowercase words in a row.
    fn bigram_count(&self, first: &str, second: &str) -> u64;
}

impl Lexicon for LanguageModel {
    fn count(&self, word: &str) -> u64 {
        LanguageModel::count(self, word)
    }
    fn bigram_count(&self, first: &str, second: &str) -> u64 {
        LanguageModel::bigram_count(self, first, second)
    }
}

/// A hyphenated line break to join.
#[derive(Clone, Debug, PartialEq)]
pub struct Join {
    /// From the hyphen to the end of the second part (and the space after it, if any).
    pub range: Range<usize>,
    pub replacement: String,
    pub confidence: f32,
    pub reason: String,
}

/// Joined words rarer than this are not trusted as evidence.
const MIN_JOINED_COUNT: u64 = 1_000;

/// Finds the line-break hyphenations in `text` to join.
pub fn find(text: &str, lexicon: &impl Lexicon) -> Vec<Join> {
    let bytes = text.as_bytes();
    let mut joins = Vec::new();
    for nl in memchr::memchr_iter(b'\n', bytes) {
        // The hyphen: last character before the line break, ignoring trailing spaces and a CR.
        let line_end = text[..nl].trim_end_matches([' ', '\t', '\r']).len();
        let Some(hyphen) = text[..line_end].strip_suffix(['-', '\u{2010}']).map(str::len) else { continue };
        let first_start = text[..hyphen].trim_end_matches(char::is_alphabetic).len();
        let first = &text[first_start..hyphen];
        if first.is_empty() || text[..first_start].ends_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let next_line = nl + 1;
        let second_start =
            next_line + (text[next_line..].len() - text[next_line..].trim_start_matches([' ', '\t']).len());
        let second_len =
            text[second_start..].len() - text[second_start..].trim_start_matches(char::is_alphabetic).len();
        let second = &text[second_start..second_start + second_len];
        if second.chars().count() < 2 || !second.starts_with(char::is_lowercase) {
            continue;
        }
        let Some(confidence) = judge(first, second, lexicon) else { continue };
        // The line break ("\n" or "\r\n") moves to the first space after the joined word.
        let line_break = &text[line_end..=nl][text[line_end..=nl].find(['\r', '\n']).unwrap_or(0)..];
        let mut end = second_start + second_len;
        let after = &text[end..];
        let punct =
            after.len() - after.trim_start_matches(|c: char| c.is_ascii_punctuation() || "’”»".contains(c)).len();
        let mut replacement = text[second_start..end + punct].to_string();
        end += punct;
        if text[end..].starts_with(' ') {
            end += 1;
            replacement.push_str(line_break);
        }
        joins.push(Join {
            range: hyphen..end,
            replacement,
            confidence,
            reason: format!("word broken across lines joined: {first}-{second} → {first}{second}"),
        });
    }
    joins
}

/// How sure joining `first` and `second` is, or `None` to leave the hyphen.
fn judge(first: &str, second: &str, lexicon: &impl Lexicon) -> Option<f32> {
    let (a, b) = (first.to_lowercase(), second.to_lowercase());
    let joined = lexicon.count(&format!("{a}{b}"));
    if joined < MIN_JOINED_COUNT {
        return None;
    }
    // Two words that often stand side by side were probably a hyphenated compound.
    if lexicon.bigram_count(&a, &b) >= joined {
        return None;
    }
    let (first_known, second_known) = (lexicon.count(&a) > 0, lexicon.count(&b) > 0);
    Some(match (first_known, second_known) {
        (false, false) => 0.95,
        (true, true) => 0.75,
        _ => 0.9,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Words(HashMap<&'static str, u64>);

    impl Lexicon for Words {
        fn count(&self, word: &str) -> u64 {
            self.0.get(word).copied().unwrap_or(0)
        }
        fn bigram_count(&self, first: &str, second: &str) -> u64 {
            self.count(&format!("{first} {second}"))
        }
    }

    fn words() -> Words {
        Words(HashMap::from([
            ("government", 200_000_000),
            ("gov", 3_000_000),
            ("something", 90_000_000),
            ("some", 500_000_000),
            ("thing", 80_000_000),
            ("some thing", 2_000_000),
            ("well", 300_000_000),
            ("known", 90_000_000),
            ("well known", 9_000_000),
        ]))
    }

    fn join(text: &str) -> String {
        let mut out = text.to_string();
        for j in find(text, &words()).into_iter().rev() {
            out.replace_range(j.range, &j.replacement);
        }
        out
    }

    #[test]
    fn joins_words_broken_across_lines() {
        assert_eq!(join("the gov-\nernment said"), "the government\nsaid");
        assert_eq!(join("the gov-\r\nernment, said"), "the government,\r\nsaid");
        assert_eq!(join("some-\n  thing"), "something");
        assert_eq!(join("Gov-\nernment"), "Government");
    }

    #[test]
    fn keeps_compounds_and_unknown_words() {
        for text in ["a well-\nknown man", "anti-\nAmerican", "a gov-\nernmentx", "x -\nernment", "state-\nof"] {
            assert_eq!(join(text), text, "{text:?}");
        }
    }
}
