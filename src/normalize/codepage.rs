//! The single-byte code pages that UTF-8 text is commonly mis-decoded with, in both directions.
//!
//! The windows-125x pages are "sloppy": bytes a page leaves undefined stand for the C1 code
//! point with the same number, as in web browsers, and byte 0x1A stands for U+FFFD, the mark a
//! lossy decoder left where it could not decode a byte. That lets text which went through such a
//! decoder be re-encoded at all (see `transcode::replace_lossy_sequences`).

use super::codepage_tables as tables;
use std::sync::OnceLock;

/// A single-byte code page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodePage {
    Latin1,
    Windows1250,
    Windows1251,
    Windows1252,
    Windows1253,
    Windows1254,
    Windows1257,
    Iso8859_2,
    MacRoman,
    Cp437,
}

/// The replacement character, which sloppy pages encode as byte 0x1A (SUBSTITUTE).
const REPLACEMENT: char = '\u{fffd}';
const SUBSTITUTE: u8 = 0x1a;

impl CodePage {
    /// The order in which mojibake repair tries the pages: the most common confusions first.
    pub const MOJIBAKE_ORDER: [CodePage; 10] = [
        CodePage::Latin1,
        CodePage::Windows1252,
        CodePage::Windows1251,
        CodePage::Windows1250,
        CodePage::Windows1253,
        CodePage::Windows1254,
        CodePage::Windows1257,
        CodePage::Iso8859_2,
        CodePage::MacRoman,
        CodePage::Cp437,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CodePage::Latin1 => "latin-1",
            CodePage::Windows1250 => "windows-1250",
            CodePage::Windows1251 => "windows-1251",
            CodePage::Windows1252 => "windows-1252",
            CodePage::Windows1253 => "windows-1253",
            CodePage::Windows1254 => "windows-1254",
            CodePage::Windows1257 => "windows-1257",
            CodePage::Iso8859_2 => "iso-8859-2",
            CodePage::MacRoman => "macroman",
            CodePage::Cp437 => "cp437",
        }
    }

    /// Sloppy pages map undefined bytes to C1 controls and 0x1A to U+FFFD.
    pub fn is_sloppy(self) -> bool {
        matches!(
            self,
            CodePage::Windows1250
                | CodePage::Windows1251
                | CodePage::Windows1252
                | CodePage::Windows1253
                | CodePage::Windows1254
                | CodePage::Windows1257
        )
    }

    fn upper_half(self) -> &'static [u16; 128] {
        match self {
            CodePage::Latin1 => &tables::LATIN_1,
            CodePage::Windows1250 => &tables::WINDOWS_1250,
            CodePage::Windows1251 => &tables::WINDOWS_1251,
            CodePage::Windows1252 => &tables::WINDOWS_1252,
            CodePage::Windows1253 => &tables::WINDOWS_1253,
            CodePage::Windows1254 => &tables::WINDOWS_1254,
            CodePage::Windows1257 => &tables::WINDOWS_1257,
            CodePage::Iso8859_2 => &tables::ISO_8859_2,
            CodePage::MacRoman => &tables::MAC_ROMAN,
            CodePage::Cp437 => &tables::CP437,
        }
    }

    /// The character byte `b` stands for.
    pub fn decode_byte(self, b: u8) -> char {
        if b == SUBSTITUTE && self.is_sloppy() {
            REPLACEMENT
        } else if b < 0x80 {
            char::from(b)
        } else {
            // Every table entry is a valid BMP scalar value (checked by a test).
            char::from_u32(u32::from(self.upper_half()[usize::from(b - 0x80)])).unwrap_or(REPLACEMENT)
        }
    }

    /// The byte that stands for `c`, if the page has one.
    pub fn encode_char(self, c: char) -> Option<u8> {
        if c.is_ascii() {
            // In sloppy pages 0x1A means U+FFFD, so a literal U+001A cannot be told apart from it.
            return (!(c == '\u{1a}' && self.is_sloppy())).then_some(c as u8);
        }
        if c == REPLACEMENT && self.is_sloppy() {
            return Some(SUBSTITUTE);
        }
        let enc = encoders();
        let key = c as usize;
        if key < DIRECT {
            // 0 is never the byte of a non-ASCII character: it means "none".
            return Some(enc.direct[self as usize * DIRECT + key]).filter(|&b| b != 0);
        }
        let table = &enc.sorted[self as usize];
        table.binary_search_by_key(&(key as u32), |&(ch, _)| ch).ok().map(|i| table[i].1)
    }

    /// Encodes `text` in this page, or `None` when some character has no byte here.
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            out.push(self.encode_char(c)?);
        }
        Some(out)
    }

    /// Whether every character of `text` has a byte in this page.
    pub fn can_encode(self, text: &str) -> bool {
        text.chars().all(|c| self.encode_char(c).is_some())
    }

    /// Decodes bytes: every byte has a character, so this cannot fail.
    pub fn decode(self, bytes: &[u8]) -> String {
        bytes.iter().map(|&b| self.decode_byte(b)).collect()
    }
}

