//! `unspin clean`: write cleaned text to stdout, a folder, in place, or as a diff.

use super::args::CleanArgs;
use super::engine::{record_json, Engine, Record, Sink, Tally};
use super::input::Source;
use super::output::{atomic_write, json_for_terminal, unified_diff, AtomicFile};
use anyhow::{bail, Result};
use std::io::Write;
use std::path::PathBuf;
use unspin::report::{DocumentReport, Report};
use unspin::{Cleaner, Outcome};

enum Dest {
    Stdout,
    OutDir(PathBuf),
    InPlace,
    Diff,
}

struct CleanSink<'a, W: Write> {
    dest: Dest,
    out: &'a mut W,
    report: Option<Report>,
    text_field: String,
    /// The shard being written (temp file persisted at its end), for `--out-dir`/`--write`.
    shard: Option<AtomicFile>,
    tally_written: usize,
}

impl<W: Write> CleanSink<'_, W> {
    fn target(&self, src: &Source) -> Option<PathBuf> {
        match (&self.dest, src) {
            (Dest::OutDir(dir), Source::File { rel, .. }) => Some(dir.join(rel)),
            (Dest::InPlace, Source::File { path, .. }) => Some(path.clone()),
            _ => None,
        }
    }
}

impl<W: Write> Sink for CleanSink<'_, W> {
    fn text(&mut self, src: &Source, input: &str, outcome: &Outcome) -> Result<()> {
        if let Some(r) = &mut self.report {
            r.documents.push(DocumentReport::new(input, outcome, src.path().map(|p| p.display().to_string()), None));
        }
        match (&self.dest, self.target(src)) {
            (Dest::Diff, _) => {
                if outcome.changed() {
                    self.out.write_all(unified_diff(&src.label(), input, &outcome.text).as_bytes())?;
                }
            }
            (Dest::InPlace, Some(path)) => {
                if outcome.changed() {
                    atomic_write(&path, outcome.text.as_bytes())?;
                    self.tally_written += 1;
                }
            }
            (Dest::OutDir(_), Some(path)) => {
                atomic_write(&path, outcome.text.as_bytes())?;
                self.tally_written += 1;
            }
            _ => self.out.write_all(outcome.text.as_bytes())?,
        }
        Ok(())
    }

    fn shard_begin(&mut self, src: &Source) -> Result<()> {
        // A shard is written whole or not at all: an aborted shard's temporary file is dropped
        // (deleted) when the next shard begins or the sink goes away.
        self.shard = self.target(src).map(|t| AtomicFile::create(&t)).transpose()?;
        Ok(())
    }

    fn record(&mut self, src: &Source, record: &Record) -> Result<()> {
        let w: &mut dyn Write = match &mut self.shard {
            Some(f) => f.file(),
            None => self.out,
        };
        let Ok(c) = &record.result else {
            // Passed through byte for byte, line ending included.
            return Ok(w.write_all(&record.raw)?);
        };
        w.write_all(record_json(c, &self.text_field).as_bytes())?;
        w.write_all(record.ending())?;
        if let Some(r) = &mut self.report {
            let path = src.path().map(|p| p.display().to_string());
            let mut d = DocumentReport::new(&c.input, &c.outcome, path, Some(record.line));
            d.field = Some(self.text_field.clone());
            r.documents.push(d);
        }
        Ok(())
    }

    fn shard_end(&mut self, _src: &Source) -> Result<()> {
        if let Some(f) = self.shard.take() {
            f.commit()?;
            self.tally_written += 1;
        }
        Ok(())
    }
}

pub fn run(args: &CleanArgs, cleaner: &Cleaner, sources: &[Source], tally: &mut Tally) -> Result<()> {
    let dest = if args.diff {
        Dest::Diff
    } else if let Some(dir) = &args.out_dir {
        Dest::OutDir(dir.clone())
    } else if args.write {
        Dest::InPlace
    } else {
        Dest::Stdout
    };
    if args.diff && args.detect.jsonl {
        bail!("--diff is not available with --jsonl; use --report for the edits");
    }
    let files = sources.iter().filter(|s| matches!(s, Source::File { .. })).count();
    if matches!(dest, Dest::Stdout) && files > 0 && (files > 1 || sources.len() > 1) && !args.detect.jsonl {
        bail!("{files} input files: give --out-dir DIR, --write or --diff (only one input can go to stdout)");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink = CleanSink {
        dest,
        out: &mut out,
        report: args.report.as_ref().map(|_| Report::new(cleaner.config())),
        text_field: args.detect.text_field.clone(),
        shard: None,
        tally_written: 0,
    };
    Engine { cleaner, args: &args.detect }.run(sources, &mut sink, tally)?;
    let report = sink.report.take();
    drop(sink);
    if let (Some(path), Some(report)) = (&args.report, report) {
        let json = serde_json::to_string_pretty(&report)?;
        if path.as_os_str() == "-" {
            out.write_all(json_for_terminal(json).as_bytes())?;
            out.write_all(b"\n")?;
        } else {
            atomic_write(path, format!("{json}\n").as_bytes())?;
        }
    }
    out.flush()?;
    Ok(())
}
