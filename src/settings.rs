//! Settings files: `unspin.toml` (or `.unspin.toml`, or `[tool.unspin]` in `pyproject.toml`),
//! found from the current folder upward, for what a team wants on every run.
//!
//! ```toml
//! stages = ["normalize", "spin"]
//! min-confidence = 0.6
//! min-confidence-by-stage = { ocr = 0.8 }
//! dict = ["news", "science"]     # built-in packs
//! dict-files = ["house.tsv"]     # user dictionaries, relative to this file
//! builtin-dict = true            # false: only dict-files
//!
//! [ignore]
//! words = ["mentioned"]          # never change these
//! patterns = ['https?://\S+']    # nor text matching these regular expressions
//! markers = true                 # honour unspin:ignore-line / unspin:ignore-start … unspin:ignore-end
//!
//! [normalize]
//! mojibake = false               # switch normalize repairs on or off by name
//! ```
//!
//! Precedence: built-in defaults, then the file, then command-line flags. Errors say
//! `FILE:LINE:COLUMN: what is wrong`.

use crate::dict::BUILTIN_PACKS;
use crate::edit::Stage;
use crate::pipeline::Config;
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// File names looked for in each folder, in order.
pub const FILE_NAMES: &[&str] = &["unspin.toml", ".unspin.toml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileSettings {
    stages: Option<Vec<Stage>>,
    min_confidence: Option<Spanned<f32>>,
    dict: Option<Vec<Spanned<String>>>,
    dict_files: Option<Vec<String>>,
    builtin_dict: Option<bool>,
    ignore: Option<IgnoreSection>,
    /// Per-stage thresholds (`[min-confidence-by-stage] ocr = 0.8`).
    min_confidence_by_stage: Option<std::collections::BTreeMap<Stage, Spanned<f32>>>,
    /// Normalize repairs switched on or off by name (`mojibake = false`).
    normalize: Option<std::collections::BTreeMap<Spanned<String>, bool>>,
    /// Spin stage options (`[spin] min-evidence = 2`).
    spin: Option<SpinSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SpinSection {
    min_evidence: Option<Spanned<f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct IgnoreSection {
    words: Option<Vec<String>>,
    patterns: Option<Vec<Spanned<String>>>,
    markers: Option<bool>,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyTool>,
}

#[derive(Deserialize)]
struct PyTool {
    unspin: Option<toml::Value>,
}

/// A settings file, read and checked.
#[derive(Debug)]
pub struct Settings {
    pub path: PathBuf,
    file: FileSettings,
}

/// A settings problem at `path:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)
        }
    }
}

impl std::error::Error for SettingsError {}

/// The nearest settings file at or above `start`: `unspin.toml`, `.unspin.toml`, or a
/// `pyproject.toml` with a `[tool.unspin]` table.
pub fn discover(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        let py = dir.join("pyproject.toml");
        if py.is_file() && std::fs::read_to_string(&py).is_ok_and(|t| t.contains("[tool.unspin")) {
            return Some(py);
        }
    }
    None
}

