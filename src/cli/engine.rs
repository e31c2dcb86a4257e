//! Running the pipeline over sources as a stream: one thread reads (and decompresses), worker
//! threads parse, clean and serialize, and the calling thread hands results to the [`Sink`] in
//! input order. At most a bounded number of documents and bytes are in flight (see
//! [`unspin::stream`]), so memory stays flat whatever the size of the input.

use super::args::DetectArgs;
use super::compress::decompressing;
use super::input::{ReadError, Source};
use super::progress::{CountingReader, Progress};
use anyhow::Result;
use serde_json::{Map, Value};
use std::io::{BufRead, Read};
use std::sync::Arc;
use unspin::encoding::decode;
use unspin::encoding::DecodeError;
use unspin::jsonl::{self, Skip};
use unspin::stream::{ordered_map, Limits};
use unspin::{Cleaner, Document, Outcome};

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
    /// The record with its text field emptied (the text is in `input`).
    pub object: Map<String, Value>,
    pub input: String,
    pub outcome: Outcome,
    /// The cleaned record as one JSON line, when the engine was asked to render records.
    pub json: Option<String>,
    /// Whether cleaning changed the record, and how many edits it made (kept when `object`,
    /// `input` and `outcome` are dropped on the worker: see [`Engine::keep_records`]).
    pub changed: bool,
    pub edits: usize,
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
    /// The shard could not be read to its end: drop what was written for it, keep the input.
    fn shard_abort(&mut self, _src: &Source) -> Result<()> {
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
            "{} ({} changed, {}), {} skipped, {}",
            plural(self.documents, "document", "documents"),
            self.changed,
            plural(self.edits, "edit", "edits"),
            self.skipped,
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
    /// Serialize cleaned JSON Lines records on the worker threads ([`CleanRecord::json`]).
    pub render_records: bool,
    /// With `render_records`, whether the sink reads a rendered record's `object`, `input` and
    /// `outcome` too; when not, the worker drops them once the record is rendered, leaving them
    /// empty. Freed on the thread that allocated them, a record's edits cost a fraction of what
    /// they cost on the writing thread (mimalloc's cross-thread frees: 2% of a spun run).
    pub keep_records: bool,
}

/// What the reading thread produces, in input order. `usize` fields index the sources.
enum Unit {
    Text(usize, Result<Vec<u8>, std::io::Error>),
    ShardBegin(usize),
    /// Consecutive lines of a shard: the 1-based number of the first, and the lines.
    Lines(usize, usize, Vec<Vec<u8>>),
    ShardEnd(usize),
    /// The shard could not be opened or read on; the message says why.
    ShardFailed(usize, String, bool),
}

/// What the workers produce.
enum Done {
    /// The text, its outcome, and the encoding assumed when it was not UTF-8.
    Text(usize, Result<(String, Outcome, Option<String>), ReadError>),
    /// Decoded, but over `--max-doc-bytes`: passed through unchanged.
    Oversized(usize, String),
    ShardBegin(usize),
    Records(usize, Vec<Record>),
    ShardEnd(usize),
    ShardFailed(usize, String, bool),
}

/// Lines are handed to the workers in batches of about this many bytes (or [`BATCH_LINES`]
/// lines): large enough that handing over costs nothing next to cleaning, small enough that a
/// batch of long documents stays a small part of the in-flight budget.
const BATCH_BYTES: usize = 256 << 10;
const BATCH_LINES: usize = 256;

