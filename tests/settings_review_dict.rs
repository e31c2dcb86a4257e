//! End-to-end CLI tests for settings files, the review page's data, `apply --decisions`, and
//! dictionary export/import.

use std::path::Path;
use std::process::{Command, Output};

fn unspin(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unspin")).args(args).current_dir(dir).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn settings_file_is_found_upward_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("articles/2024");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        dir.path().join("unspin.toml"),
        "dict = [\"news\", \"science\"]\n[ignore]\nwords = [\"mentioned\"]\n",
    )
    .unwrap();
    std::fs::write(sub.join("a.txt"), "He mentioned the assault on the bolster vector machine.\n").unwrap();
    let o = unspin(&sub, &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("assault → attack") && out.contains("support vector machine"), "{out}");
    assert!(!out.contains("mentioned"), "ignored word changed: {out}");
    // A flag overrides the file's packs; --no-config ignores the file.
    let out = stdout(&unspin(&sub, &["check", "--dict", "news", "a.txt"]));
    assert!(!out.contains("support vector machine"), "{out}");
    let out = stdout(&unspin(&sub, &["check", "--no-config", "a.txt"]));
    assert!(out.contains("mentioned → said"), "{out}");
}

#[test]
fn settings_errors_point_at_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("unspin.toml"), "min-confidence = 0.6\ndict = [\"news\", \"sciense\"]\n").unwrap();
    std::fs::write(dir.path().join("a.txt"), "text\n").unwrap();
    let o = unspin(dir.path(), &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("unspin.toml:2:17: no built-in dictionary pack \"sciense\""), "{err}");
}

#[test]
fn dumped_settings_read_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "check",
        "--no-config",
        "--dump-config",
        "--min-confidence",
        "0.8",
        "--dict",
        "science",
        "--ignore-pattern",
        r"\d+",
    ];
    let first = stdout(&unspin(dir.path(), &args));
    assert!(first.contains("min-confidence = 0.8"), "{first}");
    std::fs::write(dir.path().join("saved.toml"), &first).unwrap();
    let again = stdout(&unspin(dir.path(), &["check", "--config", "saved.toml", "--dump-config"]));
    assert_eq!(again.lines().skip(1).collect::<Vec<_>>(), first.lines().skip(1).collect::<Vec<_>>());
}

