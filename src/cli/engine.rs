//! Running the pipeline over sources: parallel over documents, bounded batches, output in input
//! order.

use super::args::DetectArgs;
use super::input::{read_text, Source};
use anyhow::Result;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::io::BufRead;
use unspin::{Cleaner, Document, Outcome};

/// Documents cleaned in parallel at a time: bounds memory while keeping all cores busy.
const BATCH_DOCS: usize = 256;
/// Bytes of JSON Lines read before a batch is cleaned, whatever the record count.
const BATCH_BYTES: usize = 16 << 20;

/// One JSON Lines record, cleaned or passed through.
pub struct Record {
    /// 1-based line number in its shard.
    pub line: usize,
    /// The line as read, without its line ending.
    pub raw: Vec<u8>,
    pub result: Result<CleanRecord, String>,
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
}

impl Engine<'_> {
    pub fn run(&self, sources: &[Source], sink: &mut dyn Sink, tally: &mut Tally) -> Result<()> {
        if self.args.jsonl {
            for src in sources {
                self.run_shard(src, sink, tally)?;
            }
            return Ok(());
        }
        for batch in sources.chunks(BATCH_DOCS) {
            let results: Vec<_> = batch
                .par_iter()
                .map(|src| {
                    read_text(src).map(|input| {
                        let outcome = self.cleaner.clean(&Document::new(src.label(), input.as_str()));
                        (input, outcome)
                    })
                })
                .collect();
            for (src, res) in batch.iter().zip(results) {
                match res {
                    Ok((input, outcome)) => {
                        tally.documents += 1;
                        tally.changed += usize::from(outcome.changed());
                        tally.edits += outcome.edits.len();
                        sink.text(src, &input, &outcome)?;
                    }
                    Err(e) => {
                        tally.problems += 1;
                        warn(format!("{}: {e}", src.label()));
                    }
                }
            }
        }
        Ok(())
    }

    fn run_shard(&self, src: &Source, sink: &mut dyn Sink, tally: &mut Tally) -> Result<()> {
        let reader: Box<dyn BufRead> = match src {
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
        let mut reader = reader;
        let mut line_no = 0;
        loop {
            let mut batch: Vec<(usize, Vec<u8>)> = Vec::new();
            let mut bytes = 0;
            while batch.len() < BATCH_DOCS * 4 && bytes < BATCH_BYTES {
                let mut buf = Vec::new();
                let n = match reader.read_until(b'\n', &mut buf) {
                    Ok(n) => n,
                    Err(e) => {
                        tally.problems += 1;
                        warn(format!("{}:{}: {e}", src.label(), line_no + 1));
                        0
                    }
                };
                if n == 0 {
                    break;
                }
                line_no += 1;
                while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                    buf.pop();
                }
                bytes += buf.len();
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
                    Err(msg) if !r.raw.iter().all(u8::is_ascii_whitespace) => {
                        tally.problems += 1;
                        warn(format!("{}:{}: {msg}; passed through unchanged", src.label(), r.line));
                    }
                    Err(_) => {}
                }
                sink.record(src, r)?;
            }
        }
        sink.shard_end(src)
    }

    fn clean_record(&self, src: &Source, line: usize, raw: Vec<u8>) -> Record {
        let result = parse_record(&raw, &self.args.text_field).map(|(object, input)| {
            let id = match object.get(&self.args.id_field) {
                Some(Value::String(s)) => s.clone(),
                Some(v @ Value::Number(_)) => v.to_string(),
                _ => format!("{}:{line}", src.label()),
            };
            let outcome = self.cleaner.clean(&Document::new(id, input.as_str()));
            CleanRecord { object, input, outcome }
        });
        Record { line, raw, result }
    }
}

fn parse_record(raw: &[u8], text_field: &str) -> Result<(Map<String, Value>, String), String> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err("empty line".into());
    }
    let text = std::str::from_utf8(raw).map_err(|e| format!("not valid UTF-8 (byte {})", e.valid_up_to()))?;
    let value: Value = serde_json::from_str(text).map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(object) = value else {
        return Err("not a JSON object".into());
    };
    match object.get(text_field) {
        Some(Value::String(s)) => {
            let s = s.clone();
            Ok((object, s))
        }
        Some(_) => Err(format!("field {text_field:?} is not a string")),
        None => Err(format!("no field {text_field:?}")),
    }
}

/// The cleaned record as one JSON line: the text field replaced, an `unspin` attribute added.
pub fn record_json(c: &CleanRecord, text_field: &str) -> String {
    let mut object = c.object.clone();
    object.insert(text_field.to_string(), Value::String(c.outcome.text.clone()));
    let attribute = serde_json::from_str(&c.outcome.attribute_json()).expect("attribute_json writes JSON");
    object.insert("unspin".into(), attribute);
    serde_json::to_string(&Value::Object(object)).expect("JSON values serialize")
}
