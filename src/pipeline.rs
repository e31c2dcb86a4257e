//! The pipeline: normalize → tokenize → detect (spin, OCR) → decide → emit.
//!
//! Each stage sees the text as left by the stages before it and proposes changes over that text;
//! [`decide`] keeps the confident, non-overlapping ones; [`compose`] expresses them over the
//! original input, merging with earlier edits they touch. The output is always the input with
//! the final edits applied.

use crate::dict::{Dictionary, Problem};
use crate::document::{Document, LineIndex};
use crate::edit::{apply_edits, fnv1a, Edit, Proposal, Stage};
use crate::normalize::{NormalizeOptions, Normalizer};
use crate::ocr::OcrDetector;
use crate::spin::SpinDetector;
use crate::tokenize::{tokenize, Token};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Per-document scores that stages record ("spin.score", "ocr.likelihood", ...), reported
/// alongside the edits.
pub type Signals = BTreeMap<String, f64>;

/// A stage that proposes changes over a text.
pub trait Detector: Send + Sync {
    fn stage(&self) -> Stage;
    /// Proposes changes over `text`; `tokens` is `tokenize(text)`.
    fn detect(&self, text: &str, tokens: &[Token], signals: &mut Signals) -> Vec<Proposal>;
}

/// What to run and how sure an edit must be.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Stages to run, in pipeline order whatever order they are given in.
    pub stages: Vec<Stage>,
    /// Edits below this confidence are not applied.
    pub min_confidence: f32,
    /// Built-in dictionary packs for the spin stage.
    pub packs: Vec<String>,
    pub normalize: NormalizeOptions,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            stages: vec![Stage::Normalize, Stage::Spin],
            min_confidence: 0.5,
            packs: vec!["news".into()],
            normalize: NormalizeOptions::default(),
        }
    }
}

/// The result of cleaning one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub id: String,
    /// The input with `edits` applied.
    pub text: String,
    /// Accepted edits over the input, sorted and non-overlapping.
    pub edits: Vec<Edit>,
    pub signals: Signals,
}

impl Outcome {
    pub fn changed(&self) -> bool {
        !self.edits.is_empty()
    }
}

/// Runs the pipeline. Build once, share across threads (it is `Sync`).
pub struct Cleaner {
    config: Config,
    detectors: Vec<Box<dyn Detector>>,
}

impl Cleaner {
    /// Builds the stages named in `config`.
    ///
    /// # Errors
    /// When a dictionary pack does not exist or does not parse.
    pub fn new(config: Config) -> Result<Cleaner, Vec<Problem>> {
        let mut stages = config.stages.clone();
        stages.sort();
        stages.dedup();
        let mut detectors: Vec<Box<dyn Detector>> = Vec::new();
        for stage in stages {
            detectors.push(match stage {
                Stage::Normalize => Box::new(Normalizer::new(config.normalize.clone())),
                Stage::Spin => Box::new(SpinDetector::new(Dictionary::builtin(&config.packs)?.compile())),
                Stage::Ocr => Box::new(OcrDetector),
            });
        }
        Ok(Cleaner { config, detectors })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn clean(&self, doc: &Document) -> Outcome {
        let input = doc.text.as_str();
        let mut signals = Signals::new();
        let mut layers: Vec<Layer> = Vec::new();
        let mut current = input.to_string();
        for det in &self.detectors {
            let tokens = tokenize(&current);
            let proposals = det.detect(&current, &tokens, &mut signals);
            let accepted = decide(proposals, self.config.min_confidence);
            if accepted.is_empty() {
                continue;
            }
            layers = compose(input, &current, layers, accepted);
            current = apply_layers(input, &layers);
        }
        let edits = finish(&doc.id, input, layers);
        debug_assert_eq!(apply_edits(input, &edits).as_deref(), Ok(current.as_str()));
        Outcome { id: doc.id.clone(), text: current, edits, signals }
    }
}

/// Keeps proposals at or above `min_confidence` that change something, and resolves overlaps:
/// higher confidence first, then longer span, then earlier. Returns them sorted by start.
pub fn decide(mut proposals: Vec<Proposal>, min_confidence: f32) -> Vec<Proposal> {
    proposals.retain(|p| p.confidence >= min_confidence);
    proposals.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then((b.range.end - b.range.start).cmp(&(a.range.end - a.range.start)))
            .then(a.range.start.cmp(&b.range.start))
    });
    // Kept spans by start. They never overlap, so their ends ascend with their starts and only the
    // few kept spans starting at or before `p.range.end` and ending at or after `p.range.start`
    // need checking: O(n log n) where a scan of all kept spans was quadratic on long documents.
    let mut kept: std::collections::BTreeMap<usize, Proposal> = std::collections::BTreeMap::new();
    for p in proposals {
        let clash = kept
            .range(..=p.range.end)
            .rev()
            .take_while(|(_, k)| k.range.end >= p.range.start)
            .any(|(_, k)| overlaps(&k.range, &p.range));
        if !clash {
            kept.insert(p.range.start, p);
        }
    }
    kept.into_values().collect()
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    if a.is_empty() || b.is_empty() {
        a.start <= b.end && b.start <= a.end && !(a.is_empty() && b.is_empty() && a.start != b.start)
    } else {
        a.start < b.end && b.start < a.end
    }
}

