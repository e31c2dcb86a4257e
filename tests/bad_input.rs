//! The bad-input matrix (docs/robustness.md), driving the built binary: every case has a defined
//! outcome, a message naming the file (and line or byte offset), and the run goes on, with the
//! exit code and the summary line saying what happened.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn unspin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_unspin"));
    c.env("NO_COLOR", "1");
    c
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    // An empty pipe closed at once, not `Stdio::null()`: a CI run once read 221 bytes from its
    // /dev/null here (the empty-stdin case echoed them back), so "empty" must not depend on the host.
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("unspin runs");
    drop(child.stdin.take());
    let Output { status, stdout, stderr } = child.wait_with_output().expect("unspin runs");
    Run { code: status.code().expect("exited, not killed"), stdout, stderr: String::from_utf8_lossy(&stderr).into() }
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The summary line: "N documents (C changed, E edits), S skipped, P problems".
fn summary(stderr: &str) -> &str {
    stderr.lines().last().unwrap_or_default()
}

const SPUN: &str = "He mentioned a minimum of 143 individuals died.\n";
const CLEAN: &str = "He said at least 143 people died.\n";

#[test]
fn spun_reference_text_is_cleaned() {
    // The other cases rely on SPUN cleaning to CLEAN.
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.txt", SPUN);
    let r = run(unspin().arg("clean").arg(&f));
    assert_eq!((r.code, String::from_utf8_lossy(&r.stdout).as_ref()), (0, CLEAN), "{}", r.stderr);
    assert!(summary(&r.stderr).contains("1 document (1 changed, 3 edits), 0 skipped, 0 problems"), "{}", r.stderr);
}

#[test]
fn invalid_utf8_is_decoded_with_a_reported_assumption_or_refused_with_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // Latin-1 "café", then a byte that is invalid in every single-byte reading of it as UTF-8.
    write(&input, "latin1.txt", b"Officers mentioned the caf\xe9 was closed.\n");
    write(&input, "good.txt", SPUN);
    let out = dir.path().join("out");
    let r = run(unspin().arg("clean").arg("--out-dir").arg(&out).arg(&input));
    let bad = input.join("latin1.txt").display().to_string();
    assert!(r.stderr.contains(&bad), "the message names the file: {}", r.stderr);
    match std::fs::read(out.join("latin1.txt")) {
        Err(_) => {
            // Refused: the byte offset is given, the file is counted as a problem.
            assert!(r.stderr.contains(&format!("{bad}: not valid UTF-8 (byte offset 26)")), "{}", r.stderr);
            assert_eq!(r.code, 1);
            assert!(summary(&r.stderr).ends_with("1 problem"), "{}", r.stderr);
        }
        Ok(written) => {
            // Decoded: the assumption is reported and nothing was replaced by U+FFFD.
            assert!(
                r.stderr.contains(&format!("{bad}: not valid UTF-8; decoded as")),
                "the assumption is reported: {}",
                r.stderr
            );
            let text = String::from_utf8(written).expect("output is UTF-8");
            assert!(text.contains("café") && !text.contains('\u{fffd}'), "lossy decoding: {text:?}");
        }
    }
    assert_eq!(std::fs::read_to_string(out.join("good.txt")).unwrap(), CLEAN, "the run went on");
    assert_eq!(std::fs::read(input.join("latin1.txt")).unwrap(), b"Officers mentioned the caf\xe9 was closed.\n");
}

#[test]
fn binary_files_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write(&input, "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR mentioned");
    write(&input, "good.txt", SPUN);
    let out = dir.path().join("out");
    let r = run(unspin().arg("clean").arg("--out-dir").arg(&out).arg(&input));
    let bad = input.join("image.txt").display().to_string();
    assert!(r.stderr.contains(&format!("{bad}: binary file (NUL byte at offset 8), skipped")), "{}", r.stderr);
    assert_eq!(r.code, 0, "skipping a binary file is not an error: {}", r.stderr);
    assert!(summary(&r.stderr).contains("1 document (1 changed, 3 edits), 1 skipped, 0 problems"), "{}", r.stderr);
    assert!(!out.join("image.txt").exists());
    assert_eq!(std::fs::read_to_string(out.join("good.txt")).unwrap(), CLEAN);
}

