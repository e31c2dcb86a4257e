//! How much a string looks like an English word or name: a character trigram model over the
//! lexicon. Names the lexicon lacks ("Kitching", "Mosman") still look like words; misreadings
//! ("Rcgimont", "Ofllco") mostly do not. The corrector protects plausible unknown words more.

use super::lexicon::{FxMap, Lexicon};

const BOUNDARY: char = '^';

/// Character trigram log-probabilities with add-one smoothing over the lexicon's word types.
pub struct CharModel {
    trigrams: FxMap<[char; 3], u32>,
    bigrams: FxMap<[char; 2], u32>,
    alphabet: f64,
}

/// Calls `f` with each window of three characters of `w` padded with boundaries ("^^w^"), with
/// no buffer allocated.
fn windows(w: &str, mut f: impl FnMut(char, char, char)) {
    let (mut a, mut b) = (BOUNDARY, BOUNDARY);
    for c in w.chars().chain(std::iter::once(BOUNDARY)) {
        f(a, b, c);
        (a, b) = (b, c);
    }
}

impl CharModel {
    pub fn from_lexicon(lex: &Lexicon) -> CharModel {
        let mut trigrams: FxMap<[char; 3], u32> = FxMap::default();
        let mut bigrams: FxMap<[char; 2], u32> = FxMap::default();
        for id in 0..lex.len() as u32 {
            windows(lex.word(id), |a, b, c| *trigrams.entry([a, b, c]).or_default() += 1);
        }
        // Each window counts once for its trigram and once for its first two characters: the
        // bigram counts are the trigram counts summed (a few thousand entries, not a pass over
        // the lexicon).
        for (&[a, b, _], &n) in &trigrams {
            *bigrams.entry([a, b]).or_default() += n;
        }
        CharModel { trigrams, bigrams, alphabet: 40.0 }
    }

    /// ln P(c | a b), smoothed.
    fn logp(&self, a: char, b: char, c: char) -> f64 {
        let tri = self.trigrams.get(&[a, b, c]).copied().unwrap_or(0);
        let bi = self.bigrams.get(&[a, b]).copied().unwrap_or(0);
        ((f64::from(tri) + 1.0) / (f64::from(bi) + self.alphabet)).ln()
    }

    /// Mean ln P(character | two before) over the lowercase word, boundaries included.
    pub fn mean_logp(&self, lower: &str) -> f64 {
        let mut total = 0.0;
        let mut n = 0;
        windows(lower, |a, b, c| {
            total += self.logp(a, b, c);
            n += 1;
        });
        total / f64::from(n.max(1))
    }

    /// The least likely character of the lowercase word given the two before it (ln P),
    /// boundaries included: a misreading usually has one character no word would have there
    /// ("cieek", "manlj"), a name the lexicon lacks ("rennie", "gorman") rarely.
    pub fn min_logp(&self, lower: &str) -> f64 {
        let mut min = 0.0f64;
        windows(lower, |a, b, c| min = min.min(self.logp(a, b, c)));
        min
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_look_more_like_words_than_misreadings() {
        let words = ["king", "kitchen", "itching", "witching", "regiment", "moment", "office", "chin", "sing", "man"];
        let lex = Lexicon::from_counts(words.iter().map(|w| (*w, 1)));
        let m = CharModel::from_lexicon(&lex);
        assert!(m.mean_logp("kitching") > m.mean_logp("rcgimont"));
        assert!(m.mean_logp("kitching") > m.mean_logp("ofllco"));
    }

    #[test]
    fn a_misreading_has_one_character_no_word_has_there() {
        let words = ["many", "manly", "germany", "orman", "norman", "gorge", "man", "only"];
        let lex = Lexicon::from_counts(words.iter().map(|w| (*w, 1)));
        let m = CharModel::from_lexicon(&lex);
        assert!(m.min_logp("gorman") > m.min_logp("manlj"));
        assert!(m.min_logp("manly") <= 0.0);
    }
}