/// An accepted change over the input, before ids and positions are filled in.
#[derive(Clone, Debug)]
struct Layer {
    start: usize,
    end: usize,
    after: String,
    proposal: Proposal,
}

fn apply_layers(input: &str, layers: &[Layer]) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pos = 0;
    for l in layers {
        out.push_str(&input[pos..l.start]);
        out.push_str(&l.after);
        pos = l.end;
    }
    out.push_str(&input[pos..]);
    out
}

/// Expresses `accepted` (over `current`, which is `input` with `layers` applied) over `input`,
/// merging each with the earlier layers it touches.
fn compose(input: &str, current: &str, layers: Vec<Layer>, accepted: Vec<Proposal>) -> Vec<Layer> {
    // Each existing layer's span in `current`.
    let mut spans = Vec::with_capacity(layers.len());
    let mut shift: isize = 0;
    for l in &layers {
        let cs = (l.start as isize + shift) as usize;
        spans.push(cs..cs + l.after.len());
        shift += l.after.len() as isize - (l.end - l.start) as isize;
    }
    let to_input = |cur: usize| -> usize {
        // Offset of a `current` position that lies outside every layer span.
        let mut shift: isize = 0;
        for (l, s) in layers.iter().zip(&spans) {
            if s.end <= cur {
                shift += l.after.len() as isize - (l.end - l.start) as isize;
            }
        }
        (cur as isize - shift) as usize
    };
    let mut out: Vec<Layer> = Vec::with_capacity(layers.len() + accepted.len());
    let mut absorbed = vec![false; layers.len()];
    for p in accepted {
        let touching: Vec<usize> = (0..layers.len()).filter(|&i| overlaps(&spans[i], &p.range)).collect();
        let (mut cs, mut ce) = (p.range.start, p.range.end);
        for &i in &touching {
            cs = cs.min(spans[i].start);
            ce = ce.max(spans[i].end);
            absorbed[i] = true;
        }
        let (start, end) = match (touching.first(), touching.last()) {
            (Some(&f), Some(&l)) => (
                layers[f].start.min(to_input_unlayered(cs, &spans, &layers, f)),
                layers[l].end.max(to_input_end(ce, &spans, &layers, l)),
            ),
            _ => (to_input(cs), to_input(ce)),
        };
        let after = format!("{}{}{}", &current[cs..p.range.start], p.replacement, &current[p.range.end..ce]);
        let mut proposal = p;
        if !touching.is_empty() {
            let earlier: Vec<String> = touching.iter().map(|&i| layers[i].proposal.rule.clone()).collect();
            proposal.reason = format!("{} (merged with earlier edit {})", proposal.reason, earlier.join(", "));
        }
        debug_assert!(start <= end && end <= input.len());
        out.push(Layer { start, end, after, proposal });
    }
    out.extend(layers.into_iter().zip(absorbed).filter(|(_, a)| !a).map(|(l, _)| l));
    out.sort_by_key(|l| (l.start, l.end));
    out
}

/// Input offset of a `current` position at or before the span of layer `f` that it touches.
fn to_input_unlayered(cur: usize, spans: &[std::ops::Range<usize>], layers: &[Layer], f: usize) -> usize {
    // `cur` <= spans[f].start: it lies in unchanged text just before layer f.
    layers[f].start - (spans[f].start - cur.min(spans[f].start))
}

/// Input offset of a `current` position at or after the span of layer `l` that it touches.
fn to_input_end(cur: usize, spans: &[std::ops::Range<usize>], layers: &[Layer], l: usize) -> usize {
    layers[l].end + (cur.max(spans[l].end) - spans[l].end)
}

