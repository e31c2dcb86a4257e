//! Inducing a spinner's substitution map from unlabelled spun documents.
//!
//! An article spinner replaces a word or phrase `w` by a thesaurus synonym `s(w)` wherever it occurs,
//! blind to the context. Its output therefore carries two traces that ordinary English does not:
//!
//! 1. every occurrence of `s` that came from `w` sits in a context written for `w`, so the language
//!    model finds `w` more probable there than `s` ("officials *mentioned* the");
//! 2. `w` itself is (nearly) absent, however common it is in English ("said" in a news story).
//!
//! For each phrase `s` of one to four words seen at least twice in lowercase text (not a bare
//! function word), and each candidate original `w` drawn from the thesaurus (its synonyms and reverse
//! synonyms; with a shared function word where the core alone is none: "in the" for "within the";
//! and, for a two-word rendering or a three-word one with one content word, the synonyms of a word
//! that nearly always comes in it: "before" for "earlier than", "concert" for "live performance"; and
//! the function-word and phrase paraphrases of `dictionaries/paraphrase/function_phrases.tsv`, which
//! no thesaurus lists: "at least" for "a minimum of"),
//! [`Learner`] computes posterior log10 odds that the spinner maps `w` to `s`, from:
//!
//! * **context**: `max_π Σ_i log10(π·g_i + 1 − π)` over the occurrences `i` of `s`, where `g_i` is how
//!   much more probable the bigram model finds the window (left word, phrase, right word) with `w`
//!   than with `s`, beyond the two phrases' own frequencies (π, the share of spun occurrences, is
//!   fitted; an `s` that is mostly genuine gets π near 0). Later rounds read the neighbours with the
//!   confident pairs undone, since the neighbours of a spun word are often spun too;
//! * **split**: English writes `w` q times as often as `s`; a document that writes `s` n times and `w`
//!   never is odd unless a spinner made it so. A topic lifts both sides alike, so this survives the
//!   topical repetition that raw counts do not; n counts as 1 + ln n per document (burstiness); the
//!   ratio counts at most `ODDS_CAP` per use (a much commoner word is no stronger evidence);
//! * **absence**: every document still showing `w` in lowercase costs `log10(LEAK)`, unless `w` is
//!   itself a confident spun form (chains: threat→risk while risk→danger);
//! * **articles**: the writer agreed "a"/"an" with `w` and the spinner never fixes it, so an article
//!   before `s` that disagrees with `w` counts against the pair, one that disagrees with `s` only
//!   ("a uncommon") for it;
//! * **capitals**: a spinner leaves capitalised words alone, so a `w` seen only at the start of
//!   sentences ("But", "Before the") is one the spinner rewrites elsewhere;
//! * **prior**: grows with the closeness of `s` and `w` (the cosine of their thesaurus
//!   neighbourhoods: "uncommon" is closer to "rare" than to "different", and a hub is close to
//!   nothing; a paraphrase-table pair counts as `TABLE_CLOSENESS`), shrinks with the number of candidates of `s`, with each word `w` has beyond `s`
//!   (spinners expand), and for an original derived from one word of the rendering.
//!
//! The best original per spun phrase is the one a second context model prefers (the shipped bigrams
//! updated by the print corpus's counts as evidence, `CHOICE_PRINT_PRIOR`), and it competes with its
//! rivals, among them the first model's favourite where the two disagree: its posterior is its odds against "not
//! spun" and the other candidates together (weighted by `RIVAL_WEIGHT`), so two close explanations
//! share the belief; and spun phrases whose best originals coincide ("final" and "live performance"
//! both for "last") share it too, since a spinner writes each original one way. It is proposed when that posterior reaches `min_confidence`, with the evidence
//! (occurrences, expected counts of both sides, mean language-model gain, log-odds) in the source
//! column. See `docs/learn.md` for what it recovers on the dev article.
//!
//! ```
//! use unspin::learn::{LearnOptions, Learner};
//!
//! let mut learner = Learner::new(LearnOptions::default());
//! for text in [
//!     "Police officers mentioned the fire began at night. Witnesses mentioned that it lasted an hour.",
//!     "The minister mentioned on Monday that the officers had been warned, and the army mentioned it.",
//!     "After the fire, officers mentioned they had received no threat; residents mentioned they were afraid.",
//! ] {
//!     learner.add_document(text);
//! }
//! let map = learner.learn();
//! assert!(map.iter().any(|m| m.spun == "mentioned" && m.original == "said"));
//! print!("{}", learner.to_tsv(&map, "doc example"));
//! ```

use crate::lm::LanguageModel;
use crate::ocr::print_lm::PrintBigrams;
use crate::thesaurus::Thesaurus;
use crate::tokenize::{tokenize, TokenKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// Longest phrase considered, in words (a three-word thesaurus term plus a shared function word).
const MAX_WORDS: usize = 4;
/// Contexts kept per phrase: enough for the evidence to be decisive, bounded memory on big corpora.
const MAX_CONTEXTS: usize = 256;
/// Probability that a context-blind spinner leaves one occurrence of a word it maps (quotes, misses).
const LEAK: f64 = 0.05;
/// Prior odds that a phrase seen in the corpus is a spun form at all (shared among its candidates).
const PRIOR_ODDS: f64 = 1.0;
/// Most log10 odds the English frequency ratio of the two sides lends per use (a much commoner
/// synonym is no stronger evidence than a commoner one: "different" for "uncommon").
const ODDS_CAP: f64 = 1.5;
/// Weight of the rival candidates of a spun phrase in the posterior of its best one. Below 1: rivals
/// are mostly near-duplicates of one another (a hub's neighbours), not independent explanations.
const RIVAL_WEIGHT: f64 = 0.2;
/// How sharply the prior favours close synonyms: log10 odds gained per decade of closeness.
const CLOSENESS_WEIGHT: f64 = 2.0;
/// Closeness floor (candidates with no shared neighbours are not ruled out, only unlikely).
const MIN_CLOSENESS: f64 = 0.01;
/// Closeness factor of an original derived from one word of a multi-word rendering.
const DERIVED_PENALTY: f64 = 0.3;
/// Share of the occurrences of a word that must sit in a rendering for its synonyms to be candidates.
const DERIVED_SHARE: f64 = 0.75;
/// log10 prior odds per word the original has beyond the rendering: spinners expand ("at least" ->
/// "a minimum of"), rarely contract.
const LONGER_PENALTY: f64 = -1.5;
/// log10 odds per occurrence after an article that agrees with one side only ("a uncommon").
const ARTICLE_EVIDENCE: f64 = 1.0;
/// log10 odds per capitalised occurrence (up to three) of an original never seen in lowercase.
const CAPITALISED_EVIDENCE: f64 = 0.5;

/// Weight of the print corpus's bigrams (Brown) in the context model. Lower than the OCR stage's
/// 0.3: swept 0.05-0.5 on the synthetic sets and the dev article (docs/learn.md); heavier weights
/// let a million words of 1960s prose propose pairs of their own ("venue" -> "post").
const PRINT_WEIGHT: f64 = 0.1;

/// Strength, in words, of the shipped model's prediction when the print corpus's counts update it
/// (a Dirichlet prior: P = (c(prev w) + α·P_model) / (c(prev) + α)) in the second context model,
/// which picks among the candidates of a spun phrase. Unlike the fixed mixture above, a context the
/// print corpus saw rarely moves the prediction little, so a word Brown never saw gains nothing
/// over one it saw in other company. Swept 100-3000 (docs/learn.md, Round 18).
const CHOICE_PRINT_PRIOR: f64 = 1000.0;

/// Closeness given to a candidate from the paraphrase table (`dictionaries/paraphrase/`), which has
/// no thesaurus neighbourhood to compare, so its cosine would sit at `MIN_CLOSENESS` (prior −4):
/// about that of a thesaurus pair of middling closeness. Swept 0.1-0.3 (docs/learn.md, Round 19).
const TABLE_CLOSENESS: f64 = 0.15;

/// Function-word and phrase paraphrases that no thesaurus links ("a minimum of" / "at least"):
/// generic English usage, either side a candidate original for the other.
const PARAPHRASES: &str = include_str!("../dictionaries/paraphrase/function_phrases.tsv");

/// The paraphrase table as phrase -> alternatives, both directions (columns: phrase, alternative, kind).
fn parse_paraphrases(text: &str) -> HashMap<String, Vec<String>> {
    let mut table: HashMap<String, Vec<String>> = HashMap::new();
    for (a, b) in paraphrase_rows(text) {
        table.entry(a.to_string()).or_default().push(b.to_string());
        table.entry(b.to_string()).or_default().push(a.to_string());
    }
    table
}

/// The (phrase, alternative) rows of a paraphrase table, in file order: comments and blank lines
/// skipped.
fn paraphrase_rows(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).filter_map(|line| {
        let mut cols = line.split('\t');
        Some((cols.next()?, cols.next()?))
    })
}

