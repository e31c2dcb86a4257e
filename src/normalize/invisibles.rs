//! Invisible characters that break words for search and spelling: soft hyphens, zero-width
//! spaces, word joiners and stray byte-order marks.
//!
//! Zero-width joiners and non-joiners are kept (emoji sequences, Persian and Indic scripts need
//! them), as are bidirectional marks.

/// What an invisible character is, if it is one to remove.
pub fn name(ch: char) -> Option<&'static str> {
    Some(match ch {
        '\u{ad}' => "soft hyphen",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{200b}' => "zero-width space",
        '\u{2060}' => "word joiner",
        '\u{feff}' => "byte-order mark",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_joiners() {
        assert_eq!(super::name('\u{200b}'), Some("zero-width space"));
        assert_eq!(super::name('\u{200d}'), None);
        assert_eq!(super::name('\u{200c}'), None);
    }
}
