//! Correction dictionaries: human-reviewable TSV files compiled to an Aho-Corasick matcher.
//!
//! The format is documented in `dictionaries/README.md`. Each non-comment line is
//!
//! ```text
//! spun<TAB>original<TAB>confidence<TAB>when<TAB>source
//! ```
//!
//! `spun` is the text as the spinner (or OCR, or a tortured-phrase generator) writes it,
//! `original` the text it replaced, `confidence` a prior in (0, 1], `when` an optional context
//! condition (see [`crate::condition`]), `source` the provenance of the entry.

use crate::casing::{apostrophe_forms, fold_apostrophes};
use crate::condition::Condition;
use crate::phrase_search::{PhraseMatch, PhraseSearch, Semantics};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// One dictionary entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub spun: String,
    pub original: String,
    pub confidence: f32,
    pub when: Condition,
    pub source: String,
    /// Where the entry was read from: `pack.tsv:LINE`.
    pub origin: String,
}

/// A problem found while reading or validating a dictionary, with its location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub origin: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// The built-in packs, embedded at compile time: (name, file name, contents).
pub const BUILTIN_PACKS: &[(&str, &str, &str)] = &[
    ("news", "spin/news.tsv", include_str!("../dictionaries/spin/news.tsv")),
    ("science", "science/tortured.tsv", include_str!("../dictionaries/science/tortured.tsv")),
];

/// A set of entries from one or more packs.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    pub entries: Vec<Entry>,
}

impl Dictionary {
    /// Parses one TSV file. `name` is used in problem locations (`name:line`).
    pub fn parse(name: &str, text: &str) -> Result<Dictionary, Vec<Problem>> {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let origin = format!("{name}:{}", i + 1);
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 || cols.len() > 5 {
                problems.push(Problem {
                    origin,
                    message: format!("expected 2 to 5 tab-separated columns, found {}", cols.len()),
                });
                continue;
            }
            let confidence = match cols.get(2).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                None => 0.9,
                Some(s) => match s.parse::<f32>() {
                    Ok(c) if c > 0.0 && c <= 1.0 => c,
                    _ => {
                        problems
                            .push(Problem { origin, message: format!("confidence {s:?} is not a number in (0, 1]") });
                        continue;
                    }
                },
            };
            let when = match Condition::parse(cols.get(3).copied().unwrap_or("")) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(Problem { origin, message: format!("bad condition: {e}") });
                    continue;
                }
            };
            let (spun, original) = (cols[0].trim(), cols[1].trim());
            if spun.is_empty() || original.is_empty() {
                problems.push(Problem { origin, message: "empty spun or original text".into() });
                continue;
            }
            entries.push(Entry {
                spun: spun.to_string(),
                original: original.to_string(),
                confidence,
                when,
                source: cols.get(4).map(|s| s.trim().to_string()).unwrap_or_default(),
                origin,
            });
        }
        if problems.is_empty() {
            Ok(Dictionary { entries })
        } else {
            Err(problems)
        }
    }

    /// Loads built-in packs by name.
    pub fn builtin(packs: &[String]) -> Result<Dictionary, Vec<Problem>> {
        let mut all = Dictionary::default();
        for pack in packs {
            let Some((_, file, text)) = BUILTIN_PACKS.iter().find(|(n, _, _)| n == pack) else {
                let names: Vec<&str> = BUILTIN_PACKS.iter().map(|p| p.0).collect();
                return Err(vec![Problem {
                    origin: pack.clone(),
                    message: format!("no built-in dictionary pack {pack:?} (available: {})", names.join(", ")),
                }]);
            };
            all.entries.extend(Dictionary::parse(file, text)?.entries);
        }
        Ok(all)
    }

    /// Reads a user dictionary file (same TSV format); problems point at `path:line`.
    pub fn from_file(path: &std::path::Path) -> Result<Dictionary, Vec<Problem>> {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Dictionary::parse(&name, &text),
            Err(e) => Err(vec![Problem { origin: name, message: format!("cannot read dictionary: {e}") }]),
        }
    }

    /// Checks the rules every shipped dictionary keeps: no self-maps, no duplicate pairs,
    /// sorted by spun text, and no substitution cycles.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        // Entries by their apostrophe-folded key: one form per row, both forms match.
        let mut folded: HashMap<(String, String, String), &Entry> = HashMap::new();
        let mut prev: Option<(&Entry, (String, String))> = None;
        for e in &self.entries {
            let key = (e.spun.to_lowercase(), e.original.to_lowercase());
            if key.0 == key.1 {
                problems.push(Problem { origin: e.origin.clone(), message: format!("{:?} maps to itself", e.spun) });
            }
            if !seen.insert((key.clone(), e.when.to_string())) {
                problems.push(Problem {
                    origin: e.origin.clone(),
                    message: format!("duplicate entry {:?} -> {:?}", e.spun, e.original),
                });
            }
            if let Some(twin) = folded.insert(twin_key(e), e) {
                let lower = |x: &Entry| (x.spun.to_lowercase(), x.original.to_lowercase(), x.when.to_string());
                if lower(twin) != lower(e) {
                    problems.push(Problem {
                        origin: e.origin.clone(),
                        message: format!(
                            "apostrophe twin of {} ({:?} -> {:?}): one row matches both ' and \u{2019}",
                            twin.origin, twin.spun, twin.original
                        ),
                    });
                }
            }
            if let Some((p, pkey)) = &prev {
                if p.origin.split(':').next() == e.origin.split(':').next() && *pkey > key {
                    problems.push(Problem {
                        origin: e.origin.clone(),
                        message: format!("not sorted: {:?} comes after {:?}", e.spun, p.spun),
                    });
                }
            }
            prev = Some((e, key));
        }
        problems.extend(self.cycles());
        problems
    }

    /// Substitution cycles (a→b→…→a) would make repeated cleaning oscillate.
    fn cycles(&self) -> Vec<Problem> {
        let mut graph: BTreeMap<String, Vec<(String, &Entry)>> = BTreeMap::new();
        for e in &self.entries {
            graph.entry(e.spun.to_lowercase()).or_default().push((e.original.to_lowercase(), e));
        }
        // Colour-marking DFS, iterative to stay safe on long chains.
        let mut state: HashMap<&str, u8> = HashMap::new(); // 1 = on stack, 2 = done
        let mut problems = Vec::new();
        for start in graph.keys() {
            if state.contains_key(start.as_str()) {
                continue;
            }
            let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
            state.insert(start.as_str(), 1);
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                let edges = graph.get(node).map(Vec::as_slice).unwrap_or(&[]);
                if *next < edges.len() {
                    let (to, entry) = &edges[*next];
                    *next += 1;
                    match state.get(to.as_str()) {
                        Some(1) => problems.push(Problem {
                            origin: entry.origin.clone(),
                            message: format!("cycle: {:?} -> {:?} leads back to {:?}", entry.spun, entry.original, to),
                        }),
                        Some(_) => {}
                        None => {
                            state.insert(to.as_str(), 1);
                            stack.push((to.as_str(), 0));
                        }
                    }
                } else {
                    state.insert(node, 2);
                    stack.pop();
                }
            }
        }
        problems
    }

    /// Compiles the entries into a matcher.
    pub fn compile(self) -> Matcher {
        Matcher::new(self)
    }
}