/// The shipped paraphrase table, parsed once.
fn paraphrases() -> &'static HashMap<String, Vec<String>> {
    static TABLE: std::sync::OnceLock<HashMap<String, Vec<String>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| parse_paraphrases(PARAPHRASES))
}

/// Learning rounds (the first reads contexts as written, later ones with confident pairs undone).
const ROUNDS: usize = 3;
/// Posterior a pair needs before later rounds treat it as known, and before it claims its original
/// against the other spun phrases that have the same best original.
const KNOWN_CONFIDENCE: f64 = 0.9;
/// Weight of the other confident claims on an original in the posterior of a pair (one rendering
/// per original: the spinner writes "last" one way, so "final" and "live performance" cannot both
/// stand for it).
const CLAIM_WEIGHT: f64 = 1.0;

/// What earlier rounds found: confident spun forms and, for single spun words, their originals.
#[derive(Default)]
struct Known {
    spun: HashMap<String, String>,
}

impl Known {
    fn from_pairs(pairs: &[Mapping], min_confidence: f64) -> Known {
        let spun = pairs
            .iter()
            .filter(|m| m.confidence >= KNOWN_CONFIDENCE.max(min_confidence))
            .map(|m| (m.spun.clone(), m.original.clone()))
            .collect();
        Known { spun }
    }

    /// The left neighbour as originally written: the last word of the original of a spun word.
    fn decode_left<'a>(&'a self, word: Option<&'a str>) -> Option<&'a str> {
        let word = word?;
        Some(self.spun.get(word).map_or(word, |o| o.rsplit(' ').next().unwrap_or(o)))
    }

    /// The right neighbour as originally written: the first word of the original of a spun word.
    fn decode_right<'a>(&'a self, word: Option<&'a str>) -> Option<&'a str> {
        let word = word?;
        Some(self.spun.get(word).map_or(word, |o| o.split(' ').next().unwrap_or(o)))
    }
}

/// Closed-class words a spinner's phrase entries often carry along ("within the" for "in the").
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "it", "of", "on", "or", "than", "that",
    "the", "their", "this", "to", "was", "were", "with",
];

/// Pronouns and quantifiers Moby lists as synonyms of nouns ("authorities" ~ "they").
const PRONOUNS: &[&str] = &[
    "all", "any", "he", "her", "him", "i", "me", "one", "she", "some", "them", "these", "they", "those", "us", "we",
    "you",
];

/// Knobs of [`Learner`].
#[derive(Clone, Debug)]
pub struct LearnOptions {
    /// Fewest lowercase occurrences of a spun phrase for it to be considered.
    pub min_occurrences: usize,
    /// Propose pairs whose posterior probability reaches this.
    pub min_confidence: f64,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions { min_occurrences: 2, min_confidence: 0.99 }
    }
}

/// One learned substitution, with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    /// The phrase as the spinner writes it (lowercase).
    pub spun: String,
    /// The phrase it replaced (lowercase).
    pub original: String,
    /// Posterior probability that the spinner maps `original` to `spun`.
    pub confidence: f64,
    /// Lowercase occurrences of `spun` in the corpus.
    pub spun_count: usize,
    /// Documents showing `original` in lowercase, not explained as parts of `spun` or as spun forms.
    pub original_count: usize,
    /// Occurrences of each expected in a document of average length, from reference English.
    pub spun_expected: f64,
    pub original_expected: f64,
    /// Mean log10 language-model gain of `original` over `spun` in the contexts of `spun`.
    pub mean_gain: f64,
    /// Posterior log10 odds.
    pub log_odds: f64,
}

impl Mapping {
    /// The evidence as one line for a dictionary's source column.
    pub fn evidence(&self) -> String {
        format!(
            "learn: seen {} times (expected {:.2}/doc), original in {} doc(s) (expected {:.2}/doc), lm gain {:+.2}/use, log-odds {:+.1}",
            self.spun_count,
            self.spun_expected,
            self.original_count,
            self.original_expected,
            self.mean_gain,
            self.log_odds
        )
    }
}

/// A candidate original: the phrase, its closeness to the rendering, and whether it is derived from
/// one word of a multi-word rendering.
type Candidate = (String, f64, bool);

/// Left and right neighbouring words of one occurrence (lowercase; `None` at punctuation or a break).
type Context = (Option<Box<str>>, Option<Box<str>>);

/// How a context window is scored: the model that gives a pair its posterior, or the second
/// model that must agree on which candidate is best (see [`choose`]).
#[derive(Clone, Copy, Debug, PartialEq)]
enum ContextModel {
    /// The shipped bigrams mixed with the print corpus's at `PRINT_WEIGHT`.
    Mixed,
    /// The shipped bigrams updated by the print corpus's counts as evidence (`CHOICE_PRINT_PRIOR`).
    Print,
}

