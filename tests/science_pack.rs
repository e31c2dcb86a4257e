//! The science pack flags the tortured phrases of examples/science.txt and nothing in the clean
//! dev articles (../shared/data/clean/dev, when present).

use std::path::Path;
use unspin::{Cleaner, Config, Document};

fn science() -> Cleaner {
    Cleaner::new(Config { packs: vec!["science".into()], ..Config::default() }).unwrap()
}

#[test]
fn flags_every_tortured_phrase_of_the_example() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/science.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let out = science().clean(&Document::new("science.txt", text.as_str()));
    let found: Vec<(&str, &str)> = out.edits.iter().map(|e| (e.before.as_str(), e.after.as_str())).collect();
    assert_eq!(
        found,
        vec![
            ("Counterfeit consciousness", "Artificial intelligence"),
            ("profound learning", "deep learning"),
            ("irregular woodland", "random forest"),
            ("bolster vector machine", "support vector machine"),
            ("component extraction", "feature extraction"),
            ("information mining", "data mining"),
            ("test arrangement", "test set"),
            ("huge information", "big data"),
        ]
    );
    let words = text.split_whitespace().count() as f64;
    let density = out.signals["science.density"];
    assert!((density - 8000.0 / words).abs() < 15.0, "density {density} for {words} words");
}

#[test]
fn flags_nothing_in_the_clean_dev_articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/clean/dev");
    let Ok(files) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} not found", dir.display());
        return;
    };
    let cleaner = science();
    let mut checked = 0;
    for f in files {
        let path = f.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let out = cleaner.clean(&Document::new(path.display().to_string(), text.as_str()));
        assert!(out.edits.is_empty(), "{}: {:?}", path.display(), out.edits);
        assert_eq!(out.signals["science.density"], 0.0);
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} clean articles found");
}
