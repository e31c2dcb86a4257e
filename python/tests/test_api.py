"""The Python API: clean, Cleaner, Result, Edit."""

from __future__ import annotations

import pickle
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import unspin
from conftest import CLEAN, SPUN, SPUN_UNICODE


def apply(text: str, edits: list[unspin.Edit]) -> str:
    """Applies edits by their Python indices, independently of the library."""
    out, pos = [], 0
    for e in edits:
        assert e.start >= pos, "edits overlap or are unsorted"
        out.append(text[pos : e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def revert(text: str, edits: list[unspin.Edit]) -> str:
    """Undoes edits from the cleaned text, independently of the library."""
    out, pos, shift = [], 0, 0
    for e in edits:
        o_start = e.start + shift
        assert text[o_start : o_start + len(e.after)] == e.after
        out.append(text[pos:o_start])
        out.append(e.before)
        pos = o_start + len(e.after)
        shift += len(e.after) - (e.end - e.start)
    out.append(text[pos:])
    return "".join(out)


def test_spun_text_is_edited(spun):
    r = unspin.clean(spun)
    assert r.changed and len(r.edits) >= 3
    assert r.text != spun
    mentioned = [e for e in r.edits if e.before.lower() == "mentioned"]
    assert mentioned, r.edits
    assert all(e.stage == "spin" and e.after != "mentioned" for e in mentioned)
    assert "mentioned" not in r.text


def test_clean_text_is_left_alone(clean_text):
    r = unspin.clean(clean_text)
    assert r.edits == [] and not r.changed and len(r) == 0
    assert r.text == clean_text
    assert r.revert() == clean_text


@pytest.mark.parametrize("text", [SPUN, SPUN_UNICODE, CLEAN, ""])
def test_edits_reverse_to_the_input(text):
    r = unspin.clean(text)
    for e in r.edits:
        assert text[e.start : e.end] == e.before
        assert e.span == (e.start, e.end)
        assert text.encode()[e.byte_start : e.byte_end].decode() == e.before
    assert apply(text, r.edits) == r.text
    assert revert(r.text, r.edits) == text
    assert r.revert() == text


def test_edit_fields(spun_unicode):
    r = unspin.clean(spun_unicode, id="doc-1")
    assert r.id == "doc-1"
    e = next(e for e in r.edits if e.before == "mentioned")
    # "Officers mentioned" opens line 2; a Python index, not a byte offset.
    assert (e.line, e.column) == (2, spun_unicode.split("\n")[1].index("mentioned") + 1)
    assert e.start == spun_unicode.index("mentioned")
    assert e.byte_start == spun_unicode.encode().index(b"mentioned") > e.start
    assert 0.5 <= e.confidence <= 1 and e.rule and e.reason and len(e.id) == 8
    assert isinstance(e.alternatives, list)
    d = e.to_dict()
    assert d["before"] == "mentioned" and d["start"] == e.start and d["stage"] == "spin"
    assert "mentioned" in repr(e) and "doc-1" in repr(r)
    assert isinstance(r.signals, dict)
    with pytest.raises(AttributeError):
        e.after = "x"  # frozen


def test_to_json_is_the_cli_record_attribute(spun_unicode):
    import json

    r = unspin.clean(spun_unicode)
    attr = json.loads(r.to_json())
    assert set(attr) == {"edits", "signals"}
    assert [(a["start"], a["end"], a["char_start"], a["before"], a["after"]) for a in attr["edits"]] == [
        (e.byte_start, e.byte_end, e.start, e.before, e.after) for e in r.edits
    ]
    assert all(a["confidence"] == e.confidence for a, e in zip(attr["edits"], r.edits))


def test_batch_equals_sequential():
    texts = [SPUN, CLEAN, SPUN_UNICODE, "", "He mentioned it.", CLEAN.upper(), SPUN.lower()] * 15
    ids = [f"doc-{i}" for i in range(len(texts))]
    cleaner = unspin.Cleaner()
    batch = cleaner.clean_batch(texts, ids=ids)
    one_thread = unspin.Cleaner(threads=1).clean_batch(texts, ids=ids)
    assert len(batch) == len(texts)
    for i, (text, r, r1) in enumerate(zip(texts, batch, one_thread)):
        s = cleaner.clean(text, id=ids[i])
        assert r.id == s.id == ids[i]
        assert r.text == s.text == r1.text
        assert [e.to_dict() for e in r.edits] == [e.to_dict() for e in s.edits] == [e.to_dict() for e in r1.edits]
        assert r.signals == s.signals
    assert sum(r.changed for r in batch) >= 45


def test_batch_accepts_any_sequence_and_default_ids():
    cleaner = unspin.Cleaner()
    rs = cleaner.clean_batch(("He mentioned it.", CLEAN))
    assert [r.id for r in rs] == ["", ""]
    assert rs[0].changed and not rs[1].changed
    assert cleaner.clean_batch([]) == []


def test_clean_batch_releases_the_gil():
    """A Python thread runs while a batch is being cleaned.

    With a long switch interval the interpreter does not preempt the calling thread on its own, so
    the counter thread can only run if clean_batch lets go of the GIL.
    """
    texts = [SPUN * 20] * 400
    cleaner = unspin.Cleaner(threads=1)
    counter = [0]
    go, stop = threading.Event(), threading.Event()

    def count() -> None:
        go.wait()
        while not stop.is_set():
            counter[0] += 1

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.5)
    t = threading.Thread(target=count)
    t.start()
    try:
        go.set()
        cleaner.clean_batch(texts)
        during = counter[0]
    finally:
        stop.set()
        sys.setswitchinterval(old)
        t.join()
    assert during > 0


def test_a_cleaner_is_shared_between_threads():
    cleaner = unspin.Cleaner()
    texts = [SPUN, CLEAN, SPUN_UNICODE] * 10
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(cleaner.clean, texts))
    assert [r.text for r in results] == [cleaner.clean(t).text for t in texts]


