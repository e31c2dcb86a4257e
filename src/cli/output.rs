//! Writing results: atomic file replacement, unified diffs, terminal colour.

use super::input::{TEMP_PREFIX, TEMP_SUFFIX};
use anyhow::{Context, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// A file being written so that a crash or kill leaves either the old target or the complete new
/// one, never a partial one: a temporary file in the target's folder (`.unspin-XXXXXX.tmp`),
/// fsync, rename over the target, fsync of the folder so the rename itself is durable.
///
/// A killed run can leave the temporary file behind; it is never taken for output (the name does
/// not end in the target's extension, and folder walks skip it) and may be deleted.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<AtomicFile> {
        let dir = folder_of(target);
        std::fs::create_dir_all(dir).with_context(|| format!("creating folder {}", dir.display()))?;
        let tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir)
            .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
        Ok(AtomicFile { tmp, target: target.to_path_buf() })
    }

    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// Makes the new contents durable and visible under the target name.
    pub fn commit(self) -> Result<()> {
        let target = &self.target;
        if let Ok(meta) = std::fs::metadata(target) {
            // Keep the permissions of the file being replaced.
            let _ = self.tmp.as_file().set_permissions(meta.permissions());
        }
        self.tmp.as_file().sync_all().with_context(|| format!("syncing {}", target.display()))?;
        self.tmp.persist(target).map_err(|e| e.error).with_context(|| format!("replacing {}", target.display()))?;
        sync_folder(folder_of(target)).with_context(|| format!("syncing the folder of {}", target.display()))
    }
}

fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// fsync of a folder: makes a rename in it survive a power loss (no-op where folders cannot be
/// opened, as on Windows).
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Writes `bytes` to `target` atomically (see [`AtomicFile`]).
pub fn atomic_write(target: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create(target)?;
    f.file().write_all(bytes).with_context(|| format!("writing {}", target.display()))?;
    f.commit()
}

/// A unified diff of `before` → `after`, with `a/` and `b/` headers as git writes them.
pub fn unified_diff(label: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{label}"), &format!("b/{label}"))
        .to_string()
}

/// ANSI colours, only when stdout is a terminal and NO_COLOR is unset.
pub struct Paint {
    on: bool,
}

impl Paint {
    pub fn stdout() -> Paint {
        Paint { on: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() }
    }
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    pub fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}
