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
            for f in files {
                let text = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
                sets.push((f.display().to_string(), text));
            }
            let mut bad = 0;
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
