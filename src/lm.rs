//! The built-in English language model: unigram and bigram counts with backoff smoothing.
//!
//! The counts come from the frequency lists shipped with symspellpy (MIT; see
//! `dictionaries/SOURCES.md`), rebuilt by `scripts/build_language_data.py` into
//! `dictionaries/lm/*.tsv` and compiled by `build.rs` into `fst` maps embedded in the binary, so
//! [`LanguageModel::builtin`] costs microseconds and no file is read at run time.
//!
//! Keys are lowercase words; callers lowercase (the spinner and OCR stages decide how to treat case).
//!
//! ```
//! use unspin::lm::LanguageModel;
//!
//! let lm = LanguageModel::builtin();
//! assert!(lm.contains("the"));
//! assert!(lm.logp("the") > lm.logp("thee"));
//! // "officials said the" reads as English; "officials the said" does not.
//! assert!(lm.score(&["officials", "said", "the"]) > lm.score(&["officials", "the", "said"]));
//! ```

use crate::fxhash::FxMap;
use fst::Map;
use std::cell::RefCell;
use std::sync::OnceLock;

mod consts {
    include!(concat!(env!("OUT_DIR"), "/lm_consts.rs"));
}

static UNIGRAMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lm_unigrams.fst"));
static STATS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lm_stats.bin"));
static BIGRAM_IDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lm_bigram_ids.bin"));
static BIGRAM_COUNTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lm_bigram_counts.bin"));
const STAT_SIZE: usize = 28;

/// Per-thread memo of word lookups. An fst lookup decodes a node per byte (about a thousand
/// instructions a word); a spun document asks about the same few hundred words over and over, so
/// a hash lookup in front of it pays for itself many times. Bounded: emptied when full. (Bigrams
/// need no memo: with both words' records at hand, a bigram is a short binary search.)
#[derive(Default)]
struct LookupCache {
    stats: FxMap<Box<str>, Option<WordStats>>,
}

/// Entries per table before the cache is emptied (a few MB at most per thread).
const CACHE_CAPACITY: usize = 1 << 16;

fn with_cache<R>(f: impl FnOnce(&mut LookupCache) -> R) -> R {
    thread_local! {
        static CACHE: RefCell<LookupCache> = RefCell::new(LookupCache::default());
    }
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.stats.len() >= CACHE_CAPACITY {
            *c = LookupCache::default();
        }
        f(&mut c)
    })
}

/// Unigram and bigram counts with smoothed log10 probabilities. See the [module docs](self).
pub struct LanguageModel {
    unigrams: Map<&'static [u8]>,
    stats: &'static [u8],
    total: f64,
}

/// Per-word figures precomputed by `build.rs`.
#[derive(Clone, Copy, Debug, Default)]
struct WordStats {
    /// Index in the unigram list.
    id: u32,
    count: u64,
    /// Sum of the listed bigram counts with this word first.
    bigram_sum: u64,
    /// Unigram probability mass of the words that follow it in a listed bigram.
    covered: f64,
    /// The word's listed continuations: `first..first + listed` in the bigram tables.
    first: u32,
    listed: u32,
}

