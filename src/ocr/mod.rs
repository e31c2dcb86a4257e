//! The OCR stage: repairs OCR misreadings in context.
//!
//! A noisy-channel corrector. For each word the stage weighs readings of it:
//! - the word as written (an unknown word costs a prior that depends on its case: capitalised
//!   unknown words are usually names);
//! - lexicon words it may be a misreading of ([`candidates`]), each costing its channel cost
//!   −ln P(written | word) from the learned [`confusion`] table plus, for a written word that is
//!   itself known, the prior of a real-word error ("arc" for "are");
//! - splits of an unknown word into two known words ("becausethe"), and merges of two pieces
//!   into one word ("th e", "respect- ively").
//!
//! Each reading also costs −λ·ln P(reading | neighbours) by the language model ([`context`]).
//! The cheapest reading wins; its confidence is its share of the probability of all readings,
//! which the pipeline's threshold then judges. A document whose OCR likelihood
//! ([`likelihood`]) is low is left alone.

pub mod calibration;
pub mod candidates;
pub mod confusion;
pub mod context;
mod edges;
mod glued;
pub mod lexicon;
pub mod likelihood;
pub mod plausibility;
pub mod print_lm;
pub mod punct;

use crate::edit::{Proposal, Stage};
use crate::fxhash::FxSet;
use crate::pipeline::{Detector, Signals};
use crate::tokenize::Token;
use calibration::{Decision, DocShape, Fixed, Kind};
use candidates::{generate, Candidate, Generation};
use confusion::ConfusionModel;
use context::{ContextModel, Window};
use lexicon::{FxMap, Lexicon};
use likelihood::{is_odd_word, is_speck, Evidence};
use plausibility::CharModel;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The corrector's weights, tuned on the training half of the dev OCR (see docs/ocr.md).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// λ: weight of the language model against the channel model.
    pub lm_weight: f64,
    /// Cost of keeping an unknown lowercase word as written.
    pub keep_unknown: f64,
    /// Cost of keeping an unknown capitalised word (names are common: cheaper).
    pub keep_unknown_capitalized: f64,
    /// Cost of keeping an unknown capitalised word that starts a sentence.
    pub keep_unknown_sentence_start: f64,
    /// Extra cost of changing a capitalised unknown word that occurs more than once (a name).
    pub repeated_name: f64,
    /// Weight of how word-like an unknown word looks (character trigrams) in keeping it.
    pub plausibility: f64,
    /// Cost of keeping an unknown all-capitals word.
    pub keep_unknown_upper: f64,
    /// Cost of reading a known word as a misreading of another (a real-word error).
    pub real_word_prior: f64,
    /// Extra cost of a real-word correction of a capitalised word.
    pub real_word_capitalized: f64,
    /// Cost of splitting one written word into two.
    pub split_cost: f64,
    /// Extra cost of a split whose pieces include a misreading ("thocounlrj" → "the country").
    pub split_misread: f64,
    /// Cost of joining two written pieces into one word.
    pub merge_cost: f64,
    /// A merged reading must be this close (channel cost) to the joined pieces.
    pub merge_max_channel: f32,
    /// Extra cost of changing a word per unknown neighbour on its line: inside a garbled run
    /// the context says little and a one-word fix is often a fragment of a longer misreading.
    pub garbled_neighbour: f64,
    /// Extra cost of changing a capitalised word in the middle of a sentence (after a lowercase
    /// word): there a capital marks a name ("Breen", "Chave"), not a misread common word.
    pub capitalized_midsentence: f64,
    /// Extra cost of any change per unit of −ln(OCR likelihood) of the document: the prior of
    /// a misreading follows how much the document looks like OCR (a soft gate).
    pub doc_prior: f64,
    /// Reads words next to a repair again with the repair as context.
    pub second_pass: bool,
    /// Bonus of a candidate the document writes correctly elsewhere, per ln(1 + occurrences).
    pub doc_word: f64,
    /// Discount on keeping an unknown word per ln(times the document writes it so, scaled to an
    /// article's length).
    pub repeated_unknown: f64,
    /// Readings less probable than this (their share of all readings) are not proposed.
    pub min_posterior: f64,
    /// Documents with an OCR likelihood below this are left alone.
    pub gate: f64,
    /// Weight of how name-like a capitalised unknown word inside a sentence looks (its least
    /// likely character trigram against [`NAME_SHAPE_ZERO`]) in keeping it.
    pub name_shape: f64,
    /// The same for a lowercase unknown word (against the same zero point).
    pub word_shape: f64,
    /// μ: weight of the print corpus's bigrams in the context model ([`print_lm`]).
    pub print_lm: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            lm_weight: 1.3,
            keep_unknown: 9.0,
            keep_unknown_capitalized: -2.0,
            keep_unknown_sentence_start: 4.0,
            repeated_name: 0.0,
            plausibility: 0.0,
            keep_unknown_upper: 12.0,
            real_word_prior: 0.0,
            real_word_capitalized: 2.0,
            split_cost: 10.0,
            split_misread: 0.0,
            merge_cost: 24.0,
            merge_max_channel: 20.0,
            garbled_neighbour: 2.0,
            capitalized_midsentence: 0.0,
            doc_prior: 3.0,
            second_pass: true,
            doc_word: 1.0,
            repeated_unknown: 7.0,
            min_posterior: 0.8,
            gate: 0.02,
            name_shape: 2.0,
            word_shape: 1.0,
            print_lm: 0.3,
        }
    }
}

impl Params {
    /// The weights by name, for tuning runs (`UNSPIN_OCR_PARAMS="garbled_neighbour=2,gate=0.1"`).
    const NAMES: [&'static str; 23] = [
        "lm_weight",
        "keep_unknown_sentence_start",
        "keep_unknown",
        "keep_unknown_capitalized",
        "repeated_name",
        "plausibility",
        "keep_unknown_upper",
        "real_word_prior",
        "real_word_capitalized",
        "split_cost",
        "split_misread",
        "merge_cost",
        "merge_max_channel",
        "garbled_neighbour",
        "capitalized_midsentence",
        "doc_prior",
        "doc_word",
        "repeated_unknown",
        "min_posterior",
        "gate",
        "name_shape",
        "word_shape",
        "print_lm",
    ];

    fn slot(&mut self, name: &str) -> Option<&mut f64> {
        Some(match name {
            "lm_weight" => &mut self.lm_weight,
            "keep_unknown" => &mut self.keep_unknown,
            "keep_unknown_capitalized" => &mut self.keep_unknown_capitalized,
            "repeated_name" => &mut self.repeated_name,
            "keep_unknown_sentence_start" => &mut self.keep_unknown_sentence_start,
            "plausibility" => &mut self.plausibility,
            "keep_unknown_upper" => &mut self.keep_unknown_upper,
            "real_word_prior" => &mut self.real_word_prior,
            "real_word_capitalized" => &mut self.real_word_capitalized,
            "split_cost" => &mut self.split_cost,
            "split_misread" => &mut self.split_misread,
            "merge_cost" => &mut self.merge_cost,
            "garbled_neighbour" => &mut self.garbled_neighbour,
            "capitalized_midsentence" => &mut self.capitalized_midsentence,
            "doc_prior" => &mut self.doc_prior,
            "doc_word" => &mut self.doc_word,
            "repeated_unknown" => &mut self.repeated_unknown,
            "min_posterior" => &mut self.min_posterior,
            "gate" => &mut self.gate,
            "name_shape" => &mut self.name_shape,
            "word_shape" => &mut self.word_shape,
            "print_lm" => &mut self.print_lm,
            _ => return None,
        })
    }

    /// These weights with `name=value` pairs (comma-separated) applied; an error names an
    /// unknown weight or a bad value.
    pub fn with_overrides(mut self, spec: &str) -> Result<Params, String> {
        for pair in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, value) = pair.split_once('=').ok_or_else(|| format!("{pair:?} is not name=value"))?;
            let value: f64 = value.trim().parse().map_err(|_| format!("{pair:?}: not a number"))?;
            if name == "merge_max_channel" {
                self.merge_max_channel = value as f32;
            } else if name == "second_pass" {
                self.second_pass = value != 0.0;
            } else {
                let known = Self::NAMES.join(", ");
                *self.slot(name.trim()).ok_or_else(|| format!("unknown weight {name:?} (known: {known})"))? = value;
            }
        }
        Ok(self)
    }
}

