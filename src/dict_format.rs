//! Dictionaries in other tools' formats: export for other pipelines, import from theirs.
//!
//! | format | reads | writes | keeps |
//! |---|---|---|---|
//! | `tsv` | yes | yes | everything (unspin's own format, `dictionaries/README.md`) |
//! | `json` | yes | yes | everything, as an array of objects |
//! | `codespell` | yes | yes | `typo->fix` lines, `typo->fix1, fix2,` for several fixes |
//! | `languagetool` | yes | yes | `replace.txt` lines `wrong=right`, `wrong=right1\|right2` |
//!
//! codespell and LanguageTool have no context conditions, confidences or sources: export leaves
//! out entries with a condition (they would fire where unspin would not) and entries whose
//! text the format cannot hold; import gives every entry the same confidence.

use crate::condition::Condition;
use crate::dict::{Dictionary, Entry, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictFormat {
    Tsv,
    Json,
    Codespell,
    LanguageTool,
}

/// An entry as exported to JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JsonEntry {
    pub spun: String,
    pub original: String,
    pub confidence: f32,
    #[serde(default)]
    pub when: String,
    #[serde(default)]
    pub source: String,
}

/// The result of an export: the text and the entries the format could not hold.
pub struct Exported {
    pub text: String,
    pub left_out: Vec<(Entry, &'static str)>,
}

pub const TSV_HEADER: &str = "spun\toriginal\tconfidence\twhen\tsource";

/// Writes `dict` in `format`.
pub fn export(dict: &Dictionary, format: DictFormat) -> Exported {
    let mut left_out = Vec::new();
    let mut text = String::new();
    match format {
        DictFormat::Tsv => {
            text.push_str("# ");
            text.push_str(TSV_HEADER);
            text.push('\n');
            for e in &dict.entries {
                let _ = writeln!(text, "{}\t{}\t{}\t{}\t{}", e.spun, e.original, e.confidence, e.when, e.source);
            }
        }
        DictFormat::Json => {
            let entries: Vec<JsonEntry> = dict
                .entries
                .iter()
                .map(|e| JsonEntry {
                    spun: e.spun.clone(),
                    original: e.original.clone(),
                    confidence: e.confidence,
                    when: e.when.to_string(),
                    source: e.source.clone(),
                })
                .collect();
            text = serde_json::to_string_pretty(&entries).expect("entries serialize");
            text.push('\n');
        }
        DictFormat::Codespell | DictFormat::LanguageTool => {
            let (arrow, sep, forbidden): (&str, &str, &[&str]) = match format {
                DictFormat::Codespell => ("->", ", ", &["->", ",", "\n"]),
                _ => ("=", "|", &["=", "|", "\n"]),
            };
            // Both formats give all fixes of a typo on one line, in dictionary order.
            let mut lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for e in &dict.entries {
                if !e.when.is_always() {
                    left_out.push((e.clone(), "has a context condition"));
                } else if forbidden.iter().any(|f| e.spun.contains(f) || e.original.contains(f))
                    || e.spun.starts_with('#')
                {
                    left_out.push((e.clone(), "contains a character the format reserves"));
                } else {
                    // Two packs may hold the same pair ("imaginative and prescient" is both a
                    // tortured phrase and a news rendering): one fix, not "vision, vision,".
                    let fixes = lines.entry(e.spun.clone()).or_default();
                    if !fixes.contains(&e.original) {
                        fixes.push(e.original.clone());
                    }
                }
            }
            for (spun, fixes) in &lines {
                let _ = write!(text, "{spun}{arrow}{}", fixes.join(sep));
                // codespell marks a typo with several fixes by a trailing comma.
                if format == DictFormat::Codespell && fixes.len() > 1 {
                    text.push(',');
                }
                text.push('\n');
            }
        }
    }
    Exported { text, left_out }
}

/// Reads `text` (named `name` in problem locations) in `format`. Imported codespell and
/// LanguageTool entries get `confidence` and the source `source`.
pub fn import(
    name: &str,
    text: &str,
    format: DictFormat,
    confidence: f32,
    source: &str,
) -> Result<Dictionary, Vec<Problem>> {
    match format {
        DictFormat::Tsv => Dictionary::parse(name, text),
        DictFormat::Json => import_json(name, text),
        DictFormat::Codespell | DictFormat::LanguageTool => {
            let arrow = if format == DictFormat::Codespell { "->" } else { "=" };
            let mut entries = Vec::new();
            let mut problems = Vec::new();
            for (i, raw) in text.lines().enumerate() {
                let origin = format!("{name}:{}", i + 1);
                let line = raw.trim_end_matches('\r');
                if line.trim().is_empty() || line.trim_start().starts_with('#') {
                    continue;
                }
                let Some((spun, fixes)) = line.split_once(arrow) else {
                    problems.push(Problem { origin, message: format!("expected `wrong{arrow}right`") });
                    continue;
                };
                let (fixes, reason) = if format == DictFormat::Codespell {
                    codespell_fixes(fixes)
                } else {
                    (fixes.split('|').map(str::trim).filter(|f| !f.is_empty()).collect(), None)
                };
                let source = match reason {
                    Some(r) => format!("{source} (no automatic fix: {r})"),
                    None => source.to_string(),
                };
                if spun.trim().is_empty() || fixes.is_empty() {
                    problems.push(Problem { origin, message: "empty wrong or right text".into() });
                    continue;
                }
                for fix in fixes {
                    entries.push(Entry {
                        spun: spun.trim().to_string(),
                        original: fix.to_string(),
                        confidence,
                        when: Condition::Always,
                        source: source.clone(),
                        origin: origin.clone(),
                    });
                }
            }
            if problems.is_empty() {
                Ok(Dictionary { entries })
            } else {
                Err(problems)
            }
        }
    }
}

/// codespell's right-hand side: `fix`, `fix1, fix2,` (a trailing comma: several fixes), or
/// `fix, reason` (no trailing comma: the last part says why codespell does not fix it
/// automatically).
fn codespell_fixes(rhs: &str) -> (Vec<&str>, Option<&str>) {
    let rhs = rhs.trim();
    let parts: Vec<&str> = rhs.split(',').map(str::trim).filter(|f| !f.is_empty()).collect();
    if rhs.ends_with(',') || parts.len() < 2 {
        (parts, None)
    } else {
        let (reason, fixes) = parts.split_last().expect("two or more parts");
        (fixes.to_vec(), Some(*reason))
    }
}

fn import_json(name: &str, text: &str) -> Result<Dictionary, Vec<Problem>> {
    let items: Vec<JsonEntry> = serde_json::from_str(text).map_err(|e| {
        vec![Problem { origin: format!("{name}:{}", e.line()), message: format!("not a dictionary: {e}") }]
    })?;
    let mut entries = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let origin = format!("{name}[{i}]");
        match Condition::parse(&item.when) {
            Ok(when) if item.confidence > 0.0 && item.confidence <= 1.0 => entries.push(Entry {
                spun: item.spun,
                original: item.original,
                confidence: item.confidence,
                when,
                source: item.source,
                origin,
            }),
            Ok(_) => {
                problems.push(Problem { origin, message: format!("confidence {} is not in (0, 1]", item.confidence) })
            }
            Err(e) => problems.push(Problem { origin, message: format!("bad condition: {e}") }),
        }
    }
    if problems.is_empty() {
        Ok(Dictionary { entries })
    } else {
        Err(problems)
    }
}