/// Turns layers into edits with ids and positions.
fn finish(doc_id: &str, input: &str, layers: Vec<Layer>) -> Vec<Edit> {
    let idx = LineIndex::new(input);
    let offsets: Vec<usize> = layers.iter().flat_map(|l| [l.start, l.end]).collect();
    let mut sorted = offsets.clone();
    sorted.sort_unstable();
    let pos = idx.positions(&sorted);
    let find = |b: usize| pos[sorted.partition_point(|&x| x < b)];
    layers
        .into_iter()
        .map(|l| {
            let (s, e) = (find(l.start), find(l.end));
            let p = l.proposal;
            let id = fnv1a(&[doc_id.as_bytes(), &l.start.to_le_bytes(), &l.end.to_le_bytes(), l.after.as_bytes()]);
            Edit {
                id: format!("{:08x}", id as u32),
                start: l.start,
                end: l.end,
                char_start: s.char_offset,
                char_end: e.char_offset,
                line: s.line,
                column: s.column,
                before: input[l.start..l.end].to_string(),
                after: l.after,
                stage: p.stage,
                rule: p.rule,
                confidence: p.confidence,
                alternatives: p.alternatives,
                reason: p.reason,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::revert_edits;

    fn prop(range: std::ops::Range<usize>, rep: &str, conf: f32) -> Proposal {
        Proposal {
            range,
            replacement: rep.into(),
            stage: Stage::Spin,
            rule: "r".into(),
            confidence: conf,
            alternatives: vec![],
            reason: String::new(),
        }
    }

    #[test]
    fn decide_prefers_confident_then_long() {
        let kept = decide(vec![prop(0..5, "a", 0.6), prop(3..8, "b", 0.9), prop(9..10, "c", 0.2)], 0.5);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].replacement, "b");
    }

    #[test]
    fn compose_maps_later_stage_spans_to_the_input() {
        let input = "caf\u{e9} \u{e2}\u{20ac}\u{2122} the assault";
        // Stage 1 replaces the mojibake; stage 2 edits a word after it.
        let m = input.find('\u{e2}').unwrap();
        let layers = compose(input, input, vec![], vec![prop(m..m + 8, "\u{2019}", 1.0)]);
        let current = apply_layers(input, &layers);
        let a = current.find("assault").unwrap();
        let layers = compose(input, &current, layers, vec![prop(a..a + 7, "attack", 1.0)]);
        let edits = finish("d", input, layers);
        assert_eq!(edits.len(), 2);
        let out = apply_edits(input, &edits).unwrap();
        assert_eq!(out, "caf\u{e9} \u{2019} the attack");
        assert_eq!(revert_edits(&out, &edits).unwrap(), input);
    }

    #[test]
    fn compose_merges_an_edit_inside_an_earlier_one() {
        let input = "x AB y";
        let layers = compose(input, input, vec![], vec![prop(2..4, "CDE", 1.0)]);
        let current = apply_layers(input, &layers);
        assert_eq!(current, "x CDE y");
        let layers = compose(input, &current, layers, vec![prop(3..4, "Z", 1.0)]);
        let edits = finish("d", input, layers);
        assert_eq!(edits.len(), 1);
        assert_eq!((edits[0].before.as_str(), edits[0].after.as_str()), ("AB", "CZE"));
        assert_eq!(apply_edits(input, &edits).unwrap(), "x CZE y");
    }

    #[test]
    fn compose_merges_an_edit_spanning_an_earlier_one() {
        let input = "one AB two";
        let layers = compose(input, input, vec![], vec![prop(4..6, "C", 1.0)]);
        let current = apply_layers(input, &layers);
        assert_eq!(current, "one C two");
        let layers = compose(input, &current, layers, vec![prop(0..9, "all", 1.0)]);
        let edits = finish("d", input, layers);
        assert_eq!(edits.len(), 1);
        assert_eq!((edits[0].before.as_str(), edits[0].after.as_str()), ("one AB two", "all"));
    }

    #[test]
    fn unchanged_text_has_no_edits() {
        let c = Cleaner::new(Config::default()).unwrap();
        let out = c.clean(&Document::new("d", "Nothing to see here."));
        assert!(out.edits.is_empty());
        assert_eq!(out.text, "Nothing to see here.");
    }
}
