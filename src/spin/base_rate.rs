//! Base rates: how likely a rendering seen in a spun document is a rendering at all.
//!
//! A spun document holds the spinner's rendering `X` of an original `Y` wherever `Y` was written,
//! and `X` itself wherever the writer chose `X` and the spinner left it alone. So the odds that
//! an `X` is a rendering are about
//!
//! ```text
//! f(Y) · rate · share(X among Y's renderings)  /  f(X) · survival(X)
//! ```
//!
//! with `f` the word's frequency in English and `survival(X)` small when the spinner rewrites
//! `X` too (a chain: "risk" renders "threat" while "risk" itself becomes "danger", so a "risk"
//! in spun text is almost never the writer's). "mentioned" for "said" gets high odds; "value" for
//! "price" gets even odds, so its context must decide.

use crate::dict::Entry;
use std::collections::{HashMap, HashSet};

/// The spinner's rewrite rate for a word in its map (dev article: nearly every occurrence).
const RATE: f64 = 0.9;

/// English frequencies (Zipf scale) of the dictionary's single words and the map's shape.
pub struct BaseRates {
    zipf: HashMap<String, f64>,
    /// Renderings per original (lowercase).
    renderings: HashMap<String, usize>,
    /// Originals (lowercase): words the spinner rewrites.
    rewritten: HashSet<String>,
}

const BUILTIN_ZIPF: &str = include_str!("../../dictionaries/spin/news.zipf.tsv");

impl BaseRates {
    /// With the built-in frequency table (`dictionaries/spin/news.zipf.tsv`).
    pub fn builtin(entries: &[Entry]) -> BaseRates {
        BaseRates::new(BUILTIN_ZIPF, entries)
    }

    /// `table`: `word<TAB>zipf` lines, `#` comments.
    pub fn new(table: &str, entries: &[Entry]) -> BaseRates {
        let zipf = table
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(w, z)| Some((w.to_string(), z.trim().parse().ok()?)))
            .collect();
        let mut renderings: HashMap<String, usize> = HashMap::new();
        for e in entries {
            *renderings.entry(e.original.to_lowercase()).or_default() += 1;
        }
        let rewritten = renderings.keys().cloned().collect();
        BaseRates { zipf, renderings, rewritten }
    }

    /// Natural-log odds that `entry.spun`, seen in a spun document, renders `entry.original`;
    /// `None` for phrases or words without a frequency.
    pub fn log_odds(&self, entry: &Entry) -> Option<f64> {
        let (x, y) = (entry.spun.to_lowercase(), entry.original.to_lowercase());
        if x.contains(' ') || y.contains(' ') {
            return None;
        }
        let (zx, zy) = (*self.zipf.get(&x)?, *self.zipf.get(&y)?);
        if zx <= 0.0 || zy <= 0.0 {
            return None;
        }
        let share = 1.0 / self.renderings.get(&y).copied().unwrap_or(1).max(1) as f64;
        let survival = if self.rewritten.contains(&x) { 1.0 - RATE } else { 1.0 };
        Some((zy - zx) * std::f64::consts::LN_10 + (RATE * share / survival).ln())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Dictionary;

    #[test]
    fn common_originals_and_chains_raise_the_odds() {
        let d = Dictionary::parse("t", "danger\trisk\nmentioned\tsaid\nrisk\tthreat\nvalue\tprice\n").unwrap();
        let b = BaseRates::new(
            "danger\t4.6\nmentioned\t4.8\nprice\t5.2\nrisk\t5.0\nsaid\t6.0\nthreat\t4.9\nvalue\t5.2\n",
            &d.entries,
        );
        let odds = |i: usize| b.log_odds(&d.entries[i]).unwrap();
        assert!(odds(1) > 2.0, "mentioned→said: {}", odds(1));
        assert!(odds(3).abs() < 0.5, "value→price: {}", odds(3));
        // "risk" is rewritten itself ("danger"), so a "risk" in spun text renders "threat".
        assert!(odds(2) > 1.5, "risk→threat: {}", odds(2));
    }
}
