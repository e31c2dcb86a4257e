//! The confusion model: how OCR misreads letters, learned from OCR/ground-truth pairs by
//! `scripts/learn_ocr_confusions.py` and shipped as `dictionaries/ocr/confusions.tsv`.
//!
//! Each row is a segment edit "truth → ocr" (`rn` read for `m`, `c` for `e`, `'` inserted) with
//! cost −ln P(ocr segment | truth segment). [`ConfusionModel::channel_cost`] is the weighted edit
//! distance of an OCR token from a candidate word: the cheapest way to explain the token as a
//! misreading of the word, using learned segment edits where they exist and a flat cost for any
//! other character edit.

use super::lexicon::FxMap;

/// The learned table that ships with the crate.
pub const BUILTIN_TSV: &str = include_str!("../../dictionaries/ocr/confusions.tsv");

/// First letters that stand for a misread capital (`dictionaries/ocr/capitals.tsv`, learned by
/// `scripts/learn_ocr_confusions.py --capitals`): "r" read for "F", "l" for "J".
const CAPITALS_TSV: &str = include_str!("../../dictionaries/ocr/capitals.tsv");

/// True when an OCR word starting with the lowercase letter `ocr` whose repair starts with
/// `truth` (another letter) was usually a capitalised word: "rrank" → "Frank".
pub fn misread_capital_letter(ocr: char, truth: char) -> bool {
    static PAIRS: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        CAPITALS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("ocr\t"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let o = f.next()?.chars().next()?;
                let t = f.next()?.chars().next()?;
                Some((o, t))
            })
            .collect()
    });
    pairs.contains(&(ocr, truth))
}

/// Longest segment (in characters) on either side of a learned edit.
pub const MAX_SEGMENT: usize = 3;

/// Cost of a character substitution, insertion or deletion the table does not list.
const UNLISTED_EDIT: f32 = 9.0;

/// A learned segment edit.
#[derive(Clone, Debug, PartialEq)]
pub struct Confusion {
    /// What OCR wrote.
    pub ocr: String,
    /// What was printed.
    pub truth: String,
    pub count: u32,
    /// −ln P(ocr | truth).
    pub cost: f32,
}

/// The confusion table, indexed for the edit-distance recursion and for candidate rewriting.
pub struct ConfusionModel {
    /// Keyed by "ocr\u{1}truth".
    costs: FxMap<String, f32>,
    /// For each OCR segment, its possible truths with costs, cheapest first.
    rewrites: FxMap<String, Vec<(String, f32)>>,
    /// For each OCR segment (the empty one included) and first character of the truth ('\0' for
    /// an empty truth), the listed truths: the recursion's index.
    by_ocr: SegmentIndex,
    /// The cheapest listed edit's cost (or [`UNLISTED_EDIT`]).
    min_cost: f32,
}

/// OCR segment → its truths.
type SegmentIndex = FxMap<SegKey, Truths>;

/// The truth segments (with costs) of one OCR segment, arranged for the recursion: the empty
/// truth apart, the others grouped by their first character behind a bit mask, so that most cells
/// of the recursion rule a segment out with one bit test, and find the group of an ASCII first
/// character in a table (no hash lookup).
#[derive(Default)]
struct Truths {
    /// Cost of the empty truth (OCR wrote the segment where nothing was printed).
    empty: Option<f32>,
    /// Bit `c` set when a non-empty truth starts with ASCII character `c`.
    ascii: u128,
    /// `list[ascii_groups[c].0..ascii_groups[c].1]`: the truths starting with ASCII character `c`.
    ascii_groups: Vec<(u16, u16)>,
    /// The same for non-ASCII first characters.
    other: Vec<(char, u32, u32)>,
    /// Non-empty truths by first character, in the order the table lists them within each:
    /// (the truth's characters, its length, cost).
    list: Vec<(SegKey, usize, f32)>,
    /// Truths added and not yet arranged ([`Truths::arrange`]).
    pending: Vec<(SegKey, usize, f32)>,
    /// The cheapest non-empty truth's cost (infinity when none).
    min: f32,
}

