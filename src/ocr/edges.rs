//! Column noise at line ends (round 15): a lone "I" or "j" ending a line, after a space, is
//! usually the column rule or a speck OCR read as a letter ("so many of I", "NOTICES OF MOTION. I",
//! "according to Mr. j"): on the overproof-smh training half the gold deletes 15 of the 16 lone
//! "I"s that end a line (the other is rewritten) and all 4 "j"s. The pronoun ends a line too
//! ("that I" / "wish", 34 times in ICDAR's books), so an "I" is deleted only where the language
//! model reads the line on better without it: ln P(next | prev) against ln P(i | prev) +
//! ln P(next | i), over the word before it and the first word of the next line.

use super::calibration::Fixed;
use super::{is_apostrophe, linked, Corrector, Shape, Word};
use crate::edit::Proposal;

/// Below this fit with its neighbours (ln P(i | prev) − ln P(i) + ln P(next | i) − ln P(next)) a
/// lone "I" ending a line is not the pronoun.
const PRONOUN_FIT: f64 = -3.0;

impl Corrector {
    /// Deletions of lone "I" and "j" ending a line.
    pub(super) fn line_end_letters(&self, text: &str, words: &[Word], likelihood: f64) -> Vec<Proposal> {
        let mut out = Vec::new();
        for (k, w) in words.iter().enumerate() {
            let written = &text[w.range.clone()];
            if !matches!(written, "I" | "j") || k == 0 {
                continue;
            }
            let rest = &text[w.range.end..];
            let line_end = rest.find('\n').unwrap_or(rest.len());
            if !rest[..line_end].chars().all(char::is_whitespace) {
                continue;
            }
            let prev = &words[k - 1];
            let gap = &text[prev.range.end..w.range.start];
            // After a space, on the line of the word before ("…word\nI" alone on its line stays).
            if !gap.ends_with([' ', '\t']) || gap.contains('\n') {
                continue;
            }
            if written == "I" && !self.reads_on_without(text, words, k, likelihood) {
                continue;
            }
            out.push(Fixed::LineEnd.proposal(
                prev.range.end + gap.trim_end().len()..w.range.end,
                String::new(),
                format!("a lone {written:?} ending a line is column noise OCR read as a letter"),
            ));
        }
        out
    }

    /// True when word `k`, a lone "I" ending a line, is no pronoun: the first word of the next
    /// line is capitalised or unknown (no verb follows), or "I" fits neither its neighbours
    /// (pointwise mutual information of "i" with the word before and the word after, by the
    /// language model, below [`PRONOUN_FIT`]: "of I" / "the", "any I" / "material").
    fn reads_on_without(&self, text: &str, words: &[Word], k: usize, likelihood: f64) -> bool {
        let m = &*self.model;
        let Some(next) = words.get(k + 1).filter(|n| n.shape == Shape::Lower) else {
            return true;
        };
        // An unknown lowercase word may be the pronoun's misread verb ("I" / "hâte").
        let Some(next) = self.ctx(next) else { return false };
        let prev = linked(text, &words[k - 1], &words[k]).then(|| self.ctx(&words[k - 1])).flatten();
        let fit_prev = prev.map_or(0.0, |p| m.logp_next(p, "i") - m.logp("i"));
        let fit_next = m.logp_next("i", next) - m.logp(next);
        if super::trace_enabled() {
            eprintln!("ocr-trace line-end I {likelihood:.3} {prev:?} {next:?} fit={fit_prev:.2}+{fit_next:.2}");
        }
        fit_prev + fit_next < PRONOUN_FIT
    }
}

impl Corrector {
    /// Hyphens OCR lost at a line break (round 23): a line ending in a word of two letters or
    /// more ("respec", "Mait") whose next line starts with a lowercase word of two letters or more
    /// ("table", "land"), where the two written together are a known word and not both halves
    /// are words on their own, gets its hyphen back ("respec-" / "table"), as the print had it.
    /// Two known halves are left ("for" / "a", "be" / "held": "fora", "beheld"). Pieces the first
    /// pass repairs are left too (`fixed`).
    pub(super) fn lost_line_hyphens(&self, text: &str, words: &[Word], fixed: &[Option<String>]) -> Vec<Proposal> {
        let mut out = Vec::new();
        for (k, pair) in words.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            let gap = &text[a.range.end..b.range.start];
            let Some(nl) = gap.find('\n') else { continue };
            if !gap[..nl].chars().all(|c| c == ' ') || !gap[nl + 1..].chars().all(|c| c == ' ') {
                continue;
            }
            if fixed[k].is_some() || fixed[k + 1].is_some() {
                continue;
            }
            let (x, y) = (&text[a.range.clone()], &text[b.range.clone()]);
            let first_ok = x.len() >= 2
                && x.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && x.chars().skip(1).all(|c| c.is_ascii_lowercase());
            let second_ok = y.len() >= 2 && y.chars().all(|c| c.is_ascii_lowercase());
            // The piece before stands alone ("(Mait" yes, "Kent-" or "l'Mait" no); the piece after
            // is not itself hyphenated or elided ("land-", "land's").
            let before = text[..a.range.start].chars().next_back();
            let after = text[b.range.end..].chars().next();
            if !first_ok
                || !second_ok
                || before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-' || is_apostrophe(c))
                || after.is_some_and(|c| c == '-' || is_apostrophe(c))
            {
                continue;
            }
            let joined = format!("{}{y}", x.to_ascii_lowercase());
            if !self.lexicon().contains(&joined) || (a.known && b.known) {
                continue;
            }
            out.push(Fixed::LineHyphen.proposal(
                a.range.end..a.range.end + nl,
                "-".into(),
                format!("{x:?} ending a line and {y:?} starting the next are {joined:?}: OCR lost the hyphen"),
            ));
        }
        out
    }
}
