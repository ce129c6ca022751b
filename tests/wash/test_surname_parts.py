"""A part of a surname of several, written alone in another row's text (``Brittany Sheehan``
for a traveller ``O'Sheehan``), is washed when it names someone alone: the wash passes its
own audit and leaves no such part (searched for independently); a short part or a particle
is left as written, and the audit does not call it a leak."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from washer.audit import AuditOptions, audit_frames, name_pools
from washer.audit._categories import constant_columns, realistic_id_columns
from washer.audit._words import EVERYDAY_WORDS
from washer.categories import DEFAULT_CATEGORIES
from washer.generate import generate_extract
from washer.keys import Key
from washer.rules import load_rules

from ._checks import REFERENCE, leaks, wash_frames

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = Key(bytes(range(32)))
TEXT = "a_travel_method_extra"
OWNER = 0

SURNAMES = ("O'{a}", "{a}-{b}", "{b} {a}", "van der {a}", "{s}-{a}", "Della {a}-{b}")
_part = st.text(alphabet="bdgjkqvwxzaeiouø", min_size=4, max_size=8).map(str.title)
_short = st.text(alphabet="bdgjkqvwxz", min_size=2, max_size=3).map(str.title)


@cache
def _extract() -> pl.DataFrame:
    return generate_extract(300, 5, REFERENCE)


def _writer(frame: pl.DataFrame) -> int:
    """A row of another person than the owner's."""
    others = frame.with_row_index().filter(
        pl.col("p_unique_id") != frame["p_unique_id"][OWNER], pl.col("p_unique_id").is_not_null()
    )
    return int(others["index"][0])


def _audit(original: pl.DataFrame, washed: pl.DataFrame) -> list[str]:
    """The findings of the audit the wash runs before publishing (its rules' categories)."""
    rules = load_rules(RULES)
    options = AuditOptions(
        realistic_ids=realistic_id_columns(rules), constant_columns=constant_columns(rules)
    )
    categories = {**DEFAULT_CATEGORIES, **rules.categories()}
    report = audit_frames([original], [washed], categories=categories, options=options)
    return [f"{f.check}/{f.kind} {f.column}: {f.message}" for f in report.findings]


def _holds(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", text.casefold()) is not None


def _unheard(*words: str) -> bool:
    """No pool, everyday word or cell of the generated extract holds any of the words."""
    known = name_pools().words | name_pools().fake_words | EVERYDAY_WORDS
    folded = {w.casefold().replace("ø", "o") for w in words}
    return not folded & known and not leaks(set(words), _extract())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=_part, b=_part, s=_short, surname=st.sampled_from(SURNAMES))
def test_a_surname_part_written_alone_is_washed_and_the_wash_passes_its_audit(
    a: str, b: str, s: str, surname: str
) -> None:
    assume(len({a, b}) == 2 and _unheard(a, b, s))
    frame = _extract()
    writer = _writer(frame)
    named = surname.format(a=a, b=b, s=s)
    text = f"Reiser med Brittany {a}, hilsen {b} og {s} Hansen"
    frame = frame.with_columns(
        frame["p_last_name"].scatter(OWNER, named), frame[TEXT].scatter(writer, text)
    )
    [washed] = wash_frames([frame], RULES, KEY)
    assert _audit(frame, washed) == []
    parts = [p for p in (a, b) if p in named]
    assert leaks(set(parts), washed) == [], (named, washed[TEXT][writer])
    # a part of three letters or fewer names no one alone: left as written
    assert _holds(washed[TEXT][writer], s)
