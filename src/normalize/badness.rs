//! The mojibake heuristic: does a text contain character sequences that are far more likely to be
//! UTF-8 mis-decoded with a single-byte code page than written on purpose?
//!
//! The few hundred characters that mojibake is made of are sorted into classes (accented letters,
//! currency signs, "bad" symbols almost only seen in mojibake, box drawing, ...); a text is bad
//! when it contains an unlikely juxtaposition of classes, such as a lowercase accented letter
//! followed by a currency sign ("Ã©" is fine on its own, "Ã©â‚¬" is not). The classes and
//! juxtapositions follow ftfy's `badness` module (Apache-2.0, Robyn Speer), which was tuned on
//! real mojibake; this is an independent implementation as a table-driven scanner.
//!
//! Every rule has a classified (non-ASCII) character among its first three, so the scanner only
//! tries rules near such characters: ASCII and unclassified text costs one table lookup a char.

use std::sync::OnceLock;

// Character classes (bits of a mask).
const COMMON: u32 = 1 << 0;
const C1: u32 = 1 << 1;
const BAD: u32 = 1 << 2;
const LAW: u32 = 1 << 3;
const CURRENCY: u32 = 1 << 4;
const START_PUNCT: u32 = 1 << 5;
const END_PUNCT: u32 = 1 << 6;
const NUMERIC: u32 = 1 << 7;
const KAOMOJI: u32 = 1 << 8;
const UPPER_ACCENTED: u32 = 1 << 9;
const LOWER_ACCENTED: u32 = 1 << 10;
const UPPER_COMMON: u32 = 1 << 11;
const LOWER_COMMON: u32 = 1 << 12;
const BOX: u32 = 1 << 13;
/// Named by a rule literally (outside the classes above): worth trying rules around.
const LISTED: u32 = 1 << 14;

/// Inclusive character ranges.
type Ranges = &'static [(char, char)];

const fn c(x: char) -> (char, char) {
    (x, x)
}
const fn r(a: char, b: char) -> (char, char) {
    (a, b)
}

/// Characters that appear in many contexts: sequences with them are not mojibake by themselves.
const COMMON_CHARS: Ranges =
    &[c('\u{a0}'), c('\u{ad}'), c('\u{b4}'), c('\u{b7}'), r('\u{2013}', '\u{2015}'), c('\u{2019}'), c('\u{2026}')];
