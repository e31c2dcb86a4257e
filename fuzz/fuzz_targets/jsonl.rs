//! The JSON Lines reader and writer on arbitrary bytes: no panic, no line lost, lines that cannot
//! be cleaned passed through byte for byte, cleaned records valid JSON with their other fields
//! unchanged (see `unspin::invariants::check_shard`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use unspin::{Cleaner, Config};

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| Cleaner::new(Config::default()).expect("built-in packs load"))
}

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = unspin::invariants::check_shard(cleaner(), data, "text") {
        panic!("{broken}\ninput: {:?}", String::from_utf8_lossy(data));
    }
});
