//! `unspin apply` re-applies a reviewed report: rejected edits stay as written, the rest apply.

use std::process::Command;

fn unspin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unspin"))
}

#[test]
fn apply_with_a_rejected_edit_keeps_that_span_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/spun-news.txt")).unwrap();
    let input = dir.path().join("news.txt");
    std::fs::write(&input, &src).unwrap();
    let report = dir.path().join("report.json");
    let out_dir = dir.path().join("out");

    let st =
        unspin().arg("clean").arg("--out-dir").arg(&out_dir).arg("--report").arg(&report).arg(&input).status().unwrap();
    assert!(st.success());
    let cleaned = std::fs::read_to_string(out_dir.join("news.txt")).unwrap();
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let edits = r["documents"][0]["edits"].as_array().unwrap();
    assert!(edits.len() >= 2, "the example should need several edits");
    let first = &edits[0];
    let id = first["id"].as_str().unwrap();

    // Applying the full report in place reproduces `clean`'s output.
    let st = unspin().args(["apply", "--report"]).arg(&report).status().unwrap();
    assert!(st.success());
    assert_eq!(std::fs::read_to_string(&input).unwrap(), cleaned);

    // The file changed, so the report no longer applies to it: refused, file untouched.
    let out = unspin().args(["apply", "--report"]).arg(&report).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("input changed"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), cleaned);

    // Back to the original; apply with one edit rejected into another folder.
    std::fs::write(&input, &src).unwrap();
    let reviewed = dir.path().join("reviewed");
    let st = unspin()
        .args(["apply", "--report"])
        .arg(&report)
        .args(["--reject", id, "--out-dir"])
        .arg(&reviewed)
        .status()
        .unwrap();
    assert!(st.success());
    let got = std::fs::read_to_string(reviewed.join("news.txt")).unwrap();
    let start = first["start"].as_u64().unwrap() as usize;
    let before = first["before"].as_str().unwrap();
    assert_eq!(&got[start..start + before.len()], before, "the rejected edit must not apply");
    assert_ne!(got, src);
    assert_ne!(got, cleaned);
    assert_eq!(std::fs::read_to_string(&input).unwrap(), src, "--out-dir must not touch the input");

    // An unknown id is an error that names it.
    let out = unspin().args(["apply", "--report"]).arg(&report).args(["--reject", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}

#[test]
fn jsonl_records_keep_order_ids_and_unparseable_lines() {
    let input = "{\"id\":\"a\",\"text\":\"Officers mentioned a minimum of ten individuals.\"}\nnot json\n{\"id\":7,\"text\":\"Plain.\"}\n";
    let mut child = unspin()
        .args(["clean", "--jsonl", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    let a: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(a["id"], "a");
    assert!(a["unspin"]["edits"].is_array());
    assert_eq!(lines[1], "not json", "malformed lines pass through unchanged");
    let b: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(b["id"], 7);
    assert_eq!(b["text"], "Plain.");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("-:2: malformed JSON"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "a malformed record is a reported problem");
}
