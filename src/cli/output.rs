//! Writing results: atomic file replacement, unified diffs, terminal colour.

use super::input::{TEMP_PREFIX, TEMP_SUFFIX};
use anyhow::{Context, Result};
use std::fmt;
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
        sync_folder(target)
    }
}

fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// fsync of the folder holding `target`, just renamed into place: makes the rename survive a
/// power loss (no-op where folders cannot be opened, as on Windows).
pub fn sync_folder(target: &Path) -> Result<()> {
    let dir = folder_of(target);
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("syncing folder {} after replacing {}", dir.display(), target.display()))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
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
    /// `s` in the colour or style `code` when painting: a [`fmt::Display`] written straight into
    /// the output, so a report line allocates nothing per part.
    fn wrap<T: fmt::Display>(&self, code: &'static str, s: T) -> Painted<T> {
        Painted { code: self.on.then_some(code), text: s }
    }
    pub fn bold<T: fmt::Display>(&self, s: T) -> Painted<T> {
        self.wrap("1", s)
    }
    pub fn red<T: fmt::Display>(&self, s: T) -> Painted<T> {
        self.wrap("31", s)
    }
    pub fn green<T: fmt::Display>(&self, s: T) -> Painted<T> {
        self.wrap("32", s)
    }
    pub fn dim<T: fmt::Display>(&self, s: T) -> Painted<T> {
        self.wrap("2", s)
    }
}

/// Text with an optional SGR code around it ([`Paint`]).
pub struct Painted<T> {
    code: Option<&'static str>,
    text: T,
}

impl<T: fmt::Display> fmt::Display for Painted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(f, "\x1b[{code}m{}\x1b[0m", self.text),
            None => write!(f, "{}", self.text),
        }
    }
}

/// Characters that must not reach a terminal raw from untrusted text: C0 and C1 controls (ESC
/// starts colour, cursor and title sequences; U+009B is a one-character CSI), DEL, and the bidi
/// controls that reorder what is displayed ("Trojan Source").
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Untrusted text (file names, document text) made safe to print on a terminal: unsafe
/// characters are shown as escapes (`\n`, `\t`, `\r`, `\u{1b}`); everything else is unchanged.
pub fn escape_untrusted(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// JSON text with the unsafe characters serde_json leaves raw (C1 controls, DEL, bidi controls)
/// written as `\uXXXX` escapes: the same JSON value, safe to print. Such characters can only occur
/// inside JSON strings, so replacing them is always valid.
pub fn json_for_terminal(json: String) -> String {
    if !json.chars().any(is_unsafe) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        // serde_json already escaped C0 controls; the newlines left are pretty-printing.
        if is_unsafe(c) && !matches!(c, '\n' | ' ') {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_is_escaped() {
        assert_eq!(escape_untrusted("plain “text”"), "plain “text”");
        assert_eq!(escape_untrusted("a\x1b[31mb\n\u{202e}\u{9b}"), "a\\u{1b}[31mb\\n\\u{202e}\\u{9b}");
        let json = serde_json::to_string(&serde_json::json!({"t": "x\x1b\u{9b}\u{202e}y"})).unwrap();
        let safe = json_for_terminal(json);
        assert_eq!(safe, r#"{"t":"x\u001b\u009b\u202ey"}"#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap()["t"], "x\x1b\u{9b}\u{202e}y");
    }
}
