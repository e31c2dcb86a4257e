//! Word bigrams of edited print (the Brown corpus, `dictionaries/lm/print_bigrams.tsv`, built by
//! `scripts/build_print_bigrams.py`), mixed into the OCR stage's context model.
//!
//! The shipped model's bigrams (`src/lm.rs`) are the frequent pairs of a web-scale list; pairs
//! below its threshold back off to unigram probabilities. A million words of edited prose know
//! many of those pairs ("official assignee", "per acre", "will be" after a rare word), so the
//! stage scores a step as ln((1 − μ)·P_model(w | prev) + μ·c(prev w) / c(prev)) where the print
//! counts know `prev`, and as the model alone elsewhere. μ is [`super::Params::print_lm`].

use crate::fxhash::FxMap;
use std::sync::OnceLock;

const PRINT_BIGRAMS_TSV: &str = include_str!("../../dictionaries/lm/print_bigrams.tsv");

/// Bigram and context counts of the print corpus.
pub struct PrintBigrams {
    /// `w` → how often a word follows it.
    contexts: FxMap<&'static str, u32>,
    /// `"w1 w2"` → count (pairs seen at least twice).
    bigrams: FxMap<&'static str, u32>,
}

impl PrintBigrams {
    /// The shipped counts, parsed once per process.
    pub fn builtin() -> &'static PrintBigrams {
        static SHARED: OnceLock<PrintBigrams> = OnceLock::new();
        SHARED.get_or_init(|| PrintBigrams::parse(PRINT_BIGRAMS_TSV))
    }

    fn parse(tsv: &'static str) -> PrintBigrams {
        let mut contexts = FxMap::default();
        let mut bigrams = FxMap::default();
        for line in tsv.lines() {
            let Some((key, count)) = line.split_once('\t') else { continue };
            let Ok(count) = count.trim().parse::<u32>() else { continue };
            if key.contains(' ') {
                bigrams.insert(key, count);
            } else {
                contexts.insert(key, count);
            }
        }
        PrintBigrams { contexts, bigrams }
    }

    /// P(w | prev) in the print corpus, when it has seen `prev` followed by a word; `pair` is
    /// `"prev w"`.
    pub fn p_next(&self, prev: &str, pair: &str) -> Option<f64> {
        let n = *self.contexts.get(prev)?;
        let c = self.bigrams.get(pair).copied().unwrap_or(0);
        Some(f64::from(c) / f64::from(n))
    }

    /// The print corpus's count of `pair` ("prev w") and of `prev` followed by any word, when it
    /// has seen `prev`.
    pub fn counts(&self, prev: &str, pair: &str) -> Option<(u32, u32)> {
        let n = *self.contexts.get(prev)?;
        Some((self.bigrams.get(pair).copied().unwrap_or(0), n))
    }

    /// ln of the mixture of a model's `p_model` (a probability) with the print estimate.
    pub fn mix(&self, prev: &str, pair: &str, p_model: f64, weight: f64) -> f64 {
        match self.p_next(prev, pair) {
            Some(p) if weight > 0.0 => ((1.0 - weight) * p_model + weight * p).ln(),
            _ => p_model.ln(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_parse_and_mix() {
        let b = PrintBigrams::parse("official\t10\nofficial assignee\t4\n");
        assert_eq!(b.p_next("official", "official assignee"), Some(0.4));
        assert_eq!(b.p_next("official", "official duty"), Some(0.0));
        assert_eq!(b.p_next("assignee", "assignee is"), None);
        let base = 1e-6;
        assert!(b.mix("official", "official assignee", base, 0.3) > base.ln());
        assert!((b.mix("assignee", "assignee is", base, 0.3) - base.ln()).abs() < 1e-12);
        assert!((b.mix("official", "official assignee", base, 0.0) - base.ln()).abs() < 1e-12);
    }

    /// No pair is counted more often than its first word is followed by anything: the print
    /// estimate is a probability (the OCR stage's `NoWin` bound relies on it).
    #[test]
    fn shipped_pairs_never_outnumber_their_context() {
        let b = PrintBigrams::builtin();
        for (pair, &c) in &b.bigrams {
            let prev = pair.split(' ').next().unwrap();
            assert!(b.contexts.get(prev).is_none_or(|&n| c <= n), "{pair}");
        }
    }

    #[test]
    fn shipped_counts_know_common_pairs() {
        let b = PrintBigrams::builtin();
        assert!(b.p_next("will", "will be").unwrap() > 0.1);
        assert!(b.p_next("per", "per acre").unwrap() > 0.0);
    }
}
