//! The review page: one self-contained HTML file (`unspin check --format html`) showing each
//! document with its edits inline, filters, accept/reject per edit and per rule, and an export
//! of the decisions for `unspin apply --decisions`.

use serde::Serialize;
use unspin::report::Report;

/// The page: markup, style and script in one file, no network access (a CSP forbids it).
const TEMPLATE: &str = include_str!("../../assets/review.html");
const PLACEHOLDER: &str = "__UNSPIN_DATA__";

#[derive(Serialize)]
struct PageData<'a> {
    report: &'a Report,
    /// The input text of each document, in report order.
    texts: &'a [String],
}

/// The review page for `report`, whose documents' inputs are `texts`.
pub fn page(report: &Report, texts: &[String]) -> String {
    let json = serde_json::to_string(&PageData { report, texts }).expect("report serializes");
    TEMPLATE.replacen(PLACEHOLDER, &script_safe(&json), 1)
}

/// JSON that can sit inside a `<script>` element: no `</script>`, `<!--` or `]]>` can occur,
/// whatever the article says. `<`, `>` and `&` only occur inside JSON strings, where the
/// `\uXXXX` escapes mean the same characters; U+2028/9 are escaped for old JavaScript parsers.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 32);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspin::report::DocumentReport;
    use unspin::{Cleaner, Config, Document};

    #[test]
    fn article_markup_cannot_escape_the_data_block() {
        let text = "He mentioned </script><script>alert(1)</script> <!-- x --> & \u{2028} the assault.";
        let cleaner = Cleaner::new(Config::default()).unwrap();
        let outcome = cleaner.clean(&Document::new("a.txt", text));
        let mut report = Report::new(cleaner.config());
        report.documents.push(DocumentReport::new(text, &outcome, Some("a.txt".into()), None));
        let html = page(&report, &[text.to_string()]);
        let data_start = html.find(r#"<script type="application/json" id="unspin-data">"#).unwrap();
        let data = &html[data_start..];
        let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
        assert!(!data.contains('<') && !data.contains('>') && !data.contains('&'));
        // The data still parses back to the same text.
        let v: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(v["texts"][0], text);
        assert_eq!(html.matches("<script").count(), 2, "only the page's own two script elements");
        assert!(!html.contains(PLACEHOLDER));
    }
}
