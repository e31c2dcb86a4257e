//! Control characters nobody means to have in text: C1 controls (which are windows-1252
//! punctuation read as Latin-1), ASCII controls other than whitespace, terminal colour escapes,
//! and deprecated or object-replacement format characters.

/// Whether `ch` is a control character to remove: ASCII controls except tab, line feed, form
/// feed and carriage return; DEL; deprecated Arabic format controls (U+206A..U+206F);
/// interlinear annotation marks and the object replacement character (U+FFF9..U+FFFC).
pub fn is_unwanted_control(ch: char) -> bool {
    matches!(ch, '\0'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}' | '\u{206a}'..='\u{206f}' | '\u{fff9}'..='\u{fffc}')
}

/// Length of an ANSI terminal escape ("ESC [ 36;44 m") at the start of `s`.
pub fn terminal_escape_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("\u{1b}[")?;
    let params = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b';').count();
    rest.as_bytes().get(params).filter(|b| b.is_ascii_alphabetic())?;
    Some(2 + params + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_controls() {
        assert!(is_unwanted_control('\u{1a}'));
        assert!(!is_unwanted_control('\n') && !is_unwanted_control('\t'));
        assert_eq!(terminal_escape_len("\u{1b}[36;44mblue"), Some(8));
        assert_eq!(terminal_escape_len("\u{1b}[36;44"), None);
    }
}
