//! Streaming runs: compressed JSON Lines shards in and out, order kept across threads, resumable
//! folder-to-folder runs, and unreadable shards that leave nothing half-written.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output};

fn unspin(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unspin")).args(args).current_dir(cwd).output().unwrap()
}

fn records(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!("{{\"id\":\"r{i}\",\"text\":\"Record {i}: officers mentioned a minimum of {i} individuals.\"}}\n")
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> String {
    let mut s = String::new();
    flate2::read::MultiGzDecoder::new(bytes).read_to_string(&mut s).unwrap();
    s
}

fn ids(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().into())
        .collect()
}

#[test]
fn compressed_shards_are_written_compressed_and_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let input = records(2000);
    std::fs::create_dir_all(tmp.path().join("in/sub")).unwrap();
    std::fs::write(tmp.path().join("in/a.jsonl.gz"), gzip(input.as_bytes())).unwrap();
    std::fs::write(tmp.path().join("in/sub/b.jsonl.zst"), zstd::encode_all(input.as_bytes(), 3).unwrap()).unwrap();
    std::fs::write(tmp.path().join("in/c.jsonl"), &input).unwrap();
    let out = unspin(&["clean", "--jsonl", "-j", "2", "in", "--out-dir", "out"], tmp.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let a = gunzip(&std::fs::read(tmp.path().join("out/a.jsonl.gz")).unwrap());
    let b = String::from_utf8(
        zstd::decode_all(&std::fs::read(tmp.path().join("out/sub/b.jsonl.zst")).unwrap()[..]).unwrap(),
    )
    .unwrap();
    let c = std::fs::read_to_string(tmp.path().join("out/c.jsonl")).unwrap();
    let want: Vec<String> = (0..2000).map(|i| format!("r{i}")).collect();
    for shard in [&a, &b, &c] {
        assert_eq!(ids(shard), want);
        assert!(shard.contains("officials said at least 7 people"), "cleaned");
    }
    assert_eq!(a, c);
}

#[test]
fn stdin_records_stream_through_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(["clean", "--jsonl", "-j", "2", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .current_dir(tmp.path())
        .spawn()
        .unwrap();
    let input = gzip(records(3000).as_bytes());
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    let got = ids(std::str::from_utf8(&out.stdout).unwrap());
    assert_eq!(got, (0..3000).map(|i| format!("r{i}")).collect::<Vec<_>>());
}

#[test]
fn resume_skips_finished_outputs_and_redoes_changed_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("in")).unwrap();
    for name in ["a", "b", "c"] {
        std::fs::write(tmp.path().join(format!("in/{name}.txt")), "Officers mentioned the assault.\n").unwrap();
    }
    let out = unspin(&["clean", "in", "--out-dir", "out"], tmp.path());
    assert!(out.status.success());

    // As if the run had been killed before writing c: its output is missing.
    std::fs::remove_file(tmp.path().join("out/c.txt")).unwrap();
    let out = unspin(&["clean", "in", "--out-dir", "out", "--resume"], tmp.path());
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("resuming: 2 of 3 input(s) already done"), "{stderr}");
    assert_eq!(std::fs::read_to_string(tmp.path().join("out/c.txt")).unwrap(), "Officials said the attack.\n");

    // Everything is done now; a changed input is done again.
    let out = unspin(&["clean", "in", "--out-dir", "out", "--resume"], tmp.path());
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 of 3 input(s) already done"));
    std::fs::write(tmp.path().join("in/b.txt"), "The safety officers mentioned it.\n").unwrap();
    let out = unspin(&["clean", "in", "--out-dir", "out", "--resume"], tmp.path());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 of 3 input(s) already done"));
    assert_eq!(std::fs::read_to_string(tmp.path().join("out/b.txt")).unwrap(), "The security officials said it.\n");
}

#[test]
fn a_truncated_shard_is_not_written_and_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let packed = gzip(records(5000).as_bytes());
    std::fs::write(tmp.path().join("cut.jsonl.gz"), &packed[..packed.len() / 2]).unwrap();
    std::fs::create_dir_all(tmp.path().join("out")).unwrap();
    std::fs::write(tmp.path().join("out/cut.jsonl.gz"), b"earlier output").unwrap();
    let out = unspin(&["clean", "--jsonl", "cut.jsonl.gz", "--out-dir", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cut.jsonl.gz") && stderr.contains("not written"), "{stderr}");
    // The earlier output is untouched and no temporary file is left behind.
    assert_eq!(std::fs::read(tmp.path().join("out/cut.jsonl.gz")).unwrap(), b"earlier output");
    let names: Vec<_> = std::fs::read_dir(tmp.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}"); // the output and the journal
}