/// Lexicon, confusion table, language model and weights: everything a correction needs.
pub struct Corrector {
    lexicon: Arc<Lexicon>,
    confusions: Arc<ConfusionModel>,
    model: Arc<dyn ContextModel>,
    shapes: CharModel,
    params: Params,
    generation: Generation,
    /// Candidates by (lowercase token, known): the same misreadings recur across documents.
    cache: [Memo<Arc<[Candidate]>>; 2],
    /// Two-word readings by unknown lowercase token ([`Corrector::two_words`]).
    two_words: Memo<Arc<TwoWords>>,
    /// Tells this corrector's entries in the per-thread [`TOKEN_FACTS`] from another's (its
    /// lexicon may differ); never 0, which marks an empty memo.
    id: u64,
    /// Skips the readings of a known word that provably cannot be proposed ([`NoWin`]); off
    /// only to test that the outputs are the same.
    bounds: bool,
}

/// An unknown token's readings as two words: exact splits, and glued words with a misread piece.
struct TwoWords {
    splits: Vec<(String, String)>,
    glued: Vec<glued::GluedSplit>,
}

/// The candidate caches (per side), the two-word readings and the token facts memo are cleared
/// when they grow past this many tokens (bounded memory).
const CACHE_LIMIT: usize = 200_000;

/// Inserts into a memo bounded to `limit` entries: past it the memo starts again (a token the
/// run needs again is worked out again; memory stays flat on any input).
fn insert_bounded<T>(memo: &mut FxMap<Box<str>, T>, key: &str, value: T, limit: usize) {
    if memo.len() >= limit {
        memo.clear();
    }
    memo.insert(key.into(), value);
}

/// Values by lowercase token, shared by the threads of one corrector.
type Memo<T> = Mutex<FxMap<Box<str>, T>>;

/// `make()` for `key`, worked out once per corrector and shared by the threads.
fn shared_memo<T: Clone>(memo: &Memo<T>, key: &str, make: impl FnOnce() -> T) -> T {
    if let Some(v) = memo.lock().expect("cache lock").get(key) {
        return v.clone();
    }
    let v = make();
    insert_bounded(&mut memo.lock().expect("cache lock"), key, v.clone(), CACHE_LIMIT);
    v
}

/// What a token (a unit of the text, as written) is whatever its context. The same words recur
/// in every document, and working these out for every occurrence (lowercasing, the spelling
/// rules, the abbreviation list) was a third of the stage's time on a batch.
struct TokenFacts {
    /// Lowercase, apostrophes straight, a possessive's "'s" cut off.
    lower: String,
    /// Byte length of the part to correct (the token less a possessive's "'s").
    word_end: usize,
    /// The lexicon's spelling of `lower`, when known.
    spelled: Option<String>,
    shape: Shape,
    /// [`Word::fixable`] unless the token is inside an address (which depends on its context).
    fixable_unless_address: bool,
    /// Evidence: an odd shape ([`is_odd_word`]).
    odd: bool,
    /// Evidence: a word of two or more letters (apostrophes and letter specks allowed).
    counted: bool,
    /// Evidence: the lexicon does not know it, possessive or not.
    unknown: bool,
}

thread_local! {
    /// [`TokenFacts`] by token, for the corrector whose [`Corrector::id`] is first.
    static TOKEN_FACTS: std::cell::RefCell<(u64, FxMap<Box<str>, TokenFacts>)> = Default::default();
}

/// Source of [`Corrector::id`].
static NEXT_CORRECTOR_ID: AtomicU64 = AtomicU64::new(1);

impl Corrector {
    pub fn new(lexicon: Arc<Lexicon>, confusions: Arc<ConfusionModel>, model: Arc<dyn ContextModel>) -> Self {
        let shapes = CharModel::from_lexicon(&lexicon);
        Corrector {
            lexicon,
            confusions,
            model,
            shapes,
            params: Params::default(),
            generation: Generation::default(),
            cache: Default::default(),
            two_words: Mutex::new(Default::default()),
            id: NEXT_CORRECTOR_ID.fetch_add(1, Ordering::Relaxed),
            bounds: true,
        }
    }

    /// This corrector without the [`NoWin`] bound (the same output, more work): for tests.
    #[cfg(test)]
    fn without_bounds(mut self) -> Self {
        self.bounds = false;
        self
    }

    pub fn with_params(mut self, params: Params) -> Self {
        self.params = params;
        self
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Evidence for the document-level likelihood.
    pub fn evidence(&self, text: &str) -> Evidence {
        self.evidence_of(text, &units(text))
    }

    /// [`Self::evidence`] over the document's words `units`, already found.
    fn evidence_of(&self, text: &str, units: &[Range<usize>]) -> Evidence {
        let mut ev = Evidence::default();
        for u in units {
            self.with_facts(&text[u.clone()], |f| {
                ev.odd += usize::from(f.odd);
                ev.words += usize::from(f.counted);
                ev.unknown += usize::from(f.counted && f.unknown);
            });
        }
        ev.specks = text.chars().filter(|&c| is_speck(c)).count();
        ev
    }

    /// Runs `f` on the [`TokenFacts`] of `token`, worked out once per thread and corrector.
    fn with_facts<R>(&self, token: &str, f: impl FnOnce(&TokenFacts) -> R) -> R {
        TOKEN_FACTS.with(|cell| {
            let (owner, memo) = &mut *cell.borrow_mut();
            if *owner != self.id {
                memo.clear();
                *owner = self.id;
            }
            if let Some(facts) = memo.get(token) {
                return f(facts);
            }
            insert_bounded(memo, token, self.token_facts(token), CACHE_LIMIT);
            f(&memo[token])
        })
    }

    /// What a token is, whatever its context: see [`TokenFacts`].
    fn token_facts(&self, token: &str) -> TokenFacts {
        // The lexicon writes apostrophes straight.
        let mut lower = token.to_lowercase();
        if lower.contains('’') {
            lower = lower.replace('’', "'");
        }
        let counted = token.chars().count() >= 2
            && token.chars().all(|c| c.is_alphabetic() || is_apostrophe(c) || is_letter_speck(c));
        let unknown = counted && !self.known(&lower);
        let mut word_end = token.len();
        // A possessive: correct the stem, keep the "'s".
        let possessive = ["'s", "'S", "’s", "’S"].into_iter().find(|s| token.ends_with(s));
        if let Some(suffix) = possessive.filter(|_| self.spelling(&lower).is_none() && lower.len() > 3) {
            lower.truncate(lower.len() - 2);
            word_end -= suffix.len();
        }
        let spelled = self.spelling(&lower);
        let known = spelled.is_some();
        let written = &token[..word_end];
        let letters = written.chars().filter(|c| c.is_alphabetic()).count();
        let digits = written.chars().filter(char::is_ascii_digit).count();
        let shape = Shape::of(written);
        // Short all-capitals unknown words are acronyms ("FSB", "CCTV"), not misreadings.
        let acronym = !known && letters <= 5 && shape == Shape::Upper;
        let lone_letter = letters == 1 && digits == 0 && shape == Shape::Lower && !matches!(lower.as_str(), "a" | "i");
        let fixable_unless_address = (letters >= 2 || lone_letter)
            && letters > digits
            && (digits == 0 || is_odd_word(written))
            && !acronym
            // "Wm", "Pte" are print's own abbreviations, not misread "Win", "Pts".
            && !ABBREVIATIONS.contains(&lower.as_str())
            && !is_gaelic_name(written);
        TokenFacts {
            lower,
            word_end,
            spelled,
            shape,
            fixable_unless_address,
            odd: is_odd_word(token),
            counted,
            unknown,
        }
    }

    fn known(&self, lower: &str) -> bool {
        let lower = straight_apostrophes(lower);
        self.spelling(&lower).is_some() || lower.strip_suffix("'s").is_some_and(|stem| self.spelling(stem).is_some())
    }

    /// The spelling the lexicon and the language model know a lowercase word by: the word itself,
    /// its other national spelling, an abbreviation of print ("mr", "messrs"), or the singular
    /// of a plural ("recruitments").
    fn spelling(&self, lower: &str) -> Option<String> {
        if let Some(s) = self.lexicon.spelling(lower) {
            return Some(s);
        }
        if ABBREVIATIONS.contains(&lower) {
            return Some(lower.to_string());
        }
        let stem = lower.strip_suffix('s').filter(|s| s.chars().count() >= 4 && !s.ends_with('s'))?;
        self.lexicon.spelling(stem).map(|_| lower.to_string())
    }

    /// Proposes repairs over `text`, recording `ocr.likelihood` (and the rates behind it).
    pub fn propose(&self, text: &str, signals: &mut Signals) -> Vec<Proposal> {
        let units = units(text);
        let ev = self.evidence_of(text, &units);
        let likelihood = ev.likelihood();
        signals.insert("ocr.likelihood".into(), round4(likelihood));
        signals.insert("ocr.unknown_rate".into(), round4(ev.unknown_rate()));
        signals.insert("ocr.confusion_rate".into(), round4(ev.confusion_rate()));
        if likelihood < self.params.gate {
            return Vec::new();
        }
        let doc_cost = self.params.doc_prior * -likelihood.max(1e-6).ln();
        let mut words: Vec<Word> = units.into_iter().map(|r| self.word(text, r)).collect();
        protect_line_break_fragments(text, &mut words);
        let mut seen: FxMap<&str, u32> = FxMap::default();
        for w in &words {
            *seen.entry(&text[w.range.clone()]).or_default() += 1;
        }
        let scale = (DOC_WORDS_REFERENCE / words.len().max(1) as f64).min(1.0);
        let mut seen_lower: FxMap<String, u32> = FxMap::default();
        for w in words.iter().filter(|w| !w.known) {
            *seen_lower.entry(w.lower.clone()).or_default() += 1;
        }
        for w in &mut words {
            w.repeated = seen[&text[w.range.clone()]] > 1;
            w.occurrences = if w.known { 1.0 } else { 1.0 + f64::from(seen_lower[&w.lower] - 1) * scale };
        }
        for i in 0..words.len() {
            words[i].sentence_start = i == 0 || {
                let prev = &words[i - 1];
                let gap = &text[prev.range.end..words[i].range.start];
                gap.contains(['.', '!', '?', ':'])
                    && !ABBREVIATIONS.contains(&prev.lower.as_str())
                    && prev.lower.chars().count() > 1
            };
        }
        let vocab = self.lift(&words);
        // Round 18: the document's shape picks the calibration's map (newspaper or book).
        let shape = DocShape::of(words.iter().map(|w| &text[w.range.clone()]));
        signals.insert("ocr.capitals".into(), round4(shape.capitals));
        signals.insert("ocr.pronouns".into(), round4(shape.pronouns));
        let kind = Kind::of(&shape);
        let names = written_capitalised(&seen);
        let doc = Doc { cost: doc_cost, likelihood, vocab, stated: Default::default(), kind, names };
        let doc = &doc;
        let mut out = Vec::new();
        let mut fixed: Vec<Option<String>> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            let word = self.correct_word(text, &words, i, doc);
            fixed.push(
                word.as_ref()
                    .filter(|p| !p.replacement.contains(' '))
                    .map(|p| p.replacement.to_lowercase().replace('’', "'")),
            );
            out.extend(word);
            if i + 1 < words.len() {
                if let Some(p) = self.merge_pair(text, &words, i, doc) {
                    out.push(p);
                }
            }
        }
        if self.params.second_pass && fixed.iter().any(Option::is_some) {
            self.second_pass(text, &mut words, &fixed, doc, &mut out);
        }
        if likelihood >= PUNCTUATION_GATE {
            let fixed = punct::propose(text)
                .into_iter()
                .chain(lost_full_stops(text, &words).into_iter().map(|p| (p, Fixed::FullStop)))
                .chain(
                    // Newspapers only: looked for only there, not found everywhere and dropped.
                    (doc.kind == Kind::News)
                        .then(|| lost_initial_stops(text, &words, &fixed, |w| self.known(w)))
                        .into_iter()
                        .flatten()
                        .map(|p| (p, Fixed::Initial)),
                )
                .chain(self.lost_line_hyphens(text, &words, &fixed).into_iter().map(|p| (p, Fixed::LineHyphen)))
                .chain(self.line_end_letters(text, &words, likelihood).into_iter().map(|p| (p, Fixed::LineEnd)));
            for (p, kind) in fixed {
                doc.state(&p, kind.confidence(doc.kind));
                out.push(p);
            }
        }
        // Overlapping readings are settled by the stage's own posterior, as before round 17; the
        // survivors then state their calibrated confidence, which `--min-confidence` judges (the
        // raw one under `UNSPIN_OCR_RAW_CONFIDENCE`, where both are the same).
        let mut out = crate::pipeline::decide(out, f32::MIN);
        let stated = doc.stated.borrow();
        for p in &mut out {
            if let Some(&c) = stated.get(&(p.range.start, p.range.end, p.replacement.clone())) {
                p.confidence = c;
            }
        }
        out
    }

