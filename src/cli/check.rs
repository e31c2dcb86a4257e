//! `unspin check`: list proposed edits, write nothing.

use super::args::{CheckArgs, CheckFormat};
use super::engine::{Engine, Record, Sink, Tally};
use super::input::Source;
use super::output::{escape_untrusted, json_for_terminal, Paint};
use anyhow::Result;
use std::io::Write;
use unspin::report::{DocumentReport, Report};
use unspin::{Cleaner, Edit, Outcome};

struct CheckSink<'a, W: Write> {
    format: CheckFormat,
    out: &'a mut W,
    report: Report,
    paint: Paint,
    /// Input texts, for the review page.
    texts: Vec<String>,
    /// The JSON Lines field holding the text, recorded in the report for `apply`.
    text_field: String,
}

impl<W: Write> CheckSink<'_, W> {
    fn emit(
        &mut self,
        label: &str,
        input: &str,
        outcome: &Outcome,
        record: Option<usize>,
        path: Option<String>,
    ) -> Result<()> {
        match self.format {
            CheckFormat::Json | CheckFormat::Html => {
                let mut doc = DocumentReport::new(input, outcome, path, record);
                if record.is_some() {
                    doc.field = Some(self.text_field.clone());
                }
                self.report.documents.push(doc);
                if self.format == CheckFormat::Html {
                    self.texts.push(input.to_string());
                }
            }
            CheckFormat::Jsonl => {
                for e in &outcome.edits {
                    let line = serde_json::json!({ "document": outcome.id, "path": path, "record": record, "edit": e });
                    writeln!(self.out, "{}", json_for_terminal(line.to_string()))?;
                }
            }
            CheckFormat::Text => {
                for e in &outcome.edits {
                    let loc = match record {
                        Some(r) => format!("{label}:{r}:{}:{}", e.line, e.column),
                        None => format!("{label}:{}:{}", e.line, e.column),
                    };
                    self.write_line(&loc, e)?;
                }
            }
        }
        Ok(())
    }

    fn write_line(&mut self, loc: &str, e: &Edit) -> Result<()> {
        let p = &self.paint;
        writeln!(
            self.out,
            "{}: {} → {} {}",
            p.bold(escape_untrusted(loc)),
            p.red(escape_untrusted(&e.before)),
            p.green(escape_untrusted(&e.after)),
            p.dim(format_args!("({}, {:.2})", e.rule, e.confidence))
        )?;
        Ok(())
    }
}

impl<W: Write> Sink for CheckSink<'_, W> {
    fn text(&mut self, src: &Source, input: &str, outcome: &Outcome) -> Result<()> {
        self.emit(&src.label(), input, outcome, None, src.path().map(|p| p.display().to_string()))
    }

    fn record(&mut self, src: &Source, record: &Record) -> Result<()> {
        if let Ok(c) = &record.result {
            self.emit(
                &src.label(),
                &c.input,
                &c.outcome,
                Some(record.line),
                src.path().map(|p| p.display().to_string()),
            )?;
        }
        Ok(())
    }
}

pub fn run(args: &CheckArgs, cleaner: &Cleaner, sources: &[Source], tally: &mut Tally) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut sink = CheckSink {
        format: args.format,
        out: &mut out,
        report: Report::new(cleaner.config()),
        paint: Paint::stdout(),
        texts: Vec::new(),
        text_field: args.detect.text_field.clone(),
    };
    Engine { cleaner, args: &args.detect, render_records: false, keep_records: true }.run(sources, &mut sink, tally)?;
    if args.format == CheckFormat::Json {
        let json = serde_json::to_string_pretty(&sink.report)?;
        writeln!(sink.out, "{}", json_for_terminal(json))?;
    }
    if args.format == CheckFormat::Html {
        sink.out.write_all(super::review::page(&sink.report, &sink.texts).as_bytes())?;
    }
    out.flush()?;
    Ok(())
}
