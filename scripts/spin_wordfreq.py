#!/usr/bin/env python3
"""Write the English word frequencies the spin stage uses as base rates.

Usage: spin_wordfreq.py dictionaries/spin/news.tsv > dictionaries/spin/news.zipf.tsv

For every single word that is a spun or original form in the dictionary: its Zipf frequency
(log10 of occurrences per billion words) in English from wordfreq (Robyn Speer; data CC BY-SA 4.0,
see dictionaries/SOURCES.md). Needs `pip install wordfreq`.
"""
import sys
import wordfreq

words = set()
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    for form in line.split("\t")[:2]:
        if " " not in form.strip():
            words.add(form.strip().lower())
print("# Zipf frequencies from wordfreq 3.1 (data CC BY-SA 4.0), by scripts/spin_wordfreq.py")
for w in sorted(words):
    print(f"{w}\t{wordfreq.zipf_frequency(w, 'en'):.2f}")
