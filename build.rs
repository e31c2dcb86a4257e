//! Compiles the language data under `dictionaries/lm/` and `dictionaries/thesaurus/` (reviewable,
//! sorted text files, rebuilt by `scripts/build_language_data.py`) into compact binary tables in
//! `OUT_DIR`, which `src/lm.rs` and `src/thesaurus.rs` embed with `include_bytes!`. Loading them at
//! run time is a few pointer casts, so start-up stays in the microseconds.
//!
//! Binary layout (all integers little-endian):
//! - `lm_unigrams.fst`: word -> index into `lm_stats.bin`.
//! - `lm_stats.bin`: per word, 28 bytes: unigram count u64, sum of the listed bigram counts starting
//!   with the word u64, number of listed continuations u32, unigram probability mass of those
//!   continuations f32, index of its first continuation in the bigram tables u32.
//! - `lm_bigram_ids.bin` (u32) and `lm_bigram_counts.bin` (u64): the listed bigrams sorted by
//!   (first word's index, second word's index): the second word's index and the count. A word's
//!   continuations are a sorted run found from its stats record: a lookup is a binary search over a
//!   few entries, not a walk of a string automaton.
//! - `lm_consts.rs`: corpus totals used for normalisation.
//! - `thesaurus_terms.fst`: term -> id; `thesaurus_strings.bin`: (n+1) u32 offsets then the UTF-8
//!   bytes of the terms in id order; `thesaurus_syn.bin` / `thesaurus_rev.bin`: (n+1) u32 offsets then
//!   u32 ids, the synonyms of each term / the terms listing it as a synonym.

use std::collections::HashMap;
use std::env;
use std::fs;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

const THESAURI: &[&str] = &["wordnet", "moby", "inflected"];

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let lm = root.join("dictionaries/lm");
    let th = root.join("dictionaries/thesaurus");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", lm.display());
    println!("cargo:rerun-if-changed={}", th.display());
    build_lm(&lm, &out);
    build_thesaurus(&th, &out);
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parses `key<TAB>count` lines; panics with the location on a malformed or unsorted line, because a
/// broken data file must fail the build, not produce a silently wrong model.
fn counts<'a>(name: &str, text: &'a str) -> Vec<(&'a str, u64)> {
    let mut rows: Vec<(&str, u64)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let (key, count) = line.split_once('\t').unwrap_or_else(|| panic!("{name}:{}: expected key<TAB>count", i + 1));
        let count: u64 = count.parse().unwrap_or_else(|_| panic!("{name}:{}: bad count {count:?}", i + 1));
        if let Some((prev, _)) = rows.last() {
            assert!(*prev < key, "{name}:{}: {key:?} is not sorted after {prev:?}", i + 1);
        }
        rows.push((key, count));
    }
    rows
}

fn build_lm(dir: &Path, out: &Path) {
    let uni_text = read(&dir.join("unigrams.tsv"));
    let bi_text = read(&dir.join("bigrams.tsv"));
    let unigrams = counts("unigrams.tsv", &uni_text);
    let bigrams = counts("bigrams.tsv", &bi_text);
    let total: u64 = unigrams.iter().map(|(_, c)| c).sum();
    let min_unigram = unigrams.iter().map(|(_, c)| *c).min().unwrap_or(1);
    let min_bigram = bigrams.iter().map(|(_, c)| *c).min().unwrap_or(1);

    let index: HashMap<&str, usize, BuildHasherDefault<Fnv>> =
        unigrams.iter().enumerate().map(|(i, (w, _))| (*w, i)).collect();
    let mut bisum = vec![0u64; unigrams.len()];
    let mut bitypes = vec![0u32; unigrams.len()];
    let mut covered = vec![0f64; unigrams.len()];
    for (key, count) in &bigrams {
        let (w1, w2) = key.split_once(' ').unwrap_or_else(|| panic!("bigrams.tsv: {key:?} is not two words"));
        let i = *index.get(w1).unwrap_or_else(|| panic!("bigrams.tsv: {w1:?} is not in unigrams.tsv"));
        bisum[i] += count;
        bitypes[i] += 1;
        covered[i] += index.get(w2).map_or(0.0, |&j| unigrams[j].1 as f64 / total as f64);
    }
    // The bigram counts come from a larger corpus than the unigram counts. The scale between the two is
    // set so that, for the most predictable frequent word ("able" -> "to"), the listed continuations hold
    // 95% of its mass; every other word then has some mass left for the unlisted continuations.
    let scale = unigrams
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| *c >= 100_000_000)
        .map(|(i, (_, c))| bisum[i] as f64 / *c as f64)
        .fold(1.0f64, f64::max)
        / 0.95;

    // Bigrams by (first, second) word index; every word of a listed bigram is a listed unigram.
    let mut pairs: Vec<(u32, u32, u64)> = bigrams
        .iter()
        .map(|(key, count)| {
            let (w1, w2) = key.split_once(' ').expect("checked above");
            let id =
                |w: &str| *index.get(w).unwrap_or_else(|| panic!("bigrams.tsv: {w:?} is not in unigrams.tsv")) as u32;
            (id(w1), id(w2), *count)
        })
        .collect();
    pairs.sort_unstable();
    let mut first = vec![0u32; unigrams.len()];
    for (k, (id1, _, _)) in pairs.iter().enumerate().rev() {
        first[*id1 as usize] = k as u32;
    }

    let mut stats = Vec::with_capacity(unigrams.len() * 28);
    let mut map = fst::MapBuilder::memory();
    for (i, (word, count)) in unigrams.iter().enumerate() {
        map.insert(word, i as u64).expect("sorted unigrams");
        stats.extend_from_slice(&count.to_le_bytes());
        stats.extend_from_slice(&bisum[i].to_le_bytes());
        stats.extend_from_slice(&bitypes[i].to_le_bytes());
        stats.extend_from_slice(&(covered[i].min(0.999) as f32).to_le_bytes());
        stats.extend_from_slice(&first[i].to_le_bytes());
    }
    fs::write(out.join("lm_unigrams.fst"), map.into_inner().expect("fst")).expect("write");
    fs::write(out.join("lm_stats.bin"), stats).expect("write");
    let ids: Vec<u8> = pairs.iter().flat_map(|(_, id2, _)| id2.to_le_bytes()).collect();
    let counts: Vec<u8> = pairs.iter().flat_map(|(_, _, c)| c.to_le_bytes()).collect();
    fs::write(out.join("lm_bigram_ids.bin"), ids).expect("write");
    fs::write(out.join("lm_bigram_counts.bin"), counts).expect("write");

    let consts = format!(
        "/// Sum of the unigram counts.\npub const UNIGRAM_TOTAL: u64 = {total};\n\
         /// Smallest unigram count listed.\npub const MIN_UNIGRAM: u64 = {min_unigram};\n\
         /// Smallest bigram count listed: unlisted bigrams are (mostly) rarer than this.\n\
         pub const MIN_BIGRAM: u64 = {min_bigram};\n\
         /// Bigram-corpus tokens per unigram-corpus token.\npub const BIGRAM_SCALE: f64 = {scale:?};\n"
    );
    fs::write(out.join("lm_consts.rs"), consts).expect("write");
}

