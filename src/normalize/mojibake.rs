//! Mojibake repair: text that was UTF-8 but got decoded with a single-byte code page (sometimes
//! more than once) is re-encoded with that page and decoded as UTF-8 again, until it stops
//! looking like mojibake.
//!
//! The strategy is ftfy's (Robyn Speer, Apache-2.0), reimplemented: a line is only touched when
//! the [`is_bad`](super::badness::is_bad) heuristic fires; each step tries the code pages in
//! order of likelihood, putting back no-break spaces turned into spaces and bytes a lossy decoder
//! lost; when the whole line does not decode, runs that look like UTF-8 mojibake inside good
//! text are repaired on their own; C1 controls are read as windows-1252.

use super::badness::{is_bad, is_c1};
use super::codepage::CodePage;
use super::transcode::{decode_utf8_variants, has_altered_utf8, replace_lossy_sequences, restore_byte_a0};
use std::fmt;

/// One step of a repair, for the edit's reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The text was re-encoded in this page (it had been decoded with it).
    Encode(CodePage),
    /// No-break spaces that had become spaces were put back.
    RestoreNoBreakSpace,
    /// UTF-8 sequences missing bytes became U+FFFD.
    ReplaceLossy,
    /// The bytes were decoded as UTF-8 (or CESU-8).
    DecodeUtf8,
    /// Runs of mojibake inside otherwise good text were repaired on their own.
    InconsistentUtf8,
    /// Latin-1 text that was meant as windows-1252 (C1 controls that are punctuation).
    Latin1AsWindows1252,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Encode(page) => write!(f, "encode as {}", page.name()),
            Step::RestoreNoBreakSpace => f.write_str("restore no-break spaces"),
            Step::ReplaceLossy => f.write_str("mark lost bytes as U+FFFD"),
            Step::DecodeUtf8 => f.write_str("decode as UTF-8"),
            Step::InconsistentUtf8 => f.write_str("repair embedded UTF-8 mojibake"),
            Step::Latin1AsWindows1252 => f.write_str("read C1 controls as windows-1252"),
        }
    }
}

/// Describes a repair plan in one line.
pub fn describe(steps: &[Step]) -> String {
    steps.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Repairs the mojibake in `text` (best one line at a time), returning the text and the steps.
pub fn fix_encoding(text: &str) -> (String, Vec<Step>) {
    if text.is_ascii() || !is_bad(text) {
        return (text.to_string(), Vec::new());
    }
    fix_bad_encoding(text)
}

/// [`fix_encoding`] for text already known to look bad.
pub fn fix_bad_encoding(text: &str) -> (String, Vec<Step>) {
    let mut current = text.to_string();
    let mut known_bad = true;
    let mut plan = Vec::new();
    // Each step removes a layer of encoding; real text has a handful at most.
    for _ in 0..16 {
        match fix_one_step(&current, std::mem::take(&mut known_bad)) {
            Some((fixed, steps)) if fixed != current => {
                plan.extend(steps);
                current = fixed;
            }
            _ => break,
        }
    }
    (current, plan)
}

fn fix_one_step(text: &str, known_bad: bool) -> Option<(String, Vec<Step>)> {
    if !known_bad && (text.is_ascii() || !is_bad(text)) {
        return None;
    }
    let mut latin1_possible = false;
    for page in CodePage::MOJIBAKE_ORDER {
        let Some(mut bytes) = page.encode(text) else { continue };
        latin1_possible |= page == CodePage::Latin1;
        let mut steps = vec![Step::Encode(page)];
        // In MacRoman, a dash and a space would look like an altered sequence.
        if page != CodePage::MacRoman && has_altered_utf8(&bytes) {
            let restored = restore_byte_a0(&bytes);
            if restored != bytes {
                steps.push(Step::RestoreNoBreakSpace);
                bytes = restored;
            }
        }
        if page.is_sloppy() {
            let replaced = replace_lossy_sequences(&bytes);
            if replaced != bytes {
                steps.push(Step::ReplaceLossy);
                bytes = replaced;
            }
        }
        if let Some(fixed) = decode_utf8_variants(&bytes) {
            steps.push(Step::DecodeUtf8);
            return Some((fixed, steps));
        }
    }
    let fixed = decode_inconsistent_utf8(text);
    if fixed != text {
        return Some((fixed, vec![Step::InconsistentUtf8]));
    }
    if latin1_possible || text.chars().any(is_c1) {
        let fixed: String = text.char_indices().map(|(i, ch)| read_c1(text, i, ch).0).collect();
        if fixed != text {
            return Some((fixed, vec![Step::Latin1AsWindows1252]));
        }
    }
    None
}

/// The character a C1 control (U+0080..U+009F, a byte of a single-byte code page read as
/// Latin-1) at byte `i` of `text` stood for, and the page it was read with: windows-1252, except
/// inside a lowercase word where windows-1252 gives punctuation and MacRoman a letter
/// ("tur\u{92}stico" is "turístico", but "it\u{92}s" is "it’s"). Other characters come back as
/// they are.
pub fn read_c1(text: &str, i: usize, ch: char) -> (char, CodePage) {
    if !is_c1(ch) {
        return (ch, CodePage::Windows1252);
    }
    let byte = ch as u8;
    let windows = CodePage::Windows1252.decode_byte(byte);
    let rest = &text[i + ch.len_utf8()..];
    let lower_letter = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && c.is_lowercase());
    let inside_word = lower_letter(text[..i].chars().next_back()) && lower_letter(rest.chars().next());
    if inside_word && !windows.is_alphabetic() && !is_english_contraction(windows, rest) {
        (CodePage::MacRoman.decode_byte(byte), CodePage::MacRoman)
    } else {
        (windows, CodePage::Windows1252)
    }
}

