//! A reader that stops early (`unspin check … | head -1`) ends the run quietly, as with ripgrep.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn broken_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Officers mentioned a minimum of ten individuals had been evacuated.\n";
    std::fs::write(dir.path().join("big.txt"), line.repeat(50_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(["check"])
        .arg(dir.path().join("big.txt"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // Dropping the reader closes the pipe while unspin is still writing.
    let out = child.wait_with_output().unwrap();
    assert!(first.contains("big.txt:1:"), "{first}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "no message on a closed pipe, got: {stderr}");
    assert!(matches!(out.status.code(), Some(0) | Some(2)), "{:?}", out.status);
}