#[derive(Default)]
struct PhraseStats {
    count: usize,
    /// Documents it occurs in, and the last one (to count each once).
    documents: usize,
    last_document: usize,
    contexts: Vec<Context>,
}

/// Accumulates phrase statistics over documents, then proposes a substitution map. See the
/// [module docs](self).
pub struct Learner {
    options: LearnOptions,
    lm: &'static LanguageModel,
    thesaurus: &'static Thesaurus,
    print: &'static PrintBigrams,
    phrases: HashMap<String, PhraseStats>,
    /// Occurrences of phrases that open a sentence with a capital (lowercase keys).
    capitalised: HashMap<String, usize>,
    documents: usize,
    words: usize,
}

/// The lowercase key of a word as the language model spells it (typographic apostrophes folded).
fn key(word: &str) -> String {
    word.to_lowercase().replace(['’', '‘'], "'")
}

fn is_lowercase_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

/// A word with a capital first letter and lowercase letters after it ("Security", not "ISIS").
fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.clone().next().is_some() && !chars.any(char::is_uppercase)
}

/// Whether the article `a`/`an` disagrees with the word after it ("a uncommon", "an knowledgeable");
/// the spin stage's rule ([`crate::spin::article::breaks`]), for the two indefinite articles only.
fn article_mismatch(article: &str, word: &str) -> bool {
    matches!(article, "a" | "an") && crate::spin::article::breaks(article, word)
}

impl Learner {
    pub fn new(options: LearnOptions) -> Learner {
        Learner {
            options,
            lm: LanguageModel::builtin(),
            thesaurus: Thesaurus::builtin(),
            print: PrintBigrams::builtin(),
            phrases: HashMap::new(),
            capitalised: HashMap::new(),
            documents: 0,
            words: 0,
        }
    }

    /// Documents added so far.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// Words seen so far.
    pub fn words(&self) -> usize {
        self.words
    }

    /// Counts the phrases of one document. Only runs of words separated by spaces form phrases
    /// (punctuation and numbers break them), and only lowercase words count: spinners leave
    /// capitalised words and proper nouns alone, so a capitalised occurrence is no evidence.
    pub fn add_document(&mut self, text: &str) {
        self.documents += 1;
        let mut run: Vec<Option<String>> = Vec::new();
        let mut caps: Vec<Option<String>> = Vec::new();
        // Whether the next word opens a sentence (its capital says nothing of its being a name).
        let mut sentence_start = true;
        for token in tokenize(text) {
            let t = token.text(text);
            match token.kind {
                TokenKind::Word => {
                    let word = t;
                    self.words += 1;
                    run.push(is_lowercase_word(word).then(|| key(word)));
                    caps.push((sentence_start && is_capitalised_word(word)).then(|| key(word)));
                    sentence_start = false;
                }
                TokenKind::Space if !t.contains('\n') => {}
                _ => {
                    if t.contains('\n') || t.ends_with(['.', '!', '?']) {
                        sentence_start = true;
                    } else if !t.ends_with(['"', '“', '‘', '\'', '(', '—']) {
                        sentence_start = false;
                    }
                    self.add_run(&run, &caps);
                    run.clear();
                    caps.clear();
                }
            }
        }
        self.add_run(&run, &caps);
    }

    /// Records every phrase of `run` made of lowercase words. `None` marks a capitalised word: it
    /// breaks phrases but still serves as (unknown) context.
    fn add_run(&mut self, run: &[Option<String>], caps: &[Option<String>]) {
        // Capitalised occurrences at the start of a sentence ("But the"), which a spinner leaves alone.
        for (start, first) in caps.iter().enumerate() {
            let Some(first) = first else { continue };
            let mut phrase = first.clone();
            *self.capitalised.entry(phrase.clone()).or_default() += 1;
            for word in run.iter().skip(start + 1).take(MAX_WORDS - 1) {
                let Some(word) = word else { break };
                phrase.push(' ');
                phrase.push_str(word);
                *self.capitalised.entry(phrase.clone()).or_default() += 1;
            }
        }
        for start in 0..run.len() {
            for len in 1..=MAX_WORDS.min(run.len() - start) {
                let words = &run[start..start + len];
                if words.iter().any(Option::is_none) {
                    break;
                }
                let phrase = words.iter().flatten().map(String::as_str).collect::<Vec<_>>().join(" ");
                let left = start.checked_sub(1).and_then(|i| run[i].as_deref()).map(Box::from);
                let right = run.get(start + len).and_then(|w| w.as_deref()).map(Box::from);
                let stats = self.phrases.entry(phrase).or_default();
                stats.count += 1;
                if stats.documents == 0 || stats.last_document != self.documents {
                    stats.documents += 1;
                    stats.last_document = self.documents;
                }
                if stats.contexts.len() < MAX_CONTEXTS {
                    stats.contexts.push((left, right));
                }
            }
        }
    }

    fn count(&self, phrase: &str) -> usize {
        self.phrases.get(phrase).map_or(0, |s| s.count)
    }