impl Engine<'_> {
    pub fn run(&self, sources: &[Source], sink: &mut dyn Sink, tally: &mut Tally) -> Result<()> {
        let total = sources.iter().try_fold(0u64, |sum, s| match s {
            Source::Stdin => None,
            Source::File { path, .. } => Some(sum + std::fs::metadata(path).map_or(0, |m| m.len())),
        });
        let progress = Arc::new(Progress::new(total));
        let limits = Limits::for_threads(rayon::current_num_threads());
        let jsonl = self.args.jsonl;
        let reader_progress = Arc::clone(&progress);
        let result = ordered_map(
            limits,
            move |push| {
                for (i, src) in sources.iter().enumerate() {
                    let go_on = if jsonl {
                        read_shard(i, src, &reader_progress, push)
                    } else {
                        read_text(i, src, &reader_progress, push)
                    };
                    if !go_on {
                        return;
                    }
                }
            },
            |unit| self.work(sources, unit),
            |done| {
                let r = self.emit(sources, done, sink, tally);
                progress.update(tally.documents);
                r
            },
        );
        progress.finish();
        result
    }

    fn work(&self, sources: &[Source], unit: Unit) -> Done {
        match unit {
            Unit::Text(i, bytes) => {
                match bytes.map_err(ReadError::Io).and_then(|b| decode(&b).map_err(ReadError::Decode)) {
                    Ok(d) if self.limit().is_some_and(|n| d.text.len() > n) => Done::Oversized(i, d.text),
                    Ok(d) => {
                        let outcome = self.cleaner.clean(&Document::new(sources[i].label(), d.text.as_str()));
                        Done::Text(i, Ok((d.text, outcome, d.assumed)))
                    }
                    Err(e) => Done::Text(i, Err(e)),
                }
            }
            Unit::ShardBegin(i) => Done::ShardBegin(i),
            Unit::Lines(i, first, lines) => Done::Records(
                i,
                lines.into_iter().enumerate().map(|(k, raw)| self.clean_record(&sources[i], first + k, raw)).collect(),
            ),
            Unit::ShardEnd(i) => Done::ShardEnd(i),
            Unit::ShardFailed(i, msg, begun) => Done::ShardFailed(i, msg, begun),
        }
    }

    fn emit(&self, sources: &[Source], done: Done, sink: &mut dyn Sink, tally: &mut Tally) -> Result<()> {
        match done {
            Done::Text(i, Ok((input, outcome, assumed))) => {
                if let Some(assumed) = assumed {
                    warn(format!("{}: not valid UTF-8; decoded as {assumed}", sources[i].label()));
                }
                tally.documents += 1;
                tally.changed += usize::from(outcome.changed());
                tally.edits += outcome.edits.len();
                sink.text(&sources[i], &input, &outcome)
            }
            Done::Text(i, Err(e @ ReadError::Decode(DecodeError::Binary { .. }))) => {
                tally.skipped += 1;
                warn(format!("{}: {e}", sources[i].label()));
                Ok(())
            }
            Done::Text(i, Err(e)) => {
                tally.problems += 1;
                warn(format!("{}: {e}", sources[i].label()));
                Ok(())
            }
            Done::Oversized(i, input) => {
                tally.skipped += 1;
                let (src, limit) = (&sources[i], self.args.max_doc_bytes);
                let bytes = input.len();
                warn(format!("{}: {bytes} bytes, over --max-doc-bytes {limit}; passed through unchanged", src.label()));
                let outcome =
                    Outcome { id: src.label(), text: input.clone(), edits: vec![], signals: Default::default() };
                sink.text(src, &input, &outcome)
            }
            Done::ShardBegin(i) => sink.shard_begin(&sources[i]),
            Done::Records(i, records) => {
                for r in &records {
                    match &r.result {
                        Ok(c) => {
                            tally.documents += 1;
                            tally.changed += usize::from(c.changed);
                            tally.edits += c.edits;
                        }
                        Err(Skip::Blank) => {}
                        Err(skip @ Skip::Oversized { .. }) => {
                            tally.skipped += 1;
                            warn(format!("{}:{}: {skip}; passed through unchanged", sources[i].label(), r.line));
                        }
                        Err(skip @ Skip::Problem(_)) => {
                            tally.problems += 1;
                            warn(format!("{}:{}: {skip}; passed through unchanged", sources[i].label(), r.line));
                        }
                    }
                    sink.record(&sources[i], r)?;
                }
                Ok(())
            }
            Done::ShardEnd(i) => sink.shard_end(&sources[i]),
            Done::ShardFailed(i, msg, begun) => {
                tally.problems += 1;
                warn(format!("{}: {msg}", sources[i].label()));
                if begun {
                    warn(format!("{}: not written, as it could not be read to its end", sources[i].label()));
                    sink.shard_abort(&sources[i])?;
                }
                Ok(())
            }
        }
    }

    fn clean_record(&self, src: &Source, line: usize, raw: Vec<u8>) -> Record {
        let body_len = jsonl::split_line(&raw).0.len();
        let result = jsonl::parse_record(&raw[..body_len], &self.args.text_field).and_then(|p| {
            if let Some(limit) = self.limit().filter(|&n| p.text.len() > n) {
                return Err(Skip::Oversized { bytes: p.text.len(), limit });
            }
            let jsonl::Parsed { object, text: input } = p;
            let id = jsonl::record_id(&object, &self.args.id_field, || format!("{}:{line}", src.label()));
            let outcome = self.cleaner.clean(&Document::new(id, input.as_str()));
            let body = &raw[..body_len];
            let json = self
                .render_records
                .then(|| jsonl::record_json_from_line(body, &object, &self.args.text_field, &outcome));
            let (changed, edits) = (outcome.changed(), outcome.edits.len());
            if json.is_some() && !self.keep_records {
                let empty =
                    Outcome { id: String::new(), text: String::new(), edits: Vec::new(), signals: Default::default() };
                return Ok(CleanRecord {
                    object: Map::new(),
                    input: String::new(),
                    outcome: empty,
                    json,
                    changed,
                    edits,
                });
            }
            Ok(CleanRecord { object, input, outcome, json, changed, edits })
        });
        Record { line, raw, body_len, result }
    }

    /// Size limit for one document's text; `None` when unlimited (`--max-doc-bytes 0`).
    fn limit(&self) -> Option<usize> {
        Some(self.args.max_doc_bytes).filter(|&n| n > 0)
    }
}