/// Whether `apostrophe` followed by `rest` makes an English contraction ("’s", "’ll", "’ve").
fn is_english_contraction(apostrophe: char, rest: &str) -> bool {
    apostrophe == '\u{2019}'
        && ["s", "t", "d", "m", "ll", "re", "ve"]
            .iter()
            .any(|suffix| rest.strip_prefix(suffix).is_some_and(|after| !after.starts_with(char::is_alphabetic)))
}

// What a character can be in UTF-8 mis-decoded with a Latin-like page.
const FIRST_OF_2: u8 = 1;
const FIRST_OF_3: u8 = 2;
const FIRST_OF_4: u8 = 4;
const CONTINUATION: u8 = 8;
/// A continuation that does not usually stand for itself next to mojibake (so not punctuation
/// or a space): a run after one of these is the tail of a larger garble.
const STRICT_CONTINUATION: u8 = 16;

/// The pages whose mojibake is repaired run by run inside good text: the first seven tried.
const CLUE_PAGES: &[CodePage] = CodePage::MOJIBAKE_ORDER.split_at(7).0;

fn utf8_clues(ch: char) -> u8 {
    if ch == ' ' {
        return CONTINUATION; // it may have been a no-break space
    }
    if ch.is_ascii() {
        return 0;
    }
    let mut flags = 0;
    for &page in CLUE_PAGES {
        flags |= match page.encode_char(ch) {
            Some(0x80..=0xbf) => CONTINUATION | STRICT_CONTINUATION,
            Some(0xc2..=0xdf) => FIRST_OF_2,
            Some(0xe0..=0xef) => FIRST_OF_3,
            Some(0xf0 | 0xf3) => FIRST_OF_4,
            _ => 0,
        };
    }
    if matches!(ch, '–' | '—' | '―' | '‘' | '’' | '‚' | '“' | '”' | '„' | '•' | '…') {
        flags &= !STRICT_CONTINUATION;
    }
    flags
}

/// Length of a run of UTF-8-looking sequences at `chars[0..]`.
fn utf8_run(chars: &[(char, u8)]) -> usize {
    let cont = |i: usize| chars.get(i).is_some_and(|&(_, f)| f & CONTINUATION != 0);
    let mut len = 0;
    while let Some(&(_, flags)) = chars.get(len) {
        let step = if flags & FIRST_OF_2 != 0 && cont(len + 1) {
            2
        } else if flags & FIRST_OF_3 != 0 && (1..=2).all(|k| cont(len + k)) {
            3
        } else if flags & FIRST_OF_4 != 0 && (1..=3).all(|k| cont(len + k)) {
            4
        } else {
            break;
        };
        len += step;
    }
    len
}

/// Repairs runs that look like UTF-8 mojibake inside text that as a whole is not mojibake
/// ("The café said â€œhiâ€\u{9d}" with a real "é").
fn decode_inconsistent_utf8(text: &str) -> String {
    let chars: Vec<(char, u8)> = text.chars().map(|c| (c, utf8_clues(c))).collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let after_garble = i > 0 && chars[i - 1].1 & STRICT_CONTINUATION != 0;
        let len = if after_garble { 0 } else { utf8_run(&chars[i..]) };
        if len == 0 {
            out.push(chars[i].0);
            i += 1;
            continue;
        }
        let run: String = chars[i..i + len].iter().map(|&(c, _)| c).collect();
        if len < chars.len() && is_bad(&run) {
            out.push_str(&fix_bad_encoding(&run).0);
        } else {
            out.push_str(&run);
        }
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        fix_encoding(s).0
    }

    #[test]
    fn repairs_common_mojibake() {
        assert_eq!(fix("cafÃ©"), "café");
        assert_eq!(fix("doesnâ€™t"), "doesn\u{2019}t");
        assert_eq!(
            fix("The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows."),
            "The Mona Lisa doesn’t have eyebrows."
        );
        assert_eq!(fix("voilÃ  le travail"), "voilà le travail");
        assert_eq!(fix("voilÃ le travail"), "voilà le travail");
        assert_eq!(fix("РґРѕСЂРѕРіРµ Р\u{98}Р·-РїРѕРґ #С„СѓС‚Р±РѕР»"), "дороге Из-под #футбол");
        assert_eq!(fix("Hi guys í\u{a0}½í¸\u{8d}"), "Hi guys 😍");
    }

    #[test]
    fn repairs_mojibake_inside_good_text() {
        assert_eq!(fix("l\u{2019}Ã©valuation"), "l\u{2019}évaluation");
    }

    #[test]
    fn reads_c1_controls_as_windows_1252() {
        assert_eq!(fix("parl\u{e9}\u{85} Tu"), "parl\u{e9}\u{2026} Tu");
        assert_eq!(fix("it\u{92}s \u{93}done\u{94}"), "it\u{2019}s \u{201c}done\u{201d}");
    }

    #[test]
    fn reads_c1_controls_inside_words_as_macroman() {
        assert_eq!(fix("barco tur\u{92}stico"), "barco turístico");
        assert_eq!(fix("Coatl\u{87}n conf\u{92}an"), "Coatlán confían");
        assert_eq!(fix("we\u{92}ll don\u{92}t"), "we\u{2019}ll don\u{2019}t");
    }

    #[test]
    fn leaves_good_text_alone() {
        for s in ["café crème", "He said “no” — and left…", "NESTLÉ®", "Ελληνικά", "├┤a┼┐a┼┐a"]
        {
            assert_eq!(fix(s), s);
        }
    }
}
