//! What a user asked unspin never to change: ignored words, ignored patterns (regular
//! expressions, e.g. URLs or code) and regions marked inline in the text:
//!
//! ```text
//! This line is left alone. <!-- unspin:ignore-line -->
//! unspin:ignore-start
//! Everything up to the end marker is left alone.
//! unspin:ignore-end
//! ```
//!
//! Edits touching an ignored word, a pattern match or a marked region are dropped after the
//! pipeline has run, so the output is still the input with the remaining edits applied.

use crate::dict::Problem;
use crate::edit::Edit;
use serde::{Deserialize, Serialize};
use std::ops::Range;

pub const IGNORE_LINE: &str = "unspin:ignore-line";
pub const IGNORE_START: &str = "unspin:ignore-start";
pub const IGNORE_END: &str = "unspin:ignore-end";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IgnoreOptions {
    /// Words or phrases never changed (case-insensitive): an edit whose text is one of them, or
    /// contains one as a whole word, is dropped.
    pub words: Vec<String>,
    /// Regular expressions (Rust `regex` syntax): edits overlapping a match are dropped.
    pub patterns: Vec<String>,
    /// Honour `unspin:ignore-line` and `unspin:ignore-start` … `unspin:ignore-end` markers.
    pub markers: bool,
}

impl Default for IgnoreOptions {
    fn default() -> Self {
        IgnoreOptions { words: Vec::new(), patterns: Vec::new(), markers: true }
    }
}

/// Compiled [`IgnoreOptions`].
#[derive(Debug)]
pub struct Ignorer {
    words: Vec<String>,
    patterns: Vec<regex::Regex>,
    markers: bool,
}

impl Ignorer {
    pub fn new(opts: &IgnoreOptions) -> Result<Ignorer, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut patterns = Vec::new();
        for p in &opts.patterns {
            match regex::Regex::new(p) {
                Ok(r) => patterns.push(r),
                Err(e) => problems.push(Problem { origin: format!("ignore pattern {p:?}"), message: e.to_string() }),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let words = opts.words.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect();
        Ok(Ignorer { words, patterns, markers: opts.markers })
    }

    /// Whether this ignorer can drop anything at all.
    pub fn is_active(&self) -> bool {
        !self.words.is_empty() || !self.patterns.is_empty() || self.markers
    }

    /// Byte ranges of `text` where nothing may change: pattern matches and marked regions.
    pub fn regions(&self, text: &str) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for p in &self.patterns {
            out.extend(p.find_iter(text).map(|m| m.range()));
        }
        if self.markers && text.contains("unspin:ignore-") {
            let mut open: Option<usize> = None;
            let mut pos = 0;
            for line in text.split_inclusive('\n') {
                let range = pos..pos + line.len();
                if line.contains(IGNORE_START) && open.is_none() {
                    open = Some(range.start);
                } else if line.contains(IGNORE_END) {
                    if let Some(start) = open.take() {
                        out.push(start..range.end);
                    }
                } else if line.contains(IGNORE_LINE) {
                    out.push(range.clone());
                }
                pos = range.end;
            }
            if let Some(start) = open {
                out.push(start..text.len());
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }

    /// Keeps the edits that touch no ignored word or region.
    pub fn filter(&self, text: &str, edits: Vec<Edit>) -> Vec<Edit> {
        if edits.is_empty() || !self.is_active() {
            return edits;
        }
        let regions = self.regions(text);
        edits
            .into_iter()
            .filter(|e| {
                let touches = |r: &Range<usize>| r.start < e.end.max(e.start + 1) && e.start < r.end;
                !regions.iter().any(touches) && !self.ignores_word(&e.before)
            })
            .collect()
    }

    fn ignores_word(&self, before: &str) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let lower = before.to_lowercase();
        self.words.iter().any(|w| {
            lower == *w
                || lower.match_indices(w.as_str()).any(|(i, _)| {
                    crate::tokenize::is_word_boundary(&lower, i)
                        && crate::tokenize::is_word_boundary(&lower, i + w.len())
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Cleaner, Config};
    use crate::Document;

    fn clean(text: &str, ignore: IgnoreOptions) -> String {
        let c = Cleaner::new(Config { ignore, ..Config::default() }).unwrap();
        c.clean(&Document::new("d", text)).text
    }

    #[test]
    fn ignore_table() {
        let text = "He mentioned the assault.\nShe mentioned the assault. unspin:ignore-line\n\
                    unspin:ignore-start\nThey mentioned the assault.\nunspin:ignore-end\nWe mentioned the assault.";
        let all = clean(text, IgnoreOptions { markers: false, ..IgnoreOptions::default() });
        assert_eq!(all.matches("mentioned").count(), 0, "{all}");
        let marked = clean(text, IgnoreOptions::default());
        assert_eq!(marked.lines().collect::<Vec<_>>()[1], "She mentioned the assault. unspin:ignore-line");
        assert_eq!(marked.lines().collect::<Vec<_>>()[3], "They mentioned the assault.");
        assert_eq!(marked.lines().collect::<Vec<_>>()[0], "He said the attack.");
        assert_eq!(marked.lines().collect::<Vec<_>>()[5], "We said the attack.");
        let words =
            clean("He mentioned the assault.", IgnoreOptions { words: vec!["Mentioned".into()], ..Default::default() });
        assert_eq!(words, "He mentioned the attack.");
        let pattern = clean(
            "He mentioned the assault.",
            IgnoreOptions { patterns: vec![r"\bassa\w+".into()], ..Default::default() },
        );
        assert_eq!(pattern, "He said the assault.");
    }

    #[test]
    fn unclosed_start_runs_to_the_end_and_bad_patterns_say_so() {
        let text = "He mentioned it.\nunspin:ignore-start\nHe mentioned it.";
        assert_eq!(clean(text, IgnoreOptions::default()), "He said it.\nunspin:ignore-start\nHe mentioned it.");
        let err = Ignorer::new(&IgnoreOptions { patterns: vec!["(".into()], ..Default::default() }).unwrap_err();
        assert!(err[0].origin.contains("ignore pattern"));
    }
}
