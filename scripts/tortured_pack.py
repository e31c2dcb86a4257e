#!/usr/bin/env python3
"""Builds dictionaries/science/tortured.tsv from the Problematic Paper Screener's tortured phrases.

Source (CC BY 4.0, Cabanac, Labbé, Magazinov; see dictionaries/SOURCES.md):
  pps_fingerprints_with_context.csv  fingerprint query, expected phrase, number of papers
  pps_tortured_phrases.json          flat {tortured, correct} pairs

Usage: python3 scripts/tortured_pack.py [DATA_DIR] > dictionaries/science/tortured.tsv
       (DATA_DIR defaults to ../shared/data/tortured, relative to the repository root)

How a fingerprint becomes entries (spun, original, confidence, when, source):
  * Each top-level OR branch of the query is one entry. Its first term, a quoted phrase, is the
    tortured phrase; the branch's other AND terms become the `when` condition, in unspin's
    condition syntax (bare words are quoted; parentheses, NOT and "a b"~N are kept).
  * A first term with proximity, "w1 .. wk"~N, whose last words are the expected phrase
    ("bunching clustering"~20 -> clustering) becomes `w1 ..` -> expected when near:LAST~N.
    Any other proximity first term is matched as the contiguous phrase.
  * JSON pairs not in the CSV are added without context, unless the phrase occurs inside
    some fingerprint (there it is context, e.g. "neural network") or is an expected phrase.
Skipped: expected phrases that are unknown or annotated ("???", "(?)", "see https://...",
"[...]", quoted or "a/b", "a or b" alternatives the tortured phrase does not have, "..."
elisions, "search and replace" remarks); self-maps. A trailing
parenthetical in the expected phrase that the tortured phrase lacks is dropped
("feedback processing" -> "back propagation", not "back propagation (BP)").
Conflicts: the same (phrase, condition) keeps the expected phrase of the fingerprint found in
more papers; a substitution cycle loses its entry found in fewest papers. The output is sorted
by lowercased (spun, original) as `unspin dict check` requires.
Counts of what was kept and skipped go to stderr.
"""

import collections
import csv
import json
import os
import re
import sys

CONFIDENCE = "0.9"


def tokens(query):
    """Splits a screener query into quoted phrases (with ~N), parens, operators and bare words."""
    out, i = [], 0
    while i < len(query):
        c = query[i]
        if c.isspace():
            i += 1
        elif c == '"':
            j = query.find('"', i + 1)
            if j < 0:
                raise ValueError("unclosed quote")
            m = re.match(r"~(\d+)", query[j + 1 :])
            end = j + 1 + (m.end() if m else 0)
            out.append(("phrase", query[i + 1 : j].strip(), int(m.group(1)) if m else None))
            i = end
        elif c in "()":
            out.append((c, None, None))
            i += 1
        else:
            m = re.match(r'[^\s"()]+', query[i:])
            word = m.group(0)
            kind = "op" if word in ("AND", "OR", "NOT") else "word"
            out.append((kind, word, None))
            i += m.end()
    return out


def split_top(toks, op):
    parts, cur, depth = [], [], 0
    for t in toks:
        if t[0] == "(":
            depth += 1
        elif t[0] == ")":
            depth -= 1
        if depth == 0 and t == ("op", op, None):
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return parts


def render(toks):
    """unspin condition text for a token list; runs of bare words become one quoted phrase."""
    out, words = [], []

    def flush():
        if words:
            out.append('"%s"' % " ".join(words).lower())
            words.clear()

    for kind, text, n in toks:
        if kind == "word":
            words.append(text)
            continue
        flush()
        if kind == "phrase":
            out.append('"%s"' % text.lower() + ("~%d" % n if n is not None else ""))
        elif kind == "op":
            out.append(text)
        else:
            out.append(kind)
    flush()
    s = " ".join(out).replace("( ", "(").replace(" )", ")")
    # Adjacent terms without an operator are ANDed, as the screener does.
    return re.sub(r'(?<=["\d)]) (?=["(N])', lambda m: " AND ", s).replace("AND NOT AND", "AND NOT")


def clean_expected(spun, expected):
    e = " ".join(expected.split())
    if not e or "?" in e or "http" in e or "[" in e or "]" in e or "e.g." in e or " AND " in e:
        return None
    if "/" in e and "/" not in spun:
        return None
    # Notes rather than a replacement: quoted alternatives, "a or b" choices the tortured phrase
    # does not have, elisions, "search and replace" remarks.
    if any(q in e for q in '"“”') or "->" in e or "..." in e or "…" in e or "replace" in e.lower():
        return None
    if " or " in e.lower() and " or " not in spun.lower():
        return None
    if "(" not in spun:
        e = re.sub(r"\s*\([^()]*\)$", "", e)
        if "(" in e:
            return None
    return e or None


def words(s):
    return [w.strip("()").lower() for w in s.split()]


