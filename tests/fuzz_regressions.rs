//! Inputs the fuzz targets (fuzz/) found crashing, each named after the bug, kept as tests.

use unspin::dict::Dictionary;

/// fuzz/dict: a condition column holding a multi-byte character (here a BOM) made the condition
/// splitter slice a str inside that character and panic.
#[test]
fn condition_split_panicked_inside_a_multibyte_character() {
    let tsv = "just like the\tlike\t0.9\tdev-\u{feff}000\n";
    // Whatever the verdict on the condition, parsing reports instead of panicking.
    let _ = Dictionary::parse("t.tsv", tsv);
    for cond in ["\u{feff} OR x", "é AND ü", "NOT \u{2019}x\u{2019}", "\"é OR\" OR ü"] {
        let _ = unspin::condition::Condition::parse(cond);
    }
}