    /// How much more often the document uses each known word than English at large does (a
    /// cache model): "acres" twice in a land-sale notice is news, "the" twenty times is not.
    /// Counts are scaled to an article's length, as in a book every word recurs.
    fn lift(&self, words: &[Word]) -> FxMap<String, f64> {
        let mut counts: FxMap<&str, u32> = FxMap::default();
        for w in words {
            if let Some(s) = w.spelled.as_deref().filter(|_| w.fixable) {
                *counts.entry(s).or_default() += 1;
            }
        }
        let expected = DOC_WORDS_REFERENCE.min(words.len() as f64).max(1.0);
        let scale = (DOC_WORDS_REFERENCE / words.len().max(1) as f64).min(1.0);
        counts
            .into_iter()
            .map(|(w, n)| {
                let ratio = f64::from(n) * scale / (expected * self.model.logp(w).exp());
                (w.to_string(), ratio.ln_1p())
            })
            .collect()
    }

    /// Reads the words left alone again, now with the first pass's repairs as their context:
    /// in "tbe hcld" neither word has a known neighbour until the other is repaired.
    fn second_pass(
        &self,
        text: &str,
        words: &mut [Word],
        fixed: &[Option<String>],
        doc: &Doc,
        out: &mut Vec<Proposal>,
    ) {
        for (w, f) in words.iter_mut().zip(fixed) {
            if let Some(lower) = f {
                w.spelled = self.spelling(lower);
                w.known = w.spelled.is_some();
            }
        }
        let near_fix = |i: usize| (i > 0 && fixed[i - 1].is_some()) || fixed.get(i + 1).is_some_and(Option::is_some);
        for (i, f) in fixed.iter().enumerate() {
            if f.is_none() && near_fix(i) {
                if let Some(p) = self.correct_word(text, words, i, doc) {
                    out.push(p);
                }
            }
        }
    }

    fn word(&self, text: &str, range: Range<usize>) -> Word {
        self.with_facts(&text[range.clone()], |f| {
            let range = range.start..range.start + f.word_end;
            Word {
                fixable: f.fixable_unless_address && !in_address(text, &range),
                range,
                lower: f.lower.clone(),
                spelled: f.spelled.clone(),
                known: f.spelled.is_some(),
                shape: f.shape,
                repeated: false,
                occurrences: 1.0,
                sentence_start: false,
            }
        })
    }

