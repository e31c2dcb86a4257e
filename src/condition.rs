//! Context conditions on dictionary entries, modelled on the Problematic Paper Screener's queries.
//!
//! Grammar (operators in capitals, as in the screener):
//!
//! ```text
//! expr  := and ( " OR " and )*
//! and   := unary ( " AND " unary )*
//! unary := "NOT " unary | "(" expr ")" | atom
//! atom  := prev:WORD        the word before the match is WORD (case-insensitive)
//!        | next:WORD        the word after the match is WORD
//!        | near:WORD~N      WORD occurs within N words either side of the match
//!        | before:WORD~N    WORD occurs within the N words before the match
//!        | after:WORD~N     WORD occurs within the N words after the match
//!        | "PHRASE"         the document contains PHRASE (case-insensitive)
//!        | "A B"~N          the words A and B occur within N words of each other in the document
//!        | "A B C"~N        all the words occur within a window of N words (N+1 positions)
//! ```
//!
//! In the word atoms (prev:, next:, near:, before:, after:) a WORD written `*SUFFIX` matches any
//! longer word ending in SUFFIX (`prev:*s`).
//!
//! The screener writes its fingerprints in this syntax (`"surface region" AND "surface area"`,
//! `"PC helped" AND ("be that as it" OR "on the off chance")`, `"bunching clustering"~20`);
//! `scripts/tortured_pack.py` turns them into dictionary conditions.
//!
//! An empty condition always holds.

use crate::casing::{apostrophe_forms, fold_apostrophes, has_apostrophe};
use crate::fxhash::FxMap;
use std::cell::RefCell;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    Always,
    Prev(String),
    Next(String),
    Near(String, usize),
    /// WORD within the N words before the match ("the U.S. authorities": a determiner that a
    /// singular original needs, with adjectives in between).
    Before(String, usize),
    /// WORD within the N words after the match.
    After(String, usize),
    DocContains(String),
    /// Words that all occur within a window of N words (N+1 positions) in the document.
    DocProximity(Vec<String>, usize),
    Not(Box<Condition>),
    And(Vec<Condition>),
    Or(Vec<Condition>),
}

/// What a condition is evaluated against: the document and the span of the match.
pub struct MatchContext<'a> {
    pub text: &'a str,
    /// Lowercased document, for document-level tests (computed once per document).
    pub text_lower: &'a str,
    /// Lowercased words of the document with their byte starts, in order.
    pub words: &'a [(usize, &'a str)],
    /// The document's answers to `"PHRASE"` tests, shared by its hits.
    pub doc_phrases: &'a DocPhrases,
    pub start: usize,
    pub end: usize,
}

/// What a document offers its conditions, built once per document: the text, its lowercase
/// (same byte length), its lowercase words and the memo of `"PHRASE"` answers.
pub struct DocConditions<'a> {
    pub text: &'a str,
    pub lower: &'a str,
    pub words: Vec<(usize, &'a str)>,
    phrases: DocPhrases,
}

impl<'a> DocConditions<'a> {
    pub fn new(text: &'a str, lower: &'a str) -> Self {
        DocConditions { text, lower, words: lowercase_words(text, lower), phrases: DocPhrases::default() }
    }

    /// The context of a match at `start..end`.
    pub fn at(&self, start: usize, end: usize) -> MatchContext<'_> {
        MatchContext {
            text: self.text,
            text_lower: self.lower,
            words: &self.words,
            doc_phrases: &self.phrases,
            start,
            end,
        }
    }
}

/// Memo of `"PHRASE"` tests for one document: each scans the whole document and its answer is the
/// same for every hit, so a spun document with thousands of hits scans once per phrase.
#[derive(Default)]
pub struct DocPhrases(RefCell<FxMap<String, bool>>);

impl DocPhrases {
    fn contains(&self, text_lower: &str, phrase: &str) -> bool {
        if let Some(&known) = self.0.borrow().get(phrase) {
            return known;
        }
        let found = contains_phrase(text_lower, phrase);
        self.0.borrow_mut().insert(phrase.to_string(), found);
        found
    }
}

impl<'a> MatchContext<'a> {
    /// Index of the first word starting at or after `byte`.
    fn word_at(&self, byte: usize) -> usize {
        self.words.partition_point(|(s, _)| *s < byte)
    }
}

