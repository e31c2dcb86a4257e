//! The JSON report: every document's edits and signals, enough to review, apply and revert.
//! The format is documented in `docs/report-format.md`.

use crate::edit::{apply_edits, fnv1a, Edit, EditError};
use crate::pipeline::{Config, Outcome, Signals};
use serde::{Deserialize, Serialize};

/// Identifies the format; readers check it before anything else.
pub const FORMAT: &str = "unspin-report";
/// Bumped on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub format: String,
    pub version: u32,
    /// The unspin version that wrote the report.
    pub tool: String,
    pub config: Config,
    pub documents: Vec<DocumentReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentReport {
    /// Document id: the path as given, the JSON Lines record id, or `-` for stdin.
    pub id: String,
    /// The file the document was read from, when it was a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line of the record in a JSON Lines file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    /// The JSON Lines field that held the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Fingerprints of the input and output text (FNV-1a 64, hex), so `apply` can tell that a
    /// file changed since the report was written.
    pub input_hash: String,
    pub output_hash: String,
    pub signals: Signals,
    pub edits: Vec<Edit>,
}

pub fn text_hash(text: &str) -> String {
    format!("fnv1a64:{:016x}", fnv1a(&[text.as_bytes()]))
}

impl Report {
    pub fn new(config: &Config) -> Report {
        Report {
            format: FORMAT.into(),
            version: VERSION,
            tool: format!("unspin {}", env!("CARGO_PKG_VERSION")),
            config: config.clone(),
            documents: Vec::new(),
        }
    }

    /// Parses a report, checking format and version.
    pub fn from_json(text: &str) -> Result<Report, String> {
        let r: Report = serde_json::from_str(text).map_err(|e| format!("not an unspin report: {e}"))?;
        if r.format != FORMAT {
            return Err(format!("format is {:?}, expected {FORMAT:?}", r.format));
        }
        if r.version != VERSION {
            return Err(format!("report version {} is not supported (this unspin reads version {VERSION})", r.version));
        }
        Ok(r)
    }
}

impl DocumentReport {
    pub fn new(input: &str, outcome: &Outcome, path: Option<String>, record: Option<usize>) -> DocumentReport {
        DocumentReport {
            id: outcome.id.clone(),
            path,
            record,
            field: None,
            input_hash: text_hash(input),
            output_hash: text_hash(&outcome.text),
            signals: outcome.signals.clone(),
            edits: outcome.edits.clone(),
        }
    }

    /// Applies this document's edits except the rejected ones to `input`.
    pub fn apply(&self, input: &str, rejected: impl Fn(&Edit) -> bool) -> Result<String, ApplyError> {
        if text_hash(input) != self.input_hash {
            return Err(ApplyError::InputChanged);
        }
        apply_edits(input, self.edits.iter().filter(|e| !rejected(e))).map_err(ApplyError::Edit)
    }
}

#[derive(Debug)]
pub enum ApplyError {
    InputChanged,
    Edit(EditError),
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::InputChanged => f.write_str("the input changed since the report was written (hash differs)"),
            ApplyError::Edit(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ApplyError {}
