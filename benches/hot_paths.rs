//! Micro-benchmarks of the hot paths: tokenizing, dictionary matching, the stages' detection and
//! scoring, deciding, and the whole pipeline per document. `cargo bench` (whole-run throughput
//! and the comparisons with other tools are in bench/run.sh and BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use unspin::dict::Dictionary;
use unspin::pipeline::{decide, Detector, Signals};
use unspin::spin::SpinDetector;
use unspin::tokenize::tokenize;
use unspin::{Cleaner, Config, Document, Proposal, Stage};

/// About 64 KB of text made of a shipped example, so every input is in the repository.
fn sample(name: &str) -> String {
    let text = match name {
        "spun" => include_str!("../examples/spun-news.txt"),
        "clean" => include_str!("../examples/spun-news.gold.txt"),
        _ => include_str!("../examples/science.txt"),
    };
    let mut out = String::new();
    while out.len() < 64 << 10 {
        out.push_str(text);
        out.push('\n');
    }
    out
}

const KINDS: [&str; 3] = ["clean", "spun", "science"];

fn bench_tokenize(c: &mut Criterion) {
    let mut g = c.benchmark_group("tokenize");
    for kind in KINDS {
        let text = sample(kind);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(kind), &text, |b, t| b.iter(|| tokenize(black_box(t))));
    }
    g.finish();
}

fn bench_matching(c: &mut Criterion) {
    let mut g = c.benchmark_group("dict_match");
    for pack in ["news", "science"] {
        let matcher = Dictionary::builtin(&[pack.to_string()]).unwrap().compile();
        for kind in KINDS {
            let text = sample(kind);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(pack, kind), &text, |b, t| b.iter(|| matcher.find_all(black_box(t))));
        }
    }
    g.finish();
}

/// What the spin stage searches for in every document (the news pack's spun forms, leftmost-longest,
/// any case; and its originals, every occurrence, exact case): one word-keyed pass against the two
/// Aho-Corasick scans it replaced (whole-word filtering included), in the same run.
fn bench_phrase_search(c: &mut Criterion) {
    use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
    use unspin::phrase_search::{PhraseSearch, Semantics};
    use unspin::tokenize::is_word_boundary;
    let dict = Dictionary::builtin(&["news".to_string()]).unwrap();
    let distinct = |f: fn(&unspin::dict::Entry) -> &str| {
        let mut v: Vec<String> = dict.entries.iter().map(|e| f(e).to_lowercase()).collect();
        v.sort();
        v.dedup();
        v
    };
    let (spun, originals) = (distinct(|e| &e.spun), distinct(|e| &e.original));
    let keyed =
        PhraseSearch::builder().group(Semantics::Longest, true, &spun).group(Semantics::All, false, &originals).build();
    let longest = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&spun)
        .unwrap();
    let all = AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&originals).unwrap();
    let scans = |t: &str| {
        let (mut pos, mut n) = (0, 0);
        while let Some(m) = longest.find(Input::new(t).span(pos..t.len())) {
            if is_word_boundary(t, m.start()) && is_word_boundary(t, m.end()) {
                n += 1;
                pos = m.end();
            } else {
                pos = m.start() + t[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        let whole = |m: &aho_corasick::Match| is_word_boundary(t, m.start()) && is_word_boundary(t, m.end());
        (n, all.find_overlapping_iter(t).filter(whole).count())
    };
    let mut g = c.benchmark_group("phrase_search");
    for kind in ["clean", "spun"] {
        let text = sample(kind);
        let found = keyed.find(&text);
        assert_eq!((found[0].len(), found[1].len()), scans(&text), "same matches");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("word_keyed", kind), &text, |b, t| b.iter(|| keyed.find(black_box(t))));
        g.bench_with_input(BenchmarkId::new("aho_corasick", kind), &text, |b, t| b.iter(|| scans(black_box(t))));
    }
    g.finish();
}

fn bench_dictionary_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("dict_load");
    for pack in ["news", "science"] {
        g.bench_function(pack, |b| b.iter(|| Dictionary::builtin(&[pack.to_string()]).unwrap().compile()));
    }
    g.bench_function("cleaner_default", |b| b.iter(|| Cleaner::new(Config::default()).unwrap()));
    g.finish();
}

fn bench_spin_scoring(c: &mut Criterion) {
    // Detection with context conditions and candidate ranking, over pre-tokenized text.
    let det = SpinDetector::new(Dictionary::builtin(&["news".to_string()]).unwrap().compile());
    let mut g = c.benchmark_group("spin_detect");
    for kind in KINDS {
        let text = sample(kind);
        let tokens = tokenize(&text);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(kind), &text, |b, t| {
            b.iter(|| det.detect(black_box(t), &tokens, &mut Signals::new()))
        });
    }
    g.finish();
}

fn bench_decide(c: &mut Criterion) {
    // Overlapping proposals of mixed confidence, as several detectors produce them.
    let proposals: Vec<Proposal> = (0..5000)
        .map(|i| Proposal {
            range: (i * 7)..(i * 7 + 3 + i % 11),
            replacement: "x".into(),
            stage: Stage::Spin,
            rule: "r".into(),
            confidence: (i % 10) as f32 / 10.0,
            alternatives: vec![],
            reason: String::new(),
        })
        .collect();
    c.bench_function("decide/5000_overlapping", |b| b.iter(|| decide(black_box(proposals.clone()), 0.5)));
}

/// The OCR stage's channel scorer ([`unspin::ocr::confusion::ChannelScorer`]), the bulk of a cold
/// token's work: OCR tokens against the kind of words the candidate search hands it, at the
/// generation's bound (16).
fn bench_ocr_scorer(c: &mut Criterion) {
    use unspin::ocr::confusion::ConfusionModel;
    let model = ConfusionModel::builtin();
    let table: [(&str, &[&str]); 4] = [
        ("cieek", &["creek", "check", "cheek", "clerk", "circle", "cork", "click", "civic"]),
        ("wonld", &["would", "world", "wold", "wound", "woold", "wand", "worn", "old"]),
        ("bcaung", &["bearing", "beating", "bang", "being", "bring", "coming", "young", "boring"]),
        ("yesterdav", &["yesterday", "yesterdays", "westerly", "easterly", "mastered", "festered"]),
    ];
    let tokens: Vec<(Vec<char>, &[&str])> = table.iter().map(|(t, ws)| (t.chars().collect(), *ws)).collect();
    c.bench_function("ocr/channel_scorer", |b| {
        b.iter(|| {
            let mut total = 0.0f32;
            for (o, words) in &tokens {
                let scorer = model.scorer(o);
                for w in words.iter() {
                    total += scorer.cost(black_box(w), 16.0).min(100.0);
                }
            }
            total
        })
    });
}

fn bench_pipeline(c: &mut Criterion) {
    let mut g = c.benchmark_group("clean");
    let configs: [(&str, Vec<Stage>); 3] =
        [("default", Config::default().stages), ("spin", vec![Stage::Spin]), ("all", Stage::ALL.to_vec())];
    for (name, stages) in configs {
        let cleaner = Cleaner::new(Config { stages, ..Config::default() }).unwrap();
        for kind in KINDS {
            let doc = Document::new("bench", sample(kind));
            g.throughput(Throughput::Bytes(doc.text.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, kind), &doc, |b, d| b.iter(|| cleaner.clean(black_box(d))));
        }
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_tokenize,
    bench_matching,
    bench_phrase_search,
    bench_dictionary_load,
    bench_spin_scoring,
    bench_decide,
    bench_ocr_scorer,
    bench_pipeline
);
criterion_main!(benches);
