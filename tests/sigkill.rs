//! A run killed with SIGKILL in the middle leaves every original intact and every output complete
//! or absent (a `.unspin-*.tmp` file may be left behind: never taken for input or output), and
//! rerunning completes the job.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SPUN: &str = "He mentioned a minimum of 143 individuals died.\n";
const CLEAN: &str = "He said at least 143 people died.\n";
const FILES: usize = 2000;
/// Enough records that even an optimised build is still running when the first batch is out.
const RECORDS: usize = if cfg!(debug_assertions) { 30_000 } else { 300_000 };

fn unspin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_unspin"));
    c.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    c
}

fn document(i: usize, text: &str) -> String {
    format!("Document x{i}y.\n{}", text.repeat(20))
}

fn is_temp(p: &Path) -> bool {
    let name = p.file_name().unwrap().to_string_lossy();
    name.starts_with(".unspin-") && name.ends_with(".tmp")
}

/// The `--resume` journal `--out-dir` keeps (src/cli/resume.rs): bookkeeping, not an output.
fn is_journal(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n == ".unspin-journal")
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).map_or(vec![], |rd| rd.map(|e| e.unwrap().path()).collect());
    v.sort();
    v
}

/// Waits until `ready` holds, then kills the child with SIGKILL; panics if the run ended first
/// (the test would prove nothing).
fn kill_when(mut child: Child, ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it could be killed; make the input larger");
        }
        assert!(start.elapsed() < Duration::from_secs(300), "the run made no progress");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on unix
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(9), "killed mid-run, not finished: {status}");
}

fn make_inputs(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    for i in 0..FILES {
        std::fs::write(input.join(format!("{i:05}.txt")), document(i, SPUN)).unwrap();
    }
    input
}

#[test]
fn killed_out_dir_run_leaves_complete_outputs_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let input = make_inputs(dir.path());
    let out = dir.path().join("out");
    let child = unspin().args(["clean", "-j", "1", "--out-dir"]).arg(&out).arg(&input).spawn().unwrap();
    kill_when(child, || entries(&out).len() > 300);

    let mut complete = 0;
    let mut debris = 0;
    for p in entries(&out) {
        if is_temp(&p) {
            debris += 1;
            continue;
        }
        if is_journal(&p) {
            continue;
        }
        let i: usize = p.file_stem().unwrap().to_string_lossy().parse().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), document(i, CLEAN), "{} is incomplete", p.display());
        complete += 1;
    }
    assert!(complete > 0 && complete < FILES, "{complete} outputs");
    assert!(debris <= 1, "one file is written at a time: {debris} temporary files");
    for i in 0..FILES {
        let p = input.join(format!("{i:05}.txt"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), document(i, SPUN), "original {} changed", p.display());
    }

    // The rerun completes the job; leftover temporary files are not inputs or outputs.
    let r = unspin().args(["clean", "--out-dir"]).arg(&out).arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("{FILES} documents ({FILES} changed")), "{stderr}");
    let outputs: Vec<PathBuf> = entries(&out).into_iter().filter(|p| !is_temp(p) && !is_journal(p)).collect();
    assert_eq!(outputs.len(), FILES);
    for (i, p) in outputs.iter().enumerate() {
        assert_eq!(std::fs::read_to_string(p).unwrap(), document(i, CLEAN));
    }
}

#[test]
fn killed_in_place_run_leaves_each_file_old_or_new_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let input = make_inputs(dir.path());
    let cleaned = |i: usize| std::fs::read_to_string(input.join(format!("{i:05}.txt"))).unwrap() == document(i, CLEAN);
    let child = unspin().args(["clean", "-j", "1", "--write"]).arg(&input).spawn().unwrap();
    kill_when(child, || cleaned(300));

    let mut done = 0;
    for p in entries(&input) {
        if is_temp(&p) {
            continue;
        }
        let i: usize = p.file_stem().unwrap().to_string_lossy().parse().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text == document(i, SPUN) || text == document(i, CLEAN), "{} is neither old nor new", p.display());
        done += usize::from(text == document(i, CLEAN));
    }
    assert!(done > 0 && done < FILES, "{done} rewritten");

    // Rerun over every file name: a temporary file left by the kill is not taken for input.
    let r = unspin().args(["clean", "--glob", "*", "--write"]).arg(&input).output().unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("{FILES} documents ({} changed", FILES - done)), "{stderr}");
    assert!((0..FILES).all(cleaned));
}

#[test]
fn killed_jsonl_run_writes_no_partial_shard_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("shard.jsonl");
    let record = |i: usize, text: &str| format!("{{\"id\":{i},\"text\":{}}}", serde_json::json!(text));
    let lines: String = (0..RECORDS).map(|i| record(i, SPUN) + "\n").collect();
    std::fs::write(&shard, &lines).unwrap();
    let out = dir.path().join("out");
    let child = unspin().args(["clean", "--jsonl", "-j", "1", "--out-dir"]).arg(&out).arg(&shard).spawn().unwrap();
    // Killed once the shard's temporary output holds a first batch of records.
    kill_when(child, || entries(&out).iter().any(|p| is_temp(p) && p.metadata().is_ok_and(|m| m.len() > 0)));
    assert!(!out.join("shard.jsonl").exists(), "a partial shard was committed");
    assert_eq!(std::fs::read_to_string(&shard).unwrap(), lines);

    // In place too: the original stays whole.
    let child = unspin().args(["clean", "--jsonl", "-j", "1", "--write"]).arg(&shard).spawn().unwrap();
    kill_when(child, || entries(dir.path()).iter().any(|p| is_temp(p) && p.metadata().is_ok_and(|m| m.len() > 0)));
    assert_eq!(std::fs::read_to_string(&shard).unwrap(), lines);

    let r = unspin().args(["clean", "--jsonl", "--out-dir"]).arg(&out).arg(&shard).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let written = std::fs::read_to_string(out.join("shard.jsonl")).unwrap();
    assert_eq!(written.lines().count(), RECORDS);
    for (i, line) in written.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!((v["id"].as_u64(), v["text"].as_str()), (Some(i as u64), Some(CLEAN)));
    }
}
