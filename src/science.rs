//! The science pack: tortured phrases ("counterfeit consciousness" for "artificial intelligence")
//! from the Problematic Paper Screener, flagged and reversed, with the per-document density that
//! research-integrity screeners rank papers by.

use crate::casing::carry_form;
use crate::dict::{Dictionary, Matcher, Problem};
use crate::edit::{Proposal, Stage};
use crate::pipeline::{Detector, Signals};
use crate::tokenize::Token;

/// The built-in pack name (`--dict science`).
pub const PACK: &str = "science";
/// Tortured-phrase matches per 1,000 words of the document.
pub const DENSITY_SIGNAL: &str = "science.density";
/// Tortured-phrase matches in the document.
pub const MATCHES_SIGNAL: &str = "science.matches";

pub struct TorturedDetector {
    matcher: Matcher,
}

impl TorturedDetector {
    /// The detector over the built-in science pack.
    pub fn builtin() -> Result<TorturedDetector, Vec<Problem>> {
        Ok(TorturedDetector { matcher: Dictionary::builtin(&[PACK.to_string()])?.compile() })
    }
}

impl Detector for TorturedDetector {
    fn stage(&self) -> Stage {
        Stage::Spin
    }

    fn detect(&self, text: &str, tokens: &[Token], signals: &mut Signals) -> Vec<Proposal> {
        let found = self.matcher.find_in_context(text);
        let words = tokens.iter().filter(|t| t.is_word()).count();
        let density = if words == 0 { 0.0 } else { found.len() as f64 * 1000.0 / words as f64 };
        signals.insert(DENSITY_SIGNAL.into(), (density * 100.0).round() / 100.0);
        signals.insert(MATCHES_SIGNAL.into(), found.len() as f64);
        let entries = self.matcher.entries();
        found
            .into_iter()
            .map(|(hit, fitting)| {
                let written = &text[hit.start..hit.end];
                let best = &entries[fitting[0]];
                let papers = best.source.strip_prefix("pps:").map_or(String::new(), |n| format!(", seen in {n} papers"));
                let context = if best.when.is_always() { String::new() } else { format!(" (context: {})", best.when) };
                Proposal {
                    range: hit.start..hit.end,
                    replacement: carry_form(written, &best.original),
                    stage: Stage::Spin,
                    rule: best.origin.clone(),
                    confidence: best.confidence,
                    alternatives: fitting[1..].iter().map(|&i| carry_form(written, &entries[i].original)).collect(),
                    reason: format!(
                        "tortured phrase: {:?} is a known paraphrase of {:?} (Problematic Paper Screener{papers}){context}",
                        best.spun, best.original
                    ),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Cleaner, Config};
    use crate::Document;

    fn science() -> Cleaner {
        Cleaner::new(Config { packs: vec![PACK.into()], ..Config::default() }).unwrap()
    }

    #[test]
    fn flags_tortured_phrases_and_scores_density() {
        let text = "Deep learning helps. We train a profound learning model. Counterfeit consciousness is everywhere.";
        let out = science().clean(&Document::new("d", text));
        let befores: Vec<&str> = out.edits.iter().map(|e| e.before.as_str()).collect();
        assert!(befores.contains(&"profound learning"), "{befores:?}");
        assert!(befores.contains(&"Counterfeit consciousness"), "{befores:?}");
        assert!(out.text.contains("deep learning"), "{}", out.text);
        assert!(out.signals[DENSITY_SIGNAL] > 100.0, "{:?}", out.signals);
    }

    #[test]
    fn context_rules_are_honoured() {
        // "bosom" -> "breast" only in a document that also says "breast".
        let without = science().clean(&Document::new("d", "She held the child to her bosom."));
        assert!(without.edits.is_empty(), "{:?}", without.edits);
        let with = science().clean(&Document::new("d", "Bosom screening lowers breast cancer deaths."));
        assert!(with.edits.iter().any(|e| e.before == "Bosom"), "{:?}", with.edits);
    }

    #[test]
    fn clean_text_scores_zero() {
        let out = science().clean(&Document::new("d", "Officials said the concert hall was attacked."));
        assert!(out.edits.is_empty());
        assert_eq!(out.signals[DENSITY_SIGNAL], 0.0);
    }
}
