//! Resumable folder-to-folder runs: a journal in the output folder records each output once it
//! is safely in place, with the size and modification time of its input and its own size. A run
//! with `--resume` skips the inputs whose journal entry still matches both files, so an
//! interrupted run picks up where it stopped; anything not recorded is simply done again.
//!
//! Journal lines (appended, one per output): `v1<TAB>input_len<TAB>input_mtime_ns<TAB>output_len<TAB>relative path`.
//! A line cut short by a crash does not parse and is ignored.

use super::input::Source;
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const JOURNAL: &str = ".unspin-journal";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    input_len: u64,
    input_mtime_ns: u128,
    output_len: u64,
}

pub struct Journal {
    dir: PathBuf,
    file: File,
    done: HashMap<String, Stamp>,
}

fn input_stamp(path: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(path).ok()?;
    let mtime = m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
    Some((m.len(), mtime))
}

fn key(rel: &Path) -> Option<String> {
    rel.to_str().filter(|s| !s.contains('\n')).map(str::to_string)
}

impl Journal {
    /// Opens the journal of `dir`: read for `resume`, started afresh otherwise.
    pub fn open(dir: &Path, resume: bool) -> Result<Journal> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating folder {}", dir.display()))?;
        let path = dir.join(JOURNAL);
        let mut done = HashMap::new();
        if resume {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    for line in text.lines() {
                        if let Some((k, stamp)) = parse_line(line) {
                            done.insert(k, stamp);
                        }
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
            }
        }
        let file = OpenOptions::new()
            .create(true)
            .append(resume)
            .write(true)
            .truncate(!resume)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))?;
        Ok(Journal { dir: dir.to_path_buf(), file, done })
    }

    /// True when `src` was cleaned into `target` by an earlier run and neither changed since.
    pub fn is_done(&self, src: &Source) -> bool {
        let Source::File { path, rel } = src else { return false };
        let (Some(k), Some((len, mtime))) = (key(rel), input_stamp(path)) else { return false };
        let Some(stamp) = self.done.get(&k) else { return false };
        let out_len = std::fs::metadata(self.dir.join(rel)).map(|m| m.len()).ok();
        stamp.input_len == len && stamp.input_mtime_ns == mtime && out_len == Some(stamp.output_len)
    }

    /// Records that `src`'s output is in place.
    pub fn record(&mut self, src: &Source) -> Result<()> {
        let Source::File { path, rel } = src else { return Ok(()) };
        let (Some(k), Some((len, mtime))) = (key(rel), input_stamp(path)) else { return Ok(()) };
        let Ok(out) = std::fs::metadata(self.dir.join(rel)) else { return Ok(()) };
        // One write per line, so a kill leaves whole lines and at most one partial last line.
        let line = format!("v1\t{len}\t{mtime}\t{}\t{k}\n", out.len());
        self.file.write_all(line.as_bytes()).with_context(|| format!("writing {}", self.dir.join(JOURNAL).display()))
    }
}

fn parse_line(line: &str) -> Option<(String, Stamp)> {
    let mut cols = line.splitn(5, '\t');
    if cols.next()? != "v1" {
        return None;
    }
    let input_len = cols.next()?.parse().ok()?;
    let input_mtime_ns = cols.next()?.parse().ok()?;
    let output_len = cols.next()?.parse().ok()?;
    let rel = cols.next().filter(|r| !r.is_empty())?;
    Some((rel.to_string(), Stamp { input_len, input_mtime_ns, output_len }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_output_is_done_until_its_input_or_output_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let (inp, out) = (tmp.path().join("in"), tmp.path().join("out"));
        std::fs::create_dir_all(&inp).unwrap();
        std::fs::write(inp.join("a.txt"), "text").unwrap();
        let src = Source::File { path: inp.join("a.txt"), rel: "a.txt".into() };

        let mut j = Journal::open(&out, false).unwrap();
        std::fs::write(out.join("a.txt"), "clean").unwrap();
        j.record(&src).unwrap();
        drop(j);

        assert!(Journal::open(&out, true).unwrap().is_done(&src));
        std::fs::write(out.join("a.txt"), "cut").unwrap();
        assert!(!Journal::open(&out, true).unwrap().is_done(&src), "output changed size");
        std::fs::write(out.join("a.txt"), "clean").unwrap();
        std::fs::write(inp.join("a.txt"), "other text").unwrap();
        assert!(!Journal::open(&out, true).unwrap().is_done(&src), "input changed");
    }

    #[test]
    fn a_line_cut_short_is_ignored_and_a_fresh_run_forgets() {
        assert_eq!(parse_line("v1\t4\t17\t5\ta.txt").map(|p| p.0), Some("a.txt".into()));
        assert!(parse_line("v1\t4\t17").is_none());
        assert!(parse_line("v1\t4\t17\t5\t").is_none());
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(JOURNAL), "v1\t1\t1\t1\ta.txt\n").unwrap();
        assert_eq!(Journal::open(tmp.path(), true).unwrap().done.len(), 1);
        assert_eq!(Journal::open(tmp.path(), false).unwrap().done.len(), 0);
    }
}
