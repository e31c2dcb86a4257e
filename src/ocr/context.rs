//! Context scoring: how well a word (or a split or merged reading) fits between its neighbours,
//! by the shipped language model.
//!
//! Every reading of a spot is scored over the same window, from the word before it to the word
//! after it: ln P(w₁ | prev) + ln P(w₂ | w₁) + … + ln P(next | wₙ), so that one word, two words
//! (a split) or one word for two (a merge) compare on equal terms.

/// What the OCR stage needs from a language model.
pub trait ContextModel: Send + Sync {
    /// ln P(w | prev) over lowercase words; `w` known to the model.
    fn logp_next(&self, prev: &str, w: &str) -> f64;
    /// ln P(w) over lowercase words; `w` known to the model.
    fn logp(&self, w: &str) -> f64;
    /// An upper bound on every value [`Self::logp_next`] and [`Self::logp`] return (0 for a model
    /// of probabilities, give or take rounding). The OCR stage skips readings that cannot win by
    /// it; infinity, the default, promises nothing and skips none.
    fn max_logp(&self) -> f64 {
        f64::INFINITY
    }
}

/// ln P of an unknown word: rarer than anything the model knows.
pub const UNKNOWN_LOGP: f64 = -19.0;

/// Scores readings of a spot given its neighbours.
pub struct Window<'a> {
    pub prev: Option<&'a str>,
    pub next: Option<&'a str>,
}

impl Window<'_> {
    /// ln P of `words` (lowercase; `None` = a word the model does not know) between the
    /// neighbours.
    pub fn logp<M: ContextModel + ?Sized>(&self, model: &M, words: &[Option<&str>]) -> f64 {
        let mut total = 0.0;
        let mut prev = self.prev;
        for w in words {
            total += step(model, prev, *w);
            prev = *w;
        }
        if let Some(n) = self.next {
            total += step(model, prev, Some(n));
        }
        total
    }
}

fn step<M: ContextModel + ?Sized>(model: &M, prev: Option<&str>, w: Option<&str>) -> f64 {
    match (prev, w) {
        (_, None) => UNKNOWN_LOGP,
        (Some(p), Some(w)) => model.logp_next(p, w),
        (None, Some(w)) => model.logp(w),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A tiny bigram model with add-one style backoff, for tests.
    pub struct TinyModel {
        pub uni: HashMap<String, f64>,
        pub bi: HashMap<(String, String), f64>,
        pub total: f64,
    }

    impl TinyModel {
        pub fn new(uni: &[(&str, f64)], bi: &[(&str, &str, f64)]) -> TinyModel {
            TinyModel {
                uni: uni.iter().map(|(w, c)| (w.to_string(), *c)).collect(),
                bi: bi.iter().map(|(a, b, c)| ((a.to_string(), b.to_string()), *c)).collect(),
                total: uni.iter().map(|x| x.1).sum(),
            }
        }
    }

    impl ContextModel for TinyModel {
        /// Probabilities (bound 0) when no bigram outnumbers its first word.
        fn max_logp(&self) -> f64 {
            let ok = self.bi.iter().all(|((a, _), c)| *c <= self.uni.get(a).copied().unwrap_or(1.0));
            if ok {
                0.0
            } else {
                f64::INFINITY
            }
        }
        fn logp(&self, w: &str) -> f64 {
            (self.uni.get(w).copied().unwrap_or(0.5) / self.total).ln()
        }
        fn logp_next(&self, prev: &str, w: &str) -> f64 {
            match self.bi.get(&(prev.to_string(), w.to_string())) {
                Some(c) => (c / self.uni.get(prev).copied().unwrap_or(1.0)).ln(),
                None => 0.4f64.ln() + self.logp(w),
            }
        }
    }

    #[test]
    fn windows_compare_one_and_two_words() {
        let m = TinyModel::new(
            &[("the", 100.0), ("cat", 10.0), ("sat", 10.0)],
            &[("the", "cat", 8.0), ("cat", "sat", 5.0)],
        );
        let w = Window { prev: Some("the"), next: Some("sat") };
        assert!(w.logp(&m, &[Some("cat")]) > w.logp(&m, &[None]));
        assert!(w.logp(&m, &[Some("cat")]) > w.logp(&m, &[Some("sat")]));
    }
}