/// Reads one text source whole; false when the run is stopping.
fn read_text(i: usize, src: &Source, progress: &Arc<Progress>, push: &mut dyn FnMut(Unit, usize) -> bool) -> bool {
    let bytes = open(src, progress).and_then(|mut r| {
        let mut buf = Vec::new();
        r.read_to_end(&mut buf)?;
        Ok(buf)
    });
    let weight = bytes.as_ref().map_or(0, Vec::len);
    push(Unit::Text(i, bytes), weight)
}

/// Reads one JSON Lines shard line by line; false when the run is stopping.
fn read_shard(i: usize, src: &Source, progress: &Arc<Progress>, push: &mut dyn FnMut(Unit, usize) -> bool) -> bool {
    let mut reader = match open(src, progress) {
        Ok(r) => r,
        Err(e) => return push(Unit::ShardFailed(i, e.to_string(), false), 0),
    };
    if !push(Unit::ShardBegin(i), 0) {
        return false;
    }
    let mut line_no = 0;
    let mut batch: Vec<Vec<u8>> = Vec::new();
    let mut batch_bytes = 0;
    loop {
        let mut buf = Vec::new();
        let read = reader.read_until(b'\n', &mut buf);
        let done = !matches!(read, Ok(n) if n > 0);
        if !done {
            // Kept with its line ending: a line passed through is written back byte for byte.
            batch_bytes += buf.len();
            batch.push(buf);
        }
        if !batch.is_empty() && (done || batch_bytes >= BATCH_BYTES || batch.len() >= BATCH_LINES) {
            let first = line_no + 1;
            line_no += batch.len();
            if !push(Unit::Lines(i, first, std::mem::take(&mut batch)), std::mem::take(&mut batch_bytes)) {
                return false;
            }
        }
        match read {
            Ok(0) => return push(Unit::ShardEnd(i), 0),
            Ok(_) => {}
            Err(e) => return push(Unit::ShardFailed(i, format!("line {}: {e}", line_no + 1), true), 0),
        }
    }
}

/// Opens a source for reading, decompressing gzip and zstd.
fn open(src: &Source, progress: &Arc<Progress>) -> std::io::Result<Box<dyn BufRead + Send>> {
    let progress = Arc::clone(progress);
    match src {
        Source::Stdin => decompressing(CountingReader { inner: std::io::stdin(), progress }),
        Source::File { path, .. } => decompressing(CountingReader { inner: std::fs::File::open(path)?, progress }),
    }
}

/// The cleaned record as one JSON line (rendered on the worker when the engine was asked to).
pub fn record_json(c: &CleanRecord, text_field: &str) -> String {
    match &c.json {
        Some(json) => json.clone(),
        None => jsonl::record_json(&c.object, text_field, &c.outcome),
    }
}
