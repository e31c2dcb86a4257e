//! Byte-level steps of mojibake repair: between re-encoding text in a code page and decoding the
//! bytes as UTF-8, put back what a sloppy process changed or lost.

/// Decodes UTF-8, also accepting the two common non-standard variants: CESU-8 (a supplementary
/// character written as two three-byte surrogates, as Java and MySQL's old `utf8` did) and
/// Java's two-byte NUL (C0 80). `None` when the bytes are not (variant) UTF-8.
pub fn decode_utf8_variants(bytes: &[u8]) -> Option<String> {
    if !bytes.iter().any(|&b| b == 0xed || b == 0xc0) {
        return std::str::from_utf8(bytes).ok().map(str::to_owned);
    }
    let mut out = String::with_capacity(bytes.len());
    let mut start = 0; // start of the plain UTF-8 run not yet decoded
    let mut i = 0;
    while i < bytes.len() {
        let special = match bytes[i] {
            0xed => cesu8_pair(&bytes[i..]).map(|ch| (ch, 6)),
            0xc0 if bytes.get(i + 1) == Some(&0x80) => Some(('\0', 2)),
            _ => None,
        };
        match special {
            Some((ch, len)) => {
                out.push_str(std::str::from_utf8(&bytes[start..i]).ok()?);
                out.push(ch);
                i += len;
                start = i;
            }
            None => i += 1,
        }
    }
    out.push_str(std::str::from_utf8(&bytes[start..]).ok()?);
    Some(out)
}

/// A supplementary character written as a CESU-8 surrogate pair at the start of `b`.
fn cesu8_pair(b: &[u8]) -> Option<char> {
    let is_cont = |x: u8| (0x80..=0xbf).contains(&x);
    if b.len() < 6
        || b[0] != 0xed
        || !(0xa0..=0xaf).contains(&b[1])
        || !is_cont(b[2])
        || b[3] != 0xed
        || !(0xb0..=0xbf).contains(&b[4])
        || !is_cont(b[5])
    {
        return None;
    }
    let high = 0xd000 | (u32::from(b[1] & 0x3f) << 6) | u32::from(b[2] & 0x3f);
    let low = 0xd000 | (u32::from(b[4] & 0x3f) << 6) | u32::from(b[5] & 0x3f);
    char::from_u32(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00))
}

/// Continuation bytes that make a likely character after a lead byte, leaving out 0x85 (which
/// stands for "…") and 0xA0 (the byte being restored).
fn is_likely_cont(b: u8) -> bool {
    matches!(b, 0x80..=0x84 | 0x86..=0x9f | 0xa1..=0xbf)
}

fn is_cont(b: u8) -> bool {
    (0x80..=0xbf).contains(&b)
}

/// Length of a UTF-8 sequence at `b` that would be valid if its space were byte A0 (a no-break
/// space that some program turned into a plain space). Only lead bytes that give likely
/// characters are accepted: 2-byte sequences for à, Š, Π, Р, ٠ and U+A0 itself; 3-byte ones
/// for common punctuation and scripts; 4-byte ones for emoji.
fn altered_utf8_at(b: &[u8]) -> Option<usize> {
    let at = |i: usize| b.get(i).copied();
    let first = at(0)?;
    if matches!(first, 0xc2 | 0xc3 | 0xc5 | 0xce | 0xd0 | 0xd9) && at(1) == Some(b' ') {
        return Some(2);
    }
    if matches!(first, 0xe2 | 0xe3) && at(1) == Some(b' ') && at(2).is_some_and(is_likely_cont) {
        return Some(3);
    }
    if (0xe0..=0xe3).contains(&first) && at(1).is_some_and(is_likely_cont) && at(2) == Some(b' ') {
        return Some(3);
    }
    if first == 0xf0 {
        let rest = [at(1)?, at(2)?, at(3)?];
        let spaces = rest.iter().filter(|&&x| x == b' ').count();
        if spaces == 1 && rest.iter().all(|&x| x == b' ' || is_cont(x)) {
            return Some(4);
        }
    }
    None
}

/// Whether the bytes contain a sequence that [`restore_byte_a0`] would repair.
pub fn has_altered_utf8(bytes: &[u8]) -> bool {
    (0..bytes.len()).any(|i| bytes[i] >= 0xc2 && altered_utf8_at(&bytes[i..]).is_some())
}

