//! Whole-word phrase search keyed on the first word of each phrase.
//!
//! Dictionary phrases must start and end on word boundaries. An Aho-Corasick scan over every
//! byte finds every occurrence inside words too ("to" in "tomorrow", "a" in "that") and throws it
//! away, and with hundreds of phrases its transition table no longer fits the fastest caches: on
//! clean news that was most of the spin stage's cost. Here each word of the text is looked up once
//! in a hash table of the phrases' first words, and only the phrases starting with that word are
//! compared. Several groups of phrases, each with its own semantics, share the one pass:
//!
//! - [`Semantics::Longest`]: leftmost-longest, non-overlapping, whole words (aho-corasick's
//!   `LeftmostLongest` with matches that do not end on a word boundary dropped);
//! - [`Semantics::All`]: every whole-word occurrence, overlapping ones included.
//!
//! A test checks both against aho-corasick.
//!
//! ```
//! use unspin::phrase_search::{PhraseSearch, Semantics};
//!
//! let s = PhraseSearch::builder()
//!     .group(Semantics::Longest, true, ["to", "live performance"])
//!     .group(Semantics::All, false, ["go", "go to"])
//!     .build();
//! let text = "Tomorrow, go to the Live Performance.";
//! let found = s.find(text);
//! let spans = |g: usize| -> Vec<&str> { found[g].iter().map(|m| &text[m.start..m.end]).collect() };
//! assert_eq!(spans(0), ["to", "Live Performance"]);
//! assert_eq!(spans(1), ["go", "go to"]);
//! ```

use crate::fxhash::FxMap;
use crate::tokenize::is_word_boundary;

/// One whole-word occurrence of pattern `pattern` (its index within its group) at `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// Which occurrences of a group's phrases are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Semantics {
    /// Leftmost-longest, non-overlapping. Where the longest phrase starting at a boundary ends
    /// inside a word, nothing is reported there ("live performance" in "live performances" does
    /// not fall back to "live").
    Longest,
    /// Every whole-word occurrence, overlapping ones included, by start (shortest first).
    All,
}

/// Collects the groups of a [`PhraseSearch`].
#[derive(Clone, Debug, Default)]
pub struct Builder {
    groups: Vec<Group>,
}

#[derive(Clone, Debug)]
struct Group {
    semantics: Semantics,
    case_insensitive: bool,
    patterns: Vec<Box<[u8]>>,
}

impl Builder {
    /// Adds a group of phrases; `case_insensitive` folds ASCII case (as aho-corasick's
    /// `ascii_case_insensitive`). Groups are numbered from 0 in the order added.
    pub fn group<I, P>(mut self, semantics: Semantics, case_insensitive: bool, patterns: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let patterns = patterns.into_iter().map(|p| p.as_ref().into()).collect();
        self.groups.push(Group { semantics, case_insensitive, patterns });
        self
    }

    pub fn build(self) -> PhraseSearch {
        let mut by_key: FxMap<Box<[u8]>, Vec<Candidate>> = FxMap::default();
        let mut key_first_bytes = [false; 256];
        for (g, Group { case_insensitive, patterns, .. }) in self.groups.iter().enumerate() {
            for (i, p) in patterns.iter().enumerate() {
                let Ok(text) = std::str::from_utf8(p) else { continue };
                if text.is_empty() {
                    continue;
                }
                let k = key_end(text, 0);
                let tail: Box<[u8]> = p[k..].into();
                let (head, mask) = first_eight(&tail, *case_insensitive);
                key_first_bytes[usize::from(p[0])] = true;
                if *case_insensitive {
                    key_first_bytes[usize::from(p[0].to_ascii_lowercase())] = true;
                    key_first_bytes[usize::from(p[0].to_ascii_uppercase())] = true;
                }
                let cand = Candidate {
                    group: g as u32,
                    id: i as u32,
                    // Exact-case phrases keep their key to compare; the table is keyed in lowercase.
                    exact_key: (!case_insensitive).then(|| p[..k].into()),
                    key_has_upper: p[..k].iter().any(|b| b.is_ascii_uppercase() || !b.is_ascii()),
                    tail,
                    head,
                    mask,
                };
                by_key.entry(p[..k].to_ascii_lowercase().into()).or_default().push(cand);
            }
        }
        let mut short_keys = FxMap::default();
        let mut long_keys = FxMap::default();
        let mut key_filter = KeyFilter::default();
        for (k, cands) in by_key {
            key_filter.insert(first_eight(&k, false).0);
            let cands = KeyCands::new(cands);
            match short_key(&k) {
                Some(packed) => short_keys.insert(packed, cands),
                None => long_keys.insert(k, cands),
            };
        }
        let semantics = self.groups.iter().map(|g| g.semantics).collect();
        let max_len = self.groups.iter().flat_map(|g| g.patterns.iter()).map(|p| p.len()).max().unwrap_or(0);
        PhraseSearch { short_keys, long_keys, key_first_bytes, key_filter, semantics, max_len }
    }
}