/// The key two entries share when they differ only in their apostrophes' form.
fn twin_key(e: &Entry) -> (String, String, String) {
    let fold = |s: &str| fold_apostrophes(&s.to_lowercase()).into_owned();
    (fold(&e.spun), fold(&e.original), fold(&e.when.to_string()))
}

/// Whether two entries differ only in their apostrophes' form (or not at all).
fn apostrophe_twins(a: &Entry, b: &Entry) -> bool {
    twin_key(a) == twin_key(b)
}

/// Finds dictionary phrases in text: leftmost-longest, ASCII case-insensitive, whole words only.
pub struct Matcher {
    dict: Dictionary,
    /// Group 0: the dictionary's spun forms; group 1 (optional): the extra phrases of
    /// [`Matcher::with_extra`], searched in the same pass.
    search: PhraseSearch,
    patterns: Vec<String>,
    /// For each search pattern, the entries with that spun text (several originals possible).
    entries_by_pattern: Vec<Vec<usize>>,
}

/// One whole-word occurrence of a dictionary phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Indices into [`Matcher::entries`], all with the same spun text.
    pub entries: Vec<usize>,
}

impl Matcher {
    fn new(dict: Dictionary) -> Matcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut entries_by_pattern: Vec<Vec<usize>> = Vec::new();
        for (i, e) in dict.entries.iter().enumerate() {
            // An entry written with one apostrophe form matches text written with either
            // (`isn't` and `isn’t`): the matcher compares bytes, so both are searched.
            for key in apostrophe_forms(&e.spun.to_lowercase()) {
                let p = *index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    entries_by_pattern.push(Vec::new());
                    patterns.len() - 1
                });
                // A user dictionary may hold both forms of one entry: the first one answers.
                let entries = &dict.entries;
                if !entries_by_pattern[p].iter().any(|&j| apostrophe_twins(&entries[j], e)) {
                    entries_by_pattern[p].push(i);
                }
            }
        }
        let search = PhraseSearch::builder().group(Semantics::Longest, true, &patterns).build();
        Matcher { dict, search, patterns, entries_by_pattern }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.dict.entries
    }

    /// Hits whose entries' conditions hold in `text`, each with the fitting entries (indices into
    /// [`Matcher::entries`]), most confident first. Hits with no fitting entry are left out.
    pub fn find_in_context(&self, text: &str) -> Vec<(Hit, Vec<usize>)> {
        let hits = self.find_all(text);
        if hits.is_empty() {
            return Vec::new();
        }
        let entries = &self.dict.entries;
        // The lowercased text and words are only read by context conditions: most entries have
        // none, and building them costs more than the matching.
        let conditional = hits.iter().any(|h| h.entries.iter().any(|&i| !entries[i].when.is_always()));
        let lower = if conditional { crate::casing::lowercase(text) } else { String::new() };
        // Word offsets are only valid for the original text when lowercasing kept byte lengths.
        let doc = crate::condition::DocConditions::new(text, &lower);
        hits.into_iter()
            .filter_map(|hit| {
                let cx = doc.at(hit.start, hit.end);
                let mut fitting: Vec<usize> =
                    hit.entries.iter().copied().filter(|&i| entries[i].when.eval(&cx)).collect();
                fitting.sort_by(|&a, &b| entries[b].confidence.total_cmp(&entries[a].confidence));
                (!fitting.is_empty()).then_some((hit, fitting))
            })
            .collect()
    }

    /// All whole-word hits in `text`, left to right, non-overlapping.
    pub fn find_all(&self, text: &str) -> Vec<Hit> {
        self.find_with_extra(text).0
    }

    /// Also finds `extra` phrases (exact case, every whole-word occurrence) in the same pass over
    /// the text as the dictionary's: see [`Matcher::find_with_extra`].
    pub(crate) fn with_extra(mut self, extra: &[String]) -> Self {
        self.search = PhraseSearch::builder()
            .group(Semantics::Longest, true, &self.patterns)
            .group(Semantics::All, false, extra)
            .build();
        self
    }

    /// The dictionary hits, and the occurrences of the extra phrases (indices into `extra`).
    pub(crate) fn find_with_extra(&self, text: &str) -> (Vec<Hit>, Vec<PhraseMatch>) {
        let mut found = self.search.find(text).into_iter();
        let hits = self.hits(&found.next().unwrap_or_default());
        (hits, found.next().unwrap_or_default())
    }

    /// The raw search of [`Matcher::find_with_extra`]: group 0 the renderings, group 1 (when
    /// there are extra phrases) their occurrences.
    pub(crate) fn search(&self, text: &str) -> Vec<Vec<PhraseMatch>> {
        self.search.find(text)
    }

    /// [`Matcher::search`] over `text`, from the search `old` of the text that `changes` turned
    /// into `text` (see [`PhraseSearch::find_after`]).
    pub(crate) fn search_after(
        &self,
        old: &[Vec<PhraseMatch>],
        changes: &[crate::phrase_search::Change],
        text: &str,
    ) -> Vec<Vec<PhraseMatch>> {
        self.search.find_after(old, changes, text)
    }

    /// The hits of a search's group 0.
    pub(crate) fn hits(&self, found: &[PhraseMatch]) -> Vec<Hit> {
        found
            .iter()
            .map(|m| Hit { start: m.start, end: m.end, entries: self.entries_by_pattern[m.pattern].clone() })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(text: &str) -> Dictionary {
        Dictionary::parse("t.tsv", text).unwrap()
    }

    #[test]
    fn builtin_dictionaries_are_valid() {
        for (name, file, text) in BUILTIN_PACKS {
            let d = Dictionary::parse(file, text).unwrap_or_else(|p| panic!("{name}: {p:?}"));
            assert!(!d.entries.is_empty(), "{name} is empty");
            let problems = d.validate();
            assert!(problems.is_empty(), "{name}: {problems:#?}");
        }
    }

    #[test]
    fn validation_finds_each_kind_of_problem() {
        let table = [
            ("said\tsaid\n", "maps to itself"),
            ("a\tb\nb\tc\nc\ta\n", "cycle"),
            ("b\tc\na\tb\n", "not sorted"),
            ("a\tb\na\tb\n", "duplicate"),
        ];
        for (text, want) in table {
            let problems = dict(text).validate();
            assert!(problems.iter().any(|p| p.message.contains(want)), "{text:?}: {problems:?}");
        }
    }

    #[test]
    fn chains_are_not_cycles() {
        // The spinner chains: risk→danger while threat→risk.
        assert!(dict("danger\trisk\nrisk\tthreat\n").validate().is_empty());
    }

    #[test]
    fn parse_errors_point_at_file_and_line() {
        let err = Dictionary::parse("news.tsv", "# c\na\tb\nonly-one-column\n").unwrap_err();
        assert_eq!(err[0].origin, "news.tsv:3");
        let err = Dictionary::parse("news.tsv", "a\tb\t1.5\n").unwrap_err();
        assert!(err[0].message.contains("confidence"));
    }

    #[test]
    fn curly_apostrophe_matches_ascii_entry() {
        // Issue 3 (round 14b): one row per entry, either apostrophe form; the matcher finds both.
        // (dictionary, text, the hits' texts and their entries' originals)
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let table: &[Case] = &[
            (
                "isn't any stranger to\tis no stranger to\n",
                "It isn’t any stranger to fire.",
                &[("isn’t any stranger to", "is no stranger to")],
            ),
            (
                "isn't any stranger to\tis no stranger to\n",
                "It isn't any stranger to fire.",
                &[("isn't any stranger to", "is no stranger to")],
            ),
            (
                "isn’t any stranger to\tis no stranger to\n",
                "It isn't any stranger to fire.",
                &[("isn't any stranger to", "is no stranger to")],
            ),
            (
                "ladies's\twomen's\n",
                "The Ladies’s and the ladies's.",
                &[("Ladies’s", "women's"), ("ladies's", "women's")],
            ),
            // Both forms in one user file: one hit, one entry (the first row), not two alternatives.
            ("ladies's\twomen's\nladies’s\twomen’s\n", "the ladies’s team", &[("ladies’s", "women's")]),
            // No apostrophe, no other form: "isnt" is another word.
            ("isn't any stranger to\tis no stranger to\n", "It isnt any stranger to fire.", &[]),
        ];
        for (tsv, text, want) in table {
            let m = dict(tsv).compile();
            let got: Vec<(&str, &str)> = m
                .find_all(text)
                .iter()
                .map(|h| {
                    assert_eq!(h.entries.len(), 1, "{tsv:?} on {text:?}");
                    (&text[h.start..h.end], m.entries()[h.entries[0]].original.as_str())
                })
                .collect();
            assert_eq!(&got, want, "{tsv:?} on {text:?}");
        }
    }

    #[test]
    fn apostrophe_twin_rows_are_rejected() {
        // A row that only repeats another in the other apostrophe form is redundant: both match.
        let table = [
            ("isn't any\tis no\nisn’t any\tis no\n", true),
            ("ladies's\twomen's\nladies’s\twomen’s\n", true),
            ("debate\tdiscuss\t0.6\tprev:didn't\ndebate\tdiscuss\t0.6\tprev:didn’t\n", true),
            // Another original or another condition is another entry.
            ("ladies's\tladies'\nladies's\twomen's\n", false),
            ("debate\tdiscuss\t0.6\tprev:didn't\ndebate\tdiscuss\t0.6\tprev:did\n", false),
        ];
        for (text, twin) in table {
            let problems = dict(text).validate();
            let found = problems.iter().any(|p| p.message.contains("apostrophe twin of t.tsv:1"));
            assert_eq!(found, twin, "{text:?}: {problems:?}");
        }
    }

    #[test]
    fn shipped_news_rows_use_the_ascii_apostrophe() {
        // One form per row (both match): the news pack writes `'`, so a new row's twin shows up
        // as a duplicate in review rather than as a second row. The science pack is generated
        // from the screener's fingerprints as they are written, and keeps their forms.
        let (_, file, text) = BUILTIN_PACKS.iter().find(|p| p.0 == "news").unwrap();
        for e in Dictionary::parse(file, text).unwrap().entries {
            let when = e.when.to_string();
            for side in [&e.spun, &e.original, &when] {
                assert!(!side.contains('\u{2019}'), "{}: {side:?} writes ’; write ' (both match)", e.origin);
            }
        }
    }

    #[test]
    fn matcher_finds_whole_words_longest_first() {
        let m = dict("live performance\tconcert\nperformance\tshow\nrisk\tthreat\n").compile();
        let text = "A Live Performance, an asterisk, a risk.";
        let found: Vec<&str> = m.find_all(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(found, vec!["Live Performance", "risk"]);
    }
}