def entries_from_fingerprint(query, expected, papers, stats):
    for branch in split_top(tokens(query), "OR"):
        terms = split_top(branch, "AND")
        first = terms[0]
        if len(first) != 1 or first[0][0] != "phrase":
            stats["skipped: query does not start with a quoted phrase"] += 1
            continue
        _, phrase, near = first[0]
        context = [render(t) for t in terms[1:] if t]
        spun = " ".join(phrase.split())
        exp = clean_expected(spun, expected)
        if exp is None:
            stats["skipped: expected phrase unknown or annotated"] += 1
            continue
        if near is not None:
            pw, ew = words(spun), words(exp)
            if len(pw) > len(ew) and pw[-len(ew) :] == ew:
                spun = " ".join(spun.split()[: len(pw) - len(ew)])
                context.insert(0, "near:%s~%d" % (ew[-1], near))
                stats["proximity fingerprints anchored with near:"] += 1
            else:
                stats["proximity fingerprints matched as a contiguous phrase"] += 1
        yield {"spun": spun, "original": exp, "when": " AND ".join(context), "papers": papers}


def break_cycles(entries, stats):
    while True:
        graph = collections.defaultdict(list)
        for e in entries:
            graph[e["spun"].lower()].append(e)
        cycle = find_cycle(graph)
        if not cycle:
            return entries
        worst = min(cycle, key=lambda e: e["papers"])
        entries = [e for e in entries if e is not worst]
        stats["dropped to break a cycle (fewest papers)"] += 1


def find_cycle(graph):
    state = {}
    for start in list(graph):
        if start in state:
            continue
        stack = [(start, iter(graph.get(start, [])))]
        path = []
        state[start] = 1
        while stack:
            node, it = stack[-1]
            e = next(it, None)
            if e is None:
                state[node] = 2
                stack.pop()
                if path:
                    path.pop()
                continue
            to = e["original"].lower()
            if state.get(to) == 1:
                # The cycle is the part of the path from `to` on, plus this edge.
                i = next((k for k, p in enumerate(path) if p["spun"].lower() == to), 0)
                return path[i:] + [e]
            if to not in state:
                state[to] = 1
                path.append(e)
                stack.append((to, iter(graph.get(to, []))))
    return None


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "tortured")
    stats = collections.Counter()
    entries = []
    quoted_anywhere, expected_all = set(), set()
    with open(os.path.join(data, "pps_fingerprints_with_context.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            stats["fingerprints read"] += 1
            query, expected = row["tortured_phrase"], row["expected_phrase"]
            papers = int(row["num_papers"].replace(",", "") or 0)
            quoted_anywhere.update(p.lower() for p in re.findall(r'"([^"]*)"', query))
            expected_all.add(expected.strip().lower())
            try:
                entries.extend(entries_from_fingerprint(query, expected, papers, stats))
            except ValueError:
                stats["skipped: malformed query"] += 1
    with open(os.path.join(data, "pps_tortured_phrases.json"), encoding="utf-8") as f:
        pairs = json.load(f)["phrases"]
    for p in pairs:
        t = " ".join(p["tortured"].split())
        if t.lower() in quoted_anywhere:
            continue
        stats["pairs read from the JSON only"] += 1
        if t.lower() in expected_all:
            stats["skipped: JSON-only phrase is an expected phrase"] += 1
            continue
        exp = clean_expected(t, p["correct"])
        if exp is None:
            stats["skipped: expected phrase unknown or annotated"] += 1
            continue
        entries.append({"spun": t, "original": exp, "when": "", "papers": 0})

    kept = []
    for e in entries:
        if e["spun"].lower() == e["original"].lower() or not e["spun"]:
            stats["skipped: self-map"] += 1
        else:
            kept.append(e)
    best = {}
    for e in kept:
        key = (e["spun"].lower(), e["when"])
        if key in best:
            stats["duplicate (phrase, condition): kept the one in more papers"] += 1
            if e["papers"] <= best[key]["papers"]:
                continue
        best[key] = e
    kept = break_cycles(list(best.values()), stats)
    kept.sort(key=lambda e: (e["spun"].lower(), e["original"].lower(), e["when"]))

    out = sys.stdout
    out.write("# unspin built-in pack `science`: tortured phrases in science papers.\n")
    out.write("# Generated by scripts/tortured_pack.py from the Problematic Paper Screener (Cabanac, Labbe,\n")
    out.write("# Magazinov), CC BY 4.0; see dictionaries/SOURCES.md. Do not edit by hand: fix the script.\n")
    out.write("# Columns: spun, original, confidence, when, source (pps:PAPERS = papers the screener found it in).\n")
    for e in kept:
        out.write("\t".join([e["spun"], e["original"], CONFIDENCE, e["when"], "pps:%d" % e["papers"]]) + "\n")
    stats["entries written"] = len(kept)
    stats["entries with a context condition"] = sum(1 for e in kept if e["when"])
    for k, v in sorted(stats.items()):
        print("%7d  %s" % (v, k), file=sys.stderr)


if __name__ == "__main__":
    main()
