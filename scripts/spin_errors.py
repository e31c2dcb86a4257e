#!/usr/bin/env python3
"""Why spin reversal missed or got wrong what it did: every missed gold edit and every wrong edit,
with a category, over the files of one evaluation protocol.

Usage:
  bash scripts/eval_spin.sh --keep /tmp/ev            # keeps every protocol's files
  spin_errors.py --input IN --gold GOLD --output OUT [--dict-file F]... [--bin BIN] [--list]
  spin_errors.py --protocol split-half --keep /tmp/ev [--list]   # the same, protocol by name

IN, GOLD and OUT are files or folders with the same names (as for ../shared/eval/score.py; edits
are its token diff spans, line by line). With --dict-file the run used only those dictionaries
(`--no-builtin-dict`), otherwise the built-in one. The tool reruns `unspin check --format json
--min-confidence 0.01` on IN with the same dictionaries to see every proposal, including the ones
under the threshold.

Categories of a missed gold edit (spun -> original):
  no-entry          no entry of the dictionaries used renders the spun phrase at all
  other-original    entries render the spun phrase, none with this original
  not-proposed      an entry maps spun -> original but nothing was proposed (condition, a
                    capitalised word, the document gate, or a longer overlapping hit won)
  wrong-candidate   a proposal covers it with another original
  below-threshold   the right original was proposed under 0.5 (the reason says why: prior,
                    base rate, untouched original, LM margin)
  span              the right original was applied, but the diff span differs (a neighbour was
                    missed or changed too: the scorer merges adjacent changes)
  partial           the gold edit spans several substitutions (adjacent changes merge): some were
                    proposed right, a neighbour was missed
Categories of a wrong edit (a system edit that matches no gold edit):
  false-edit        no gold edit overlaps it: the author's own word was changed
  wrong-candidate   a gold edit covers the same tokens with another original
  span              it overlaps a gold edit with a different span (merged with a neighbour)
For missed edits the tool also says whether the pair is in the full built-in dictionary
(`in-builtin`) and whether the thesaurus links the two (`thesaurus`).
"""
import argparse, collections, difflib, json, os, re, subprocess, sys

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROTOCOLS = {
    # name: [(input, gold, output, dict files or None for built-in), ...] relative to --keep
    "dev": [("dev/in", "dev/gold", "dev/out", None)],
    "split-half": [
        (f"half-mined+curated-{t}/in", f"half-mined+curated-{t}/gold", f"half-mined+curated-{t}/out",
         [f"half-mined+curated-{t}/dict.tsv"]) for t in ("odd", "even")
    ],
    "split-half-mined": [
        (f"half-mined-{t}/in", f"half-mined-{t}/gold", f"half-mined-{t}/out", [f"half-mined-{t}/dict.tsv"])
        for t in ("odd", "even")
    ],
    "synthetic": [("syn/input", "syn/gold", "syn/out", None)],
    "synthetic-holdout": [("syn/input", "syn/gold", "syn/out-holdout", ["holdout.tsv"])],
}


def tokens_with_offsets(line):
    return [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(line)]


def diff_edits(src, dst):
    sm = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    return {(i1, i2, tuple(dst[j1:j2])) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"}


def load_dict(paths):
    """spun (lowercase) -> {original (lowercase): (confidence, when, source)}."""
    d = collections.defaultdict(dict)
    for p in paths:
        for line in open(p, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t") + ["", "", ""]
            d[c[0].lower()][c[1].lower()] = (c[2], c[3], c[4])
    return d


def load_thesaurus():
    links = collections.defaultdict(set)
    for name in ("wordnet", "moby", "inflected"):
        p = os.path.join(ROOT, "dictionaries", "thesaurus", f"{name}.tsv")
        if not os.path.exists(p):
            continue
        for line in open(p, encoding="utf-8"):
            term, _, syns = line.rstrip("\n").partition("\t")
            for s in syns.split("|"):
                links[term].add(s)
                links[s].add(term)
    return links


def files(path):
    if os.path.isdir(path):
        return sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith(".txt"))
    return [path]


def proposals(bin_, inp, dict_files):
    cmd = [bin_, "check", "--format", "json", "--min-confidence", "0.01", "--no-config"]
    if dict_files:
        cmd.append("--no-builtin-dict")
        for d in dict_files:
            cmd += ["--dict-file", d]
    cmd += files(inp)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 2):
        sys.exit(f"spin_errors.py: {' '.join(cmd)} failed: {r.stderr}")
    by_file = {}
    for doc in json.loads(r.stdout)["documents"]:
        by_file[os.path.basename(doc["path"])] = [e for e in doc["edits"] if e["stage"] == "spin"]
    return by_file


