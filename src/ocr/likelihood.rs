//! Document-level OCR likelihood: how much a text looks like OCR output, from cheap counts.
//!
//! Clean edited text has few words outside a large lexicon (mostly names) and almost no
//! "impossible" words (digits inside letters, "COUNTnY"-style case flips) or stray symbols
//! ("»", "¡", "^", "|"). OCR of old print has many. The stage repairs nothing in a document
//! whose likelihood is low, so clean text passes untouched at the cost of one lexicon lookup per
//! word.

/// Counts gathered over a document's words.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evidence {
    /// Alphabetic words of two or more letters.
    pub words: usize,
    /// Of those, words the lexicon does not know.
    pub unknown: usize,
    /// Words mixing letters and digits, or with case flipping inside ("COUNTnY", "tHe").
    pub odd: usize,
    /// Characters that print rarely but OCR produces from specks and smudges.
    pub specks: usize,
}

impl Evidence {
    /// Out-of-lexicon rate.
    pub fn unknown_rate(&self) -> f64 {
        self.unknown as f64 / self.words.max(1) as f64
    }

    /// Confusion-character rate: odd words and speck characters per word.
    pub fn confusion_rate(&self) -> f64 {
        (self.odd + self.specks) as f64 / self.words.max(1) as f64
    }

    /// Likelihood in [0, 1] that the text is OCR output needing repair.
    ///
    /// A logistic over unknown and confusion rates: clean news prose sits near 3% unknown
    /// words and 0% confusions (likelihood ≈ 0); dev OCR sits at 10–30% unknown words.
    pub fn likelihood(&self) -> f64 {
        if self.words < 8 {
            // Too little text to judge: a short clean snippet must not be "repaired".
            return 0.0;
        }
        let z = (self.unknown_rate() - 0.07) / 0.015 + (self.confusion_rate() - 0.01) / 0.01;
        1.0 / (1.0 + (-z).exp())
    }
}

/// True for characters that OCR makes from dirt far more often than print uses them.
pub fn is_speck(c: char) -> bool {
    matches!(c, '»' | '«' | '¡' | '¿' | '^' | '|' | '¦' | '~' | '■' | '□' | '•' | '{' | '}' | '\\' | '_' | '¬')
}

/// True when a word has digits among letters ("1ndia", "Slst" is fine) or its case flips from
/// lower to upper inside ("COUNTnY", "tHe"): shapes print rarely has.
pub fn is_odd_word(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let digits = w.chars().filter(char::is_ascii_digit).count();
    if letters > 0 && digits > 0 {
        // Ordinals and units ("31st", "10th", "6d", "20s") are normal.
        let tail: String = w.chars().skip_while(char::is_ascii_digit).collect();
        let ordinal = matches!(tail.as_str(), "st" | "nd" | "rd" | "th" | "s" | "d" | "ft" | "in" | "lb" | "am" | "pm");
        return !ordinal;
    }
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    let lower = w.chars().filter(|c| c.is_lowercase()).count();
    if upper < 2 || lower == 0 {
        return false;
    }
    !is_camel_name(w)
}

/// "McDonald", "MacArthur", "iPhone": an optional lowercase letter, then one or two capitalised
/// parts.
fn is_camel_name(w: &str) -> bool {
    let cs: Vec<char> = w.chars().collect();
    let mut i = usize::from(cs.first().is_some_and(|c| c.is_lowercase()));
    let mut parts = 0;
    while i < cs.len() {
        if !cs[i].is_uppercase() {
            return false;
        }
        let start = i + 1;
        i = start;
        while i < cs.len() && cs[i].is_lowercase() {
            i += 1;
        }
        if i == start {
            return false;
        }
        parts += 1;
    }
    (1..=2).contains(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_prose_scores_low_and_ocr_high() {
        let clean = Evidence { words: 800, unknown: 24, odd: 0, specks: 1 };
        let ocr = Evidence { words: 800, unknown: 150, odd: 20, specks: 30 };
        assert!(clean.likelihood() < 0.05, "{}", clean.likelihood());
        assert!(ocr.likelihood() > 0.95, "{}", ocr.likelihood());
        assert_eq!(Evidence { words: 3, unknown: 3, odd: 3, specks: 3 }.likelihood(), 0.0);
    }

    #[test]
    fn odd_words() {
        for w in ["COUNTnY", "1ndia", "THe", "LAnd"] {
            assert!(is_odd_word(w), "{w}");
        }
        for w in ["31st", "McDonald", "iPhone", "COUNTRY", "Creek", "20s"] {
            assert!(!is_odd_word(w), "{w}");
        }
    }
}
