//! The normalize stage: encoding and Unicode repair (mojibake, entities, invisible characters,
//! line-break hyphenation). Each repair is an edit with its reason.

use crate::edit::{Proposal, Stage};
use crate::pipeline::{Detector, Signals};
use crate::tokenize::Token;

/// Which normalizations run.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NormalizeOptions {}

pub struct Normalizer {
    #[allow(dead_code)]
    options: NormalizeOptions,
}

impl Normalizer {
    pub fn new(options: NormalizeOptions) -> Self {
        Normalizer { options }
    }
}

impl Detector for Normalizer {
    fn stage(&self) -> Stage {
        Stage::Normalize
    }

    fn detect(&self, _text: &str, _tokens: &[Token], _signals: &mut Signals) -> Vec<Proposal> {
        Vec::new()
    }
}
