//! The guarantees every run keeps, as checks: shared by the property tests
//! (`tests/properties.rs`) and the fuzz targets (`fuzz/`), so both test the same promises.
//!
//! - the output is the input with the edits applied, and reverting the edits gives the input back
//!   byte for byte;
//! - edits are sorted, non-overlapping, on character boundaries, with correct positions;
//! - the JSON report survives a round trip and re-applies to the same output;
//! - cleaning is idempotent: `clean(clean(x)) == clean(x)`;
//! - a JSON Lines shard loses no line and no byte it could not clean.

use crate::document::LineIndex;
use crate::edit::{apply_edits, revert_edits};
use crate::jsonl;
use crate::pipeline::{Cleaner, Outcome};
use crate::report::{DocumentReport, Report};
use crate::Document;

/// Cleans `input` and checks every per-document guarantee; returns the outcome, or what broke.
pub fn check_document(cleaner: &Cleaner, input: &str) -> Result<Outcome, String> {
    let out = cleaner.clean(&Document::new("doc", input));
    check_edits(input, &out)?;
    check_report(cleaner, input, &out)?;
    let again = cleaner.clean(&Document::new("doc", out.text.as_str()));
    if again.text != out.text {
        let e = &again.edits[0];
        return Err(format!(
            "not idempotent: the second pass changed {:?} to {:?} at byte {} ({})",
            e.before, e.after, e.start, e.rule
        ));
    }
    Ok(out)
}

/// The edits of `out` explain it exactly.
pub fn check_edits(input: &str, out: &Outcome) -> Result<(), String> {
    let applied = apply_edits(input, &out.edits).map_err(|e| format!("edits do not apply to the input: {e}"))?;
    if applied != out.text {
        return Err("the output is not the input with the edits applied".into());
    }
    let reverted = revert_edits(&out.text, &out.edits).map_err(|e| format!("edits do not revert: {e}"))?;
    if reverted != input {
        return Err("reverting the edits does not give the input back".into());
    }
    let idx = LineIndex::new(input);
    let mut prev_end = 0;
    for e in &out.edits {
        if e.start < prev_end || e.end < e.start {
            return Err(format!("edit {} ({}..{}) overlaps or is reversed", e.id, e.start, e.end));
        }
        if e.before == e.after {
            return Err(format!("edit {} changes nothing", e.id));
        }
        let (s, end) = (idx.position(e.start), idx.position(e.end));
        if (s.line, s.column, s.char_offset, end.char_offset) != (e.line, e.column, e.char_start, e.char_end) {
            return Err(format!("edit {} has wrong positions", e.id));
        }
        prev_end = e.end;
    }
    Ok(())
}

/// The report for `out` survives JSON and re-applies to the same output.
pub fn check_report(cleaner: &Cleaner, input: &str, out: &Outcome) -> Result<(), String> {
    let mut report = Report::new(cleaner.config());
    report.documents.push(DocumentReport::new(input, out, Some("doc.txt".into()), None));
    let json = serde_json::to_string(&report).map_err(|e| format!("report does not serialize: {e}"))?;
    let back = Report::from_json(&json).map_err(|e| format!("report does not parse back: {e}"))?;
    let applied = back.documents[0].apply(input, |_| false).map_err(|e| format!("report does not apply: {e}"))?;
    if applied != out.text {
        return Err("the report applied to the input does not give the output".into());
    }
    Ok(())
}

/// Cleans a JSON Lines shard held in memory the way the CLI does and checks that no line is lost:
/// as many lines out as in, every line that is not cleaned passed through byte for byte, every
/// cleaned record valid JSON with the cleaned text and the other fields unchanged.
pub fn check_shard(cleaner: &Cleaner, shard: &[u8], text_field: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(shard.len());
    for (i, line) in jsonl::lines(shard).enumerate() {
        let at = |m: String| format!("line {}: {m}", i + 1);
        match jsonl::parse_record(line.body, text_field) {
            Ok(parsed) => {
                let outcome = check_document(cleaner, &parsed.text).map_err(at)?;
                let json = jsonl::record_json_from_line(line.body, &parsed.object, text_field, &outcome);
                if json.contains('\n') {
                    return Err(at("a cleaned record spans several lines".into()));
                }
                let back: serde_json::Value =
                    serde_json::from_str(&json).map_err(|e| at(format!("cleaned record is not JSON: {e}")))?;
                if back.get(text_field).and_then(|v| v.as_str()) != Some(outcome.text.as_str()) {
                    return Err(at("cleaned record lost its text".into()));
                }
                for (k, v) in &parsed.object {
                    if k != text_field && k != "unspin" && back.get(k) != Some(v) {
                        return Err(at(format!("field {k:?} changed")));
                    }
                }
                out.extend_from_slice(json.as_bytes());
                out.extend_from_slice(line.ending);
            }
            Err(_) => {
                out.extend_from_slice(line.body);
                out.extend_from_slice(line.ending);
            }
        }
    }
    let count = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
    if count(&out) != count(shard) {
        return Err(format!("{} lines in, {} out", count(shard), count(&out)));
    }
    Ok(out)
}
