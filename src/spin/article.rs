//! The indefinite article as evidence: a spinner swaps words but never fixes "a"/"an", so
//! "a uncommon" or "an knowledgeable" betray a substitution, and a candidate original must agree
//! with the article written before it.

/// Whether `word` (lowercase) is written with "an" rather than "a". Spelling-based, with the
/// common exceptions ("a union", "a one-off", "an hour").
pub fn takes_an(word: &str) -> bool {
    const YOO: [&str; 14] =
        ["uni", "use", "usu", "uti", "ure", "uro", "ura", "ubiq", "eu", "ewe", "one", "once", "uk", "ufo"];
    const SILENT_H: [&str; 4] = ["hour", "honest", "honor", "heir"];
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    match w.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => !YOO.iter().any(|p| w.starts_with(p)),
        Some('h') => SILENT_H.iter().any(|p| w.starts_with(p)),
        // "an 8-year-old", "an 11th": digits are rare enough here to ignore.
        _ => false,
    }
}

/// The article written right before byte `start` of `text` ("a" or "an", any case), if any.
pub fn article_before(text: &str, start: usize) -> Option<&'static str> {
    let before = text[..start].trim_end_matches([' ', '\t']);
    if before.len() == text[..start].len() {
        return None; // not separated by a space
    }
    let word_start =
        before.char_indices().rev().find(|&(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    match &before[word_start..] {
        "a" | "A" => Some("a"),
        "an" | "An" => Some("an"),
        _ => None,
    }
}

/// Whether `word` after `article` breaks the a/an rule (only lowercase words: names and
/// acronyms have their own pronunciations).
pub fn breaks(article: &str, word: &str) -> bool {
    if !word.chars().next().is_some_and(|c| c.is_lowercase()) {
        return false;
    }
    takes_an(word) != (article == "an")
}

/// Counts article/word pairs in `text` that break the a/an rule.
pub fn count_breaks(text: &str, tokens: &[crate::tokenize::Token]) -> usize {
    let words: Vec<&crate::tokenize::Token> =
        tokens.iter().filter(|t| t.kind != crate::tokenize::TokenKind::Space).collect();
    words
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0].text(text), w[1].text(text));
            matches!(a, "a" | "an" | "A" | "An")
                && w[1].is_word()
                && text[w[0].range.end..w[1].range.start].chars().all(|c| c == ' ')
                && w[1].range.start > w[0].range.end
                && breaks(&a.to_lowercase(), b)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_table() {
        let table = [
            ("uncommon", true),
            ("rare", false),
            ("knowledgeable", false),
            ("expert", true),
            ("union", false),
            ("hour", true),
            ("house", false),
            ("one-off", false),
            ("european", false),
            ("umbrella", true),
        ];
        for (w, want) in table {
            assert_eq!(takes_an(w), want, "{w}");
        }
    }

    #[test]
    fn breaks_are_counted_in_text() {
        let text =
            "put out a uncommon alert, an knowledgeable said; an expert and a rare case. A FBI man, a Ukrainian.";
        let toks = crate::tokenize::tokenize(text);
        assert_eq!(count_breaks(text, &toks), 2);
    }

    #[test]
    fn article_before_a_span() {
        let t = "an knowledgeable and a uncommon";
        assert_eq!(article_before(t, 3), Some("an"));
        assert_eq!(article_before(t, 23), Some("a"));
        assert_eq!(article_before(t, 0), None);
        assert_eq!(article_before("banana x", 7), None);
        assert_eq!(article_before("Russia’s a x", 13), Some("a"));
    }
}