    /// Thesaurus neighbours of a term in both directions (synonyms and reverse synonyms).
    fn neighbours(&self, term: &str) -> HashSet<&'static str> {
        let th: &'static Thesaurus = self.thesaurus;
        th.synonyms(term).into_iter().chain(th.reverse(term)).collect()
    }

    /// Second-order closeness of two thesaurus terms: the cosine of their neighbour sets. Close
    /// synonyms ("rare", "uncommon") share much of their neighbourhood; a hub ("red", "program")
    /// shares a little with everything, and the cosine discounts it by its size.
    fn closeness(&self, a: &str, b: &str, cache: &mut HashMap<String, HashSet<&'static str>>) -> f64 {
        let na = cache.entry(a.to_string()).or_insert_with(|| self.neighbours(a)).clone();
        let nb = cache.entry(b.to_string()).or_insert_with(|| self.neighbours(b));
        if na.is_empty() || nb.is_empty() {
            return 0.0;
        }
        let shared = na.iter().filter(|x| nb.contains(*x)).count();
        shared as f64 / ((na.len() * nb.len()) as f64).sqrt()
    }

    /// Candidate originals of a spun phrase, each with its closeness to it: thesaurus neighbours in
    /// both directions, and for a phrase that starts or ends with a function word, the neighbours of
    /// the rest with that word kept (closeness of the cores).
    fn candidates(&self, spun: &str, cache: &mut HashMap<String, HashSet<&'static str>>) -> Vec<Candidate> {
        let mut out: Vec<(String, String, String)> = Vec::new();
        let th = self.thesaurus;
        let mut add = |core: &str, wrap: &dyn Fn(&str) -> String| {
            for w in th.synonyms(core).into_iter().chain(th.reverse(core)) {
                out.push((wrap(w), core.to_string(), w.to_string()));
            }
        };
        add(spun, &|w| w.to_string());
        // A wrapped candidate only where the core alone is no candidate ("within the" -> "in the",
        // as a bare "in" is none): otherwise the core decides ("the attack" is "attack").
        let standalone = |w: &str| !FUNCTION_WORDS.contains(&w) && !PRONOUNS.contains(&w);
        if let Some((first, rest)) = spun.split_once(' ') {
            if FUNCTION_WORDS.contains(&first) {
                add(rest, &|w| if standalone(w) { String::new() } else { format!("{first} {w}") });
            }
        }
        if let Some((rest, last)) = spun.rsplit_once(' ') {
            if FUNCTION_WORDS.contains(&last) {
                add(rest, &|w| if standalone(w) { String::new() } else { format!("{w} {last}") });
            }
        }
        // A multi-word rendering often stands for a synonym of one of its words, or for that word
        // alone ("earlier than" for "before", "live performance" for "concert", "night time" for
        // "night"): the structural change costs `DERIVED_PENALTY` in the prior.
        let words: Vec<&str> = spun.split(' ').collect();
        let content = words.iter().filter(|x| !FUNCTION_WORDS.contains(x)).count();
        if words.len() == 2 || (words.len() == 3 && content == 1) {
            for x in &words {
                // Only a word that (nearly) always comes in this rendering: "earlier" in "earlier
                // than", not "officers" in "officers mentioned".
                if FUNCTION_WORDS.contains(x)
                    || PRONOUNS.contains(x)
                    || (self.count(spun) as f64) < DERIVED_SHARE * self.count(x) as f64
                {
                    continue;
                }
                for w in th.synonyms(x).into_iter().chain(th.reverse(x)) {
                    if w.split(' ').count() < words.len() {
                        out.push((w.to_string(), format!("~{x}"), w.to_string()));
                    }
                }
            }
        }
        let lm = self.lm;
        // A bare function word is never the original: spinners rewrite content words and phrases, and
        // Moby links every preposition to every other ("on" ~ "in"), which the bigram model cannot
        // tell apart. Phrases with function words ("in the" for "within the") stay.
        out.retain(|(w, _, _)| {
            w != spun
                && !w.is_empty()
                && !FUNCTION_WORDS.contains(&w.as_str())
                && !PRONOUNS.contains(&w.as_str())
                && w.split(' ').count() <= MAX_WORDS
                && w.split(' ').all(|x| lm.contains(x))
        });
        let mut scored: Vec<Candidate> = out
            .into_iter()
            .map(|(w, core, cw)| {
                let (c, derived) = match core.strip_prefix('~') {
                    None => (self.closeness(&core, &cw, cache), false),
                    Some(x) => (self.closeness(x, &cw, cache) * DERIVED_PENALTY, true),
                };
                (w, c, derived)
            })
            .collect();
        // Paraphrases no thesaurus lists ("a minimum of" for "at least"), at `TABLE_CLOSENESS` (a
        // thesaurus link to the same phrase keeps its own closeness if higher). A bare function word
        // stays no original, as above.
        for w in paraphrases().get(spun).into_iter().flatten() {
            if w != spun && !FUNCTION_WORDS.contains(&w.as_str()) && w.split(' ').all(|x| lm.contains(x)) {
                scored.push((w.clone(), TABLE_CLOSENESS, false));
            }
        }
        scored.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        scored.dedup_by(|a, b| a.0 == b.0);
        scored
    }

    /// log10 P(word | prev): the shipped bigram model mixed with the print corpus's counts where
    /// those know `prev`. The shipped list keeps only frequent pairs and backs off to unigrams below
    /// them, which makes a common wrong synonym beat the right, rarer one ("placed" over "involved"
    /// after "concerned"); edited prose knows many of the pairs it lacks.
    fn logp_next(&self, prev: &str, word: &str, model: ContextModel) -> f64 {
        let p_model = 10f64.powf(self.lm.logp_next(prev, word));
        let pair = format!("{prev} {word}");
        match model {
            ContextModel::Mixed => self.print.mix(prev, &pair, p_model, PRINT_WEIGHT) / std::f64::consts::LN_10,
            ContextModel::Print => match self.print.counts(prev, &pair) {
                Some((c, n)) => {
                    ((f64::from(c) + CHOICE_PRINT_PRIOR * p_model) / (f64::from(n) + CHOICE_PRINT_PRIOR)).log10()
                }
                None => p_model.log10(),
            },
        }
    }

    /// log10 of how much more probable the window (left neighbour, phrase, right neighbour) is with
    /// `original` than with `spun`, under the bigram model.
    fn window_gain(
        &self,
        left: Option<&str>,
        spun: &[&str],
        original: &[&str],
        right: Option<&str>,
        model: ContextModel,
    ) -> f64 {
        let lm = self.lm;
        let score = |words: &[&str]| {
            let mut score = match left {
                Some(l) => self.logp_next(l, words[0], model),
                None => lm.logp(words[0]),
            };
            score += words.windows(2).map(|p| self.logp_next(p[0], p[1], model)).sum::<f64>();
            if let Some(r) = right {
                score += self.logp_next(words[words.len() - 1], r, model);
            }
            score
        };
        score(original) - score(spun)
    }

    /// log10 P(phrase) under a context model (the unigram of the first word, then bigrams).
    fn phrase_logp(&self, words: &[&str], model: ContextModel) -> f64 {
        let Some(first) = words.first() else { return 0.0 };
        self.lm.logp(first) + words.windows(2).map(|p| self.logp_next(p[0], p[1], model)).sum::<f64>()
    }

    /// Expected occurrences of a phrase in a document of average length written in reference English.
    fn expected(&self, phrase: &str) -> f64 {
        let words: Vec<&str> = phrase.split(' ').collect();
        10f64.powf(self.lm.score(&words)) * self.words as f64 / self.documents.max(1) as f64
    }

    /// Documents with lowercase occurrences of `original` that are not inside occurrences of `spun`.
    fn unexplained_documents(&self, spun: &str, original: &str) -> usize {
        let Some(stats) = self.phrases.get(original) else { return 0 };
        let inside = format!(" {spun} ").matches(&format!(" {original} ")).count();
        let tokens = stats.count.saturating_sub(inside * self.count(spun));
        stats.documents.min(tokens)
    }

    fn score(
        &self,
        spun: &str,
        stats: &PhraseStats,
        (original, closeness): (&str, f64),
        candidates: usize,
        known: &Known,
        model: ContextModel,
    ) -> Mapping {
        let s: Vec<&str> = spun.split(' ').collect();
        let w: Vec<&str> = original.split(' ').collect();
        // Per occurrence, how much better the context fits `original` than `spun` beyond their
        // frequencies: a frequency ratio counted at every occurrence would make every repeated word
        // (the tenth "intelligence" in a spy story) look like a spun form of a commoner synonym. The
        // frequencies enter once, through the count term below.
        // (The posterior's model keeps the shipped phrase probabilities, as before Round 18; the
        // choice model takes its own, or a multi-word candidate's inner bigrams would count twice.)
        let frequency = match model {
            ContextModel::Mixed => self.lm.score(&w) - self.lm.score(&s),
            ContextModel::Print => self.phrase_logp(&w, model) - self.phrase_logp(&s, model),
        };
        let gains: Vec<f64> = stats
            .contexts
            .iter()
            .map(|(l, r)| {
                let (l, r) = (known.decode_left(l.as_deref()), known.decode_right(r.as_deref()));
                self.window_gain(l, &s, &w, r, model) - frequency
            })
            .collect();
        // Contexts beyond MAX_CONTEXTS are assumed to look like the kept ones.
        let weight = stats.count as f64 / gains.len().max(1) as f64;
        let spun_expected = self.expected(spun);
        let original_expected = self.expected(original);
        let d_s = stats.documents as f64;
        let d_w = if known.spun.contains_key(original) { 0 } else { self.unexplained_documents(spun, original) };
        // The split between the two: where English would write `original` q/(1−q) times as often as
        // `spun`, a document that writes `spun` n times and `original` never is odd unless a spinner
        // made it so. A topic lifts both sides alike, so this holds up where raw counts do not. Words
        // recur within a document, so n counts as 1 + ln n (burstiness), once per document.
        let odds = (original_expected / spun_expected.max(1e-12)).log10().min(ODDS_CAP);
        let n_eff = 1.0 + (stats.count as f64 / d_s.max(1.0)).ln();
        // The share π of the occurrences of `spun` written as `original` is fitted to the contexts
        // and the split together.
        let (log_odds_data, _) = (1..=20)
            .map(|step| {
                let pi = step as f64 / 20.0;
                let context = gains.iter().map(|g| (pi * 10f64.powf(*g) + 1.0 - pi).log10()).sum::<f64>() * weight;
                let split = d_s * n_eff * (pi * 10f64.powf(odds) + 1.0 - pi).log10();
                (context + split, pi)
            })
            .fold((0.0, 0.0), |best, x| if x.0 > best.0 { x } else { best });
        // Documents that still show `original`: a spinner that maps it leaves it in few (LEAK).
        let absence = d_w as f64 * LEAK.log10();
        // A writer agrees "a"/"an" with the word written; a spinner never fixes the article. The
        // article before `spun` must agree with `original`, and one that disagrees with `spun`
        // shows that it was spun.
        let article: f64 = stats
            .contexts
            .iter()
            .filter_map(|(l, _)| l.as_deref())
            .map(|l| {
                if article_mismatch(l, w[0]) {
                    -ARTICLE_EVIDENCE
                } else if article_mismatch(l, s[0]) {
                    ARTICLE_EVIDENCE
                } else {
                    0.0
                }
            })
            .sum::<f64>()
            * weight;
        // `original` shows only at the start of sentences ("But", "Before"), capitalised, where a
        // spinner leaves words alone.
        let capitalised = self.capitalised.get(original).copied().unwrap_or(0);
        let capitals = if d_w == 0 && self.unexplained_documents(spun, original) == 0 {
            CAPITALISED_EVIDENCE * (capitalised.min(3) as f64)
        } else {
            0.0
        };
        let original_count = d_w;
        // The spinner chose this pair among all the candidates of `spun`: the prior shrinks with their
        // number and grows with the closeness of the two (a thesaurus hub, which Moby links to
        // hundreds of words, is close to none of them), and an original longer than the rendering is
        // unlikely (spinners expand).
        let longer = w.len().saturating_sub(s.len()) as f64;
        let prior = PRIOR_ODDS.log10() - 0.5 * (candidates.max(1) as f64).log10()
            + CLOSENESS_WEIGHT * closeness.max(MIN_CLOSENESS).log10()
            + LONGER_PENALTY * longer;
        let log_odds = log_odds_data + absence + prior + article + capitals;
        Mapping {
            spun: spun.to_string(),
            original: original.to_string(),
            confidence: 1.0 / (1.0 + 10f64.powf(-log_odds)),
            spun_count: stats.count,
            original_count,
            spun_expected,
            original_expected,
            mean_gain: gains.iter().sum::<f64>() / gains.len().max(1) as f64,
            log_odds,
        }
    }

    /// The best original for every spun phrase, whatever its posterior, given which words are known
    /// spun forms.
    fn best_pairs(&self, known: &Known, phrases: &[(&String, &PhraseStats, Vec<Candidate>)]) -> Vec<Mapping> {
        let mut out = Vec::new();
        for (spun, stats, candidates) in phrases {
            let (spun, stats): (&str, &PhraseStats) = (spun, stats);
            let kept: Vec<&Candidate> = candidates
                .iter()
                .filter(|(_, _, derived)| !derived || !spun.split(' ').any(|x| known.spun.contains_key(x)))
                .collect();
            let scored: Vec<Mapping> = kept
                .iter()
                .map(|(w, c, _)| self.score(spun, stats, (w, *c), candidates.len(), known, ContextModel::Mixed))
                .collect();
            // The second context model's log-odds, only where there is a choice to make.
            let second: Vec<f64> = if kept.len() > 1 {
                kept.iter()
                    .map(|(w, c, _)| self.score(spun, stats, (w, *c), candidates.len(), known, ContextModel::Print))
                    .map(|m| m.log_odds)
                    .collect()
            } else {
                Vec::new()
            };
            let best = choose(scored, &second);
            out.extend(best);
        }
        share_claimed_originals(&mut out);
        out
    }

    /// Proposes the substitution map: the best original for each spun phrase whose posterior reaches
    /// `min_confidence`, without pairs implied by a shorter accepted pair ("assault in" → "attack in"
    /// when "assault" → "attack" holds) and without cycles. Sorted by spun phrase, then original.
    pub fn learn(&self) -> Vec<Mapping> {
        // Each round learns from what the previous one found: the neighbours of a spun phrase are
        // often spun too ("the safety institution"), so contexts are read with the confident pairs
        // undone, and the occurrences of a confident spun form no longer count against pairs that
        // have it as the original (chains: threat→risk while risk→danger).
        let mut cache = HashMap::new();
        let mut phrases: Vec<(&String, &PhraseStats, Vec<Candidate>)> = self
            .phrases
            .iter()
            // A bare function word is no rendering: spinners rewrite content words and phrases.
            .filter(|(p, s)| s.count >= self.options.min_occurrences && !FUNCTION_WORDS.contains(&p.as_str()))
            .map(|(p, s)| (p, s, self.candidates(p, &mut cache)))
            .collect();
        phrases.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut known = Known::default();
        let mut pairs = Vec::new();
        for _ in 0..ROUNDS {
            pairs = self.best_pairs(&known, &phrases);
            known = Known::from_pairs(&pairs, self.options.min_confidence);
        }
        pairs.retain(|m| m.confidence >= self.options.min_confidence);

        let accepted: HashSet<(String, String)> = pairs.iter().map(|m| (m.spun.clone(), m.original.clone())).collect();
        pairs.retain(|m| !implied_by_shorter(&m.spun, &m.original, &accepted));
        // A longer rendering whose core is an accepted spun form is that form ("the latest" ->
        // "the new" beside "latest" -> "recent").
        let spun_forms: HashSet<String> = pairs.iter().map(|m| m.spun.clone()).collect();
        pairs.retain(|m| {
            let (core_spun, _) = core(&m.spun, &m.original);
            core_spun == m.spun || !spun_forms.contains(&core_spun)
        });

        // Strongest first; drop a pair that would close a cycle.
        pairs.sort_by(|a, b| b.log_odds.total_cmp(&a.log_odds).then_with(|| a.spun.cmp(&b.spun)));
        let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut kept = Vec::new();
        for m in pairs {
            if reaches(&graph, &m.original, &m.spun) {
                continue;
            }
            graph.entry(m.spun.clone()).or_default().push(m.original.clone());
            kept.push(m);
        }
        kept.sort_by(|a, b| a.spun.cmp(&b.spun).then_with(|| a.original.cmp(&b.original)));
        kept
    }

    /// The map as a dictionary in the project's TSV format (`dictionaries/README.md`), with a header
    /// saying how it was made.
    pub fn to_tsv(&self, mappings: &[Mapping], command: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Learned by `{command}`");
        let _ = writeln!(
            out,
            "# from {} document(s), {} words: {} pair(s). Review before use; columns: spun, original, confidence, when, source.",
            self.documents,
            self.words,
            mappings.len()
        );
        for m in mappings {
            let _ =
                writeln!(out, "{}\t{}\t{:.2}\t\t{}", m.spun, m.original, m.confidence.clamp(0.01, 1.0), m.evidence());
        }
        out
    }
}

