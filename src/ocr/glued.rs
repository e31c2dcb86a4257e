//! Words OCR glued together and misread as well (round 15): "thocounlrj" → "the country",
//! "Bomehundreds" → "some hundreds", "thntso" → "that so", and words glued at an apostrophe
//! ("tho'line" → "the line", "The'river" → "The river").
//!
//! [`Corrector::splits`](super::Corrector) reads an unknown word as two known words written
//! exactly; here a piece may be a misreading, within one learned rewrite of a known word (the
//! real-word search of [`super::candidates`]: the full search, three rewrites and the delete
//! index, for every piece made the stage 45% slower for 0.0007 more error reduction), as long as
//! the other piece is a known word as written, which may itself be a real-word misreading
//! ("tho" for "the"). The readings compete with the word's other readings
//! (channel + priors + context), at the split's cost plus the `split_misread` weight.

use super::{edge_only, is_apostrophe, Corrector};

/// A piece's candidate may be this far (channel cost) from the piece as written.
const PIECE_MAX_CHANNEL: f32 = 12.0;

/// Candidates tried per misread piece, cheapest first.
const PIECE_CANDIDATES: usize = 3;

/// What follows an apostrophe in a contraction or an elision ("don't", "we'll", "e'er"): such a
/// word is not two words glued at the apostrophe.
const CONTRACTION_TAILS: &[&str] = &["s", "t", "ll", "ve", "re", "d", "m", "em", "er", "n", "tis", "twas"];

/// One way to read a glued word as two: the pieces, their channel cost, whether one is misread.
pub(super) struct GluedSplit {
    pub left: String,
    pub right: String,
    pub channel: f32,
    /// One piece is a misreading (not the piece as written).
    pub misread: bool,
}

impl Corrector {
    /// Two-word readings of the unknown lowercase word `lower` beyond [`Corrector::splits`]:
    /// splits at an inner apostrophe, and splits where one piece is misread.
    pub(super) fn glued_splits(&self, lower: &str) -> Vec<GluedSplit> {
        let mut out = Vec::new();
        // Glued at an apostrophe: "tho'line", "as'that" (not "don't", "o'er", "O'Brien").
        if let Some((at, c)) = lower.char_indices().find(|&(_, c)| is_apostrophe(c)) {
            let (left, right) = (&lower[..at], &lower[at + c.len_utf8()..]);
            let elision = left.chars().count() < 2 || CONTRACTION_TAILS.contains(&right) || left == "o";
            if !elision && !right.chars().any(is_apostrophe) && right.chars().count() >= 2 {
                self.pieces(left, right, &mut out, true);
            }
            return out;
        }
        for (at, _) in lower.char_indices().skip(1) {
            self.pieces(&lower[..at], &lower[at..], &mut out, false);
        }
        // "thej" + "analysis" and "the" + "janalysis" are one reading: keep its cheapest way.
        out.sort_by(|a, b| (&a.left, &a.right).cmp(&(&b.left, &b.right)).then(a.channel.total_cmp(&b.channel)));
        out.dedup_by(|b, a| a.left == b.left && a.right == b.right);
        out
    }

    /// The readings of `left` + `right` with a misread piece, at least one piece a known word as
    /// written; with `exact`, also both pieces as written.
    fn pieces(&self, left: &str, right: &str, out: &mut Vec<GluedSplit>, exact: bool) {
        let (l_known, r_known) = (self.splittable(left), self.splittable(right));
        if !l_known && !r_known {
            return;
        }
        let options = |piece: &str, known: bool, side: Side| {
            let mut v: Vec<(String, f32, bool)> = Vec::new();
            if known {
                v.push((piece.to_string(), 0.0, false));
            }
            v.extend(self.piece_candidates(piece, side).into_iter().map(|(w, c)| (w, c, true)));
            v
        };
        let (ls, rs) = (options(left, l_known, Side::Left), options(right, r_known, Side::Right));
        for (l, lc, lm) in &ls {
            for (r, rc, rm) in &rs {
                if (*lm || *rm || exact) && lc + rc <= PIECE_MAX_CHANNEL {
                    out.push(GluedSplit { left: l.clone(), right: r.clone(), channel: lc + rc, misread: *lm || *rm });
                }
            }
        }
    }

    /// The cheapest lexicon words `piece` may be a misreading of (a known piece: its real-word
    /// readings), not only adding or dropping letters at an end, except at the split ("thej" /
    /// "analysis": a speck where the words touch).
    fn piece_candidates(&self, piece: &str, side: Side) -> Vec<(String, f32)> {
        if piece.chars().count() < 2 || !piece.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        let at_split = |w: &str| match side {
            Side::Left => piece.starts_with(w),
            Side::Right => piece.ends_with(w),
        };
        self.candidates(piece, true)
            .iter()
            .filter(|c| c.cost <= PIECE_MAX_CHANNEL && c.word != piece)
            .filter(|c| !edge_only(piece, &c.word) || at_split(&c.word))
            .filter(|c| self.splittable(&c.word))
            .take(PIECE_CANDIDATES)
            .map(|c| (c.word.clone(), c.cost))
            .collect()
    }
}

#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}