    /// Context word for a neighbour: its lowercase form when the model knows it.
    fn ctx<'w>(&self, w: &'w Word) -> Option<&'w str> {
        w.spelled.as_deref()
    }

    fn window<'w>(&self, text: &str, words: &'w [Word], first: usize, last: usize) -> Window<'w> {
        let prev = (first > 0 && linked(text, &words[first - 1], &words[first]))
            .then(|| self.ctx(&words[first - 1]))
            .flatten();
        let next = (last + 1 < words.len() && linked(text, &words[last], &words[last + 1]))
            .then(|| self.ctx(&words[last + 1]))
            .flatten();
        Window { prev, next }
    }

    fn keep_cost(&self, w: &Word) -> f64 {
        if w.known {
            return 0.0;
        }
        // Word-like unknown words are more likely names or rare words than misreadings.
        let looks = self.params.plausibility * (self.shapes.mean_logp(&w.lower) - PLAUSIBLE_MEAN_LOGP);
        // Misreadings scatter; a spelling the document repeats is its own ("shee", "poore").
        let recurs = self.params.repeated_unknown * w.occurrences.ln();
        // A capitalised word inside a sentence that looks like a name ("Rennie", "Gorman") is one;
        // one with a character no word has there ("Cieek", "Manlj") is a misreading. Lowercase
        // unknown words likewise ("noogoora" against "wonld"), with less weight.
        let weight = match w.shape {
            Shape::Capitalized if !w.sentence_start => self.params.name_shape,
            Shape::Lower => self.params.word_shape,
            _ => 0.0,
        };
        let name = if weight != 0.0 { weight * (self.shapes.min_logp(&w.lower) - NAME_SHAPE_ZERO) } else { 0.0 };
        looks - recurs - name
            + match w.shape {
                Shape::Lower | Shape::Mixed => self.params.keep_unknown,
                // At the start of a sentence a capital says nothing about being a name.
                Shape::Capitalized if w.sentence_start => self.params.keep_unknown_sentence_start,
                Shape::Capitalized => self.params.keep_unknown_capitalized,
                Shape::Upper => self.params.keep_unknown_upper,
            }
    }

    /// Candidates by lowercase token, for unknown tokens (`cache[0]`) and known ones (`cache[1]`):
    /// two maps so that a lookup needs no owned key.
    fn candidates(&self, lower: &str, known: bool) -> Arc<[Candidate]> {
        shared_memo(&self.cache[usize::from(known)], lower, || {
            generate(&self.lexicon, &self.confusions, lower, known, self.generation).into()
        })
    }

    /// The two-word readings of the unknown lowercase word `lower` ([`Corrector::splits`] and
    /// [`Corrector::glued_splits`]), worked out once per token: they depend on nothing else, and
    /// every occurrence in every round of the pipeline asked for them again.
    fn two_words(&self, lower: &str) -> Arc<TwoWords> {
        shared_memo(&self.two_words, lower, || {
            Arc::new(TwoWords { splits: self.splits(lower), glued: self.glued_splits(lower) })
        })
    }

    fn correct_word(&self, text: &str, words: &[Word], i: usize, doc: &Doc) -> Option<Proposal> {
        let w = &words[i];
        if !w.fixable {
            return None;
        }
        if w.lower.chars().count() == 1 && !lone_letter_in_a_clean_run(text, words, i) {
            return None;
        }
        if let Some(p) = self.lowercase_function_word(text, words, i, doc) {
            return Some(p);
        }
        let p = &self.params;
        let win = self.window(text, words, i, i);
        let lm = |ws: &[Option<&str>]| -p.lm_weight * win.logp(&*self.model, ws);
        let keep = self.keep_cost(w) + lm(&[self.ctx(w)]);
        let prior = doc.cost
            + self.change_cost(text, words, i, i)
            + if w.known {
                p.real_word_prior + if w.shape == Shape::Lower { 0.0 } else { p.real_word_capitalized }
            } else {
                0.0
            };
        // A known word's readings cost at least the prior plus their channel cost: when even that
        // cannot be proposed, neither their context lookups nor (for the cheapest channel cost,
        // 0) their candidates are needed.
        let no_win = (w.known && self.bounds && !trace_enabled())
            .then(|| NoWin::new(keep, prior, p, self.model.max_logp(), self.confusions.min_cost()))
            .flatten();
        if no_win.is_some_and(|b| b.excludes(0.0)) {
            return None;
        }
        let candidates = self.candidates(&w.lower, w.known);
        let mut readings: Vec<Reading> = Vec::with_capacity(candidates.len());
        // Whether a reading weighed so far may be proposed: then every reading counts (for the
        // confidence and the alternatives).
        let mut open = false;
        for c in candidates.iter() {
            if w.spelled.as_deref() == Some(c.word.as_str()) || edge_only(&w.lower, &c.word) {
                continue;
            }
            if let Some(b) = no_win.filter(|_| !open) {
                // Candidates come cheapest first: none of the rest can be proposed either.
                if b.excludes(c.cost) {
                    return None;
                }
            }
            let r = Reading {
                words: vec![c.word.clone()],
                cost: prior + f64::from(c.cost) + lm(&[Some(c.word.as_str())])
                    - if w.known { 0.0 } else { doc.bonus(&c.word, p.doc_word) },
                channel: c.cost,
                rule: if w.known { "ocr:real-word" } else { "ocr:word" },
            };
            open |= no_win.is_some_and(|b| !b.rules_out(r.cost));
            readings.push(r);
        }
        if !w.known && w.lower.chars().count() >= 4 {
            let two = self.two_words(&w.lower);
            readings.extend(two.splits.iter().map(|(l, r)| {
                let cost = prior + p.split_cost + lm(&[Some(l.as_str()), Some(r.as_str())]);
                Reading { words: vec![l.clone(), r.clone()], cost, channel: 0.0, rule: "ocr:split" }
            }));
            readings.extend(two.glued.iter().map(|g| {
                let extra = if g.misread { p.split_misread } else { 0.0 };
                let cost = prior
                    + p.split_cost
                    + extra
                    + f64::from(g.channel)
                    + lm(&[Some(g.left.as_str()), Some(g.right.as_str())]);
                Reading { words: vec![g.left.clone(), g.right.clone()], cost, channel: g.channel, rule: "ocr:split" }
            }));
        }
        let written = &text[w.range.clone()];
        let position = self.position(text, words, i);
        let garbled = garbled_neighbours(text, words, i, i);
        self.decide(written, w.range.clone(), keep, readings, position, doc, garbled, |r, shown| match r.rule {
            "ocr:split" => format!("{written:?} is not a known word; it reads as two words run together: {shown:?}"),
            "ocr:real-word" => format!(
                "{written:?} fits its context poorly; {shown:?} is a likely misreading of it (channel cost {:.1}) and fits better",
                r.channel
            ),
            _ => format!(
                "{written:?} is not a known word; {shown:?} explains it as a misreading (channel cost {:.1}) and fits the context",
                r.channel
            ),
        })
    }

    /// The extra cost of changing words `first..=last`: unknown neighbours on the same line (a
    /// garbled run, where context is missing and one fix is rarely the whole repair) and a
    /// capital in mid-sentence (a name).
    fn change_cost(&self, text: &str, words: &[Word], first: usize, last: usize) -> f64 {
        let p = &self.params;
        let mut cost = p.garbled_neighbour * garbled_neighbours(text, words, first, last);
        // A capitalised unknown word written the same way twice is a name, not a misreading.
        let w = &words[first];
        if w.shape == Shape::Capitalized && w.repeated && !w.known {
            cost += p.repeated_name;
        }
        if words[first].shape == Shape::Capitalized && first > 0 {
            let prev = &words[first - 1];
            let gap = &text[prev.range.end..words[first].range.start];
            if prev.known && prev.shape == Shape::Lower && gap.chars().all(|c| c.is_whitespace() || c == ',') {
                cost += p.capitalized_midsentence;
            }
        }
        cost
    }

    /// True when word `i` follows a lowercase known word on the same footing (only spaces between):
    /// inside a sentence, where a capital marks a name or a misreading.
    /// Where word `i` stands in its sentence, for the case of its repair.
    fn position(&self, text: &str, words: &[Word], i: usize) -> Position {
        let mut before = text[..words[i].range.start].chars().rev();
        let attached = match (before.next(), before.next()) {
            (Some(c), _) if c.is_alphanumeric() => true,
            (Some('-' | '.' | '\'' | '’'), Some(c)) => c.is_alphanumeric(),
            _ => false,
        };
        Position {
            mid_sentence: self.mid_sentence(text, words, i),
            sentence_start: spaced_start(text, words, i),
            attached,
        }
    }

    fn mid_sentence(&self, text: &str, words: &[Word], i: usize) -> bool {
        let Some(prev) = i.checked_sub(1).map(|p| &words[p]) else { return false };
        let gap = &text[prev.range.end..words[i].range.start];
        !words[i].sentence_start && prev.shape == Shape::Lower && prev.known && gap.chars().all(char::is_whitespace)
    }

    /// "the train In the morning": a capitalised function word inside a lowercase sentence is a
    /// misread capital (print capitalises these only to start a sentence or in titles).
    fn lowercase_function_word(&self, text: &str, words: &[Word], i: usize, doc: &Doc) -> Option<Proposal> {
        let w = &words[i];
        // Only a capital "I" is a misreading of a lowercase letter ("the train In the morning"):
        // another capitalised function word inside a lowercase run ("his death The following")
        // starts a sentence whose full stop OCR lost, and lowercasing it moved the text away from
        // the ground truth on the training half (49 of 65 such changes were wrong).
        let function_word = FUNCTION_WORDS.contains(&w.lower.as_str()) && w.lower.starts_with('i');
        // Any known word written with a capital "I" inside a lowercase sentence, before another
        // lowercase word ("gather Information and", "with Intent to"), is a misread "i"; only in
        // documents that read as OCR, as edited text capitalises "Islamic militants", "Irish".
        let i_word = doc.likelihood >= PUNCTUATION_GATE
            && w.known
            && w.lower.starts_with('i')
            && w.lower.chars().count() >= 3
            && !w.lower.contains('\'')
            && !PROPER_I_WORDS.iter().any(|p| w.lower.starts_with(p));
        if w.shape != Shape::Capitalized || !(function_word || i_word) || i == 0 {
            return None;
        }
        let prev = &words[i - 1];
        let gap = &text[prev.range.end..w.range.start];
        if prev.shape != Shape::Lower || !prev.known || !gap.chars().all(char::is_whitespace) {
            return None;
        }
        // "told The New York Times": a title follows; "arrived In the morning": a sentence goes on.
        // OCR reads a lowercase "i" as "I", so "to reside In England", "the State Is prosper-"
        // need no lowercase word after them: titles do not start with these.
        let misread_i = I_WORDS.contains(&w.lower.as_str());
        if !misread_i {
            let next = words.get(i + 1)?;
            let next_gap = &text[w.range.end..next.range.start];
            if next.shape != Shape::Lower || !next.known || !next_gap.chars().all(char::is_whitespace) {
                return None;
            }
        }
        let written = &text[w.range.clone()];
        let reason = if !function_word {
            format!("{written:?} is capitalised inside a lowercase sentence; OCR reads a lowercase \"i\" as \"I\"")
        } else {
            format!("{written:?} is capitalised inside a lowercase sentence; function words are not")
        };
        let proposal = Fixed::Case.proposal(w.range.clone(), w.lower.clone(), reason);
        doc.state(&proposal, Fixed::Case.confidence(doc.kind));
        Some(proposal)
    }

    /// Splits of an unknown word into two lexicon words.
    fn splits(&self, lower: &str) -> Vec<(String, String)> {
        let idx: Vec<usize> = lower.char_indices().map(|(i, _)| i).skip(1).collect();
        idx.into_iter()
            .map(|i| (&lower[..i], &lower[i..]))
            .filter(|(l, r)| self.splittable(l) && self.splittable(r))
            .map(|(l, r)| (l.to_string(), r.to_string()))
            .collect()
    }

    fn splittable(&self, piece: &str) -> bool {
        (piece.chars().count() >= 2 || matches!(piece, "a" | "i")) && self.lexicon.contains(piece)
    }

    /// Joins word `i` and the next when only a space or a broken hyphen separates them.
    fn merge_pair(&self, text: &str, words: &[Word], i: usize, doc: &Doc) -> Option<Proposal> {
        let (a, b) = (&words[i], &words[i + 1]);
        let gap = &text[a.range.end..b.range.start];
        if !(a.fixable || a.lower.chars().count() == 1) || !(b.fixable || b.lower.chars().count() == 1) {
            return None;
        }
        if a.known && b.known || !is_broken_gap(gap) || a.lower.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        // "the mis-": a known word of three letters or more stands on its own.
        if (a.known && a.lower.chars().count() >= 3) || (b.known && b.lower.chars().count() >= 3) {
            return None;
        }
        // "and Mr": a capital starting the second piece starts a new word.
        if b.shape != Shape::Lower && a.shape != Shape::Upper {
            return None;
        }
        let p = &self.params;
        let win = self.window(text, words, i, i + 1);
        let lm = |ws: &[Option<&str>]| -p.lm_weight * win.logp(&*self.model, ws);
        let keep = self.keep_cost(a) + self.keep_cost(b) + lm(&[self.ctx(a), self.ctx(b)]);
        let extra = doc.cost + self.change_cost(text, words, i, i + 1);
        let joined = format!("{}{}", a.lower, b.lower);
        let mut readings = Vec::new();
        if self.lexicon.contains(&joined) {
            readings.push(Reading {
                cost: extra + p.merge_cost + lm(&[Some(joined.as_str())]) - doc.bonus(&joined, p.doc_word),
                words: vec![joined.clone()],
                channel: 0.0,
                rule: "ocr:merge",
            });
        } else if joined.chars().count() >= 4 {
            let max = if gap == "-" {
                self.params.merge_max_channel.max(HYPHEN_MERGE_MAX_CHANNEL)
            } else {
                self.params.merge_max_channel
            };
            readings.extend(self.candidates(&joined, false).iter().filter(|c| c.cost <= max).map(|c| Reading {
                words: vec![c.word.clone()],
                cost: extra + p.merge_cost + f64::from(c.cost) + lm(&[Some(c.word.as_str())])
                    - doc.bonus(&c.word, p.doc_word),
                channel: c.cost,
                rule: "ocr:merge",
            }));
        }
        let range = a.range.start..b.range.end;
        let written = &text[range.clone()];
        let position = self.position(text, words, i);
        let garbled = garbled_neighbours(text, words, i, i + 1);
        self.decide(written, range, keep, readings, position, doc, garbled, |_, shown| {
            format!("{written:?} reads as one word broken apart: {shown:?}")
        })
    }

    /// Picks the cheapest reading; proposes it when it is not "keep".
    // The spot, its readings and the document: splitting them into a struct would only move the list.
    #[allow(clippy::too_many_arguments)]
    fn decide(
        &self,
        written: &str,
        range: Range<usize>,
        keep: f64,
        mut readings: Vec<Reading>,
        position: Position,
        doc: &Doc,
        garbled: f64,
        reason: impl Fn(&Reading, &str) -> String,
    ) -> Option<Proposal> {
        if readings.is_empty() {
            return None;
        }
        readings.sort_by(|x, y| x.cost.total_cmp(&y.cost));
        let best = &readings[0];
        if trace_enabled() {
            let top: Vec<String> =
                readings.iter().take(4).map(|r| format!("{}={:.1}", r.words.join(" "), r.cost)).collect();
            eprintln!("ocr-trace {written:?} keep={keep:.1} {}", top.join(" "));
        }
        if best.cost >= keep {
            return None;
        }
        let z: f64 = readings.iter().map(|r| (best.cost - r.cost).exp()).sum::<f64>() + (best.cost - keep).exp();
        let posterior = 1.0 / z;
        if posterior < self.params.min_posterior {
            return None;
        }
        let render = |r: &Reading| {
            capitalise_names(written, render(written, &r.words.join(" "), position), position, &doc.names)
        };
        let replacement = render(best);
        if replacement == written {
            return None;
        }
        let decision = Decision {
            rule: best.rule,
            posterior,
            margin: keep - best.cost,
            runner_up: readings.get(1).map_or(keep, |r| r.cost.min(keep)) - best.cost,
            channel: f64::from(best.channel),
            written,
            doc_likelihood: doc.likelihood,
            garbled,
            kind: doc.kind,
        };
        let confidence = decision.confidence();
        let mut why = format!(
            "{} (rule {}: {:.1} cheaper than keeping it, runner-up {:.1} behind, posterior {posterior:.3}; \
             calibrated confidence {confidence:.2})",
            reason(best, &replacement),
            best.rule,
            decision.margin,
            decision.runner_up
        );
        if calibration::features_enabled() {
            why.push_str(&format!(" [features {}]", decision.describe()));
        }
        let proposal = Proposal {
            range,
            replacement: replacement.clone(),
            stage: Stage::Ocr,
            rule: best.rule.to_string(),
            confidence: posterior as f32,
            alternatives: readings[1..].iter().take(3).map(render).collect(),
            reason: why,
        };
        doc.state(&proposal, confidence as f32);
        Some(proposal)
    }
}