/// The best candidate of one spun phrase, with its posterior against its rivals. `scored` are the
/// candidates under the posterior's context model; `second`, when not empty, their log-odds under
/// the second model (the same order), which picks the candidate: where the two models disagree, the
/// pick keeps its own odds and the first model's favourite, as a rival, takes most of the belief. The
/// candidates compete: the posterior is the pick's odds against "not spun" and every other candidate
/// together (weighted by `RIVAL_WEIGHT`), so two close rivals ("rare", "wonderful") share it.
fn choose(scored: Vec<Mapping>, second: &[f64]) -> Option<Mapping> {
    let others: f64 = scored.iter().map(|m| 10f64.powf(m.log_odds.min(300.0))).sum();
    let pick = if second.len() == scored.len() && !second.is_empty() {
        (0..scored.len())
            .max_by(|&a, &b| second[a].total_cmp(&second[b]).then_with(|| scored[b].original.cmp(&scored[a].original)))
    } else {
        (0..scored.len()).max_by(|&a, &b| {
            scored[a].log_odds.total_cmp(&scored[b].log_odds).then_with(|| scored[b].original.cmp(&scored[a].original))
        })
    }?;
    let mut m = scored.into_iter().nth(pick)?;
    let own = 10f64.powf(m.log_odds.min(300.0));
    m.log_odds -= (1.0 + RIVAL_WEIGHT * (others - own)).log10();
    m.confidence = 1.0 / (1.0 + 10f64.powf(-m.log_odds));
    Some(m)
}