#[test]
fn empty_files_are_documents_with_nothing_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "empty.txt", "");
    let out = dir.path().join("out");
    let r = run(unspin().arg("clean").arg("--out-dir").arg(&out).arg(&f));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read(out.join("empty.txt")).unwrap(), b"");
    assert!(summary(&r.stderr).contains("1 document (0 changed, 0 edits)"), "{}", r.stderr);
    // And an empty stdin, and an empty JSON Lines shard.
    let r = run(unspin().args(["clean", "-"]));
    assert_eq!((r.code, r.stdout.len()), (0, 0), "{}", r.stderr);
    let r = run(unspin().args(["clean", "--jsonl"]).arg(&f));
    assert_eq!((r.code, r.stdout.len()), (0, 0), "{}", r.stderr);
    assert!(summary(&r.stderr).contains("0 documents"), "{}", r.stderr);
}

/// 100 MB on one line, with spun phrases at both ends.
fn giant_line() -> Vec<u8> {
    let filler = "The cat mentioned a minimum of two individuals near the door. ";
    let mut line = String::with_capacity(100 << 20);
    line.push_str("He mentioned a minimum of two. ");
    while line.len() < (100 << 20) - 64 {
        line.push_str(filler);
    }
    line.push_str("They mentioned a minimum of three.\n");
    line.into_bytes()
}

#[test]
fn a_100_mb_single_line_is_passed_through_over_the_limit_and_cleaned_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let line = giant_line();
    let f = write(dir.path(), "giant.txt", &line);
    let out = dir.path().join("out");

    // Over the default --max-doc-bytes (32 MiB): passed through unchanged, with a warning.
    let r = run(unspin().arg("clean").arg("--out-dir").arg(&out).arg(&f));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warning =
        format!("{}: {} bytes, over --max-doc-bytes {}; passed through unchanged", f.display(), line.len(), 32 << 20);
    assert!(r.stderr.contains(&warning), "{}", r.stderr);
    assert!(summary(&r.stderr).contains("0 documents (0 changed, 0 edits), 1 skipped, 0 problems"), "{}", r.stderr);
    assert!(std::fs::read(out.join("giant.txt")).unwrap() == line, "passed through byte for byte");

    // With no limit: cleaned. An unoptimised build takes minutes over 100 MB, so debug runs
    // (`cargo test`) clean the first 8 MB of it; `scripts/test.sh` (release) cleans all of it.
    if cfg!(debug_assertions) {
        let cut = (8 << 20) + line[8 << 20..].windows(7).position(|w| w == b"The cat").unwrap();
        let mut head = line[..cut].to_vec();
        head.extend_from_slice(&line[line.len() - 35..]);
        std::fs::write(&f, &head).unwrap();
    }
    let r = run(unspin().arg("clean").arg("--max-doc-bytes").arg("0").arg("--out-dir").arg(&out).arg(&f));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(summary(&r.stderr).contains("1 document (1 changed, "), "{}", r.stderr);
    let cleaned = std::fs::read(out.join("giant.txt")).unwrap();
    assert!(cleaned.starts_with(b"He said at least two. The cat said at least two people near the door."));
    assert!(cleaned.ends_with(b"near the door. They said at least three.\n"));
    assert_eq!(cleaned.iter().filter(|&&b| b == b'\n').count(), 1);
}

#[test]
fn line_endings_and_byte_order_marks_are_preserved_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let table: [(&str, &str); 4] = [
        (
            "\u{feff}He mentioned the assault.\r\nShe mentioned it.\r\n",
            "\u{feff}He said the attack.\r\nShe said it.\r\n",
        ),
        (
            "He mentioned the assault.\r\nShe mentioned it.\nThey mentioned it.\r",
            "He said the attack.\r\nShe said it.\nThey said it.\r",
        ),
        ("\r\n\r\n\n \t\r\n", "\r\n\r\n\n \t\r\n"),
        ("He mentioned the assault, no trailing newline, mentioned", "He said the attack, no trailing newline, said"),
    ];
    for (i, (input, want)) in table.iter().enumerate() {
        let f = write(dir.path(), &format!("{i}.txt"), input);
        let r = run(unspin().arg("clean").arg(&f));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(String::from_utf8(r.stdout).unwrap(), *want, "case {i}");
        // In place, too.
        let r = run(unspin().arg("clean").arg("--write").arg(&f));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&f).unwrap(), *want, "case {i} --write");
    }
}

