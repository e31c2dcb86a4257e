//! The spin stage: reverses article-spinner substitutions found by the dictionary matcher.

use crate::casing::carry_case;
use crate::condition::{lowercase_words, MatchContext};
use crate::dict::Matcher;
use crate::edit::{Proposal, Stage};
use crate::pipeline::{Detector, Signals};
use crate::tokenize::Token;

pub struct SpinDetector {
    matcher: Matcher,
}

impl SpinDetector {
    pub fn new(matcher: Matcher) -> Self {
        SpinDetector { matcher }
    }
}

impl Detector for SpinDetector {
    fn stage(&self) -> Stage {
        Stage::Spin
    }

    fn detect(&self, text: &str, _tokens: &[Token], _signals: &mut Signals) -> Vec<Proposal> {
        let hits = self.matcher.find_all(text);
        if hits.is_empty() {
            return Vec::new();
        }
        let lower = text.to_lowercase();
        let words = if lower.len() == text.len() { lowercase_words(text) } else { Vec::new() };
        let entries = self.matcher.entries();
        let mut out = Vec::new();
        for hit in hits {
            let written = &text[hit.start..hit.end];
            let cx = MatchContext { text, text_lower: &lower, words: &words, start: hit.start, end: hit.end };
            let mut fitting: Vec<&crate::dict::Entry> =
                hit.entries.iter().map(|&i| &entries[i]).filter(|e| e.when.eval(&cx)).collect();
            fitting.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
            let Some(best) = fitting.first() else { continue };
            out.push(Proposal {
                range: hit.start..hit.end,
                replacement: carry_case(written, &best.original),
                stage: Stage::Spin,
                rule: best.origin.clone(),
                confidence: best.confidence,
                alternatives: fitting[1..].iter().map(|e| carry_case(written, &e.original)).collect(),
                reason: format!("spinner map: {:?} is a known spinner rendering of {:?}", best.spun, best.original),
            });
        }
        out
    }
}