/// A spinner writes each original one way, so spun phrases whose best candidates share an original
/// (after the words both sides share are taken off) are rivals for it: each confident claim
/// (posterior `KNOWN_CONFIDENCE` or more) on the same original from another spun core counts against
/// the others, weighted by `CLAIM_WEIGHT`, as the rival candidates of one phrase do.
fn share_claimed_originals(pairs: &mut [Mapping]) {
    let claim = |m: &Mapping| {
        if m.confidence >= KNOWN_CONFIDENCE {
            10f64.powf(m.log_odds.clamp(-300.0, 300.0))
        } else {
            0.0
        }
    };
    // Claims by original core, each with its spun core: "within the" -> "in the" and "within" ->
    // "in" are one claim, not rivals.
    let mut claims: HashMap<String, HashMap<String, f64>> = HashMap::new();
    for m in pairs.iter() {
        let (spun, original) = core(&m.spun, &m.original);
        let by_spun = claims.entry(original).or_default().entry(spun).or_default();
        *by_spun = by_spun.max(claim(m));
    }
    for m in pairs.iter_mut() {
        let (spun, original) = core(&m.spun, &m.original);
        let others: f64 = claims[&original].iter().filter(|(s, _)| **s != spun).map(|(_, c)| c).sum();
        m.log_odds -= (1.0 + CLAIM_WEIGHT * others).log10();
        m.confidence = 1.0 / (1.0 + 10f64.powf(-m.log_odds));
    }
}

/// Both sides without the words they share at the start and the end ("within the", "in the" ->
/// "within", "in").
fn core(spun: &str, original: &str) -> (String, String) {
    let mut a: Vec<&str> = spun.split(' ').collect();
    let mut b: Vec<&str> = original.split(' ').collect();
    while a.len() > 1 && b.len() > 1 && a[0] == b[0] {
        a.remove(0);
        b.remove(0);
    }
    while a.len() > 1 && b.len() > 1 && a[a.len() - 1] == b[b.len() - 1] {
        a.pop();
        b.pop();
    }
    (a.join(" "), b.join(" "))
}

/// Whether (spun, original) is a shorter accepted pair with the same function word added on both sides.
fn implied_by_shorter(spun: &str, original: &str, accepted: &HashSet<(String, String)>) -> bool {
    let trimmed = |a: &str, b: &str| -> Option<(String, String)> {
        let (a1, a2) = a.split_once(' ')?;
        let (b1, b2) = b.split_once(' ')?;
        (a1 == b1).then(|| (a2.to_string(), b2.to_string()))
    };
    let trimmed_end = |a: &str, b: &str| -> Option<(String, String)> {
        let (a1, a2) = a.rsplit_once(' ')?;
        let (b1, b2) = b.rsplit_once(' ')?;
        (a2 == b2).then(|| (a1.to_string(), b1.to_string()))
    };
    [trimmed(spun, original), trimmed_end(spun, original)].into_iter().flatten().any(|p| accepted.contains(&p))
}

