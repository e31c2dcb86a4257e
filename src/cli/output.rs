//! Writing results: atomic file replacement, unified diffs, terminal colour.

use anyhow::{Context, Result};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Writes `bytes` to `target` so that a crash leaves either the old file or the new one, never
/// a partial one: a temporary file in the same folder, fsync, then rename over the target.
pub fn atomic_write(target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating folder {}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".unspin-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes).with_context(|| format!("writing {}", target.display()))?;
    if let Ok(meta) = std::fs::metadata(target) {
        // Keep the permissions of the file being replaced.
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.as_file().sync_all().with_context(|| format!("syncing {}", target.display()))?;
    tmp.persist(target).map_err(|e| e.error).with_context(|| format!("replacing {}", target.display()))?;
    Ok(())
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