def test_options_map_onto_the_config(spun):
    c = unspin.Cleaner(stages="spin", min_confidence=0.75, dicts=["news"])
    assert c.config["stages"] == ["spin"]
    assert c.config["min_confidence"] == pytest.approx(0.75)
    assert c.config["packs"] == ["news"]
    assert all(e.confidence >= 0.75 and e.stage == "spin" for e in c.clean(spun).edits)
    # Without the spin stage, the spinner's words stay.
    assert all(e.stage == "normalize" for e in unspin.clean(spun, stages=["normalize"]).edits)
    assert "mentioned" in unspin.clean(spun, stages=["normalize"]).text
    # The library's Config field name works too.
    assert unspin.Cleaner(packs="news").config["packs"] == ["news"]
    assert "news" in unspin.packs()
    assert unspin.STAGES == ["normalize", "spin", "ocr"]


def test_user_dictionaries_and_nested_options(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("frobnicated\tchanged\t0.95\t\ttest\n")
    text = "He frobnicated the assault."
    # A pathlib.Path, alone, instead of a list of str; the built-in packs are off.
    c = unspin.Cleaner(dict_files=tsv, builtin_dicts=False, stages="spin")
    r = c.clean(text)
    assert [(e.before, e.after) for e in r.edits] == [("frobnicated", "changed")]
    assert "mine.tsv" in r.edits[0].rule
    # With the built-in packs too, both apply.
    both = unspin.clean(text, dict_files=[str(tsv)], stages="spin")
    assert {e.before for e in both.edits} == {"frobnicated", "assault"}
    # The module-level clean reads the files on each call (no stale cache).
    assert [e.after for e in unspin.clean(text, dict_files=tsv, builtin_dicts=False, stages="spin").edits] == ["changed"]
    tsv.write_text("frobnicated\taltered\t0.95\t\ttest\n")
    assert [e.after for e in unspin.clean(text, dict_files=tsv, builtin_dicts=False, stages="spin").edits] == ["altered"]
    # A dict updates the nested options key by key; the other keys keep their defaults.
    default = unspin.Cleaner().config["normalize"]
    key = next(k for k, v in default.items() if isinstance(v, bool))
    changed = unspin.Cleaner(normalize={key: not default[key]}).config["normalize"]
    assert changed == {**default, key: not default[key]}


def test_a_cleaner_pickles(spun):
    c = unspin.Cleaner(stages=["normalize", "spin"], min_confidence=0.6, threads=2)
    c2 = pickle.loads(pickle.dumps(c))
    assert c2.config == c.config and c2.threads == 2
    assert c2.clean(spun).text == c.clean(spun).text


@pytest.mark.parametrize(
    "options, error, words",
    [
        ({"stages": ["spell"]}, ValueError, ["spell", "normalize, spin, ocr"]),
        ({"stages": 3}, TypeError, ["stages", "int"]),
        ({"min_confidence": 1.5}, ValueError, ["min_confidence", "1.5"]),
        ({"min_confidence": "high"}, TypeError, ["min_confidence", "str"]),
        ({"dicts": ["nonexistent"]}, ValueError, ["nonexistent", "news"]),
        ({"colour": "blue"}, TypeError, ["colour", "stages"]),
        ({"threads": 0}, ValueError, ["threads"]),
        ({"normalize": {"sparkle": True}}, TypeError, ["sparkle", "normalize"]),
        ({"normalize": 3}, TypeError, ["normalize", "dict"]),
        ({"dict_files": ["/nonexistent/mine.tsv"]}, ValueError, ["/nonexistent/mine.tsv"]),
        ({"dict_files": [object()]}, TypeError, ["dict_files"]),
    ],
)
def test_bad_options_raise_clear_errors(options, error, words):
    with pytest.raises(error) as info:
        unspin.Cleaner(**options)
    for w in words:
        assert w in str(info.value)
    with pytest.raises(error):
        unspin.clean("He mentioned it.", **options)


def test_bad_batch_arguments_raise_clear_errors():
    c = unspin.Cleaner()
    with pytest.raises(TypeError, match="list of texts"):
        c.clean_batch("He mentioned it.")
    with pytest.raises(TypeError, match="texts"):
        c.clean_batch(["ok", 3])
    with pytest.raises(ValueError, match="ids has 1 items but texts has 2"):
        c.clean_batch(["a", "b"], ids=["x"])
    with pytest.raises(TypeError):
        c.clean(None)
