//! FxHash (rustc's): a fast, non-cryptographic hash for short keys such as words, where SipHash's
//! flood resistance buys nothing (the keys come from dictionaries and documents, not an attacker
//! who can see the table).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The length goes in the free top byte, so that "a" and "a\0" differ.
            self.add(tail_word(rest) | (rest.len() as u64) << 56);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The one to seven bytes of `rest` as a little-endian word, zero-padded: two overlapping reads
/// of the widest size that fits (the bytes they share are the same, so OR-ing them is exact).
/// Copying them into a zeroed array called `memcpy` for every short key: on heavily spun text that
/// was 3% of the run (hash lookups of words in the language model's memo).
#[inline(always)]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    debug_assert!((1..8).contains(&n));
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes(rest[..4].try_into().expect("4 bytes")));
        let hi = u64::from(u32::from_le_bytes(rest[n - 4..].try_into().expect("4 bytes")));
        lo | hi << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u64::from(u16::from_le_bytes(rest[..2].try_into().expect("2 bytes")));
        let hi = u64::from(u16::from_le_bytes(rest[n - 2..].try_into().expect("2 bytes")));
        lo | hi << (8 * (n - 2))
    } else {
        u64::from(rest[0])
    }
}

impl FxHasher {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    /// The word read from a short tail is the zero-padded copy the hash was defined with.
    #[test]
    fn tail_word_is_the_zero_padded_bytes() {
        let bytes = [0x01u8, 0x82, 0x03, 0xf4, 0x05, 0x06, 0xa7];
        for n in 1..8 {
            let mut v = [0u8; 8];
            v[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_word(&bytes[..n]), u64::from_le_bytes(v), "{n} bytes");
        }
    }

    #[test]
    fn equal_keys_hash_equal_and_lengths_matter() {
        let b = BuildHasherDefault::<FxHasher>::default();
        assert_eq!(b.hash_one("mentioned"), b.hash_one(String::from("mentioned")));
        assert_ne!(b.hash_one("a"), b.hash_one("a\0"));
        assert_ne!(b.hash_one(("ab", "c")), b.hash_one(("a", "bc")));
    }
}
