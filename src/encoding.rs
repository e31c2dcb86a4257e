//! Turning raw input bytes into text, never silently losing a byte.
//!
//! Valid UTF-8 is taken as is. Otherwise the likely encoding is assumed and reported in
//! [`Decoded::assumed`]: UTF-16 with a byte-order mark; UTF-8 with a few stray bytes (each read
//! as the windows-1252 character of that byte, so nothing is lost); windows-1252 when bytes
//! 0x80..0x9F (its curly quotes and dashes) occur; Latin-1 otherwise.

use crate::normalize::CodePage;

/// Text decoded from bytes, with the assumption made if it was not plain UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// `None` for valid UTF-8; otherwise what was assumed (e.g. "windows-1252").
    pub assumed: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Looks like a binary file (NUL bytes): skip it.
    Binary { offset: usize },
    /// Not valid UTF-8 and no other encoding could be assumed safely.
    InvalidUtf8 { offset: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { offset } => write!(f, "binary file (NUL byte at offset {offset}), skipped"),
            DecodeError::InvalidUtf8 { offset } => write!(f, "not valid UTF-8 (byte offset {offset})"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes file contents: binary data is refused, valid UTF-8 is taken as is, anything else is
/// decoded with the likeliest encoding, which is reported.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(decoded) = decode_utf16_with_bom(bytes) {
        return Ok(decoded);
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(offset) = memchr::memchr(0, head) {
        return Err(DecodeError::Binary { offset });
    }
    let first_error = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(Decoded { text: s.to_string(), assumed: None }),
        Err(e) => e.valid_up_to(),
    };
    let (multibyte, invalid) = utf8_census(bytes);
    if multibyte > 0 && invalid <= multibyte {
        let text = decode_utf8_with_strays(bytes);
        let assumed = format!(
            "UTF-8 with {invalid} invalid byte{} (first at offset {first_error}) read as windows-1252",
            if invalid == 1 { "" } else { "s" }
        );
        return Ok(Decoded { text, assumed: Some(assumed) });
    }
    // Bytes 0x80..0x9F are controls in Latin-1 but punctuation in windows-1252.
    let page = if bytes.iter().any(|b| (0x80..=0x9f).contains(b)) { CodePage::Windows1252 } else { CodePage::Latin1 };
    Ok(Decoded { text: page.decode(bytes), assumed: Some(page.name().to_string()) })
}

/// Counts well-formed multi-byte UTF-8 sequences and bytes that are not part of one.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let (mut multibyte, mut invalid) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                return (multibyte, invalid);
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                // SAFETY-free: the prefix is valid UTF-8 by construction.
                multibyte += std::str::from_utf8(valid).map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                let bad = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                invalid += bad;
                rest = &rest[e.valid_up_to() + bad..];
            }
        }
    }
}

/// UTF-8 in which each byte that is not part of a valid sequence is read as windows-1252.
fn decode_utf8_with_strays(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 16);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len());
                out.extend(after[..bad].iter().map(|&b| CodePage::Windows1252.decode_byte(b)));
                rest = &after[bad..];
            }
        }
    }
}

/// UTF-16 announced by a byte-order mark (which is dropped). Unpaired surrogates and an odd
/// final byte become U+FFFD, and the report says how many.
fn decode_utf16_with_bom(bytes: &[u8]) -> Option<Decoded> {
    let (name, little) = match bytes {
        [0xff, 0xfe, ..] => ("UTF-16LE", true),
        [0xfe, 0xff, ..] => ("UTF-16BE", false),
        _ => return None,
    };
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut replaced = 0;
    let mut text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                replaced += 1;
                '\u{fffd}'
            })
        })
        .collect();
    if body.len() % 2 == 1 {
        text.push('\u{fffd}');
        replaced += 1;
    }
    let assumed = if replaced == 0 {
        format!("{name} (byte-order mark)")
    } else {
        format!("{name} (byte-order mark; {replaced} undecodable unit(s) replaced with U+FFFD)")
    };
    Some(Decoded { text, assumed: Some(assumed) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assumed(bytes: &[u8]) -> Option<String> {
        decode(bytes).unwrap().assumed
    }

    #[test]
    fn decode_table() {
        assert_eq!(decode(b"plain").unwrap().text, "plain");
        assert_eq!(decode("\u{feff}bom kept".as_bytes()).unwrap().text, "\u{feff}bom kept");
        assert_eq!(decode(b"ab\0cd"), Err(DecodeError::Binary { offset: 2 }));
        assert_eq!(decode(b"caf\xe9 cr\xe8me").unwrap().text, "café crème");
        assert_eq!(assumed(b"caf\xe9"), Some("latin-1".into()));
        assert_eq!(decode(b"\x93quoted\x94 it\x92s").unwrap().text, "“quoted” it’s");
        assert_eq!(assumed(b"\x93quoted\x94"), Some("windows-1252".into()));
    }

    #[test]
    fn utf8_with_a_stray_byte_keeps_every_byte() {
        let d = decode(
            "naïve café and a stray \u{e9}: "
                .as_bytes()
                .iter()
                .copied()
                .chain(*b"\xe9!")
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap();
        assert_eq!(d.text, "naïve café and a stray é: é!");
        assert!(d.assumed.unwrap().starts_with("UTF-8 with 1 invalid byte"));
    }

    #[test]
    fn utf16_with_bom() {
        let le: Vec<u8> = [0xff, 0xfe].into_iter().chain("héllo".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "héllo");
        assert_eq!(d.assumed.as_deref(), Some("UTF-16LE (byte-order mark)"));
        let be: Vec<u8> = [0xfe, 0xff].into_iter().chain("ok".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&be).unwrap().text, "ok");
        let odd = [0xff, 0xfe, b'a', 0, b'b'];
        assert_eq!(decode(&odd).unwrap().text, "a\u{fffd}");
    }
}
