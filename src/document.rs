//! The document model: an id and its text, plus position lookups for reports.

use memchr::memchr_iter;

/// One unit of input: a file, a stdin stream or a JSON Lines record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier: a path, a record id, or `-` for stdin.
    pub id: String,
    pub text: String,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document { id: id.into(), text: text.into() }
    }
}

/// Maps byte offsets of one text to line, column and character offsets.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

/// A position in a text: 1-based line and column (in characters), 0-based character offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub char_offset: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, line_starts }
    }

    /// Position of byte offset `byte` (which must be on a character boundary).
    ///
    /// Character offsets are counted from the start of the text; callers that ask for many
    /// positions in order should use [`LineIndex::positions`], which counts once.
    pub fn position(&self, byte: usize) -> Position {
        self.positions(&[byte])[0]
    }

    /// Positions of ascending byte offsets, in one pass over the text (columns too are counted
    /// incrementally: recounting from the line start made many edits on one long line quadratic).
    pub fn positions(&self, bytes: &[usize]) -> Vec<Position> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut chars_before = 0; // chars in text[..counted]
        let mut counted = 0;
        let mut line_start_chars = 0; // chars before the start of the line `counted` is on
        for &b in bytes {
            debug_assert!(b >= counted, "positions must be ascending");
            let line = self.line_starts.partition_point(|&s| s <= b);
            let line_start = self.line_starts[line - 1];
            if line_start > counted {
                chars_before += self.text[counted..line_start].chars().count();
                counted = line_start;
                line_start_chars = chars_before;
            }
            chars_before += self.text[counted..b].chars().count();
            counted = b;
            out.push(Position { line, column: chars_before - line_start_chars + 1, char_offset: chars_before });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a “b”\nc d";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(idx.position(b), Position { line: 1, column: 4, char_offset: 3 });
        let d = text.find('d').unwrap();
        assert_eq!(idx.position(d), Position { line: 2, column: 3, char_offset: 8 });
        assert_eq!(idx.positions(&[0, b, d]).len(), 3);
    }
}
