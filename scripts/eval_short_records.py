#!/usr/bin/env python3
"""The spin gate on short records: texts cut into JSON Lines records, cleaned, scored per record.

Usage: eval_short_records.py [--bin target/release/unspin] [--smh-gold DIR] [--min-evidence 1 2 3]

Sets (docs/spin.md, "Document gate"):
  - the spun dev article, one record per sentence (split at [.!?] before a capital, where the
    spun and gold lines split into as many sentences) and one record per paragraph (line): P / R;
  - the clean dev news, one record per sentence: false edits per 1,000 tokens;
  - with --smh-gold (the `smh/gold` folder `scripts/eval_ocr.sh WORKDIR` writes): the SMH human
    ground truth, one record per printed line: false edits per 1,000 tokens.
Each record is compared with its output as score.py does (same tokens, same difflib edits).
"""
import argparse, difflib, glob, json, os, re, subprocess

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SHARED = os.path.join(ROOT, "..", "shared", "data")
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def edits(a, b):
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {(i1, i2, tuple(b[j1:j2])) for t, i1, i2, j1, j2 in sm.get_opcodes() if t != "equal"}


def clean(binary, min_evidence, texts):
    records = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))
    args = [binary, "clean", "--no-config", "--jsonl", "--spin-min-evidence", str(min_evidence), "-"]
    out = subprocess.run(args, input=records, capture_output=True, text=True, check=True).stdout
    return [json.loads(line)["text"] for line in out.splitlines()]


def false_edits(binary, n, texts):
    tokens = changed = 0
    for a, b in zip(texts, clean(binary, n, texts)):
        ta = TOKEN.findall(a)
        tokens += len(ta)
        changed += len(edits(ta, TOKEN.findall(b)))
    return 1000 * changed / max(tokens, 1)


def precision_recall(binary, n, spun, gold):
    g_all = s_all = right = 0
    for a, g, o in zip(spun, gold, clean(binary, n, spun)):
        ta = TOKEN.findall(a)
        ge, se = edits(ta, TOKEN.findall(g)), edits(ta, TOKEN.findall(o))
        g_all, s_all, right = g_all + len(ge), s_all + len(se), right + len(ge & se)
    return right / max(s_all, 1), right / max(g_all, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "unspin"))
    ap.add_argument("--smh-gold", help="folder of SMH ground-truth articles (scripts/eval_ocr.sh's smh/gold)")
    ap.add_argument("--min-evidence", nargs="+", type=float, default=[1, 2, 3])
    args = ap.parse_args()
    dev = os.path.join(SHARED, "spin", "dev", "000_cadbfd06963b8beb")
    spun_lines = open(dev + ".txt", encoding="utf-8").read().split("\n")
    gold_lines = open(dev + ".gold.txt", encoding="utf-8").read().split("\n")
    para = [(s, g) for s, g in zip(spun_lines, gold_lines) if s.strip()]
    sent = []
    for s, g in para:
        xs, xg = SENTENCE.split(s), SENTENCE.split(g)
        sent += list(zip(xs, xg)) if len(xs) == len(xg) else [(s, g)]
    news = []
    for f in sorted(glob.glob(os.path.join(SHARED, "clean", "dev", "*.txt"))):
        news += [x for line in open(f, encoding="utf-8").read().split("\n") for x in SENTENCE.split(line) if x.strip()]
    smh = []
    if args.smh_gold:
        for f in sorted(glob.glob(os.path.join(args.smh_gold, "*"))):
            smh += [line for line in open(f, encoding="utf-8").read().split("\n") if line.strip()]
    print(f"records: spun sentences {len(sent)}, spun paragraphs {len(para)}, clean sentences {len(news)}"
          + (f", SMH lines {len(smh)}" if smh else ""))
    for n in args.min_evidence:
        ps, rs = precision_recall(args.bin, n, *zip(*sent))
        pp, rp = precision_recall(args.bin, n, *zip(*para))
        row = f"min-evidence {n:g}: spun sentences P {ps:.3f} R {rs:.3f}; spun paragraphs P {pp:.3f} R {rp:.3f}; "
        row += f"clean sentences {false_edits(args.bin, n, news):.2f}/1k"
        if smh:
            row += f"; SMH lines {false_edits(args.bin, n, smh):.2f}/1k"
        print(row)


if __name__ == "__main__":
    main()
