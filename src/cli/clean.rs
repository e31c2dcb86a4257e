//! `unspin clean`: write cleaned text to stdout, a folder, in place, or as a diff.

use super::args::CleanArgs;
use super::compress::{compress, Compressor, Format};
use super::engine::{record_json, warn, Engine, Record, Sink, Tally};
use super::input::Source;
use super::input::{TEMP_PREFIX, TEMP_SUFFIX};
use super::output::{atomic_write, json_for_terminal, sync_folder, unified_diff};
use super::resume::{Journal, JOURNAL};
use anyhow::{bail, Context, Result};
use std::io::{BufWriter, Write};
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
    shard: Option<ShardOut>,
    /// Outputs in place, for `--resume` (with `--out-dir`).
    journal: Option<Journal>,
    tally_written: usize,
}

/// A JSON Lines shard being written: compressed like its target's name says, into a temporary
/// file that replaces the target only once complete.
struct ShardOut {
    writer: Compressor<BufWriter<std::fs::File>>,
    tmp: tempfile::TempPath,
    target: PathBuf,
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
                    atomic_write(&path, &compress(outcome.text.as_bytes(), Format::of_path(&path))?)?;
                    self.tally_written += 1;
                }
            }
            (Dest::OutDir(_), Some(path)) => {
                atomic_write(&path, &compress(outcome.text.as_bytes(), Format::of_path(&path))?)?;
                self.tally_written += 1;
                if let Some(j) = &mut self.journal {
                    j.record(src)?;
                }
            }
            _ => self.out.write_all(outcome.text.as_bytes())?,
        }
        Ok(())
    }

    fn shard_begin(&mut self, src: &Source) -> Result<()> {
        if let Some(target) = self.target(src) {
            let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).map_or(PathBuf::from("."), PathBuf::from);
            std::fs::create_dir_all(&dir).with_context(|| format!("creating folder {}", dir.display()))?;
            let (file, tmp) = tempfile::Builder::new()
                .prefix(TEMP_PREFIX)
                .suffix(TEMP_SUFFIX)
                .tempfile_in(&dir)
                .with_context(|| format!("creating a temporary file in {}", dir.display()))?
                .into_parts();
            let writer = Compressor::new(BufWriter::with_capacity(1 << 20, file), Format::of_path(&target))?;
            self.shard = Some(ShardOut { writer, tmp, target });
        }
        Ok(())
    }

    fn record(&mut self, src: &Source, record: &Record) -> Result<()> {
        let rendered;
        let line: &[u8] = match &record.result {
            Ok(c) => {
                if let Some(r) = &mut self.report {
                    let mut d = DocumentReport::new(
                        &c.input,
                        &c.outcome,
                        src.path().map(|p| p.display().to_string()),
                        Some(record.line),
                    );
                    d.field = Some(self.text_field.clone());
                    r.documents.push(d);
                }
                match &c.json {
                    Some(json) => json.as_bytes(),
                    None => {
                        rendered = record_json(c, &self.text_field);
                        rendered.as_bytes()
                    }
                }
            }
            // Passed through byte for byte, line ending included.
            Err(_) => &record.raw,
        };
        let ending = if record.result.is_ok() { record.ending() } else { b"" };
        let w: &mut dyn Write = match &mut self.shard {
            Some(shard) => &mut shard.writer,
            None => self.out,
        };
        w.write_all(line)?;
        w.write_all(ending)?;
        Ok(())
    }

    fn shard_end(&mut self, src: &Source) -> Result<()> {
        if let Some(ShardOut { writer, tmp, target }) = self.shard.take() {
            let file = writer
                .finish()
                .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
                .with_context(|| format!("writing {}", target.display()))?;
            file.sync_all().with_context(|| format!("syncing {}", target.display()))?;
            if let Ok(meta) = std::fs::metadata(&target) {
                let _ = file.set_permissions(meta.permissions());
            }
            drop(file);
            tmp.persist(&target).map_err(|e| e.error).with_context(|| format!("replacing {}", target.display()))?;
            sync_folder(&target)?;
            self.tally_written += 1;
            if let Some(j) = &mut self.journal {
                j.record(src)?;
            }
        }
        Ok(())
    }

    fn shard_abort(&mut self, _src: &Source) -> Result<()> {
        // Dropping the temporary path deletes the partial output; the target is untouched.
        self.shard = None;
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
    let journal = match &args.out_dir {
        Some(dir) => Some(Journal::open(dir, args.resume)?),
        None => None,
    };
    let remaining: Vec<Source>;
    let sources = match (&journal, &args.out_dir) {
        (Some(j), Some(dir)) if args.resume => {
            remaining = sources.iter().filter(|s| !j.is_done(s)).cloned().collect();
            warn(format!(
                "resuming: {} of {} input(s) already done in {} (per {JOURNAL}), {} to go",
                sources.len() - remaining.len(),
                sources.len(),
                dir.display(),
                remaining.len()
            ));
            &remaining[..]
        }
        _ => sources,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink = CleanSink {
        dest,
        out: &mut out,
        report: args.report.as_ref().map(|_| Report::new(cleaner.config())),
        text_field: args.detect.text_field.clone(),
        shard: None,
        journal,
        tally_written: 0,
    };
    Engine { cleaner, args: &args.detect, render_records: true, keep_records: args.report.is_some() }
        .run(sources, &mut sink, tally)?;
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