/// A safe bound on the readings of a known word: [`Corrector::decide`] proposes the best reading
/// only when it costs less than keeping the word and its share of all readings is at least
/// `min_posterior`, which needs best ≤ keep + ln((1 − p) / p) (the keep reading alone takes the
/// rest). A known word's reading costs prior + channel cost + λ·(−ln P(context)), and the model
/// promises ln P ≤ `max_logp` for each of the (at most two) steps of the window, so a reading
/// whose channel cost is `c` costs at least prior + c − 2λ·max(`max_logp`, 0). When that already
/// rules a reading out, it rules out every costlier one.
#[derive(Clone, Copy, Debug)]
struct NoWin {
    /// Cost below which a reading may be proposed (with a margin for rounding).
    limit: f64,
    /// What every reading costs at least, besides its channel cost.
    floor: f64,
}

impl NoWin {
    /// The bound, when the weights and models make it valid: λ ≥ 0, a model of bounded log
    /// probabilities, channel costs that are never negative.
    fn new(keep: f64, prior: f64, p: &Params, max_logp: f64, min_edit_cost: f32) -> Option<NoWin> {
        if !(p.lm_weight >= 0.0 && max_logp.is_finite() && min_edit_cost >= 0.0 && keep.is_finite()) {
            return None;
        }
        let mp = p.min_posterior;
        let posterior = if mp > 0.0 && mp < 1.0 { keep + ((1.0 - mp) / mp).ln() } else { keep };
        // The rounding of `decide`'s sums is far below this margin.
        let limit = keep.min(posterior) + NO_WIN_MARGIN;
        let floor = prior - 2.0 * p.lm_weight * max_logp.max(0.0);
        Some(NoWin { limit, floor })
    }

    /// True when a reading costing `cost` cannot be proposed.
    fn rules_out(self, cost: f64) -> bool {
        cost > self.limit
    }

    /// True when no reading of channel cost `channel` or more can be proposed.
    fn excludes(self, channel: f32) -> bool {
        self.rules_out(self.floor + f64::from(channel))
    }
}

/// [`NoWin`]'s margin: bounds within this of the limit are not trusted.
const NO_WIN_MARGIN: f64 = 1e-6;

/// A repair (lowercase) written in the case the OCR token and its place call for.
fn render(written: &str, joined: &str, position: Position) -> String {
    let s = if position.mid_sentence && misread_capital(written, joined) {
        joined.to_string()
    } else if misread_lowercase(written, joined)
        && (position.sentence_start || !position.mid_sentence && capital_misread(written, joined))
    {
        capitalize(joined)
    } else {
        carry_ocr_case(written, joined)
    };
    if written.contains('’') {
        s.replace('\'', "’")
    } else {
        s
    }
}

/// `UNSPIN_OCR_TRACE=1` prints every weighed spot's costs to stderr (for tuning runs).
fn trace_enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("UNSPIN_OCR_TRACE").is_some())
}

