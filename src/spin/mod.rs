//! The spin stage: reverses article-spinner substitutions.
//!
//! A spinner rewrites words and phrases through a context-blind map ("said" → "mentioned",
//! "concert" → "live performance"). Its renderings are mostly ordinary English, so a dictionary
//! hit alone is weak evidence. The detector therefore decides in two steps:
//!
//! 1. **Document gate** ([`DocEvidence`]): is this document spun at all? The spinner rewrites
//!    common words everywhere, so a spun document is full of renderings ("mentioned",
//!    "individuals") and nearly free of the words they replace ("said", "people"); it also
//!    leaves broken articles behind ("a uncommon"). Clean documents get no spin edits.
//! 2. **Per hit**: every dictionary entry that matches is scored from its prior, its context
//!    condition, the indefinite article before it (the original must agree with it), and
//!    whether the original word occurs untouched elsewhere in the document (a context-blind
//!    spinner would have rewritten it). The reason of each proposal lists this evidence.

pub(crate) mod article;
mod base_rate;
mod context;
mod evidence;
mod generate;
mod note;
mod quote;

pub use article::takes_an;
pub use base_rate::BaseRates;
pub use evidence::{DocEvidence, Gate};

use crate::casing::{carry_apostrophes, carry_form};
use crate::condition::DocConditions;
use crate::dict::{Entry, Hit, Matcher};
use crate::edit::{Proposal, Stage};
use crate::lm::LanguageModel;
use crate::phrase_search::PhraseMatch;
use crate::pipeline::{Detector, Memo, Signals};
use crate::thesaurus::Thesaurus;
use crate::tokenize::Token;
use evidence::Originals;
use note::Note;

/// Reverses spinner substitutions found by a dictionary [`Matcher`], gated by document evidence.
pub struct SpinDetector {
    matcher: Matcher,
    originals: Originals,
    /// Per entry, its [`BaseRates::log_odds`]: a function of the entry alone, so computed once
    /// rather than (with two lowercasings and three hash lookups) on every hit.
    base_rate_odds: Vec<Option<f64>>,
    /// Per entry, the start of its proposals' reasons ([`note::map_reason_head`]).
    reason_heads: Vec<String>,
    gate: Gate,
    /// The language model weighing candidates in context (`None`: context-free decisions).
    lm: Option<&'static LanguageModel>,
    /// The thesaurus generating candidates for renderings not in the dictionary (`None`: off).
    thesaurus: Option<&'static Thesaurus>,
}

/// Weight of the language-model margin (natural-log units per natural-log unit of margin), and
/// its cap: the model is a bigram model of web English, good at collocations, blind beyond them.
const LM_WEIGHT: f64 = 0.5;
const LM_CAP: f64 = 3.0;
/// Share of an original's lowercase occurrences the spinner rewrites: measured 365 of 380 (0.96)
/// for the single-word originals of the dev article's map (the rest sit in short quotes).
const REWRITE_RATE: f64 = 0.95;

impl SpinDetector {
    pub fn new(matcher: Matcher) -> Self {
        SpinDetector::with_gate(matcher, Gate::default())
    }

    pub fn with_gate(matcher: Matcher, gate: Gate) -> Self {
        let originals = Originals::new(matcher.entries());
        let matcher = matcher.with_extra(&originals.patterns);
        let base_rates = BaseRates::builtin(matcher.entries());
        let base_rate_odds = matcher.entries().iter().map(|e| base_rates.log_odds(e)).collect();
        let reason_heads = matcher.entries().iter().map(entry_reason_head).collect();
        SpinDetector {
            matcher,
            originals,
            base_rate_odds,
            reason_heads,
            gate,
            lm: Some(LanguageModel::builtin()),
            thesaurus: Some(Thesaurus::builtin()),
        }
    }

    /// Without language-model evidence (for measuring what it adds).
    pub fn without_lm(mut self) -> Self {
        self.lm = None;
        self.thesaurus = None;
        self
    }

    /// Without candidates generated from the thesaurus.
    pub fn without_generated(mut self) -> Self {
        self.thesaurus = None;
        self
    }

    /// The document-level evidence for `text`, with the dictionary hits it was computed from.
    pub fn doc_evidence(&self, text: &str) -> (DocEvidence, Vec<Hit>) {
        self.evidence_from(text, &self.matcher.search(text))
    }