fn build_thesaurus(dir: &Path, out: &Path) {
    let texts: Vec<(String, String)> =
        THESAURI.iter().map(|n| (format!("{n}.tsv"), read(&dir.join(format!("{n}.tsv"))))).collect();
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (name, text) in &texts {
        for (i, line) in text.lines().enumerate() {
            let (term, syns) =
                line.split_once('\t').unwrap_or_else(|| panic!("{name}:{}: expected term<TAB>syn|syn", i + 1));
            pairs.extend(syns.split('|').filter(|s| !s.is_empty() && *s != term).map(|s| (term, s)));
        }
    }
    let mut terms: Vec<&str> = pairs.iter().flat_map(|(t, s)| [*t, *s]).collect();
    terms.sort_unstable();
    terms.dedup();
    let ids: HashMap<&str, u32, BuildHasherDefault<Fnv>> =
        terms.iter().enumerate().map(|(i, t)| (*t, i as u32)).collect();
    let mut links: Vec<(u32, u32)> = pairs.iter().map(|(t, s)| (ids[t], ids[s])).collect();
    drop(pairs);

    let mut map = fst::MapBuilder::memory();
    let mut strings = Vec::new();
    let mut bytes = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        map.insert(term, i as u64).expect("sorted terms");
        strings.push(bytes.len() as u32);
        bytes.extend_from_slice(term.as_bytes());
    }
    strings.push(bytes.len() as u32);
    fs::write(out.join("thesaurus_terms.fst"), map.into_inner().expect("fst")).expect("write");
    fs::write(out.join("thesaurus_strings.bin"), [u32s(&strings), bytes].concat()).expect("write");

    links.sort_unstable();
    links.dedup();
    fs::write(out.join("thesaurus_syn.bin"), postings(terms.len(), &links)).expect("write");
    let mut reverse: Vec<(u32, u32)> = links.iter().map(|&(t, s)| (s, t)).collect();
    reverse.sort_unstable();
    fs::write(out.join("thesaurus_rev.bin"), postings(terms.len(), &reverse)).expect("write");
}

/// FNV-1a: std's SipHash is slow in the unoptimised build script and needs no DoS resistance here.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for b in bytes {
            h = (h ^ *b as u64).wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

fn u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Compressed rows of sorted (row, value) pairs: (rows+1) u32 offsets, then the u32 values.
fn postings(rows: usize, pairs: &[(u32, u32)]) -> Vec<u8> {
    let mut offsets = vec![0u32; rows + 1];
    for &(row, _) in pairs {
        offsets[row as usize + 1] += 1;
    }
    for i in 0..rows {
        offsets[i + 1] += offsets[i];
    }
    let values: Vec<u32> = pairs.iter().map(|&(_, v)| v).collect();
    [u32s(&offsets), u32s(&values)].concat()
}
