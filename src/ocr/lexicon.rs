//! Lexicon access for the OCR stage: word lookup with frequencies, and a SymSpell-style delete
//! index that finds every lexicon word within edit distance 2 of an OCR token.
//!
//! SymSpell (Garbe) pre-computes, for each lexicon word, the strings obtained by deleting up to
//! `MAX_DISTANCE` characters from its first `PREFIX` characters. A query generates the same deletes
//! of its own prefix; any word sharing a delete is a candidate, verified with a real edit distance.
//! The index is an array of (hash, word id) pairs in buckets by the hash's top bits: compact, built
//! once by a counting sort, each bucket scanned whole.

use std::hash::{BuildHasherDefault, Hasher};

/// Deletes reach this far: candidates differ from the query by at most 2 edits.
pub const MAX_DISTANCE: usize = 2;
/// Only the first `PREFIX` characters are indexed (as in SymSpell): shorter keys, same recall
/// after verification.
const PREFIX: usize = 7;

pub use crate::fxhash::{FxHasher, FxMap};

/// The hash [`Lexicon::has_prefix`] knows prefixes by: FxHash's step a byte at a time, so that a
/// search extending a string a character at a time extends its hash too, instead of hashing the
/// whole string again at every step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrefixHash(u64);

impl PrefixHash {
    pub const EMPTY: PrefixHash = PrefixHash(0);

    #[inline]
    fn push_byte(self, b: u8) -> PrefixHash {
        PrefixHash((self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95))
    }

    /// The hash of the string hashed so far followed by `s`.
    #[inline]
    pub fn push_str(self, s: &str) -> PrefixHash {
        s.bytes().fold(self, PrefixHash::push_byte)
    }

    /// The hash of the string hashed so far followed by `c`.
    #[inline]
    pub fn push_char(self, c: char) -> PrefixHash {
        self.push_str(c.encode_utf8(&mut [0; 4]))
    }
}

/// Bits of a delete's hash that pick its bucket in [`Lexicon`]'s delete index.
const BUCKET_BITS: u32 = 20;

#[cfg(test)]
fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(b);
    h.write_u8(0xff);
    h.finish()
}

/// Lowercase lexicon words with corpus counts and a delete index over them.
pub struct Lexicon {
    words: Vec<Box<str>>,
    counts: Vec<u64>,
    /// Length of each word in characters (for the delete index's length filter).
    lengths: Vec<u32>,
    ids: FxMap<Box<str>, u32>,
    /// The delete index: the low 32 bits of the hash of a delete, and the word id, in buckets.
    /// (A hash collision only adds a word that the distance check then drops.)
    delete_hashes: Vec<u32>,
    delete_ids: Vec<u32>,
    /// `buckets[b]..buckets[b + 1]`: the entries whose hash starts with the [`BUCKET_BITS`] bits
    /// `b`, in word order.
    buckets: Vec<u32>,
    /// Hashes of every prefix of every word (whole words included): lets a search over
    /// rewrites stop early.
    prefixes: std::collections::HashSet<u64, BuildHasherDefault<FxHasher>>,
}

