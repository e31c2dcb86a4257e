//! The OCR stage end to end with the shipped corrector: repairs OCR-damaged text, leaves clean
//! text alone, and every edit is explained and reversible.

use unspin::edit::{apply_edits, revert_edits};
use unspin::{Cleaner, Config, Document, Stage};

fn cleaner() -> Cleaner {
    Cleaner::new(Config { stages: vec![Stage::Normalize, Stage::Ocr], ..Config::default() }).unwrap()
}

// Written for this test in the style of 19th-century newspaper OCR (not taken from the research sets).
const OCR: &str = "The meeting of tbe committee was hcld at tho Town Hall yesterdav, when it wns\n\
decided that tho new bridge over the Cieek sbould be commenced witbout delay. The\n\
contractor stated that tho work would occupy about six montbs, and that the cost\n\
wonld not exceed the amount voted by the Council. Several members expressed tlieir\n\
satisfaction with tho plans, which had been prepared by the Government arcbitect.\n";

#[test]
fn repairs_ocr_misreadings_in_context() {
    let out = cleaner().clean(&Document::new("ocr", OCR));
    for good in ["of the committee", "the Creek", "would not", "six months", "without delay"] {
        assert!(out.text.contains(good), "{good:?} missing in:\n{}", out.text);
    }
    assert!(out.signals["ocr.likelihood"] > 0.5);
    assert!(out.edits.iter().all(|e| e.stage == Stage::Ocr && e.rule.starts_with("ocr:") && !e.reason.is_empty()));
    assert_eq!(apply_edits(OCR, &out.edits).unwrap(), out.text);
    assert_eq!(revert_edits(&out.text, &out.edits).unwrap(), OCR);
}

#[test]
fn leaves_clean_prose_alone() {
    let clean = "The committee met at the Town Hall yesterday and decided that the new bridge over the creek \
                 should be started without delay. The contractor said the work would take about six months and \
                 that the cost would not exceed the amount the council had voted. Mr Nguyen, the mayor of \
                 Wollongong, thanked the volunteers from Kiama and Jervis Bay.";
    let out = cleaner().clean(&Document::new("clean", clean));
    assert!(out.edits.is_empty(), "{:?}", out.edits);
    assert!(out.signals["ocr.likelihood"] < 0.5);
}

/// Regression: `unspin eval --min-confidence` did not judge the OCR stage's calibrated edits, so a
/// threshold changed `clean`'s output but not the figures `eval` reported for it.
#[test]
fn eval_min_confidence_judges_ocr_edits_as_clean_does() {
    let dir = tempfile::tempdir().unwrap();
    let (input, gold) = (dir.path().join("in"), dir.path().join("gold"));
    std::fs::create_dir(&input).unwrap();
    std::fs::create_dir(&gold).unwrap();
    std::fs::write(input.join("a.txt"), OCR).unwrap();
    let fixed = OCR.replace("tbe", "the").replace("tho", "the").replace("hcld", "held").replace("montbs", "months");
    std::fs::write(gold.join("a.txt"), fixed).unwrap();
    let system_edits = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_unspin"))
            .args(["eval", "--json", "--stages", "normalize,ocr", "--input"])
            .arg(&input)
            .arg("--gold")
            .arg(&gold)
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["total"]["system_edits"].as_u64().unwrap()
    };
    assert!(system_edits(&[]) > 0);
    assert_eq!(system_edits(&["--min-confidence", "1"]), 0);
}
