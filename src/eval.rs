//! Scoring a repair against a gold restoration: the figures of `../shared/eval/score.py`,
//! computed the same way (its token pattern, difflib's opcodes, token Levenshtein distance), so
//! `unspin eval` and the shared scorer agree to the last digit.
//!
//! ```
//! use unspin::eval::{score_gold, tokens};
//! assert_eq!(tokens("He mentioned it’s “odd”."), vec!["He", "mentioned", "it’s", "“", "odd", "”", "."]);
//! let s = score_gold("He mentioned it.", "He said it.", "He said it.");
//! assert_eq!((s.gold_edits, s.system_edits, s.correct_edits), (1, 1, 1));
//! ```

use std::collections::{HashMap, HashSet};

/// `\w` of Python's `re` on `str`: letters, digits and the underscore.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Tokens as score.py sees them: `\w+(?:[-'’]\w+)*|[^\w\s]`.
pub fn tokens(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(c) = line[pos..].chars().next() {
        let start = pos;
        pos += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            loop {
                let mut chars = line[pos..].chars();
                match chars.next() {
                    Some(n) if is_word_char(n) => pos += n.len_utf8(),
                    Some(j @ ('-' | '\'' | '’')) if chars.next().is_some_and(is_word_char) => pos += j.len_utf8(),
                    _ => break,
                }
            }
        }
        out.push(&line[start..pos]);
    }
    out
}

/// One difflib opcode over token indices: `tag` is `equal`, `replace`, `delete` or `insert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opcode {
    pub tag: &'static str,
    pub a: std::ops::Range<usize>,
    pub b: std::ops::Range<usize>,
}

/// `difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`.
pub fn opcodes<T: Eq + std::hash::Hash>(a: &[T], b: &[T]) -> Vec<Opcode> {
    let mut b2j: HashMap<&T, Vec<usize>> = HashMap::new();
    for (j, x) in b.iter().enumerate() {
        b2j.entry(x).or_default().push(j);
    }
    // Longest common block in a[alo..ahi], b[blo..bhi]; ties go to the smallest i, then j.
    let longest = |alo: usize, ahi: usize, blo: usize, bhi: usize| -> (usize, usize, usize) {
        let (mut bi, mut bj, mut bk) = (alo, blo, 0);
        let mut j2len: HashMap<usize, usize> = HashMap::new();
        for (i, x) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut next: HashMap<usize, usize> = HashMap::new();
            for &j in b2j.get(x).map(Vec::as_slice).unwrap_or(&[]) {
                if j < blo {
                    continue;
                }
                if j >= bhi {
                    break;
                }
                let k = if j > 0 { j2len.get(&(j - 1)).copied().unwrap_or(0) } else { 0 } + 1;
                next.insert(j, k);
                if k > bk {
                    (bi, bj, bk) = (i + 1 - k, j + 1 - k, k);
                }
            }
            j2len = next;
        }
        (bi, bj, bk)
    };
    let mut queue = vec![(0, a.len(), 0, b.len())];
    let mut blocks = Vec::new();
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest(alo, ahi, blo, bhi);
        if k > 0 {
            blocks.push((i, j, k));
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    blocks.sort_unstable();
    let mut merged: Vec<(usize, usize, usize)> = Vec::new();
    for (i, j, k) in blocks {
        match merged.last_mut() {
            Some(last) if last.0 + last.2 == i && last.1 + last.2 == j => last.2 += k,
            _ => merged.push((i, j, k)),
        }
    }
    merged.push((a.len(), b.len(), 0));
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    for (ai, bj, size) in merged {
        let tag = match (i < ai, j < bj) {
            (true, true) => Some("replace"),
            (true, false) => Some("delete"),
            (false, true) => Some("insert"),
            _ => None,
        };
        if let Some(tag) = tag {
            out.push(Opcode { tag, a: i..ai, b: j..bj });
        }
        (i, j) = (ai + size, bj + size);
        if size > 0 {
            out.push(Opcode { tag: "equal", a: ai..i, b: bj..j });
        }
    }
    out
}