/// C1 controls: no use outside mojibake any more.
const C1_CHARS: Ranges = &[r('\u{80}', '\u{9f}')];
/// Symbols nearly always seen as parts of mojibake (¤ ¦ ¨ ¬ ¯ ¸ ƒ ˆ ˇ † ‡ ‰ ◊ � ª º ...).
const BAD_CHARS: Ranges = &[
    c('\u{a4}'),
    c('\u{a6}'),
    c('\u{a8}'),
    c('\u{aa}'),
    c('\u{ac}'),
    c('\u{af}'),
    c('\u{b8}'),
    c('\u{ba}'),
    c('\u{192}'),
    r('\u{2c6}', '\u{2c7}'),
    c('\u{2d8}'),
    r('\u{2db}', '\u{2dc}'),
    r('\u{2020}', '\u{2021}'),
    c('\u{2030}'),
    c('\u{2310}'),
    c('\u{25ca}'),
    c('\u{fffd}'),
];
const LAW_CHARS: Ranges = &[c('\u{a7}'), c('\u{b6}')];
const CURRENCY_CHARS: Ranges = &[r('\u{a2}', '\u{a3}'), c('\u{a5}'), c('\u{20a7}'), c('\u{20ac}')];
const START_PUNCT_CHARS: Ranges = &[
    c('\u{a1}'),
    c('\u{a9}'),
    c('\u{ab}'),
    c('\u{bf}'),
    r('\u{384}', '\u{385}'),
    c('\u{2018}'),
    c('\u{201a}'),
    c('\u{201c}'),
    c('\u{201e}'),
    c('\u{2022}'),
    c('\u{2039}'),
    c('\u{f8ff}'),
];
const END_PUNCT_CHARS: Ranges = &[c('\u{ae}'), c('\u{bb}'), c('\u{2dd}'), c('\u{201d}'), c('\u{203a}'), c('\u{2122}')];
const NUMERIC_CHARS: Ranges = &[
    r('\u{b1}', '\u{b3}'),
    c('\u{b5}'),
    c('\u{b9}'),
    r('\u{bc}', '\u{be}'),
    c('\u{d7}'),
    c('\u{f7}'),
    c('\u{2044}'),
    c('\u{2116}'),
    c('\u{2202}'),
    c('\u{2206}'),
    c('\u{220f}'),
    c('\u{2211}'),
    c('\u{221a}'),
    c('\u{221e}'),
    c('\u{2229}'),
    c('\u{222b}'),
    c('\u{2248}'),
    r('\u{2260}', '\u{2261}'),
    r('\u{2264}', '\u{2265}'),
];
/// Letters used to draw emoticon faces, which must be allowed in odd-looking places.
const KAOMOJI_CHARS: Ranges = &[
    c('\u{b0}'),
    r('\u{d2}', '\u{d6}'),
    r('\u{d9}', '\u{dc}'),
    r('\u{f2}', '\u{f6}'),
    r('\u{f8}', '\u{fc}'),
    c('\u{14c}'),
    c('\u{150}'),
    c('\u{16a}'),
    c('\u{172}'),
];
const UPPER_ACCENTED_CHARS: Ranges = &[
    r('\u{c0}', '\u{d1}'),
    c('\u{d8}'),
    r('\u{dc}', '\u{dd}'),
    c('\u{100}'),
    c('\u{102}'),
    c('\u{104}'),
    c('\u{106}'),
    c('\u{10c}'),
    c('\u{10e}'),
    c('\u{110}'),
    c('\u{112}'),
    c('\u{116}'),
    c('\u{118}'),
    c('\u{11a}'),
    c('\u{11e}'),
    c('\u{122}'),
    c('\u{12a}'),
    c('\u{130}'),
    c('\u{136}'),
    c('\u{139}'),
    c('\u{13b}'),
    c('\u{13d}'),
    c('\u{141}'),
    c('\u{143}'),
    c('\u{145}'),
    c('\u{147}'),
    c('\u{152}'),
    c('\u{158}'),
    c('\u{15a}'),
    c('\u{15e}'),
    c('\u{160}'),
    c('\u{162}'),
    c('\u{164}'),
    c('\u{16e}'),
    c('\u{170}'),
    r('\u{178}', '\u{179}'),
    c('\u{17b}'),
    c('\u{17d}'),
    c('\u{490}'),
];
const LOWER_ACCENTED_CHARS: Ranges = &[
    r('\u{df}', '\u{f1}'),
    c('\u{fc}'),
    c('\u{101}'),
    c('\u{103}'),
    c('\u{105}'),
    c('\u{107}'),
    c('\u{10d}'),
    c('\u{10f}'),
    c('\u{111}'),
    c('\u{113}'),
    c('\u{117}'),
    c('\u{119}'),
    c('\u{11b}'),
    c('\u{11f}'),
    c('\u{123}'),
    c('\u{12b}'),
    c('\u{12f}'),
    c('\u{137}'),
    c('\u{13a}'),
    c('\u{13c}'),
    c('\u{13e}'),
    c('\u{142}'),
    c('\u{153}'),
    c('\u{155}'),
    c('\u{15b}'),
    c('\u{15f}'),
    c('\u{161}'),
    c('\u{165}'),
    c('\u{17a}'),
    c('\u{17c}'),
    c('\u{17e}'),
    c('\u{491}'),
    r('\u{fb01}', '\u{fb02}'),
];
/// Greek and Cyrillic capitals and Þ: common at word ends, so not "accented".
const UPPER_COMMON_CHARS: Ranges = &[
    c('\u{de}'),
    c('\u{386}'),
    r('\u{388}', '\u{38a}'),
    c('\u{38c}'),
    r('\u{38e}', '\u{38f}'),
    r('\u{391}', '\u{3ab}'),
    r('\u{401}', '\u{42f}'),
];
const LOWER_COMMON_CHARS: Ranges = &[r('\u{3ac}', '\u{3c9}'), r('\u{430}', '\u{45f}')];
/// Box drawing, without the single horizontal line (kaomoji use it).
const BOX_CHARS: Ranges = &[
    c('\u{2502}'),
    c('\u{250c}'),
    c('\u{2510}'),
    c('\u{2518}'),
    c('\u{251c}'),
    c('\u{2524}'),
    c('\u{252c}'),
    c('\u{253c}'),
    r('\u{2550}', '\u{256c}'),
    c('\u{2580}'),
    c('\u{2584}'),
    c('\u{2588}'),
    c('\u{258c}'),
    r('\u{2590}', '\u{2593}'),
];