/// A word broken by a bare hyphen ("a-nount", "t-gainst") may be misread as well: its merged
/// reading may be this far (channel cost) from the joined pieces.
const HYPHEN_MERGE_MAX_CHANNEL: f32 = 8.0;

/// Punctuation noise ([`punct`]) is repaired only in documents this likely to be OCR.
const PUNCTUATION_GATE: f64 = 0.5;

/// Abbreviations of old and new print that the lexicon lacks; known words, never misreadings.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "messrs", "dr", "st", "jun", "sen", "esq", "ltd", "rev", "hon", "capt", "col", "lieut", "sgt", "cpl",
    "pte", "wm", "jas", "geo", "thos", "chas", "jno", "inst", "ult", "prox", "viz", "mdlle", "mme", "nsw", "qld",
];

/// Function words starting with "i" that OCR capitalises by misreading the "i".
const I_WORDS: &[&str] = &["in", "into", "is", "it", "its"];

/// Proper adjectives and nouns starting with "I" that print capitalises anywhere ("Irish terriers",
/// "Italian marble"); prefixes of the lowercase word.
const PROPER_I_WORDS: &[&str] = &[
    "iceland",
    "india",
    "indian",
    "indies",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "irish",
    "islam",
    "israel",
    "italian",
    "italy",
];

/// Words print capitalises only at the start of a sentence or in titles.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "he", "her",
    "his", "in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "they", "this", "to", "was",
    "were", "which", "with",
];

/// Mean character trigram log-probability of a typical lexicon word: the zero point of the
/// plausibility term.
const PLAUSIBLE_MEAN_LOGP: f64 = -2.6;

/// The least likely trigram (ln P) of a capitalised word that is as likely a name as a misreading:
/// the zero point of the name-shape term.
const NAME_SHAPE_ZERO: f64 = -4.5;

/// What the corrector knows of the whole document.
struct Doc {
    /// Extra cost of any change: −ln of the document's OCR likelihood, weighted.
    cost: f64,
    /// The document's OCR likelihood.
    likelihood: f64,
    /// Known words written correctly in the document: a misreading is more likely of a word the
    /// document uses elsewhere ("Cuises" among "Causes").
    /// ln(1 + its rate in the document over its rate in English), per word.
    vocab: FxMap<String, f64>,
    /// The calibrated confidence of each proposal made (by span and replacement).
    stated: std::cell::RefCell<FxMap<(usize, usize, String), f32>>,
    /// Newspaper or book, by the document's shape: picks the calibration's map.
    kind: Kind,
    /// Words (lowercase) the document writes capitalised at least [`NAME_EVIDENCE`] times and never
    /// in lowercase: its names ("Sydney", "Robert", "Forbes"). A repair to one is written so.
    names: FxSet<String>,
}

/// How often the document must write a word capitalised (and never in lowercase) for a repair to it
/// to be capitalised: once is a sentence start or a title as often as a name.
const NAME_EVIDENCE: u32 = 2;

/// The words the document (its spellings counted in `seen`) writes capitalised (first letter only)
/// at least [`NAME_EVIDENCE`] times and never in lowercase: the lexicon has no case, the document's
/// own usage says which are names.
fn written_capitalised(seen: &FxMap<&str, u32>) -> FxSet<String> {
    // A capitalised spelling is its lowercase form with the first letter raised, so the counts of
    // distinct spellings say it all: no pass over the words.
    seen.iter()
        .filter(|&(&spelling, &n)| {
            n >= NAME_EVIDENCE && Shape::of(spelling) == Shape::Capitalized && spelling.chars().all(char::is_alphabetic)
        })
        .map(|(&spelling, _)| spelling.to_lowercase())
        .filter(|lower| !seen.contains_key(lower.as_str()))
        .collect()
}

/// `replacement` with each lowercase word the document writes only as a name capitalised, except
/// the pieces `written` already had (a case change of a word the OCR read right is not a repair).
fn capitalise_names(written: &str, replacement: String, position: Position, names: &FxSet<String>) -> String {
    if names.is_empty() {
        return replacement;
    }
    let had = |piece: &str| {
        written.split(|c: char| c.is_whitespace() || c == '-').any(|w| {
            let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.to_lowercase() == piece
        })
    };
    let out: Vec<String> = replacement
        .split(' ')
        .enumerate()
        .map(|(k, piece)| {
            // A compound's later piece ("Newgate-street") keeps its case.
            let own_word = k > 0 || !position.attached;
            if own_word && piece.starts_with(char::is_lowercase) && names.contains(piece) && !had(piece) {
                capitalize(piece)
            } else {
                piece.to_string()
            }
        })
        .collect();
    out.join(" ")
}

/// True when the one-letter word `i` stands between two lowercase known words on its line, with
/// only spaces between: "made m the", "such n case", where the context can read it.
fn lone_letter_in_a_clean_run(text: &str, words: &[Word], i: usize) -> bool {
    let clean = |a: &Word, b: &Word, n: &Word| {
        same_line(text, a, b)
            && text[a.range.end..b.range.start].chars().all(|c| c == ' ')
            && n.known
            && n.shape == Shape::Lower
            && n.lower.chars().count() > 1
    };
    i > 0
        && i + 1 < words.len()
        && clean(&words[i - 1], &words[i], &words[i - 1])
        && clean(&words[i], &words[i + 1], &words[i + 1])
}

/// Unknown neighbours of words `first..=last` on the same line (0, 1 or 2): a garbled run.
fn garbled_neighbours(text: &str, words: &[Word], first: usize, last: usize) -> f64 {
    let damaged = |a: &Word, b: &Word, n: &Word| same_line(text, a, b) && n.damaged();
    let before = first > 0 && damaged(&words[first - 1], &words[first], &words[first - 1]);
    let after = last + 1 < words.len() && damaged(&words[last], &words[last + 1], &words[last + 1]);
    f64::from(u8::from(before) + u8::from(after))
}

/// The length (words) of a newspaper article, to which the document vocabulary's counts are scaled.
const DOC_WORDS_REFERENCE: f64 = 400.0;

impl Doc {
    fn state(&self, p: &Proposal, confidence: f32) {
        self.stated.borrow_mut().insert((p.range.start, p.range.end, p.replacement.clone()), confidence);
    }

    fn bonus(&self, word: &str, weight: f64) -> f64 {
        if weight == 0.0 {
            return 0.0;
        }
        self.vocab.get(word).map_or(0.0, |&lift| weight * lift)
    }
}

/// One way to read a spot.
struct Reading {
    words: Vec<String>,
    /// Total cost: channel + priors + λ·context.
    cost: f64,
    channel: f32,
    rule: &'static str,
}

/// A word of the text as the corrector sees it.
struct Word {
    /// The part to correct (a possessive's "'s" is left out).
    range: Range<usize>,
    lower: String,
    /// The lexicon's spelling of it, when known (British spellings map to American ones).
    spelled: Option<String>,
    known: bool,
    shape: Shape,
    /// Letters enough, not a number, not inside an address, not half of a word broken
    /// across lines.
    fixable: bool,
    /// The same spelling occurs elsewhere in the document.
    repeated: bool,
    /// How often an unknown word is written this way (any case) in the document, counting the
    /// repeats as in an article-length document (a book repeats everything).
    occurrences: f64,
    /// First word of the text or after a full stop, question or exclamation mark or colon.
    sentence_start: bool,
}

