//! Throughput of the normalize stage on JSON Lines inputs ({"text": ...} a line, one document
//! each), single thread. Run by `bench/normalize.sh`, which runs ftfy on the same inputs.
//!
//! `cargo bench --bench normalize -- FILE.jsonl...` prints one JSON object per input and measure.

use std::time::{Duration, Instant};
use unspin::normalize::{apply, NormalizeOptions, Normalizer};
use unspin::pipeline::Signals;
use unspin::{Cleaner, Config, Document, Stage};

/// A measured function: cleans one document, returns 1 when it changed it.
type Measured<'a> = Box<dyn Fn(&str) -> usize + 'a>;

/// Runs `f` over all documents repeatedly for at least this long.
const MIN_TIME: Duration = Duration::from_secs(2);

fn measure(docs: &[String], mut f: impl FnMut(&str) -> usize) -> (f64, usize) {
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut rounds = 0;
    let mut changed = 0;
    let start = Instant::now();
    while rounds == 0 || start.elapsed() < MIN_TIME {
        changed = docs.iter().map(|d| f(d)).sum();
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    ((bytes * rounds) as f64 / secs / 1e6, changed)
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        eprintln!("usage: cargo bench --bench normalize -- FILE.jsonl...");
        std::process::exit(2);
    }
    let normalizer = Normalizer::new(NormalizeOptions::default());
    let only_normalize = Cleaner::new(Config { stages: vec![Stage::Normalize], ..Config::default() }).unwrap();
    let whole_pipeline = Cleaner::new(Config::default()).unwrap();
    for file in &files {
        let docs: Vec<String> = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].as_str().unwrap().to_string())
            .collect();
        let bytes: usize = docs.iter().map(String::len).sum();
        let runs: [(&str, Measured); 3] = [
            (
                "normalize stage",
                Box::new(|d: &str| {
                    let p = normalizer.propose(d, &mut Signals::new());
                    usize::from(apply(d, &p) != d)
                }),
            ),
            (
                "pipeline, normalize only",
                Box::new(|d: &str| usize::from(only_normalize.clean(&Document::new("d", d)).changed())),
            ),
            (
                "pipeline, default stages",
                Box::new(|d: &str| usize::from(whole_pipeline.clean(&Document::new("d", d)).changed())),
            ),
        ];
        // UNSPIN_BENCH_MEASURE=stage runs only the measures whose name contains "stage" (profiling).
        let only = std::env::var("UNSPIN_BENCH_MEASURE").unwrap_or_default();
        for (name, f) in runs.into_iter().filter(|(name, _)| name.contains(only.as_str())) {
            let (mb_s, changed) = measure(&docs, f);
            println!(
                "{}",
                serde_json::json!({"input": file, "measure": name, "docs": docs.len(), "bytes": bytes,
                    "changed_docs": changed, "mb_per_s": (mb_s * 10.0).round() / 10.0})
            );
        }
    }
}
