//! `unspin eval`: the figures of `shared/eval/score.py`, over files or folders.

use super::args::EvalArgs;
use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unspin::eval::{score_clean, score_gold, CleanCounts, GoldCounts};
use unspin::{Cleaner, Config, Document};

/// (name, path under the first root) of the files to score: the files of a folder, sorted, or
/// one file.
fn names(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    if root.is_dir() {
        let mut out = Vec::new();
        for e in std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))? {
            let p = e?.path();
            if p.is_file() {
                out.push((p.file_name().unwrap_or_default().to_string_lossy().into_owned(), p));
            }
        }
        out.sort();
        Ok(out)
    } else if root.is_file() {
        Ok(vec![(root.file_name().unwrap_or_default().to_string_lossy().into_owned(), root.to_path_buf())])
    } else {
        bail!("{}: no such file or folder", root.display())
    }
}

/// The file beside `name` under `root` (or `root` itself when it is a file).
fn beside(root: &Path, name: &str) -> Result<PathBuf> {
    let p = if root.is_dir() { root.join(name) } else { root.to_path_buf() };
    if !p.is_file() {
        bail!("{name} is missing beside it in {}", root.display());
    }
    Ok(p)
}

fn read(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("cannot read {} as UTF-8 text", p.display()))
}

pub fn run(args: &EvalArgs) -> Result<ExitCode> {
    if let Some(m) = args.min_confidence {
        if !(0.0..=1.0).contains(&m) {
            bail!("--min-confidence {m} is not between 0 and 1");
        }
    }
    let cleaner = match &args.output {
        Some(_) => None,
        None => Some(
            Cleaner::new(Config {
                stages: args.stages.clone(),
                min_confidence: args.min_confidence.unwrap_or(Config::default().min_confidence),
                min_confidence_judges_ocr: args.min_confidence.is_some(),
                packs: args.packs.clone(),
                ..Config::default()
            })
            .map_err(|p| anyhow::anyhow!(p.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")))?,
        ),
    };
    let repair = |name: &str, input: &str| -> Result<String> {
        match (&args.output, &cleaner) {
            (Some(dir), _) => read(&beside(dir, name)?),
            (None, Some(c)) => Ok(c.clean(&Document::new(name, input)).text),
            (None, None) => unreachable!("a cleaner is built when there is no --output"),
        }
    };
    let mut lines = Vec::new();
    let mut docs = serde_json::Map::new();
    let total = if let Some(root) = &args.input {
        let gold_root = args.gold.as_ref().context("--input needs --gold")?;
        let mut total = GoldCounts::default();
        for (name, path) in names(root)? {
            let input = read(&path)?;
            let gold = read(&beside(gold_root, &name)?)?;
            let r = score_gold(&input, &gold, &repair(&name, &input)?);
            lines.push(format!("{name} {}", r.line()));
            docs.insert(name, r.json());
            total.add(&r);
        }
        (total.line(), total.json())
    } else {
        let root = args.clean.as_ref().context("give --input and --gold, or --clean")?;
        let mut total = CleanCounts::default();
        for (name, path) in names(root)? {
            let input = read(&path)?;
            let r = score_clean(&input, &repair(&name, &input)?);
            lines.push(format!("{name} {}", r.line()));
            docs.insert(name, r.json());
            total.add(&r);
        }
        (total.line(), total.json())
    };
    if args.json {
        let v = serde_json::json!({"documents": docs, "total": total.1});
        writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        for l in lines {
            writeln!(std::io::stdout().lock(), "{l}")?;
        }
        writeln!(std::io::stdout().lock(), "TOTAL {}", total.0)?;
    }
    Ok(ExitCode::SUCCESS)
}
