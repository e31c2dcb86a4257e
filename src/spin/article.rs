//! The indefinite article as evidence: a spinner swaps words but never fixes "a"/"an", so
//! "a uncommon" or "an knowledgeable" betray a substitution, and a candidate original must agree
//! with the article written before it.

/// Whether `word` (lowercase) is written with "an" rather than "a". Spelling-based, with the
/// common exceptions ("a union", "a one-off", "an hour").
pub fn takes_an(word: &str) -> bool {
    const YOO: [&str; 14] =
        ["uni", "use", "usu", "uti", "ure", "uro", "ura", "ubiq", "eu", "ewe", "one", "once", "uk", "ufo"];
    const SILENT_H: [&str; 4] = ["hour", "honest", "honor", "heir"];
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    match w.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => !YOO.iter().any(|p| w.starts_with(p)),
        Some('h') => SILENT_H.iter().any(|p| w.starts_with(p)),
        // "an 8-year-old", "an 11th": digits are rare enough here to ignore.
        _ => false,
    }
}

/// The article written right before byte `start` of `text` ("a" or "an", any case), if any.
pub fn article_before(text: &str, start: usize) -> Option<&'static str> {
    let before = text[..start].trim_end_matches([' ', '\t']);
    if before.len() == text[..start].len() {
        return None; // not separated by a space
    }
    let word_start =
        before.char_indices().rev().find(|&(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    match &before[word_start..] {
        "a" | "A" => Some("a"),
        "an" | "An" => Some("an"),
        _ => None,
    }
}

/// Whether `word` after `article` breaks the a/an rule (only lowercase words: names and
/// acronyms have their own pronunciations).
pub fn breaks(article: &str, word: &str) -> bool {
    if !word.chars().next().is_some_and(|c| c.is_lowercase()) {
        return false;
    }
    takes_an(word) != (article == "an")
}

/// One pass over `text`: the number of whitespace-separated words, and the article/word pairs
/// that break the a/an rule ("a uncommon"). Works on the raw text so that the pipeline need not
/// tokenize documents the spin stage leaves alone; every document passes through here, so the
/// loop reads bytes and decodes only non-ASCII characters.
pub fn scan(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut words, mut broken) = (0, 0);
    let mut after_article: Option<&str> = None;
    let mut i = 0;
    while i < bytes.len() {
        match BYTE_KIND[usize::from(bytes[i])] {
            SPACE => {
                i += 1;
                continue;
            }
            OTHER if !is_space_char(text, i) => {}
            OTHER => {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < bytes.len() {
            // Eight bytes at a time to the first one that may end the word: ASCII up to the space
            // (whitespace and control characters) or non-ASCII (possibly a Unicode space).
            if let Some(chunk) = bytes.get(i..i + 8) {
                const ONES: u64 = 0x0101_0101_0101_0101;
                let v = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                let stop = ((v.wrapping_sub(ONES * 0x21) & !v) | v) & (ONES * 0x80);
                if stop == 0 {
                    i += 8;
                    continue;
                }
                // The lowest flagged byte is a true one (borrows only run upwards).
                i += (stop.trailing_zeros() / 8) as usize;
            }
            match BYTE_KIND[usize::from(bytes[i])] {
                WORD => i += 1,
                SPACE => break,
                _ if is_space_char(text, i) => break,
                _ => i += 1,
            }
        }
        let w = &text[start..i];
        words += 1;
        if let Some(art) = after_article {
            let word =
                w.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’')).next().unwrap_or("");
            if !word.is_empty() && breaks(art, word) {
                broken += 1;
            }
        }
        after_article = match w {
            "a" | "A" => Some("a"),
            "an" | "An" => Some("an"),
            _ => None,
        };
    }
    (words, broken)
}

/// Byte kinds for [`scan`]: ASCII whitespace (as `char::is_whitespace`), other ASCII, and the lead
/// bytes of non-ASCII characters (which may be Unicode spaces: decoded when met).
const WORD: u8 = 0;
const SPACE: u8 = 1;
const OTHER: u8 = 2;
const BYTE_KIND: [u8; 256] = {
    let mut t = [WORD; 256];
    let mut b = 0x80;
    while b < 0x100 {
        // Continuation bytes are never looked at alone: a lead byte's character is decoded whole.
        t[b] = if b >= 0xC0 { OTHER } else { WORD };
        b += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[0x0b] = SPACE;
    t[0x0c] = SPACE;
    t
};

/// Whether the non-ASCII character starting at byte `i` is whitespace.
fn is_space_char(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scan` as its definition: whitespace-separated words, and each "a"/"an" with the word after.
    fn reference_scan(text: &str) -> (usize, usize) {
        let words: Vec<&str> = text.split_whitespace().collect();
        let broken = words
            .windows(2)
            .filter(|w| {
                let art = match w[0] {
                    "a" | "A" => "a",
                    "an" | "An" => "an",
                    _ => return false,
                };
                let word = w[1]
                    .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
                    .next()
                    .unwrap_or("");
                !word.is_empty() && breaks(art, word)
            })
            .count();
        (words.len(), broken)
    }

    proptest::proptest! {
        #[test]
        fn scan_agrees_with_its_definition(
            text in "((a|an|A|An|uncommon|rare|hour|x1|été)[ \t\n\u{a0}\u{2009}\u{3000}\u{1}.,]{1,3}){0,30}"
        ) {
            proptest::prop_assert_eq!(scan(&text), reference_scan(&text));
        }
    }

    #[test]
    fn article_table() {
        let table = [
            ("uncommon", true),
            ("rare", false),
            ("knowledgeable", false),
            ("expert", true),
            ("union", false),
            ("hour", true),
            ("house", false),
            ("one-off", false),
            ("european", false),
            ("umbrella", true),
        ];
        for (w, want) in table {
            assert_eq!(takes_an(w), want, "{w}");
        }
    }

    #[test]
    fn breaks_are_counted_in_text() {
        let text =
            "put out a uncommon alert, an knowledgeable said; an expert and a rare case. A FBI man, a Ukrainian.";
        assert_eq!(scan(text), (19, 2));
    }

    /// The byte loop must count what `split_whitespace` counts, Unicode spaces included.
    #[test]
    fn scan_counts_words_like_split_whitespace() {
        for text in
            ["", " ", "a", "a  uncommon\u{a0}thing\u{2003}x\u{b}y", "  élan\u{3000}an élan\r\n", "\u{85}a\u{85}"]
        {
            assert_eq!(scan(text).0, text.split_whitespace().count(), "{text:?}");
        }
    }

    #[test]
    fn article_before_a_span() {
        let t = "an knowledgeable and a uncommon";
        assert_eq!(article_before(t, 3), Some("an"));
        assert_eq!(article_before(t, 23), Some("a"));
        assert_eq!(article_before(t, 0), None);
        assert_eq!(article_before("banana x", 7), None);
        assert_eq!(article_before("Russia’s a x", 13), Some("a"));
    }
}