impl Condition {
    pub fn parse(s: &str) -> Result<Condition, String> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Condition::Always);
        }
        let ors: Vec<Condition> = split_top(s, " OR ").into_iter().map(parse_and).collect::<Result<_, _>>()?;
        Ok(if ors.len() == 1 { ors.into_iter().next().unwrap() } else { Condition::Or(ors) })
    }

    pub fn is_always(&self) -> bool {
        matches!(self, Condition::Always)
    }

    pub fn eval(&self, cx: &MatchContext<'_>) -> bool {
        match self {
            Condition::Always => true,
            Condition::Prev(w) => {
                let i = cx.word_at(cx.start);
                i > 0 && word_matches(w, cx.words[i - 1].1)
            }
            Condition::Next(w) => {
                let i = cx.word_at(cx.end);
                cx.words.get(i).is_some_and(|(_, x)| word_matches(w, x))
            }
            Condition::Near(w, n) => {
                let (a, b) = (cx.word_at(cx.start), cx.word_at(cx.end));
                let lo = a.saturating_sub(*n);
                let hi = (b + n).min(cx.words.len());
                cx.words[lo..a].iter().chain(&cx.words[b..hi]).any(|(_, x)| word_matches(w, x))
            }
            Condition::Before(w, n) => {
                let a = cx.word_at(cx.start);
                cx.words[a.saturating_sub(*n)..a].iter().any(|(_, x)| word_matches(w, x))
            }
            Condition::After(w, n) => {
                let b = cx.word_at(cx.end);
                cx.words[b..(b + n).min(cx.words.len())].iter().any(|(_, x)| word_matches(w, x))
            }
            Condition::DocContains(p) => cx.doc_phrases.contains(cx.text_lower, p),
            Condition::DocProximity(ws, n) => within_window(cx.words, ws, *n),
            Condition::Not(c) => !c.eval(cx),
            Condition::And(cs) => cs.iter().all(|c| c.eval(cx)),
            Condition::Or(cs) => cs.iter().any(|c| c.eval(cx)),
        }
    }
}

/// Whether `word` is `pattern`; a pattern `*SUFFIX` matches any longer word ending in SUFFIX
/// (`prev:*s`: a plural-looking subject before "had been", which may stand for "were").
/// Apostrophes match in either form (`prev:didn't` holds after "didn’t").
fn word_matches(pattern: &str, word: &str) -> bool {
    let exact = |pattern: &str, word: &str| match pattern.strip_prefix('*') {
        Some(suffix) => word.len() > suffix.len() && word.ends_with(suffix),
        None => pattern == word,
    };
    // Folding only rewrites apostrophes: a pattern without one matches no other word folded.
    exact(pattern, word) || (has_apostrophe(pattern) && exact(&fold_apostrophes(pattern), &fold_apostrophes(word)))
}

/// Whether `a` and `b` are the same word, apostrophes in either form.
fn same_word(a: &str, b: &str) -> bool {
    a == b || (has_apostrophe(a) && fold_apostrophes(a) == fold_apostrophes(b))
}

/// Whether every word of `ws` occurs within some window of `n + 1` consecutive words: a sweep
/// over the document keeping the last position of each wanted word.
fn within_window(words: &[(usize, &str)], ws: &[String], n: usize) -> bool {
    let mut last: Vec<Option<usize>> = vec![None; ws.len()];
    for (i, (_, w)) in words.iter().enumerate() {
        let mut hit = false;
        for (k, want) in ws.iter().enumerate() {
            if same_word(want, w) {
                last[k] = Some(i);
                hit = true;
            }
        }
        if hit && last.iter().all(|p| p.is_some_and(|p| i - p <= n)) {
            return true;
        }
    }
    false
}

/// Whole-word, case-insensitive phrase search (`hay` already lowercased); a phrase with an
/// apostrophe is found in either apostrophe form.
fn contains_phrase(hay: &str, phrase: &str) -> bool {
    if has_apostrophe(phrase) {
        return apostrophe_forms(phrase).iter().any(|form| contains_exact_phrase(hay, form));
    }
    contains_exact_phrase(hay, phrase)
}

