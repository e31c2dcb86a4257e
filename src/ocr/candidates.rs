//! Candidate generation: the lexicon words an OCR token may be a misreading of.
//!
//! Two sources, merged and ranked by the confusion model's weighted edit distance:
//! - the delete index ([`Lexicon::within`]): every word within two plain edits;
//! - confusion rewrites: the token with up to two learned segment rewrites applied ("rn" → "m",
//!   "c" → "e", "li" → "h"), which reach words several plain edits away ("bcaung" → "bearing").
//!   Known words (possible real-word errors) get single rewrites only.

use super::confusion::{ConfusionModel, MAX_SEGMENT};
use super::lexicon::{Lexicon, PrefixHash};

/// A candidate reading of a token.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Lowercase lexicon word.
    pub word: String,
    /// Channel cost: −ln P(token | word).
    pub cost: f32,
}

/// Knobs for generation.
#[derive(Clone, Copy, Debug)]
pub struct Generation {
    /// Rewrites considered per segment, cheapest first.
    pub rewrites_per_segment: usize,
    /// Rewrites costlier than this are not tried.
    pub max_rewrite_cost: f32,
    /// Candidates costlier than this are dropped.
    pub max_cost: f32,
    /// At most this many candidates, cheapest first.
    pub max_candidates: usize,
}

impl Default for Generation {
    fn default() -> Self {
        Generation { rewrites_per_segment: 6, max_rewrite_cost: 7.0, max_cost: 16.0, max_candidates: 24 }
    }
}

/// Candidates for lowercase `token`, cheapest first. `known` = the token is itself a lexicon
/// word (then only single rewrites are tried, as a real-word error needs a likely misreading).
pub fn generate<'l>(
    lex: &'l Lexicon,
    model: &ConfusionModel,
    token: &str,
    known: bool,
    g: Generation,
) -> Vec<Candidate> {
    let chars: Vec<char> = token.chars().collect();
    // The lexicon's own strings: only the few candidates kept are copied.
    let mut words: Vec<&str> = Vec::new();
    let (depth, budget) = if known { (1, g.max_rewrite_cost) } else { (3, g.max_cost) };
    let mut buf = String::new();
    // The rewrites of every segment, looked up once rather than at every step of the search.
    let segments: Vec<[&[(String, f32)]; MAX_SEGMENT]> = (0..chars.len())
        .map(|pos| {
            let mut at: [&[(String, f32)]; MAX_SEGMENT] = [&[]; MAX_SEGMENT];
            let mut seg = String::new();
            for (len, slot) in at.iter_mut().enumerate().take(MAX_SEGMENT.min(chars.len() - pos)) {
                seg.push(chars[pos + len]);
                *slot = model.rewrites(&seg);
            }
            at
        })
        .collect();
    let mut walk = Walk { lex, segments: &segments, chars: &chars, g: &g, out: &mut words };
    walk.rewrite(0, depth, budget, &mut buf, PrefixHash::EMPTY);
    words.sort_unstable();
    words.dedup();
    // A known token's candidates are the rewrite search's only: often none, and then no scorer
    // (its segment lookups cost more than scoring a word).
    if known && words.iter().all(|&w| w == token) {
        return Vec::new();
    }
    let scorer = model.scorer(&chars);
    // A long word carries two unlisted misreadings more easily than a short one ("uiderstanl").
    let bound = g.max_cost + LONG_WORD_ALLOWANCE * chars.len().saturating_sub(LONG_WORD) as f32;
    // The rewrite search's words first, then the delete index's (each word once: the index
    // lists a word once per call, and those the search found are skipped), with no sort of
    // the whole list: the kept ones are sorted below.
    let mut out: Vec<(&str, f32)> = Vec::with_capacity(words.len());
    let score = |w: &'l str, out: &mut Vec<(&'l str, f32)>| {
        if w != token {
            let cost = scorer.cost(w, bound);
            if cost <= bound {
                out.push((w, cost));
            }
        }
    };
    for &w in &words {
        score(w, &mut out);
    }
    if !known {
        let max = if chars.len() <= 3 { 1 } else { 2 };
        for (id, _) in lex.within(token, max) {
            let w = lex.word(id);
            if words.binary_search(&w).is_err() {
                score(w, &mut out);
            }
        }
    }
    out.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    out.truncate(g.max_candidates);
    out.into_iter().map(|(w, cost)| Candidate { word: w.to_string(), cost }).collect()
}

/// Tokens longer than this many characters may be explained at a higher channel cost...
const LONG_WORD: usize = 7;
/// ... by this much per character beyond [`LONG_WORD`].
const LONG_WORD_ALLOWANCE: f32 = 2.0;

/// Depth-first search over rewrites of a token.
struct Walk<'a, 'l> {
    lex: &'l Lexicon,
    /// `segments[pos][len - 1]`: the rewrites of `chars[pos..pos + len]`.
    segments: &'a [[&'a [(String, f32)]; MAX_SEGMENT]],
    chars: &'a [char],
    g: &'a Generation,
    out: &'a mut Vec<&'l str>,
}

impl Walk<'_, '_> {
    /// At each position keep the character or apply a rewrite of the segment starting there,
    /// with at most `left` rewrites costing at most `budget` in all; complete strings found in
    /// the lexicon are collected.
    ///
    /// `hash` is the [`PrefixHash`] of `buf`.
    fn rewrite(&mut self, pos: usize, left: usize, budget: f32, buf: &mut String, hash: PrefixHash) {
        // Whole words are prefixes too: one probe rules most strings out before the lookup.
        let prefix = buf.is_empty() || self.lex.has_prefix_hash(hash);
        if pos == self.chars.len() {
            if prefix {
                if let Some(id) = self.lex.id(buf) {
                    self.out.push(self.lex.word(id));
                }
            }
            return;
        }
        if !prefix {
            return;
        }
        let mark = buf.len();
        buf.push(self.chars[pos]);
        self.rewrite(pos + 1, left, budget, buf, hash.push_char(self.chars[pos]));
        buf.truncate(mark);
        if left == 0 {
            return;
        }
        for end in pos + 1..=(pos + MAX_SEGMENT).min(self.chars.len()) {
            let segments = self.segments;
            for (truth, cost) in segments[pos][end - pos - 1].iter().take(self.g.rewrites_per_segment) {
                if *cost > self.g.max_rewrite_cost || *cost > budget {
                    continue;
                }
                buf.push_str(truth);
                self.rewrite(end, left - 1, budget - cost, buf, hash.push_str(truth));
                buf.truncate(mark);
            }
        }
    }
}
