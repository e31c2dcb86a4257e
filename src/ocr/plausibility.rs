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

impl CharModel {
    pub fn from_lexicon(lex: &Lexicon) -> CharModel {
        let mut trigrams: FxMap<[char; 3], u32> = FxMap::default();
        let mut bigrams: FxMap<[char; 2], u32> = FxMap::default();
        for id in 0..lex.len() as u32 {
            let cs = padded(lex.word(id));
            for w in cs.windows(3) {
                *trigrams.entry([w[0], w[1], w[2]]).or_default() += 1;
                *bigrams.entry([w[0], w[1]]).or_default() += 1;
            }
        }
        CharModel { trigrams, bigrams, alphabet: 40.0 }
    }

    /// Mean ln P(character | two before) over the lowercase word, boundaries included.
    pub fn mean_logp(&self, lower: &str) -> f64 {
        let cs = padded(lower);
        let mut total = 0.0;
        let mut n = 0;
        for w in cs.windows(3) {
            let tri = self.trigrams.get(&[w[0], w[1], w[2]]).copied().unwrap_or(0);
            let bi = self.bigrams.get(&[w[0], w[1]]).copied().unwrap_or(0);
            total += ((f64::from(tri) + 1.0) / (f64::from(bi) + self.alphabet)).ln();
            n += 1;
        }
        total / f64::from(n.max(1))
    }

    /// The least likely character of the lowercase word given the two before it (ln P),
    /// boundaries included: a misreading usually has one character no word would have there
    /// ("cieek", "manlj"), a name the lexicon lacks ("rennie", "gorman") rarely.
    pub fn min_logp(&self, lower: &str) -> f64 {
        let cs = padded(lower);
        cs.windows(3)
            .map(|w| {
                let tri = self.trigrams.get(&[w[0], w[1], w[2]]).copied().unwrap_or(0);
                let bi = self.bigrams.get(&[w[0], w[1]]).copied().unwrap_or(0);
                ((f64::from(tri) + 1.0) / (f64::from(bi) + self.alphabet)).ln()
            })
            .fold(0.0, f64::min)
    }
}

fn padded(w: &str) -> Vec<char> {
    let mut v = vec![BOUNDARY, BOUNDARY];
    v.extend(w.chars());
    v.push(BOUNDARY);
    v
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
