//! Turning raw input bytes into text, never silently losing a byte.

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

/// Decodes file contents: binary data is refused, valid UTF-8 is taken as is.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(offset) = memchr::memchr(0, head) {
        // UTF-16 text has NULs too; it is recognised by its BOM by the normalize issue's decoder.
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded { text: s.to_string(), assumed: None }),
        Err(e) => Err(DecodeError::InvalidUtf8 { offset: e.valid_up_to() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_table() {
        assert_eq!(decode(b"plain").unwrap().text, "plain");
        assert_eq!(decode("\u{feff}bom kept".as_bytes()).unwrap().text, "\u{feff}bom kept");
        assert_eq!(decode(b"ab\0cd"), Err(DecodeError::Binary { offset: 2 }));
        assert_eq!(decode(b"ab\xffcd"), Err(DecodeError::InvalidUtf8 { offset: 2 }));
    }
}