impl Settings {
    /// Reads and checks a settings file (`pyproject.toml` files: their `[tool.unspin]` table).
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        let text = std::fs::read_to_string(path).map_err(|e| SettingsError {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("cannot read: {e}"),
        })?;
        Settings::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Settings, SettingsError> {
        let at = |span: Option<Range<usize>>, message: String| {
            let (line, column) = span.map_or((0, 0), |s| line_col(text, s.start));
            SettingsError { path: path.to_path_buf(), line, column, message }
        };
        let toml_err = |e: toml::de::Error| at(e.span(), e.message().trim().to_string());
        let file: FileSettings = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
            // Deserialize the table from the whole document so spans stay file-relative.
            let py: Pyproject = toml::from_str(text).map_err(toml_err)?;
            match py.tool.and_then(|t| t.unspin) {
                Some(_) => {
                    #[derive(Deserialize)]
                    struct Py {
                        tool: PyToolTyped,
                    }
                    #[derive(Deserialize)]
                    struct PyToolTyped {
                        unspin: FileSettings,
                    }
                    toml::from_str::<Py>(text).map_err(toml_err)?.tool.unspin
                }
                None => return Err(at(None, "no [tool.unspin] table".into())),
            }
        } else {
            toml::from_str(text).map_err(toml_err)?
        };
        if let Some(m) = &file.min_confidence {
            if !(0.0..=1.0).contains(m.get_ref()) {
                return Err(at(Some(m.span()), format!("min-confidence {} is not between 0 and 1", m.get_ref())));
            }
        }
        for pack in file.dict.iter().flatten() {
            if !BUILTIN_PACKS.iter().any(|(n, _, _)| n == pack.get_ref()) {
                let names: Vec<&str> = BUILTIN_PACKS.iter().map(|p| p.0).collect();
                return Err(at(
                    Some(pack.span()),
                    format!("no built-in dictionary pack {:?} (available: {})", pack.get_ref(), names.join(", ")),
                ));
            }
        }
        for m in file.min_confidence_by_stage.iter().flat_map(|t| t.values()) {
            if !(0.0..=1.0).contains(m.get_ref()) {
                return Err(at(Some(m.span()), format!("threshold {} is not between 0 and 1", m.get_ref())));
            }
        }
        let repairs = normalize_table(&crate::normalize::NormalizeOptions::default());
        for key in file.normalize.iter().flat_map(|n| n.keys()) {
            if !repairs.contains_key(key.get_ref()) {
                let names: Vec<&str> = repairs.keys().map(String::as_str).collect();
                return Err(at(
                    Some(key.span()),
                    format!("unknown normalize repair {:?} (known: {})", key.get_ref(), names.join(", ")),
                ));
            }
        }
        if let Some(m) = file.spin.as_ref().and_then(|s| s.min_evidence.as_ref()) {
            if !(m.get_ref().is_finite() && *m.get_ref() >= 0.0) {
                return Err(at(Some(m.span()), format!("min-evidence {} is not a number ≥ 0", m.get_ref())));
            }
        }
        for p in file.ignore.iter().flat_map(|i| i.patterns.iter().flatten()) {
            if let Err(e) = regex::Regex::new(p.get_ref()) {
                return Err(at(Some(p.span()), format!("bad ignore pattern: {e}")));
            }
        }
        Ok(Settings { path: path.to_path_buf(), file })
    }

    /// Writes the file's values over `config`. Relative `dict-files` are relative to the file.
    pub fn apply_to(&self, config: &mut Config) {
        let f = &self.file;
        if let Some(s) = &f.stages {
            config.stages = s.clone();
        }
        if let Some(m) = &f.min_confidence {
            config.min_confidence = *m.get_ref();
            config.min_confidence_judges_ocr = true;
        }
        if let Some(t) = &f.min_confidence_by_stage {
            config.stage_min_confidence.extend(t.iter().map(|(s, m)| (*s, *m.get_ref())));
        }
        if let Some(d) = &f.dict {
            config.packs = d.iter().map(|p| p.get_ref().clone()).collect();
        }
        if let Some(files) = &f.dict_files {
            let base = self.path.parent().unwrap_or(Path::new("."));
            config.dict_files.extend(files.iter().map(|p| base.join(p)));
        }
        if let Some(b) = f.builtin_dict {
            config.builtin_dicts = b;
        }
        if let Some(n) = &f.normalize {
            let mut table = normalize_table(&config.normalize);
            for (k, v) in n {
                table.insert(k.get_ref().clone(), toml::Value::Boolean(*v));
            }
            config.normalize = toml::Value::Table(table).try_into().expect("known repairs, checked in parse");
        }
        if let Some(m) = f.spin.as_ref().and_then(|s| s.min_evidence.as_ref()) {
            config.spin_min_evidence = *m.get_ref();
        }
        if let Some(i) = &f.ignore {
            if let Some(w) = &i.words {
                config.ignore.words.extend(w.iter().cloned());
            }
            if let Some(p) = &i.patterns {
                config.ignore.patterns.extend(p.iter().map(|p| p.get_ref().clone()));
            }
            if let Some(m) = i.markers {
                config.ignore.markers = m;
            }
        }
    }
}

/// `config` as a settings file that [`Settings::parse`] reads back to the same configuration.
pub fn dump(config: &Config) -> String {
    let mut t = toml::Table::new();
    let strings = |v: Vec<String>| toml::Value::Array(v.into_iter().map(toml::Value::String).collect());
    t.insert("stages".into(), strings(config.stages.iter().map(|s| s.name().to_string()).collect()));
    t.insert("min-confidence".into(), decimal(config.min_confidence));
    t.insert("dict".into(), strings(config.packs.clone()));
    // A threshold written in the file judges OCR edits too (docs/ocr.md, round 17): where none
    // was given, the OCR stage's own threshold 0 keeps its edits passing when the file is read back.
    let mut by_stage = config.stage_min_confidence.clone();
    if !config.min_confidence_judges_ocr {
        by_stage.entry(Stage::Ocr).or_insert(0.0);
    }
    if !by_stage.is_empty() {
        let by_stage = by_stage.iter().map(|(s, m)| (s.name().to_string(), decimal(*m))).collect();
        t.insert("min-confidence-by-stage".into(), toml::Value::Table(by_stage));
    }
    t.insert("dict-files".into(), strings(config.dict_files.iter().map(|p| p.display().to_string()).collect()));
    t.insert("builtin-dict".into(), toml::Value::Boolean(config.builtin_dicts));
    let mut ignore = toml::Table::new();
    ignore.insert("words".into(), strings(config.ignore.words.clone()));
    ignore.insert("patterns".into(), strings(config.ignore.patterns.clone()));
    ignore.insert("markers".into(), toml::Value::Boolean(config.ignore.markers));
    t.insert("ignore".into(), toml::Value::Table(ignore));
    t.insert("normalize".into(), toml::Value::Table(normalize_table(&config.normalize)));
    let mut spin = toml::Table::new();
    spin.insert("min-evidence".into(), toml::Value::Float(config.spin_min_evidence));
    t.insert("spin".into(), toml::Value::Table(spin));
    toml::to_string(&t).expect("a table serializes")
}

