//! The evidence behind a spin proposal, written out as its reason.
//!
//! Only the proposed candidate's notes are written, and they are written without the formatting
//! machinery: `{:?}` escapes a string character by character and `{:.2}` takes the exact-decimal
//! route for every float; together they cost about a tenth of the stage on heavily spun text.
//! [`push_quoted`] and [`push_fixed`] write the same bytes as those formats (a test checks them
//! against `format!`), falling back to `format!` in the cases they do not handle.

use std::fmt::Write;

/// One piece of evidence behind a candidate's score.
pub(super) enum Note<'a> {
    Prior(f32),
    Condition(&'a crate::condition::Condition),
    /// The article before the hit does not fit the original's first word.
    ArticleMisfit {
        article: &'static str,
        original: String,
    },
    /// The article breaks the rule with the rendering and fits the original.
    ArticleBreak {
        article: &'static str,
        spun: String,
        original: String,
    },
    BaseRate(f64),
    /// The original occurs untouched in the document more often than chance survivors explain.
    Untouched {
        original: &'a str,
        present: usize,
        survivors: f64,
        renderings: usize,
        penalty: f64,
    },
    LmMargin {
        margin: f64,
        term: f64,
    },
    /// A negative margin left out: the model cannot judge the candidate's joins.
    LmUnjudged(f64),
}

impl Note<'_> {
    fn push_to(&self, out: &mut String) {
        match self {
            Note::Prior(p) => {
                out.push_str("prior ");
                push_fixed(out, f64::from(*p), 2, false);
            }
            Note::Condition(c) => {
                let _ = write!(out, "condition {c} holds");
            }
            Note::ArticleMisfit { article, original } => {
                push_quoted(out, article);
                out.push_str(" before it does not fit ");
                push_quoted(out, original);
                out.push_str(" (-4)");
            }
            Note::ArticleBreak { article, spun, original } => {
                push_quoted(out, article);
                out.push(' ');
                push_quoted(out, spun);
                out.push_str(" breaks the article rule, ");
                push_quoted(out, original);
                out.push_str(" fits it (+2)");
            }
            Note::BaseRate(term) => {
                out.push_str("base rate ");
                push_fixed(out, *term, 1, true);
            }
            Note::Untouched { original, present, survivors, renderings, penalty } => {
                push_quoted(out, original);
                out.push_str(" occurs ");
                push_uint(out, *present as u64);
                out.push_str("x untouched in the document");
                if *survivors > 0.05 {
                    out.push_str(", ");
                    push_fixed(out, *survivors, 1, false);
                    out.push_str(" expected from ");
                    push_uint(out, *renderings as u64);
                    out.push_str(" renderings");
                }
                out.push_str(" (");
                push_fixed(out, *penalty, 1, true);
                out.push(')');
            }
            Note::LmMargin { margin, term } => {
                out.push_str("LM context margin ");
                push_fixed(out, *margin, 2, true);
                out.push_str(" log10 (");
                push_fixed(out, *term, 1, true);
                out.push(')');
            }
            Note::LmUnjudged(margin) => {
                out.push_str("LM context margin ");
                push_fixed(out, *margin, 2, true);
                out.push_str(" log10 (not counted: the model cannot judge its joins)");
            }
        }
    }
}

/// The start of the reasons of an entry's proposals, up to the notes that depend on the entry
/// alone (`head_notes`: its prior and condition): written once per entry, not per proposal
/// (the condition went through `fmt` each time).
pub(super) fn map_reason_head(source: &str, spun: &str, original: &str, head_notes: &[Note]) -> String {
    let mut out = String::with_capacity(128);
    out.push_str("spinner map (");
    out.push_str(if source.is_empty() { "unattributed" } else { source });
    out.push_str("): ");
    push_quoted(&mut out, spun);
    out.push_str(" renders ");
    push_quoted(&mut out, original);
    for n in head_notes {
        out.push_str("; ");
        n.push_to(&mut out);
    }
    out
}

/// The reason of a proposal from the spinner map: its entry's [`map_reason_head`], then `notes`.
pub(super) fn map_reason(head: &str, notes: &[Note], doc_score: f64) -> String {
    let mut out = String::with_capacity(head.len() + 128);
    out.push_str(head);
    for n in notes {
        out.push_str("; ");
        n.push_to(&mut out);
    }
    out.push_str("; document spin score ");
    push_fixed(&mut out, doc_score, 2, false);
    out
}

/// `s` as `{:?}` writes it.
fn push_quoted(out: &mut String, s: &str) {
    if s.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        let _ = write!(out, "{s:?}");
    }
}

/// `x` as `{:.N}` (or `{:+.N}` when `plus`) writes it, for `decimals` N of 1 or 2.
fn push_fixed(out: &mut String, x: f64, decimals: u32, plus: bool) {
    let unit: u64 = match decimals {
        1 => 10,
        2 => 100,
        _ => 0,
    };
    let scaled = x.abs() * unit as f64;
    // Within a millionth of a tie the float product may round differently from the exact decimal
    // value `format!` rounds (half to even): leave those, and large or odd values, to it.
    // (Integer conversions rather than `fract` and `round`, which are library calls here.)
    let whole = if scaled < 1e12 { scaled as u64 } else { 0 };
    let tie_distance = (scaled - whole as f64 - 0.5).abs();
    if !x.is_finite() || scaled >= 1e12 || tie_distance < 1e-6 || unit == 0 {
        let d = decimals as usize;
        let _ = if plus { write!(out, "{x:+.d$}") } else { write!(out, "{x:.d$}") };
        return;
    }
    let n = (scaled + 0.5) as u64;
    if x.is_sign_negative() {
        out.push('-');
    } else if plus {
        out.push('+');
    }
    push_uint(out, n / unit);
    out.push('.');
    let frac = n % unit;
    let mut digit = unit / 10;
    while digit > 0 {
        out.push(char::from(b'0' + (frac / digit % 10) as u8));
        digit /= 10;
    }
}

/// `n` in decimal.
fn push_uint(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_matches_format() {
        let mut values =
            vec![0.0, -0.0, 0.05, 0.15, 0.25, 0.125, 0.005, 0.015, -0.045, 1.0, -3.0, 2.675, 1e-9, -1e-9, 99.995];
        values.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e15, -1e13]);
        // A deterministic spread of ordinary values.
        let mut v = 0.123_456_789_f64;
        for _ in 0..20_000 {
            v = (v * 7.331 + 0.917).fract();
            values.push((v - 0.5) * 20.0);
            values.push(f64::from((v * 1000.0).round() as f32 / 1000.0));
        }
        for x in values {
            for (d, plus) in [(1, false), (1, true), (2, false), (2, true)] {
                let mut ours = String::new();
                push_fixed(&mut ours, x, d, plus);
                let want = if plus { format!("{x:+.*}", d as usize) } else { format!("{x:.*}", d as usize) };
                assert_eq!(ours, want, "{x:e} d={d} plus={plus}");
            }
        }
    }

    #[test]
    fn quoting_matches_debug() {
        for s in ["said", "live performance", "ISIS-Okay", "it's", "say \"x\"", "back\\slash", "café", "tab\there", ""]
        {
            let mut ours = String::new();
            push_quoted(&mut ours, s);
            assert_eq!(ours, format!("{s:?}"));
        }
    }
}
