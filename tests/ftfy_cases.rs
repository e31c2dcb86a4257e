//! ftfy's own test suite (tests/data/ftfy-test-cases, Apache-2.0, see NOTICE.md) run against the
//! normalize stage.
//!
//! - mojibake only (ftfy's `fix_encoding`): the output must equal `fixed-encoding` (or `fixed`),
//!   which keeps curly quotes, as unspin does;
//! - all repairs: the output, with quotes straightened afterwards, must equal ftfy's `fixed`;
//! - "extra bad": the original, mis-decoded once more as Latin-1, must repair to the same text;
//! - negatives must come out byte-identical (one expects a C1 "…" fixed);
//! - ftfy's known failures: counted, where unspin gets them right.

use serde_json::Value;
use std::path::Path;
use unspin::normalize::{normalize, NormalizeOptions, Repair};

struct Case {
    file: &'static str,
    label: String,
    original: String,
    fixed: String,
    fixed_encoding: String,
    expect_pass: bool,
}

fn load(file: &'static str) -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ftfy-test-cases").join(file);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
            let fixed = s("fixed").unwrap();
            Case {
                file,
                label: s("label").unwrap_or_default(),
                original: s("original").unwrap(),
                fixed_encoding: s("fixed-encoding").unwrap_or_else(|| fixed.clone()),
                fixed,
                expect_pass: s("expect").as_deref() == Some("pass"),
            }
        })
        .collect()
}

fn mojibake_only(text: &str) -> String {
    normalize(text, &NormalizeOptions::only(&[Repair::Mojibake]))
}

/// ftfy's `uncurl_quotes`, to compare with its `fixed` field.
fn uncurl(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2bc}' | '\u{2018}'..='\u{201b}' => '\'',
            '\u{201c}'..='\u{201f}' => '"',
            c => c,
        })
        .collect()
}

/// The original as it would look after one more round of UTF-8 read as Latin-1.
fn extra_bad(text: &str) -> String {
    text.as_bytes().iter().map(|&b| char::from(b)).collect()
}

fn rate(ok: usize, total: usize) -> String {
    format!("{ok}/{total} ({:.1}%)", 100.0 * ok as f64 / total.max(1) as f64)
}

#[test]
fn ftfy_test_cases() {
    let mut pass_cases = Vec::new();
    for file in ["in-the-wild.json", "synthetic.json", "language-names.json"] {
        pass_cases.extend(load(file));
    }
    let negatives = load("negative.json");
    let known_failures = load("known-failures.json");
    assert!(pass_cases.iter().chain(&negatives).all(|c| c.expect_pass));
    assert!(known_failures.iter().all(|c| !c.expect_pass));

    let (mut encoding_ok, mut full_ok, mut extra_ok) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut full_misses = Vec::new();
    for c in &pass_cases {
        let got = mojibake_only(&c.original);
        if got == c.fixed_encoding {
            encoding_ok += 1;
        } else {
            failures
                .push(format!("[{}] {}: {:?} -> {:?}, want {:?}", c.file, c.label, c.original, got, c.fixed_encoding));
        }
        let full = uncurl(&normalize(&c.original, &NormalizeOptions::all()));
        if full == c.fixed {
            full_ok += 1;
        } else {
            full_misses.push(format!("[{}] {}: {:?} -> {:?}, ftfy {:?}", c.file, c.label, c.original, full, c.fixed));
        }
        if mojibake_only(&extra_bad(&c.original)) == c.fixed_encoding {
            extra_ok += 1;
        }
    }

    let mut negatives_identical = 0;
    let mut negatives_total = 0;
    for c in &negatives {
        let got = normalize(&c.original, &NormalizeOptions::default());
        if c.original == c.fixed_encoding {
            negatives_total += 1;
            if got == c.original {
                negatives_identical += 1;
            } else {
                failures.push(format!("[negative] {}: {:?} changed to {:?}", c.label, c.original, got));
            }
        } else if got != c.fixed_encoding {
            failures
                .push(format!("[negative] {}: {:?} -> {:?}, want {:?}", c.label, c.original, got, c.fixed_encoding));
        }
    }

    let won: Vec<&Case> = known_failures
        .iter()
        .filter(|c| {
            let got = normalize(&c.original, &NormalizeOptions::default());
            got != c.original && (got == c.fixed_encoding || uncurl(&got) == c.fixed)
        })
        .collect();

    println!("ftfy test cases (pass): mojibake repair = fixed-encoding: {}", rate(encoding_ok, pass_cases.len()));
    println!("ftfy test cases (pass): all repairs, quotes uncurled = fixed: {}", rate(full_ok, pass_cases.len()));
    println!("ftfy test cases (pass): one more Latin-1 layer repaired: {}", rate(extra_ok, pass_cases.len()));
    println!("ftfy negatives left byte-identical: {}", rate(negatives_identical, negatives_total));
    println!("ftfy known failures unspin gets right: {}/{}", won.len(), known_failures.len());
    for c in &won {
        println!("  won: {}: {:?}", c.label, c.original);
    }
    for m in &full_misses {
        println!("  differs from ftfy's fix_text {m}");
    }
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert!(encoding_ok * 100 >= pass_cases.len() * 98, "pass rate below 98%");
    assert_eq!(negatives_identical, negatives_total, "a negative case was changed");
    assert!(failures.iter().all(|f| !f.starts_with("[negative]")), "a negative case went wrong");
    // ftfy gets none of these by definition; unspin's extra rules win six (see docs/normalize.md).
    assert!(won.len() >= 6, "fewer known failures won than before");
}
