//! Finding and reading inputs: files, folders (recursive, filtered by a glob) and stdin.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use unspin::encoding::DecodeError;

/// Where one document (or JSON Lines shard) comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File {
        path: PathBuf,
        /// Path relative to the folder it was found in (the file name for a file given directly),
        /// used for `--out-dir`.
        rel: PathBuf,
    },
}

impl Source {
    /// The name used in messages and as the document id.
    pub fn label(&self) -> String {
        match self {
            Source::Stdin => "-".into(),
            Source::File { path, .. } => path.display().to_string(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::File { path, .. } => Some(path),
        }
    }
}

/// What the command-line paths expand to.
#[derive(Debug, Default)]
pub struct Collected {
    pub sources: Vec<Source>,
    /// Paths that could not be read (missing, dangling links, unreadable folders).
    pub problems: Vec<String>,
    /// Paths left out on purpose (FIFOs, sockets, devices found in folders).
    pub skipped: Vec<String>,
}

/// Expands the command-line paths into sources, in a deterministic order: arguments in the order
/// given, folder contents sorted by path. Folders are walked following symbolic links. Nothing
/// here is fatal: problems are returned for the caller to report and count.
///
/// A path given explicitly is read whatever it is (`<(cmd)` gives a pipe); inside folders only
/// regular files are read, and unspin's own temporary files (`.unspin-*.tmp`, left by a killed
/// run) are ignored.
pub fn collect(paths: &[PathBuf], glob: &str) -> Result<Collected> {
    let matcher = globset::Glob::new(glob).with_context(|| format!("bad --glob {glob:?}"))?.compile_matcher();
    let mut out = Collected::default();
    for p in paths {
        if p.as_os_str() == "-" {
            out.sources.push(Source::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => out.problems.push(format!("{}: {e}", p.display())),
            Ok(m) if m.is_dir() => {
                for entry in walkdir::WalkDir::new(p).follow_links(true).sort_by_file_name() {
                    let e = match entry {
                        Ok(e) => e,
                        Err(e) => {
                            let at = e.path().unwrap_or(p).display().to_string();
                            let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                            out.problems.push(format!("{at}: {why}"));
                            continue;
                        }
                    };
                    let name = e.file_name();
                    if e.file_type().is_dir() || !matcher.is_match(name) || is_temp_file(name) {
                        continue;
                    }
                    if !e.file_type().is_file() {
                        out.skipped.push(format!("{}: not a regular file, skipped", e.path().display()));
                        continue;
                    }
                    let rel = e.path().strip_prefix(p).unwrap_or(e.path()).to_path_buf();
                    out.sources.push(Source::File { path: e.path().to_path_buf(), rel });
                }
            }
            Ok(_) => {
                let rel = p.file_name().map(PathBuf::from).unwrap_or_else(|| p.clone());
                out.sources.push(Source::File { path: p.clone(), rel });
            }
        }
    }
    Ok(out)
}

/// unspin's temporary files (see `output::AtomicFile`).
pub fn is_temp_file(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
}

pub const TEMP_PREFIX: &str = ".unspin-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// Why a source could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    Decode(DecodeError),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Decode(e) => write!(f, "{e}"),
        }
    }
}