impl Truths {
    fn add(&mut self, truth: &[char], cost: f32) {
        if truth.is_empty() {
            self.empty = Some(self.empty.map_or(cost, |c| c.min(cost)));
            return;
        }
        self.pending.push((seg_key(truth), truth.len(), cost));
    }

    /// Groups the truths added by their first character.
    fn arrange(&mut self) {
        let mut all = std::mem::take(&mut self.pending);
        all.append(&mut self.list);
        // Within a group, cheapest first (ties in the table's order): the recursion stops at the
        // first truth that would take a cell past its bound.
        all.sort_by(|a, b| a.0[0].cmp(&b.0[0]).then(a.2.total_cmp(&b.2)));
        self.min = all.iter().map(|t| t.2).fold(f32::INFINITY, f32::min);
        let (mut ascii, mut ascii_groups, mut other) = (0u128, vec![(0, 0); 128], Vec::new());
        let mut start = 0;
        while start < all.len() {
            let first = all[start].0[0];
            let end = start + all[start..].iter().take_while(|t| t.0[0] == first).count();
            if (first as u32) < 128 {
                ascii |= 1 << first as u32;
                ascii_groups[first as usize] = (start as u16, end as u16);
            } else {
                other.push((first, start as u32, end as u32));
            }
            start = end;
        }
        (self.ascii, self.ascii_groups, self.other, self.list) = (ascii, ascii_groups, other, all);
    }

    /// The non-empty truths starting with `c`.
    #[inline]
    fn starting_with(&self, c: char) -> &[(SegKey, usize, f32)] {
        let (lo, hi) = if (c as u32) < 128 {
            if self.ascii >> c as u32 & 1 == 0 {
                return &[];
            }
            self.ascii_groups[c as usize]
        } else {
            match self.other.iter().find(|g| g.0 == c) {
                Some(&(_, lo, hi)) => (lo as u16, hi as u16),
                None => return &[],
            }
        };
        &self.list[lo as usize..hi as usize]
    }
}

/// A segment of up to [`MAX_SEGMENT`] characters as a fixed-size key (no allocation).
type SegKey = [char; MAX_SEGMENT];

fn seg_key(chars: &[char]) -> SegKey {
    let mut k = ['\0'; MAX_SEGMENT];
    k[..chars.len()].copy_from_slice(chars);
    k
}

impl ConfusionModel {
    /// The table shipped in `dictionaries/ocr/confusions.tsv`.
    pub fn builtin() -> ConfusionModel {
        ConfusionModel::new(parse(BUILTIN_TSV).expect("the shipped confusion table parses"))
    }

