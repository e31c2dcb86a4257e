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

/// Regression: `unspin dict check | head -1` panicked ("failed printing to stdout: Broken pipe")
/// because `dict check`, `eval`, `learn --out -` and `--dump-config` printed with `println!`.
/// Every subcommand that writes to stdout must end quietly when the reader has gone.
#[test]
fn every_printing_subcommand_exits_quietly_on_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::create_dir_all(dir.path().join("gold")).unwrap();
    let spun = "Officers mentioned a minimum of ten individuals had been evacuated.\n".repeat(2_000);
    std::fs::write(dir.path().join("in/a.txt"), &spun).unwrap();
    std::fs::write(dir.path().join("gold/a.txt"), &spun).unwrap();
    let cases: &[&[&str]] = &[
        &["dict", "check"],
        &["dict", "list"],
        &["dict", "export", "--format", "tsv"],
        &["eval", "--input", "in", "--gold", "gold"],
        &["learn", "in", "--out", "-", "--min-confidence", "0"],
        &["clean", "--dump-config"],
    ];
    for args in cases {
        // A reader that closes its end at once: the write fails with EPIPE (SIGPIPE is ignored
        // by the Rust runtime).
        let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
            .args(*args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(!stderr.contains("error:"), "{args:?} is not a valid command line: {stderr}");
    }
}
