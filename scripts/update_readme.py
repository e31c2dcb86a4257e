#!/usr/bin/env python3
"""Refresh the command outputs pasted in README.md from real runs of target/release/unspin.

Each block between `<!-- output:NAME -->` and `<!-- end -->` is replaced by the output of the command
shown on the `$ ...` line above it. Run from the repository root after `cargo build --release`.
With `--check`, change nothing and exit 1 when a pasted output is stale (tests/suites/readme.sh).
"""
import re, subprocess, sys

README = "README.md"
BIN = "target/release/unspin"

def run(cmd):
    args = cmd.split()
    assert args[0] == "unspin"
    p = subprocess.run([BIN] + args[1:], capture_output=True, text=True)
    return (p.stdout + p.stderr).rstrip("\n")

def main():
    text = open(README, encoding="utf-8").read()
    pattern = re.compile(r"(\$ (unspin [^\n]*)\n)<!-- output:(\w+) -->\n.*?<!-- end -->", re.S)
    def repl(m):
        return f"{m.group(1)}<!-- output:{m.group(3)} -->\n{run(m.group(2))}\n<!-- end -->"
    new, n = pattern.subn(repl, text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print(f"{README}: pasted command outputs are stale; run python3 scripts/update_readme.py", file=sys.stderr)
            sys.exit(1)
        print(f"{README}: {n} pasted outputs are current", file=sys.stderr)
        return
    open(README, "w", encoding="utf-8").write(new)
    print(f"refreshed {n} outputs", file=sys.stderr)

if __name__ == "__main__":
    main()
