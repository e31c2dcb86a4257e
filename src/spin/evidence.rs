//! Document-level evidence that a text went through a spinner, and the gate built on it.
//!
//! The spinner is context-blind and rewrites a word wherever it occurs, so a spun document shows
//! its renderings ("mentioned", "individuals", "in accordance with") and almost none of the words
//! they replace ("said", "people", "according to"), while edited news shows the reverse. Broken
//! indefinite articles ("a uncommon") add evidence that only substitution produces.

use super::article;
use crate::casing::{apostrophe_forms, fold_apostrophes};
use crate::dict::{Entry, Hit};
use crate::fxhash::FxMap;
use crate::phrase_search::PhraseMatch;
use crate::pipeline::Signals;
use std::collections::{HashMap, HashSet};

/// Entries at least this confident are *indicators*: their renderings and their originals
/// count towards the document score.
const INDICATOR_CONFIDENCE: f32 = 0.85;

/// How many times one written form counts towards the document score's share of renderings
/// among renderings and originals: a spun document shows many different renderings, while a
/// clean text on one subject repeats its own word ("assault" in a court list).
const PER_FORM: usize = 3;

/// The dictionary's original forms, searched in text in lowercase, exact case (the spinner leaves
/// capitalised words alone, so only lowercase occurrences say anything about it), in the same pass
/// as the dictionary's renderings (`Matcher::with_extra`).
pub(crate) struct Originals {
    /// The distinct lowercase originals: the search patterns.
    pub(crate) patterns: Vec<String>,
    /// For each pattern, the entries with that original.
    entries_by_pattern: Vec<Vec<usize>>,
    /// Per entry: its original is itself a rendering of another entry (a chain: "risk" is the
    /// rendering of "threat" while "danger" renders "risk"), so its presence proves nothing.
    spun_form: Vec<bool>,
    /// Per entry: whether it is an indicator.
    indicator: Vec<bool>,
}

impl Originals {
    pub(crate) fn new(entries: &[Entry]) -> Originals {
        // Compared with apostrophes folded: the matcher finds either form of each (`Matcher`).
        let folded = |s: &str| fold_apostrophes(&s.to_lowercase()).into_owned();
        let spun: HashSet<String> = entries.iter().map(|e| folded(&e.spun)).collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut entries_by_pattern: Vec<Vec<usize>> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            // An original written with either apostrophe form ("people's", "people’s") is there.
            for key in apostrophe_forms(&e.original.to_lowercase()) {
                let p = *index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    entries_by_pattern.push(Vec::new());
                    patterns.len() - 1
                });
                entries_by_pattern[p].push(i);
            }
        }
        let spun_form: Vec<bool> = entries.iter().map(|e| spun.contains(&folded(&e.original))).collect();
        let indicator = entries
            .iter()
            .zip(&spun_form)
            .map(|(e, &s)| !s && e.confidence >= INDICATOR_CONFIDENCE && !e.spun.chars().any(char::is_uppercase))
            .collect();
        Originals { patterns, entries_by_pattern, spun_form, indicator }
    }

    pub(crate) fn is_spun_form(&self, entry: usize) -> bool {
        self.spun_form[entry]
    }
}

/// What a document says about having been spun.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocEvidence {
    /// Whitespace-separated words in the document.
    pub words: usize,
    /// Hits of indicator renderings.
    pub renderings: usize,
    /// The same, each written form counted at most `PER_FORM` times.
    pub varied_renderings: usize,
    /// Untouched lowercase occurrences of indicator originals (outside any hit), each original
    /// counted at most `PER_FORM` times.
    pub originals: usize,
    /// Indefinite articles that do not fit the next word ("a uncommon").
    pub article_breaks: usize,
    /// Untouched occurrences per entry index (entries with none are absent).
    per_entry: FxMap<usize, usize>,
}

impl DocEvidence {
    /// `found` are the occurrences of `o.patterns` in `text`.
    pub(crate) fn measure(text: &str, hits: &[Hit], found: &[PhraseMatch], entries: &[Entry], o: &Originals) -> Self {
        let (words, article_breaks) = article::scan(text);
        let mut ev = DocEvidence { words, article_breaks, ..DocEvidence::default() };
        // A hit's entries all share its spun text, so the first one names the written form.
        let mut per_form: FxMap<usize, usize> = FxMap::default();
        for h in hits {
            let written = &text[h.start..h.end];
            if h.entries.iter().any(|&i| o.indicator[i] && super::touchable(written, &entries[i])) {
                let n = per_form.entry(h.entries[0]).or_default();
                *n += 1;
                ev.renderings += 1;
                if *n <= PER_FORM {
                    ev.varied_renderings += 1;
                }
            }
        }
        let inside_hit = |s: usize, e: usize| {
            let k = hits.partition_point(|h| h.end <= s);
            hits.get(k).is_some_and(|h| h.start < e)
        };
        for m in found {
            if inside_hit(m.start, m.end) {
                continue;
            }
            let mut counted = false;
            for &i in &o.entries_by_pattern[m.pattern] {
                let n = ev.per_entry.entry(i).or_default();
                *n += 1;
                if o.indicator[i] && !counted && *n <= PER_FORM {
                    ev.originals += 1;
                    counted = true;
                }
            }
        }
        ev
    }

    /// Untouched occurrences of entry `index`'s original in the document.
    pub fn original_count(&self, index: usize) -> usize {
        self.per_entry.get(&index).copied().unwrap_or(0)
    }

    /// Evidence for spinning: renderings plus broken articles (each worth two renderings).
    pub fn for_spin(&self) -> f64 {
        self.renderings as f64 + 2.0 * self.article_breaks as f64
    }

    /// Share of spin evidence among all evidence, smoothed: 0 = edited English, 1 = spun. Each
    /// written form counts at most `PER_FORM` times here.
    pub fn score(&self) -> f64 {
        let s = self.varied_renderings as f64 + 2.0 * self.article_breaks as f64;
        (s + 0.5) / (s + self.originals as f64 + 1.0)
    }

    pub(crate) fn record(&self, signals: &mut Signals, gate: &Gate) {
        signals.insert("spin.score".into(), (self.score() * 1000.0).round() / 1000.0);
        signals.insert("spin.renderings".into(), self.renderings as f64);
        signals.insert("spin.originals".into(), self.originals as f64);
        signals.insert("spin.article_breaks".into(), self.article_breaks as f64);
        signals.insert("spin.gate".into(), if gate.passes(self) { 1.0 } else { 0.0 });
    }
}

/// When a document counts as spun.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    /// Minimum [`DocEvidence::score`].
    pub min_score: f64,
    /// Minimum [`DocEvidence::for_spin`]: one rendering, so that a short record with renderings
    /// and no untouched originals ("Officers mentioned it.") counts as spun.
    pub min_evidence: f64,
    /// Minimum spin evidence per word.
    pub min_density: f64,
}

impl Default for Gate {
    fn default() -> Self {
        Gate { min_score: 0.6, min_evidence: 1.0, min_density: 0.01 }
    }
}

impl Gate {
    /// A gate that lets every document through (for measuring the dictionary alone).
    pub fn open() -> Self {
        Gate { min_score: 0.0, min_evidence: 0.0, min_density: 0.0 }
    }

    pub fn passes(&self, ev: &DocEvidence) -> bool {
        ev.score() >= self.min_score
            && ev.for_spin() >= self.min_evidence
            && ev.for_spin() >= self.min_density * ev.words as f64
    }
}