impl Lexicon {
    /// Builds from (word, count) pairs; words are lowercased, repeated words add up.
    pub fn from_counts<'a, I: IntoIterator<Item = (&'a str, u64)>>(pairs: I) -> Lexicon {
        let mut words: Vec<Box<str>> = Vec::new();
        let mut counts: Vec<u64> = Vec::new();
        let mut ids: FxMap<Box<str>, u32> = FxMap::default();
        for (w, c) in pairs {
            let w = w.to_lowercase();
            if w.is_empty() {
                continue;
            }
            match ids.get(w.as_str()) {
                Some(&id) => counts[id as usize] += c,
                None => {
                    ids.insert(w.clone().into_boxed_str(), words.len() as u32);
                    words.push(w.into_boxed_str());
                    counts.push(c);
                }
            }
        }
        // Every word's deletes in one run (repeats and all), then placed in their buckets by a
        // counting sort. Buckets stay in word order, unsorted: they hold two or three entries on
        // average and are scanned whole; a word listed twice under one delete (either of two equal
        // letters deleted) is seen once by `within`'s stamps.
        let mut hashes: Vec<u64> = Vec::with_capacity(words.len() * 30);
        let mut ends: Vec<usize> = Vec::with_capacity(words.len());
        for w in &words {
            prefix_deletes_raw(w, MAX_DISTANCE, &mut hashes);
            ends.push(hashes.len());
        }
        let bucket_of = |h: u64| (h >> (64 - BUCKET_BITS)) as usize;
        let mut buckets = vec![0u32; (1 << BUCKET_BITS) + 1];
        for &h in &hashes {
            buckets[bucket_of(h) + 1] += 1;
        }
        for b in 1..buckets.len() {
            buckets[b] += buckets[b - 1];
        }
        let mut next: Vec<u32> = buckets.clone();
        let mut delete_hashes = vec![0u32; hashes.len()];
        let mut delete_ids = vec![0u32; hashes.len()];
        let mut start = 0;
        for (id, &end) in ends.iter().enumerate() {
            for &h in &hashes[start..end] {
                let slot = &mut next[bucket_of(h)];
                delete_hashes[*slot as usize] = h as u32;
                delete_ids[*slot as usize] = id as u32;
                *slot += 1;
            }
            start = end;
        }
        let mut prefixes = std::collections::HashSet::with_capacity_and_hasher(words.len() * 6, Default::default());
        for w in &words {
            // Every prefix ending on a character boundary, whole words too (`has_prefix` then
            // needs one probe, not a second, by string), each hash extending the one before.
            let mut h = PrefixHash::EMPTY;
            let bytes = w.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                h = h.push_byte(b);
                if w.is_char_boundary(i + 1) {
                    prefixes.insert(h.0);
                }
            }
        }
        let lengths = words.iter().map(|w| w.chars().count() as u32).collect();
        Lexicon { words, counts, lengths, ids, delete_hashes, delete_ids, buckets, prefixes }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Id of a lowercase word.
    pub fn id(&self, lower: &str) -> Option<u32> {
        self.ids.get(lower).copied()
    }

    pub fn contains(&self, lower: &str) -> bool {
        self.ids.contains_key(lower)
    }

    /// The lexicon's spelling of a lowercase word: the word itself, or the American spelling
    /// of a British one ("authorised" → "authorized", "labour" → "labor", "centre" →
    /// "center"), as the lexicon is American and much old print is not.
    pub fn spelling(&self, lower: &str) -> Option<String> {
        if self.contains(lower) {
            return Some(lower.to_string());
        }
        // The variants in order, each built in one buffer: most words have none in the lexicon,
        // and allocating each was most of the cost of asking.
        let mut buf = String::new();
        let mut known = |parts: &[&str]| {
            buf.clear();
            parts.iter().for_each(|p| buf.push_str(p));
            self.contains(&buf)
        };
        // Most words end in a letter the rule does not: that test is one byte, the suffix's a call.
        let last = lower.as_bytes().last().copied();
        for (gb, us) in SPELLING_RULES {
            for (from, to) in [(gb, us), (us, gb)] {
                if from.as_bytes().last().copied() != last {
                    continue;
                }
                if let Some(stem) = lower.strip_suffix(from) {
                    if stem.chars().count() >= 2 && known(&[stem, to]) {
                        return Some(buf);
                    }
                }
            }
        }
        // "labourer", "honourable", "favourite": "our" inside the word, and back.
        if let Some(i) = lower.find("our") {
            if i >= 2 && lower.len() > i + 4 && known(&[&lower[..i], "or", &lower[i + 3..]]) {
                return Some(buf);
            }
        }
        if let Some(i) = lower.find("or") {
            if i >= 2 && lower.len() > i + 3 && known(&[&lower[..i], "our", &lower[i + 2..]]) {
                return Some(buf);
            }
        }
        // "skepticism" / "scepticism".
        if let Some(rest) = lower.strip_prefix("sk") {
            if known(&["sc", rest]) {
                return Some(buf);
            }
        }
        None
    }

    /// Whether some lexicon word starts with `lower` (the empty string and whole words included;
    /// hashed, so a rare false "yes" is possible, never a false "no").
    pub fn has_prefix(&self, lower: &str) -> bool {
        lower.is_empty() || self.has_prefix_hash(PrefixHash::EMPTY.push_str(lower))
    }

    /// [`Lexicon::has_prefix`] of a non-empty string by its [`PrefixHash`].
    #[inline]
    pub fn has_prefix_hash(&self, h: PrefixHash) -> bool {
        self.prefixes.contains(&h.0)
    }

    pub fn count(&self, lower: &str) -> u64 {
        self.id(lower).map_or(0, |id| self.counts[id as usize])
    }

    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Ids of lexicon words within Levenshtein distance `max` (at most [`MAX_DISTANCE`]) of
    /// `lower`, with their distances, in no particular order.
    pub fn within(&self, lower: &str, max: usize) -> Vec<(u32, usize)> {
        let max = max.min(MAX_DISTANCE);
        let mut keys = Vec::new();
        prefix_deletes_upto(lower, max, &mut keys);
        let q: Vec<char> = lower.chars().collect();
        // Each word once, in the order found (no sort): a per-thread stamp per word id marks the
        // ones seen in this call. The length filter comes first.
        thread_local! {
            static SEEN: std::cell::RefCell<(u32, Vec<u32>)> = const { std::cell::RefCell::new((0, Vec::new())) };
        }
        let mut found: Vec<u32> = Vec::new();
        SEEN.with(|seen| {
            let (epoch, stamps) = &mut *seen.borrow_mut();
            if *epoch == u32::MAX {
                stamps.clear();
                *epoch = 0;
            }
            *epoch += 1;
            if stamps.len() < self.words.len() {
                stamps.resize(self.words.len(), 0);
            }
            for k in keys {
                let b = (k >> (64 - BUCKET_BITS)) as usize;
                let range = self.buckets[b] as usize..self.buckets[b + 1] as usize;
                let (hashes, ids) = (&self.delete_hashes[range.clone()], &self.delete_ids[range]);
                for (_, &id) in hashes.iter().zip(ids).filter(|&(&h, _)| h == k as u32) {
                    let stamp = &mut stamps[id as usize];
                    if *stamp != *epoch {
                        *stamp = *epoch;
                        if (self.lengths[id as usize] as usize).abs_diff(q.len()) <= max {
                            found.push(id);
                        }
                    }
                }
            }
        });
        let pattern = Pattern::new(&q);
        let mut out = Vec::new();
        for id in found {
            let wc = self.lengths[id as usize] as usize;
            let w = &self.words[id as usize];
            let d = match &pattern {
                Some(p) => p.within(w, wc, max),
                None => levenshtein_within(&q, w, max),
            };
            if let Some(d) = d {
                out.push((id, d));
            }
        }
        out
    }
}

