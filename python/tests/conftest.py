"""Shared test texts. They rely only on the spinner's most common substitutions ("mentioned" for
"said", "safety" for "security", "assault" for "attack", "officers" for "officials", "a minimum of"
for "at least"), so the tests survive dictionary improvements."""

from __future__ import annotations

import pytest

SPUN = (
    "Officers mentioned a minimum of 143 individuals died within the assault on the live performance. "
    "The safety forces mentioned the assault was over, in accordance with officers."
)

# Non-ASCII before and between the hits, over several lines: character and byte offsets differ.
SPUN_UNICODE = (
    "“Café” reporters — 😀 —\n"
    "Officers mentioned the assault was over.\n"
    "Naïve safety officers mentioned “nothing” at all."
)

CLEAN = (
    "The committee said on Tuesday that it would publish the full results next week. "
    "The bridge reopened to traffic on Monday morning after repairs were finished."
)


@pytest.fixture
def spun() -> str:
    return SPUN


@pytest.fixture
def spun_unicode() -> str:
    return SPUN_UNICODE


@pytest.fixture
def clean_text() -> str:
    return CLEAN
