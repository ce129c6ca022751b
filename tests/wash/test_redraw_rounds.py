"""The id redraws (collisions._redraw) check several draws of each value at once: they keep
the draws that checking one round at a time kept."""

from __future__ import annotations

import hashlib
import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.tables import collisions
from washer.tables.collisions import _present, _redraw, _runs

_KEY = bytes(range(32))


def _redraw_round_by_round(
    values: list[str],
    draw: collisions.Draw,
    key: bytes,
    taken: list[pl.Series],
    runs_taken: list[pl.Series] | None = None,
    read: set[str] | None = None,
) -> dict[str, str]:
    """The redraws as they were: one draw of every pending value a round, checked then."""
    out: dict[str, str] = {}
    drawn: set[str] = set()
    pending = sorted(values)
    rngs = {
        v: random.Random(
            int.from_bytes(hashlib.blake2b(v.encode(), key=key, digest_size=8).digest(), "big")
        )
        for v in pending
    }
    among = runs_taken or []
    while pending:
        candidates = {v: draw(rngs[v], v) for v in pending}
        drawn_now = list(candidates.values())
        runs_of = {}
        if runs_taken is not None:
            runs_of = {c: _runs(c) for v, c in candidates.items() if read is None or v in read}
        clash = _present(drawn_now, taken)
        if runs_of:
            seen = _present([r for found in runs_of.values() for r in found], among)
            clash |= {c for c, found in runs_of.items() if seen.intersection(found)}
        left = []
        for value in pending:
            fake = candidates[value]
            if fake in clash or fake in drawn:
                left.append(value)
                continue
            drawn.add(fake)
            out[value] = fake
        pending = left
    return out


def _draw(rng: random.Random, value: str) -> str:
    """Passport-like draws (a letter, seven digits) for values starting with p, FH-like ones
    (eleven digits) for the rest: from few numbers, so that draws clash often."""
    if value.startswith("p"):
        return f"W{rng.randrange(1_000_000, 1_000_030)}"
    return str(rng.randrange(10**10, 10**10 + 30))


_VALUES = st.lists(st.text("pq01", min_size=1, max_size=4), unique=True, max_size=10)
_NUMBERS = st.lists(st.integers(0, 29), max_size=9)  # never every number taken


@settings(max_examples=150, deadline=None)
@given(values=_VALUES, fh=_NUMBERS, passports=_NUMBERS, digits=_NUMBERS, data=st.data())
def test_draws_checked_ahead_are_those_checked_round_by_round(
    values: list[str], fh: list[int], passports: list[int], digits: list[int], data: st.DataObject
) -> None:
    taken = [
        pl.Series([str(10**10 + n) for n in fh], dtype=pl.String),
        pl.Series([f"W{1_000_000 + n}" for n in passports], dtype=pl.String),
    ]
    runs = [taken[0], pl.Series([str(1_000_000 + n) for n in digits], dtype=pl.String)]
    read = {v for v in values if v.startswith("p")} if data.draw(st.booleans()) else None
    found = _redraw(values, _draw, _KEY, taken)
    assert found == _redraw_round_by_round(values, _draw, _KEY, taken)
    found = _redraw(values, _draw, _KEY, taken, runs, read)
    assert found == _redraw_round_by_round(values, _draw, _KEY, taken, runs, read)
