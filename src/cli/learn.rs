//! `unspin learn`: induce a spinner's substitution map from unlabelled spun documents.

use super::args::LearnArgs;
use super::engine::{warn, Tally};
use super::input::{collect, ReadError, Source};
use super::output::atomic_write;
use anyhow::{bail, Result};
use std::io::Read;
use std::io::Write;
use unspin::encoding::decode;
use unspin::learn::{LearnOptions, Learner};

/// Reads a whole source as text (stdin or a file; any encoding `unspin::encoding` recognises).
fn read_text(src: &Source) -> Result<String, ReadError> {
    let bytes = match src.path() {
        None => {
            let mut buf = Vec::new();
            std::io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
        }
        Some(path) => std::fs::read(path),
    }
    .map_err(ReadError::Io)?;
    decode(&bytes).map(|d| d.text).map_err(ReadError::Decode)
}

pub fn run(args: &LearnArgs, tally: &mut Tally) -> Result<()> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        bail!("--min-confidence {} is not between 0 and 1", args.min_confidence);
    }
    let found = collect(&args.corpus, &args.glob)?;
    for p in found.problems.iter().chain(&found.skipped) {
        warn(p);
    }
    tally.problems += found.problems.len();
    tally.skipped += found.skipped.len();
    let sources = found.sources;
    let mut learner =
        Learner::new(LearnOptions { min_occurrences: args.min_occurrences, min_confidence: args.min_confidence });
    for src in &sources {
        match read_text(src) {
            Ok(text) => learner.add_document(&text),
            Err(e) => {
                warn(format!("{}: {e}", src.label()));
                tally.problems += 1;
            }
        }
    }
    tally.documents += learner.documents();
    if learner.documents() == 0 {
        bail!("no documents read (looked for {:?} in folders)", args.glob);
    }
    let mappings = learner.learn();
    let command =
        format!("unspin learn --min-confidence {} (corpus of {} file(s))", args.min_confidence, sources.len());
    let tsv = learner.to_tsv(&mappings, &command);
    if args.out.as_os_str() == "-" {
        std::io::stdout().lock().write_all(tsv.as_bytes())?;
    } else {
        atomic_write(&args.out, tsv.as_bytes())?;
    }
    eprintln!(
        "unspin learn: {} document(s), {} words: {} pair(s) -> {}",
        learner.documents(),
        learner.words(),
        mappings.len(),
        args.out.display()
    );
    Ok(())
}
