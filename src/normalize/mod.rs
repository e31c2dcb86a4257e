//! The normalize stage: encoding and Unicode repair, before any word-level stage looks at the text.
//!
//! Each repair is a [`Repair`] kind, individually switchable in [`NormalizeOptions`]:
//!
//! | kind | repairs | default |
//! |---|---|---|
//! | `entities` | HTML character references: `&amp;` → `&`, `&#8217;` → `’` (once, never twice) | on |
//! | `mojibake` | UTF-8 decoded as windows-1252, Latin-1, MacRoman, ... (`cafÃ©` → `café`) | on |
//! | `c1` | C1 controls that are windows-1252 punctuation (U+0092 → `’`) | on |
//! | `ligatures` | `ﬁ` → `fi`, `ĳ` → `ij` (PDF copy-paste) | on |
//! | `width` | fullwidth ASCII `ＡＢＣ` → `ABC` | off |
//! | `controls` | ASCII controls, terminal escapes, deprecated format characters | on |
//! | `invisibles` | soft hyphens, zero-width spaces, word joiners, stray BOMs | on |
//! | `hyphenation` | words broken across lines: `gov-⏎ernment` → `government⏎` (language model) | off (listed in `--normalize` it runs) |
//!
//! Typography is kept: curly quotes, dashes and ellipses are never straightened (unlike ftfy's
//! default). Each repair runs on the text the previous ones left, and every change is a
//! [`Proposal`] over the stage's input with its reason.
//!
//! ```
//! use unspin::normalize::{NormalizeOptions, Normalizer};
//! use unspin::pipeline::{Detector, Signals};
//!
//! let n = Normalizer::new(NormalizeOptions::default());
//! let text = "The cafÃ© said &ldquo;hi&rdquo;";
//! let proposals = n.detect(text, &[], &mut Signals::new());
//! let fixed = unspin::normalize::apply(text, &proposals);
//! assert_eq!(fixed, "The café said “hi”");
//! ```

mod badness;
mod codepage;
#[rustfmt::skip]
mod codepage_tables;
mod controls;
mod entities;
pub mod hyphenation;
mod invisibles;
mod ligatures;
pub mod mojibake;
mod transcode;
mod width;

pub use badness::is_bad;
pub use codepage::CodePage;

use crate::edit::{Proposal, Stage};
use crate::pipeline::{apply_layers, compose, Detector, Signals};
use crate::tokenize::Token;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// A kind of repair the normalize stage can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Repair {
    Entities,
    Mojibake,
    C1,
    Ligatures,
    Width,
    Controls,
    Invisibles,
    Hyphenation,
}

impl Repair {
    /// Every kind, in the order the repairs run.
    pub const ALL: [Repair; 8] = [
        Repair::Entities,
        Repair::Mojibake,
        Repair::C1,
        Repair::Ligatures,
        Repair::Width,
        Repair::Controls,
        Repair::Invisibles,
        Repair::Hyphenation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Repair::Entities => "entities",
            Repair::Mojibake => "mojibake",
            Repair::C1 => "c1",
            Repair::Ligatures => "ligatures",
            Repair::Width => "width",
            Repair::Controls => "controls",
            Repair::Invisibles => "invisibles",
            Repair::Hyphenation => "hyphenation",
        }
    }

    /// Whether the repair runs unless switched off.
    pub fn on_by_default(self) -> bool {
        // Width folding changes text users meant; joining hyphenated line breaks moves text
        // across lines, which line-aligned corpora (OCR ground truth, diffs) must not see.
        !matches!(self, Repair::Width | Repair::Hyphenation)
    }

    /// How sure an edit of this kind is.
    fn confidence(self) -> f32 {
        match self {
            Repair::Mojibake | Repair::Entities | Repair::Ligatures | Repair::Controls => 0.95,
            Repair::C1 | Repair::Invisibles | Repair::Width => 0.9,
            // Each join has its own confidence; this is the most a join gets.
            Repair::Hyphenation => 0.95,
        }
    }

    fn rule(self) -> String {
        format!("normalize:{}", self.name())
    }
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Repair {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Repair::ALL.into_iter().find(|r| r.name() == s.trim()).ok_or_else(|| {
            let names: Vec<&str> = Repair::ALL.iter().map(|r| r.name()).collect();
            format!("unknown normalize repair {s:?} (expected one of: {})", names.join(", "))
        })
    }
}

