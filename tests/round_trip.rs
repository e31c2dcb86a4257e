//! Reports are reversible and cleaning is idempotent, on the shared dev data and the bundled examples.

use std::path::{Path, PathBuf};
use unspin::edit::{apply_edits, revert_edits};
use unspin::report::{DocumentReport, Report};
use unspin::{Cleaner, Config, Document};

/// The shared dev data sits beside the repository (`../shared`), as in CI.
fn shared() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    assert!(p.is_dir(), "the shared dev data is expected at {}", p.display());
    p
}

fn corpus() -> Vec<(String, String)> {
    let d = shared();
    let mut files = vec![
        d.join("spin/dev/000_cadbfd06963b8beb.txt"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/spun-news.txt"),
    ];
    let mut clean: Vec<PathBuf> = std::fs::read_dir(d.join("clean/dev")).unwrap().map(|e| e.unwrap().path()).collect();
    clean.sort();
    files.extend(clean);
    files.into_iter().map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap())).collect()
}

fn cleaner() -> Cleaner {
    Cleaner::new(Config::default()).unwrap()
}

#[test]
fn report_edits_apply_to_the_output_and_revert_to_the_input() {
    let c = cleaner();
    let mut report = Report::new(c.config());
    for (id, text) in corpus() {
        let out = c.clean(&Document::new(id.as_str(), text.as_str()));
        report.documents.push(DocumentReport::new(&text, &out, Some(id.clone()), None));
    }
    // Through JSON and back, as a reviewer's tool would see it.
    let report = Report::from_json(&serde_json::to_string(&report).unwrap()).unwrap();
    let mut edited = 0;
    for (doc, (_, text)) in report.documents.iter().zip(corpus()) {
        let out = apply_edits(&text, &doc.edits).unwrap();
        assert_eq!(unspin::report::text_hash(&out), doc.output_hash, "{}", doc.id);
        assert_eq!(revert_edits(&out, &doc.edits).unwrap(), text, "{}: revert is not byte-identical", doc.id);
        edited += doc.edits.len();
    }
    assert!(edited > 0, "the spun inputs should produce edits");
}

#[test]
fn edits_carry_positions_and_explanations() {
    let c = cleaner();
    for (id, text) in corpus() {
        let out = c.clean(&Document::new(id.as_str(), text.as_str()));
        for e in &out.edits {
            assert_eq!(&text[e.start..e.end], e.before);
            assert_eq!(text[..e.start].chars().count(), e.char_start);
            let line_start = text[..e.start].rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(text[..e.start].matches('\n').count() + 1, e.line);
            assert_eq!(text[line_start..e.start].chars().count() + 1, e.column);
            assert!(!e.rule.is_empty() && !e.reason.is_empty(), "{e:?}");
            assert!((0.0..=1.0).contains(&e.confidence));
        }
    }
}

#[test]
fn cleaning_is_idempotent() {
    // Regression (issue 3): the starter map chained (through→during while throughout→through), so
    // a second pass changed the output again. The document gate sees a restored text as edited
    // English ("said", "people" are back) and leaves it alone.
    let c = cleaner();
    for (id, text) in corpus() {
        let once = c.clean(&Document::new(id.as_str(), text.as_str()));
        let twice = c.clean(&Document::new(id.as_str(), once.text.as_str()));
        let changes: Vec<String> =
            twice.edits.iter().map(|e| format!("{} → {} ({})", e.before, e.after, e.rule)).collect();
        assert!(twice.edits.is_empty(), "{id}: a second pass still changes {changes:?}");
    }
}

#[test]
fn typography_is_preserved() {
    // Curly quotes, dashes, CRLF, a BOM and a missing final newline survive cleaning byte for byte.
    let c = cleaner();
    let text = "\u{feff}“Officers mentioned it” — twice.\r\nEnds without a newline";
    let out = c.clean(&Document::new("t", text));
    assert!(out.text.starts_with("\u{feff}“"));
    assert!(out.text.contains("” — twice.\r\n"));
    assert!(out.text.ends_with("Ends without a newline"));
}
