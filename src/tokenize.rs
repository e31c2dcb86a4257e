//! Tokenizing text into words, numbers, punctuation and spaces, with byte spans.
//!
//! Words keep internal apostrophes and hyphens ("Russia’s", "non-public"), as the scorer and
//! most readers treat them as one token.

use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with digits, internal apostrophes or hyphens.
    Word,
    /// Digits, possibly with internal `.`/`,` ("1,200", "3.5").
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// A run of whitespace.
    Space,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.range.clone()]
    }
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

/// The character at byte `i` and its length; ASCII without decoding (most text is ASCII, and
/// this loop runs over every document that needs tokens).
#[inline(always)]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (char::from(b), 1)
    } else {
        let c = text[i..].chars().next().expect("a character starts here");
        (c, c.len_utf8())
    }
}

/// Splits `text` into tokens covering it completely, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 4);
    each_token(text, |range, kind| out.push(Token { range, kind }));
    out
}

/// The word and number tokens of [`tokenize`], without building the others.
pub fn words_and_numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 6);
    each_token(text, |range, kind| {
        if kind != TokenKind::Space && kind != TokenKind::Punct {
            out.push(range);
        }
    });
    out
}

/// Calls `emit` with each token of `text` in order (the one loop of [`tokenize`] and
/// [`words_and_numbers`]).
#[inline(always)]
fn each_token(text: &str, mut emit: impl FnMut(std::ops::Range<usize>, TokenKind)) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        let start = i;
        let (c, len) = char_at(text, i);
        i += len;
        let kind = if c.is_whitespace() {
            while i < n {
                let (next, len) = char_at(text, i);
                if !next.is_whitespace() {
                    break;
                }
                i += len;
            }
            TokenKind::Space
        } else if c.is_alphanumeric() {
            let mut has_letter = c.is_alphabetic();
            while i < n {
                let (next, len) = char_at(text, i);
                if next.is_alphanumeric() {
                    has_letter |= next.is_alphabetic();
                    i += len;
                } else if is_joiner(next) || (!has_letter && matches!(next, '.' | ',')) {
                    // A joiner or a decimal mark counts only between two alphanumerics.
                    if i + len < n && char_at(text, i + len).0.is_alphanumeric() {
                        i += len;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            if has_letter {
                TokenKind::Word
            } else {
                TokenKind::Number
            }
        } else {
            TokenKind::Punct
        };
        emit(start..i, kind);
    }
}

/// True when byte offset `i` of `text` is not inside a word: the characters on both sides are
/// not both alphanumeric.
pub fn is_word_boundary(text: &str, i: usize) -> bool {
    let before = text[..i].chars().next_back();
    let after = text[i..].chars().next();
    !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text).iter().filter(|t| t.kind != TokenKind::Space).map(|t| (t.text(text), t.kind)).collect()
    }

    #[test]
    fn words_and_numbers_are_the_word_and_number_tokens() {
        for text in [
            "",
            "He said: \"1,200 people\" \u{2019}til\ttomorrow's x-ray 3.5.",
            "  café—naïve, 12a b2 ",
            "a.b,c 1.2.3 ,5",
        ] {
            let want: Vec<_> = tokenize(text)
                .into_iter()
                .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
                .map(|t| t.range)
                .collect();
            assert_eq!(words_and_numbers(text), want, "{text:?}");
        }
    }

    /// The tokenizer as first written, over `char_indices`: the byte loop must agree with it.
    fn reference_tokenize(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut it = text.char_indices().peekable();
        while let Some((start, c)) = it.next() {
            let kind = if c.is_whitespace() {
                while it.peek().is_some_and(|&(_, n)| n.is_whitespace()) {
                    it.next();
                }
                TokenKind::Space
            } else if c.is_alphanumeric() {
                let mut has_letter = c.is_alphabetic();
                loop {
                    match it.peek() {
                        Some(&(_, n)) if n.is_alphanumeric() => {
                            has_letter |= n.is_alphabetic();
                            it.next();
                        }
                        Some(&(i, n)) if is_joiner(n) || (!has_letter && matches!(n, '.' | ',')) => {
                            if text[i + n.len_utf8()..].chars().next().is_some_and(char::is_alphanumeric) {
                                it.next();
                            } else {
                                break;
                            }
                        }
                        _ => break,
                    }
                }
                if has_letter {
                    TokenKind::Word
                } else {
                    TokenKind::Number
                }
            } else {
                TokenKind::Punct
            };
            let end = it.peek().map_or(text.len(), |&(i, _)| i);
            out.push(Token { range: start..end, kind });
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_byte_loop_agrees_with_the_reference(
            text in "[a-zA-Z0-9 .,'’\\-‐\t\n\u{a0}\u{2009}é²٣中\u{301}!]{0,40}"
        ) {
            proptest::prop_assert_eq!(tokenize(&text), reference_tokenize(&text));
        }
    }

    #[test]
    fn the_byte_loop_agrees_with_the_reference_on_the_examples() {
        for path in ["examples/spun-news.txt", "examples/science.txt", "examples/spun-news.gold.txt"] {
            let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            assert_eq!(tokenize(&text), reference_tokenize(&text), "{path}");
        }
    }

    #[test]
    fn tokens_cover_the_text() {
        let text = "Russia’s non-public alert, 1,200 “people” — 3.5%.\r\n";
        let toks = tokenize(text);
        let joined: String = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn words_keep_internal_joiners() {
        use TokenKind::*;
        assert_eq!(
            words("Russia’s non-public ISIS-K rock-"),
            vec![("Russia’s", Word), ("non-public", Word), ("ISIS-K", Word), ("rock", Word), ("-", Punct)]
        );
        assert_eq!(words("1,200 3.5. x"), vec![("1,200", Number), ("3.5", Number), (".", Punct), ("x", Word)]);
    }

    #[test]
    fn word_boundaries() {
        let t = "an asterisk";
        assert!(is_word_boundary(t, 0));
        assert!(is_word_boundary(t, 2));
        assert!(!is_word_boundary(t, 7));
        assert!(is_word_boundary(t, t.len()));
    }
}
