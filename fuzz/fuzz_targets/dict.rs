//! The dictionary parser and matcher on arbitrary TSV: no panic; problems point at a line that
//! exists; a parsed dictionary validates, compiles and matches without panicking, and every
//! proposal it makes lies on character boundaries of the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspin::dict::Dictionary;
use unspin::pipeline::{Detector, Signals};
use unspin::spin::SpinDetector;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = text.lines().count();
    let check_origins = |problems: &[unspin::dict::Problem]| {
        for p in problems {
            let line: usize = p.origin.strip_prefix("fuzz.tsv:").and_then(|n| n.parse().ok()).unwrap_or_else(|| {
                panic!("problem without file:line: {p}");
            });
            assert!(line >= 1 && line <= lines, "problem at line {line} of {lines}: {p}");
        }
    };
    match Dictionary::parse("fuzz.tsv", text) {
        Err(problems) => {
            assert!(!problems.is_empty());
            check_origins(&problems);
        }
        Ok(dict) => {
            check_origins(&dict.validate());
            let detector = SpinDetector::new(dict.compile());
            let tokens = unspin::tokenize::tokenize(text);
            for p in detector.detect(text, &tokens, &mut Signals::new()) {
                assert!(p.range.start <= p.range.end && text.get(p.range.clone()).is_some(), "bad span {p:?}");
            }
        }
    }
});
