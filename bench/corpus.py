#!/usr/bin/env python3
"""Builds the benchmark corpus under bench/work/ from the shared data (deterministic, seed 42).

Nothing here is committed: the script regenerates the same bytes from /work/shared/data (or
$UNSPIN_SHARED/data) every time. Sources, all read-only:

- clean news: the sentences of data/clean/dev (four edited news articles) and the human ground
  truth column of data/ocr/dev/overproof-smh (Sydney Morning Herald articles, 1842-1954);
- spun text: those sentences run through the reverse of dictionaries/spin/news.tsv (original ->
  spun, each occurrence with probability 0.9) and the reverse of the tortured-phrase list of
  data/tortured (correct -> tortured), mixed with the sentences of the real spun article
  data/spin/dev/000_*.txt;
- OCR text: the raw OCR column of overproof-smh and the [OCR_toInput] lines of icdar2017-en;
- mojibake: clean documents with one word in ten encoded as UTF-8 and decoded as
  windows-1252 (the classic "â€™"), for the encoding-repair comparison with ftfy.

Each kind is a pool of 3,000 documents of 8 to 40 sentences in paragraphs; files are filled by
drawing documents from the pool with fresh ids, so a 1 GB file repeats pool documents (the cost of
cleaning does not depend on having seen a text before: there is no cache).
"""

import argparse
import glob
import json
import os
import random
import re

SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


def shared_root():
    return os.environ.get("UNSPIN_SHARED", "/work/shared")


def sentences(text):
    out = []
    for para in re.split(r"\n+", text):
        out.extend(s.strip() for s in SENT.split(para) if len(s.strip()) > 20)
    return out


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def overproof(root):
    raw, gold = [], []
    for line in read(f"{root}/data/ocr/dev/overproof-smh/allArticles.txt").splitlines():
        if line.startswith("*$*OVERPROOF*$*"):
            raw.append("\n")
            gold.append("\n")
            continue
        cols = line.split("||@@||")
        if len(cols) >= 2:
            raw.append(cols[0])
            gold.append(cols[1])
    # Articles are runs of lines; sentences are rebuilt from the joined text.
    return " ".join(raw), " ".join(gold)


def icdar_ocr(root):
    out = []
    for path in sorted(glob.glob(f"{root}/data/ocr/dev/icdar2017-en/*/*.txt")):
        for line in read(path).splitlines():
            if line.startswith("[OCR_toInput]"):
                out.append(line[len("[OCR_toInput]"):].strip())
    return out


def spin_maps(repo, root):
    pairs = []
    for line in read(f"{repo}/dictionaries/spin/news.tsv").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) >= 2:
            pairs.append((cols[1], cols[0]))  # original -> spun
    tortured = json.load(open(f"{root}/data/tortured/pps_tortured_phrases.json", encoding="utf-8"))["phrases"]
    for p in tortured:
        if p["correct"] != "???" and p["correct"].isascii() and len(p["correct"]) > 3:
            pairs.append((p["correct"], p["tortured"]))
    by_original = {}
    for orig, spun in pairs:
        by_original.setdefault(orig.lower(), []).append(spun)
    keys = sorted(by_original, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE)
    return pattern, by_original


def spin(sentence, pattern, by_original, rng):
    def sub(m):
        if rng.random() > 0.9:
            return m.group(0)
        rep = rng.choice(by_original[m.group(0).lower()])
        return rep[0].upper() + rep[1:] if m.group(0)[0].isupper() else rep

    return pattern.sub(sub, sentence)


def mojibake(sentence):
    try:
        return sentence.encode("utf-8").decode("windows-1252")
    except UnicodeDecodeError:
        return sentence.replace("’", "â€™").replace("“", "â€œ")


def document(pool, rng):
    n = rng.randint(8, 40)
    start = rng.randrange(len(pool))
    sents = [pool[(start + i) % len(pool)] if rng.random() < 0.7 else rng.choice(pool) for i in range(n)]
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(1, 4)
        paras.append(" ".join(sents[i:i + k]))
        i += k
    return "\n\n".join(paras)


