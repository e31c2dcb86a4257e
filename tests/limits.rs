//! No superlinear blow-up on pathological input: 5 MB of one spun phrase repeated, one giant
//! token, text made only of originals, and a 5 MB single line, each cleaned within a generous
//! multiple of the time normal text of the same size takes, measured in the same run. (Speed
//! itself is for benchmarks; this only catches quadratic behaviour, which makes the ratio grow
//! with the size: at 5 MB a quadratic step is hundreds of times slower, not a few.)

use std::time::{Duration, Instant};
use unspin::{Cleaner, Config, Document, Stage};

/// 5 MB in release builds (`scripts/test.sh`); 1 MB in debug builds, which are ~10x slower
/// (a quadratic step still shows there: 25x less work, not 5x).
const SIZE: usize = if cfg!(debug_assertions) { 1 << 20 } else { 5 << 20 };
/// Generous: per-edit work is legitimately heavier than per-byte work, and the machine is shared.
const MAX_RATIO: f64 = 10.0;

fn repeat_to(size: usize, unit: &str) -> String {
    unit.repeat(size / unit.len() + 1)[..size].to_string()
}

/// News-like text with spun phrases at about the density of a real spun article.
fn normal_text() -> String {
    let paragraph = "The minister mentioned on Tuesday that the government would review the policy after \
                     protests in several cities. Officials said a minimum of 143 individuals were hurt, and \
                     the police, who were accountable for security, declined to comment.\nAnalysts expect \
                     the debate to continue for weeks; some have called for an independent inquiry.\n";
    repeat_to(SIZE, paragraph)
}

fn time(cleaner: &Cleaner, text: &str) -> (Duration, usize) {
    let start = Instant::now();
    let out = cleaner.clean(&Document::new("t", text));
    let took = start.elapsed();
    assert_eq!(
        out.text.len() + out.edits.iter().map(|e| e.before.len()).sum::<usize>(),
        text.len() + out.edits.iter().map(|e| e.after.len()).sum::<usize>()
    );
    (took, out.edits.len())
}

#[test]
fn pathological_input_is_not_superlinear() {
    let cleaner = Cleaner::new(Config { stages: Stage::ALL.to_vec(), ..Config::default() }).unwrap();
    let normal = normal_text();
    let (base, base_edits) = time(&cleaner, &normal);
    assert!(base_edits > 0);
    let cases = [
        ("one spun phrase repeated", repeat_to(SIZE, "a minimum of ")),
        ("one giant token", repeat_to(SIZE, "a")),
        ("a giant token made of spun words", repeat_to(SIZE, "assault")),
        ("only originals", repeat_to(SIZE, "at least said people ")),
        ("chained phrases", repeat_to(SIZE, "particulars a few ")),
        ("one line", normal.replace('\n', " ")),
        ("one word a line", repeat_to(SIZE, "mentioned\n")),
    ];
    let mut report = vec![format!("normal text: {base:?}, {base_edits} edits")];
    for (name, text) in &cases {
        let (took, edits) = time(&cleaner, text);
        let ratio = took.as_secs_f64() / base.as_secs_f64();
        report.push(format!("{name}: {took:?} ({ratio:.1}x), {edits} edits"));
        assert!(ratio < MAX_RATIO, "{name} took {ratio:.1}x the time of normal text\n{}", report.join("\n"));
    }
    println!("{}", report.join("\n"));
}