#[test]
fn jsonl_lines_that_cannot_be_cleaned_are_passed_through_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let huge = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "mentioned ".repeat(200));
    let lines: Vec<(Vec<u8>, &str)> = vec![
        (b"{\"id\":\"a\",\"text\":\"He mentioned the assault. They mentioned it.\"}\n".to_vec(), "clean"),
        (b"{\"id\":\"b\",\"text\":\"He mentioned\n".to_vec(), "2: malformed JSON"),
        (b"{\"id\":\"c\",\"body\":\"He mentioned it.\"}\r\n".to_vec(), "3: no field \"text\""),
        (b"{\"id\":\"d\",\"text\":42}\n".to_vec(), "4: field \"text\" is a number, not a string"),
        (b"{\"id\":\"e\",\"text\":\"caf\xe9\"}\n".to_vec(), "5: not valid UTF-8 (byte offset 21 in the line)"),
        (b"\n".to_vec(), "blank"),
        (b"[\"mentioned\"]\n".to_vec(), "7: not a JSON object"),
        (format!("{huge}\r\n").into_bytes(), "8: text is 2000 bytes, over the limit of 1000 (--max-doc-bytes)"),
        (b"{\"id\":\"i\",\"text\":\"She mentioned the assault. They mentioned it.\"}\r\n".to_vec(), "clean"),
        (b"{\"id\":\"j\",\"text\":null}".to_vec(), "10: field \"text\" is null, not a string"),
    ];
    let shard: Vec<u8> = lines.iter().flat_map(|(l, _)| l.clone()).collect();
    let f = write(dir.path(), "shard.jsonl", &shard);
    let out = dir.path().join("out");
    let r = run(unspin().args(["clean", "--jsonl", "--max-doc-bytes", "1000", "--out-dir"]).arg(&out).arg(&f));
    assert_eq!(r.code, 1, "malformed records are problems: {}", r.stderr);
    let label = f.display().to_string();
    for (_, what) in &lines {
        if !matches!(*what, "clean" | "blank") {
            assert!(r.stderr.contains(&format!("{label}:{what}")), "missing {what:?} in {}", r.stderr);
        }
    }
    assert!(summary(&r.stderr).contains("2 documents (2 changed, 6 edits), 1 skipped, 6 problems"), "{}", r.stderr);

    let written = std::fs::read(out.join("shard.jsonl")).unwrap();
    let got: Vec<&[u8]> = written.split_inclusive(|&b| b == b'\n').collect();
    assert_eq!(got.len(), lines.len(), "no line dropped");
    for ((want, what), got) in lines.iter().zip(&got) {
        if *what == "clean" {
            let v: serde_json::Value = serde_json::from_slice(got).unwrap();
            assert!(v["text"].as_str().unwrap().contains("said"), "{v}");
            assert_eq!(got.ends_with(b"\r\n"), want.ends_with(b"\r\n"), "line ending kept");
        } else {
            assert_eq!(got, want, "passed through byte for byte: {what}");
        }
    }
}

#[cfg(unix)]
#[test]
fn unreadable_paths_are_reported_and_the_run_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write(&input, "good.txt", SPUN);
    // Tests run as root, so permissions cannot make a file unreadable: use what root cannot read.
    symlink(dir.path().join("nowhere.txt"), input.join("dangling.txt")).unwrap();
    std::fs::create_dir(input.join("folder.txt")).unwrap(); // a folder named like a document: walked
    write(&input.join("folder.txt"), "inner.txt", SPUN);
    let fifo = input.join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let missing = dir.path().join("missing.txt");
    let out = dir.path().join("out");
    let r = run(unspin().arg("clean").arg("--out-dir").arg(&out).arg(&input).arg(&missing));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{}: No such file or directory", input.join("dangling.txt").display())),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&format!("{}: No such file or directory", missing.display())), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("{}: not a regular file, skipped", fifo.display())), "{}", r.stderr);
    assert!(summary(&r.stderr).contains("2 documents (2 changed, 6 edits), 1 skipped, 2 problems"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(out.join("good.txt")).unwrap(), CLEAN);
    assert_eq!(std::fs::read_to_string(out.join("folder.txt/inner.txt")).unwrap(), CLEAN);
}

#[test]
fn a_folder_where_a_file_is_expected_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let r = run(unspin().args(["apply", "--report"]).arg(dir.path()));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(&d) && r.stderr.to_lowercase().contains("directory"), "{}", r.stderr);
    let r = run(unspin().args(["dict", "check"]).arg(dir.path()));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(&d) && r.stderr.to_lowercase().contains("directory"), "{}", r.stderr);
}