const CLASSES: [(u32, Ranges); 14] = [
    (COMMON, COMMON_CHARS),
    (C1, C1_CHARS),
    (BAD, BAD_CHARS),
    (LAW, LAW_CHARS),
    (CURRENCY, CURRENCY_CHARS),
    (START_PUNCT, START_PUNCT_CHARS),
    (END_PUNCT, END_PUNCT_CHARS),
    (NUMERIC, NUMERIC_CHARS),
    (KAOMOJI, KAOMOJI_CHARS),
    (UPPER_ACCENTED, UPPER_ACCENTED_CHARS),
    (LOWER_ACCENTED, LOWER_ACCENTED_CHARS),
    (UPPER_COMMON, UPPER_COMMON_CHARS),
    (LOWER_COMMON, LOWER_COMMON_CHARS),
    (BOX, BOX_CHARS),
];

/// One position of a rule.
#[derive(Clone, Copy)]
enum Slot {
    /// A character in one of the classes.
    Class(u32),
    /// One of these characters.
    Chars(&'static str),
    /// In one of the classes or one of the characters.
    ClassOr(u32, &'static str),
    /// `[a-z]`
    AsciiLower,
    /// `[A-Za-z]`
    AsciiLetter,
    /// Anything but `[A-Za-z]` (a character must be there).
    NotAsciiLetter,
    /// Unicode whitespace.
    Space,
    /// A word character (letter, digit, underscore).
    Word,
    /// Any character but a line feed.
    Any,
}

use Slot::*;

struct Rule {
    /// Only matches at the start of the text.
    at_start: bool,
    slots: &'static [Slot],
}

const fn rule(slots: &'static [Slot]) -> Rule {
    Rule { at_start: false, slots }
}

const ACCENTED: u32 = LOWER_ACCENTED | UPPER_ACCENTED;
/// Characters that make mojibake when next to a "bad" one.
const BAD_NEIGHBOURS: u32 = ACCENTED | BOX | START_PUNCT | END_PUNCT | CURRENCY | NUMERIC | LAW;
const CP1251_MIDDLE: u32 = C1 | BAD | START_PUNCT | END_PUNCT | CURRENCY;

/// The unlikely juxtapositions. Each rule is a sequence of slots.
const RULES: &[Rule] = &[
    rule(&[Class(C1)]),
    rule(&[Class(BAD | BAD_NEIGHBOURS), Class(BAD)]),
    rule(&[AsciiLetter, Class(LOWER_COMMON | UPPER_COMMON), Class(BAD)]),
    rule(&[Class(BAD), Class(BAD_NEIGHBOURS)]),
    rule(&[Class(LOWER_ACCENTED | LOWER_COMMON | BOX | END_PUNCT | CURRENCY | NUMERIC), Class(UPPER_ACCENTED)]),
    rule(&[Class(BOX | END_PUNCT | CURRENCY | NUMERIC), Class(LOWER_ACCENTED)]),
    rule(&[Class(LOWER_ACCENTED | BOX | END_PUNCT), Class(CURRENCY)]),
    rule(&[Space, Class(UPPER_ACCENTED), Class(CURRENCY)]),
    rule(&[Class(UPPER_ACCENTED | BOX), Class(NUMERIC | LAW)]),
    rule(&[Class(ACCENTED | BOX | CURRENCY | END_PUNCT), Class(START_PUNCT), Class(NUMERIC)]),
    rule(&[Class(ACCENTED | CURRENCY | NUMERIC | BOX | LAW), Class(END_PUNCT), Class(START_PUNCT)]),
    rule(&[Class(CURRENCY | NUMERIC | BOX), Class(START_PUNCT)]),
    rule(&[AsciiLower, Class(UPPER_ACCENTED), Class(START_PUNCT | CURRENCY)]),
    rule(&[Class(BOX), Class(KAOMOJI)]),
    rule(&[Class(ACCENTED | CURRENCY | NUMERIC | START_PUNCT | END_PUNCT | LAW), Class(BOX)]),
    rule(&[Class(BOX), Class(END_PUNCT)]),
    rule(&[Class(ACCENTED), Class(START_PUNCT | END_PUNCT), Word]),
    // The ligature œ when not followed by an unaccented Latin letter.
    rule(&[Chars("Œœ"), NotAsciiLetter]),
    // Degree signs after capital letters.
    rule(&[Class(UPPER_ACCENTED), Chars("°")]),
    // Common two-character windows-1252 mojibake not covered above.
    rule(&[Chars("ÂÃÎÐ"), ClassOr(START_PUNCT | END_PUNCT, "€œŠš¢£Ÿž\u{a0}\u{ad}®©°·»–—´")]),
    rule(&[Chars("×"), Chars("²³")]),
    // Windows-1252 mojibake of Arabic involves "common" characters, so ask for four.
    rule(&[
        Chars("ØÙ"),
        ClassOr(COMMON | CURRENCY | BAD | NUMERIC | START_PUNCT, "ŸŠ®°µ»"),
        Chars("ØÙ"),
        ClassOr(COMMON | CURRENCY | BAD | NUMERIC | START_PUNCT, "ŸŠ®°µ»"),
    ]),
    // Windows-1252 mojibake starting three-byte sequences of South Asian scripts.
    rule(&[Chars("à"), Chars("²µ¹¼½¾")]),
    // MacRoman mojibake.
    rule(&[Chars("√"), Chars("±∂†≠®™´≤≥¥µø")]),
    rule(&[Chars("≈"), Chars("°¢")]),
    rule(&[Chars("‚"), Chars("Ä"), Chars("ìîïòôúùû†°¢π")]),
    rule(&[Chars("‚"), Chars("âó"), Chars("àä°ê")]),
    // Windows-1251 mojibake of U+2000-range punctuation.
    rule(&[Chars("в"), Chars("Ђ")]),
    // Windows-1251 mojibake of Latin-1 or Cyrillic: three characters, as pairs are common.
    rule(&[Chars("ВГРС"), ClassOr(CP1251_MIDDLE, "°µ"), Chars("ВГРС")]),
    // Windows-1251 on top of Latin-1 mojibake of windows-1252 punctuation, near a Latin letter.
    rule(&[Chars("Г"), Chars("ў"), Chars("В"), Chars("Ђ"), Chars("В"), Any, ClassOr(0, LATIN_LETTERS_AND_SPACE)]),
    // Windows-1252 encodings of "à" and "á", and of U+A0 itself.
    rule(&[Chars("Ã"), Chars("\u{a0}¡")]),
    rule(&[AsciiLower, Chars("ÃÂ"), Chars(" ")]),
    rule(&[AsciiLower, Space, Chars("ÃÂ"), Chars(" ")]),
    Rule { at_start: true, slots: &[Chars("ÃÂ"), Chars(" ")] },
    // Â before a character it is the windows-1252 mojibake of.
    rule(&[ClassOr(END_PUNCT, "abcdefghijklmnopqrstuvwxyz.,?!"), Chars("Â"), ClassOr(START_PUNCT | END_PUNCT, " ")]),
    // Windows-1253 mojibake of U+2000-range punctuation.
    rule(&[Chars("β"), Chars("€"), Chars("™\u{a0}Ά\u{ad}®°")]),
    // Windows-1253 mojibake of Latin-1 or Greek.
    rule(&[Chars("ΒΓΞΟ"), ClassOr(CP1251_MIDDLE, "°"), Chars("ΒΓΞΟ")]),
    // Windows-1257 mojibake of U+2000-range punctuation.
    rule(&[Chars("ā"), Chars("€")]),
    // Not in ftfy (from its known failures): windows-1251 mojibake of "é" after a Latin letter
    // ("mГ©dicament"); MacRoman mojibake of "ù" inside a word ("pi√π", while "√π" alone is
    // mathematics); cp437 mojibake of "¿" or "¡" before a word ("┬┐que").
    rule(&[AsciiLower, Chars("Г"), Chars("©")]),
    rule(&[AsciiLower, Chars("√"), Chars("π")]),
    rule(&[Chars("┬"), Chars("┐í"), AsciiLetter]),
];

const LATIN_LETTERS_AND_SPACE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ";

/// Masks for U+0000..U+25FF; the few classified characters above it are special-cased.
const TABLE_SIZE: usize = 0x2600;

// Bits beyond the classes, for the compiled form of the rules.
const SPACE: u64 = 1 << 15;
const ASCII_LOWER: u64 = 1 << 16;
const ASCII_LETTER: u64 = 1 << 17;
/// Each distinct literal character set of the rules gets a bit from here up.
const FIRST_LITERAL_BIT: u32 = 18;
/// Bits that make a character worth trying rules around.
const TRIGGER: u64 = (LISTED as u64) | ((LISTED as u64) - 1);

/// A rule slot compiled to a test on a character and its mask.
#[derive(Clone, Copy)]
enum Test {
    Mask(u64),
    NotAsciiLetter,
    Word,
    Any,
}

impl Test {
    fn passes(self, ch: char, mask: u64) -> bool {
        match self {
            Test::Mask(m) => mask & m != 0,
            Test::NotAsciiLetter => !ch.is_ascii_alphabetic(),
            Test::Word => ch.is_alphanumeric() || ch == '_',
            Test::Any => ch != '\n',
        }
    }
}

struct CompiledRule {
    at_start: bool,
    /// The mask of the first test (every rule starts with a mask test).
    first: u64,
    tests: Vec<Test>,
}

struct Compiled {
    /// Masks (classes and literal sets) of U+0000..TABLE_SIZE.
    table: Vec<u64>,
    rules: Vec<CompiledRule>,
    /// Union of the rules' first tests: a start position must pass it.
    first: u64,
}

/// The longest rule.
const MAX_SLOTS: usize = 7;

fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let mut table = vec![0u64; TABLE_SIZE];
        for (bit, ranges) in CLASSES {
            for &(a, b) in ranges {
                let end = (b as usize + 1).min(TABLE_SIZE);
                for m in table.iter_mut().take(end).skip(a as usize) {
                    *m |= u64::from(bit);
                }
            }
        }
        for (cp, m) in table.iter_mut().enumerate().take(0x3000.min(TABLE_SIZE)) {
            let ch = char::from_u32(cp as u32).unwrap_or('\0');
            if ch.is_whitespace() {
                *m |= SPACE;
            }
            if ch.is_ascii_lowercase() {
                *m |= ASCII_LOWER;
            }
            if ch.is_ascii_alphabetic() {
                *m |= ASCII_LETTER;
            }
        }
        let mut literal_bits: Vec<&'static str> = Vec::new();
        let mut literal = |set: &'static str, table: &mut Vec<u64>| -> u64 {
            let index = literal_bits.iter().position(|&s| s == set).unwrap_or_else(|| {
                literal_bits.push(set);
                literal_bits.len() - 1
            });
            let bit = 1u64 << (FIRST_LITERAL_BIT as usize + index);
            for ch in set.chars() {
                table[ch as usize] |= bit | if ch.is_ascii() { 0 } else { u64::from(LISTED) };
            }
            bit
        };
        let mut rules = Vec::new();
        for rule in RULES {
            assert!(rule.slots.len() <= MAX_SLOTS);
            let tests = rule
                .slots
                .iter()
                .map(|&slot| match slot {
                    Class(m) => Test::Mask(u64::from(m)),
                    Chars(set) => Test::Mask(literal(set, &mut table)),
                    ClassOr(m, set) => Test::Mask(u64::from(m) | literal(set, &mut table)),
                    AsciiLower => Test::Mask(ASCII_LOWER),
                    AsciiLetter => Test::Mask(ASCII_LETTER),
                    Space => Test::Mask(SPACE),
                    NotAsciiLetter => Test::NotAsciiLetter,
                    Word => Test::Word,
                    Any => Test::Any,
                })
                .collect::<Vec<_>>();
            let Test::Mask(first) = tests[0] else { unreachable!("every rule starts with a mask test") };
            rules.push(CompiledRule { at_start: rule.at_start, first, tests });
        }
        assert!(FIRST_LITERAL_BIT as usize + literal_bits.len() <= 64, "too many literal sets");
        let first = rules.iter().fold(0, |acc, r| acc | r.first);
        Compiled { table, rules, first }
    })
}

