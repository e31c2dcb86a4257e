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
    let mut out = Vec::new();
    write_record_from_line(&mut out, body, object, text_field, outcome);
    String::from_utf8(out).expect("the line is UTF-8 and the attribute JSON")
}

/// [`record_json_from_line`] appended to `out` (the CLI renders a batch of records into one buffer).
pub fn write_record_from_line(
    out: &mut Vec<u8>,
    body: &[u8],
    object: &Map<String, Value>,
    text_field: &str,
    outcome: &Outcome,
) {
    let unchanged = outcome.edits.is_empty() && object.contains_key(text_field) && !object.contains_key("unspin");
    let close = body.iter().rposition(|b| !b.is_ascii_whitespace());
    match (unchanged, close, std::str::from_utf8(body)) {
        (true, Some(close), Ok(line)) if body[close] == b'}' => {
            out.reserve(close + 256);
            out.extend_from_slice(&line.as_bytes()[..close]);
            out.extend_from_slice(b",\"unspin\":");
            write_attribute(out, outcome);
            out.push(b'}');
        }
        _ => write_record(out, object, text_field, outcome),
    }
}

/// The cleaned record as one JSON line (no line ending): the text field replaced, an `unspin`
/// attribute with the edits and signals added (replacing one already there, in its place).
///
/// Written by hand rather than through serde: escaping the text and the edits' reasons was the
/// largest cost of writing a spun record. A test checks the bytes against serde_json's.
pub fn record_json(object: &Map<String, Value>, text_field: &str, outcome: &Outcome) -> String {
    let mut out = Vec::new();
    write_record(&mut out, object, text_field, outcome);
    String::from_utf8(out).expect("JSON written from UTF-8 strings")
}

/// [`record_json`] appended to `out`.
pub fn write_record(out: &mut Vec<u8>, object: &Map<String, Value>, text_field: &str, outcome: &Outcome) {
    out.reserve(outcome.text.len() + 256 + 256 * outcome.edits.len());
    out.push(b'{');
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, k: &str| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        write_json_str(out, k);
        out.push(b':');
    };
    for (k, v) in object.iter() {
        key(out, k);
        if k == text_field {
            write_json_str(out, &outcome.text);
        } else if k == "unspin" {
            write_attribute(out, outcome);
        } else {
            serde_json::to_writer(&mut *out, v).expect("JSON values serialize");
        }
    }
    if !object.contains_key(text_field) {
        key(out, text_field);
        write_json_str(out, &outcome.text);
    }
    if !object.contains_key("unspin") {
        key(out, "unspin");
        write_attribute(out, outcome);
    }
    out.push(b'}');
}

/// The `unspin` attribute: `{"edits":[...],"signals":{...}}`, as serde_json writes it.
fn write_attribute(out: &mut Vec<u8>, outcome: &Outcome) {
    out.extend_from_slice(b"{\"edits\":[");
    write_separated(out, &outcome.edits, write_edit);
    out.extend_from_slice(b"],\"signals\":{");
    write_separated(out, &outcome.signals, |out, (k, v)| {
        write_json_str(out, k);
        out.push(b':');
        write_number(out, v);
    });
    out.extend_from_slice(b"}}");
}

/// `items` written one after the other with commas between them.
fn write_separated<I: IntoIterator>(out: &mut Vec<u8>, items: I, mut write: impl FnMut(&mut Vec<u8>, I::Item)) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
}

/// One edit with the fields of its `Serialize` derive, in order.
fn write_edit(out: &mut Vec<u8>, e: &crate::Edit) {
    let field = |out: &mut Vec<u8>, name: &str| {
        out.extend_from_slice(b"\"");
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
    };
    out.push(b'{');
    field(out, "id");
    write_json_str(out, &e.id);
    for (name, n) in [
        ("start", e.start),
        ("end", e.end),
        ("char_start", e.char_start),
        ("char_end", e.char_end),
        ("line", e.line),
        ("column", e.column),
    ] {
        out.push(b',');
        field(out, name);
        write_number(out, &n);
    }
    for (name, s) in [("before", &e.before), ("after", &e.after)] {
        out.push(b',');
        field(out, name);
        write_json_str(out, s);
    }
    out.push(b',');
    field(out, "stage");
    write_json_str(out, e.stage.name());
    out.push(b',');
    field(out, "rule");
    write_json_str(out, &e.rule);
    out.push(b',');
    field(out, "confidence");
    write_number(out, &e.confidence);
    if !e.alternatives.is_empty() {
        out.push(b',');
        field(out, "alternatives");
        out.push(b'[');
        write_separated(out, &e.alternatives, |out, a| write_json_str(out, a));
        out.push(b']');
    }
    out.push(b',');
    field(out, "reason");
    write_json_str(out, &e.reason);
    out.push(b'}');
}

