//! Tunes the OCR corrector's weights on OCR/ground-truth folders (line-aligned files of the same
//! names, as ../shared/eval/overproof.py writes them) by coordinate descent on error reduction.
//!
//! cargo run --release --example ocr_tune -- OCR_DIR GOLD_DIR
//!
//! Error reduction is computed as ../shared/eval/score.py does (token edit distance per line);
//! check the final weights with scripts/eval_ocr.sh.

use std::path::Path;
use unspin::ocr::{Corrector, Params};
use unspin::pipeline::{decide, Signals};

fn tokens(line: &str) -> Vec<&str> {
    // \w+(?:[-'’]\w+)*|[^\w\s], as score.py.
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let cs: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < cs.len() {
        let (s, c) = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if word(c) {
            let mut j = i;
            loop {
                while j < cs.len() && word(cs[j].1) {
                    j += 1;
                }
                if j + 1 < cs.len() && matches!(cs[j].1, '-' | '\'' | '’') && word(cs[j + 1].1) {
                    j += 1;
                } else {
                    break;
                }
            }
            let e = cs.get(j).map_or(line.len(), |x| x.0);
            out.push(&line[s..e]);
            i = j;
        } else {
            out.push(&line[s..s + c.len_utf8()]);
            i += 1;
        }
    }
    out
}

fn distance(a: &[&str], b: &[&str]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn apply(text: &str, c: &Corrector) -> String {
    let mut signals = Signals::new();
    let mut out = String::new();
    let mut pos = 0;
    for p in decide(c.propose(text, &mut signals), 0.5) {
        out.push_str(&text[pos..p.range.start]);
        out.push_str(&p.replacement);
        pos = p.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

fn evaluate(docs: &[(String, String)], c: &Corrector) -> (f64, usize) {
    let (mut before, mut after, mut changed) = (0, 0, 0);
    for (ocr, gold) in docs {
        let out = apply(ocr, c);
        for ((o, g), x) in ocr.split('\n').zip(gold.split('\n')).zip(out.split('\n')) {
            let (to, tg, tx) = (tokens(o), tokens(g), tokens(x));
            before += distance(&to, &tg);
            after += distance(&tx, &tg);
            changed += usize::from(o != x);
        }
    }
    (1.0 - after as f64 / before.max(1) as f64, changed)
}

fn get(p: &Params, i: usize) -> f64 {
    [
        p.lm_weight,
        p.keep_unknown,
        p.keep_unknown_capitalized,
        p.keep_unknown_upper,
        p.real_word_prior,
        p.real_word_capitalized,
        p.split_cost,
        p.merge_cost,
        p.repeated_name,
        f64::from(p.merge_max_channel),
        p.plausibility,
    ][i]
}

fn set(p: &mut Params, i: usize, v: f64) {
    match i {
        0 => p.lm_weight = v,
        1 => p.keep_unknown = v,
        2 => p.keep_unknown_capitalized = v,
        3 => p.keep_unknown_upper = v,
        4 => p.real_word_prior = v,
        5 => p.real_word_capitalized = v,
        6 => p.split_cost = v,
        7 => p.merge_cost = v,
        8 => p.repeated_name = v,
        9 => p.merge_max_channel = v as f32,
        _ => p.plausibility = v,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (ocr_dir, gold_dir) = (Path::new(&args[1]), Path::new(&args[2]));
    let mut docs = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(ocr_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    for n in names {
        let o = std::fs::read_to_string(ocr_dir.join(&n)).unwrap();
        let g = std::fs::read_to_string(gold_dir.join(&n)).unwrap();
        docs.push((o, g));
    }
    let mut params = Params::default();
    let mut c = Corrector::builtin().with_params(params);
    let mut best = evaluate(&docs, &c);
    println!("start {params:?} {best:?}");
    let names = ["lm", "keep", "keep_cap", "keep_up", "rw", "rw_cap", "split", "merge", "rep", "merge_max", "plaus"];
    let rounds: usize = args.get(3).map_or(2, |s| s.parse().unwrap());
    for round in 0..rounds {
        let scale = if round == 0 { 1.0 } else { 0.5 };
        for (i, name) in names.iter().enumerate() {
            let deltas: &[f64] = if i == 0 { &[-0.3, 0.3] } else { &[-2.0, 2.0] };
            for d in deltas {
                loop {
                    let mut q = params;
                    set(&mut q, i, (get(&params, i) + d * scale).max(0.0));
                    c = c.with_params(q);
                    let r = evaluate(&docs, &c);
                    println!("{name} = {:.2}: {:.4} ({} lines changed)", get(&q, i), r.0, r.1);
                    if r.0 > best.0 + 0.0005 {
                        best = r;
                        params = q;
                    } else {
                        break;
                    }
                }
            }
        }
        println!("round {round}: {params:?} {best:?}");
    }
}
