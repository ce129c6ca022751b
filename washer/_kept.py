"""Values derived from a run table (or series), computed once while it lives.

Every batch of rows looks in the same run tables, which never change: what is derived from
one (an index of its keys, a copy in one chunk) is kept beside it, found by its identity, and
let go with it (a weak reference), so nothing outlives the run.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

import polars as pl

Owner = pl.DataFrame | pl.Series
T = TypeVar("T")

_KEPT: dict[tuple[int, Hashable], tuple[weakref.ref[Owner], object]] = {}
_KEEPING = threading.Lock()


def kept(owner: Owner, tag: Hashable, build: Callable[[], T]) -> T:
    """``build()``, computed once per ``owner`` and ``tag`` while ``owner`` lives."""
    key = (id(owner), tag)
    with _KEEPING:
        held = _KEPT.get(key)
        if held is not None and held[0]() is owner:
            return cast(T, held[1])
    value = build()
    with _KEEPING:
        _KEPT[key] = (weakref.ref(owner, lambda _: _KEPT.pop(key, None)), value)
    return value


def forget_all() -> None:
    """Drop everything kept (for tests that change how values are derived)."""
    with _KEEPING:
        _KEPT.clear()


__all__ = ["Owner", "forget_all", "kept"]
