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
use unspin::stream::{ordered_map, Limits};
use unspin::{Cleaner, Document, Outcome};

/// One JSON Lines record, cleaned or passed through.
pub struct Record {
    /// 1-based line number in its shard.
    pub line: usize,
    /// The line as read, without its line ending.
    pub raw: Vec<u8>,
    pub result: Result<CleanRecord, String>,
}

pub struct CleanRecord {
    /// The record with its text field emptied (the text is in `input`).
    pub object: Map<String, Value>,
    pub input: String,
    pub outcome: Outcome,
    /// The cleaned record as one JSON line, when the engine was asked to render records.
    pub json: Option<String>,
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
    pub documents: usize,
    pub changed: usize,
    pub edits: usize,
    /// Problems that were reported and skipped (unreadable files, malformed records).
    pub problems: usize,
}

pub fn warn(msg: impl std::fmt::Display) {
    eprintln!("unspin: {msg}");
}

pub struct Engine<'a> {
    pub cleaner: &'a Cleaner,
    pub args: &'a DetectArgs,
    /// Serialize cleaned JSON Lines records on the worker threads ([`CleanRecord::json`]).
    pub render_records: bool,
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
            Unit::Text(i, bytes) => Done::Text(
                i,
                bytes.map_err(ReadError::Io).and_then(|b| decode(&b).map_err(ReadError::Decode)).map(|d| {
                    let outcome = self.cleaner.clean(&Document::new(sources[i].label(), d.text.as_str()));
                    (d.text, outcome, d.assumed)
                }),
            ),
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
            Done::Text(i, Err(e)) => {
                tally.problems += 1;
                warn(format!("{}: {e}", sources[i].label()));
                Ok(())
            }
            Done::ShardBegin(i) => sink.shard_begin(&sources[i]),
            Done::Records(i, records) => {
                for r in &records {
                    match &r.result {
                        Ok(c) => {
                            tally.documents += 1;
                            tally.changed += usize::from(c.outcome.changed());
                            tally.edits += c.outcome.edits.len();
                        }
                        Err(msg) if !r.raw.iter().all(u8::is_ascii_whitespace) => {
                            tally.problems += 1;
                            warn(format!("{}:{}: {msg}; passed through unchanged", sources[i].label(), r.line));
                        }
                        Err(_) => {}
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
        let result = parse_record(&raw, &self.args.text_field).map(|(object, input)| {
            let id = match object.get(&self.args.id_field) {
                Some(Value::String(s)) => s.clone(),
                Some(v @ Value::Number(_)) => v.to_string(),
                _ => format!("{}:{line}", src.label()),
            };
            let outcome = self.cleaner.clean(&Document::new(id, input.as_str()));
            let json = self.render_records.then(|| render(&object, &self.args.text_field, &outcome));
            CleanRecord { object, input, outcome, json }
        });
        Record { line, raw, result }
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
            while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                buf.pop();
            }
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

/// Parses a record, taking its text field out (left as an empty string, keeping its place).
fn parse_record(raw: &[u8], text_field: &str) -> Result<(Map<String, Value>, String), String> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err("empty line".into());
    }
    let text = std::str::from_utf8(raw).map_err(|e| format!("not valid UTF-8 (byte {})", e.valid_up_to()))?;
    let value: Value = serde_json::from_str(text).map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(mut object) = value else {
        return Err("not a JSON object".into());
    };
    match object.get_mut(text_field) {
        Some(Value::String(s)) => {
            let s = std::mem::take(s);
            Ok((object, s))
        }
        Some(_) => Err(format!("field {text_field:?} is not a string")),
        None => Err(format!("no field {text_field:?}")),
    }
}

/// The cleaned record as one JSON line: the text field replaced, an `unspin` attribute added
/// (replacing one already there, in its place). Serialized straight from the outcome, without
/// building JSON values for the edits.
fn render(object: &Map<String, Value>, text_field: &str, outcome: &Outcome) -> String {
    use serde::ser::{SerializeMap, Serializer};
    let attribute = outcome.attribute();
    let mut out = Vec::with_capacity(outcome.text.len() + 256 + 256 * outcome.edits.len());
    let mut ser = serde_json::Serializer::new(&mut out);
    let has_text = object.contains_key(text_field);
    let has_attribute = object.contains_key("unspin");
    let result = (|| {
        let mut map = ser.serialize_map(None)?;
        for (k, v) in object.iter() {
            if k == text_field {
                map.serialize_entry(k, &outcome.text)?;
            } else if k == "unspin" {
                map.serialize_entry(k, &attribute)?;
            } else {
                map.serialize_entry(k, v)?;
            }
        }
        if !has_text {
            map.serialize_entry(text_field, &outcome.text)?;
        }
        if !has_attribute {
            map.serialize_entry("unspin", &attribute)?;
        }
        map.end()
    })();
    result.expect("JSON values serialize");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The cleaned record as one JSON line (rendered on the worker when the engine was asked to).
pub fn record_json(c: &CleanRecord, text_field: &str) -> String {
    match &c.json {
        Some(json) => json.clone(),
        None => render(&c.object, text_field, &c.outcome),
    }
}
