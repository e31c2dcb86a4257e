//! Fullwidth forms of ASCII (and the ideographic space) in Latin text, made normal width.
//!
//! Off by default: in Chinese or Japanese text fullwidth punctuation is the norm.

/// The normal-width character for a fullwidth one.
pub fn narrow(ch: char) -> Option<char> {
    match ch {
        '\u{3000}' => Some(' '),
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(ch as u32 - 0xff01 + 0x21),
        '\u{ffe0}' => Some('¢'),
        '\u{ffe1}' => Some('£'),
        '\u{ffe2}' => Some('¬'),
        '\u{ffe3}' => Some('¯'),
        '\u{ffe4}' => Some('¦'),
        '\u{ffe5}' => Some('¥'),
        '\u{ffe6}' => Some('₩'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn narrows_fullwidth_ascii() {
        let fix = |s: &str| s.chars().map(|c| super::narrow(c).unwrap_or(c)).collect::<String>();
        assert_eq!(fix("ＬＯＵＤ　ＮＯＩＳＥＳ，ok"), "LOUD NOISES,ok");
    }
}