/// Suffixes of British and American spellings ([`Lexicon::spelling`] applies one, either way).
const SPELLING_RULES: &[(&str, &str)] = &[
    ("isation", "ization"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("ise", "ize"),
    ("ises", "izes"),
    ("iser", "izer"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("ourable", "orable"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("elled", "eled"),
    ("elling", "eling"),
    ("eller", "eler"),
    ("ence", "ense"),
    ("ogue", "og"),
    ("mme", "m"),
];

/// The hashes of the strings made by deleting up to `max` characters from the first [`PREFIX`]
/// characters of `w` (the prefix itself included), never deleting down to nothing; distinct and sorted, in place of what `out` held.
///
/// The positions to delete are enumerated directly and the remaining characters hashed from a
/// stack buffer: building the index for the whole lexicon this way takes a small fraction of what
/// a breadth-first search over `String`s took.
fn prefix_deletes_upto(w: &str, max: usize, out: &mut Vec<u64>) {
    out.clear();
    prefix_deletes_raw(w, max, out);
    // Deleting either of two equal letters gives the same string: keep one.
    out.sort_unstable();
    out.dedup();
}

/// [`prefix_deletes_upto`] in the order generated, repeats included.
fn prefix_deletes_raw(w: &str, max: usize, out: &mut Vec<u64>) {
    let mut starts = [0usize; PREFIX + 1];
    let mut n = 0;
    for (i, _) in w.char_indices().take(PREFIX) {
        starts[n] = i;
        n += 1;
    }
    starts[n] = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    let prefix = &w.as_bytes()[..starts[n]];
    // At most `max` (at most two) deletions, and at least one character left.
    let deletions = max.min(n.saturating_sub(1));
    assert!(deletions <= 2, "the delete index goes two edits deep");
    if n > 0 && prefix.len() == n {
        ascii_prefix_deletes(prefix, deletions, out);
    } else {
        generic_prefix_deletes(prefix, &starts, n, deletions, out);
    }
}

/// [`prefix_deletes_upto`] for a prefix of 1 to [`PREFIX`] ASCII bytes: the bytes packed in a
/// word, each delete a couple of shifts, hashed as [`hash_bytes`] hashes them (one chunk of up to
/// seven bytes with its length in the top byte, then the terminator).
fn ascii_prefix_deletes(prefix: &[u8], deletions: usize, out: &mut Vec<u64>) {
    const _: () = assert!(PREFIX < 8, "the packed prefix fits one FxHasher chunk");
    let n = prefix.len();
    let mut packed = 0u64;
    for (i, &b) in prefix.iter().enumerate() {
        packed |= u64::from(b) << (8 * i);
    }
    // Byte `i` removed, the bytes above it moved down.
    let without = |p: u64, i: usize| (p & ((1u64 << (8 * i)) - 1)) | ((p >> (8 * i + 8)) << (8 * i));
    let hash = |p: u64, len: usize| {
        let mut h = FxHasher::default();
        h.write_u64(p | ((len as u64) << 56));
        h.write_u8(0xff);
        h.finish()
    };
    out.push(hash(packed, n));
    for i in 0..n * usize::from(deletions >= 1) {
        let one = without(packed, i);
        out.push(hash(one, n - 1));
        for j in (i + 1..n).filter(|_| deletions >= 2) {
            // Byte `j` of the original is byte `j - 1` once byte `i` is gone.
            out.push(hash(without(one, j - 1), n - 2));
        }
    }
}

/// [`prefix_deletes_upto`] for any prefix: the remaining characters copied to a stack buffer
/// and hashed.
fn generic_prefix_deletes(prefix: &[u8], starts: &[usize], n: usize, deletions: usize, out: &mut Vec<u64>) {
    let mut buf = [0u8; PREFIX * 4];
    let mut hash_without = |a: usize, b: usize| {
        let mut len = 0;
        for k in (0..n).filter(|&k| k != a && k != b) {
            for &byte in &prefix[starts[k]..starts[k + 1]] {
                buf[len] = byte;
                len += 1;
            }
        }
        hash_bytes(&buf[..len])
    };
    out.push(hash_without(n, n));
    for i in 0..n * usize::from(deletions >= 1) {
        out.push(hash_without(i, n));
        for j in (i + 1..n).filter(|_| deletions >= 2) {
            out.push(hash_without(i, j));
        }
    }
}

/// A query of 1 to 64 characters prepared for bit-parallel Levenshtein distances (Myers 1999, in
/// Hyyrö's formulation): one pass of a few word operations per character of the other word, in
/// place of a row of the dynamic programme. Same distances as [`levenshtein_within`].
struct Pattern {
    /// Bit `i` of `ascii[c]`: the query's character `i` is `c`.
    ascii: [u64; 128],
    /// The same for the query's non-ASCII characters.
    other: Vec<(char, u64)>,
    len: usize,
}

impl Pattern {
    fn new(a: &[char]) -> Option<Pattern> {
        if a.is_empty() || a.len() > 64 {
            return None;
        }
        let mut p = Pattern { ascii: [0; 128], other: Vec::new(), len: a.len() };
        for (i, &c) in a.iter().enumerate() {
            if (c as u32) < 128 {
                p.ascii[c as usize] |= 1 << i;
            } else if let Some(slot) = p.other.iter_mut().find(|(x, _)| *x == c) {
                slot.1 |= 1 << i;
            } else {
                p.other.push((c, 1 << i));
            }
        }
        Some(p)
    }

    #[inline]
    fn peq(&self, c: char) -> u64 {
        if (c as u32) < 128 {
            self.ascii[c as usize]
        } else {
            self.other.iter().find(|(x, _)| *x == c).map_or(0, |&(_, bits)| bits)
        }
    }

    /// The distance to `b` (of `b_len` characters) if it is at most `max`.
    fn within(&self, b: &str, b_len: usize, max: usize) -> Option<usize> {
        let last = 1u64 << (self.len - 1);
        let (mut pv, mut mv) = (!0u64, 0u64);
        let mut score = self.len;
        for (k, c) in b.chars().enumerate() {
            let eq = self.peq(c);
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            // The distance falls by at most one per character left.
            if score > max + (b_len - k - 1) {
                return None;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        (score <= max).then_some(score)
    }
}

/// Levenshtein distance between `a` and `b` if it is at most `max`. Words of up to
/// [`SHORT_WORD`] characters (nearly all) are compared without allocating.
pub fn levenshtein_within(a: &[char], b: &str, max: usize) -> Option<usize> {
    let mut chars = ['\0'; SHORT_WORD];
    let mut n = 0;
    for c in b.chars() {
        if n == SHORT_WORD {
            let b: Vec<char> = b.chars().collect();
            let mut rows = vec![0; 2 * (b.len() + 1)];
            let (prev, cur) = rows.split_at_mut(b.len() + 1);
            return levenshtein_rows(a, &b, max, prev, cur);
        }
        chars[n] = c;
        n += 1;
    }
    let mut rows = [0usize; 2 * (SHORT_WORD + 1)];
    let (prev, cur) = rows.split_at_mut(n + 1);
    levenshtein_rows(a, &chars[..n], max, prev, &mut cur[..n + 1])
}

const SHORT_WORD: usize = 32;

/// The two-row dynamic programme, stopping as soon as a row exceeds `max`.
fn levenshtein_rows(a: &[char], b: &[char], max: usize, prev: &mut [usize], cur: &mut [usize]) -> Option<usize> {
    let (mut prev, mut cur) = (prev, cur);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, &x) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[b.len()] <= max).then_some(prev[b.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::from_counts([("the", 100), ("land", 20), ("creek", 5), ("treasury", 3), ("acres", 4), ("The", 1)])
    }

    /// The deletes as first written: a breadth-first search over strings.
    fn reference_deletes(w: &str, max: usize) -> Vec<u64> {
        let chars: Vec<char> = w.chars().take(PREFIX).collect();
        let mut seen: Vec<String> = vec![chars.iter().collect()];
        let mut frontier = seen.clone();
        for _ in 0..max {
            let mut next = Vec::new();
            for s in &frontier {
                let cs: Vec<char> = s.chars().collect();
                if cs.len() <= 1 {
                    continue;
                }
                for i in 0..cs.len() {
                    let d: String = cs[..i].iter().chain(&cs[i + 1..]).collect();
                    if !seen.contains(&d) && !next.contains(&d) {
                        next.push(d);
                    }
                }
            }
            seen.extend(next.iter().cloned());
            frontier = next;
        }
        let mut out: Vec<u64> = seen.iter().map(|s| hash_str(s)).collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn deletes_match_the_breadth_first_definition() {
        for w in ["", "a", "ab", "aab", "the", "treasury", "bookkeeper", "café", "naïveté", "ﬁle", "mississippi", "x"]
        {
            for max in 0..=2 {
                let mut got = Vec::new();
                prefix_deletes_upto(w, max, &mut got);
                assert_eq!(got, reference_deletes(w, max), "{w:?} max {max}");
            }
        }
    }

    /// A small deterministic generator for the comparisons below.
    fn words(seed: u64, alphabet: &[char], count: usize) -> Vec<String> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..count)
            .map(|_| {
                let len = (next() % 12) as usize;
                (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect()
            })
            .collect()
    }

    #[test]
    fn packed_deletes_match_the_generic_ones() {
        for w in words(7, &['a', 'b', 'c', 'e', 'z', '\'', '0'], 3000) {
            for max in 0..=2 {
                let mut starts = [0usize; PREFIX + 1];
                let n = w.len().min(PREFIX);
                for (i, s) in starts.iter_mut().enumerate().take(n + 1) {
                    *s = i;
                }
                let deletions = max.min(n.saturating_sub(1));
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                if n > 0 {
                    ascii_prefix_deletes(&w.as_bytes()[..n], deletions, &mut fast);
                }
                generic_prefix_deletes(&w.as_bytes()[..n], &starts, n, deletions, &mut slow);
                assert_eq!(fast.len() + usize::from(n == 0), slow.len(), "{w:?}");
                if n > 0 {
                    assert_eq!(fast, slow, "{w:?} max {max}");
                }
            }
        }
    }

    #[test]
    fn bit_parallel_distances_match_the_dynamic_programme() {
        let alphabet = ['a', 'b', 'c', 'é', 'ﬁ', 'a', 'b'];
        let ws = words(11, &alphabet, 400);
        for a in &ws {
            let ac: Vec<char> = a.chars().collect();
            let Some(p) = Pattern::new(&ac) else {
                assert!(ac.is_empty());
                continue;
            };
            for b in &ws {
                for max in 0..=3 {
                    let want = levenshtein_within(&ac, b, max);
                    assert_eq!(p.within(b, b.chars().count(), max), want, "{a:?} {b:?} {max}");
                }
            }
        }
        let long: Vec<char> = "pneumonoultramicroscopicsilicovolcanoconiosis".chars().collect();
        let p = Pattern::new(&long).unwrap();
        assert_eq!(p.within("pneumonoultramicroscopicsilicovolcanokoniosis", 45, 2), Some(1));
    }

    #[test]
    fn the_index_holds_each_words_deletes_by_bucket() {
        let words: Vec<String> = words(3, &['a', 'b', 'e', 'é', 'l'], 2000);
        let l = Lexicon::from_counts(words.iter().map(|w| (w.as_str(), 1)));
        let mut want: Vec<(u64, u32)> = Vec::new();
        for (id, w) in l.words.iter().enumerate() {
            let mut ds = Vec::new();
            prefix_deletes_upto(w, MAX_DISTANCE, &mut ds);
            want.extend(ds.into_iter().map(|h| (h, id as u32)));
        }
        let to_key = |(h, id): (u64, u32)| ((h >> (64 - BUCKET_BITS)) as usize, h as u32, id);
        let mut want: Vec<(usize, u32, u32)> = want.into_iter().map(to_key).collect();
        want.sort_unstable();
        let mut got = Vec::new();
        for b in 0..1usize << BUCKET_BITS {
            let range = l.buckets[b] as usize..l.buckets[b + 1] as usize;
            // Word order within a bucket.
            assert!(l.delete_ids[range.clone()].windows(2).all(|p| p[0] <= p[1]));
            got.extend(range.map(|k| (b, l.delete_hashes[k], l.delete_ids[k])));
        }
        got.sort_unstable();
        got.dedup();
        assert_eq!(got, want);
        assert_eq!(l.buckets[1 << BUCKET_BITS] as usize, l.delete_ids.len());
    }

    #[test]
    fn counts_fold_case() {
        let l = lex();
        assert_eq!(l.count("the"), 101);
        assert!(l.contains("creek"));
        assert!(!l.contains("cieek"));
    }

    #[test]
    fn finds_words_within_two_edits() {
        let l = lex();
        let words = |q: &str| {
            let mut v: Vec<(String, usize)> =
                l.within(q, 2).into_iter().map(|(id, d)| (l.word(id).into(), d)).collect();
            v.sort();
            v
        };
        assert_eq!(words("cieek"), vec![("creek".into(), 1)]);
        assert_eq!(words("pieasury"), vec![("treasury".into(), 2)]);
        assert_eq!(words("ocies"), vec![("acres".into(), 2)]);
        assert_eq!(words("lnnd"), vec![("land".into(), 1)]);
        assert!(words("xyzzy").is_empty());
        assert_eq!(l.within("lnnd", 0), vec![]);
    }

    #[test]
    fn british_spellings_are_known_by_their_american_form() {
        let l =
            Lexicon::from_counts([("authorized", 5), ("labor", 5), ("center", 5), ("favorite", 5), ("traveled", 3)]);
        for (gb, us) in [
            ("authorised", "authorized"),
            ("labour", "labor"),
            ("centre", "center"),
            ("favourite", "favorite"),
            ("travelled", "traveled"),
        ] {
            assert_eq!(l.spelling(gb).as_deref(), Some(us), "{gb}");
        }
        assert_eq!(l.spelling("labor").as_deref(), Some("labor"));
        assert_eq!(l.spelling("lnbour"), None);
    }

    #[test]
    fn prefixes() {
        let l = lex();
        assert!(l.has_prefix("tre") && l.has_prefix("treasury") && l.has_prefix(""));
        assert!(!l.has_prefix("tx"));
    }

    #[test]
    fn levenshtein_bounds() {
        let a: Vec<char> = "kitten".chars().collect();
        assert_eq!(levenshtein_within(&a, "sitting", 3), Some(3));
        assert_eq!(levenshtein_within(&a, "sitting", 2), None);
        // Longer than the stack rows: the allocating path gives the same answers.
        let long = "pneumonoultramicroscopicsilicovolcanoconiosis";
        let near: Vec<char> = "pneumonoultramicroscopicsilicovolcanokoniosis".chars().collect();
        assert_eq!(levenshtein_within(&near, long, 2), Some(1));
        assert_eq!(levenshtein_within(&a, long, 2), None);
        assert_eq!(levenshtein_within(&[], "ab", 2), Some(2));
        assert_eq!(levenshtein_within(&a, "", 6), Some(6));
    }
}