    /// [`SpinDetector::doc_evidence`] from the matcher's search of `text`.
    fn evidence_from(&self, text: &str, found: &[Vec<PhraseMatch>]) -> (DocEvidence, Vec<Hit>) {
        let mut hits = self.matcher.hits(found.first().map_or(&[], Vec::as_slice));
        hits.retain(|h| !broken_across_lines(text, h.start, h.end));
        let extra = found.get(1).map_or(&[][..], Vec::as_slice);
        let ev = DocEvidence::measure(text, &hits, extra, self.matcher.entries(), &self.originals);
        (ev, hits)
    }
}

/// Whether `start..end` is half of a word hyphenated across a line break ("stealing in a
/// dwell-⏎ing", "counter-⏎feit"): a fragment, not a word the spinner wrote.
fn broken_across_lines(text: &str, start: usize, end: usize) -> bool {
    let blanks: &[char] = &[' ', '\t'];
    // The first half: "dwell-⏎".
    let after = &text[end..];
    if after.strip_prefix('-').is_some_and(|r| r.trim_start_matches(blanks).starts_with(['\n', '\r'])) {
        return true;
    }
    // The second half: the line before ends in a letter and a hyphen ("dwell-⏎ing").
    let Some(line) = text[..start].trim_end_matches(blanks).strip_suffix('\n') else {
        return false;
    };
    let line = line.strip_suffix('\r').unwrap_or(line).trim_end_matches(blanks);
    line.strip_suffix('-').is_some_and(|l| l.ends_with(char::is_alphanumeric))
}

/// Whether the spinner could have written this hit for `entry`: it never rewrites capitalised
/// words, so every word the entry changes must be written in lowercase ("At current" renders
/// "At present": "At" is kept), unless the entry itself is written with capitals ("ISIS-Okay").
fn touchable(written: &str, entry: &Entry) -> bool {
    // The written side first: it is usually lowercase, and then the entry need not be read.
    if !written.chars().any(char::is_uppercase) || entry.spun.chars().any(char::is_uppercase) {
        return true;
    }
    let kept: Vec<String> = entry.original.split_whitespace().map(str::to_lowercase).collect();
    written
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .all(|w| kept.contains(&w.to_lowercase()))
}

fn logit(p: f32) -> f64 {
    let p = f64::from(p).clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

/// Probability of the candidate with log-odds `best` when every candidate of the hit (`all`,
/// `best` included) is scored as odds against the written word being the author's own: the
/// alternatives share one posterior ("probably" renders "likely" or "possibly": each alone
/// looks even, together the hit is no better than a coin for either). One candidate: its sigmoid.
fn posterior(best: f64, all: impl Iterator<Item = f64>) -> f32 {
    let others: f64 = all.map(|l| (l - best).exp()).sum::<f64>() - 1.0;
    (1.0 / (1.0 + (-best).exp() + others.max(0.0))) as f32
}

/// One candidate original for a hit, with the evidence that scored it.
struct Scored<'a> {
    entry: &'a Entry,
    /// The entry's index in the matcher's entries.
    index: usize,
    logit: f64,
    notes: Vec<Note<'a>>,
}

impl Detector for SpinDetector {
    fn stage(&self) -> Stage {
        Stage::Spin
    }

    /// The gate works on the raw text: clean documents are never tokenized for this stage.
    fn uses_tokens(&self) -> bool {
        false
    }

    fn detect(&self, text: &str, _tokens: &[Token], signals: &mut Signals) -> Vec<Proposal> {
        self.proposals(text, signals, None, None)
    }

    fn detect_above(&self, text: &str, _tokens: &[Token], signals: &mut Signals, min_confidence: f32) -> Vec<Proposal> {
        self.proposals(text, signals, Some(min_confidence), None)
    }

    /// The dictionary search is kept for the next round: that round searches again only around
    /// the changes made since (`PhraseSearch::find_after`).
    fn detect_round(
        &self,
        text: &str,
        _tokens: &[Token],
        signals: &mut Signals,
        min_confidence: f32,
        memo: &mut Memo,
    ) -> Vec<Proposal> {
        let old = memo.state.take().and_then(|s| s.downcast::<Vec<Vec<PhraseMatch>>>().ok());
        let found = match old {
            Some(old) => self.matcher.search_after(&old, &memo.changes, text),
            None => self.matcher.search(text),
        };
        let out = self.proposals(text, signals, Some(min_confidence), Some(&found));
        memo.state = Some(Box::new(found));
        out
    }
}

/// A candidate original as the hit would be replaced with it: in the apostrophe form the text
/// writes there ("people’s" for the row's "people's" on a page that writes `’`), so the language
/// model weighs what would be written.
fn as_written<'a>(text: &str, hit: &Hit, original: &'a str) -> std::borrow::Cow<'a, str> {
    carry_apostrophes(&text[hit.start..hit.end], original)
}

