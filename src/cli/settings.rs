//! Effective settings for `clean` and `check`: built-in defaults, then the settings file
//! (`unspin.toml`, `.unspin.toml` or `[tool.unspin]` in `pyproject.toml`), then flags.

use super::args::DetectArgs;
use anyhow::{bail, Result};
use clap::parser::ValueSource;
use clap::ArgMatches;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use unspin::settings::{discover, Settings};
use unspin::Config;

/// The configuration for a run and the settings file it came from, if any.
pub fn resolve(args: &DetectArgs, matches: &ArgMatches) -> Result<(Config, Option<PathBuf>)> {
    let mut config = Config::default();
    let path = match (&args.config, args.no_config) {
        (_, true) => None,
        (Some(p), _) => Some(p.clone()),
        (None, false) => discover(&std::env::current_dir()?),
    };
    if let Some(p) = &path {
        Settings::load(p)?.apply_to(&mut config);
    }
    // Flags with defaults override the file only when given on the command line.
    let given =
        |id: &str| matches!(matches.value_source(id), Some(ValueSource::CommandLine | ValueSource::EnvVariable));
    if given("stages") {
        config.stages = args.stages.clone();
    }
    if given("min_confidence") {
        if !(0.0..=1.0).contains(&args.min_confidence) {
            bail!("--min-confidence {} is not between 0 and 1", args.min_confidence);
        }
        config.min_confidence = args.min_confidence;
        config.min_confidence_judges_ocr = true;
    }
    if let Some(n) = args.spin_min_evidence {
        if !(n.is_finite() && n >= 0.0) {
            bail!("--spin-min-evidence {n} is not a number ≥ 0");
        }
        config.spin_min_evidence = n;
    }
    if given("packs") {
        config.packs = args.packs.clone();
    }
    config.dict_files.extend(args.dict_files.iter().cloned());
    if args.no_builtin_dict {
        config.builtin_dicts = false;
    }
    config.ignore.words.extend(args.ignore_words.iter().cloned());
    config.ignore.patterns.extend(args.ignore_patterns.iter().cloned());
    if args.no_ignore_markers {
        config.ignore.markers = false;
    }
    if let Some(repairs) = &args.normalize {
        config.normalize = unspin::normalize::NormalizeOptions::only(repairs);
    }
    for &repair in &args.no_normalize {
        config.normalize.set(repair, false);
    }
    Ok((config, path))
}

/// `--dump-config`: the effective settings as a settings file.
pub fn dump(args: &DetectArgs, matches: &ArgMatches) -> Result<ExitCode> {
    let (config, path) = resolve(args, matches)?;
    let from = path.map_or("no settings file".to_string(), |p| p.display().to_string());
    write!(
        std::io::stdout().lock(),
        "# unspin effective settings: defaults < {from} < command line\n{}",
        unspin::settings::dump(&config)
    )?;
    Ok(ExitCode::SUCCESS)
}
