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
//!
//! Round 18: two maps, one for newspapers and one for books, chosen per document by a logistic
//! over the document's shape (its share of capitalised words and of personal pronouns: a
//! newspaper column is names, places and figures, a book's prose is "he", "she", "I"), fitted by
//! the same script; and the count of unknown neighbours on the same line (a garbled run) as a
//! feature, which in a newspaper marks a partial repair and in a book costs little.

use crate::edit::{Proposal, Stage};
use std::ops::Range;
use std::sync::OnceLock;

const CALIBRATION_TSV: &str = include_str!("../../dictionaries/ocr/calibration.tsv");

/// The features of a weighed decision, in the order of [`FEATURES`].
pub const FEATURES: [&str; 13] = [
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
    "garbled",
];

/// The document features the book-or-newspaper logistic weighs, in the order of [`KIND_FEATURES`].
pub const KIND_FEATURES: [&str; 3] = ["bias", "capitals", "pronouns"];

/// Personal pronouns (lowercase), whose share of a document's words marks narrative prose.
const PRONOUNS: &[&str] =
    &["i", "me", "my", "we", "us", "our", "you", "your", "thou", "thee", "thy", "he", "him", "his", "she", "her"];

/// A document's shape, which picks the map: a newspaper's or a book's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DocShape {
    /// Share of the words that start with a capital.
    pub capitals: f64,
    /// Share of the words that are personal pronouns.
    pub pronouns: f64,
}

impl DocShape {
    /// The shape of a document's words (as written).
    pub fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> DocShape {
        let (mut n, mut capitals, mut pronouns) = (0usize, 0usize, 0usize);
        for w in words {
            if !w.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            n += 1;
            capitals += usize::from(w.chars().next().is_some_and(char::is_uppercase));
            pronouns += usize::from(PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(w)));
        }
        let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
        DocShape { capitals: share(capitals), pronouns: share(pronouns) }
    }

    /// The kind logistic's inputs: the shares in percent.
    fn features(&self) -> [f64; KIND_FEATURES.len()] {
        [1.0, 100.0 * self.capitals, 100.0 * self.pronouns]
    }

    /// `capitals=… pronouns=…` (appended to reasons under `UNSPIN_OCR_FEATURES=1`).
    pub fn describe(&self) -> String {
        format!("capitals={:.4} pronouns={:.4}", self.capitals, self.pronouns)
    }
}

/// Which map a document's edits are stated by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    News,
    Book,
}

impl Kind {
    /// Every kind, in the order of the table's maps.
    pub const ALL: [Kind; 2] = [Kind::News, Kind::Book];

    /// The map the shipped table picks for a document of this shape.
    pub fn of(shape: &DocShape) -> Kind {
        table().kind(shape)
    }

    fn index(self) -> usize {
        match self {
            Kind::News => 0,
            Kind::Book => 1,
        }
    }

    /// The kind's prefix in `calibration.tsv` (`news.FEATURE`, `book.fixed.RULE`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::Book => "book",
        }
    }
}

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
    /// A full stop OCR lost after an initial ("C B Bond"; round 23).
    Initial,
    /// A hyphen OCR lost at a line break ("respec" / "table"; `edges.rs`, round 23).
    LineHyphen,
}

impl Fixed {
    fn key(self) -> &'static str {
        match self {
            Fixed::Case => "fixed.case",
            Fixed::Smudge => "fixed.smudge",
            Fixed::GluedStop => "fixed.glued_stop",
            Fixed::FullStop => "fixed.full_stop",
            Fixed::LineEnd => "fixed.line_end",
            Fixed::Initial => "fixed.initial",
            Fixed::LineHyphen => "fixed.line_hyphen",
        }
    }

    /// The rate at which this rule's edits were right on the fitting sets' documents of this kind.
    pub fn confidence(self, kind: Kind) -> f32 {
        if raw_enabled() {
            return self.raw();
        }
        table().fixed(kind, self.key()) as f32
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
    /// Unknown neighbours on the same line (0, 1 or 2): a garbled run.
    pub garbled: f64,
    /// The document's kind, which picks the map.
    pub kind: Kind,
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
            self.garbled.clamp(0.0, 2.0),
        ]
    }

    /// The calibrated probability that this edit is right.
    pub fn confidence(&self) -> f64 {
        if raw_enabled() {
            return self.posterior;
        }
        table().probability(self.kind, &self.features())
    }

    /// The features as `name=value` pairs (`UNSPIN_OCR_FEATURES=1` appends them to reasons, for
    /// the fitting script).
    pub fn describe(&self) -> String {
        FEATURES.iter().zip(self.features()).map(|(n, v)| format!("{n}={v:.4}")).collect::<Vec<_>>().join(" ")
    }
}

/// One kind's map: a logistic's weights and the fixed rules' rates.
#[derive(Debug, Clone)]
struct Map {
    weights: [f64; FEATURES.len()],
    fixed: Vec<(String, f64)>,
}

