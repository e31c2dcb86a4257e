//! Review decisions: which edits of a report a reviewer accepted or rejected, exported by the
//! review page (`unspin check --format html`) and applied by `unspin apply --decisions FILE`.
//!
//! The file embeds the report it refers to, so applying it needs nothing else:
//!
//! ```json
//! { "format": "unspin-decisions", "version": 1,
//!   "rejected": [{"document": "a.txt", "id": "1f2e3d4c"}], "accepted": [],
//!   "report": { "format": "unspin-report", ... } }
//! ```
//!
//! Edits with no decision are applied as the report proposed them.

use crate::report::Report;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "unspin-decisions";
pub const VERSION: u32 = 1;

/// One edit, named by its document id and edit id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRef {
    pub document: String,
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decisions {
    pub format: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(default)]
    pub rejected: Vec<EditRef>,
    #[serde(default)]
    pub accepted: Vec<EditRef>,
    /// The report the decisions refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
}

impl Decisions {
    /// Parses a decisions file, checking its format and version and that every decision names
    /// an edit of `report` (the embedded one when `report` is `None`).
    pub fn from_json(text: &str) -> Result<Decisions, String> {
        let d: Decisions = serde_json::from_str(text).map_err(|e| format!("not an unspin decisions file: {e}"))?;
        if d.format != FORMAT {
            return Err(format!("format is {:?}, expected {FORMAT:?}", d.format));
        }
        if d.version != VERSION {
            return Err(format!("decisions version {} is not supported (this unspin reads {VERSION})", d.version));
        }
        Ok(d)
    }

    /// The decisions that name no edit of `report`.
    pub fn unknown<'a>(&'a self, report: &Report) -> Vec<&'a EditRef> {
        self.rejected
            .iter()
            .chain(&self.accepted)
            .filter(|r| !report.documents.iter().any(|d| d.id == r.document && d.edits.iter().any(|e| e.id == r.id)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_formats_and_unknown_edits() {
        assert!(Decisions::from_json(r#"{"format":"x","version":1}"#).unwrap_err().contains("format"));
        assert!(Decisions::from_json(r#"{"format":"unspin-decisions","version":9}"#).unwrap_err().contains("version"));
        let d = Decisions::from_json(
            r#"{"format":"unspin-decisions","version":1,"rejected":[{"document":"a","id":"00000001"}]}"#,
        )
        .unwrap();
        let report = Report::new(&crate::Config::default());
        assert_eq!(d.unknown(&report).len(), 1);
    }
}