def line_props(text, props):
    """Proposals per line number, with character offsets within the line."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    out = collections.defaultdict(list)
    for p in props:
        ln = p["line"]
        off = p["char_start"] - starts[ln - 1]
        out[ln].append(dict(p, lstart=off, lend=off + (p["char_end"] - p["char_start"])))
    return out


def token_range(toks, lstart, lend):
    ids = [i for i, (_, s, e) in enumerate(toks) if s < lend and e > lstart]
    return (ids[0], ids[-1] + 1) if ids else (0, 0)


def analyse(inp, gold, out, dict_files, bin_, builtin, thesaurus, records, counts):
    used = load_dict(dict_files) if dict_files else builtin
    props = proposals(bin_, inp, dict_files)
    for fi, fg, fo in zip(files(inp), files(gold), files(out)):
        a, g, o = (open(f, encoding="utf-8").read() for f in (fi, fg, fo))
        by_line = line_props(a, props.get(os.path.basename(fi), []))
        for ln, (la, lg, lo) in enumerate(zip(a.split("\n"), g.split("\n"), o.split("\n")), 1):
            toks = tokens_with_offsets(la)
            src = [t for t, _, _ in toks]
            ge, se = diff_edits(src, [t for t, _, _ in tokens_with_offsets(lg)]), diff_edits(
                src, [t for t, _, _ in tokens_with_offsets(lo)]
            )
            lp = [dict(p, tr=token_range(toks, p["lstart"], p["lend"])) for p in by_line.get(ln, [])]
            where = f"{os.path.basename(fi)}:{ln}"
            for i1, i2, dst in sorted(ge - se):
                spun, orig = " ".join(src[i1:i2]), " ".join(dst)
                over = [p for p in lp if p["tr"][0] < max(i2, i1 + 1) and p["tr"][1] > i1]
                right = [p for p in over if p["after"].lower() == orig.lower()]
                if right and right[0]["confidence"] >= 0.5:
                    cat, why = "span", right[0]["reason"]
                elif right:
                    cat, why = "below-threshold", f"{right[0]['confidence']:.2f}: {right[0]['reason']}"
                elif any(f" {p['after'].lower()} " in f" {orig.lower()} " for p in over):
                    p = next(p for p in over if f" {p['after'].lower()} " in f" {orig.lower()} ")
                    cat, why = "partial", f"{p['before']} -> {p['after']}: {p['reason']}"
                elif over:
                    cat, why = "wrong-candidate", f"{over[0]['before']} -> {over[0]['after']}: {over[0]['reason']}"
                elif orig.lower() in used.get(spun.lower(), {}):
                    cat, why = "not-proposed", "when=" + used[spun.lower()][orig.lower()][1]
                elif spun.lower() in used:
                    cat, why = "other-original", "entries: " + "|".join(used[spun.lower()])
                else:
                    cat, why = "no-entry", ""
                flags = []
                if orig.lower() in builtin.get(spun.lower(), {}):
                    flags.append("in-builtin " + builtin[spun.lower()][orig.lower()][2])
                if orig.lower() in thesaurus.get(spun.lower(), ()):
                    flags.append("thesaurus")
                counts["missed", cat] += 1
                records.append(("missed", cat, where, f"{spun} -> {orig}", "; ".join(flags), why))
            for i1, i2, dst in sorted(se - ge):
                spun, repl = " ".join(src[i1:i2]), " ".join(dst)
                same = [x for x in ge if x[0] == i1 and x[1] == i2]
                over = [x for x in ge if x[0] < max(i2, i1 + 1) and x[1] > i1]
                if same:
                    cat, gold_txt = "wrong-candidate", " ".join(same[0][2])
                elif over:
                    cat, gold_txt = "span", " | ".join(" ".join(src[x[0]:x[1]]) + " -> " + " ".join(x[2]) for x in over)
                else:
                    cat, gold_txt = "false-edit", "(unchanged)"
                p = next((p for p in lp if p["tr"][0] < max(i2, i1 + 1) and p["tr"][1] > i1 and p["confidence"] >= 0.5), None)
                why = f"{p['confidence']:.2f}: {p['reason']}" if p else ""
                counts["wrong", cat] += 1
                records.append(("wrong", cat, where, f"{spun} -> {repl}", f"gold: {gold_txt}", why))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input")
    ap.add_argument("--gold")
    ap.add_argument("--output")
    ap.add_argument("--dict-file", action="append", default=[])
    ap.add_argument("--protocol", choices=sorted(PROTOCOLS))
    ap.add_argument("--keep", help="folder written by eval_spin.sh --keep")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "unspin"))
    ap.add_argument("--list", action="store_true", help="list every error, not only the counts")
    args = ap.parse_args()
    if args.protocol:
        if not args.keep:
            ap.error("--protocol needs --keep")
        runs = [
            tuple(os.path.join(args.keep, x) for x in r[:3]) + ([os.path.join(args.keep, d) for d in r[3]] if r[3] else None,)
            for r in PROTOCOLS[args.protocol]
        ]
    elif args.input and args.gold and args.output:
        runs = [(args.input, args.gold, args.output, args.dict_file or None)]
    else:
        ap.error("give --protocol and --keep, or --input, --gold and --output")
    builtin = load_dict([os.path.join(ROOT, "dictionaries", "spin", "news.tsv")])
    thesaurus = load_thesaurus()
    records, counts = [], collections.Counter()
    for inp, gold, out, dicts in runs:
        analyse(inp, gold, out, dicts, args.bin, builtin, thesaurus, records, counts)
    if args.list:
        for r in sorted(records):
            print("\t".join(r))
        print()
    for kind in ("missed", "wrong"):
        total = sum(n for (k, _), n in counts.items() if k == kind)
        parts = ", ".join(f"{c} {n}" for (k, c), n in sorted(counts.items(), key=lambda x: -x[1]) if k == kind)
        print(f"{kind} {total}: {parts}")
    flagged = collections.Counter()
    for kind, cat, _, _, flags, _ in records:
        if kind == "missed" and cat in ("no-entry", "other-original"):
            flagged["in-builtin" if "in-builtin" in flags else "not-in-builtin"] += 1
            flagged["thesaurus" if "thesaurus" in flags else "not-thesaurus"] += 1
    if flagged:
        print("missed for want of an entry: " + ", ".join(f"{k} {v}" for k, v in sorted(flagged.items())))


if __name__ == "__main__":
    main()