/// The non-equal opcodes as (start, end, replacement tokens), as score.py compares them.
fn edit_set<'a>(src: &[&'a str], dst: &[&'a str]) -> HashSet<(usize, usize, Vec<&'a str>)> {
    opcodes(src, dst)
        .into_iter()
        .filter(|o| o.tag != "equal")
        .map(|o| (o.a.start, o.a.end, dst[o.b].to_vec()))
        .collect()
}

/// Token Levenshtein distance.
pub fn distance<T: Eq>(a: &[T], b: &[T]) -> usize {
    let (a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, y) in b.iter().enumerate() {
            cur.push((prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + usize::from(x != y)));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Counts against a gold restoration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldCounts {
    pub tokens: usize,
    pub gold_edits: usize,
    pub system_edits: usize,
    pub correct_edits: usize,
    pub dist_before: usize,
    pub dist_after: usize,
}

impl GoldCounts {
    pub fn add(&mut self, o: &GoldCounts) {
        self.tokens += o.tokens;
        self.gold_edits += o.gold_edits;
        self.system_edits += o.system_edits;
        self.correct_edits += o.correct_edits;
        self.dist_before += o.dist_before;
        self.dist_after += o.dist_after;
    }

    pub fn precision(&self) -> f64 {
        if self.system_edits == 0 {
            1.0
        } else {
            self.correct_edits as f64 / self.system_edits as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.gold_edits == 0 {
            1.0
        } else {
            self.correct_edits as f64 / self.gold_edits as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    pub fn error_reduction(&self) -> f64 {
        if self.dist_before == 0 {
            0.0
        } else {
            1.0 - self.dist_after as f64 / self.dist_before as f64
        }
    }

    pub fn false_edits_per_1k(&self) -> f64 {
        1000.0 * (self.system_edits - self.correct_edits) as f64 / self.tokens.max(1) as f64
    }

    /// score.py's line: `tokens=… gold_edits=… … false_edits_per_1k_words=…`.
    pub fn line(&self) -> String {
        format!(
            "tokens={} gold_edits={} system_edits={} correct_edits={} dist_before={} dist_after={} precision={} \
             recall={} f1={} error_reduction={} false_edits_per_1k_words={}",
            self.tokens,
            self.gold_edits,
            self.system_edits,
            self.correct_edits,
            self.dist_before,
            self.dist_after,
            py_round(self.precision(), 4),
            py_round(self.recall(), 4),
            py_round(self.f1(), 4),
            py_round(self.error_reduction(), 4),
            py_round(self.false_edits_per_1k(), 3)
        )
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "tokens": self.tokens, "gold_edits": self.gold_edits, "system_edits": self.system_edits,
            "correct_edits": self.correct_edits, "dist_before": self.dist_before, "dist_after": self.dist_after,
            "precision": round(self.precision(), 4), "recall": round(self.recall(), 4), "f1": round(self.f1(), 4),
            "error_reduction": round(self.error_reduction(), 4),
            "false_edits_per_1k_words": round(self.false_edits_per_1k(), 3),
        })
    }
}

/// Counts on clean text, where every edit is false.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CleanCounts {
    pub tokens: usize,
    pub system_edits: usize,
}

impl CleanCounts {
    pub fn add(&mut self, o: &CleanCounts) {
        self.tokens += o.tokens;
        self.system_edits += o.system_edits;
    }

    pub fn false_edits_per_1k(&self) -> f64 {
        1000.0 * self.system_edits as f64 / self.tokens.max(1) as f64
    }

    pub fn line(&self) -> String {
        format!(
            "tokens={} system_edits={} false_edits_per_1k_words={}",
            self.tokens,
            self.system_edits,
            py_round(self.false_edits_per_1k(), 3)
        )
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({"tokens": self.tokens, "system_edits": self.system_edits,
            "false_edits_per_1k_words": round(self.false_edits_per_1k(), 3)})
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

/// A rounded float as Python prints it ("0.9", "1.0", "17.544").
fn py_round(x: f64, digits: i32) -> String {
    let r = round(x, digits);
    if r.fract() == 0.0 {
        format!("{r:.1}")
    } else {
        format!("{r}")
    }
}

/// Scores `output` (the system's repair of `spun`) against `gold`, line by line when the three
/// have the same number of lines, else as whole documents.
pub fn score_gold(spun: &str, gold: &str, output: &str) -> GoldCounts {
    let (s, g, o): (Vec<&str>, Vec<&str>, Vec<&str>) =
        (spun.split('\n').collect(), gold.split('\n').collect(), output.split('\n').collect());
    let joined;
    let triples: Vec<(&str, &str, &str)> = if s.len() == g.len() && g.len() == o.len() {
        s.into_iter().zip(g).zip(o).map(|((a, b), c)| (a, b, c)).collect()
    } else {
        joined = (spun.replace('\n', " "), gold.replace('\n', " "), output.replace('\n', " "));
        vec![(joined.0.as_str(), joined.1.as_str(), joined.2.as_str())]
    };
    let mut r = GoldCounts::default();
    for (a, b, c) in triples {
        let (ta, tb, tc) = (tokens(a), tokens(b), tokens(c));
        let (ge, se) = (edit_set(&ta, &tb), edit_set(&ta, &tc));
        r.tokens += ta.len();
        r.gold_edits += ge.len();
        r.system_edits += se.len();
        r.correct_edits += ge.intersection(&se).count();
        r.dist_before += distance(&ta, &tb);
        r.dist_after += distance(&tc, &tb);
    }
    r
}

/// Counts the edits `output` makes to a clean `original`.
pub fn score_clean(original: &str, output: &str) -> CleanCounts {
    let (a, c): (Vec<&str>, Vec<&str>) = (original.split('\n').collect(), output.split('\n').collect());
    let joined;
    let pairs: Vec<(&str, &str)> = if a.len() == c.len() {
        a.into_iter().zip(c).collect()
    } else {
        joined = (original.replace('\n', " "), output.replace('\n', " "));
        vec![(joined.0.as_str(), joined.1.as_str())]
    };
    let mut r = CleanCounts::default();
    for (x, y) in pairs {
        let (tx, ty) = (tokens(x), tokens(y));
        r.tokens += tx.len();
        r.system_edits += edit_set(&tx, &ty).len();
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(a: &str, b: &str) -> Vec<(&'static str, usize, usize, usize, usize)> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        opcodes(&a, &b).into_iter().map(|o| (o.tag, o.a.start, o.a.end, o.b.start, o.b.end)).collect()
    }

    #[test]
    fn opcodes_match_difflib() {
        // Expected values printed by Python's difflib.SequenceMatcher(None, a, b, autojunk=False).
        assert_eq!(
            ops("qabxcd", "abycdf"),
            vec![
                ("delete", 0, 1, 0, 0),
                ("equal", 1, 3, 0, 2),
                ("replace", 3, 4, 2, 3),
                ("equal", 4, 6, 3, 5),
                ("insert", 6, 6, 5, 6)
            ]
        );
        assert_eq!(ops("abab", "baba"), vec![("insert", 0, 0, 0, 1), ("equal", 0, 3, 1, 4), ("delete", 3, 4, 4, 4)]);
        assert_eq!(ops("", "ab"), vec![("insert", 0, 0, 0, 2)]);
    }

    #[test]
    fn tokens_match_the_scorer_pattern() {
        assert_eq!(
            tokens("ISIS-K’s non-public 1,200 rock- x_y"),
            vec!["ISIS-K’s", "non-public", "1", ",", "200", "rock", "-", "x_y"]
        );
    }

    #[test]
    fn adjacent_changes_are_one_edit() {
        let s = score_gold("a few attainable plots", "about a possible plots", "about a possible plots");
        // difflib keeps the first "a" and pairs the rest: two gold edits, as score.py counts them.
        assert_eq!((s.gold_edits, s.correct_edits, s.dist_before), (2, 2, 3));
        let s = score_gold("a few attainable plots", "about a possible plots", "a few possible plots");
        assert_eq!((s.correct_edits, s.dist_after), (0, 2));
        assert_eq!(py_round(s.error_reduction(), 4), "0.3333");
    }

    #[test]
    fn levenshtein() {
        assert_eq!(distance(&["a", "b", "c"], &["a", "c"]), 1);
        assert_eq!(distance::<&str>(&[], &["x", "y"]), 2);
    }
}