/// Which repairs run (see [`Repair`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NormalizeOptions {
    pub entities: bool,
    pub mojibake: bool,
    pub c1: bool,
    pub ligatures: bool,
    pub width: bool,
    pub controls: bool,
    pub invisibles: bool,
    pub hyphenation: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        let mut o = NormalizeOptions::none();
        for r in Repair::ALL {
            o.set(r, r.on_by_default());
        }
        o
    }
}

impl NormalizeOptions {
    /// Nothing enabled.
    pub fn none() -> Self {
        NormalizeOptions {
            entities: false,
            mojibake: false,
            c1: false,
            ligatures: false,
            width: false,
            controls: false,
            invisibles: false,
            hyphenation: false,
        }
    }

    /// Exactly these repairs.
    pub fn only(repairs: &[Repair]) -> Self {
        let mut o = NormalizeOptions::none();
        for &r in repairs {
            o.set(r, true);
        }
        o
    }

    /// Every repair, including those off by default.
    pub fn all() -> Self {
        NormalizeOptions::only(&Repair::ALL)
    }

    fn flag(&mut self, repair: Repair) -> &mut bool {
        match repair {
            Repair::Entities => &mut self.entities,
            Repair::Mojibake => &mut self.mojibake,
            Repair::C1 => &mut self.c1,
            Repair::Ligatures => &mut self.ligatures,
            Repair::Width => &mut self.width,
            Repair::Controls => &mut self.controls,
            Repair::Invisibles => &mut self.invisibles,
            Repair::Hyphenation => &mut self.hyphenation,
        }
    }

    pub fn set(&mut self, repair: Repair, on: bool) {
        *self.flag(repair) = on;
    }

    pub fn is_enabled(&self, repair: Repair) -> bool {
        *self.clone().flag(repair)
    }

    /// The enabled repairs, in the order they run.
    pub fn enabled(&self) -> Vec<Repair> {
        Repair::ALL.into_iter().filter(|&r| self.is_enabled(r)).collect()
    }
}

/// One repair found in a text.
#[derive(Clone, Debug, PartialEq)]
struct Fix {
    range: Range<usize>,
    replacement: String,
    reason: String,
    /// When the repair's usual confidence does not fit this one.
    confidence: Option<f32>,
}

/// The normalize stage.
pub struct Normalizer {
    repairs: Vec<Repair>,
}

impl Normalizer {
    pub fn new(options: NormalizeOptions) -> Self {
        Normalizer { repairs: options.enabled() }
    }

    /// The proposals for `text`, over `text`, sorted and non-overlapping.
    pub fn propose(&self, text: &str, signals: &mut Signals) -> Vec<Proposal> {
        let mut needed = quick_scan(text);
        let mut layers = Vec::new();
        let mut current = std::borrow::Cow::Borrowed(text);
        for &repair in &self.repairs {
            if needed & bit(repair) == 0 {
                continue;
            }
            let fixes = find(repair, &current);
            if fixes.is_empty() {
                continue;
            }
            // A repair can reveal work for the next ones (mojibake of a ligature): only what it
            // put in is new.
            for f in &fixes {
                needed |= quick_scan(&f.replacement);
            }
            *signals.entry(format!("normalize.{}", repair.name())).or_insert(0.0) += fixes.len() as f64;
            let proposals = fixes
                .into_iter()
                .map(|f| Proposal {
                    range: f.range,
                    replacement: f.replacement,
                    stage: Stage::Normalize,
                    rule: repair.rule(),
                    confidence: f.confidence.unwrap_or(repair.confidence()),
                    alternatives: Vec::new(),
                    reason: f.reason,
                })
                .collect();
            layers = compose(text, &current, layers, proposals);
            current = std::borrow::Cow::Owned(apply_layers(text, &layers));
        }
        layers.into_iter().map(|l| Proposal { range: l.start..l.end, replacement: l.after, ..l.proposal }).collect()
    }
}

impl Detector for Normalizer {
    fn stage(&self) -> Stage {
        Stage::Normalize
    }

    fn uses_tokens(&self) -> bool {
        false
    }

    fn detect(&self, text: &str, _tokens: &[Token], signals: &mut Signals) -> Vec<Proposal> {
        self.propose(text, signals)
    }
}