/// One bit per hash of a key's first eight bytes (lowercase, zero-padded; see [`first_eight`]),
/// set for every key of the table: a key whose bit is clear keys no phrase. About half of the
/// words of clean news key none, and a bit test is cheaper than a failed probe of the table.
/// 2^15 bits (4 KiB) for a couple of thousand keys: a few per cent of the other words pass.
#[derive(Clone, Debug)]
struct KeyFilter {
    bits: Box<[u64]>,
}

const FILTER_BITS: u32 = 15;

impl Default for KeyFilter {
    fn default() -> Self {
        KeyFilter { bits: vec![0; 1 << (FILTER_BITS - 6)].into() }
    }
}

impl KeyFilter {
    fn slot(first8: u64) -> usize {
        (first8.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
    }

    fn insert(&mut self, first8: u64) {
        let s = Self::slot(first8);
        self.bits[s / 64] |= 1 << (s % 64);
    }

    /// False only when no key has these first eight bytes.
    #[inline(always)]
    fn may_hold(&self, first8: u64) -> bool {
        let s = Self::slot(first8);
        self.bits[s / 64] & (1 << (s % 64)) != 0
    }
}

/// The candidates under one key, by group and longest first (so that the first pattern of a group
/// that matches is its longest), with an index of each large group by the first bytes of the tails.
#[derive(Clone, Debug)]
struct KeyCands {
    cands: Vec<Candidate>,
    groups: Vec<GroupCands>,
}

/// One group's candidates under a key: `cands[start..end]`, whose tails are at least
/// [`PREFIX_LEN`] bytes long before `short` and shorter from there on. When the group has many
/// long tails, `by_prefix` lists them as `(first PREFIX_LEN bytes, ASCII-folded, as a word; index
/// in cands)`, sorted: only those whose prefix is the text's can match (a tail that is written
/// at a place has that place's bytes, so their folded forms too), and a binary search finds them.
/// Common first words ("the", "in", "a") key dozens of phrases: comparing every one of them at
/// each occurrence was most of the search on spun text.
#[derive(Clone, Debug)]
struct GroupCands {
    group: usize,
    start: usize,
    short: usize,
    end: usize,
    by_prefix: Box<[(u32, u32)]>,
}

/// Bytes of a tail indexed by [`GroupCands::by_prefix`]: the separator and three letters of the
/// next word, usually (2 and 3 bytes measured 1.2% and 0.4% more instructions on spun text).
const PREFIX_LEN: usize = 4;
const PREFIX_MASK: u64 = (1 << (8 * PREFIX_LEN)) - 1;
/// Long tails a group needs before it is indexed (3 and 12 measured 0.1% and 1.1% more).
const INDEX_FROM: usize = 2;

impl KeyCands {
    fn new(mut cands: Vec<Candidate>) -> KeyCands {
        cands.sort_by_key(|c| (c.group, std::cmp::Reverse(c.tail.len()), c.id));
        let mut groups = Vec::new();
        let mut start = 0;
        while start < cands.len() {
            let group = cands[start].group;
            let end = start + cands[start..].iter().take_while(|c| c.group == group).count();
            let short = start + cands[start..end].iter().take_while(|c| c.tail.len() >= PREFIX_LEN).count();
            let mut by_prefix: Vec<(u32, u32)> = Vec::new();
            if short - start >= INDEX_FROM {
                by_prefix = (start..short).map(|i| (cands[i].prefix(), i as u32)).collect();
                by_prefix.sort_unstable();
            }
            groups.push(GroupCands { group: group as usize, start, short, end, by_prefix: by_prefix.into() });
            start = end;
        }
        KeyCands { cands, groups }
    }
}

impl Candidate {
    /// The first [`PREFIX_LEN`] bytes of the tail, ASCII-folded, as a word.
    fn prefix(&self) -> u32 {
        (fold_ascii_word(self.head) & PREFIX_MASK) as u32
    }
}

/// A pattern under its key: the bytes after the key, and their first eight bytes as a word for a
/// one-instruction rejection of most candidates.
#[derive(Clone, Debug)]
struct Candidate {
    group: u32,
    id: u32,
    exact_key: Option<Box<[u8]>>,
    /// Whether `exact_key` has ASCII capitals or non-ASCII bytes (see [`PhraseSearch::find`]).
    key_has_upper: bool,
    /// Lowercase when the group is case-insensitive.
    tail: Box<[u8]>,
    head: u64,
    mask: u64,
}

/// Byte classes for the key scan: ASCII alphanumerics, and among them the uppercase letters.
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = ALNUM;
        }
        if c.is_ascii_uppercase() {
            t[b] |= UPPER;
        }
        b += 1;
    }
    t
};

