//! `unspin dict`: validate and list dictionaries.

use super::args::DictCommand;
use anyhow::{bail, Context, Result};
use std::io::Write;
use unspin::dict::{Dictionary, Problem, BUILTIN_PACKS};
use unspin::dict_format::{export, import, tidy};

pub fn run(cmd: &DictCommand) -> Result<()> {
    match cmd {
        DictCommand::Check { files } => {
            let mut sets: Vec<(String, String)> = Vec::new();
            if files.is_empty() {
                sets.extend(BUILTIN_PACKS.iter().map(|(_, f, t)| (format!("dictionaries/{f}"), t.to_string())));
            }
            let mut bad = 0;
            for f in files {
                match read_utf8(f) {
                    Ok(text) => sets.push((f.display().to_string(), text)),
                    Err(e) => {
                        eprintln!("{e:#}");
                        bad += 1;
                    }
                }
            }
            for (name, text) in &sets {
                let problems = match Dictionary::parse(name, text) {
                    Ok(d) => {
                        let p = d.validate();
                        if p.is_empty() {
                            writeln!(std::io::stdout().lock(), "{name}: {} entries, ok", d.entries.len())?;
                        }
                        p
                    }
                    Err(p) => p,
                };
                for p in &problems {
                    eprintln!("{p}");
                }
                bad += problems.len();
            }
            if bad > 0 {
                bail!("{bad} problem(s) in dictionaries");
            }
            Ok(())
        }
        DictCommand::List { packs } => {
            let d = Dictionary::builtin(packs).map_err(|p| anyhow::anyhow!("{}", p[0]))?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            writeln!(out, "spun\toriginal\tconfidence\twhen\tsource")?;
            for e in &d.entries {
                writeln!(out, "{}\t{}\t{}\t{}\t{}", e.spun, e.original, e.confidence, e.when, e.source)?;
            }
            out.flush()?;
            Ok(())
        }
        DictCommand::Export { format, packs, dict_files, no_builtin_dict } => {
            let mut dict =
                if *no_builtin_dict { Dictionary::default() } else { Dictionary::builtin(packs).map_err(problems)? };
            for f in dict_files {
                dict.entries.extend(Dictionary::from_file(f).map_err(problems)?.entries);
            }
            let out = export(&dict, (*format).into());
            std::io::stdout().lock().write_all(out.text.as_bytes())?;
            if !out.left_out.is_empty() {
                let mut why: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
                for (_, w) in &out.left_out {
                    *why.entry(w).or_default() += 1;
                }
                let why: Vec<String> = why.iter().map(|(w, n)| format!("{n}: {w}")).collect();
                eprintln!(
                    "unspin: {} of {} entries left out, the format cannot hold them ({})",
                    out.left_out.len(),
                    dict.entries.len(),
                    why.join("; ")
                );
            }
            Ok(())
        }
        DictCommand::Import { format, confidence, file } => {
            if !(*confidence > 0.0 && *confidence <= 1.0) {
                bail!("--confidence {confidence} is not in (0, 1]");
            }
            let (name, text) = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading stdin")?;
                ("-".to_string(), s)
            } else {
                (
                    file.display().to_string(),
                    std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?,
                )
            };
            let source =
                format!("{}:{}", format_name(*format), file.file_name().map_or("-".into(), |n| n.to_string_lossy()));
            let mut dict = import(&name, &text, (*format).into(), *confidence, &source).map_err(problems)?;
            let dropped = tidy(&mut dict);
            let out = export(&dict, unspin::dict_format::DictFormat::Tsv);
            std::io::stdout().lock().write_all(out.text.as_bytes())?;
            if dropped > 0 {
                eprintln!("unspin: {dropped} self-map(s) or repeated entries dropped");
            }
            for p in dict.validate() {
                eprintln!("unspin: warning: {p}");
            }
            Ok(())
        }
    }
}

/// Reads a dictionary file as UTF-8; an invalid byte is reported as `file:line` with its offset.
fn read_utf8(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count();
        anyhow::anyhow!("{}:{line}: not valid UTF-8 (byte offset {offset})", path.display())
    })
}

fn format_name(f: super::args::DictFormatArg) -> &'static str {
    use super::args::DictFormatArg::*;
    match f {
        Tsv => "tsv",
        Json => "json",
        Codespell => "codespell",
        Languagetool => "languagetool",
    }
}

fn problems(p: Vec<Problem>) -> anyhow::Error {
    anyhow::anyhow!("{}", p.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
}
