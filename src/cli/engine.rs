//! Running the pipeline over sources: parallel over documents, bounded batches, output in input
//! order. One bad document never stops the run: it is reported, counted and passed through or
//! skipped, and the run goes on.

use super::args::DetectArgs;
use super::input::{read_bytes, Source};
use anyhow::Result;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::io::BufRead;
use unspin::encoding::{decode, DecodeError};
use unspin::jsonl::{self, Skip};
use unspin::{Cleaner, Document, Outcome};

/// Documents cleaned in parallel at a time: bounds memory while keeping all cores busy.
const BATCH_DOCS: usize = 256;
/// Bytes of JSON Lines read before a batch is cleaned, whatever the record count.
const BATCH_BYTES: usize = 16 << 20;

/// One JSON Lines record, cleaned or passed through.
pub struct Record {
    /// 1-based line number in its shard.
    pub line: usize,
    /// The line exactly as read, with its line ending (if any).
    pub raw: Vec<u8>,
    /// Length of `raw` without its line ending.
    pub body_len: usize,
    pub result: Result<CleanRecord, Skip>,
}

impl Record {
    /// The line ending as read: `\n`, `\r\n`, or nothing on a last line without one.
    pub fn ending(&self) -> &[u8] {
        &self.raw[self.body_len..]
    }
}

pub struct CleanRecord {
    pub object: Map<String, Value>,
    pub input: String,
    pub outcome: Outcome,
}

/// Receives results in input order.
pub trait Sink {
    fn text(&mut self, src: &Source, input: &str, outcome: &Outcome) -> Result<()>;
    fn shard_begin(&mut self, _src: &Source) -> Result<()> {
        Ok(())
    }
    fn record(&mut self, src: &Source, record: &Record) -> Result<()>;
    fn shard_end(&mut self, _src: &Source) -> Result<()> {
        Ok(())
    }
}

/// Counts of what happened, for the summary and the exit code.
#[derive(Default, Debug)]
pub struct Tally {
    /// Documents (files, stdin streams, JSON Lines records) that went through the pipeline.
    pub documents: usize,
    pub changed: usize,
    pub edits: usize,
    /// Documents left out on purpose, with a warning: binary files, documents over
    /// `--max-doc-bytes` (passed through unchanged), non-regular files found in folders.
    pub skipped: usize,
    /// Problems that were reported and skipped (unreadable files, malformed records).
    pub problems: usize,
}

impl Tally {
    /// The one-line summary printed on stderr at the end of a run.
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{} ({} changed, {}), {}, {}",
            plural(self.documents, "document", "documents"),
            self.changed,
            plural(self.edits, "edit", "edits"),
            plural(self.skipped, "skipped", "skipped"),
            plural(self.problems, "problem", "problems"),
        )
    }
}

/// Prints a message on stderr. Messages carry untrusted text (file names, JSON errors quoting
/// input), so control characters are escaped, line by line.
pub fn warn(msg: impl std::fmt::Display) {
    let msg = msg.to_string();
    let lines: Vec<_> = msg.lines().map(super::output::escape_untrusted).collect();
    eprintln!("unspin: {}", lines.join("\n"));
}

pub struct Engine<'a> {
    pub cleaner: &'a Cleaner,
    pub args: &'a DetectArgs,
}

/// What became of one file or stdin stream.
enum Read {
    /// Decoded and cleaned; `assumed` says which encoding was assumed when it was not UTF-8.
    Cleaned {
        input: String,
        assumed: Option<String>,
        outcome: Outcome,
    },
    /// Decoded but over `--max-doc-bytes`: passed through unchanged.
    Oversized(String),
    /// Left out with a warning (binary).
    Skipped(DecodeError),
    Failed(String),
}