/// ASCII-lowercases the eight bytes of a word at once: adds 0x20 to each byte in `A..=Z`.
fn fold_ascii_word(v: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ascii = !v & (ONES * 0x80); // bytes below 0x80
                                    // High bit set where the 7-bit value is >= 'A', and where it is > 'Z'.
    let ge_a = (v & (ONES * 0x7f)).wrapping_add(ONES * (0x80 - u64::from(b'A'))) & ascii;
    let gt_z = (v & (ONES * 0x7f)).wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1)) & ascii;
    let upper = ge_a & !gt_z;
    v | (upper >> 2)
}

/// A key of at most eight bytes as a little-endian word (zero-padded) and its length.
fn short_key(key: &[u8]) -> Option<(u64, u8)> {
    (key.len() <= 8).then(|| (first_eight(key, false).0, key.len() as u8))
}

/// The first (up to) eight bytes of `b` as a little-endian word (ASCII-lowercased when `fold`), and
/// the mask of the bytes present.
fn first_eight(b: &[u8], fold: bool) -> (u64, u64) {
    let n = b.len().min(8);
    let v = match b.first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => {
            let mut v = [0u8; 8];
            v[..n].copy_from_slice(&b[..n]);
            u64::from_le_bytes(v)
        }
    };
    let v = if fold { fold_ascii_word(v) } else { v };
    let mask = if n == 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
    (v, mask)
}

/// Finds dictionary phrases as whole words. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct PhraseSearch {
    /// Candidates by their key (see [`key_end`]) in lowercase; by group, longest first.
    /// Keys of up to eight bytes, packed into a word with their length (see [`short_key`]): one
    /// multiply to hash, one compare to check.
    short_keys: FxMap<(u64, u8), KeyCands>,
    long_keys: FxMap<Box<[u8]>, KeyCands>,
    /// Bytes some key starts with, in the cases that can match: a cheap filter.
    key_first_bytes: [bool; 256],
    /// The keys' first eight bytes, hashed: the next filter, before the table.
    key_filter: KeyFilter,
    semantics: Vec<Semantics>,
    /// The longest pattern, in bytes: how far past a key's start a match there reads (with the
    /// character after it, for the word boundary).
    max_len: usize,
}

/// A scan in progress: the matches so far, and per group where the last Longest match ended (no
/// match of the group may start before it).
struct Scan {
    found: Vec<Vec<PhraseMatch>>,
    resume: Vec<usize>,
    folded: Vec<u8>,
}

/// A change from the text searched before to the text searched now: bytes `start..end` of the
/// old text were replaced by `len` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub start: usize,
    pub end: usize,
    pub len: usize,
}

/// End of the key of the text starting at byte `start`: the run of alphanumeric characters there,
/// or the one character when it is not alphanumeric.
fn key_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        let (alnum, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().expect("inside the text");
            (c.is_alphanumeric(), c.len_utf8())
        };
        if !alnum {
            return if i == start { i + len } else { i };
        }
        i += len;
    }
    i
}

impl PhraseSearch {
    pub fn builder() -> Builder {
        Builder::default()
    }

    fn scan_for(&self, text: &str) -> Scan {
        // Room for a match every few words, so that the vectors rarely grow.
        let found = self.semantics.iter().map(|_| Vec::with_capacity(text.len() / 32)).collect();
        Scan { found, resume: vec![0; self.semantics.len()], folded: Vec::new() }
    }

    /// Each group's matches, by group.
    pub fn find(&self, text: &str) -> Vec<Vec<PhraseMatch>> {
        let mut scan = self.scan_for(text);
        self.scan_keys(text, 0, &mut scan, |_, _| false);
        scan.found
    }

