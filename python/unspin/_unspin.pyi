"""Type stubs for the Rust extension (python/src/lib.rs)."""

from typing import Any, Final, Sequence, final

__version__: Final[str]
STAGES: Final[list[str]]
"""Pipeline stages, in the order they run: ``["normalize", "spin", "ocr"]``."""

def packs() -> list[str]:
    """Names of the built-in dictionary packs (values for ``dicts=``)."""

@final
class Edit:
    """One accepted change over the input text."""

    id: Final[str]
    """Stable id: a hash of the document id, the span and the replacement."""
    start: Final[int]
    """Python string index (code points) where the edit starts in the input."""
    end: Final[int]
    """Python string index just after the edit in the input: ``input[start:end] == before``."""
    byte_start: Final[int]
    """UTF-8 byte offset of ``start`` (the ``start`` of the JSON report)."""
    byte_end: Final[int]
    line: Final[int]
    """1-based line of ``start``."""
    column: Final[int]
    """1-based column of ``start``, in characters."""
    before: Final[str]
    after: Final[str]
    stage: Final[str]
    """``"normalize"``, ``"spin"`` or ``"ocr"``."""
    rule: Final[str]
    """The rule or dictionary entry that fired, e.g. ``"spin/news.tsv:120"``."""
    confidence: Final[float]
    alternatives: Final[list[str]]
    """Other replacements that were considered, best first."""
    reason: Final[str]
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)``."""
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Result:
    """The outcome of cleaning one text."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str:
        """The cleaned text: the input with ``edits`` applied."""
    @property
    def edits(self) -> list[Edit]:
        """Accepted edits, sorted by position and non-overlapping."""
    @property
    def signals(self) -> dict[str, float]:
        """Per-document scores recorded by the stages, e.g. ``{"spin.score": 0.8}``."""
    @property
    def changed(self) -> bool: ...
    def revert(self) -> str:
        """The input text, rebuilt by undoing every edit."""
    def to_json(self) -> str:
        """The ``unspin`` attribute of ``unspin clean --jsonl`` records (byte offsets), as JSON."""
    def __len__(self) -> int: ...

@final
class Cleaner:
    """A configured pipeline; build once, reuse, share between threads. Picklable."""

    def __init__(
        self,
        *,
        stages: Sequence[str] | str | None = None,
        min_confidence: float | None = None,
        dicts: Sequence[str] | str | None = None,
        threads: int | None = None,
        **options: Any,
    ) -> None:
        """
        stages: stages to run (default ``["normalize", "spin"]``), as a list or ``"a,b"``.
        min_confidence: edits below this confidence (0 to 1) are not applied (default 0.5).
        dicts: built-in dictionary packs for the spin stage (default ``["news"]``); see ``packs()``.
        threads: worker threads for ``clean_batch`` (default: all cores).
        options: any other field of the library's ``Config``.

        Raises TypeError for an unknown option, ValueError for a bad value or dictionary.
        """
    def clean(self, text: str, id: str | None = None) -> Result:
        """Cleans one text (the GIL is released while it runs)."""
    def clean_batch(self, texts: Sequence[str], ids: Sequence[str] | None = None) -> list[Result]:
        """Cleans many texts in parallel with the GIL released; results in input order."""
    @property
    def config(self) -> dict[str, Any]:
        """The effective configuration (the ``config`` object of a JSON report)."""
    @property
    def threads(self) -> int | None: ...

def _cleaner_from_json(config_json: str, threads: int | None = None) -> Cleaner: ...