/// Whether no candidate of a hit whose best context-free log-odds is `best` can reach `min` once
/// the language model has spoken: its term is at most [`LM_CAP`], and [`posterior`] is at most
/// the sigmoid of the best log-odds (with a little slack for rounding).
fn out_of_reach(best: f64, min: f32) -> bool {
    let ceiling = best + LM_CAP + 1e-6;
    ((1.0 / (1.0 + (-ceiling).exp())) as f32) < min
}

impl SpinDetector {
    /// The proposals over `text`; with `min`, only those with `confidence >= min` (the others'
    /// language-model terms and reasons are not computed).
    fn proposals(
        &self,
        text: &str,
        signals: &mut Signals,
        min: Option<f32>,
        found: Option<&[Vec<PhraseMatch>]>,
    ) -> Vec<Proposal> {
        let (ev, hits) = match found {
            Some(found) => self.evidence_from(text, found),
            None => self.doc_evidence(text),
        };
        ev.record(signals, &self.gate);
        if hits.is_empty() || !self.gate.passes(&ev) {
            return Vec::new();
        }
        let lower = crate::casing::lowercase(text);
        let doc = DocConditions::new(text, &lower);
        let words = &doc.words;
        let entries = self.matcher.entries();
        // How often each entry's rendering is written (touchably) in the document.
        let mut written_count: crate::fxhash::FxMap<usize, usize> = Default::default();
        for hit in &hits {
            let written = &text[hit.start..hit.end];
            for &i in hit.entries.iter().filter(|&&i| touchable(written, &entries[i])) {
                *written_count.entry(i).or_default() += 1;
            }
        }
        let quotes = quote::ShortQuotes::find(text);
        // First pass: each hit's candidates from the context-free evidence.
        let mut candidates: Vec<Vec<Scored>> = hits
            .iter()
            .map(|hit| {
                let written = &text[hit.start..hit.end];
                if quotes.contains(hit.start, hit.end) {
                    return Vec::new();
                }
                let cx = doc.at(hit.start, hit.end);
                let article = article::article_before(text, hit.start);
                hit.entries
                    .iter()
                    .map(|&i| (i, &entries[i]))
                    .filter(|(_, e)| touchable(written, e) && e.when.eval(&cx))
                    .map(|(i, e)| self.score(i, e, written, article, &ev, written_count[&i]))
                    .collect()
            })
            .collect();
        // Second pass: the language model weighs each candidate in its sentence, with the
        // neighbouring hits provisionally restored.
        if let Some(lm) = self.lm {
            // Candidates are weighed as they would be written: in the hit's apostrophe form.
            let provisional: Vec<Option<String>> = candidates
                .iter()
                .zip(&hits)
                .map(|(c, hit)| (c.iter().max_by(|a, b| a.logit.total_cmp(&b.logit)), hit))
                .map(|(best, hit)| {
                    best.filter(|s| s.logit > 0.0).map(|s| as_written(text, hit, &s.entry.original).to_lowercase())
                })
                .collect();
            let window = context::Window { text, words, hits: &hits, provisional: &provisional };
            for (i, scored) in candidates.iter_mut().enumerate() {
                if let Some(min) = min {
                    let best = scored.iter().map(|s| s.logit).fold(f64::NEG_INFINITY, f64::max);
                    if !scored.is_empty() && out_of_reach(best, min) {
                        // Its proposal would fall below `min` whatever the model says.
                        scored.clear();
                    }
                }
                if scored.is_empty() {
                    continue;
                }
                let (prev, next) = window.neighbours(i);
                let written = &text[hits[i].start..hits[i].end];
                let written_joins = context::joins(lm, prev.as_deref(), next.as_deref(), written);
                for s in scored.iter_mut() {
                    let original = as_written(text, &hits[i], &s.entry.original);
                    let m = context::joins(lm, prev.as_deref(), next.as_deref(), &original) - written_joins;
                    let term = (LM_WEIGHT * m * std::f64::consts::LN_10).clamp(-LM_CAP, LM_CAP);
                    // An entry that changes the number of words ("more and more" for "increasingly")
                    // sets common words' listed joins against a rarer word's: a join the model cannot
                    // judge (backed off, not informatively missing) is no evidence against it.
                    let reshapes = written.contains(' ') != s.entry.original.contains(' ');
                    if term < 0.0 && reshapes && !context::joins_known(lm, prev.as_deref(), next.as_deref(), &original)
                    {
                        s.notes.push(Note::LmUnjudged(m));
                        continue;
                    }
                    s.logit += term;
                    s.notes.push(Note::LmMargin { margin: m, term });
                }
            }
        }
        let mut out = Vec::new();
        // Generated proposals all have the one confidence: below `min`, none is kept.
        let generated = match min {
            Some(min) => generate::GENERATED_CONFIDENCE >= min,
            None => true,
        };
        if let (Some(lm), Some(th), true) = (self.lm, self.thesaurus, generated) {
            out = generate::propose(text, words, &hits, lm, th, ev.score());
        }
        for (hit, mut scored) in hits.iter().zip(candidates) {
            let written = &text[hit.start..hit.end];
            scored.sort_by(|a, b| b.logit.total_cmp(&a.logit));
            let Some(best) = scored.first() else { continue };
            let e = best.entry;
            let confidence = posterior(best.logit, scored.iter().map(|s| s.logit));
            // Dropped exactly when `decide` would drop it (`retain(confidence >= min)`).
            let kept = |min: f32| {
                matches!(confidence.partial_cmp(&min), Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal))
            };
            if min.is_some_and(|min| !kept(min)) {
                continue;
            }
            out.push(Proposal {
                range: hit.start..hit.end,
                replacement: carry_form(written, &e.original),
                stage: Stage::Spin,
                rule: e.origin.clone(),
                confidence,
                alternatives: scored[1..].iter().map(|s| carry_form(written, &s.entry.original)).collect(),
                reason: note::map_reason(&self.reason_heads[best.index], &best.notes, ev.score()),
            });
        }
        out
    }
}

