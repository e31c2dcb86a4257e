//! JSON Lines records: splitting a shard into lines, reading the text field, writing a cleaned
//! record back.
//!
//! A shard is never rewritten lossily: every line that is not a JSON object with a string text
//! field (malformed JSON, invalid UTF-8, a missing or non-string field, a blank line) is passed
//! through byte for byte with its own line ending, and the reason is returned so that the caller
//! can count and report it.
//!
//! ```
//! use unspin::jsonl::{split_line, Line};
//!
//! let shard = b"{\"text\":\"a\"}\r\nnot json\n";
//! let lines: Vec<Line> = unspin::jsonl::lines(shard).collect();
//! assert_eq!(lines[0].body, b"{\"text\":\"a\"}");
//! assert_eq!(lines[0].ending, b"\r\n");
//! assert_eq!(split_line(b"x\n"), (&b"x"[..], &b"\n"[..]));
//! ```

use crate::pipeline::Outcome;
use serde_json::{Map, Value};

/// One line of a shard: its content and its line ending (`\n`, `\r\n` or nothing at the end of
/// the shard), so that `body + ending` is the line exactly as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    pub body: &'a [u8],
    pub ending: &'a [u8],
}

/// Splits one line as read (up to and including its `\n`, if any) into body and ending.
pub fn split_line(raw: &[u8]) -> (&[u8], &[u8]) {
    let mut cut = raw.len();
    if raw[..cut].ends_with(b"\n") {
        cut -= 1;
        if raw[..cut].ends_with(b"\r") {
            cut -= 1;
        }
    }
    raw.split_at(cut)
}

/// The lines of a whole shard held in memory (the CLI streams instead, line by line).
pub fn lines(shard: &[u8]) -> impl Iterator<Item = Line<'_>> {
    shard.split_inclusive(|&b| b == b'\n').map(|raw| {
        let (body, ending) = split_line(raw);
        Line { body, ending }
    })
}

/// Why a line was passed through instead of cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Blank line: passed through silently.
    Blank,
    /// The text is longer than the caller's limit: passed through and counted as skipped.
    Oversized { bytes: usize, limit: usize },
    /// Anything else: passed through and reported.
    Problem(String),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::Blank => f.write_str("blank line"),
            Skip::Oversized { bytes, limit } => {
                write!(f, "text is {bytes} bytes, over the limit of {limit} (--max-doc-bytes)")
            }
            Skip::Problem(m) => f.write_str(m),
        }
    }
}

/// A record whose text field can be cleaned.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The record with its text field emptied (the text is in `text`), keeping its place.
    pub object: Map<String, Value>,
    pub text: String,
}