    /// [`PhraseSearch::find`] over `text`, given `old`, what it found over a text that `changes`
    /// (sorted, non-overlapping, over the old text) turned into `text`. Only the neighbourhood of
    /// each change is searched again; elsewhere the old matches are moved. The result is the
    /// same as `find(text)` (a test checks it on random edits).
    ///
    /// Why it is the same: what is found at a key depends only on the text from the character
    /// before the key to the character after its longest pattern (or the end of the key, when
    /// that is longer), and, for Longest groups, on where the group's last match ended. Keys
    /// whose reach is away from every change find what they found in the old text; after a
    /// change, the search runs on until a key where neither the old search nor the new one is
    /// inside a Longest match, and from there the two go in step.
    pub fn find_after(&self, old: &[Vec<PhraseMatch>], changes: &[Change], text: &str) -> Vec<Vec<PhraseMatch>> {
        // A key reads at most `max_len` bytes and the character after them (up to four bytes)
        // past its start, or its own run of alphanumerics (`window_start` sees to those), and one
        // character before it (whether it starts a key).
        let (back, ahead) = (self.max_len + 8, 4);
        let mut scan = self.scan_for(text);
        // Per group: the next old match to consider moving, and (for the resynchronisation
        // check) the first old match starting at or after the position checked.
        let mut next: Vec<usize> = vec![0; old.len()];
        let mut i = 0; // a key start of `text`: everything before it is searched
        let mut shift: isize = 0; // new position - old position, for the text after the last change
        let mut k = 0;
        while k < changes.len() {
            // A window of changes closer to each other than the margin, in new positions.
            let first_start = (changes[k].start as isize + shift) as usize;
            let mut last_end = first_start;
            let mut after = shift;
            while k < changes.len() {
                let c = changes[k];
                let start = (c.start as isize + after) as usize;
                if start > last_end + ahead + back {
                    break;
                }
                last_end = start + c.len;
                after += c.len as isize - (c.end - c.start) as isize;
                k += 1;
            }
            let from = self.window_start(text, first_start.saturating_sub(back));
            if i < from {
                self.move_old(old, &mut next, i, from, shift, &mut scan);
                i = from;
            }
            shift = after;
            let until = last_end + ahead;
            // Where the next window starts at the latest: its changes' old matches are not moved.
            let stop_at = changes.get(k).map_or(usize::MAX, |c| ((c.start as isize + shift) as usize) - back);
            let sem = &self.semantics;
            let mut probe = next.clone();
            i = self.scan_keys(text, i, &mut scan, |p, resume| {
                if p < until {
                    return false;
                }
                if p >= stop_at {
                    return true;
                }
                let p_old = (p as isize - shift) as usize;
                sem.iter().enumerate().all(|(g, s)| {
                    if *s == Semantics::All {
                        return true;
                    }
                    if resume[g] > p {
                        return false;
                    }
                    let m = &old[g];
                    let j = &mut probe[g];
                    while *j < m.len() && m[*j].start < p_old {
                        *j += 1;
                    }
                    // The last old match starting before `p_old` must end at or before it.
                    *j == 0 || m[*j - 1].end <= p_old
                })
            });
        }
        if i < text.len() {
            self.move_old(old, &mut next, i, text.len(), shift, &mut scan);
        }
        scan.found
    }

    /// A key start at or before `at`: not inside a run of alphanumerics, so that no key before it
    /// reaches past it.
    fn window_start(&self, text: &str, at: usize) -> usize {
        let mut a = at.min(text.len());
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        while let Some(c) = text[..a].chars().next_back() {
            if !c.is_alphanumeric() {
                break;
            }
            a -= c.len_utf8();
        }
        a
    }

    /// Moves the old matches starting in `from..to` (new positions; old ones are `shift` less).
    fn move_old(
        &self,
        old: &[Vec<PhraseMatch>],
        next: &mut [usize],
        from: usize,
        to: usize,
        shift: isize,
        scan: &mut Scan,
    ) {
        let (from, to) = ((from as isize - shift) as usize, (to as isize - shift) as usize);
        for (g, m) in old.iter().enumerate() {
            let j = &mut next[g];
            while *j < m.len() && m[*j].start < from {
                *j += 1;
            }
            while *j < m.len() && m[*j].start < to {
                let o = m[*j];
                let moved = PhraseMatch {
                    start: (o.start as isize + shift) as usize,
                    end: (o.end as isize + shift) as usize,
                    pattern: o.pattern,
                };
                if self.semantics[g] == Semantics::Longest {
                    scan.resume[g] = moved.end;
                }
                scan.found[g].push(moved);
                *j += 1;
            }
        }
    }