/// Applies sorted, non-overlapping proposals to `text`.
pub fn apply(text: &str, proposals: &[Proposal]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for p in proposals {
        out.push_str(&text[pos..p.range.start]);
        out.push_str(&p.replacement);
        pos = p.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Repairs `text` with the given options: the normalize stage on its own.
pub fn normalize(text: &str, options: &NormalizeOptions) -> String {
    let proposals = Normalizer::new(options.clone()).propose(text, &mut Signals::new());
    apply(text, &proposals)
}

fn bit(repair: Repair) -> u16 {
    1 << (repair as u16)
}

/// Which repairs might have something to do in `text`: one cheap pass, so that clean text
/// (ASCII or not) costs little more than reading it.
fn quick_scan(text: &str) -> u16 {
    let bytes = text.as_bytes();
    let mut needed = 0;
    if memchr::memchr(b'&', bytes).is_some() {
        needed |= bit(Repair::Entities);
    }
    if !text.is_ascii() {
        needed |= bit(Repair::Mojibake);
    }
    // Lines ending in a hyphen are found line by line, which costs next to nothing.
    if memchr::memchr(b'\n', bytes).is_some() {
        needed |= bit(Repair::Hyphenation);
    }
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            if is_plain_ascii(u64::from_le_bytes(chunk.try_into().unwrap_or_default())) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            if (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f {
                needed |= bit(Repair::Controls);
            }
            i += 1;
            continue;
        }
        // Lead bytes of the characters the per-character repairs look for (C1 and soft hyphen:
        // C2; ligatures: C4 C5 C7 EF; invisibles: C2 E1 E2 EF; controls: E2 EF; width: E3 EF).
        if !matches!(b, 0xc2 | 0xc4 | 0xc5 | 0xc7 | 0xe1 | 0xe2 | 0xe3 | 0xef) {
            i += 1;
            continue;
        }
        let ch = text[i..].chars().next().unwrap_or('\0');
        needed |= match ch {
            '\u{80}'..='\u{9f}' => bit(Repair::C1) | bit(Repair::Controls),
            _ if ligatures::split(ch).is_some() => bit(Repair::Ligatures),
            _ if width::narrow(ch).is_some() => bit(Repair::Width),
            _ if invisibles::name(ch).is_some() => bit(Repair::Invisibles),
            _ if controls::is_unwanted_control(ch) => bit(Repair::Controls),
            _ => 0,
        };
        i += ch.len_utf8();
    }
    needed
}

/// Whether all eight bytes are printable ASCII (0x20..=0x7E): nothing for any repair to see.
fn is_plain_ascii(x: u64) -> bool {
    const LOW: u64 = 0x2020_2020_2020_2020;
    const ONE: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20 borrows into its high bit, one of 0x7F or more carries into (or has) it.
    (x.wrapping_sub(LOW) | x.wrapping_add(ONE) | x) & HIGH == 0
}

fn find(repair: Repair, text: &str) -> Vec<Fix> {
    match repair {
        Repair::Entities => entities::find(text)
            .into_iter()
            .map(|(range, value)| {
                let reason = format!("HTML reference {} decoded", &text[range.clone()]);
                Fix { range, replacement: value, reason, confidence: None }
            })
            .collect(),
        Repair::Mojibake => find_mojibake(text),
        Repair::C1 => map_chars(text, |i, ch| {
            let (read, page) = mojibake::read_c1(text, i, ch);
            (read != ch)
                .then(|| (read.to_string(), format!("C1 control U+{:04X} read as {} {read}", ch as u32, page.name())))
        }),
        Repair::Ligatures => map_chars(text, |_, ch| {
            ligatures::split(ch).map(|s| (s.to_string(), format!("ligature {ch} split into {s}")))
        }),
        Repair::Width => map_chars(text, |_, ch| {
            width::narrow(ch).map(|c| (c.to_string(), "fullwidth characters made normal width".to_string()))
        }),
        Repair::Controls => find_controls(text),
        Repair::Hyphenation => hyphenation::find(text, crate::lm::LanguageModel::builtin())
            .into_iter()
            .map(|j| Fix {
                range: j.range,
                replacement: j.replacement,
                reason: j.reason,
                confidence: Some(j.confidence),
            })
            .collect(),
        // A byte-order mark at the very start is the file's, not a stray one: it stays.
        Repair::Invisibles => map_chars(text, |i, ch| {
            let stray = i > 0 || ch != '\u{feff}';
            invisibles::name(ch).filter(|_| stray).map(|name| (String::new(), format!("invisible {name} removed")))
        }),
    }
}

/// Fixes for single characters, runs of neighbours with the same reason merged into one.
fn map_chars(text: &str, f: impl Fn(usize, char) -> Option<(String, String)>) -> Vec<Fix> {
    let mut fixes: Vec<Fix> = Vec::new();
    for (i, ch) in text.char_indices() {
        if ch.is_ascii() {
            continue;
        }
        let Some((replacement, reason)) = f(i, ch) else { continue };
        let end = i + ch.len_utf8();
        match fixes.last_mut() {
            Some(last) if last.range.end == i && last.reason == reason => {
                last.range.end = end;
                last.replacement.push_str(&replacement);
            }
            _ => fixes.push(Fix { range: i..end, replacement, reason, confidence: None }),
        }
    }
    fixes
}

fn find_controls(text: &str) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let mut iter = text.char_indices();
    while let Some((i, ch)) = iter.next() {
        if ch == '\u{1b}' {
            if let Some(len) = controls::terminal_escape_len(&text[i..]) {
                fixes.push(Fix {
                    range: i..i + len,
                    replacement: String::new(),
                    reason: "terminal escape sequence removed".into(),
                    confidence: None,
                });
                // The escape is ASCII: skip its remaining bytes.
                for _ in 1..len {
                    iter.next();
                }
                continue;
            }
        }
        if controls::is_unwanted_control(ch) {
            fixes.push(Fix {
                range: i..i + ch.len_utf8(),
                replacement: String::new(),
                reason: format!("control character U+{:04X} removed", ch as u32),
                confidence: None,
            });
        }
    }
    fixes
}