/// Parses a line body as a JSON object with a string field `text_field`.
pub fn parse_record(body: &[u8], text_field: &str) -> Result<Parsed, Skip> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Skip::Blank);
    }
    let text = std::str::from_utf8(body)
        .map_err(|e| Skip::Problem(format!("not valid UTF-8 (byte offset {} in the line)", e.valid_up_to())))?;
    let value: Value = serde_json::from_str(text).map_err(|e| Skip::Problem(format!("malformed JSON: {e}")))?;
    let Value::Object(mut object) = value else {
        return Err(Skip::Problem("not a JSON object".into()));
    };
    match object.get_mut(text_field) {
        Some(Value::String(s)) => {
            let text = std::mem::take(s);
            Ok(Parsed { object, text })
        }
        Some(v) => Err(Skip::Problem(format!("field {text_field:?} is {}, not a string", kind(v)))),
        None => Err(Skip::Problem(format!("no field {text_field:?}"))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The record id: the `id_field` when it is a string or number, else `fallback`.
pub fn record_id(object: &Map<String, Value>, id_field: &str, fallback: impl FnOnce() -> String) -> String {
    match object.get(id_field) {
        Some(Value::String(s)) => s.clone(),
        Some(v @ Value::Number(_)) => v.to_string(),
        _ => fallback(),
    }
}

/// [`record_json`] for a record read from the line `body`: when cleaning changed nothing and the
/// record has no `unspin` attribute yet, the line is kept byte for byte and the attribute appended
/// (most records of a clean corpus: re-escaping their text was a tenth of the run's time).
pub fn record_json_from_line(body: &[u8], object: &Map<String, Value>, text_field: &str, outcome: &Outcome) -> String {
    let unchanged = outcome.edits.is_empty() && object.contains_key(text_field) && !object.contains_key("unspin");
    let close = body.iter().rposition(|b| !b.is_ascii_whitespace());
    match (unchanged, close, std::str::from_utf8(body)) {
        (true, Some(close), Ok(line)) if body[close] == b'}' => {
            #[derive(serde::Serialize)]
            struct Attribute<'a> {
                edits: [(); 0],
                signals: &'a crate::Signals,
            }
            let attribute = serde_json::to_string(&Attribute { edits: [], signals: &outcome.signals })
                .expect("JSON values serialize");
            let mut out = String::with_capacity(close + attribute.len() + 12);
            out.push_str(&line[..close]);
            out.push_str(",\"unspin\":");
            out.push_str(&attribute);
            out.push('}');
            out
        }
        _ => record_json(object, text_field, outcome),
    }
}

/// The cleaned record as one JSON line (no line ending): the text field replaced, an `unspin`
/// attribute with the edits and signals added (replacing one already there, in its place).
/// Serialized straight from the outcome, without building JSON values for the edits.
pub fn record_json(object: &Map<String, Value>, text_field: &str, outcome: &Outcome) -> String {
    use serde::ser::{SerializeMap, Serializer};
    #[derive(serde::Serialize)]
    struct Attribute<'a> {
        edits: &'a [crate::Edit],
        signals: &'a crate::Signals,
    }
    let attribute = Attribute { edits: &outcome.edits, signals: &outcome.signals };
    let mut out = Vec::with_capacity(outcome.text.len() + 256 + 256 * outcome.edits.len());
    let mut ser = serde_json::Serializer::new(&mut out);
    let has_text = object.contains_key(text_field);
    let has_attribute = object.contains_key("unspin");
    let result = (|| {
        let mut map = ser.serialize_map(None)?;
        for (k, v) in object.iter() {
            if k == text_field {
                map.serialize_entry(k, &outcome.text)?;
            } else if k == "unspin" {
                map.serialize_entry(k, &attribute)?;
            } else {
                map.serialize_entry(k, v)?;
            }
        }
        if !has_text {
            map.serialize_entry(text_field, &outcome.text)?;
        }
        if !has_attribute {
            map.serialize_entry("unspin", &attribute)?;
        }
        map.end()
    })();
    result.expect("JSON values serialize");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_endings() {
        let shard = b"a\r\nb\n\nc\r\r\nd";
        let got: Vec<(&[u8], &[u8])> = lines(shard).map(|l| (l.body, l.ending)).collect();
        let want: Vec<(&[u8], &[u8])> =
            vec![(b"a", b"\r\n"), (b"b", b"\n"), (b"", b"\n"), (b"c\r", b"\r\n"), (b"d", b"")];
        assert_eq!(got, want);
        let joined: Vec<u8> = lines(shard).flat_map(|l| [l.body, l.ending].concat()).collect();
        assert_eq!(joined, shard);
    }

    /// An unchanged record keeps its bytes (number formats, key order, spacing) and gains the
    /// attribute; the result is the same JSON value as the full rendering.
    #[test]
    fn unchanged_records_keep_their_bytes() {
        let cleaner = crate::Cleaner::new(crate::Config::default()).unwrap();
        for line in [
            r#"{"id": 1.50, "text": "Officials said it.", "meta": {"a": [1, 2]}}  "#,
            r#"{"text":"Plain words.\u00e9"}"#,
            r#"{"text": "Officials mentioned it.", "id": "x"}"#,
            r#"{"text": "Plain.", "unspin": {"old": true}}"#,
        ] {
            let p = parse_record(line.as_bytes(), "text").unwrap();
            let outcome = cleaner.clean(&crate::Document::new("x", &p.text));
            let fast = record_json_from_line(line.as_bytes(), &p.object, "text", &outcome);
            let full = record_json(&p.object, "text", &outcome);
            let (a, b): (Value, Value) = (serde_json::from_str(&fast).unwrap(), serde_json::from_str(&full).unwrap());
            assert_eq!(a, b, "{line}");
            if outcome.edits.is_empty() && !line.contains("unspin") {
                assert!(fast.starts_with(line.trim_end().trim_end_matches('}')), "{fast}");
            }
        }
    }

    #[test]
    fn parse_record_table() {
        let table: [(&[u8], &str); 7] = [
            (b"   ", "blank line"),
            (b"{\"text\": \"x\xff\"}", "not valid UTF-8 (byte offset 11"),
            (b"{\"text\": ", "malformed JSON"),
            (b"[1, 2]", "not a JSON object"),
            (b"{\"body\": \"x\"}", "no field \"text\""),
            (b"{\"text\": 3}", "is a number, not a string"),
            (b"{\"text\": null}", "is null, not a string"),
        ];
        for (body, want) in table {
            let err = parse_record(body, "text").unwrap_err().to_string();
            assert!(err.contains(want), "{:?}: {err}", String::from_utf8_lossy(body));
        }
        assert_eq!(parse_record(b"{\"text\": \"hi\"}", "text").unwrap().text, "hi");
    }
}