/// A file listed at the start of a run and deleted before it is read. Deterministic: with one
/// thread the files are read in order, and the run blocks reading the FIFO (given explicitly, as
/// `<(cmd)` would be) until this test has deleted the file after it.
#[cfg(unix)]
#[test]
fn a_file_that_vanishes_during_the_run_is_reported() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "1.txt", SPUN);
    let fifo = dir.path().join("2.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let last = write(dir.path(), "3.txt", SPUN);
    let out = dir.path().join("out");
    let child = unspin()
        .args(["clean", "-j", "1", "--out-dir"])
        .arg(&out)
        .args([&first, &fifo, &last])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap(); // blocks until read
    std::fs::remove_file(&last).unwrap();
    writer.write_all(SPUN.as_bytes()).unwrap();
    drop(writer);
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{}: No such file or directory", last.display())), "{stderr}");
    assert!(summary(&stderr).contains("2 documents (2 changed, 6 edits), 0 skipped, 1 problem"), "{stderr}");
    assert_eq!(std::fs::read_to_string(out.join("2.txt")).unwrap(), CLEAN);
}

#[test]
fn dictionary_errors_point_at_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let table: [(&[u8], &str); 7] = [
        (b"# comment\nsaid\tsaid\n", "bad.tsv:2: \"said\" maps to itself"),
        (b"a\tb\nonly-one-column\n", "bad.tsv:2: expected 2 to 5 tab-separated columns, found 1"),
        (b"a\tb\t1.5\n", "bad.tsv:1: confidence \"1.5\" is not a number in (0, 1]"),
        (b"a\tb\t0.9\tprev:\n", "bad.tsv:1: bad condition"),
        (b"b\tc\na\tb\n", "bad.tsv:2: not sorted"),
        (b"a\tb\nb\tc\nc\ta\n", "cycle"),
        (b"a\tb\nc\xff\td\n", "bad.tsv:2: not valid UTF-8"),
    ];
    for (text, want) in table {
        let f = write(dir.path(), "bad.tsv", text);
        let r = run(unspin().args(["dict", "check"]).arg(&f));
        assert_eq!(r.code, 1, "{want}: {}", r.stderr);
        let want = want.replace("bad.tsv", &f.display().to_string());
        assert!(r.stderr.contains(&want), "want {want:?} in {}", r.stderr);
    }
    let ok = write(dir.path(), "ok.tsv", "a\tb\nc\td\n");
    let r = run(unspin().args(["dict", "check"]).arg(&ok));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn option_errors_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.txt", SPUN);
    let table: [(&[&str], &str); 4] = [
        (&["--min-confidence", "2"], "--min-confidence 2 is not between 0 and 1"),
        (&["--stages", "spelling"], "unknown stage \"spelling\""),
        (&["--dict", "nope"], "no built-in dictionary pack \"nope\""),
        (&["--glob", "[", "."], "bad --glob \"[\""),
    ];
    for (args, want) in table {
        let r = run(unspin().arg("check").args(args).arg(&f));
        assert!(r.code == 1 || r.code == 2, "{want}: exit {}", r.code);
        assert!(r.stderr.contains(want), "want {want:?} in {}", r.stderr);
    }
}

#[test]
fn check_output_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    // A file name and text carrying terminal escapes and a bidi override.
    let f = write(
        dir.path(),
        "evil\x1b[2J\u{202e}.txt",
        "\x1b]0;pwned\x07He mentioned\x1b[31m it. They mentioned the assault.\u{9b}\n",
    );
    for format in ["text", "jsonl", "json"] {
        let r = run(unspin().args(["check", "--format", format]).arg(&f));
        assert_eq!(r.code, 2, "{}", r.stderr);
        let out = String::from_utf8(r.stdout).unwrap();
        assert!(out.contains("said"), "{out}");
        for c in ['\x1b', '\x07', '\u{9b}', '\u{202e}'] {
            assert!(!out.contains(c), "{format}: raw {c:?} in {out:?}");
            assert!(!r.stderr.contains(c), "{format}: raw {c:?} on stderr {:?}", r.stderr);
        }
    }
}

#[test]
fn settings_file_errors_point_at_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.txt", SPUN);
    let table: [(&str, &str); 2] = [
        ("min-confidence = 0.5\nstages = [\"spin\"\nfoo = 1\n", "bad.toml:3:1: missing comma"),
        ("min_confidence = 0.5\n", "bad.toml:1:1: unknown field `min_confidence`"),
    ];
    for (toml, want) in table {
        let cfg = write(dir.path(), "bad.toml", toml);
        let r = run(unspin().arg("check").arg("--config").arg(&cfg).arg(&f));
        assert_eq!(r.code, 1, "{}", r.stderr);
        let want = want.replace("bad.toml", &cfg.display().to_string());
        assert!(r.stderr.contains(&want), "want {want:?} in {}", r.stderr);
    }
}