/// Puts back byte A0 where it was turned into a space inside a UTF-8 sequence. "Ã " before a
/// word is taken as "à " whose no-break space was lost (a common French and Portuguese case),
/// except before words where "Ã" plus a space is likelier to be something else.
pub fn restore_byte_a0(bytes: &[u8]) -> Vec<u8> {
    const NOT_A_GRAVE_BEFORE: [&[u8]; 5] = [b" ", b"quele", b"quela", b"quilo", b"s "];
    let mut grave = Vec::with_capacity(bytes.len() + 8);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0xc3 && bytes.get(i + 1) == Some(&b' ') {
            let after = &bytes[i + 2..];
            if !NOT_A_GRAVE_BEFORE.iter().any(|w| after.starts_with(w)) {
                grave.extend_from_slice(b"\xc3\xa0 ");
                i += 2;
                continue;
            }
        }
        grave.push(bytes[i]);
        i += 1;
    }
    let mut out = Vec::with_capacity(grave.len());
    let mut i = 0;
    while i < grave.len() {
        if let Some(len) = (grave[i] >= 0xc2).then(|| altered_utf8_at(&grave[i..])).flatten() {
            out.extend(grave[i..i + len].iter().map(|&x| if x == b' ' { 0xa0 } else { x }));
            i += len;
        } else {
            out.push(grave[i]);
            i += 1;
        }
    }
    out
}

/// The byte a sloppy code page writes for U+FFFD.
const SUBSTITUTE: u8 = 0x1a;

/// Length of a UTF-8 (or CESU-8) sequence at `b` of which some bytes were lost: replaced by
/// 0x1A (U+FFFD re-encoded) or, at most once, by "?".
fn lossy_utf8_at(b: &[u8]) -> Option<usize> {
    let at = |i: usize| b.get(i).copied();
    let lost = |x: Option<u8>| matches!(x, Some(SUBSTITUTE | b'?'));
    let sub_or_cont = |x: Option<u8>| x.is_some_and(|x| x == SUBSTITUTE || is_cont(x));
    let any_lost_or_cont = |x: Option<u8>| x.is_some_and(|x| x == SUBSTITUTE || x == b'?' || is_cont(x));
    let first = at(0)?;
    if (0xc2..=0xdf).contains(&first) && at(1) == Some(SUBSTITUTE) {
        return Some(2);
    }
    if (0xc2..=0xc3).contains(&first) && at(1) == Some(b'?') {
        return Some(2);
    }
    if first == 0xed
        && at(1).is_some_and(|x| (0xa0..=0xaf).contains(&x))
        && at(3) == Some(0xed)
        && at(4).is_some_and(|x| (0xb0..=0xbf).contains(&x))
        && (lost(at(2)) && any_lost_or_cont(at(5)) || any_lost_or_cont(at(2)) && lost(at(5)))
    {
        return Some(6);
    }
    // One byte lost among the continuations, the others continuation bytes or lost too.
    let tail = |n: usize| -> bool { (1..=n).any(|k| lost(at(k)) && (1..=n).all(|j| j == k || sub_or_cont(at(j)))) };
    if (0xe0..=0xef).contains(&first) && tail(2) {
        return Some(3);
    }
    if (0xf0..=0xf4).contains(&first) && tail(3) {
        return Some(4);
    }
    (first == SUBSTITUTE).then_some(1)
}

/// Replaces UTF-8 sequences that lost bytes to a lossy decoder with the UTF-8 of U+FFFD, and any
/// remaining 0x1A too, so that the rest of the text can still be decoded.
pub fn replace_lossy_sequences(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(len) = (b >= 0xc2 || b == SUBSTITUTE).then(|| lossy_utf8_at(&bytes[i..])).flatten() {
            out.extend_from_slice("\u{fffd}".as_bytes());
            i += len;
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_cesu8_and_java_nul() {
        assert_eq!(decode_utf8_variants(b"\xed\xa0\xbd\xed\xb8\x8d").as_deref(), Some("\u{1f60d}"));
        assert_eq!(decode_utf8_variants(b"a\xc0\x80b").as_deref(), Some("a\0b"));
        assert_eq!(decode_utf8_variants(b"\xed\xa0\xbd").as_deref(), None, "a lone surrogate");
        assert_eq!(decode_utf8_variants(b"\xe2\x80\x99").as_deref(), Some("\u{2019}"));
        assert_eq!(decode_utf8_variants(b"\xe2\x80"), None);
    }

    #[test]
    fn restores_no_break_space() {
        assert_eq!(restore_byte_a0(b"voil\xc3 le"), b"voil\xc3\xa0 le");
        assert_eq!(restore_byte_a0(b"voil\xc3  le"), b"voil\xc3\xa0 le");
        assert_eq!(restore_byte_a0(b"\xc2 x"), b"\xc2\xa0x");
        assert!(has_altered_utf8(b"\xe2 \x80"));
        assert!(!has_altered_utf8(b"\xe2\x80\x99 "));
    }

    #[test]
    fn replaces_lossy_sequences() {
        assert_eq!(replace_lossy_sequences(b"\xe2\x80\x1a x"), "\u{fffd} x".as_bytes());
        assert_eq!(replace_lossy_sequences(b"\xe2\x80? x"), "\u{fffd} x".as_bytes());
        assert_eq!(replace_lossy_sequences(b"a\x1ab"), "a\u{fffd}b".as_bytes());
        assert_eq!(replace_lossy_sequences(b"\xe2\x80\x9c"), b"\xe2\x80\x9c");
    }
}
