//! `unspin dict`: validate and list dictionaries.

use super::args::DictCommand;
use anyhow::{bail, Context, Result};
use std::io::Write;
use unspin::dict::{Dictionary, BUILTIN_PACKS};

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
                            println!("{name}: {} entries, ok", d.entries.len());
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