fn contains_exact_phrase(hay: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(phrase) {
        let (s, e) = (from + i, from + i + phrase.len());
        if crate::tokenize::is_word_boundary(hay, s) && crate::tokenize::is_word_boundary(hay, e) {
            return true;
        }
        from = s + hay[s..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Splits on `sep` outside double quotes and parentheses.
fn split_top<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut depth) = (0, false, 0usize);
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        if bytes[i] == b'"' {
            quoted = !quoted;
        } else if !quoted && bytes[i] == b'(' {
            depth += 1;
        } else if !quoted && bytes[i] == b')' {
            depth = depth.saturating_sub(1);
        } else if !quoted && depth == 0 && bytes[i..].starts_with(sep.as_bytes()) {
            // Compared as bytes: `i` steps through UTF-8 continuation bytes too, where slicing
            // the str would panic (found by fuzz/dict). An ASCII separator only matches on a
            // character boundary.
            parts.push(&s[start..i]);
            i += sep.len();
            start = i;
            continue;
        }
        i += 1;
    }
    parts.push(&s[start..]);
    parts
}

fn parse_and(s: &str) -> Result<Condition, String> {
    let ands: Vec<Condition> = split_top(s, " AND ").into_iter().map(parse_unary).collect::<Result<_, _>>()?;
    Ok(if ands.len() == 1 { ands.into_iter().next().unwrap() } else { Condition::And(ands) })
}

fn parse_unary(s: &str) -> Result<Condition, String> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix("NOT ") {
        return Ok(Condition::Not(Box::new(parse_unary(rest)?)));
    }
    if let Some(inner) = s.strip_prefix('(') {
        let inner = inner.strip_suffix(')').ok_or_else(|| format!("{s:?}: unclosed parenthesis"))?;
        return match Condition::parse(inner)? {
            Condition::Always => Err(format!("{s:?}: empty parentheses")),
            c => Ok(c),
        };
    }
    let word = |w: &str| -> Result<String, String> {
        let w = w.trim().to_lowercase();
        if w.is_empty() || w.contains(char::is_whitespace) {
            Err(format!("{s:?}: expected one word"))
        } else {
            Ok(w)
        }
    };
    if let Some(w) = s.strip_prefix("prev:") {
        return Ok(Condition::Prev(word(w)?));
    }
    if let Some(w) = s.strip_prefix("next:") {
        return Ok(Condition::Next(word(w)?));
    }
    for (prefix, make) in [
        ("near:", Condition::Near as fn(String, usize) -> Condition),
        ("before:", Condition::Before),
        ("after:", Condition::After),
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let (w, n) = rest.rsplit_once('~').ok_or_else(|| format!("{s:?}: expected {prefix}WORD~N"))?;
            let n = n.parse().map_err(|_| format!("{s:?}: {n:?} is not a number of words"))?;
            return Ok(make(word(w)?, n));
        }
    }
    if let Some(rest) = s.strip_prefix('"') {
        let (phrase, after) = rest.split_once('"').ok_or_else(|| format!("{s:?}: unclosed quote"))?;
        let phrase = phrase.trim().to_lowercase();
        if phrase.is_empty() {
            return Err(format!("{s:?}: empty phrase"));
        }
        if after.is_empty() {
            return Ok(Condition::DocContains(phrase));
        }
        let n = after
            .strip_prefix('~')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("{s:?}: expected \"A B\"~N after the phrase"))?;
        let ws: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
        if ws.len() < 2 {
            return Err(format!("{s:?}: proximity needs at least two words"));
        }
        return Ok(Condition::DocProximity(ws, n));
    }
    Err(format!("{s:?}: expected prev:, next:, near:, before:, after:, \"phrase\", \"a b\"~N or NOT"))
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Always => Ok(()),
            Condition::Prev(w) => write!(f, "prev:{w}"),
            Condition::Next(w) => write!(f, "next:{w}"),
            Condition::Near(w, n) => write!(f, "near:{w}~{n}"),
            Condition::Before(w, n) => write!(f, "before:{w}~{n}"),
            Condition::After(w, n) => write!(f, "after:{w}~{n}"),
            Condition::DocContains(p) => write!(f, "\"{p}\""),
            Condition::DocProximity(ws, n) => write!(f, "\"{}\"~{n}", ws.join(" ")),
            Condition::Not(c) => match **c {
                Condition::And(_) | Condition::Or(_) => write!(f, "NOT ({c})"),
                _ => write!(f, "NOT {c}"),
            },
            Condition::And(cs) => {
                for (i, c) in cs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" AND ")?;
                    }
                    match c {
                        Condition::Or(_) => write!(f, "({c})")?,
                        _ => write!(f, "{c}")?,
                    }
                }
                Ok(())
            }
            Condition::Or(cs) => join(f, cs, " OR "),
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, cs: &[Condition], sep: &str) -> fmt::Result {
    for (i, c) in cs.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{c}")?;
    }
    Ok(())
}

