//! The built-in English thesaurus, with multi-word terms and a reverse index.
//!
//! Built from WordNet 3.0 synsets and the Moby Thesaurus (see `dictionaries/SOURCES.md`), plus the
//! inflected forms of their pairs ("attack" ~ "assault" gives "attacks" ~ "assaults"), by
//! `scripts/build_language_data.py` into `dictionaries/thesaurus/*.tsv`, and compiled by `build.rs`
//! into an `fst` term index and flat id lists embedded in the binary.
//!
//! A spinner replaces a word `w` by one of `synonyms(w)`; given the spun text, the candidates for
//! the original are [`Thesaurus::reverse`] of what was written.
//!
//! ```
//! use unspin::thesaurus::Thesaurus;
//!
//! let th = Thesaurus::builtin();
//! assert!(th.synonyms("according to").contains(&"in accordance with"));
//! assert!(th.reverse("in accordance with").contains(&"according to"));
//! ```

use fst::Map;
use std::sync::OnceLock;

static TERMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/thesaurus_terms.fst"));
static STRINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/thesaurus_strings.bin"));
static SYN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/thesaurus_syn.bin"));
static REV: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/thesaurus_rev.bin"));

/// Synonym lists of lowercase terms, one to three words. See the [module docs](self).
pub struct Thesaurus {
    terms: Map<&'static [u8]>,
    len: usize,
    strings: &'static [u8],
    syn: &'static [u8],
    rev: &'static [u8],
}

fn u32_at(bytes: &[u8], index: usize) -> usize {
    u32::from_le_bytes(bytes[index * 4..index * 4 + 4].try_into().expect("4 bytes")) as usize
}

impl Thesaurus {
    /// The thesaurus compiled into the binary, built once on first use (a few microseconds).
    pub fn builtin() -> &'static Thesaurus {
        static THESAURUS: OnceLock<Thesaurus> = OnceLock::new();
        THESAURUS.get_or_init(|| {
            let terms = Map::new(TERMS).expect("build.rs writes a valid term fst");
            let len = terms.len();
            Thesaurus { terms, len, strings: STRINGS, syn: SYN, rev: REV }
        })
    }

    /// Number of distinct terms (headwords and synonyms).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the thesaurus has no terms (never, for the built-in one).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `term` (lowercase) appears as a headword or as a synonym.
    pub fn contains(&self, term: &str) -> bool {
        self.terms.contains_key(term)
    }

    fn term(&self, id: usize) -> &'static str {
        let strings: &'static [u8] = self.strings;
        let base = (self.len + 1) * 4;
        let (start, end) = (u32_at(strings, id), u32_at(strings, id + 1));
        std::str::from_utf8(&strings[base + start..base + end]).expect("build.rs writes UTF-8 terms")
    }

    fn list(&self, postings: &'static [u8], term: &str) -> Vec<&'static str> {
        let Some(id) = self.terms.get(term) else { return Vec::new() };
        let id = id as usize;
        let base = self.len + 1;
        (u32_at(postings, id)..u32_at(postings, id + 1)).map(|i| self.term(u32_at(postings, base + i))).collect()
    }

    /// Synonyms of a lowercase term (possibly multi-word), in byte order; empty when unknown.
    ///
    /// ```
    /// let th = unspin::thesaurus::Thesaurus::builtin();
    /// assert!(th.synonyms("attack").contains(&"assault"));
    /// assert!(th.synonyms("attacks").contains(&"assaults")); // inflected pairs are included
    /// assert!(th.synonyms("qzxv").is_empty());
    /// ```
    pub fn synonyms(&self, term: &str) -> Vec<&str> {
        self.list(self.syn, term)
    }

    /// Terms whose synonym lists contain `term`: the candidates for what a spinner replaced by it.
    ///
    /// ```
    /// let th = unspin::thesaurus::Thesaurus::builtin();
    /// assert!(th.reverse("assault").contains(&"attack"));
    /// ```
    pub fn reverse(&self, term: &str) -> Vec<&str> {
        self.list(self.rev, term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn th() -> &'static Thesaurus {
        Thesaurus::builtin()
    }

    #[test]
    fn lists_are_sorted_and_never_contain_the_term_itself() {
        for term in ["attack", "security", "said", "according to", "death"] {
            let syns = th().synonyms(term);
            assert!(!syns.is_empty(), "{term}");
            assert!(syns.windows(2).all(|w| w[0] < w[1]), "{term}: {syns:?}");
            assert!(!syns.contains(&term), "{term}");
        }
    }

    #[test]
    fn reverse_is_the_inverse_of_synonyms() {
        for term in ["attack", "security", "according to"] {
            for s in th().synonyms(term) {
                assert!(th().reverse(s).contains(&term), "{term} -> {s}");
            }
        }
    }

    #[test]
    fn spinner_pairs_from_the_dev_data_are_covered() {
        // (original, spun) pairs the spinner in ../shared/README.md produced.
        for (original, spun) in [
            ("security", "safety"),
            ("attack", "assault"),
            ("attacks", "assaults"),
            ("according to", "in accordance with"),
            ("said", "mentioned"),
            ("possible", "attainable"),
            ("rare", "uncommon"),
        ] {
            assert!(th().reverse(spun).contains(&original), "{original} -> {spun}");
        }
    }

    #[test]
    fn unknown_terms_have_no_lists() {
        assert!(th().synonyms("").is_empty());
        assert!(th().reverse("zzqx yy").is_empty());
        assert!(!th().contains("zzqx"));
    }
}
