//! Generated candidates for renderings the dictionary has never seen.
//!
//! In a document the gate calls spun, a lowercase word `w` outside every dictionary hit may still
//! be a rendering. Its candidate originals are the thesaurus terms whose synonym lists hold `w`
//! ([`Thesaurus::reverse`]). Only a word after a broken article ("a uncommon") is considered:
//! that is proof of a substitution, while the bigram model alone prefers any common word to a
//! rare one (tried on every word: dozens of false edits on the dev article). A candidate `c` is
//! proposed when all of this holds:
//! - `c` agrees with the article;
//! - `c` never occurs untouched in the document (the context-blind spinner would have rewritten
//!   every `c`; an untouched `c` means the spinner leaves it alone);
//! - English writes `c` at least as often as `w` (spinners swap common words for rarer synonyms);
//! - the language model prefers `c` in the sentence.

use super::article;
use super::context;
use crate::dict::Hit;
use crate::edit::{Proposal, Stage};
use crate::fxhash::FxSet;
use crate::lm::LanguageModel;
use crate::thesaurus::Thesaurus;

/// Below the default threshold (0.5): on a broken article the bigram model picks the right
/// synonym about half the time ("an knowledgeable" → "expert", but "a uncommon" → "different"),
/// so generated edits are proposals for review (`--min-confidence 0.4`), not applied by default.
pub(crate) const GENERATED_CONFIDENCE: f32 = 0.45;
/// How much more frequent (log10) the original must be than the rendering.
const MIN_FREQ_GAIN: f64 = 0.0;
/// Minimum language-model margin (log10) in the sentence.
const MIN_MARGIN: f64 = 0.3;
/// Words more frequent than this (log10 unigram probability) are never renderings: the
/// spinner's output is the rarer synonym.
const MAX_LOGP: f64 = -3.0;

pub(crate) fn propose(
    text: &str,
    words: &[(usize, &str)],
    hits: &[Hit],
    lm: &LanguageModel,
    th: &Thesaurus,
    doc_score: f64,
) -> Vec<Proposal> {
    // Built on the first broken article: most documents have none.
    let mut present: Option<FxSet<&str>> = None;
    let in_hit = |b: usize| {
        let k = hits.partition_point(|h| h.end <= b);
        k < hits.len() && hits[k].start <= b
    };
    let mut out = Vec::new();
    for (k, (start, w)) in words.iter().enumerate() {
        let start = *start;
        let written = &text[start..start + w.len()];
        if !written.chars().next().is_some_and(char::is_lowercase)
            || w.len() < 4
            || in_hit(start)
            || !w.chars().all(|c| c.is_ascii_lowercase())
        {
            continue;
        }
        let art = article::article_before(text, start);
        let broken = art.is_some_and(|a| article::breaks(a, w));
        // Only a broken article proves a substitution: the bigram model alone favours any common
        // word over a rare one (measured: dozens of false edits on the dev article).
        if !broken {
            continue;
        }
        let lw = lm.logp(w);
        if lw > MAX_LOGP {
            continue;
        }
        let present = present.get_or_insert_with(|| {
            words
                .iter()
                .filter(|(s, _)| text[*s..].chars().next().is_some_and(char::is_lowercase))
                .map(|(_, w)| *w)
                .collect()
        });
        let prev = k.checked_sub(1).map(|j| &words[j]).filter(|(s, p)| {
            let between = &text[s + p.len()..start];
            between.chars().all(char::is_whitespace)
        });
        let next = words.get(k + 1).filter(|(s, _)| text[start + w.len()..*s].chars().all(char::is_whitespace));
        // The article is already checked; as LM context it only rewards "a few"-like collocations.
        let prev = prev.map(|p| p.1).filter(|p| !matches!(*p, "a" | "an"));
        let next = next.map(|n| n.1);
        let mut best: Option<(f64, &str, f64)> = None;
        debug_assert!(broken);
        let synonyms = th.synonyms(w);
        for c in th.reverse(w) {
            // Close synonyms only: each lists the other (the loose one-way lists of a large
            // thesaurus offer "few" for "uncommon").
            if c.contains(' ')
                || !c.chars().all(|x| x.is_ascii_lowercase())
                || present.contains(c)
                || !synonyms.contains(&c)
            {
                continue;
            }
            if art.is_some_and(|a| article::breaks(a, c)) {
                continue;
            }
            let gain = lm.logp(c) - lw;
            if gain < MIN_FREQ_GAIN {
                continue;
            }
            let m = context::margin(lm, prev, next, c, w);
            if m < MIN_MARGIN {
                continue;
            }
            if best.map_or(true, |(bm, bc, _)| m > bm || (m == bm && c < bc)) {
                best = Some((m, c, gain));
            }
        }
        if let Some((m, c, gain)) = best {
            out.push(Proposal {
                range: start..start + w.len(),
                replacement: c.to_string(),
                stage: Stage::Spin,
                rule: "spin:generated".into(),
                confidence: GENERATED_CONFIDENCE,
                alternatives: Vec::new(),
                reason: format!(
                    "generated: {w:?} is a thesaurus rendering of {c:?}, which never occurs untouched here; \
                     {c:?} is {gain:.1} log10 more frequent; LM margin {m:+.2} log10; the article before {w:?} \
                     fits only a replacement; document spin score {doc_score:.2}"
                ),
            });
        }
    }
    out
}
