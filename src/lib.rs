//! unspin repairs garbled English text in bulk: article-spinner substitutions, OCR misreadings
//! and broken encodings. Every change is an [`Edit`] over a byte span of the input with the stage,
//! rule, confidence and reason, so a report can explain, apply and revert it.
//!
//! ```
//! use unspin::{Cleaner, Config, Document};
//!
//! let cleaner = Cleaner::new(Config::default()).unwrap();
//! let out = cleaner.clean(&Document::new("doc", "Officers mentioned a minimum of 143 individuals died."));
//! assert!(out.edits.iter().all(|e| e.before != e.after));
//! // The output is the input with the edits applied, nothing else:
//! assert_eq!(unspin::edit::apply_edits("Officers mentioned a minimum of 143 individuals died.", &out.edits).unwrap(), out.text);
//! ```

pub mod casing;
pub mod condition;
pub mod decisions;
pub mod dict;
pub mod dict_format;
pub mod document;
pub mod edit;
pub mod encoding;
pub mod eval;
pub mod fxhash;
pub mod ignore;
pub mod invariants;
pub mod jsonl;
pub mod learn;
pub mod lm;
pub mod normalize;
pub mod ocr;
pub mod phrase_search;
pub mod pipeline;
pub mod report;
pub mod science;
pub mod settings;
pub mod spin;
pub mod stream;
#[cfg(test)]
mod test_rng;
pub mod thesaurus;
pub mod tokenize;

pub use document::Document;
pub use edit::{Edit, Proposal, Stage};
pub use pipeline::{Cleaner, Config, Outcome, Signals};