/// Mojibake repairs, a line at a time, as the smallest spans that changed.
fn find_mojibake(text: &str) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if line.is_ascii() || !is_bad(line) {
            continue;
        }
        let (fixed, steps) = mojibake::fix_bad_encoding(line);
        if fixed == line {
            continue;
        }
        let reason = format!("mojibake: {}", mojibake::describe(&steps));
        for (range, replacement) in changed_spans(line, &fixed) {
            fixes.push(Fix {
                range: start + range.start..start + range.end,
                replacement,
                reason: reason.clone(),
                confidence: None,
            });
        }
    }
    fixes
}

/// The spans of `old` that differ from `new`, with their replacements.
///
/// Mojibake repair maps runs of non-ASCII characters to runs of non-ASCII characters and keeps
/// ASCII as it is, so the two texts usually have the same ASCII "skeleton" and align run by run
/// in one pass. When they do not (a space or "?" was absorbed into a repaired sequence), a
/// character diff aligns them.
fn changed_spans(old: &str, new: &str) -> Vec<(Range<usize>, String)> {
    let spans = align_by_ascii(old, new).unwrap_or_else(|| diff_chars(old, new));
    debug_assert_eq!(
        {
            let mut out = old.to_string();
            for (range, rep) in spans.iter().rev() {
                out.replace_range(range.clone(), rep);
            }
            out
        },
        new
    );
    spans
}

fn align_by_ascii(old: &str, new: &str) -> Option<Vec<(Range<usize>, String)>> {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let (mut i, mut j) = (0, 0);
    let mut spans: Vec<(Range<usize>, String)> = Vec::new();
    loop {
        // Equal ASCII.
        while i < a.len() && j < b.len() && a[i] < 0x80 && a[i] == b[j] {
            i += 1;
            j += 1;
        }
        let (run_a, run_b) = (i, j);
        while i < a.len() && a[i] >= 0x80 {
            i += 1;
        }
        while j < b.len() && b[j] >= 0x80 {
            j += 1;
        }
        let span = if (i, j) != (run_a, run_b) {
            // Runs start and end at ASCII bytes, so they are whole characters.
            trimmed_span(&old[run_a..i], &new[run_b..j], run_a)
        } else if i == a.len() && j == b.len() {
            return Some(spans);
        } else if i < a.len() && matches!(a[i], b' ' | b'?') {
            // A no-break space that became a space, or a lost byte written "?", absorbed into
            // the character it belonged to.
            i += 1;
            Some((i - 1..i, String::new()))
        } else {
            return None;
        };
        let Some((range, replacement)) = span else { continue };
        // Join a change to the previous one when at most one character lies between them.
        match spans.last_mut() {
            Some((prev, rep)) if range.start <= prev.end + 1 => {
                rep.push_str(&old[prev.end..range.start]);
                rep.push_str(&replacement);
                prev.end = range.end;
            }
            _ => spans.push((range, replacement)),
        }
    }
}

