//! `unspin apply`: apply a reviewed report to its inputs without re-running detection.

use super::args::ApplyArgs;
use super::engine::{warn, Tally};
use super::output::atomic_write;
use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use unspin::decisions::Decisions;
use unspin::report::{DocumentReport, Report};
use unspin::Edit;

pub fn run(args: &ApplyArgs, tally: &mut Tally) -> Result<()> {
    let (report, report_name, decisions) = load(args)?;
    let mut rejected: HashSet<&str> = args.reject.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    let known: HashSet<&str> = report.documents.iter().flat_map(|d| d.edits.iter().map(|e| e.id.as_str())).collect();
    for id in &rejected {
        if !known.contains(id) {
            bail!("--reject {id}: no edit with that id in {report_name}");
        }
    }
    if let Some(d) = &decisions {
        if let Some(r) = d.unknown(&report).first() {
            bail!("decisions name edit {} of {:?}, which is not in {report_name}", r.id, r.document);
        }
        rejected.extend(d.rejected.iter().map(|r| r.id.as_str()));
    }
    let min = args.min_confidence.unwrap_or(f32::MIN);
    // With --only-accepted, edits the reviewer did not accept are left out too.
    let accepted: Option<HashSet<&str>> =
        decisions.as_ref().filter(|_| args.only_accepted).map(|d| d.accepted.iter().map(|r| r.id.as_str()).collect());
    let skip = |e: &Edit| {
        rejected.contains(e.id.as_str())
            || e.confidence < min
            || accepted.as_ref().is_some_and(|a| !a.contains(e.id.as_str()))
    };

    // JSON Lines records are grouped by shard so each shard is rewritten once.
    let mut shards: BTreeMap<String, Vec<&DocumentReport>> = BTreeMap::new();
    for doc in &report.documents {
        tally.documents += 1;
        if doc.record.is_some() {
            shards.entry(doc.path.clone().unwrap_or_else(|| "-".into())).or_default().push(doc);
            continue;
        }
        let result = match doc.path.as_deref() {
            None | Some("-") => {
                let mut input = String::new();
                std::io::stdin().read_to_string(&mut input).context("reading stdin")?;
                doc.apply(&input, skip).map(|out| (input, out, None))
            }
            Some(path) => {
                let input = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
                doc.apply(&input, skip).map(|out| (input, out, Some(path)))
            }
        };
        match result {
            Ok((input, out, Some(path))) => {
                tally.changed += usize::from(out != input);
                write_result(Path::new(path), args.out_dir.as_deref(), out.as_bytes())?;
            }
            Ok((_, out, None)) => std::io::stdout().write_all(out.as_bytes())?,
            Err(e) => {
                tally.problems += 1;
                warn(format!("{}: {e}; left unchanged", doc.path.as_deref().unwrap_or(&doc.id)));
            }
        }
    }
    for (path, docs) in shards {
        apply_shard(&path, &docs, &skip, args.out_dir.as_deref(), tally)?;
    }
    Ok(())
}

/// The report to apply, its name for messages, and the review decisions if any.
fn load(args: &ApplyArgs) -> Result<(Report, String, Option<Decisions>)> {
    let decisions = match &args.decisions {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            Some(Decisions::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    if let Some(path) = &args.report {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let report = Report::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        return Ok((report, path.display().to_string(), decisions));
    }
    let path = args.decisions.as_ref().expect("clap requires --report or --decisions");
    let mut decisions = decisions.expect("read above");
    let Some(report) = decisions.report.take() else {
        bail!("{}: the decisions file carries no report; give it with --report", path.display());
    };
    if report.format != unspin::report::FORMAT || report.version != unspin::report::VERSION {
        bail!("{}: the embedded report is not an unspin report version {}", path.display(), unspin::report::VERSION);
    }
    Ok((report, path.display().to_string(), Some(decisions)))
}

fn write_result(path: &Path, out_dir: Option<&Path>, bytes: &[u8]) -> Result<()> {
    let target: PathBuf = match out_dir {
        Some(dir) => dir.join(path.file_name().unwrap_or(path.as_os_str())),
        None => path.to_path_buf(),
    };
    atomic_write(&target, bytes)
}

fn apply_shard(
    path: &str,
    docs: &[&DocumentReport],
    skip: &dyn Fn(&Edit) -> bool,
    out_dir: Option<&Path>,
    tally: &mut Tally,
) -> Result<()> {
    if path == "-" {
        bail!("the report's JSON Lines records came from stdin; apply needs them in a file");
    }
    let input = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let by_line: BTreeMap<usize, &DocumentReport> = docs.iter().filter_map(|d| d.record.map(|r| (r, *d))).collect();
    let mut out = String::with_capacity(input.len());
    for (i, line) in input.split_inclusive('\n').enumerate() {
        let Some(doc) = by_line.get(&(i + 1)) else {
            out.push_str(line);
            continue;
        };
        let body = line.trim_end_matches(['\n', '\r']);
        let field = doc.field.as_deref().unwrap_or("text");
        let mut value: Value =
            serde_json::from_str(body).with_context(|| format!("{path}:{}: malformed JSON", i + 1))?;
        let text = value.get(field).and_then(Value::as_str).map(str::to_string);
        match text.map(|t| doc.apply(&t, skip)) {
            Some(Ok(cleaned)) => {
                value[field] = Value::String(cleaned);
                out.push_str(&serde_json::to_string(&value)?);
                out.push_str(&line[body.len()..]);
                tally.changed += 1;
            }
            Some(Err(e)) => {
                tally.problems += 1;
                warn(format!("{path}:{}: {e}; left unchanged", i + 1));
                out.push_str(line);
            }
            None => {
                tally.problems += 1;
                warn(format!("{path}:{}: no string field {field:?}; left unchanged", i + 1));
                out.push_str(line);
            }
        }
    }
    write_result(Path::new(path), out_dir, out.as_bytes())
}