    pub fn new(rows: Vec<Confusion>) -> ConfusionModel {
        let mut costs = FxMap::default();
        let mut rewrites: FxMap<String, Vec<(String, f32, u32)>> = FxMap::default();
        let mut by_ocr = SegmentIndex::default();
        let mut min_cost = UNLISTED_EDIT;
        for r in rows {
            min_cost = min_cost.min(r.cost);
            let o: Vec<char> = r.ocr.chars().collect();
            let t: Vec<char> = r.truth.chars().collect();
            by_ocr.entry(seg_key(&o)).or_default().add(&t, r.cost);
            costs.insert(key(&r.ocr, &r.truth), r.cost);
            // Rewrites lead to lexicon words: only truths made of letters (or nothing) are useful.
            if !r.ocr.is_empty() && r.truth.chars().all(char::is_alphabetic) {
                rewrites.entry(r.ocr.clone()).or_default().push((r.truth.clone(), r.cost, r.count));
            }
        }
        by_ocr.values_mut().for_each(Truths::arrange);
        // What an OCR segment usually stands for comes first: P(truth | ocr) follows the joint
        // count, not the cost −ln P(ocr | truth) (a rare letter read as "a" twice is cheap but
        // seldom the answer).
        let rewrites = rewrites
            .into_iter()
            .map(|(ocr, mut v)| {
                v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.total_cmp(&b.1)));
                (ocr, v.into_iter().map(|(t, c, _)| (t, c)).collect())
            })
            .collect();
        ConfusionModel { costs, rewrites, by_ocr, min_cost }
    }

    /// The cheapest edit's cost: no channel cost is below it times the number of edits, and none
    /// is negative when it is not.
    pub fn min_cost(&self) -> f32 {
        self.min_cost
    }

    /// Cost of reading `truth` as `ocr` through one listed segment edit.
    pub fn cost(&self, ocr: &str, truth: &str) -> Option<f32> {
        self.costs.get(&key(ocr, truth)).copied()
    }

    /// The truths that OCR segment `ocr` may stand for, most often first.
    pub fn rewrites(&self, ocr: &str) -> &[(String, f32)] {
        self.rewrites.get(ocr).map_or(&[], Vec::as_slice)
    }

    /// Weighted edit distance: the cost of explaining OCR token `ocr` as a misreading of `word`
    /// (both lowercase). Equal characters cost nothing.
    pub fn channel_cost(&self, ocr: &str, word: &str) -> f32 {
        let o: Vec<char> = ocr.chars().collect();
        self.channel_cost_within(&o, word, f32::INFINITY)
    }

    /// [`channel_cost`](Self::channel_cost) of the OCR token's characters `o`, or infinity when
    /// it exceeds `bound`. For scoring many words against one token, [`Self::scorer`] is faster.
    pub fn channel_cost_within(&self, o: &[char], word: &str, bound: f32) -> f32 {
        self.scorer(o).cost(word, bound)
    }

    /// A scorer of words against OCR token `o`, with the token's segments looked up once.
    pub fn scorer<'a>(&'a self, o: &'a [char]) -> ChannelScorer<'a> {
        let mut segments = Vec::new();
        let mut starts = Vec::with_capacity(o.len() + 2);
        for i in 0..=o.len() {
            starts.push(segments.len());
            for lo in 0..=MAX_SEGMENT.min(o.len() - i) {
                if let Some(truths) = self.by_ocr.get(&seg_key(&o[i..i + lo])) {
                    let empty = truths.empty.filter(|_| lo > 0).unwrap_or(f32::INFINITY);
                    segments.push(Segment { lo, empty, min: truths.min, ascii: truths.ascii, truths });
                }
            }
        }
        starts.push(segments.len());
        ChannelScorer { o, segments, starts }
    }
}

/// Scores words against one OCR token ([`ConfusionModel::scorer`]).
pub struct ChannelScorer<'a> {
    o: &'a [char],
    /// `segments[starts[i]..starts[i + 1]]`: the listed OCR segments starting at `o[i]` (the
    /// empty one included).
    segments: Vec<Segment<'a>>,
    starts: Vec<usize>,
}

/// A listed OCR segment of the token, with what the recursion tests in every cell at hand.
struct Segment<'a> {
    /// Its length.
    lo: usize,
    /// The cost of its empty truth (infinity when none, or when the segment is empty).
    empty: f32,
    /// [`Truths::min`].
    min: f32,
    /// [`Truths::ascii`].
    ascii: u128,
    truths: &'a Truths,
}