/// The words of `text` with their byte offsets, as slices of `lower`, its lowercase (which must
/// keep its byte offsets: same length), for [`MatchContext`]. Empty when `lower` does not.
pub fn lowercase_words<'a>(text: &str, lower: &'a str) -> Vec<(usize, &'a str)> {
    if lower.len() != text.len() {
        return Vec::new();
    }
    crate::tokenize::words_and_numbers(text).into_iter().filter_map(|r| Some((r.start, lower.get(r)?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(cond: &str, text: &str, target: &str) -> bool {
        let c = Condition::parse(cond).unwrap();
        let lower = text.to_lowercase();
        let start = text.find(target).unwrap();
        c.eval(&DocConditions::new(text, &lower).at(start, start + target.len()))
    }

    #[test]
    fn conditions_table() {
        let text = "The gunmen stormed the live performance venue outside Moscow.";
        let table = [
            ("", true),
            ("next:venue", true),
            ("next:hall", false),
            ("prev:the", true),
            ("NOT prev:the", false),
            ("near:gunmen~3", true),
            ("near:moscow~1", false),
            ("before:the~1", true),
            ("prev:*e", true),
            ("prev:*he", true),
            ("prev:*the", false),
            ("next:*nue", true),
            ("near:*men~3", true),
            ("before:*men~1", false),
            ("before:gunmen~2", false),
            ("before:gunmen~3", true),
            ("before:venue~5", false),
            ("after:outside~2", true),
            ("after:outside~1", false),
            ("after:stormed~5", false),
            ("NOT before:gunmen~2 AND after:moscow~3", true),
            ("\"outside moscow\"", true),
            ("\"outside mos\"", false),
            ("\"gunmen moscow\"~7", true),
            ("\"gunmen moscow\"~3", false),
            ("next:hall OR near:moscow~4", true),
            ("next:venue AND NOT \"kiev\"", true),
            ("\"gunmen\" AND (\"kiev\" OR \"moscow\")", true),
            ("\"gunmen\" AND (\"kiev\" OR \"minsk\")", false),
            ("NOT (\"kiev\" OR \"minsk\")", true),
            ("\"stormed venue outside\"~5", true),
            ("\"stormed venue outside\"~4", false),
            ("\"gunmen venue moscow\"~4", false),
            ("\"gunmen venue moscow\"~7", true),
        ];
        for (cond, want) in table {
            assert_eq!(holds(cond, text, "live performance"), want, "{cond}");
        }
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "prev:a",
            "NOT next:b",
            "near:c~4 AND \"d e\"",
            "before:the~3 OR after:of~1",
            "\"f g\"~5 OR prev:h",
            "\"a\" AND (\"b\" OR \"c\") AND NOT (\"d\" OR \"e f g\"~3)",
        ] {
            assert_eq!(Condition::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn parse_errors_say_what() {
        assert!(Condition::parse("near:x").unwrap_err().contains("near:WORD~N"));
        assert!(Condition::parse("before:x~y").unwrap_err().contains("not a number"));
        assert!(Condition::parse("after:x").unwrap_err().contains("after:WORD~N"));
        assert!(Condition::parse("\"x").unwrap_err().contains("unclosed"));
        assert!(Condition::parse("bogus").is_err());
        assert!(Condition::parse("(\"a\" OR \"b\"").unwrap_err().contains("unclosed parenthesis"));
        assert!(Condition::parse("\"a\"~3").unwrap_err().contains("at least two words"));
    }
}