#[test]
fn man_page_and_completions_are_generated() {
    let dir = tempfile::tempdir().unwrap();
    let man = stdout(&unspin(dir.path(), &["man"]));
    assert!(man.contains(".TH unspin 1") && man.contains("check"), "{man}");
    let o = unspin(dir.path(), &["man", "--out-dir", "man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in ["unspin.1", "unspin-check.1", "unspin-dict-export.1"] {
        assert!(dir.path().join("man").join(page).is_file(), "{page}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let o = unspin(dir.path(), &["completions", shell]);
        assert!(o.status.success() && stdout(&o).contains("dump-config"), "{shell}");
    }
}

#[test]
fn review_page_escapes_the_article_and_decisions_apply() {
    let dir = tempfile::tempdir().unwrap();
    let text = "He mentioned the assault. </script><script>alert(1)</script> <!-- x\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let html = stdout(&unspin(dir.path(), &["check", "--no-config", "--format", "html", "a.txt"]));
    assert_eq!(html.matches("<script").count(), 2, "only the page's own scripts");
    assert!(html.contains(r"\u003c/script\u003e\u003cscript\u003ealert(1)"));
    assert!(!html.contains("http://") && !html.contains("https://"), "no network references");

    // The page exports decisions that embed the report; apply leaves the rejected edit out.
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&unspin(dir.path(), &["check", "--no-config", "--format", "json", "a.txt"])))
            .unwrap();
    let edits = report["documents"][0]["edits"].as_array().unwrap();
    let rejected = edits.iter().find(|e| e["before"] == "mentioned").unwrap();
    let decisions = serde_json::json!({
        "format": "unspin-decisions", "version": 1,
        "rejected": [{"document": "a.txt", "id": rejected["id"]}], "accepted": [],
        "report": report,
    });
    std::fs::write(dir.path().join("d.json"), decisions.to_string()).unwrap();
    let o = unspin(dir.path(), &["apply", "--decisions", "d.json", "--out-dir", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = std::fs::read_to_string(dir.path().join("out/a.txt")).unwrap();
    assert!(out.starts_with("He mentioned the attack."), "{out}");

    // --only-accepted: nothing was accepted, so nothing changes.
    let o = unspin(dir.path(), &["apply", "--decisions", "d.json", "--only-accepted", "--out-dir", "only"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.path().join("only/a.txt")).unwrap(), text);

    // A decision naming an edit the report does not have is an error, not silently ignored.
    let mut bad = decisions.clone();
    bad["rejected"][0]["id"] = "ffffffff".into();
    std::fs::write(dir.path().join("bad.json"), bad.to_string()).unwrap();
    let o = unspin(dir.path(), &["apply", "--decisions", "bad.json", "--out-dir", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ffffffff"), "{}", stderr(&o));
}

#[test]
fn dictionaries_round_trip_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["tsv", "json", "codespell", "languagetool"] {
        let exported = unspin(dir.path(), &["dict", "export", "--format", format, "--dict", "news,science"]);
        assert!(exported.status.success(), "{format}: {}", stderr(&exported));
        let file = dir.path().join(format!("dict.{format}"));
        std::fs::write(&file, &exported.stdout).unwrap();
        let imported = unspin(dir.path(), &["dict", "import", "--format", format, file.to_str().unwrap()]);
        assert!(imported.status.success(), "{format}: {}", stderr(&imported));
        let tsv = dir.path().join(format!("back-{format}.tsv"));
        std::fs::write(&tsv, &imported.stdout).unwrap();
        // The imported file is a valid user dictionary that exports to the same text again.
        let again = unspin(
            dir.path(),
            &["dict", "export", "--format", format, "--no-builtin-dict", "--dict-file", tsv.to_str().unwrap()],
        );
        let pairs = |b: &[u8]| {
            let mut v: Vec<String> = String::from_utf8_lossy(b).lines().map(str::to_string).collect();
            v.sort();
            v
        };
        if format == "codespell" || format == "languagetool" {
            assert_eq!(pairs(&again.stdout), pairs(&exported.stdout), "{format}");
        }
        let check = unspin(dir.path(), &["dict", "check", tsv.to_str().unwrap()]);
        assert!(check.status.success(), "{format}: {}", stderr(&check));
    }
}

#[test]
fn decisions_apply_to_json_lines_records_with_their_text_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("shard.jsonl"),
        "{\"id\":\"r1\",\"body\":\"He mentioned the assault.\"}\n{\"id\":\"r2\",\"body\":\"Officers mentioned it.\"}\n",
    )
    .unwrap();
    let args = ["check", "--no-config", "--jsonl", "--text-field", "body", "--format", "json", "shard.jsonl"];
    let report: serde_json::Value = serde_json::from_str(&stdout(&unspin(dir.path(), &args))).unwrap();
    assert_eq!(report["documents"][0]["field"], "body");
    let first = &report["documents"][0]["edits"][0];
    assert_eq!(first["before"], "mentioned");
    let decisions = serde_json::json!({
        "format": "unspin-decisions", "version": 1,
        "rejected": [{"document": "r1", "id": first["id"]}], "report": report,
    });
    std::fs::write(dir.path().join("d.json"), decisions.to_string()).unwrap();
    let o = unspin(dir.path(), &["apply", "--decisions", "d.json", "--out-dir", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = std::fs::read_to_string(dir.path().join("out/shard.jsonl")).unwrap();
    assert!(out.starts_with("{\"id\":\"r1\",\"body\":\"He mentioned the attack.\"}\n"), "{out}");
    assert!(!out.contains("Officers mentioned"), "{out}");
}