impl LanguageModel {
    /// The model compiled into the binary, built once on first use (a few microseconds).
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// assert!(lm.count("said") > lm.count("mentioned"));
    /// ```
    pub fn builtin() -> &'static LanguageModel {
        static MODEL: OnceLock<LanguageModel> = OnceLock::new();
        MODEL.get_or_init(|| LanguageModel {
            unigrams: Map::new(UNIGRAMS).expect("build.rs writes a valid unigram fst"),
            stats: STATS,
            total: consts::UNIGRAM_TOTAL as f64,
        })
    }

    fn stats(&self, word: &str) -> Option<WordStats> {
        with_cache(|c| {
            if let Some(&hit) = c.stats.get(word) {
                return hit;
            }
            // The lists write `'`; published text mostly `’` ("people’s"): one word to the model.
            let found = self.stats_uncached(&crate::casing::fold_apostrophes(word));
            c.stats.insert(word.into(), found);
            found
        })
    }

    fn stats_uncached(&self, word: &str) -> Option<WordStats> {
        let id = self.unigrams.get(word)?;
        let i = id as usize * STAT_SIZE;
        let rec = &self.stats[i..i + STAT_SIZE];
        let u64_at = |o: usize| u64::from_le_bytes(rec[o..o + 8].try_into().expect("8 bytes"));
        let u32_at = |o: usize| u32::from_le_bytes(rec[o..o + 4].try_into().expect("4 bytes"));
        Some(WordStats {
            id: id as u32,
            count: u64_at(0),
            bigram_sum: u64_at(8),
            listed: u32_at(16),
            covered: f32::from_le_bytes(rec[20..24].try_into().expect("4 bytes")) as f64,
            first: u32_at(24),
        })
    }

    /// Unigram count of a lowercase word (0 when unknown).
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// assert!(lm.count("the") > 1_000_000_000);
    /// assert_eq!(lm.count("qzxv"), 0);
    /// ```
    pub fn count(&self, word: &str) -> u64 {
        self.stats(word).map_or(0, |s| s.count)
    }

    /// Whether the lexicon lists the lowercase word.
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// assert!(lm.contains("concert") && !lm.contains("tbe"));
    /// ```
    pub fn contains(&self, word: &str) -> bool {
        self.unigrams.contains_key(word)
    }

    /// Number of words in the lexicon.
    pub fn len(&self) -> usize {
        self.unigrams.len()
    }

    /// Whether the lexicon is empty (never, for the built-in model).
    pub fn is_empty(&self) -> bool {
        self.unigrams.is_empty()
    }

    /// Unigram log10 probability. An unknown word gets a tenth of the rarest listed word's probability,
    /// so it always scores below every known word.
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// assert!(lm.logp("the") > lm.logp("thee"));
    /// assert!(lm.logp("thee") > lm.logp("tbe"));
    /// ```
    pub fn logp(&self, word: &str) -> f64 {
        self.unigram_p(word).log10()
    }

    fn unigram_p(&self, word: &str) -> f64 {
        self.unigram_p_of(self.count(word))
    }

    fn unigram_p_of(&self, count: u64) -> f64 {
        match count {
            0 => consts::MIN_UNIGRAM as f64 / 10.0 / self.total,
            c => c as f64 / self.total,
        }
    }

    /// Bigram count of the lowercase words `w1 w2` (0 when not listed; the list only holds bigrams
    /// above a frequency threshold).
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// assert!(lm.bigram_count("at", "least") > lm.bigram_count("a", "minimum"));
    /// ```
    pub fn bigram_count(&self, w1: &str, w2: &str) -> u64 {
        if w1.contains(' ') || w2.contains(' ') {
            return 0;
        }
        let (Some(a), Some(b)) = (self.stats(w1), self.stats(w2)) else { return 0 };
        Self::listed_count(&a, &b)
    }

    /// The listed count of the bigram `a b` (0 when not listed).
    fn listed_count(a: &WordStats, b: &WordStats) -> u64 {
        let id_at = |k: usize| u32::from_le_bytes(BIGRAM_IDS[4 * k..4 * k + 4].try_into().expect("4 bytes"));
        // Binary search for `b` among `a`'s continuations, sorted by index.
        let (mut lo, mut hi) = (a.first as usize, a.first as usize + a.listed as usize);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match id_at(mid).cmp(&b.id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return u64::from_le_bytes(BIGRAM_COUNTS[8 * mid..8 * mid + 8].try_into().expect("8 bytes"))
                }
            }
        }
        0
    }

    /// Conditional log10 P(word | prev) with backoff: a listed bigram gets its relative frequency; an
    /// unlisted one shares the mass the listed continuations leave, in proportion to the unigram
    /// probability, capped below the listing threshold (a bigram missing from the list is rarer than the
    /// rarest listed one). An unknown `prev` gives the unigram probability.
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// assert!(lm.logp_next("officials", "said") > lm.logp_next("officials", "mentioned"));
    /// assert!(lm.logp_next("at", "least") > lm.logp("least"));
    /// ```
    pub fn logp_next(&self, prev: &str, word: &str) -> f64 {
        // Each word's record is looked up once (a memo probe each).
        let word_stats = self.stats(word);
        let unigram_p = self.unigram_p_of(word_stats.map_or(0, |s| s.count));
        let Some(st) = self.stats(prev) else { return unigram_p.log10() };
        if st.bigram_sum == 0 {
            return unigram_p.log10();
        }
        // Occurrences of `prev` in the bigram corpus; never less than what its listed bigrams use.
        let context = (st.count as f64 * consts::BIGRAM_SCALE).max(st.bigram_sum as f64 * 1.05);
        let c = match &word_stats {
            Some(w) if !prev.contains(' ') && !word.contains(' ') => Self::listed_count(&st, w),
            _ => 0,
        };
        if c > 0 {
            return (c as f64 / context).log10();
        }
        let left = 1.0 - st.bigram_sum as f64 / context;
        let backoff = left * unigram_p / (1.0 - st.covered).max(0.001);
        let cap = consts::MIN_BIGRAM as f64 / context;
        backoff.min(cap).log10()
    }

    /// How much more often `w2` follows `w1` than chance predicts: log10 P(w2 | w1) / P(w2), when the
    /// model knows. A listed bigram gives its value; an unlisted one gives the bound its absence
    /// implies (negative) when the two words are frequent enough that chance alone would have put
    /// the pair on the list; otherwise nothing is known (`None`): the pair is simply too rare to say.
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// assert!(lm.association("officials", "said").unwrap() > 0.5);
    /// assert!(lm.association("the", "the").unwrap() < 0.0);
    /// assert_eq!(lm.association("catapulted", "zygote"), None);
    /// ```
    pub fn association(&self, w1: &str, w2: &str) -> Option<f64> {
        let (value, exact) = self.association_bound(w1, w2);
        (exact || value < 0.0).then_some(value)
    }

    /// The association of [`association`](Self::association) for a listed bigram (`exact` = true),
    /// else the upper bound that the bigram's absence from the list implies (`+∞` for an unknown word).
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// let (bound, exact) = lm.association_bound("officials", "mentioned");
    /// assert!(!exact && bound > 0.0 && bound.is_finite());
    /// ```
    pub fn association_bound(&self, w1: &str, w2: &str) -> (f64, bool) {
        let (Some(a), Some(b)) = (self.stats(w1), self.stats(w2)) else { return (f64::INFINITY, false) };
        let context = (a.count as f64 * consts::BIGRAM_SCALE).max(a.bigram_sum as f64 * 1.05);
        let chance = context * b.count as f64 / self.total;
        match self.bigram_count(w1, w2) {
            0 => ((consts::MIN_BIGRAM as f64 / chance).log10(), false),
            c => ((c as f64 / chance).log10(), true),
        }
    }

    /// Log10 probability of a word sequence: the first word by [`logp`](Self::logp), each next one by
    /// [`logp_next`](Self::logp_next) on its predecessor. Empty sequences score 0.
    ///
    /// ```
    /// let lm = unspin::lm::LanguageModel::builtin();
    /// assert!(lm.score(&["officials", "said"]) > lm.score(&["officials", "mentioned"]));
    /// assert!(lm.score(&["said", "the"]) > lm.score(&["the", "said"]));
    /// ```
    pub fn score(&self, words: &[&str]) -> f64 {
        let Some(first) = words.first() else { return 0.0 };
        self.logp(first) + words.windows(2).map(|w| self.logp_next(w[0], w[1])).sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lm() -> &'static LanguageModel {
        LanguageModel::builtin()
    }

    /// Every listed bigram is found with its count by the index-pair tables, and a pair is not
    /// found in the reverse order unless that is listed too.
    #[test]
    fn every_listed_bigram_is_found_with_its_count() {
        let lm = lm();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/lm/bigrams.tsv");
        let text = std::fs::read_to_string(path).unwrap();
        let listed: std::collections::HashSet<&str> = text.lines().map(|l| l.split('\t').next().unwrap()).collect();
        for line in text.lines() {
            let (key, count) = line.split_once('\t').unwrap();
            let (w1, w2) = key.split_once(' ').unwrap();
            assert_eq!(lm.bigram_count(w1, w2), count.parse::<u64>().unwrap(), "{key}");
            if !listed.contains(format!("{w2} {w1}").as_str()) {
                assert_eq!(lm.bigram_count(w2, w1), 0, "{w2} {w1}");
            }
        }
    }

    #[test]
    fn frequent_words_outscore_rare_and_unknown_ones() {
        assert!(lm().logp("the") > lm().logp("thee"));
        assert!(lm().logp("thee") > lm().logp("tbe"));
        assert!(lm().logp("said") > lm().logp("mentioned"));
        assert!(lm().len() > 80_000);
    }

    #[test]
    fn unknown_words_share_one_floor_below_every_known_word() {
        assert_eq!(lm().logp("qzxvw"), lm().logp("vvqzx"));
        // "rasbora" has the smallest count listed.
        assert!(lm().logp("qzxvw") < lm().logp("rasbora") - 0.9);
    }

    #[test]
    fn curly_apostrophe_word_is_the_listed_word() {
        // The lists write "don't"; pages write "don’t" (the dev article only so): before the fold
        // the model read every such word as unseen.
        assert!(lm().count("don't") > 0);
        assert_eq!(lm().count("don’t"), lm().count("don't"));
        assert_eq!(lm().logp_next("i", "don’t"), lm().logp_next("i", "don't"));
        assert_eq!(lm().logp_next("don’t", "know"), lm().logp_next("don't", "know"));
    }

    #[test]
    fn word_order_matters() {
        assert!(lm().score(&["said", "the"]) > lm().score(&["the", "said"]));
        assert!(lm().score(&["at", "least", "ten"]) > lm().score(&["least", "at", "ten"]));
    }

    #[test]
    fn spun_phrases_score_below_their_originals() {
        // Pairs from the spinner described in ../shared/README.md.
        let pairs: &[(&[&str], &[&str])] = &[
            (&["officials", "said"], &["officials", "mentioned"]),
            (&["according", "to"], &["in", "accordance", "with"]),
            (&["the", "concert", "hall"], &["the", "live", "performance", "hall"]),
            (&["security", "forces"], &["safety", "forces"]),
        ];
        for (original, spun) in pairs {
            assert!(lm().score(original) > lm().score(spun), "{original:?} vs {spun:?}");
        }
    }

    #[test]
    fn conditional_probabilities_are_probabilities() {
        for (prev, word) in [("of", "the"), ("able", "to"), ("the", "qzx"), ("qzx", "the"), ("zygote", "the")] {
            let p = lm().logp_next(prev, word);
            assert!(p <= 0.0 && p.is_finite(), "{prev} {word}: {p}");
        }
        // The listed continuations of a frequent word leave room for the rest.
        let listed: f64 = ["to"].iter().map(|w| 10f64.powf(lm().logp_next("able", w))).sum();
        assert!(listed < 1.0 && listed > 0.5, "{listed}");
    }

    #[test]
    fn association_is_known_only_where_the_lists_can_tell() {
        assert!(lm().association("at", "least").unwrap() > 2.0);
        assert!(lm().association("the", "of").unwrap() < 0.0);
        assert_eq!(lm().association("qzx", "the"), None);
        assert_eq!(lm().association("catapulted", "him"), None);
    }

    #[test]
    fn unlisted_bigrams_stay_below_listed_ones_after_frequent_words() {
        assert_eq!(lm().bigram_count("the", "although"), 0);
        assert!(lm().bigram_count("the", "mentioned") > 0);
        assert!(lm().logp_next("the", "although") < lm().logp_next("the", "mentioned"));
    }
}
