#!/usr/bin/env python3
"""Refresh the command outputs pasted in README.md from real runs of target/release/unspin.

Each block between `<!-- output:NAME -->` and `<!-- end -->` is replaced by the output of the command
shown on the `$ ...` line above it. Run from the repository root after `cargo build --release`.
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
    open(README, "w", encoding="utf-8").write(new)
    print(f"refreshed {n} outputs", file=sys.stderr)

if __name__ == "__main__":
    main()
