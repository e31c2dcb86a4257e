#!/usr/bin/env python3
"""Drop curated spin entries that a mined spinner map contradicts.

Usage:
  prune_spin_map.py --mined MINED.tsv CURATED.tsv > kept.tsv      # filter, report drops on stderr
  prune_spin_map.py --check dictionaries/spin/news.tsv            # exit 1 if the file has any

The spinner of the dev article renders each original ONE way: of the 70 originals it rewrote more
than once, 67 have a single rendering every time ("said" -> "mentioned" 21/21). So a curated entry
Y -> o is an alternative this spinner does not use when the mined map says o -> X with X != Y: in
new articles by the same spinner Y is the author's own word ("stated", "in keeping with"), and the
entry only makes false edits.

Mined entries are those whose source mentions `dev-` (scripts/mine_spin_pairs.py); in --check mode
both kinds come from one file, and an entry whose source also says `curated` counts as mined (the
dev article confirmed it). Originals are compared case-insensitively and exactly ("as well as" does
not contradict "as well").
"""
import argparse, sys


def rows(path):
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        yield n, line, cols[0].lower(), cols[1].lower(), (cols[4] if len(cols) > 4 else "")


def mined_map(entries):
    m = {}
    for _, _, spun, orig, source in entries:
        if "dev-" in source:
            m.setdefault(orig, set()).add(spun)
    return m


def contradicted(spun, orig, mined):
    return orig in mined and spun not in mined[orig]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mined", help="mined dictionary (filter mode)")
    ap.add_argument("--check", action="store_true", help="check one dictionary holding both kinds")
    ap.add_argument("dict")
    args = ap.parse_args()
    if args.check:
        entries = list(rows(args.dict))
        mined = mined_map(entries)
        bad = [(n, s, o) for n, _, s, o, src in entries if "dev-" not in src and contradicted(s, o, mined)]
        for n, s, o in bad:
            print(f"{args.dict}:{n}: curated {s!r} -> {o!r}, but the spinner renders {o!r} as "
                  f"{' / '.join(sorted(mined[o]))}", file=sys.stderr)
        sys.exit(1 if bad else 0)
    if not args.mined:
        ap.error("give --mined FILE or --check")
    mined = mined_map(rows(args.mined))
    dropped = 0
    for _, line, spun, orig, source in rows(args.dict):
        if "dev-" not in source and contradicted(spun, orig, mined):
            dropped += 1
            continue
        sys.stdout.write(line)
    print(f"prune_spin_map.py: dropped {dropped} curated entries contradicted by {args.mined}", file=sys.stderr)


if __name__ == "__main__":
    main()
