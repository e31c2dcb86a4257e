//! `unspin clean`: write cleaned text to stdout, a folder, in place, or as a diff.

use super::args::CleanArgs;
use super::engine::{record_json, Engine, Record, Sink, Tally};
use super::input::Source;
use super::output::{atomic_write, unified_diff};
use anyhow::{bail, Context, Result};
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
    shard: Option<(tempfile::NamedTempFile, PathBuf)>,
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
        if let Some(target) = self.target(src) {
            let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).map_or(PathBuf::from("."), PathBuf::from);
            std::fs::create_dir_all(&dir).with_context(|| format!("creating folder {}", dir.display()))?;
            let tmp = tempfile::Builder::new()
                .prefix(".unspin-")
                .suffix(".tmp")
                .tempfile_in(&dir)
                .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
            self.shard = Some((tmp, target));
        }
        Ok(())
    }

    fn record(&mut self, src: &Source, record: &Record) -> Result<()> {
        let line = match &record.result {
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
                record_json(c, &self.text_field).into_bytes()
            }
            Err(_) => record.raw.clone(),
        };
        let w: &mut dyn Write = match &mut self.shard {
            Some((tmp, _)) => tmp.as_file_mut(),
            None => self.out,
        };
        w.write_all(&line)?;
        w.write_all(b"\n")?;
        Ok(())
    }

    fn shard_end(&mut self, _src: &Source) -> Result<()> {
        if let Some((tmp, target)) = self.shard.take() {
            tmp.as_file().sync_all().with_context(|| format!("syncing {}", target.display()))?;
            if let Ok(meta) = std::fs::metadata(&target) {
                let _ = tmp.as_file().set_permissions(meta.permissions());
            }
            tmp.persist(&target).map_err(|e| e.error).with_context(|| format!("replacing {}", target.display()))?;
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
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        } else {
            atomic_write(path, format!("{json}\n").as_bytes())?;
        }
    }
    out.flush()?;
    Ok(())
}