/// Whether `to` is reachable from `from` along the accepted spun → original edges.
fn reaches(graph: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = HashSet::new();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node) {
            stack.extend(graph.get(node).into_iter().flatten().map(String::as_str));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learn(texts: &[&str]) -> Vec<Mapping> {
        let mut learner = Learner::new(LearnOptions::default());
        for t in texts {
            learner.add_document(t);
        }
        learner.learn()
    }

    fn has(map: &[Mapping], spun: &str, original: &str) -> bool {
        map.iter().any(|m| m.spun == spun && m.original == original)
    }

    /// Four short news items as a thesaurus spinner rewrites them (said→mentioned, attack→assault,
    /// officials→officers), and as they were written.
    const ORIGINAL: [&str; 4] = [
        "Police officials said the attack began at night. Witnesses said that the attack lasted an hour, \
         and officials said the deadliest attack in years had been planned for months.",
        "The minister said on Monday that the attack on the embassy was a warning. Local officials said \
         the attack had killed at least ten people, and the army said it would respond.",
        "After the attack, officials said they had received no threat. The mayor said the attack was the \
         worst in the city, and residents said they were afraid.",
        "Security officials said the group behind the attack was known to the police. They said the attack \
         was carried out by three men, officials said on Friday.",
    ];

    fn spin(text: &str) -> String {
        text.replace("officials", "officers").replace("said", "mentioned").replace("attack", "assault")
    }

    #[test]
    fn recovers_a_consistent_substitution() {
        let spun: Vec<String> = ORIGINAL.iter().map(|t| spin(t)).collect();
        let map = learn(&spun.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(has(&map, "mentioned", "said"), "{map:#?}");
        assert!(has(&map, "officers", "officials"), "{map:#?}");
        // Known weakness (docs/learn.md): on a corpus this small the bigram model prefers "crowd" to
        // "attack" after "the", so "assault" -> "attack" is not asserted here.
    }

    #[test]
    fn clean_english_yields_no_pair_about_its_own_words() {
        let map = learn(&ORIGINAL);
        // Known weakness (docs/learn.md): thesaurus hubs still slip through on tiny corpora
        // ("attack" -> "program"), so only the words the spun tests rely on are asserted.
        assert!(!map.iter().any(|m| ["said", "officials"].contains(&m.spun.as_str())), "{map:#?}");
    }

    #[test]
    fn a_word_the_text_still_uses_is_not_the_original() {
        // "said" stays beside "mentioned": a context-blind spinner would have replaced it.
        let spun: Vec<String> = ORIGINAL.iter().map(|t| spin(t).replacen("mentioned", "said", 2)).collect();
        let map = learn(&spun.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(!has(&map, "mentioned", "said"), "{map:#?}");
    }

    #[test]
    fn capitalised_words_are_no_evidence() {
        let map = learn(&["Mentioned. Mentioned. Mentioned. Assault Assault Assault."]);
        assert!(map.is_empty(), "{map:#?}");
    }

    #[test]
    fn output_is_a_valid_sorted_dictionary() {
        let mut learner = Learner::new(LearnOptions { min_confidence: 0.5, ..LearnOptions::default() });
        for text in ORIGINAL {
            learner.add_document(&spin(text));
        }
        let map = learner.learn();
        let tsv = learner.to_tsv(&map, "unspin learn test");
        let dict = crate::dict::Dictionary::parse("learned.tsv", &tsv).expect("parses");
        assert_eq!(dict.entries.len(), map.len());
        assert!(dict.validate().is_empty(), "{:?}", dict.validate());
    }

    #[test]
    fn articles_tell_which_side_was_written() {
        assert!(article_mismatch("a", "uncommon") && !article_mismatch("a", "rare"));
        assert!(article_mismatch("an", "knowledgeable") && !article_mismatch("an", "expert"));
        assert!(!article_mismatch("a", "union") && !article_mismatch("an", "hour"));
        assert!(!article_mismatch("the", "uncommon"));
    }

    #[test]
    fn close_synonyms_are_closer_than_hub_words() {
        let learner = Learner::new(LearnOptions::default());
        let mut cache = HashMap::new();
        let rare = learner.closeness("uncommon", "rare", &mut cache);
        assert!(rare > learner.closeness("uncommon", "different", &mut cache), "{rare}");
        assert!(
            learner.closeness("concerned", "involved", &mut cache)
                > learner.closeness("concerned", "placed", &mut cache)
        );
        assert_eq!(learner.closeness("qzxv", "rare", &mut cache), 0.0);
    }

    #[test]
    fn a_multi_word_rendering_can_stand_for_a_synonym_of_its_word() {
        let mut learner = Learner::new(LearnOptions::default());
        learner.add_document("It ended earlier than planned, earlier than the vote, and earlier than ever.");
        let mut cache = HashMap::new();
        let candidates = learner.candidates("earlier than", &mut cache);
        let before = candidates.iter().find(|c| c.0 == "before").expect("derived candidate");
        assert!(before.2, "{before:?}");
        // Not from a word that mostly stands outside the phrase.
        learner.add_document("The earlier plan, the earlier vote, the earlier date, the earlier one.");
        assert!(!learner.candidates("earlier than", &mut cache).iter().any(|c| c.0 == "before"));
    }

    #[test]
    fn paraphrase_table_is_read_both_ways_without_comments() {
        let table =
            parse_paraphrases("# a comment\tx\n\na minimum of\tat least\tplain\nat least\tno less than\tplain\n");
        assert_eq!(table["a minimum of"], ["at least"]);
        assert_eq!(table["at least"], ["a minimum of", "no less than"]);
        assert!(!table.contains_key("# a comment"));
    }

    #[test]
    fn shipped_paraphrase_table_fits_the_learner() {
        let lm = LanguageModel::builtin();
        let table = paraphrases();
        assert!(table.len() > 100, "{}", table.len());
        for (a, alternatives) in table {
            for phrase in std::iter::once(a).chain(alternatives) {
                assert!(phrase.split(' ').count() <= MAX_WORDS, "{phrase}: longer than a phrase the learner reads");
                assert!(phrase.split(' ').all(|x| lm.contains(x)), "{phrase}: a word the model lacks");
                assert_eq!(phrase, &phrase.to_lowercase());
            }
            assert!(!alternatives.contains(a), "{a}: paired with itself");
        }
        // Tense and number changes are no paraphrases ("had been" -> "was" came in wrong on SMH).
        assert!(!table.contains_key("had been"));
        // Reviewable as a file: rows sorted by (alternative, phrase), no row twice.
        let rows: Vec<(&str, &str)> = paraphrase_rows(PARAPHRASES).map(|(phrase, alt)| (alt, phrase)).collect();
        for pair in rows.windows(2) {
            assert!(pair[0] < pair[1], "function_phrases.tsv: {:?} should come after {:?}", pair[0], pair[1]);
        }
    }

    #[test]
    fn a_minimum_of_gets_at_least_from_the_paraphrase_table() {
        // Round 16's no-candidate miss: no thesaurus lists "a minimum of" -> "at least".
        let learner = Learner::new(LearnOptions::default());
        let mut cache = HashMap::new();
        let candidates = learner.candidates("a minimum of", &mut cache);
        let at_least = candidates.iter().find(|c| c.0 == "at least").expect("table candidate");
        assert!(at_least.1 >= TABLE_CLOSENESS && !at_least.2, "{at_least:?}");
        // A bare function word stays no original: "in" is listed for "within", but not offered.
        assert!(paraphrases()["within"].iter().any(|w| w == "in"));
        assert!(!learner.candidates("within", &mut cache).iter().any(|c| c.0 == "in"));
    }

    #[test]
    fn print_bigrams_lift_pairs_the_shipped_list_lacks() {
        let learner = Learner::new(LearnOptions::default());
        let lm = learner.lm;
        // "per acre": in the print corpus, below the shipped list's threshold.
        assert!(learner.logp_next("per", "acre", ContextModel::Mixed) > lm.logp_next("per", "acre"));
        // A context the print corpus never saw keeps the shipped model's probability.
        assert!((learner.logp_next("qzxv", "said", ContextModel::Mixed) - lm.logp_next("qzxv", "said")).abs() < 1e-9);
    }

    #[test]
    fn the_choice_model_weighs_print_counts_by_how_often_brown_saw_the_context() {
        let learner = Learner::new(LearnOptions::default());
        let lm = learner.lm;
        let print = |prev: &str, w: &str| learner.logp_next(prev, w, ContextModel::Print);
        // A pair Brown knows is lifted more than under the fixed mixture...
        assert!(print("per", "acre") > learner.logp_next("per", "acre", ContextModel::Mixed));
        // ...a context Brown never saw keeps the shipped probability...
        assert!((print("qzxv", "said") - lm.logp_next("qzxv", "said")).abs() < 1e-9);
        // ...and a pair Brown never saw after a word it saw often is pushed down by at most the
        // share of Brown's evidence, c(prev) / (c(prev) + prior).
        let (c, n) = learner.print.counts("the", "the qzxv").expect("Brown saw 'the'");
        assert_eq!(c, 0);
        let drop = lm.logp_next("the", "qzxv") - print("the", "qzxv");
        let bound = ((f64::from(n) + CHOICE_PRINT_PRIOR) / CHOICE_PRINT_PRIOR).log10();
        assert!(drop > 0.0 && (drop - bound).abs() < 1e-9, "{drop} {bound}");
    }

    #[test]
    fn the_second_model_picks_and_the_first_models_favourite_stays_a_rival() {
        let scored = || vec![pair("concerned", "placed", 2.0), pair("concerned", "involved", 1.5)];
        // One model only (or both agreeing): the strongest, its odds shared with the rival.
        let alone = choose(scored(), &[]).expect("a pick");
        assert_eq!(alone.original, "placed");
        assert!((alone.log_odds - (2.0 - (1.0 + RIVAL_WEIGHT * 10f64.powf(1.5)).log10())).abs() < 1e-9);
        let agreed = choose(scored(), &[3.0, 1.0]).expect("a pick");
        assert_eq!((agreed.original.as_str(), agreed.log_odds), ("placed", alone.log_odds));
        // The second model prefers "involved": it is the pick, and "placed" is its rival.
        let picked = choose(scored(), &[1.0, 3.0]).expect("a pick");
        assert_eq!(picked.original, "involved");
        assert!((picked.log_odds - (1.5 - (1.0 + RIVAL_WEIGHT * 100.0).log10())).abs() < 1e-9);
        assert!(picked.confidence < alone.confidence);
        assert!(choose(Vec::new(), &[]).is_none());
    }

    #[test]
    fn capitals_count_only_at_the_start_of_sentences() {
        let mut learner = Learner::new(LearnOptions::default());
        learner.add_document("But the plan held. The National Security Council met. “Before the vote,” he said.");
        assert_eq!(learner.capitalised.get("but the"), Some(&1));
        assert_eq!(learner.capitalised.get("before the"), Some(&1));
        assert_eq!(learner.capitalised.get("security"), None);
    }

    fn pair(spun: &str, original: &str, log_odds: f64) -> Mapping {
        Mapping {
            spun: spun.to_string(),
            original: original.to_string(),
            confidence: 1.0 / (1.0 + 10f64.powf(-log_odds)),
            spun_count: 2,
            original_count: 0,
            spun_expected: 0.1,
            original_expected: 1.0,
            mean_gain: 0.5,
            log_odds,
        }
    }

    #[test]
    fn two_confident_claims_on_one_original_share_it() {
        // "final" -> "last" and "live performance" -> "last": one of them is wrong.
        let mut pairs =
            vec![pair("final", "last", 3.0), pair("live performance", "last", 2.0), pair("latest", "recent", 2.5)];
        share_claimed_originals(&mut pairs);
        assert!((pairs[0].log_odds - (3.0 - (1.0f64 + 100.0).log10())).abs() < 1e-9, "{:?}", pairs[0]);
        assert!(pairs[1].log_odds < 0.0, "{:?}", pairs[1]);
        assert!(pairs[1].confidence < 0.5);
        assert_eq!(pairs[2].log_odds, 2.5, "an original claimed once keeps its odds");
    }

    #[test]
    fn a_weak_claim_does_not_take_a_confident_pairs_original() {
        // "in addition" -> "also" at 0.6 beside "additionally" -> "also" at 0.99; "within the" ->
        // "in the" and "within" -> "in" are one claim (the same cores), not rivals.
        let mut pairs = vec![pair("additionally", "also", 2.0), pair("in addition", "also", 0.2)];
        share_claimed_originals(&mut pairs);
        assert_eq!(pairs[0].log_odds, 2.0);
        assert!(pairs[1].log_odds < 0.2);
        let mut pairs = vec![pair("within the", "in the", 3.0), pair("within", "in", 3.0)];
        share_claimed_originals(&mut pairs);
        assert_eq!((pairs[0].log_odds, pairs[1].log_odds), (3.0, 3.0));
    }

    #[test]
    fn shorter_pairs_imply_longer_ones_and_cycles_are_broken() {
        let accepted: HashSet<(String, String)> = [("within".to_string(), "in".to_string())].into();
        assert!(implied_by_shorter("within the", "in the", &accepted));
        assert!(!implied_by_shorter("within the", "inside the", &accepted));
        let mut graph = BTreeMap::new();
        graph.insert("a".to_string(), vec!["b".to_string()]);
        graph.insert("b".to_string(), vec!["c".to_string()]);
        assert!(reaches(&graph, "a", "c"));
        assert!(!reaches(&graph, "c", "a"));
    }
}
