//! The whole pipeline on arbitrary text: no panic, edits that apply and revert byte for byte,
//! a report that round-trips, idempotence (see `unspin::invariants`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use unspin::{Cleaner, Config, Stage};

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        Cleaner::new(Config { stages: Stage::ALL.to_vec(), ..Config::default() }).expect("built-in packs load")
    })
}

fuzz_target!(|data: &[u8]| {
    // Text decoding is fuzzed too: whatever `decode` accepts must be cleanable.
    let text = match unspin::encoding::decode(data) {
        Ok(d) => d.text,
        Err(_) => return,
    };
    if let Err(broken) = unspin::invariants::check_document(cleaner(), &text) {
        panic!("{broken}\ninput: {text:?}");
    }
});
