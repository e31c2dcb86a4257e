//! `unspin eval` reports the same figures as the shared scorer (`../shared/eval/score.py`).

use std::path::Path;
use std::process::Command;

#[test]
fn eval_matches_score_py_on_the_dev_data() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let score = shared.join("eval/score.py");
    if !score.is_file() || Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: no python3 or no shared scorer");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (input, gold, output) = (dir.path().join("in"), dir.path().join("gold"), dir.path().join("out"));
    for d in [&input, &gold, &output] {
        std::fs::create_dir(d).unwrap();
    }
    let spun = shared.join("data/spin/dev/000_cadbfd06963b8beb.txt");
    std::fs::copy(&spun, input.join("a.txt")).unwrap();
    std::fs::copy(shared.join("data/spin/dev/000_cadbfd06963b8beb.gold.txt"), gold.join("a.txt")).unwrap();
    // A partial repair with right and wrong edits, so every figure is exercised.
    let text = std::fs::read_to_string(&spun).unwrap();
    let repaired = text.replace("mentioned", "said").replace("safety", "safe").replacen("assault", "attack", 3);
    std::fs::write(output.join("a.txt"), repaired).unwrap();
    let run = |cmd: &mut Command| String::from_utf8(cmd.output().unwrap().stdout).unwrap();
    let ours = run(Command::new(env!("CARGO_BIN_EXE_unspin")).args(["eval", "--json", "--input"]).args([
        &input,
        Path::new("--gold"),
        &gold,
        Path::new("--output"),
        &output,
    ]));
    let theirs = run(Command::new("python3").arg(&score).arg("--json").args([
        Path::new("--input"),
        &input,
        Path::new("--gold"),
        &gold,
        Path::new("--output"),
        &output,
    ]));
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&ours).unwrap(), serde_json::from_str(&theirs).unwrap());
    assert_eq!(a, b);
    assert!(a["total"]["correct_edits"].as_u64().unwrap() > 0);
    assert!(a["total"]["system_edits"].as_u64().unwrap() > a["total"]["correct_edits"].as_u64().unwrap());
}
