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

    /// The record's output line as `clean --jsonl` writes it: the cleaned record and the line
    /// ending as read, or the line as read when it was passed through.
    fn render(&self, text_field: &str, out: &mut Vec<u8>) {
        match &self.result {
            Ok(c) => {
                jsonl::write_record_from_line(out, &self.raw[..self.body_len], &c.object, text_field, &c.outcome);
                out.extend_from_slice(self.ending());
            }
            Err(_) => out.extend_from_slice(&self.raw),
        }
    }

    /// Drops the line, the record and its outcome, keeping the line number, the reason for a
    /// pass-through and the edit count: what [`Engine::emit`] needs once the output is rendered.
    fn keep_only_counts(&mut self) {
        self.raw = Vec::new();
        self.body_len = 0;
        if let Ok(c) = &mut self.result {
            c.object = Map::new();
            c.input = String::new();
            c.outcome = Outcome::default();
        }
    }
}

pub struct CleanRecord {
    /// The record with its text field emptied (the text is in `input`).
    pub object: Map<String, Value>,
    pub input: String,
    pub outcome: Outcome,
    /// How many edits the outcome has (kept when the outcome is dropped, see [`Engine::keep_documents`]).
    pub edits: usize,
}

/// Receives results in input order.
pub trait Sink {
    fn text(&mut self, src: &Source, input: &str, outcome: &Outcome) -> Result<()>;
    fn shard_begin(&mut self, _src: &Source) -> Result<()> {
        Ok(())
    }
    /// Consecutive records of a shard, in order. `rendered` is their output lines, one after the
    /// other, when the engine renders records ([`Engine::render_records`]).
    fn records(&mut self, src: &Source, records: &[Record], rendered: Option<&[u8]>) -> Result<()>;
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
    /// Render the output lines of each batch of JSON Lines records on the worker threads, as one
    /// buffer ([`Sink::records`]): the thread that writes is serial, and writing a batch at once
    /// costs it one `write` instead of a copy and a `write` per 8 KiB.
    pub render_records: bool,
    /// Keep each record's line, input and outcome for the sink. When false (the records are
    /// rendered and the sink needs no more), the workers drop them, so that the writing thread
    /// does not free them: [`Record`]s then carry only their line numbers, pass-through reasons
    /// and edit counts.
    pub keep_documents: bool,
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
    /// The records, and their output lines when the engine renders them.
    Records(usize, Vec<Record>, Option<Vec<u8>>),
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
            Unit::Lines(i, first, lines) => {
                let weight: usize = lines.iter().map(Vec::len).sum();
                let mut records: Vec<Record> = lines
                    .into_iter()
                    .enumerate()
                    .map(|(k, raw)| self.clean_record(&sources[i], first + k, raw))
                    .collect();
                let rendered = self.render_records.then(|| {
                    let mut out = Vec::with_capacity(weight + weight / 8 + 64 * records.len());
                    for r in &records {
                        r.render(&self.args.text_field, &mut out);
                    }
                    out
                });
                if !self.keep_documents {
                    records.iter_mut().for_each(Record::keep_only_counts);
                }
                Done::Records(i, records, rendered)
            }
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
            Done::Records(i, records, rendered) => {
                for r in &records {
                    match &r.result {
                        Ok(c) => {
                            tally.documents += 1;
                            tally.changed += usize::from(c.edits > 0);
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
                }
                sink.records(&sources[i], &records, rendered.as_deref())
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
            let edits = outcome.edits.len();
            Ok(CleanRecord { object, input, outcome, edits })
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
        let read = read_line(&mut reader, &mut buf);
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

/// `reader.read_until(b'\n', buf)`, with the newline found by memchr's vectorised search and a
/// line that lies within the reader's buffer copied once into a `Vec` of its size (`read_until`
/// grows the `Vec` from nothing, copying as it doubles). This thread is serial: on clean text
/// `read_until` was half of it.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(k) => (true, k + 1),
            None => (available.is_empty(), available.len()),
        };
        buf.extend_from_slice(&available[..used]);
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
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
