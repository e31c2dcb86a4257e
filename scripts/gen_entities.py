#!/usr/bin/env python3
"""Regenerates src/normalize/html5_entities.tsv: the HTML5 named character references that end
in a semicolon (the unambiguous ones), from the Python standard library's copy of the WHATWG
list (https://html.spec.whatwg.org/entities.json).

Format: name (without & and ;) TAB code points in hex, space-separated. Sorted by name.
Usage: python3 scripts/gen_entities.py > src/normalize/html5_entities.tsv
"""
import html.entities

for name in sorted(n for n in html.entities.html5 if n.endswith(";")):
    chars = html.entities.html5[name]
    print(name[:-1] + "\t" + " ".join(f"{ord(c):X}" for c in chars))
