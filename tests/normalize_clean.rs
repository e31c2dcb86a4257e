//! The normalize stage must not change clean, professionally edited text at all: the clean dev
//! articles in ../shared/data/clean/dev (read in place: they are not the project's to copy).

use std::path::Path;
use unspin::normalize::{NormalizeOptions, Normalizer};
use unspin::pipeline::Signals;

#[test]
fn clean_dev_articles_are_left_byte_identical() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/clean/dev");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} not found (shared data is only present in the project's workspace)", dir.display());
        return;
    };
    let normalizer = Normalizer::new(NormalizeOptions::default());
    let mut files = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let proposals = normalizer.propose(&text, &mut Signals::new());
        let shown: Vec<String> = proposals
            .iter()
            .map(|p| format!("{:?} -> {:?} ({})", &text[p.range.clone()], p.replacement, p.reason))
            .collect();
        assert!(proposals.is_empty(), "{}: {shown:#?}", path.display());
        files += 1;
    }
    assert!(files >= 3, "expected the clean dev articles in {}", dir.display());
}