/// Characters below this are encoded by direct lookup; the rest by binary search.
const DIRECT: usize = 0x2600;

struct Encoders {
    /// Per page, the byte of each character below `DIRECT` (0 for none).
    direct: Vec<u8>,
    /// Per page, (character, byte) for the upper half, sorted by character.
    sorted: [Vec<(u32, u8)>; 10],
}

fn encoders() -> &'static Encoders {
    static ENCODERS: OnceLock<Encoders> = OnceLock::new();
    ENCODERS.get_or_init(|| {
        let mut enc = Encoders { direct: vec![0; 10 * DIRECT], sorted: Default::default() };
        for page in CodePage::MOJIBAKE_ORDER {
            let mut v: Vec<(u32, u8)> =
                page.upper_half().iter().enumerate().map(|(i, &c)| (u32::from(c), 0x80 + i as u8)).collect();
            v.sort_unstable();
            for &(c, b) in &v {
                if (c as usize) < DIRECT {
                    enc.direct[page as usize * DIRECT + c as usize] = b;
                }
            }
            enc.sorted[page as usize] = v;
        }
        enc
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_round_trips_every_byte() {
        for page in CodePage::MOJIBAKE_ORDER {
            for b in (0..=255u8).filter(|&b| b != SUBSTITUTE) {
                let c = page.decode_byte(b);
                assert_ne!(c, REPLACEMENT, "{} byte {b:#x}", page.name());
                assert_eq!(page.encode_char(c), Some(b), "{} byte {b:#x}", page.name());
            }
        }
    }

    #[test]
    fn sloppy_pages_map_substitute_to_replacement() {
        assert_eq!(CodePage::Windows1252.decode_byte(SUBSTITUTE), REPLACEMENT);
        assert_eq!(CodePage::Windows1252.encode_char(REPLACEMENT), Some(SUBSTITUTE));
        assert_eq!(CodePage::Windows1252.encode_char('\u{1a}'), None);
        assert_eq!(CodePage::Latin1.encode_char('\u{1a}'), Some(SUBSTITUTE));
    }

    #[test]
    fn known_characters() {
        assert_eq!(CodePage::Windows1252.decode(b"\xe2\x80\x99"), "\u{e2}\u{20ac}\u{2122}");
        assert_eq!(CodePage::Windows1252.decode_byte(0x81), '\u{81}');
        assert_eq!(CodePage::Windows1251.decode_byte(0xd0), '\u{420}');
        assert_eq!(CodePage::MacRoman.decode_byte(0xd5), '\u{2019}');
        assert_eq!(CodePage::Cp437.decode_byte(0xc4), '\u{2500}');
        assert_eq!(CodePage::Latin1.encode("caf\u{e9}"), Some(b"caf\xe9".to_vec()));
        assert_eq!(CodePage::Latin1.encode("\u{2019}"), None);
    }
}