impl Compiled {
    fn mask(&self, ch: char) -> u64 {
        match self.table.get(ch as usize) {
            Some(&m) => m,
            None => match ch {
                '\u{f8ff}' => u64::from(START_PUNCT),
                '\u{fb01}' | '\u{fb02}' => u64::from(LOWER_ACCENTED),
                '\u{fffd}' => u64::from(BAD),
                _ if ch.is_whitespace() => SPACE,
                _ => 0,
            },
        }
    }

    /// Whether some rule matches at byte offset `start` of `text`.
    fn matches_at(&self, text: &str, start: usize) -> bool {
        let mut chars = text[start..].chars();
        let Some(first) = chars.next() else { return false };
        let first_mask = self.mask(first);
        if first_mask & self.first == 0 {
            return false;
        }
        let mut window = [(first, first_mask); MAX_SLOTS];
        let mut len = 1;
        for ch in chars.take(MAX_SLOTS - 1) {
            window[len] = (ch, self.mask(ch));
            len += 1;
        }
        self.rules.iter().any(|rule| {
            rule.first & first_mask != 0
                && (!rule.at_start || start == 0)
                && rule.tests.len() <= len
                && rule.tests[1..].iter().zip(&window[1..]).all(|(t, &(ch, m))| t.passes(ch, m))
        })
    }
}