/// Through the decimal text so that 0.6 is written as 0.6, not 0.6000000238418579.
fn decimal(x: f32) -> toml::Value {
    toml::Value::Float(format!("{x}").parse().unwrap_or(f64::from(x)))
}

fn normalize_table(opts: &crate::normalize::NormalizeOptions) -> toml::Table {
    match toml::Value::try_from(opts) {
        Ok(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    }
}

fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, SettingsError> {
        Settings::parse(Path::new("unspin.toml"), text)
    }

    #[test]
    fn errors_point_at_file_line_and_column() {
        let table = [
            ("min-confidence = 0.5\nstages = [\"spin\", \"spelling\"]\n", 2, "unknown variant"),
            ("dict = [\"news\",\n  \"sciense\"]\n", 2, "no built-in dictionary pack \"sciense\""),
            ("min-confidence = 1.5\n", 1, "not between 0 and 1"),
            ("[ignore]\npatterns = ['(']\n", 2, "bad ignore pattern"),
            ("\n\nthreshold = 0.5\n", 3, "unknown field `threshold`"),
            ("[normalize]\nmojibake = false\nmojibakes = true\n", 3, "unknown normalize repair \"mojibakes\""),
            ("[normalize]\nmojibake = 1\n", 2, "bool"),
            ("min-confidence-by-stage = { ocr = 1.5 }\n", 1, "threshold 1.5"),
            ("[min-confidence-by-stage]\nspelling = 0.5\n", 2, "unknown variant"),
            ("stages = [\n", 1, "unclosed array"),
            ("[spin]\nmin-evidence = -1\n", 2, "min-evidence -1 is not a number ≥ 0"),
            ("[spin]\nmin-evidence = 2\ngate = 1\n", 3, "unknown field `gate`"),
        ];
        for (text, line, want) in table {
            let err = parse(text).unwrap_err();
            assert_eq!(err.line, line, "{text:?}: {err}");
            assert!(err.to_string().starts_with(&format!("unspin.toml:{line}:")), "{err}");
            assert!(err.message.contains(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn dump_reads_back_to_the_same_config() {
        let mut config = Config {
            min_confidence: 0.6,
            packs: vec!["news".into(), "science".into()],
            spin_min_evidence: 2.5,
            // A threshold written in a settings file judges the OCR stage's edits too.
            min_confidence_judges_ocr: true,
            ..Config::default()
        };
        config.ignore.words = vec!["mentioned".into()];
        config.ignore.patterns = vec![r"https?://\S+".into()];
        config.builtin_dicts = false;
        config.normalize.mojibake = false;
        config.stage_min_confidence.insert(Stage::Ocr, 0.8);
        let text = dump(&config);
        let mut back = Config::default();
        parse(&text).unwrap().apply_to(&mut back);
        assert_eq!(back, config, "{text}");
    }

    /// Regression: a dumped default config, read back, filtered OCR edits at 0.5 (round 17's
    /// calibrated OCR confidences pass by default only while no threshold is written).
    #[test]
    fn dump_of_a_default_config_keeps_every_stage_threshold() {
        for judges_ocr in [false, true] {
            let config = Config { min_confidence_judges_ocr: judges_ocr, ..Config::default() };
            let text = dump(&config);
            let mut back = Config::default();
            parse(&text).unwrap().apply_to(&mut back);
            for stage in [Stage::Normalize, Stage::Spin, Stage::Ocr] {
                assert_eq!(back.threshold_for(stage), config.threshold_for(stage), "{stage:?}: {text}");
            }
        }
        assert_eq!(Config::default().threshold_for(Stage::Ocr), 0.0);
    }

    #[test]
    fn pyproject_tool_table() {
        let text = "[project]\nname = \"x\"\n\n[tool.unspin]\nmin-confidence = 0.7\ndict = [\"science\"]\n";
        let s = Settings::parse(Path::new("pyproject.toml"), text).unwrap();
        let mut c = Config::default();
        s.apply_to(&mut c);
        assert_eq!((c.min_confidence, c.packs.clone()), (0.7, vec!["science".to_string()]));
        let err = Settings::parse(Path::new("pyproject.toml"), "[tool.unspin]\nmin-confidence = 2.0\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn discovery_walks_up_to_the_nearest_file() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(dir.path().join("pyproject.toml"), "[tool.unspin]\n").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join("pyproject.toml")));
        std::fs::write(dir.path().join("a/unspin.toml"), "").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join("a/unspin.toml")));
    }
}
