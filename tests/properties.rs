//! Property tests: the guarantees of `unspin::invariants` (the same ones the fuzz targets check)
//! on generated text built from the dictionaries' own vocabulary, on arbitrary strings and on
//! JSON Lines shards; and the fast overlap resolution of `decide` against the obvious quadratic one.

use proptest::prelude::*;
use std::sync::OnceLock;
use unspin::dict::Dictionary;
use unspin::invariants::{check_document, check_shard};
use unspin::pipeline::decide;
use unspin::{Cleaner, Config, Proposal, Stage};

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        Cleaner::new(Config { stages: Stage::ALL.to_vec(), ..Config::default() }).expect("built-in packs load")
    })
}

/// Every spun and original form of the built-in dictionaries: text made of these exercises
/// matches, chains, overlaps and adjacency far more than random text.
fn vocabulary() -> Vec<String> {
    let packs: Vec<String> = unspin::dict::BUILTIN_PACKS.iter().map(|p| p.0.to_string()).collect();
    let dict = Dictionary::builtin(&packs).expect("built-in packs load");
    let mut words: Vec<String> = dict.entries.iter().flat_map(|e| [e.spun.clone(), e.original.clone()]).collect();
    words.sort();
    words.dedup();
    words
}

fn piece() -> impl Strategy<Value = String> {
    let seps =
        prop::sample::select(vec![" ", " ", " ", "\n", "\r\n", ", ", ". ", "’s ", "-", "\u{feff}", "\t", " “", "” "]);
    let word = prop::sample::select(vocabulary());
    let casing = 0..3u8;
    prop_oneof![
        8 => (word, casing, seps.clone()).prop_map(|(w, c, s)| {
            let w = match c {
                0 => w,
                1 => {
                    let mut cs = w.chars();
                    cs.next().map_or(String::new(), |f| f.to_uppercase().collect::<String>() + cs.as_str())
                }
                _ => w.to_uppercase(),
            };
            w + s
        }),
        1 => "[a-zA-Z]{1,8}".prop_map(|w| w + " "),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => seps.prop_map(str::to_string),
    ]
}

fn spun_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

proptest! {
    // 256 cases by default (seconds in a debug build); PROPTEST_CASES=20000 for a long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn dictionary_text_keeps_every_invariant(text in spun_text()) {
        if let Err(broken) = check_document(cleaner(), &text) {
            return Err(TestCaseError::fail(format!("{broken}\ninput: {text:?}")));
        }
    }

    #[test]
    fn arbitrary_text_keeps_every_invariant(text in any::<String>()) {
        if let Err(broken) = check_document(cleaner(), &text) {
            return Err(TestCaseError::fail(format!("{broken}\ninput: {text:?}")));
        }
    }

    #[test]
    fn jsonl_shards_lose_no_line(
        lines in prop::collection::vec(
            prop_oneof![
                spun_text().prop_map(|t| serde_json::json!({ "id": 1, "text": t }).to_string()),
                spun_text().prop_map(|t| serde_json::json!({ "body": t }).to_string()),
                Just("{\"text\": 12}".to_string()),
                Just("{\"text\": \"unterminated".to_string()),
                any::<String>(),
            ],
            0..8,
        ),
        endings in prop::collection::vec(prop::sample::select(vec!["\n", "\r\n", ""]), 8),
    ) {
        let mut shard = Vec::new();
        for (line, ending) in lines.iter().zip(&endings) {
            shard.extend_from_slice(line.as_bytes());
            shard.extend_from_slice(ending.as_bytes());
        }
        if let Err(broken) = check_shard(cleaner(), &shard, "text") {
            return Err(TestCaseError::fail(format!("{broken}\nshard: {:?}", String::from_utf8_lossy(&shard))));
        }
    }

    #[test]
    fn decide_matches_the_quadratic_definition(
        spans in prop::collection::vec((0..40usize, 0..6usize, 0..4u8), 0..30),
    ) {
        let proposals: Vec<Proposal> = spans
            .iter()
            .enumerate()
            .map(|(i, &(start, len, conf))| Proposal {
                range: start..start + len,
                replacement: format!("r{i}"),
                stage: Stage::Spin,
                rule: String::new(),
                confidence: 0.4 + f32::from(conf) * 0.2,
                alternatives: vec![],
                reason: String::new(),
            })
            .collect();
        let fast: Vec<String> = decide(proposals.clone(), 0.5).into_iter().map(|p| p.replacement).collect();
        prop_assert_eq!(fast, naive_decide(proposals, 0.5));
    }
}

/// The definition `decide` implements, written the obvious way.
fn naive_decide(mut proposals: Vec<Proposal>, min: f32) -> Vec<String> {
    let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
        if a.is_empty() || b.is_empty() {
            a.start <= b.end && b.start <= a.end && !(a.is_empty() && b.is_empty() && a.start != b.start)
        } else {
            a.start < b.end && b.start < a.end
        }
    };
    proposals.retain(|p| p.confidence >= min);
    proposals.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.range.len().cmp(&a.range.len()))
            .then(a.range.start.cmp(&b.range.start))
    });
    let mut kept: Vec<Proposal> = Vec::new();
    for p in proposals {
        if !kept.iter().any(|k| overlaps(&k.range, &p.range)) {
            kept.push(p);
        }
    }
    kept.sort_by_key(|p| p.range.start);
    kept.into_iter().map(|p| p.replacement).collect()
}