impl Engine<'_> {
    /// Size limit for one document's text; `None` when unlimited (`--max-doc-bytes 0`).
    fn limit(&self) -> Option<usize> {
        Some(self.args.max_doc_bytes).filter(|&n| n > 0)
    }

    pub fn run(&self, sources: &[Source], sink: &mut dyn Sink, tally: &mut Tally) -> Result<()> {
        if self.args.jsonl {
            for src in sources {
                self.run_shard(src, sink, tally)?;
            }
            return Ok(());
        }
        for batch in sources.chunks(BATCH_DOCS) {
            let results: Vec<Read> = batch.par_iter().map(|src| self.read(src)).collect();
            for (src, read) in batch.iter().zip(results) {
                let label = src.label();
                match read {
                    Read::Cleaned { input, assumed, outcome } => {
                        if let Some(a) = assumed {
                            warn(format!("{label}: not UTF-8; decoded assuming {a}"));
                        }
                        tally.documents += 1;
                        tally.changed += usize::from(outcome.changed());
                        tally.edits += outcome.edits.len();
                        sink.text(src, &input, &outcome)?;
                    }
                    Read::Oversized(input) => {
                        tally.skipped += 1;
                        warn(format!(
                            "{label}: {} bytes, over --max-doc-bytes {}; passed through unchanged",
                            input.len(),
                            self.args.max_doc_bytes
                        ));
                        sink.text(src, &input, &unchanged(label, &input))?;
                    }
                    Read::Skipped(e) => {
                        tally.skipped += 1;
                        warn(format!("{label}: {e}"));
                    }
                    Read::Failed(e) => {
                        tally.problems += 1;
                        warn(format!("{label}: {e}"));
                    }
                }
            }
        }
        Ok(())
    }

    fn read(&self, src: &Source) -> Read {
        let bytes = match read_bytes(src) {
            Ok(b) => b,
            Err(e) => return Read::Failed(e.to_string()),
        };
        match decode(&bytes) {
            Ok(d) if self.limit().is_some_and(|n| d.text.len() > n) => Read::Oversized(d.text),
            Ok(d) => {
                let outcome = self.cleaner.clean(&Document::new(src.label(), d.text.as_str()));
                Read::Cleaned { input: d.text, assumed: d.assumed, outcome }
            }
            Err(e @ DecodeError::Binary { .. }) => Read::Skipped(e),
            Err(e) => Read::Failed(e.to_string()),
        }
    }

    fn run_shard(&self, src: &Source, sink: &mut dyn Sink, tally: &mut Tally) -> Result<()> {
        let mut reader: Box<dyn BufRead> = match src {
            Source::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
            Source::File { path, .. } => match std::fs::File::open(path) {
                Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 20, f)),
                Err(e) => {
                    tally.problems += 1;
                    warn(format!("{}: {e}", src.label()));
                    return Ok(());
                }
            },
        };
        sink.shard_begin(src)?;
        let mut line_no = 0;
        let mut failed = false;
        while !failed {
            let mut batch: Vec<(usize, Vec<u8>)> = Vec::new();
            let mut bytes = 0;
            while batch.len() < BATCH_DOCS * 4 && bytes < BATCH_BYTES {
                let mut buf = Vec::new();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) => break,
                    Ok(n) => bytes += n,
                    Err(e) => {
                        // The rest of the shard cannot be read: what was read is kept, and the
                        // output is not committed (see `shard_end`) as it would be incomplete.
                        tally.problems += 1;
                        warn(format!("{}:{}: {e}; stopped reading this shard", src.label(), line_no + 1));
                        failed = true;
                        break;
                    }
                }
                line_no += 1;
                batch.push((line_no, buf));
            }
            if batch.is_empty() {
                break;
            }
            let records: Vec<Record> =
                batch.into_par_iter().map(|(line, raw)| self.clean_record(src, line, raw)).collect();
            for r in &records {
                match &r.result {
                    Ok(c) => {
                        tally.documents += 1;
                        tally.changed += usize::from(c.outcome.changed());
                        tally.edits += c.outcome.edits.len();
                    }
                    Err(Skip::Blank) => {}
                    Err(skip @ Skip::Oversized { .. }) => {
                        tally.skipped += 1;
                        warn(format!("{}:{}: {skip}; passed through unchanged", src.label(), r.line));
                    }
                    Err(skip @ Skip::Problem(_)) => {
                        tally.problems += 1;
                        warn(format!("{}:{}: {skip}; passed through unchanged", src.label(), r.line));
                    }
                }
                sink.record(src, r)?;
            }
        }
        if failed {
            return Ok(());
        }
        sink.shard_end(src)
    }

    fn clean_record(&self, src: &Source, line: usize, raw: Vec<u8>) -> Record {
        let body_len = jsonl::split_line(&raw).0.len();
        let result = jsonl::parse_record(&raw[..body_len], &self.args.text_field).and_then(|p| {
            if let Some(limit) = self.limit().filter(|&n| p.text.len() > n) {
                return Err(Skip::Oversized { bytes: p.text.len(), limit });
            }
            let id = jsonl::record_id(&p.object, &self.args.id_field, || format!("{}:{line}", src.label()));
            let outcome = self.cleaner.clean(&Document::new(id, p.text.as_str()));
            Ok(CleanRecord { object: p.object, input: p.text, outcome })
        });
        Record { line, raw, body_len, result }
    }
}

/// The outcome of a document passed through without cleaning.
fn unchanged(id: String, input: &str) -> Outcome {
    Outcome { id, text: input.to_string(), edits: Vec::new(), signals: Default::default() }
}

/// The cleaned record as one JSON line: the text field replaced, an `unspin` attribute added.
pub fn record_json(c: &CleanRecord, text_field: &str) -> String {
    jsonl::record_json(&c.object, text_field, &c.outcome)
}
