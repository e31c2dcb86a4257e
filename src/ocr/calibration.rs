//! Calibrated confidence of the OCR stage's edits (round 17).
//!
//! The stage decides by a reading's share of the probability of all readings (its posterior, at
//! least `min_posterior`), but on the dev OCR only about 57% of edits stated at 0.8 or more were
//! right. The confidence an edit states is instead a logistic map of the decision's features
//! (posterior, margin over keeping the word, gap to the runner-up, channel cost, rule, case,
//! length, the document's OCR likelihood), fitted by `scripts/fit_ocr_calibration.py` on the
//! training half of overproof-smh and ICDAR, and shipped as `dictionaries/ocr/calibration.tsv`.
//! Rules with no costs (case, punctuation, lost full stops, line-end noise) state the rate at
//! which their edits were right. So `--min-confidence T` keeps edits by their probability of
//! being right.

use crate::edit::{Proposal, Stage};
use std::ops::Range;
use std::sync::OnceLock;

const CALIBRATION_TSV: &str = include_str!("../../dictionaries/ocr/calibration.tsv");

/// The features of a weighed decision, in the order of [`FEATURES`].
pub const FEATURES: [&str; 12] = [
    "bias",
    "real_word",
    "split",
    "merge",
    "log_odds",
    "margin",
    "runner_up",
    "channel",
    "capitalized",
    "upper",
    "length",
    "log_likelihood",
];

/// Features whose weight the fit keeps at 0 or above: more evidence never lowers the confidence.
pub const MONOTONE: [&str; 3] = ["log_odds", "margin", "runner_up"];

/// Caps on the unbounded features (a decision past a cap reads as at the cap).
const LOG_ODDS_CAP: f64 = 12.0;
const COST_CAP: f64 = 20.0;
const LENGTH_CAP: f64 = 12.0;

/// Rules that propose without weighing readings, each stating one confidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixed {
    /// "In" → "in" inside a lowercase sentence (`ocr:case`).
    Case,
    /// A smudge deleted as punctuation noise (`punct.rs`).
    Smudge,
    /// A full stop glued between two lowercase words, read as a space (`punct.rs`).
    GluedStop,
    /// A full stop OCR lost before a sentence opener.
    FullStop,
    /// A lone letter ending a line (`edges.rs`).
    LineEnd,
}

impl Fixed {
    fn key(self) -> &'static str {
        match self {
            Fixed::Case => "fixed.case",
            Fixed::Smudge => "fixed.smudge",
            Fixed::GluedStop => "fixed.glued_stop",
            Fixed::FullStop => "fixed.full_stop",
            Fixed::LineEnd => "fixed.line_end",
        }
    }

    /// The rate at which this rule's edits were right on the fitting sets.
    pub fn confidence(self) -> f32 {
        if raw_enabled() {
            return self.raw();
        }
        table().fixed(self.key()) as f32
    }

    /// This rule's proposal, stating the confidence by which the stage settles overlaps ([`Fixed::raw`]).
    pub fn proposal(self, range: Range<usize>, replacement: String, reason: String) -> Proposal {
        let rule = if self == Fixed::Case { "ocr:case" } else { "ocr:punct" };
        Proposal {
            range,
            replacement,
            stage: Stage::Ocr,
            rule: rule.into(),
            confidence: self.raw(),
            alternatives: vec![],
            reason,
        }
    }

    /// The confidence stated before round 17, by which the stage settles overlapping proposals.
    pub fn raw(self) -> f32 {
        if self == Fixed::Smudge {
            0.9
        } else {
            0.8
        }
    }
}

/// What a weighed decision rests on.
#[derive(Clone, Copy, Debug)]
pub struct Decision<'a> {
    pub rule: &'a str,
    /// The winning reading's share of all readings' probability.
    pub posterior: f64,
    /// Keep cost minus the winner's cost.
    pub margin: f64,
    /// The runner-up's cost minus the winner's (keeping the word included).
    pub runner_up: f64,
    /// The winner's channel cost.
    pub channel: f64,
    /// The text as written.
    pub written: &'a str,
    /// The document's OCR likelihood.
    pub doc_likelihood: f64,
}

