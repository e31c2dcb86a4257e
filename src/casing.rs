//! Carrying the case of the text as written over to its replacement.

/// The case pattern of a piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CasePattern {
    /// No uppercase letters.
    Lower,
    /// First letter uppercase, the rest of the first word lower ("Mentioned", "In keeping with").
    Capitalized,
    /// Every word starts uppercase and at least two words ("In Keeping With").
    TitleWords,
    /// Every letter uppercase, at least two letters ("MENTIONED").
    Upper,
    /// Anything else ("iPhone", "McDonald"): replacements keep their own case.
    Mixed,
}

pub fn case_pattern(s: &str) -> CasePattern {
    // Most text a replacement carries the case of is lowercase ASCII: no letters to collect.
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return CasePattern::Lower;
    }
    case_pattern_of_letters(s)
}

/// [`case_pattern`] from the letters and words of `s`, for any text.
fn case_pattern_of_letters(s: &str) -> CasePattern {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() || letters.iter().all(|c| !c.is_uppercase()) {
        return CasePattern::Lower;
    }
    if letters.len() > 1 && letters.iter().all(|c| !c.is_lowercase()) {
        return CasePattern::Upper;
    }
    let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).collect();
    let starts_upper = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let rest_lower = |w: &str| w.chars().skip(1).all(|c| !c.is_uppercase());
    if words.len() > 1 && words.iter().all(|w| starts_upper(w) && rest_lower(w)) {
        return CasePattern::TitleWords;
    }
    if words.first().is_some_and(|w| starts_upper(w)) && words.iter().all(|w| rest_lower(w)) {
        return CasePattern::Capitalized;
    }
    CasePattern::Mixed
}

/// Writes `replacement` (given in dictionary case) in the case pattern of `original`.
///
/// ```
/// use unspin::casing::carry_case;
/// assert_eq!(carry_case("Mentioned", "said"), "Said");
/// assert_eq!(carry_case("IN KEEPING WITH", "according to"), "ACCORDING TO");
/// assert_eq!(carry_case("A Minimum Of", "at least"), "At Least");
/// assert_eq!(carry_case("officers", "officials"), "officials");
/// ```
pub fn carry_case(original: &str, replacement: &str) -> String {
    match case_pattern(original) {
        CasePattern::Lower | CasePattern::Mixed => replacement.to_string(),
        CasePattern::Upper => replacement.to_uppercase(),
        CasePattern::Capitalized => capitalize_first(replacement),
        CasePattern::TitleWords => replacement.split(' ').map(capitalize_first).collect::<Vec<_>>().join(" "),
    }
}

/// The typographic apostrophe (U+2019) most published pages write where a keyboard writes `'`.
pub const CURLY_APOSTROPHE: char = '\u{2019}';

/// Whether `s` holds an apostrophe of either form (`'` or `’`).
pub fn has_apostrophe(s: &str) -> bool {
    s.bytes().any(|b| b == b'\'') || s.contains(CURLY_APOSTROPHE)
}