    /// Searches key by key from `i` (a key start) until `stop(key start, scan)` says so or the
    /// text ends; returns where it stopped.
    #[inline(always)]
    fn scan_keys(
        &self,
        text: &str,
        mut i: usize,
        scan: &mut Scan,
        mut stop: impl FnMut(usize, &[usize]) -> bool,
    ) -> usize {
        let bytes = text.as_bytes();
        let Scan { found, resume, folded } = scan;
        // Key by key (a run of alphanumerics, or one other character): every key starts on a
        // word boundary without asking.
        while i < bytes.len() {
            if stop(i, resume) {
                return i;
            }
            let start = i;
            let b = bytes[i];
            let mut class = BYTE_CLASS[usize::from(b)];
            if class & ALNUM != 0 {
                i += 1;
                while i < bytes.len() {
                    let c = BYTE_CLASS[usize::from(bytes[i])];
                    if c & ALNUM == 0 {
                        break;
                    }
                    class |= c;
                    i += 1;
                }
                if i < bytes.len() && !bytes[i].is_ascii() {
                    i = key_end(text, start);
                    class |= UPPER; // not scanned: fold to be safe
                }
            } else if b.is_ascii() {
                i += 1;
            } else {
                i = key_end(text, start);
                class |= UPPER;
            }
            if !self.key_first_bytes[usize::from(b)] {
                continue;
            }
            let key = &bytes[start..i];
            // The key's first eight bytes from a word-sized read of the text (no copy of a short
            // slice), lowercase: all of a short key, packed.
            let (word, _) = first_eight(&bytes[start..], false);
            let len = key.len();
            let packed = if len >= 8 { word } else { word & ((1u64 << (8 * len)) - 1) };
            let packed = if class & UPPER != 0 { fold_ascii_word(packed) } else { packed };
            if !self.key_filter.may_hold(packed) {
                continue;
            }
            let cands = if len <= 8 {
                self.short_keys.get(&(packed, len as u8))
            } else if class & UPPER != 0 {
                folded.clear();
                folded.extend(key.iter().map(u8::to_ascii_lowercase));
                self.long_keys.get(folded.as_slice())
            } else {
                self.long_keys.get(key)
            };
            let Some(cands) = cands else { continue };
            let (next8, _) = first_eight(&bytes[i..], false);
            let next8_folded = fold_ascii_word(next8);
            // A key without capitals equals an exact-case key (same lowercase: same table slot)
            // exactly when that key has no capitals either: no byte comparison needed.
            let key_is_lower = class & UPPER == 0;
            let tail_end = |c: &Candidate| -> Option<usize> {
                match &c.exact_key {
                    Some(k) => {
                        let same_key = if key_is_lower { !c.key_has_upper } else { **k == *key };
                        if !same_key {
                            return None;
                        }
                        tail_at(bytes, i, c, next8)
                    }
                    None => tail_at(bytes, i, c, next8_folded),
                }
            };
            let text_prefix = (next8_folded & PREFIX_MASK) as u32;
            for gc in &cands.groups {
                let g = gc.group;
                // The long tails that can be written here, in their order (all of them when the
                // group is not indexed), then the short ones.
                let long: &[(u32, u32)] = if gc.by_prefix.is_empty() {
                    &[]
                } else {
                    let from = gc.by_prefix.partition_point(|&(p, _)| p < text_prefix);
                    let n = gc.by_prefix[from..].iter().take_while(|&&(p, _)| p == text_prefix).count();
                    &gc.by_prefix[from..from + n]
                };
                let unindexed = if gc.by_prefix.is_empty() { gc.start } else { gc.short };
                let indexed = long.iter().map(|&(_, k)| &cands.cands[k as usize]);
                let rest = &cands.cands[unindexed..gc.end];
                match self.semantics[g] {
                    Semantics::Longest => {
                        if start < resume[g] {
                            continue;
                        }
                        // Longest first: the first tail written here is the match, if it ends a word.
                        if let Some((c, end)) = indexed.chain(rest).find_map(|c| Some((c, tail_end(c)?))) {
                            if ends_word(text, end) {
                                resume[g] = end;
                                found[g].push(PhraseMatch { start, end, pattern: c.id as usize });
                            }
                        }
                    }
                    Semantics::All => {
                        // Shortest first.
                        for c in rest.iter().rev().chain(indexed.rev()) {
                            if let Some(end) = tail_end(c).filter(|&end| ends_word(text, end)) {
                                found[g].push(PhraseMatch { start, end, pattern: c.id as usize });
                            }
                        }
                    }
                }
            }
        }
        i
    }
}

/// [`is_word_boundary`] at the end `end` of a match, without decoding when the bytes around it
/// are ASCII (nearly always). Not inlined: inlined into the key loop it cost the loop 10 M more
/// instructions on 5 MB of clean news than it saved.
#[inline(never)]
fn ends_word(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&after) = bytes.get(end) else { return true };
    if !after.is_ascii() {
        return is_word_boundary(text, end);
    }
    if BYTE_CLASS[usize::from(after)] & ALNUM == 0 {
        return true;
    }
    match end.checked_sub(1).map(|i| bytes[i]) {
        None => true,
        Some(before) if before.is_ascii() => BYTE_CLASS[usize::from(before)] & ALNUM == 0,
        Some(_) => is_word_boundary(text, end),
    }
}