/// The shipped maps (newspaper, book) and the logistic that picks one per document.
#[derive(Debug)]
pub struct Table {
    maps: [Map; 2],
    /// Weights of [`KIND_FEATURES`]: σ(w · x) ≥ 0.5 reads the document as a book.
    kind: [f64; KIND_FEATURES.len()],
    /// Decisions and the probability the fitting script gave them (for the tests).
    pub examples: Vec<(Kind, [f64; FEATURES.len()], f64)>,
    /// Document shapes and the kind the fitting script gave them (for the tests).
    pub kind_examples: Vec<(DocShape, Kind)>,
}

fn number(v: &str, line: &str) -> Result<f64, String> {
    v.trim().parse().map_err(|_| format!("not a number in {line:?}"))
}

fn kind_named(name: &str, line: &str) -> Result<Kind, String> {
    Kind::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| format!("unknown kind {name:?} in {line:?}"))
}

impl Table {
    /// Parses `name<TAB>value` rows (`#` comments, a `name value` header): `news.FEATURE`,
    /// `book.FEATURE`, `news.fixed.RULE`, `book.fixed.RULE`, `kind.FEATURE`, and `example` rows.
    pub fn parse(tsv: &str) -> Result<Table, String> {
        let empty = Map { weights: [f64::NAN; FEATURES.len()], fixed: Vec::new() };
        let mut maps = [empty.clone(), empty];
        let mut kind = [f64::NAN; KIND_FEATURES.len()];
        let mut examples = Vec::new();
        let mut kind_examples = Vec::new();
        for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).skip(1) {
            let (name, value) = line.split_once('\t').ok_or_else(|| format!("no tab in {line:?}"))?;
            if name == "example" {
                let mut parts = value.split('\t');
                let (Some(k), Some(x), Some(p)) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(format!("not kind, features and probability: {line:?}"));
                };
                let x: Vec<f64> =
                    x.split(' ').map(str::parse).collect::<Result<_, _>>().map_err(|e| format!("{e}: {line:?}"))?;
                let x: [f64; FEATURES.len()] =
                    x.try_into().map_err(|_| format!("not {} features: {line:?}", FEATURES.len()))?;
                examples.push((kind_named(k, line)?, x, number(p, line)?));
                continue;
            }
            if name == "kind_example" {
                let mut parts = value.split('\t');
                let (Some(c), Some(p), Some(k)) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(format!("not capitals, pronouns and kind: {line:?}"));
                };
                let shape = DocShape { capitals: number(c, line)?, pronouns: number(p, line)? };
                kind_examples.push((shape, kind_named(k.trim(), line)?));
                continue;
            }
            let value = number(value, line)?;
            let (head, rest) = name.split_once('.').ok_or_else(|| format!("no kind in {name:?}"))?;
            if head == "kind" {
                let i = KIND_FEATURES.iter().position(|f| *f == rest).ok_or_else(|| format!("unknown {name:?}"))?;
                kind[i] = value;
                continue;
            }
            let map = &mut maps[kind_named(head, line)?.index()];
            if let Some(i) = FEATURES.iter().position(|f| *f == rest) {
                map.weights[i] = value;
            } else if rest.starts_with("fixed.") {
                if !(0.0..=1.0).contains(&value) {
                    return Err(format!("{name}: {value} is not a probability"));
                }
                map.fixed.push((rest.to_string(), value));
            } else {
                return Err(format!("unknown feature {name:?}"));
            }
        }
        for k in Kind::ALL {
            if let Some(i) = maps[k.index()].weights.iter().position(|w| !w.is_finite()) {
                return Err(format!("no weight for {}.{}", k.name(), FEATURES[i]));
            }
        }
        if let Some(i) = kind.iter().position(|w| !w.is_finite()) {
            return Err(format!("no weight for kind.{}", KIND_FEATURES[i]));
        }
        Ok(Table { maps, kind, examples, kind_examples })
    }

    /// σ(w · x) with the weights of `kind`'s map.
    pub fn probability(&self, kind: Kind, x: &[f64; FEATURES.len()]) -> f64 {
        let z: f64 = self.maps[kind.index()].weights.iter().zip(x).map(|(w, v)| w * v).sum();
        1.0 / (1.0 + (-z).exp())
    }

    /// The map for a document of this shape.
    pub fn kind(&self, shape: &DocShape) -> Kind {
        let z: f64 = self.kind.iter().zip(shape.features()).map(|(w, v)| w * v).sum();
        if z >= 0.0 {
            Kind::Book
        } else {
            Kind::News
        }
    }

    pub fn weight(&self, kind: Kind, name: &str) -> Option<f64> {
        FEATURES.iter().position(|f| *f == name).map(|i| self.maps[kind.index()].weights[i])
    }

    fn fixed(&self, kind: Kind, key: &str) -> f64 {
        self.maps[kind.index()].fixed.iter().find(|(k, _)| k == key).map_or(0.5, |(_, v)| *v)
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