/// A number as serde_json writes it (non-finite floats as `null`).
fn write_number<N: serde::Serialize>(out: &mut Vec<u8>, n: &N) {
    serde_json::to_writer(out, n).expect("numbers serialize");
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\\`, the control characters
/// (`\n`, `\t` ... or `\u00XX`), nothing else. Eight bytes are checked at a time for the next
/// byte to escape (text rarely needs escaping; reasons quote their phrases), and the runs between
/// those bytes are copied whole.
pub fn write_json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut clean_from = 0;
    let mut i = 0;
    while let Some(j) = next_to_escape(bytes, i) {
        out.extend_from_slice(&bytes[clean_from..j]);
        let b = bytes[j];
        let unicode: [u8; 6];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                unicode = [b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
                &unicode
            }
        };
        out.extend_from_slice(escape);
        clean_from = j + 1;
        i = j + 1;
    }
    out.extend_from_slice(&bytes[clean_from..]);
    out.push(b'"');
}

/// The first byte at or after `i` that JSON escapes: below 0x20, `"` or `\\`.
#[inline(always)]
fn next_to_escape(bytes: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = ONES * 0x80;
    // The high bit of each zero byte of `x`, and maybe of bytes above a zero byte (borrows run
    // upwards only): the lowest flagged byte is always a true one.
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let v = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Bytes below 0x20 (`!v` keeps bytes of 0x80 and above out), '"' and '\\'.
        let flagged = (v.wrapping_sub(ONES * 0x20) & !v & HIGHS) | zeros(v ^ (ONES * 0x22)) | zeros(v ^ (ONES * 0x5c));
        if flagged != 0 {
            return Some(i + (flagged.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..].iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\').map(|p| i + p)
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

    /// The hand-written records are serde_json's bytes: the reference below is what
    /// `record_json` was before (serde all the way).
    #[test]
    fn records_are_written_as_serde_json_writes_them() {
        use serde::ser::{SerializeMap, Serializer};
        fn reference(object: &Map<String, Value>, text_field: &str, outcome: &Outcome) -> String {
            #[derive(serde::Serialize)]
            struct Attribute<'a> {
                edits: &'a [crate::Edit],
                signals: &'a crate::Signals,
            }
            let attribute = Attribute { edits: &outcome.edits, signals: &outcome.signals };
            let mut out = Vec::new();
            let mut ser = serde_json::Serializer::new(&mut out);
            let mut map = ser.serialize_map(None).unwrap();
            for (k, v) in object.iter() {
                match k.as_str() {
                    k if k == text_field => map.serialize_entry(k, &outcome.text).unwrap(),
                    "unspin" => map.serialize_entry(k, &attribute).unwrap(),
                    _ => map.serialize_entry(k, v).unwrap(),
                }
            }
            if !object.contains_key(text_field) {
                map.serialize_entry(text_field, &outcome.text).unwrap();
            }
            if !object.contains_key("unspin") {
                map.serialize_entry("unspin", &attribute).unwrap();
            }
            map.end().unwrap();
            String::from_utf8(out).unwrap()
        }
        let cleaner = crate::Cleaner::new(crate::Config::default()).unwrap();
        let spun = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/spun-news.txt")).unwrap();
        let texts = [
            spun.as_str(),
            "Plain words.",
            "quote \" backslash \\ controls \u{1}\u{8}\u{c}\u{1f}\t\r\n del \u{7f} caf\u{e9} \u{2028} end",
            "The officials mentioned it \"twice\".\u{0}",
            "",
            "Ã©tÃ© â€™ mojibake and tbe OCR arc here",
        ];
        for text in texts {
            for line in [
                serde_json::json!({"id": 7, "text": text, "meta": {"k\"": [1.5, null, "x\u{1}"]}}),
                serde_json::json!({"unspin": {"old": 1}, "text": text}),
                serde_json::json!({"body": text}),
            ] {
                let object = line.as_object().unwrap();
                let field = if object.contains_key("text") { "text" } else { "body" };
                let outcome = cleaner.clean(&crate::Document::new("x", text));
                assert_eq!(record_json(object, field, &outcome), reference(object, field, &outcome), "{text:?}");
            }
        }
        // Many escapes in one string, next to each other and apart, among non-ASCII characters.
        let mut rand = crate::test_rng::xorshift();
        let pieces = ["\"", "\\", "\n", "\u{1}", "\u{1f}", "a", "bc", "é", "’", "\u{7f}", " x y z "];
        for _ in 0..3000 {
            let s: String = (0..rand(30)).map(|_| pieces[rand(pieces.len())]).collect();
            let mut ours = Vec::new();
            write_json_str(&mut ours, &s);
            assert_eq!(ours, serde_json::to_vec(&s).unwrap(), "{s:?}");
        }
        // Every byte value below 0x80 at every offset within the eight-byte chunks.
        for b in 0u8..0x80 {
            for pad in 0..10 {
                let s = format!("{}{}{}", "x".repeat(pad), char::from(b), "y".repeat(9));
                let mut ours = Vec::new();
                write_json_str(&mut ours, &s);
                assert_eq!(ours, serde_json::to_vec(&s).unwrap(), "{s:?}");
            }
        }
    }

    /// The batch writer appends what the `String` functions return, after what the buffer holds.
    #[test]
    fn write_record_appends_the_record_json() {
        let cleaner = crate::Cleaner::new(crate::Config::default()).unwrap();
        for line in [
            r#"{"id": 1.50, "text": "Officials said it.", "meta": {"a": [1, 2]}}  "#,
            r#"{"text": "The officials mentioned it \"twice\"."}"#,
            r#"{"text": "Plain.", "unspin": {"old": true}}"#,
            r#"{"body": "no text field"}"#,
        ] {
            let object: Map<String, Value> = serde_json::from_str(line).unwrap();
            let text = object.get("text").and_then(Value::as_str).unwrap_or("");
            let outcome = cleaner.clean(&crate::Document::new("x", text));
            let mut out = b"earlier line\n".to_vec();
            write_record_from_line(&mut out, line.as_bytes(), &object, "text", &outcome);
            let want = format!("earlier line\n{}", record_json_from_line(line.as_bytes(), &object, "text", &outcome));
            assert_eq!(String::from_utf8(out).unwrap(), want);
            let mut out = b"x".to_vec();
            write_record(&mut out, &object, "text", &outcome);
            assert_eq!(String::from_utf8(out).unwrap(), format!("x{}", record_json(&object, "text", &outcome)));
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
