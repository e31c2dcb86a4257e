//! Language-model evidence: does the sentence read better with the candidate original than as
//! written? The margin compares the window `prev candidate next` with `prev written next` under
//! the built-in bigram model, where `prev` and `next` are the neighbouring words as the first,
//! context-free pass would restore them (a spun neighbour is a poor context).

use crate::dict::Hit;
use crate::lm::LanguageModel;

/// The words of a document around the dictionary hits, with the first pass's provisional
/// restorations in place of confident hits.
pub(crate) struct Window<'a> {
    pub text: &'a str,
    /// Lowercase words with their byte starts (`condition::lowercase_words`).
    pub words: &'a [(usize, &'a str)],
    pub hits: &'a [Hit],
    /// Per hit: its provisional restoration (lowercase), or `None` when left as written.
    pub provisional: &'a [Option<String>],
}

/// Characters that end the context window: a bigram across them says nothing.
fn breaks_context(between: &str) -> bool {
    between.chars().any(|c| !c.is_whitespace() && !matches!(c, '\'' | '’'))
}

impl Window<'_> {
    /// The hit containing byte `b`, if any.
    fn hit_at(&self, b: usize) -> Option<usize> {
        let k = self.hits.partition_point(|h| h.end <= b);
        (k < self.hits.len() && self.hits[k].start <= b).then_some(k)
    }

    /// The restored form of the word starting at `b` (its hit's provisional text when inside one),
    /// taking the `last` or first word of a phrase.
    fn word_as_restored(&self, b: usize, word: &str, last: bool) -> String {
        if let Some(h) = self.hit_at(b) {
            if let Some(p) = &self.provisional[h] {
                let w = if last { p.split_whitespace().last() } else { p.split_whitespace().next() };
                return w.unwrap_or(word).to_string();
            }
        }
        word.to_string()
    }

    /// Previous and next words of hit `i`, within its clause.
    pub fn neighbours(&self, i: usize) -> (Option<String>, Option<String>) {
        let h = &self.hits[i];
        if self.words.is_empty() {
            return (None, None);
        }
        let k = self.words.partition_point(|(s, _)| *s < h.start);
        let prev = k.checked_sub(1).map(|j| &self.words[j]).and_then(|(s, w)| {
            let end = s + w.len();
            (end <= h.start && !breaks_context(&self.text[end..h.start])).then(|| self.word_as_restored(*s, w, true))
        });
        let n = self.words.partition_point(|(s, _)| *s < h.end);
        let next = self
            .words
            .get(n)
            .and_then(|(s, w)| (!breaks_context(&self.text[h.end..*s])).then(|| self.word_as_restored(*s, w, false)));
        (prev, next)
    }
}

/// The words a phrase joins its neighbours with: its first and its last (the same for one word).
fn first_and_last_word(phrase: &str) -> Option<(&str, &str)> {
    Some((phrase.split_whitespace().next()?, phrase.split_whitespace().next_back()?))
}

/// Whether the model knows how often `candidate` joins its neighbours: each join is a listed
/// bigram, or its absence from the list is informative (both words frequent enough that chance
/// alone would have listed the pair; [`LanguageModel::association`]). A join the model cannot
/// judge backs off to a capped floor, which reads as evidence against the candidate when it is not.
pub(crate) fn joins_known(lm: &LanguageModel, prev: Option<&str>, next: Option<&str>, candidate: &str) -> bool {
    let lower = crate::casing::lowercase_if_needed(candidate);
    let Some((first, last)) = first_and_last_word(&lower) else {
        return true;
    };
    prev.map_or(true, |p| lm.association(p, first).is_some())
        && next.map_or(true, |n| lm.association(last, n).is_some())
}

/// What the neighbours add: [`margin`] minus the two phrases' own log-probabilities (how much
/// better `candidate` fits between `prev` and `next` than `written` does, beyond being a more
/// common phrase: frequency is the base rate's job).
///
/// The phrases' inner bigrams cancel out of that difference, so only the joins with the
/// neighbours are computed ([`joins`]).
#[cfg(test)]
pub(crate) fn context_margin(
    lm: &LanguageModel,
    prev: Option<&str>,
    next: Option<&str>,
    candidate: &str,
    written: &str,
) -> f64 {
    joins(lm, prev, next, candidate) - joins(lm, prev, next, written)
}

/// How well `phrase` joins its neighbours, the part of its window's score that differs between
/// two phrases: log10 P(first | prev) − log10 P(first) + log10 P(next | last). A hit's candidates
/// share its written phrase's joins, so the detector computes those once per hit.
pub(crate) fn joins(lm: &LanguageModel, prev: Option<&str>, next: Option<&str>, phrase: &str) -> f64 {
    let lower = crate::casing::lowercase_if_needed(phrase);
    let Some((first, last)) = first_and_last_word(&lower) else {
        return 0.0;
    };
    prev.map_or(0.0, |p| lm.logp_next(p, first) - lm.logp(first)) + next.map_or(0.0, |n| lm.logp_next(last, n))
}

/// log10 P(prev candidate next) − log10 P(prev written next).
pub(crate) fn margin(
    lm: &LanguageModel,
    prev: Option<&str>,
    next: Option<&str>,
    candidate: &str,
    written: &str,
) -> f64 {
    let seq = |phrase: &str| -> f64 {
        let lower = phrase.to_lowercase();
        let mut ws: Vec<&str> = Vec::with_capacity(4);
        ws.extend(prev);
        ws.extend(lower.split_whitespace());
        ws.extend(next);
        let s = lm.score(&ws);
        // The shared first word's unigram cancels out between the two windows.
        s - prev.map_or(0.0, |p| lm.logp(p))
    };
    seq(candidate) - seq(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut must equal the definition: margin minus the phrases' own scores.
    #[test]
    fn joins_are_known_for_listed_or_informatively_missing_bigrams_only() {
        let lm = LanguageModel::builtin();
        assert!(joins_known(lm, Some("officials"), Some("on"), "said"));
        assert!(joins_known(lm, None, None, "zygote"));
        // "catapulted zygote" is missing from the list because both words are rare: no evidence.
        assert!(!joins_known(lm, Some("catapulted"), None, "zygote"));
    }

    #[test]
    fn context_margin_is_margin_without_the_phrases_own_scores() {
        let lm = LanguageModel::builtin();
        let own = |p: &str| lm.score(&p.split_whitespace().collect::<Vec<_>>());
        for (prev, next, c, w) in [
            (Some("officials"), Some("on"), "said", "mentioned"),
            (Some("killed"), Some("143"), "at least", "a minimum of"),
            (None, Some("of"), "price", "value"),
            (Some("the"), None, "live performance", "concert"),
            (None, None, "death toll", "loss of life"),
        ] {
            let want = margin(lm, prev, next, c, w) - (own(c) - own(w));
            let got = context_margin(lm, prev, next, c, w);
            assert!((want - got).abs() < 1e-9, "{c} / {w}: {want} vs {got}");
        }
    }

    #[test]
    fn the_model_prefers_the_original_in_context() {
        let lm = LanguageModel::builtin();
        assert!(margin(lm, Some("officials"), Some("on"), "said", "mentioned") > 0.5);
        assert!(margin(lm, Some("killed"), Some("143"), "at least", "a minimum of") > 0.5);
        // "the value of" is English: no reason to prefer "price".
        assert!(margin(lm, Some("the"), Some("of"), "price", "value") < 0.5);
    }
}