impl Decision<'_> {
    /// The feature vector, in the order of [`FEATURES`].
    pub fn features(&self) -> [f64; FEATURES.len()] {
        let p = self.posterior.clamp(1e-9, 1.0);
        // ln(p / (1 − p)), written so that p ≈ 1 stays finite.
        let log_odds = if p >= 1.0 { LOG_ODDS_CAP } else { (p / (1.0 - p)).ln().min(LOG_ODDS_CAP) };
        let mut letters = self.written.chars().filter(|c| c.is_alphabetic());
        let first_upper = self.written.chars().next().is_some_and(char::is_uppercase);
        let upper = letters.clone().count() >= 2 && letters.all(char::is_uppercase);
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        [
            1.0,
            flag(self.rule == "ocr:real-word"),
            flag(self.rule == "ocr:split"),
            flag(self.rule == "ocr:merge"),
            log_odds,
            self.margin.clamp(0.0, COST_CAP),
            self.runner_up.clamp(0.0, COST_CAP),
            self.channel.clamp(0.0, COST_CAP),
            flag(first_upper && !upper),
            flag(upper),
            (self.written.chars().count() as f64).min(LENGTH_CAP),
            self.doc_likelihood.clamp(1e-6, 1.0).ln(),
        ]
    }

    /// The calibrated probability that this edit is right.
    pub fn confidence(&self) -> f64 {
        if raw_enabled() {
            return self.posterior;
        }
        table().probability(&self.features())
    }

    /// The features as `name=value` pairs (`UNSPIN_OCR_FEATURES=1` appends them to reasons, for
    /// the fitting script).
    pub fn describe(&self) -> String {
        FEATURES.iter().zip(self.features()).map(|(n, v)| format!("{n}={v:.4}")).collect::<Vec<_>>().join(" ")
    }
}

/// The shipped map: a logistic's weights and the fixed rules' rates.
#[derive(Debug)]
pub struct Table {
    weights: [f64; FEATURES.len()],
    fixed: Vec<(String, f64)>,
    /// Decisions and the probability the fitting script gave them (for the tests).
    pub examples: Vec<([f64; FEATURES.len()], f64)>,
}

impl Table {
    /// Parses `name<TAB>value` rows (`#` comments, a `name value` header).
    pub fn parse(tsv: &str) -> Result<Table, String> {
        let mut weights = [f64::NAN; FEATURES.len()];
        let mut fixed = Vec::new();
        let mut examples = Vec::new();
        for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).skip(1) {
            let (name, value) = line.split_once('\t').ok_or_else(|| format!("no tab in {line:?}"))?;
            if name == "example" {
                let (x, p) = value.split_once('\t').ok_or_else(|| format!("no probability in {line:?}"))?;
                let x: Vec<f64> =
                    x.split(' ').map(str::parse).collect::<Result<_, _>>().map_err(|e| format!("{e}: {line:?}"))?;
                let x: [f64; FEATURES.len()] =
                    x.try_into().map_err(|_| format!("not {} features: {line:?}", FEATURES.len()))?;
                examples.push((x, p.trim().parse().map_err(|_| format!("not a number in {line:?}"))?));
                continue;
            }
            let value: f64 = value.trim().parse().map_err(|_| format!("not a number in {line:?}"))?;
            if let Some(i) = FEATURES.iter().position(|f| *f == name) {
                weights[i] = value;
            } else if name.starts_with("fixed.") {
                if !(0.0..=1.0).contains(&value) {
                    return Err(format!("{name}: {value} is not a probability"));
                }
                fixed.push((name.to_string(), value));
            } else {
                return Err(format!("unknown feature {name:?}"));
            }
        }
        if let Some(i) = weights.iter().position(|w| !w.is_finite()) {
            return Err(format!("no weight for {}", FEATURES[i]));
        }
        Ok(Table { weights, fixed, examples })
    }

    /// σ(w · x).
    pub fn probability(&self, x: &[f64; FEATURES.len()]) -> f64 {
        let z: f64 = self.weights.iter().zip(x).map(|(w, v)| w * v).sum();
        1.0 / (1.0 + (-z).exp())
    }

    pub fn weight(&self, name: &str) -> Option<f64> {
        FEATURES.iter().position(|f| *f == name).map(|i| self.weights[i])
    }

    fn fixed(&self, key: &str) -> f64 {
        self.fixed.iter().find(|(k, _)| k == key).map_or(0.5, |(_, v)| *v)
    }
}

/// The shipped table (`dictionaries/ocr/calibration.tsv`), or the file `UNSPIN_OCR_CALIBRATION`
/// names (trial fits).
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| match std::env::var_os("UNSPIN_OCR_CALIBRATION") {
        // A refitted table under trial (`scripts/fit_ocr_calibration.py --out FILE`), for curves.
        Some(path) => {
            let tsv = std::fs::read_to_string(&path).expect("UNSPIN_OCR_CALIBRATION reads");
            Table::parse(&tsv).expect("UNSPIN_OCR_CALIBRATION parses")
        }
        None => Table::parse(CALIBRATION_TSV).expect("dictionaries/ocr/calibration.tsv parses"),
    })
}

/// `UNSPIN_OCR_FEATURES=1`: reasons end with the decision's features (for fitting runs).
pub fn features_enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("UNSPIN_OCR_FEATURES").is_some())
}

/// `UNSPIN_OCR_RAW_CONFIDENCE=1`: edits state the raw posterior (before round 17), for the
/// fitting script's reference run.
pub fn raw_enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("UNSPIN_OCR_RAW_CONFIDENCE").is_some())
}
