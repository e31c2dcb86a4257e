//! The spin stage: reverses article-spinner substitutions found by the dictionary matcher.

use crate::casing::carry_case;
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

    fn uses_tokens(&self) -> bool {
        false
    }

    fn detect(&self, text: &str, _tokens: &[Token], _signals: &mut Signals) -> Vec<Proposal> {
        let entries = self.matcher.entries();
        let mut out = Vec::new();
        for (hit, fitting) in self.matcher.find_in_context(text) {
            let fitting: Vec<&crate::dict::Entry> = fitting.iter().map(|&i| &entries[i]).collect();
            let written = &text[hit.start..hit.end];
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
