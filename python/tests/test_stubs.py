"""The type stubs describe the extension as built: same classes, same public members."""

from __future__ import annotations

import ast
from pathlib import Path

import unspin
from unspin import _unspin

STUB = Path(unspin.__file__).with_name("_unspin.pyi")


def stub_members() -> dict[str, set[str]]:
    tree = ast.parse(STUB.read_text())
    out: dict[str, set[str]] = {"": set()}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
            out[node.name] = {n for n in names if not n.startswith("_")}
            out[""].add(node.name)
        elif isinstance(node, ast.FunctionDef):
            out[""].add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[""].add(node.target.id)
    return out


def test_the_package_ships_stubs_and_py_typed():
    assert STUB.is_file()
    assert Path(unspin.__file__).with_name("py.typed").is_file()


def test_stubs_match_the_extension():
    stubs = stub_members()
    runtime = {n for n in dir(_unspin) if not n.startswith("__") or n == "__version__"}
    assert stubs[""] == runtime
    for cls in (_unspin.Cleaner, _unspin.Result, _unspin.Edit):
        public = {n for n in dir(cls) if not n.startswith("_")}
        assert stubs[cls.__name__] == public, cls.__name__
