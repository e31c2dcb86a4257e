//! Latin ligatures and digraph characters, split into their letters.
//!
//! "ﬁ" and "ﬂ" in plain text are nearly always left over from copying out of a PDF; the Dutch
//! "ĳ", the Afrikaans "ŉ" and the Serbo-Croatian digraphs exist only for legacy encodings. Ligatures
//! used on purpose ("æ", "œ") and those of other scripts are left alone.

/// The letters a ligature stands for.
pub fn split(ch: char) -> Option<&'static str> {
    Some(match ch {
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "\u{2bc}n",
        'Ǳ' => "DZ",
        'ǲ' => "Dz",
        'ǳ' => "dz",
        'Ǆ' => "DŽ",
        'ǅ' => "Dž",
        'ǆ' => "dž",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' => "ſt",
        'ﬆ' => "st",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_pdf_ligatures_only() {
        let fix =
            |s: &str| s.chars().map(|c| super::split(c).map_or(c.to_string(), str::to_string)).collect::<String>();
        assert_eq!(fix("ﬂuﬃeﬆ signiﬁcant"), "fluffiest significant");
        assert_eq!(fix("æther œuvre"), "æther œuvre");
    }
}
