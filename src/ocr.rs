//! The OCR stage: repairs OCR misreadings in context.

use crate::edit::{Proposal, Stage};
use crate::pipeline::{Detector, Signals};
use crate::tokenize::Token;

pub struct OcrDetector;

impl Detector for OcrDetector {
    fn stage(&self) -> Stage {
        Stage::Ocr
    }

    fn detect(&self, _text: &str, _tokens: &[Token], _signals: &mut Signals) -> Vec<Proposal> {
        Vec::new()
    }
}