impl ChannelScorer<'_> {
    /// The channel cost of the token as a misreading of `word`, or infinity above `bound`:
    /// partial alignments already costlier than the bound are not extended (costs only grow).
    pub fn cost(&self, word: &str, bound: f32) -> f32 {
        thread_local! {
            static SCRATCH: std::cell::RefCell<(Vec<char>, Vec<f32>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        let o = self.o;
        // Cells above this are not extended (infinite ones never: `bound` may be infinite).
        let limit = bound.min(f32::MAX);
        SCRATCH.with(|scratch| {
            let (w, d) = &mut *scratch.borrow_mut();
            w.clear();
            w.extend(word.chars());
            let w = &w[..];
            let (n, m) = (o.len(), w.len());
            let stride = m + 1;
            d.clear();
            d.resize((n + 1) * stride, f32::INFINITY);
            d[0] = 0.0;
            for (i, range) in self.starts.windows(2).enumerate() {
                let segments = &self.segments[range[0]..range[1]];
                let row = i * stride;
                for j in 0..=m {
                    let here = d[row + j];
                    if here > limit {
                        continue;
                    }
                    // (Relaxing a cell past the limit changes nothing: see below.)
                    let unlisted = here + UNLISTED_EDIT;
                    let open = unlisted <= limit;
                    if j < m && open {
                        relax(&mut d[row + j + 1], unlisted);
                    }
                    if i < n {
                        let below = row + stride + j;
                        if open {
                            relax(&mut d[below], unlisted);
                        }
                        if j < m {
                            if o[i] == w[j] {
                                relax(&mut d[below + 1], here);
                            } else if open {
                                relax(&mut d[below + 1], unlisted);
                            }
                        }
                    }
                    let next = w.get(j).copied();
                    for seg in segments {
                        let to = row + seg.lo * stride + j;
                        if seg.empty < f32::INFINITY {
                            relax(&mut d[to], here + seg.empty);
                        }
                        let Some(c) = next else { continue };
                        // A cell past the limit is never extended, and the final one past the
                        // bound is infinity: relaxing a cell to more than the limit changes nothing.
                        if (c as u32) < 128 && seg.ascii >> c as u32 & 1 == 0 || here + seg.min > limit {
                            continue;
                        }
                        for &(t, tl, cost) in seg.truths.starting_with(c) {
                            let v = here + cost;
                            if v > limit {
                                break; // cheapest first
                            }
                            // The first characters match: compare the rest.
                            if j + tl <= m && (1..tl).all(|k| t[k] == w[j + k]) {
                                relax(&mut d[to + tl], v);
                            }
                        }
                    }
                }
            }
            let cost = d[n * stride + m];
            if cost > bound {
                f32::INFINITY
            } else {
                cost
            }
        })
    }
}

fn relax(slot: &mut f32, v: f32) {
    if v < *slot {
        *slot = v;
    }
}

fn key(ocr: &str, truth: &str) -> String {
    let mut k = String::with_capacity(ocr.len() + truth.len() + 1);
    k.push_str(ocr);
    k.push('\u{1}');
    k.push_str(truth);
    k
}

/// Parses the TSV table: `#` comments, a header `ocr truth count cost`, then rows.
///
/// # Errors
/// A message naming the line that does not parse.
pub fn parse(tsv: &str) -> Result<Vec<Confusion>, String> {
    let mut out = Vec::new();
    let mut header = false;
    for (n, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header {
            if line != "ocr\ttruth\tcount\tcost" {
                return Err(format!("line {}: expected the header 'ocr<TAB>truth<TAB>count<TAB>cost'", n + 1));
            }
            header = true;
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| format!("line {}: {what}: {line:?}", n + 1);
        if f.len() != 4 {
            return Err(bad("expected 4 tab-separated fields"));
        }
        if f[0] == f[1] {
            return Err(bad("maps a segment to itself"));
        }
        if f[0].chars().count() > MAX_SEGMENT || f[1].chars().count() > MAX_SEGMENT {
            return Err(bad("segment longer than 3 characters"));
        }
        let count = f[2].parse().map_err(|_| bad("count is not a number"))?;
        let cost: f32 = f[3].parse().map_err(|_| bad("cost is not a number"))?;
        if !(cost >= 0.0 && cost.is_finite()) {
            return Err(bad("cost must be a finite non-negative number"));
        }
        out.push(Confusion { ocr: f[0].into(), truth: f[1].into(), count, cost });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> ConfusionModel {
        let tsv = "# test\nocr\ttruth\tcount\tcost\nrn\tm\t10\t1.5\nc\te\t20\t2.0\nli\th\t5\t2.5\n";
        ConfusionModel::new(parse(tsv).unwrap())
    }

    #[test]
    fn learned_edits_are_cheaper_than_unlisted_ones() {
        let m = model();
        assert_eq!(m.channel_cost("the", "the"), 0.0);
        assert_eq!(m.channel_cost("arc", "are"), 2.0);
        assert_eq!(m.channel_cost("rnodern", "modern"), 1.5);
        assert_eq!(m.channel_cost("tlie", "the"), 2.5);
        assert_eq!(m.channel_cost("arx", "are"), UNLISTED_EDIT);
        assert!(m.channel_cost("cornrnon", "common") < m.channel_cost("cornrnon", "corner"));
    }

    #[test]
    fn rewrites_are_most_frequent_first() {
        let m = model();
        assert_eq!(m.rewrites("rn"), &[("m".to_string(), 1.5)]);
        assert!(m.rewrites("zz").is_empty());
    }

    #[test]
    fn rare_cheap_rewrites_crowded_out_the_usual_ones() {
        // "daring" for "during" found no candidate: "â", "à" (2 and 3 sightings, cheap because
        // rare truths) came before "u" (52 sightings) and filled the six rewrites tried.
        let tsv = "ocr\ttruth\tcount\tcost\na\tâ\t3\t1.5\na\tà\t2\t1.5\na\tu\t52\t6.2\na\ts\t1052\t4.1\n";
        let m = ConfusionModel::new(parse(tsv).unwrap());
        let truths: Vec<&str> = m.rewrites("a").iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(truths, ["s", "u", "â", "à"]);
    }

    #[test]
    fn parse_rejects_bad_rows() {
        assert!(parse("ocr\ttruth\tcount\tcost\na\ta\t1\t1.0\n").is_err());
        assert!(parse("ocr\ttruth\tcount\tcost\na\tb\t1\n").is_err());
        assert!(parse("wrong header\n").is_err());
        assert!(parse("ocr\ttruth\tcount\tcost\nabcd\tb\t1\t1.0\n").is_err());
    }

    #[test]
    fn the_shipped_table_knows_common_misreadings() {
        let m = ConfusionModel::builtin();
        assert!(m.channel_cost("tbe", "the") < UNLISTED_EDIT);
        assert!(m.channel_cost("cieek", "creek") < UNLISTED_EDIT);
        assert!(m.channel_cost("arc", "are") < UNLISTED_EDIT);
    }

    /// The scorer's bound only drops work: a cost within it is the unbounded cost, one past it is
    /// infinity (cells relaxed past the bound, truths past it in a cheapest-first group).
    #[test]
    fn the_bound_never_changes_a_cost_within_it() {
        let m = ConfusionModel::builtin();
        assert!(m.min_cost() >= 0.0);
        let pairs = [
            ("tbe", "the"),
            ("cieek", "creek"),
            ("wonld", "would"),
            ("bcaung", "bearing"),
            ("rnodern", "modern"),
            ("hou«o", "house"),
            ("llii}cs", "hayes"),
            ("uiderstanl", "understand"),
            ("tho", "the"),
            ("arc", "are"),
            ("yesterdav", "yesterday"),
            ("ingot*", "ingots"),
            ("a-nount", "amount"),
            ("ihe", "she"),
            ("mid", "and"),
            ("commiitee", "committee"),
        ];
        for (ocr, word) in pairs {
            let o: Vec<char> = ocr.chars().collect();
            let scorer = m.scorer(&o);
            let full = scorer.cost(word, f32::INFINITY);
            for bound in [0.5, 2.0, 4.0, 7.0, 9.0, 12.0, 16.0, 20.0, 30.0] {
                let got = scorer.cost(word, bound);
                let want = if full <= bound { full } else { f32::INFINITY };
                assert_eq!(got, want, "{ocr} as {word} within {bound}");
            }
        }
    }
}
