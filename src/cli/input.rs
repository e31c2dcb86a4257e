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

/// Expands the command-line paths into sources, in a deterministic order: arguments in the order
/// given, folder contents sorted by path. Problems (a missing path) are returned, not fatal.
pub fn collect(paths: &[PathBuf], glob: &str) -> Result<(Vec<Source>, Vec<String>)> {
    let matcher = globset::Glob::new(glob).with_context(|| format!("bad --glob {glob:?}"))?.compile_matcher();
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => problems.push(format!("{}: {e}", p.display())),
            Ok(m) if m.is_dir() => {
                for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                    match entry {
                        Err(e) => problems.push(format!("{}: {e}", p.display())),
                        Ok(e) if e.file_type().is_file() && matcher.is_match(e.file_name()) => {
                            let rel = e.path().strip_prefix(p).unwrap_or(e.path()).to_path_buf();
                            sources.push(Source::File { path: e.path().to_path_buf(), rel });
                        }
                        Ok(_) => {}
                    }
                }
            }
            Ok(_) => {
                let rel = p.file_name().map(PathBuf::from).unwrap_or_else(|| p.clone());
                sources.push(Source::File { path: p.clone(), rel });
            }
        }
    }
    Ok((sources, problems))
}

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
