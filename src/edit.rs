//! Edits: every change unspin makes, as a replacement of a byte span of the input.
//!
//! A detector proposes [`Proposal`]s over the text it was given; the pipeline turns the accepted
//! ones into [`Edit`]s over the *original input*, so that a report can explain, apply and revert
//! every change on its own.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// The pipeline stage that produced an edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Encoding and Unicode repair (mojibake, entities, invisible characters, hyphenation).
    Normalize,
    /// Reversal of article-spinner and tortured-phrase substitutions.
    Spin,
    /// Repair of OCR misreadings.
    Ocr,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Normalize, Stage::Spin, Stage::Ocr];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Normalize => "normalize",
            Stage::Spin => "spin",
            Stage::Ocr => "ocr",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Stage {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Stage::ALL
            .into_iter()
            .find(|st| st.name() == s.trim())
            .ok_or_else(|| format!("unknown stage {s:?} (expected one of: normalize, spin, ocr)"))
    }
}

/// A change proposed by a detector, over the text that detector saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// Byte range in the detector's input text.
    pub range: Range<usize>,
    pub replacement: String,
    pub stage: Stage,
    /// The rule or dictionary entry that fired, e.g. `spin:news.tsv:120`.
    pub rule: String,
    /// Probability-like confidence in [0, 1].
    pub confidence: f32,
    /// Other replacements that were considered, best first.
    pub alternatives: Vec<String>,
    /// One line saying why.
    pub reason: String,
}

/// An accepted change over the original input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// Stable identifier: a hash of the document id, span and replacement.
    pub id: String,
    /// Byte span in the input.
    pub start: usize,
    pub end: usize,
    /// Character (Unicode scalar) span in the input.
    pub char_start: usize,
    pub char_end: usize,
    /// 1-based line and column (in characters) of `start`.
    pub line: usize,
    pub column: usize,
    pub before: String,
    pub after: String,
    pub stage: Stage,
    pub rule: String,
    pub confidence: f32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    pub reason: String,
}

impl Edit {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Applies non-overlapping edits (sorted by start) to `input`.
///
/// # Errors
/// When edits overlap, are out of bounds, split a character, or their `before` text does not
/// match the input: a report that does not belong to this input.
pub fn apply_edits<'a, I>(input: &str, edits: I) -> Result<String, EditError>
where
    I: IntoIterator<Item = &'a Edit>,
{
    let mut out = String::with_capacity(input.len() + input.len() / 16);
    let mut pos = 0;
    for e in edits {
        check_span(input, e, pos)?;
        out.push_str(&input[pos..e.start]);
        out.push_str(&e.after);
        pos = e.end;
    }
    out.push_str(&input[pos..]);
    Ok(out)
}

/// Reverts edits from `output` (the result of [`apply_edits`] with the same edits), giving back
/// the input byte for byte.
pub fn revert_edits(output: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut out = String::with_capacity(output.len());
    let mut pos = 0; // in output
    let mut shift: isize = 0; // output offset minus input offset
    for e in edits {
        let o_start = (e.start as isize + shift) as usize;
        let o_end = o_start + e.after.len();
        if o_start < pos || o_end > output.len() || output.get(o_start..o_end) != Some(&e.after) {
            return Err(EditError::Mismatch { id: e.id.clone(), start: e.start });
        }
        out.push_str(&output[pos..o_start]);
        out.push_str(&e.before);
        pos = o_end;
        shift += e.after.len() as isize - (e.end - e.start) as isize;
    }
    out.push_str(&output[pos..]);
    Ok(out)
}

fn check_span(input: &str, e: &Edit, pos: usize) -> Result<(), EditError> {
    if e.start < pos {
        return Err(EditError::Overlap { id: e.id.clone(), start: e.start });
    }
    if e.end < e.start || e.end > input.len() {
        return Err(EditError::OutOfBounds { id: e.id.clone(), start: e.start, end: e.end });
    }
    if input.get(e.start..e.end) != Some(e.before.as_str()) {
        return Err(EditError::Mismatch { id: e.id.clone(), start: e.start });
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    Overlap { id: String, start: usize },
    OutOfBounds { id: String, start: usize, end: usize },
    Mismatch { id: String, start: usize },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Overlap { id, start } => write!(f, "edit {id} at byte {start} overlaps the previous edit"),
            EditError::OutOfBounds { id, start, end } => {
                write!(f, "edit {id} spans bytes {start}..{end}, outside the text")
            }
            EditError::Mismatch { id, start } => {
                write!(f, "edit {id} at byte {start} does not match the text (was the file changed after the report?)")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// FNV-1a, 64 bit: a stable, dependency-free hash for edit ids and input fingerprints.
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // Separator so that ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, before: &str, after: &str) -> Edit {
        Edit {
            id: format!("{start}"),
            start,
            end,
            char_start: start,
            char_end: end,
            line: 1,
            column: start + 1,
            before: before.into(),
            after: after.into(),
            stage: Stage::Spin,
            rule: "t".into(),
            confidence: 1.0,
            alternatives: vec![],
            reason: String::new(),
        }
    }

    #[test]
    fn apply_then_revert_round_trips() {
        let input = "He mentioned the assault.";
        let edits = vec![edit(3, 12, "mentioned", "said"), edit(17, 24, "assault", "attack")];
        let out = apply_edits(input, &edits).unwrap();
        assert_eq!(out, "He said the attack.");
        assert_eq!(revert_edits(&out, &edits).unwrap(), input);
    }

    #[test]
    fn apply_rejects_a_report_for_other_text() {
        let edits = vec![edit(3, 12, "mentioned", "said")];
        assert!(matches!(apply_edits("He stated the assault.", &edits), Err(EditError::Mismatch { .. })));
    }

    #[test]
    fn apply_rejects_overlap() {
        let edits = vec![edit(0, 5, "abcde", "x"), edit(3, 6, "def", "y")];
        assert!(matches!(apply_edits("abcdefg", &edits), Err(EditError::Overlap { .. })));
    }

    #[test]
    fn stage_parses_its_name() {
        for st in Stage::ALL {
            assert_eq!(st.name().parse::<Stage>().unwrap(), st);
        }
        assert!("spelling".parse::<Stage>().is_err());
    }
}