/// `s` with every typographic apostrophe written `'`: the one key both apostrophe forms of a
/// word or phrase share ("isn’t" and "isn't" are the same word to a reader). Borrowed when `s`
/// has no `’`.
pub fn fold_apostrophes(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(CURLY_APOSTROPHE) {
        std::borrow::Cow::Owned(s.replace(CURLY_APOSTROPHE, "'"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The forms of `s` a dictionary searches for: `s` itself and, when it holds an apostrophe, the
/// same with every apostrophe written `'` and with every one written `’` (distinct, `s` first).
///
/// ```
/// use unspin::casing::apostrophe_forms;
/// assert_eq!(apostrophe_forms("isn't any"), vec!["isn't any", "isn’t any"]);
/// assert_eq!(apostrophe_forms("people’s"), vec!["people’s", "people's"]);
/// assert_eq!(apostrophe_forms("said"), vec!["said"]);
/// ```
pub fn apostrophe_forms(s: &str) -> Vec<String> {
    let mut forms = vec![s.to_string()];
    if has_apostrophe(s) {
        for form in [s.replace(CURLY_APOSTROPHE, "'"), s.replace('\'', "\u{2019}")] {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms
}

/// Writes the apostrophes of `replacement` (given in the dictionary's form) in the form the text
/// as `written` uses: `’` when it writes only `’`, `'` when it writes only `'`; unchanged when it
/// writes none or both (typography is the author's, not the dictionary's).
///
/// ```
/// use unspin::casing::carry_apostrophes;
/// assert_eq!(carry_apostrophes("isn’t any stranger to", "isn't"), "isn’t");
/// assert_eq!(carry_apostrophes("youngsters's", "children’s"), "children's");
/// assert_eq!(carry_apostrophes("mentioned", "didn't"), "didn't");
/// ```
pub fn carry_apostrophes<'a>(written: &str, replacement: &'a str) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    if !has_apostrophe(replacement) {
        return Cow::Borrowed(replacement);
    }
    let curly = written.contains(CURLY_APOSTROPHE);
    let ascii = written.contains('\'');
    match (ascii, curly) {
        (false, true) if replacement.contains('\'') => Cow::Owned(replacement.replace('\'', "\u{2019}")),
        (true, false) if replacement.contains(CURLY_APOSTROPHE) => {
            Cow::Owned(replacement.replace(CURLY_APOSTROPHE, "'"))
        }
        _ => Cow::Borrowed(replacement),
    }
}

/// `replacement` written in the case and the apostrophe form of the text as `written`
/// ([`carry_case`], then [`carry_apostrophes`]): what a dictionary hit is replaced with.
///
/// ```
/// use unspin::casing::carry_form;
/// assert_eq!(carry_form("Isn’t any stranger to", "is no stranger to"), "Is no stranger to");
/// assert_eq!(carry_form("Health worker’s workplace", "medical examiner's office"), "Medical examiner’s office");
/// ```
pub fn carry_form(written: &str, replacement: &str) -> String {
    let cased = carry_case(written, replacement);
    match carry_apostrophes(written, &cased) {
        std::borrow::Cow::Owned(changed) => changed,
        std::borrow::Cow::Borrowed(_) => cased,
    }
}

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The same string as [`str::to_lowercase`], faster on long mostly-ASCII text: the standard
/// library lowercases eight ASCII bytes at a time only up to the first non-ASCII character and
/// char by char after it (about 50 instructions a byte on a 1 MB spun file with typographic
/// quotes). Here every ASCII run is lowercased in place and only non-ASCII characters take the
/// Unicode tables. Capital sigma lowercases by its context (final "ς"), so text holding one is
/// left to the standard library.
pub fn lowercase(text: &str) -> String {
    if text.contains('Σ') {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        let mut chars = rest[ascii..].chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_lowercase());
        }
        rest = chars.as_str();
    }
    out
}

/// `s` lowercased, borrowed when it has nothing to lowercase (a dictionary's originals and most
/// words as written): the per-hit phrases need no allocation then.
pub fn lowercase_if_needed(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(lowercase(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lowercase-ASCII shortcut gives what the letters give.
    #[test]
    fn case_pattern_shortcut_is_the_letters_pattern() {
        for s in
            ["", "said", "at least", "x-ray", "1990s", "it's", "a  b", "Said", "AT LEAST", "iPhone", "café", "Über"]
        {
            assert_eq!(case_pattern(s), case_pattern_of_letters(s), "{s:?}");
        }
    }

    #[test]
    fn lowercase_is_str_to_lowercase() {
        for s in [
            "",
            "Plain ASCII Text, WITH Capitals and digits 123.",
            "Officials ‘MENTIONED’ on Tuesday — “Indeed” — İstanbul ÉTÉ Ǆemal ẞ",
            "ΣΊΣΥΦΟΣ ΟΔΟΣ Σ aΣ Σa",
            "é",
            "A\u{10400}B\u{1E9E}",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s:?}");
        }
    }

    #[test]
    fn case_patterns() {
        let table = [
            ("said", CasePattern::Lower),
            ("Said", CasePattern::Capitalized),
            ("In keeping with", CasePattern::Capitalized),
            ("In Keeping With", CasePattern::TitleWords),
            ("SAID", CasePattern::Upper),
            ("iPhone", CasePattern::Mixed),
            ("I", CasePattern::Capitalized),
            ("", CasePattern::Lower),
        ];
        for (s, want) in table {
            assert_eq!(case_pattern(s), want, "{s:?}");
        }
    }

    #[test]
    fn carry_case_keeps_replacement_case_for_mixed() {
        assert_eq!(carry_case("ISIS-Okay", "ISIS-K"), "ISIS-K");
        assert_eq!(carry_case("Non-public", "private"), "Private");
    }
}