impl Word {
    /// An unknown word with letters: a misreading or a name, either way no context for its
    /// neighbours.
    fn damaged(&self) -> bool {
        !self.known && self.lower.chars().any(char::is_alphabetic)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Lower,
    Capitalized,
    Upper,
    Mixed,
}

impl Shape {
    fn of(w: &str) -> Shape {
        let upper = w.chars().filter(|c| c.is_uppercase()).count();
        let lower = w.chars().filter(|c| c.is_lowercase()).count();
        let first_upper = w.chars().next().is_some_and(char::is_uppercase);
        if upper == 0 {
            Shape::Lower
        } else if upper >= 2 && upper >= 2 * lower {
            Shape::Upper
        } else if first_upper && upper == 1 {
            Shape::Capitalized
        } else {
            Shape::Mixed
        }
    }
}

/// True when the capital starting `written` is itself misread: the replacement starts with another
/// letter ("Bpecial" → "special", "Ulled" → "filled"). Inside a sentence such a word is lowercase.
/// Not when the learned table says that capital stands for another capital ("Oharlie" →
/// "Charlie", "Oeltio" → "Celtic": `O` for `C` 83 times in 83; round 19).
fn misread_capital(written: &str, replacement: &str) -> bool {
    written.starts_with(char::is_uppercase)
        && Shape::of(written) != Shape::Upper
        && first_letter_changes(written, replacement)
        && !capital_misread(written, replacement)
}

/// True when the repair starts with another letter than `written` does, case aside.
fn first_letter_changes(written: &str, replacement: &str) -> bool {
    written.chars().next().map(|c| c.to_lowercase().next()) != Some(replacement.chars().next())
}

/// Where a word stands in its sentence, for the case of its repair.
#[derive(Clone, Copy)]
struct Position {
    /// After a lowercase known word on the same footing.
    mid_sentence: bool,
    /// First word of the text or after a full stop.
    sentence_start: bool,
    /// Glued to the word before it (by a hyphen, a full stop, an apostrophe or nothing): a piece of
    /// a compound ("Newgate-street"), not a word of its own ("Divorce.-Before" is).
    attached: bool,
}

/// True when a lowercase first letter is itself the misreading of a capital: the repair starts
/// with another letter ("lho" → "The", "bomo" → "Some" at the start of a sentence).
fn misread_lowercase(written: &str, replacement: &str) -> bool {
    written.chars().next().is_some_and(|c| !c.is_uppercase())
        && written.chars().any(char::is_lowercase)
        && first_letter_changes(written, replacement)
}

/// True when `candidate` only adds or drops letters at an end of `token`: "sponded" →
/// "responded", "Sewell" → "Well", "respec" → "respect", "Theo" → "The". Such tokens are halves of
/// words broken across lines (the hyphen lost) or names, hardly ever misreadings: on the
/// overproof-smh training half 6 of 97 such repairs were right, and they gained no distance.
fn edge_only(token: &str, candidate: &str) -> bool {
    token.len() != candidate.len()
        && (candidate.starts_with(token)
            || candidate.ends_with(token)
            || token.starts_with(candidate)
            || token.ends_with(candidate))
}

/// True when word `i` starts a sentence after a space ("costs. Bome"; not "film.elf").
fn spaced_start(text: &str, words: &[Word], i: usize) -> bool {
    words[i].sentence_start && (i == 0 || text[..words[i].range.start].ends_with(char::is_whitespace))
}

/// True when the OCR's lowercase first letter, repaired to another, usually stood for a capital
/// (the learned table): "rrank" → "Frank", "lohn" → "John".
fn capital_misread(written: &str, replacement: &str) -> bool {
    match (written.chars().next(), replacement.chars().next()) {
        (Some(o), Some(t)) => confusion::misread_capital_letter(o, t),
        _ => false,
    }
}

/// `word` with its first letter in capitals.
fn capitalize(word: &str) -> String {
    let mut cs = word.chars();
    cs.next().map(|c| c.to_uppercase().chain(cs).collect()).unwrap_or_default()
}

/// Writes `replacement` (lowercase) in the case of the OCR token: OCR case errors are common
/// ("COUNTnY"), so mostly-capitals means capitals and a capital first letter means capitalised.
pub fn carry_ocr_case(written: &str, replacement: &str) -> String {
    match Shape::of(written) {
        Shape::Upper => replacement.to_uppercase(),
        Shape::Lower => replacement.to_string(),
        Shape::Capitalized | Shape::Mixed => {
            if written.chars().next().is_some_and(char::is_uppercase) {
                let mut cs = replacement.chars();
                cs.next().map(|c| c.to_uppercase().chain(cs).collect()).unwrap_or_default()
            } else {
                replacement.to_string()
            }
        }
    }
}

/// `s` with curly apostrophes straight (as the lexicon writes them), copied only when it has one.
fn straight_apostrophes(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('’') {
        s.replace('’', "'").into()
    } else {
        s.into()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// OCR smudges that stand for letters when they touch one: "hou«o" (house), "sa\\o" (save),
/// "»as" (was), "th^" (the), "ingot*" (ingots), "sherr>" (sherry), "llii}cs" (Hayes). The
/// learned confusion table knows what each usually was.
pub fn is_letter_speck(c: char) -> bool {
    matches!(c, '«' | '»' | '\\' | '^' | '¡' | '|' | '*' | '<' | '>' | '}')
}

/// Byte ranges of words: runs of letters and digits, with apostrophes inside ("o'clock") and
/// letter specks touching them ("hou«o").
fn units(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next_alnum = it.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        // A speck before a word stands for a letter only when it is alone: a run of them ("\\\\to")
        // is a rule or a smear, and peeling one speck per pass would never reach a fixed point.
        let leading_speck = next_alnum && !prev.is_some_and(is_letter_speck);
        prev = Some(c);
        if c.is_alphanumeric() || (is_letter_speck(c) && (start.is_some() || leading_speck)) {
            start.get_or_insert(i);
        } else if is_apostrophe(c) && start.is_some() && next_alnum {
            // inside a word
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// "his death The following": a capitalised sentence opener right after a lowercase known word
/// (across a line break too) starts a sentence whose full stop OCR lost. Not "In", "It" (OCR
/// misreads their "i"), not "Mr" (names follow it anywhere). On the training half of
/// overproof-smh the ground truth has a full stop at 40 of 50 such places.
///
/// Only where the document itself reads as losing full stops: such places at least a fifth as
/// many as the full stops written after a lowercase word before a capital. Books and verse
/// (ICDAR's) capitalise lines and clauses without a stop, and keep their stops.
fn lost_full_stops(text: &str, words: &[Word]) -> Vec<Proposal> {
    let mut out = Vec::new();
    let mut stops = 0usize;
    for pair in words.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        let gap = &text[prev.range.end..next.range.start];
        if prev.shape == Shape::Lower
            && prev.known
            && next.shape == Shape::Capitalized
            && gap.starts_with('.')
            && gap[1..].chars().all(char::is_whitespace)
            && gap.len() > 1
        {
            stops += 1;
        }
        if next.shape != Shape::Capitalized || !SENTENCE_OPENERS.contains(&next.lower.as_str()) {
            continue;
        }
        // "the song of The Mad Pranks", "under which The": a title follows a function word.
        let prev_function = FUNCTION_WORDS.contains(&prev.lower.as_str()) || TITLE_LEADS.contains(&prev.lower.as_str());
        if prev.shape != Shape::Lower || !prev.known || prev.lower.chars().count() < 2 || prev_function {
            continue;
        }
        let gap = prev.range.end..next.range.start;
        if text[gap.clone()].is_empty() || !text[gap.clone()].chars().all(char::is_whitespace) {
            continue;
        }
        let written = &text[gap.clone()];
        let reason =
            format!("{:?} opens a sentence after a lowercase word: OCR lost the full stop", &text[next.range.clone()]);
        out.push(Fixed::FullStop.proposal(gap, format!(".{written}"), reason));
    }
    if out.len() * LOST_STOP_RATE < stops {
        out.clear();
    }
    out
}

/// "C B Bond", "Mr J Smith": a lone capital (not "A", "I", which are words) standing as an
/// initial before a capitalised known word or another initial, on the same line with only spaces
/// between, lost its full stop ("C. B. Bond"; round 23). On the overproof-smh training half the
/// gold has the stop at about half of these places (a document or two writes initials without
/// stops throughout), and most of the others are partly right (the gold also repairs the name
/// after it), so the rule is kept to initials before a known name, whose gold edit it matches
/// whole. `fixed` holds the first pass's repairs, which count as known.
fn lost_initial_stops(
    text: &str,
    words: &[Word],
    fixed: &[Option<String>],
    known: impl Fn(&str) -> bool,
) -> Vec<Proposal> {
    let spaced = |k: usize| {
        let gap = &text[words[k].range.end..words[k + 1].range.start];
        !gap.is_empty() && gap.chars().all(|c| c == ' ')
    };
    let initial = |k: usize| {
        let w = &text[words[k].range.clone()];
        w.len() == 1 && w.starts_with(|c: char| c.is_ascii_uppercase())
    };
    let name = |k: usize| {
        let n = &text[words[k].range.clone()];
        n.starts_with(|c: char| c.is_ascii_uppercase())
            && n.len() > 1
            && n.chars().skip(1).all(|c| c.is_ascii_lowercase() || is_apostrophe(c))
            && (words[k].known || fixed[k].as_deref().is_some_and(&known))
    };
    let mut out = Vec::new();
    for k in 0..words.len().saturating_sub(1) {
        let written = &text[words[k].range.clone()];
        if !initial(k) || matches!(written, "A" | "I") || !spaced(k) {
            continue;
        }
        let before = text[..words[k].range.start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-' || is_apostrophe(c)) {
            continue;
        }
        if !(initial(k + 1) || name(k + 1)) {
            continue;
        }
        // At most three initials in a row, not followed by a capital word or a lowercase one:
        // "C B Bond", "Mr H W" / "Watts", not the spaced capitals of a heading ("A N N D ABOVE",
        // "E X E T", "s E R M o").
        let (mut first, mut last) = (k, k);
        while first > 0 && initial(first - 1) && spaced(first - 1) {
            first -= 1;
        }
        while last + 1 < words.len() && initial(last + 1) && spaced(last) {
            last += 1;
        }
        let after_run = (last + 1 < words.len() && spaced(last)).then(|| words[last + 1].shape);
        if last - first >= 3 || matches!(after_run, Some(Shape::Upper | Shape::Lower)) {
            continue;
        }
        let next = &words[k + 1];
        let gap = &text[words[k].range.end..next.range.start];
        let reason =
            format!("{written:?} before {:?} is an initial: OCR lost its full stop", &text[next.range.clone()]);
        out.push(Fixed::Initial.proposal(words[k].range.end..next.range.start, format!(".{gap}"), reason));
    }
    out
}

/// A document loses full stops when the places [`lost_full_stops`] finds are at least one in
/// this many of its written ones.
const LOST_STOP_RATE: usize = 5;

/// Words a title often follows ("called The", "read The").
const TITLE_LEADS: &[&str] = &["which", "whom", "called", "named", "entitled", "read", "reads", "see", "says", "said"];

/// Capitalised, these open a sentence (or a title, which an OCR'd column rarely has inline).
const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "he",
    "she",
    "they",
    "there",
    "we",
    "but",
    "when",
    "on",
    "at",
    "as",
    "an",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "after",
    "while",
    "although",
    "however",
    "then",
    "yesterday",
];

/// Words broken across lines by a hyphen ("com-" / "mencing") are halves, not misreadings: the
/// halves are left alone (joining them is the normalize stage's business).
fn protect_line_break_fragments(text: &str, words: &mut [Word]) {
    for i in 0..words.len().saturating_sub(1) {
        let gap = &text[words[i].range.end..words[i + 1].range.start];
        let trimmed: String = gap.chars().filter(|c| *c != ' ' && *c != '\t' && *c != '\r').collect();
        if trimmed.starts_with("-\n") || trimmed == "\n-" || trimmed.starts_with("¬\n") {
            words[i].fixable = false;
            words[i + 1].fixable = false;
        }
    }
}

/// True when no line break separates two words.
fn same_line(text: &str, a: &Word, b: &Word) -> bool {
    !text[a.range.end..b.range.start].contains('\n')
}

/// Scottish and Irish names of print ("M'Laughlin", "O'Brien", "McKean"): the lexicon has no
/// case and would read them as "mclaughlin".
fn is_gaelic_name(w: &str) -> bool {
    let cs: Vec<char> = w.chars().take(4).collect();
    match cs.as_slice() {
        ['M' | 'O', '\'' | '’', c, ..] => c.is_uppercase(),
        ['M', 'c', c, ..] => c.is_uppercase(),
        ['M', 'a', 'c', c] => c.is_uppercase(),
        _ => false,
    }
}

/// Context flows from one word to the next across spaces and a hyphen, not across other
/// punctuation.
fn linked(text: &str, a: &Word, b: &Word) -> bool {
    let gap = &text[a.range.end..b.range.start];
    gap.chars().all(|c| c.is_whitespace() || c == '-' || is_apostrophe(c)) && gap.matches('-').count() <= 1
}

/// A gap that may split one word: one space, or a hyphen alone or with a space on either side
/// ("a-nount", "respect- ively", "bran -new"), all within one line.
fn is_broken_gap(gap: &str) -> bool {
    matches!(gap, " " | "-" | "- " | " -" | " - ")
}

/// True inside a URL or an e-mail address (the whitespace-delimited chunk around `range`).
fn in_address(text: &str, range: &Range<usize>) -> bool {
    // Past the whitespace character, which may be longer than one byte (a no-break space).
    let start =
        text[..range.start].char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[range.end..].find(char::is_whitespace).map_or(text.len(), |i| range.end + i);
    let chunk = &text[start..end];
    chunk.contains("://") || chunk.contains("www.") || chunk.contains('@') || chunk.contains(".com")
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The lexicon's source: the language model's unigram list (`dictionaries/lm/unigrams.tsv`,
/// `word<TAB>count`), so the OCR stage knows exactly the words the model scores.
const UNIGRAMS_TSV: &str = include_str!("../../dictionaries/lm/unigrams.tsv");

impl Corrector {
    /// The shipped corrector: the built-in language model, its lexicon, the learned confusion
    /// table and the tuned weights. Building the delete index takes a moment; the pipeline builds
    /// it once per process ([`OcrDetector::builtin`]).
    pub fn builtin() -> Corrector {
        let pairs = UNIGRAMS_TSV.lines().filter_map(|l| {
            let (w, c) = l.split_once('\t')?;
            Some((w, c.trim().parse::<u64>().ok()?))
        });
        let lexicon = Lexicon::from_counts(pairs);
        let params = match std::env::var("UNSPIN_OCR_PARAMS") {
            Ok(spec) => Params::default().with_overrides(&spec).unwrap_or_else(|e| panic!("UNSPIN_OCR_PARAMS: {e}")),
            Err(_) => Params::default(),
        };
        let print = (params.print_lm > 0.0).then(|| (print_lm::PrintBigrams::builtin(), params.print_lm));
        let model: Arc<dyn ContextModel> = Arc::new(LanguageModelRef(crate::lm::LanguageModel::builtin(), print));
        let c = Corrector::new(Arc::new(lexicon), Arc::new(ConfusionModel::builtin()), model);
        c.with_params(params)
    }
}

/// The built-in language model as a [`ContextModel`] (natural logs), with the print corpus's
/// bigrams mixed in at their weight when given.
struct LanguageModelRef(&'static crate::lm::LanguageModel, Option<(&'static print_lm::PrintBigrams, f64)>);

/// Bigram log-probabilities already looked up ("prev w" → ln P), per thread: readings of
/// neighbouring words ask for the same pairs over and over, and each lookup walks the model's
/// fst several times.
const LM_CACHE_LIMIT: usize = 1 << 20;

thread_local! {
    static LM_CACHE: std::cell::RefCell<(String, FxMap<Box<str>, f64>)> = std::cell::RefCell::new(Default::default());
    /// The same for ln P(w) of a word with no word before it (a document's or a line's first).
    static LM_UNIGRAM_CACHE: std::cell::RefCell<FxMap<Box<str>, f64>> = std::cell::RefCell::new(Default::default());
}

impl ContextModel for LanguageModelRef {
    fn logp_next(&self, prev: &str, w: &str) -> f64 {
        LM_CACHE.with(|cell| {
            let (key, cache) = &mut *cell.borrow_mut();
            key.clear();
            key.push_str(prev);
            key.push(' ');
            key.push_str(w);
            if let Some(&v) = cache.get(key.as_str()) {
                return v;
            }
            let log10 = self.0.logp_next(prev, w);
            let v = match self.1 {
                Some((print, weight)) => print.mix(prev, key, 10f64.powf(log10), weight),
                None => log10 * std::f64::consts::LN_10,
            };
            insert_bounded(cache, key, v, LM_CACHE_LIMIT);
            v
        })
    }
    fn logp(&self, w: &str) -> f64 {
        LM_UNIGRAM_CACHE.with(|cell| {
            let cache = &mut *cell.borrow_mut();
            if let Some(&v) = cache.get(w) {
                return v;
            }
            let v = self.0.logp(w) * std::f64::consts::LN_10;
            insert_bounded(cache, w, v, LM_CACHE_LIMIT);
            v
        })
    }
    /// The model's steps are probabilities ([`crate::lm::LanguageModel::logp_next`]: relative
    /// frequencies, a backoff capped below the rarest listed bigram, unigram shares), and so
    /// are the print corpus's (a pair is never counted more often than its first word): a
    /// mixture with a weight in [0, 1] stays at most 1, give or take the rounding of its sum.
    fn max_logp(&self) -> f64 {
        match self.1 {
            Some((_, weight)) if !(0.0..=1.0).contains(&weight) => f64::INFINITY,
            _ => 1e-12,
        }
    }
}

/// The OCR stage as a pipeline detector.
pub struct OcrDetector {
    corrector: Arc<Corrector>,
}

impl OcrDetector {
    pub fn new(corrector: Arc<Corrector>) -> Self {
        OcrDetector { corrector }
    }

    /// The detector over the shipped corrector, built once per process and shared.
    pub fn builtin() -> Self {
        static SHARED: OnceLock<Arc<Corrector>> = OnceLock::new();
        OcrDetector::new(SHARED.get_or_init(|| Arc::new(Corrector::builtin())).clone())
    }
}

impl Detector for OcrDetector {
    fn stage(&self) -> Stage {
        Stage::Ocr
    }

    fn uses_tokens(&self) -> bool {
        false
    }

    fn detect(&self, text: &str, _tokens: &[Token], signals: &mut Signals) -> Vec<Proposal> {
        self.corrector.propose(text, signals)
    }
}

#[cfg(test)]
mod tests;