/// The differing middle of two runs, as a span of the old text starting at `offset`.
fn trimmed_span(old: &str, new: &str, offset: usize) -> Option<(Range<usize>, String)> {
    let prefix: usize = old.chars().zip(new.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix: usize =
        old_rest.chars().rev().zip(new_rest.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let suffix = suffix.min(old_rest.len()).min(new_rest.len());
    let (old_mid, new_mid) = (&old_rest[..old_rest.len() - suffix], &new_rest[..new_rest.len() - suffix]);
    (old_mid != new_mid).then(|| (offset + prefix..offset + prefix + old_mid.len(), new_mid.to_string()))
}

/// Character diff (Myers), changes separated by equal text kept apart.
fn diff_chars(old: &str, new: &str) -> Vec<(Range<usize>, String)> {
    let old_chars: Vec<(usize, char)> = old.char_indices().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let a: Vec<char> = old_chars.iter().map(|&(_, c)| c).collect();
    let byte_at = |ci: usize| old_chars.get(ci).map_or(old.len(), |&(b, _)| b);
    let mut spans: Vec<(Range<usize>, String)> = Vec::new();
    let mut pending: Option<(usize, usize, usize, usize)> = None; // old start/end, new start/end (chars)
    let flush = |p: (usize, usize, usize, usize), spans: &mut Vec<(Range<usize>, String)>| {
        spans.push((byte_at(p.0)..byte_at(p.1), new_chars[p.2..p.3].iter().collect()));
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &new_chars) {
        let (o, n) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            if let Some(p) = pending.take() {
                flush(p, &mut spans);
            }
            continue;
        }
        pending = Some(match pending {
            Some((os, _, ns, _)) => (os, o.end, ns, n.end),
            None => (o.start, o.end, n.start, n.end),
        });
    }
    if let Some(p) = pending {
        flush(p, &mut spans);
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every repair on by default, plus hyphenation (off by default, on in this table).
    fn norm(s: &str) -> String {
        normalize(s, &NormalizeOptions { hyphenation: true, ..NormalizeOptions::default() })
    }

    #[test]
    fn repairs_table() {
        let cases = [
            ("cafÃ© and crÃ¨me", "café and crème"),
            ("it&#8217;s &amp;amp;", "it\u{2019}s &amp;"),
            ("10Î&frac14;s", "10μs"),
            ("signiﬁcant", "significant"),
            ("soft\u{ad}hyphen zero\u{200b}width", "softhyphen zerowidth"),
            ("bell\u{7}", "bell"),
            ("\u{1b}[36mblue\u{1b}[0m", "blue"),
            ("quote \u{93}here\u{94}", "quote \u{201c}here\u{201d}"),
            ("the gov-\nernment said", "the government\nsaid"),
            ("a well-\nknown fact", "a well-\nknown fact"),
        ];
        for (input, want) in cases {
            assert_eq!(norm(input), want, "{input:?}");
        }
    }

    #[test]
    fn typography_stays() {
        let s = "“Quotes” and ‘single’ — dashes… stay";
        assert_eq!(norm(s), s);
    }

    #[test]
    fn edits_are_small_spans_with_reasons() {
        let text = "The cafÃ© is nice. Ã€ bientÃ´t";
        let p = Normalizer::new(NormalizeOptions::default()).propose(text, &mut Signals::new());
        let befores: Vec<&str> = p.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(befores, ["Ã©", "Ã€", "Ã´"]);
        assert!(p.iter().all(|p| p.reason.starts_with("mojibake") && p.rule == "normalize:mojibake"));
    }

    #[test]
    fn each_repair_can_be_switched_off() {
        let text = "cafÃ© &amp; ﬁ";
        let mut o = NormalizeOptions::default();
        o.set(Repair::Mojibake, false);
        assert_eq!(normalize(text, &o), "cafÃ© & fi");
        assert_eq!(normalize(text, &NormalizeOptions::only(&[Repair::Mojibake])), "café &amp; ﬁ");
        assert_eq!(normalize(text, &NormalizeOptions::none()), text);
    }

    #[test]
    fn plain_ascii_chunks() {
        assert!(is_plain_ascii(u64::from_le_bytes(*b"Hello, w")));
        for odd in [*b"Hello,\nw", *b"Hello,\x7fw", *b"Hello,\xc3w", *b"\x1fello, w", *b"Hello, \x00"] {
            assert!(!is_plain_ascii(u64::from_le_bytes(odd)), "{odd:?}");
        }
    }

    #[test]
    fn aligns_repairs_that_absorb_a_space() {
        assert_eq!(align_by_ascii("voilÃ  le", "voilà le"), Some(vec![(4..8, "à ".to_string())]));
        assert_eq!(align_by_ascii("bbâ€? x", "bb\u{fffd} x"), Some(vec![(2..8, "\u{fffd}".to_string())]));
        assert_eq!(changed_spans("x Ã© y Ã¨", "x é y è"), vec![(2..6, "é".to_string()), (9..13, "è".to_string())]);
    }

    #[test]
    fn repair_names_parse() {
        for r in Repair::ALL {
            assert_eq!(r.name().parse::<Repair>().unwrap(), r);
        }
        assert!("spelling".parse::<Repair>().is_err());
    }
}
