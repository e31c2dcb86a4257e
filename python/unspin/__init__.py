"""Repair spun, OCR-garbled and mis-encoded English text.

>>> import unspin
>>> result = unspin.clean("Officers mentioned the live performance was cancelled.")
>>> result.text  # doctest: +SKIP
'Officers said the concert was cancelled.'

Every change is an :class:`Edit` over a span of the input, with its stage, rule, confidence and
reason; ``result.revert()`` gives the input back. For many texts build a :class:`Cleaner` once
and call :meth:`Cleaner.clean_batch`, which runs in parallel without holding the GIL.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any

from ._unspin import STAGES, Cleaner, Edit, Result, __version__, packs

__all__ = ["STAGES", "Cleaner", "Edit", "Result", "__version__", "clean", "packs"]


def clean(text: str, *, id: str | None = None, **options: Any) -> Result:
    """Cleans one text with a :class:`Cleaner` built from ``options`` (cached per option set).

    Options are those of :class:`Cleaner`: ``stages``, ``min_confidence``, ``dicts``, and any
    other field of the library's ``Config``. The cleaner is cached per option set (except with
    ``dict_files``, which are read on every call).
    """
    if "dict_files" in options:
        # Files can change between calls: read them afresh.
        return Cleaner(**options).clean(text, id=id)
    return _cached_cleaner(_options_key(options)).clean(text, id=id)


def _options_key(options: dict[str, Any]) -> str:
    try:
        return json.dumps(options, sort_keys=True, default=os.fspath)
    except TypeError as e:
        raise TypeError(f"unspin options must be JSON-like values: {e}") from None


@functools.lru_cache(maxsize=16)
def _cached_cleaner(key: str) -> Cleaner:
    return Cleaner(**json.loads(key))