def pool_of(kind, src, rng, extra=None, size=3000):
    docs = []
    for _ in range(size):
        d = document(src, rng)
        docs.append(extra(d) if extra else d)
    return docs


def write_jsonl(path, kind, pool, target_bytes, rng):
    written, i = 0, 0
    with open(path, "w", encoding="utf-8") as f:
        while written < target_bytes:
            line = json.dumps({"id": f"{kind}-{i:08d}", "text": rng.choice(pool)}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    return written


def write_texts(folder, pool, files, file_bytes, rng):
    os.makedirs(folder, exist_ok=True)
    for k in range(files):
        parts, size = [], 0
        while size < file_bytes:
            d = rng.choice(pool)
            parts.append(d)
            size += len(d.encode("utf-8")) + 2
        with open(f"{folder}/{k:04d}.txt", "w", encoding="utf-8") as f:
            f.write("\n\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="bench/work")
    ap.add_argument("--mb", type=int, default=200, help="size of clean.jsonl; spun and ocr are half each")
    ap.add_argument("--big-mb", type=int, default=1024, help="size of big.jsonl (RSS and cost growth)")
    args = ap.parse_args()
    root, repo = shared_root(), os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rng = random.Random(42)
    os.makedirs(args.out, exist_ok=True)

    clean_src = []
    for path in sorted(glob.glob(f"{root}/data/clean/dev/*.txt")):
        clean_src.extend(sentences(read(path)))
    raw_ocr, gold_ocr = overproof(root)
    clean_src.extend(sentences(gold_ocr))
    spun_real = sentences(read(glob.glob(f"{root}/data/spin/dev/000_*[0-9a-f].txt")[0]))
    pattern, by_original = spin_maps(repo, root)
    spun_src = [spin(s, pattern, by_original, rng) for s in clean_src] + spun_real * 20
    ocr_src = sentences(raw_ocr) + [s for line in icdar_ocr(root) for s in sentences(line)]

    MB = 1 << 20
    pools = {
        "clean": pool_of("clean", clean_src, rng),
        "spun": pool_of("spun", spun_src, rng),
        "ocr": pool_of("ocr", ocr_src, rng),
        "mojibake": pool_of(
            "mojibake", clean_src, rng,
            extra=lambda d: " ".join(mojibake(s) if rng.random() < 0.1 else s for s in d.split(" "))),
    }
    sizes = {"clean": args.mb, "spun": args.mb // 2, "ocr": args.mb // 2, "mojibake": max(1, args.mb // 8)}
    for kind, mb in sizes.items():
        n = write_jsonl(f"{args.out}/{kind}.jsonl", kind, pools[kind], mb * MB, rng)
        print(f"{kind}.jsonl: {n / MB:.1f} MiB")
    # The 1 GB file mixes the kinds; its 1 MB and 100 MB heads are the cost-growth inputs.
    mixed = pools["clean"] + pools["spun"] + pools["ocr"]
    n = write_jsonl(f"{args.out}/big.jsonl", "big", mixed, args.big_mb * MB, rng)
    print(f"big.jsonl: {n / MB:.1f} MiB")
    for mb in (1, 100):
        with open(f"{args.out}/big.jsonl", "rb") as src, open(f"{args.out}/head{mb}.jsonl", "wb") as dst:
            written = 0
            for line in src:
                if written >= mb * MB:
                    break
                dst.write(line)
                written += len(line)
    write_texts(f"{args.out}/text/clean", pools["clean"], max(1, args.mb // 2), MB, rng)
    write_texts(f"{args.out}/text/spun", pools["spun"], max(1, args.mb // 4), MB, rng)
    with open(f"{args.out}/one_kb.txt", "w", encoding="utf-8") as f:
        f.write(pools["spun"][0].encode("utf-8")[:1024].decode("utf-8", "ignore"))


if __name__ == "__main__":
    main()