/// Makes imported entries keep the shipped rules: drops self-maps and repeated pairs, sorts.
/// Returns how many entries were dropped.
pub fn tidy(dict: &mut Dictionary) -> usize {
    let before = dict.entries.len();
    dict.entries.retain(|e| e.spun.to_lowercase() != e.original.to_lowercase());
    dict.entries.sort_by(|a, b| {
        (a.spun.to_lowercase(), a.original.to_lowercase(), a.when.to_string()).cmp(&(
            b.spun.to_lowercase(),
            b.original.to_lowercase(),
            b.when.to_string(),
        ))
    });
    dict.entries.dedup_by(|a, b| {
        a.spun.eq_ignore_ascii_case(&b.spun) && a.original.eq_ignore_ascii_case(&b.original) && a.when == b.when
    });
    before - dict.entries.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::BUILTIN_PACKS;

    /// What survives a format: (spun, original, confidence, when, source) or just the pair.
    fn key(e: &Entry, full: bool) -> (String, String, String, String, String) {
        if full {
            (e.spun.clone(), e.original.clone(), e.confidence.to_string(), e.when.to_string(), e.source.clone())
        } else {
            (e.spun.clone(), e.original.clone(), String::new(), String::new(), String::new())
        }
    }

    #[test]
    fn every_format_round_trips_every_builtin_pack() {
        for (pack, file, text) in BUILTIN_PACKS {
            let dict = Dictionary::parse(file, text).unwrap();
            for (format, full) in [
                (DictFormat::Tsv, true),
                (DictFormat::Json, true),
                (DictFormat::Codespell, false),
                (DictFormat::LanguageTool, false),
            ] {
                let out = export(&dict, format);
                let back =
                    import("x", &out.text, format, 0.9, "").unwrap_or_else(|p| panic!("{pack} {format:?}: {p:?}"));
                let want: Vec<_> = dict
                    .entries
                    .iter()
                    .filter(|e| !out.left_out.iter().any(|(l, _)| l == *e))
                    .map(|e| key(e, full))
                    .collect();
                let mut got: Vec<_> = back.entries.iter().map(|e| key(e, full)).collect();
                let mut want_sorted = want.clone();
                want_sorted.sort();
                got.sort();
                let missing: Vec<_> = want_sorted.iter().filter(|k| !got.contains(k)).take(5).collect();
                let extra: Vec<_> = got.iter().filter(|k| !want_sorted.contains(k)).take(5).collect();
                assert!(got == want_sorted, "{pack} {format:?}: missing {missing:?}, extra {extra:?}");
                assert!(!got.is_empty());
                if full {
                    assert!(out.left_out.is_empty());
                } else {
                    let conditional = dict.entries.iter().filter(|e| !e.when.is_always()).count();
                    assert!(out.left_out.len() >= conditional && out.left_out.len() < dict.entries.len() / 5);
                }
            }
        }
    }

    #[test]
    fn codespell_and_languagetool_lines() {
        let d = import(
            "c.txt",
            "# comment\nabandonned->abandoned\nclas->class, clash,\n",
            DictFormat::Codespell,
            0.8,
            "cs",
        )
        .unwrap();
        let pairs: Vec<(&str, &str)> = d.entries.iter().map(|e| (e.spun.as_str(), e.original.as_str())).collect();
        assert_eq!(pairs, [("abandonned", "abandoned"), ("clas", "class"), ("clas", "clash")]);
        assert_eq!(export(&d, DictFormat::Codespell).text, "abandonned->abandoned\nclas->class, clash,\n");
        let d = import("r.txt", "#c\nteh=the\nrecieve=receive|relieve\n", DictFormat::LanguageTool, 0.8, "lt").unwrap();
        assert_eq!(d.entries.len(), 3);
        assert_eq!(export(&d, DictFormat::LanguageTool).text, "recieve=receive|relieve\nteh=the\n");
        // codespell: without a trailing comma, the last part is the reason, not a fix.
        let d =
            import("c.txt", "clas->class, disabled because of name clash in c++\n", DictFormat::Codespell, 0.8, "cs")
                .unwrap();
        assert_eq!(d.entries.len(), 1);
        assert_eq!(d.entries[0].original, "class");
        assert!(d.entries[0].source.contains("name clash"), "{}", d.entries[0].source);
        let err = import("r.txt", "ok=fine\nbroken line\n", DictFormat::LanguageTool, 0.8, "").unwrap_err();
        assert_eq!(err[0].origin, "r.txt:2");
    }

    #[test]
    fn a_pair_held_by_two_packs_exported_as_one_fix() {
        // Regression: "imaginative and prescient" is in the news and the science pack; the
        // codespell export wrote "vision, vision," which imports back as a different dictionary.
        let d = Dictionary::parse(
            "t.tsv",
            "imaginative and prescient\tvision\t0.9\t\tnews\nimaginative and prescient\tvision\t0.8\t\tpps\n",
        )
        .unwrap();
        assert_eq!(export(&d, DictFormat::Codespell).text, "imaginative and prescient->vision\n");
        assert_eq!(export(&d, DictFormat::LanguageTool).text, "imaginative and prescient=vision\n");
    }

    #[test]
    fn conditional_entries_are_left_out_of_formats_without_conditions() {
        let d =
            Dictionary::parse("t.tsv", "bosom\tbreast\t0.9\t\"breast\"\tpps\nhuge information\tbig data\n").unwrap();
        let out = export(&d, DictFormat::Codespell);
        assert_eq!(out.text, "huge information->big data\n");
        assert_eq!(out.left_out.len(), 1);
    }

    #[test]
    fn tidy_drops_self_maps_and_repeats_and_sorts() {
        let mut d = import("c", "b->c\na->a\nb->c\n", DictFormat::Codespell, 0.9, "").unwrap();
        assert_eq!(tidy(&mut d), 2);
        assert_eq!(d.entries.len(), 1);
        assert!(d.validate().is_empty());
    }
}