impl SpinDetector {
    fn score<'a>(
        &self,
        index: usize,
        e: &'a Entry,
        written: &str,
        article: Option<&'static str>,
        ev: &DocEvidence,
        renderings: usize,
    ) -> Scored<'a> {
        let mut logit = logit(e.confidence);
        // The prior and the condition are in the entry's reason head.
        let mut notes = Vec::new();
        // The spinner never fixes "a"/"an": the original agreed with the article before it.
        // The first words only when there is an article (the tuple would build them for every hit).
        let firsts = article.and_then(|art| Some((art, first_word(written)?, first_word(&e.original)?)));
        if let Some((art, spun_first, orig_first)) = firsts {
            let spun_breaks = article::breaks(art, &spun_first);
            if article::breaks(art, &orig_first) {
                logit -= 4.0;
                notes.push(Note::ArticleMisfit { article: art, original: orig_first.into_owned() });
            } else if spun_breaks {
                logit += 2.0;
                let (spun, original) = (spun_first.into_owned(), orig_first.into_owned());
                notes.push(Note::ArticleBreak { article: art, spun, original });
            }
        }
        // How often English writes the rendering itself, against the original it stands for.
        if let Some(odds) = self.base_rate_odds[index] {
            let term = (0.5 * odds).clamp(-2.0, 2.0);
            logit += term;
            notes.push(Note::BaseRate(term));
        }
        // A context-blind spinner rewrites the original wherever it occurs: seeing it untouched
        // elsewhere in the document speaks against this entry.
        let present = ev.original_count(index);
        // Some originals survive even when the entry is the spinner's: about (1 − r)/r per rendering
        // written; only untouched originals beyond that count against it.
        let survivors = renderings as f64 * (1.0 - REWRITE_RATE) / REWRITE_RATE;
        let excess = present as f64 - survivors;
        if present > 0 && excess > 0.0 && !self.originals.is_spun_form(index) {
            let keep = if e.original.contains(' ') { 0.4_f64 } else { 0.1 };
            let penalty = (excess * keep.ln()).max(-4.0);
            logit += penalty;
            notes.push(Note::Untouched { original: &e.original, present, survivors, renderings, penalty });
        }
        Scored { entry: e, index, logit, notes }
    }
}

/// The start of an entry's reasons: its map, prior and condition ([`note::map_reason_head`]).
fn entry_reason_head(e: &Entry) -> String {
    let mut head_notes = vec![Note::Prior(e.confidence)];
    if !e.when.is_always() {
        head_notes.push(Note::Condition(&e.when));
    }
    note::map_reason_head(&e.source, &e.spun, &e.original, &head_notes)
}

/// The first word of `s` in lowercase, borrowed when it is lowercase ASCII already (most are:
/// this runs for every candidate after an article, and the copy is only kept in a note).
fn first_word(s: &str) -> Option<std::borrow::Cow<'_, str>> {
    let w = s.split_whitespace().next()?;
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Some(std::borrow::Cow::Borrowed(w))
    } else {
        Some(std::borrow::Cow::Owned(w.to_lowercase()))
    }
}

#[cfg(test)]
mod tests;
