//! Prints the OCR stage's document evidence (unknown-word rate, confusion rate, likelihood) for
//! each file given: to check the gate that keeps the stage off clean text.
//!
//! cargo run --release --example ocr_likelihood -- FILE...
//!
//! With `--ungated`, also lists the repairs the stage would propose if the gate were open.

fn main() {
    let ungated = std::env::args().any(|a| a == "--ungated");
    let c = unspin::ocr::Corrector::builtin();
    let params = unspin::ocr::Params { gate: 0.0, doc_prior: 0.0, ..*c.params() };
    let c = c.with_params(params);
    for path in std::env::args().skip(1).filter(|a| a != "--ungated") {
        let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
        let ev = c.evidence(&text);
        println!(
            "{path}\twords={}\tunknown={:.3}\tconfusion={:.3}\tlikelihood={:.3}",
            ev.words,
            ev.unknown_rate(),
            ev.confusion_rate(),
            ev.likelihood()
        );
        if ungated {
            let mut signals = unspin::Signals::new();
            for p in unspin::pipeline::decide(c.propose(&text, &mut signals), 0.5) {
                println!("  {:?} -> {:?} ({}, {:.2})", &text[p.range.clone()], p.replacement, p.rule, p.confidence);
            }
        }
    }
}