/// Whether `text` looks like it contains mojibake.
pub fn is_bad(text: &str) -> bool {
    let c = compiled();
    let bytes = text.as_bytes();
    // Start of the character that ends just before byte `i`.
    let char_before = |i: usize| -> Option<usize> {
        let mut j = i.checked_sub(1)?;
        while j > 0 && (0x80..0xc0).contains(&bytes[j]) {
            j -= 1;
        }
        Some(j)
    };
    // Start positions below this were already tried.
    let mut tried_to = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip ASCII: every rule has a non-ASCII character among its first three.
        match bytes[i..].iter().position(|&b| b >= 0x80) {
            Some(skip) => i += skip,
            None => break,
        }
        let ch = text[i..].chars().next().unwrap_or('\0');
        if c.mask(ch) & TRIGGER != 0 {
            let back1 = char_before(i);
            let back2 = back1.and_then(char_before);
            for start in [back2, back1, Some(i)].into_iter().flatten() {
                if start >= tried_to {
                    if c.matches_at(text, start) {
                        return true;
                    }
                    tried_to = start + 1;
                }
            }
        }
        i += ch.len_utf8();
    }
    false
}

/// Whether `ch` is a C1 control character (U+0080..U+009F).
pub fn is_c1(ch: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_bad() {
        for s in [
            "cafÃ©",
            "doesnâ€™t",
            "âœ” No problems",
            "voilÃ  le travail",
            "Ã perturber",
            "РґРѕСЂРѕРіРµ Р\u{98}Р·-РїРѕРґ #С„СѓС‚Р±РѕР»",
            "l\u{2019}Ã©valuation",
            "\u{85}",
            "Merci de t‚Äö√†√∂¬¨¬©l‚Äö√†√∂¬¨¬©charger",
        ] {
            assert!(is_bad(s), "{s:?}");
        }
    }

    #[test]
    fn good_text_is_not_bad() {
        for s in [
            "",
            "plain ASCII text",
            "caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e",
            "He said \u{201c}no\u{201d} \u{2014} and left\u{2026}",
            "Ελληνικά и русский",
            "NESTLÉ® requiere",
            "2012—∞",
            "(-1/2)! = √π",
            "Offering 5×£35 pin ups",
        ] {
            assert!(!is_bad(s), "{s:?}");
        }
    }
}