/// Where `c` ends when its tail is written at `at` (right after its key), if it is; `next8` are
/// the text's eight bytes at `at`, folded when `c` is case-insensitive. An empty tail has an empty
/// mask: it is written everywhere.
#[inline(always)]
fn tail_at(text: &[u8], at: usize, c: &Candidate, next8: u64) -> Option<usize> {
    if next8 & c.mask != c.head {
        return None;
    }
    if c.tail.len() <= 8 && at + c.tail.len() <= text.len() {
        // The head compared every byte of the tail (folded when case-insensitive).
        return Some(at + c.tail.len());
    }
    let end = at + c.tail.len();
    let written = text.get(at..end)?;
    let same = if c.exact_key.is_some() { *written == *c.tail } else { written.eq_ignore_ascii_case(&c.tail) };
    same.then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, Input, MatchKind};

    fn one_group(semantics: Semantics, case_insensitive: bool, patterns: &[&str], text: &str) -> Vec<String> {
        let s = PhraseSearch::builder().group(semantics, case_insensitive, patterns).build();
        s.find(text)[0].iter().map(|m| text[m.start..m.end].to_string()).collect()
    }

    fn longest(patterns: &[&str], text: &str) -> Vec<String> {
        one_group(Semantics::Longest, true, patterns, text)
    }

    fn all(patterns: &[&str], text: &str) -> Vec<String> {
        one_group(Semantics::All, false, patterns, text)
    }

    /// `find_after` must give what `find` gives on the edited text: random texts over words that
    /// start, end and overlap phrases, random changes (inside words too, near each other and far
    /// apart, at the ends), checked against a fresh search.
    #[test]
    fn find_after_changes_is_find() {
        let longest = [
            "live performance",
            "live",
            "performance",
            "a few",
            "particulars a few",
            "details about",
            "about a",
            "in accordance with",
            "accordance",
            "with",
            "café au lait",
            "x-ray",
            "Über",
            "live performance venue",
            "performance venue",
        ];
        let all = ["a", "few", "about", "details", "live performance", "with", "au", "über"];
        let s =
            PhraseSearch::builder().group(Semantics::Longest, true, longest).group(Semantics::All, false, all).build();
        let words = [
            "live",
            "Live",
            "performance",
            "performances",
            "a",
            "few",
            "particulars",
            "details",
            "about",
            "in",
            "accordance",
            "with",
            "café",
            "au",
            "lait",
            "x",
            "ray",
            "Über",
            "über",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "the",
            "said",
            "mentioned",
            "é",
            "in accordance with",
            "live performance venue",
            "particulars a few",
        ];
        let seps = [" ", " ", " ", ", ", "-", "\n", ". ", "", "\u{2019}"];
        let mut rand = crate::test_rng::xorshift();
        let phrase = |rand: &mut dyn FnMut(usize) -> usize, n: usize| -> String {
            let mut t = String::new();
            for _ in 0..n {
                t.push_str(words[rand(words.len())]);
                t.push_str(seps[rand(seps.len())]);
            }
            t
        };
        for case in 0..3000 {
            let n = 5 + rand(400);
            let old_text = phrase(&mut rand, n);
            let old = s.find(&old_text);
            // Sorted, non-overlapping changes at character boundaries.
            let mut cuts: Vec<usize> = (0..2 * rand(6)).map(|_| rand(old_text.len() + 1)).collect();
            cuts.sort_unstable();
            let mut changes = Vec::new();
            let mut text = String::new();
            let mut pos = 0;
            for pair in cuts.chunks(2) {
                let (mut a, mut b) = (pair[0], pair[1]);
                while !old_text.is_char_boundary(a) {
                    a -= 1;
                }
                while !old_text.is_char_boundary(b) {
                    b += 1;
                }
                if a < pos {
                    continue;
                }
                let n = 1 + rand(3);
                let replacement = if rand(4) == 0 { String::new() } else { phrase(&mut rand, n) };
                text.push_str(&old_text[pos..a]);
                text.push_str(&replacement);
                changes.push(Change { start: a, end: b, len: replacement.len() });
                pos = b;
            }
            text.push_str(&old_text[pos..]);
            assert_eq!(
                s.find_after(&old, &changes, &text),
                s.find(&text),
                "case {case}: {old_text:?} -> {text:?}, {changes:?}"
            );
        }
    }

    #[test]
    fn longest_matches_are_whole_words() {
        let table: &[(&[&str], &str, &[&str])] = &[
            (&["to"], "tomorrow to auto to", &["to", "to"]),
            (&["live", "live performance"], "a live performance, live", &["live performance", "live"]),
            (&["live performance"], "live performances", &[]),
            (&["a b", "b c"], "a b c", &["a b"]),
            (&["said"], "SAID Said said", &["SAID", "Said", "said"]),
            (&["état"], "l'état étatique", &["état"]),
            (&["x"], "éx x", &["x"]),
            (&["mentioned"], "", &[]),
        ];
        for (patterns, text, want) in table {
            assert_eq!(longest(patterns, text), *want, "{patterns:?} in {text:?}");
        }
    }

    #[test]
    fn all_matches_overlap_and_respect_case() {
        let table: &[(&[&str], &str, &[&str])] = &[
            (&["according", "according to", "to"], "according to", &["according", "according to", "to"]),
            (&["to"], "To to tomato", &["to"]),
            (&["said"], "said,said", &["said", "said"]),
        ];
        for (patterns, text, want) in table {
            assert_eq!(all(patterns, text), *want, "{patterns:?} in {text:?}");
        }
    }

    /// The anchored search must agree with the unanchored scan it replaced.
    #[test]
    fn agrees_with_an_unanchored_scan() {
        let patterns = ["a", "an", "to", "the", "said", "in keeping with", "keeping", "ISIS-Okay", "isis"];
        let text = "In keeping with the ISIS-Okay report, an official said: \"to the moon\"; tomato anthem.";
        let lower: Vec<String> = patterns.iter().map(|p| p.to_lowercase()).collect();
        let s = PhraseSearch::builder().group(Semantics::Longest, true, &lower).build();
        let reference = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&lower)
            .unwrap();
        let mut want = Vec::new();
        let mut pos = 0;
        while let Some(m) = reference.find(Input::new(text).span(pos..text.len())) {
            if is_word_boundary(text, m.start()) && is_word_boundary(text, m.end()) {
                want.push((m.start(), m.end()));
                pos = m.end();
            } else {
                pos = m.start() + 1;
            }
        }
        let got: Vec<(usize, usize)> = s.find(text)[0].iter().map(|m| (m.start, m.end)).collect();
        assert_eq!(got, want);
    }

    /// Keys with many phrases are searched through their tails' prefix index: random texts over
    /// words that share a key and the first bytes after it ("the man", "the many", "the mans",
    /// "The Man", "the m", "the-man") must give aho-corasick's leftmost-longest and overlapping
    /// matches, one group case-insensitive and one exact. It fails when the index drops a
    /// candidate or the short tails are searched in the wrong order.
    #[test]
    fn indexed_keys_agree_with_aho_corasick() {
        let longest = [
            "the",
            "the man",
            "the many",
            "the manor",
            "the m",
            "the-man",
            "the mans",
            "the ma",
            "the man of",
            "the men",
            "the many men",
            "of the",
            "of the man",
            "of",
            "man of",
            "the\u{e9}t\u{e9}",
            "the \u{e9}t\u{e9}",
        ];
        let all = ["the", "The", "the man", "The Man", "the many", "the m", "man", "men", "the men", "the many men"];
        let lower: Vec<String> = longest.iter().map(|p| p.to_lowercase()).collect();
        let s =
            PhraseSearch::builder().group(Semantics::Longest, true, &lower).group(Semantics::All, false, all).build();
        let reference = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&lower)
            .unwrap();
        let overlapping = AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(all).unwrap();
        let words = [
            "the",
            "The",
            "THE",
            "man",
            "Man",
            "many",
            "manor",
            "mans",
            "m",
            "ma",
            "men",
            "of",
            "-",
            "\u{e9}t\u{e9}",
            ",",
        ];
        let seps = [" ", " ", " ", "  ", "-", "", ", "];
        let mut rand = crate::test_rng::xorshift();
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..rand(12) + 1 {
                text.push_str(words[rand(words.len())]);
                text.push_str(seps[rand(seps.len())]);
            }
            let mut want = Vec::new();
            let mut pos = 0;
            while let Some(m) = reference.find(Input::new(&text).span(pos..text.len())) {
                if is_word_boundary(&text, m.start()) && is_word_boundary(&text, m.end()) {
                    want.push((m.start(), m.end(), m.pattern().as_usize()));
                    pos = m.end();
                } else {
                    pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                }
            }
            let found = s.find(&text);
            let got: Vec<(usize, usize, usize)> = found[0].iter().map(|m| (m.start, m.end, m.pattern)).collect();
            assert_eq!(got, want, "{text:?}");
            let mut want_all: Vec<(usize, usize, usize)> = overlapping
                .find_overlapping_iter(&text)
                .filter(|m| is_word_boundary(&text, m.start()) && is_word_boundary(&text, m.end()))
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            want_all.sort_by_key(|&(start, end, p)| (start, end, p));
            let got_all: Vec<(usize, usize, usize)> = found[1].iter().map(|m| (m.start, m.end, m.pattern)).collect();
            assert_eq!(got_all, want_all, "{text:?}");
        }
    }

    /// Every-occurrence search agrees with aho-corasick's overlapping scan, filtered to whole words.
    #[test]
    fn all_agrees_with_an_overlapping_scan() {
        let patterns = ["a", "an", "to", "the", "said", "in keeping with", "keeping", "in", "ISIS-Okay", "s"];
        let text = "In keeping with the ISIS-Okay report, an official's aide said: \"to the moon\"; in keeping.";
        let s = PhraseSearch::builder().group(Semantics::All, false, patterns).build();
        let reference = AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(patterns).unwrap();
        let want: Vec<(usize, usize, usize)> = reference
            .find_overlapping_iter(text)
            .filter(|m| is_word_boundary(text, m.start()) && is_word_boundary(text, m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        let mut got: Vec<(usize, usize, usize)> = s.find(text)[0].iter().map(|m| (m.start, m.end, m.pattern)).collect();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        got.sort();
        assert_eq!(got, want_sorted);
    }

    /// The filter holds every key of the table, and a word it does not hold keys nothing: the
    /// search finds nothing starting there. It must also turn most other words away.
    #[test]
    fn keys_absent_from_the_filter_key_no_phrase() {
        let mut rand = crate::test_rng::xorshift();
        let letters = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let mut word = |max: usize| -> String {
            let n = 1 + rand(max);
            (0..n).map(|_| char::from(letters[rand(letters.len())])).collect()
        };
        let phrases: Vec<String> = (0..2000).map(|_| format!("{} {}", word(12), word(4))).collect();
        let s = PhraseSearch::builder()
            .group(Semantics::Longest, true, &phrases[..1000])
            .group(Semantics::All, false, &phrases[1000..])
            .build();
        for k in s.short_keys.keys() {
            assert!(s.key_filter.may_hold(k.0), "{k:?}");
        }
        for k in s.long_keys.keys() {
            assert!(s.key_filter.may_hold(first_eight(k, false).0), "{k:?}");
        }
        let (mut absent, mut tried) = (0, 0);
        for _ in 0..20_000 {
            let w = word(12);
            let lower = w.to_ascii_lowercase();
            let first8 = first_eight(lower.as_bytes(), false).0;
            let is_key = match short_key(lower.as_bytes()) {
                Some(packed) => s.short_keys.contains_key(&packed),
                None => s.long_keys.contains_key(lower.as_bytes()),
            };
            tried += 1;
            if !s.key_filter.may_hold(first8) {
                absent += 1;
                assert!(!is_key, "{w:?} keys a phrase but is not in the filter");
                let text = format!("{w} {}", phrases.iter().find_map(|p| p.split_once(' ')).unwrap().1);
                assert!(s.find(&text).iter().all(|g| g.iter().all(|m| m.start != 0)), "{text:?}");
            }
        }
        assert!(absent * 10 > tried * 8, "the filter turned away only {absent} of {tried} words");
    }

    #[test]
    fn ends_word_is_is_word_boundary() {
        for text in ["", "a", "ab c", "x-y z9 ", "café au lait", "naïve.élan’s Ωmega  1,5", "\u{2019}a\u{a0}b"] {
            for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(ends_word(text, end), is_word_boundary(text, end), "{text:?} at {end}");
            }
        }
    }

    #[test]
    fn word_folding_lowercases_ascii_letters_only() {
        let samples: [&[u8; 8]; 5] = [b"ABCXYZ@[", b"abc xyz`", b"Mentione", b"\xc3\x89T\xe2\x80\x99S!", b"0123 Z{~"];
        for s in samples {
            let want = u64::from_le_bytes(s.map(|b| b.to_ascii_lowercase()));
            assert_eq!(fold_ascii_word(u64::from_le_bytes(*s)), want, "{s:?}");
        }
        for b in 0..=255u8 {
            let v = u64::from_le_bytes([b; 8]);
            assert_eq!(fold_ascii_word(v), u64::from_le_bytes([b.to_ascii_lowercase(); 8]), "{b}");
        }
    }

    /// Two groups in one pass give what each gives alone.
    #[test]
    fn groups_do_not_interfere() {
        let spun = ["mentioned", "in keeping with", "live performance"];
        let originals = ["said", "according to", "in"];
        let text = "Officials mentioned, in keeping with the live performance, what the man said In keeping.";
        let both = PhraseSearch::builder()
            .group(Semantics::Longest, true, spun)
            .group(Semantics::All, false, originals)
            .build()
            .find(text);
        let alone_spun = PhraseSearch::builder().group(Semantics::Longest, true, spun).build().find(text);
        let alone_orig = PhraseSearch::builder().group(Semantics::All, false, originals).build().find(text);
        assert_eq!(both[0], alone_spun[0]);
        assert_eq!(both[1], alone_orig[0]);
        assert_eq!(both[0].len(), 3);
        assert_eq!(both[1].len(), 2); // "in" inside "in keeping with", and "said"; not "In"
    }
}
