"""Large columns of distinct valid identity numbers, built with numpy (for tests and benchmarks).

Hypothesis strategies draw one value at a time; a scale test or a benchmark needs a million
distinct numbers in a second, which this module gives.
"""

from __future__ import annotations

import datetime
from typing import Literal

import numpy as np
import polars as pl

from washer.ids import _dated
from washer.ids._tables import EPOCH, USABLE, classic_check_digits, date_parts, form_sums

_FORMS = {"fnr": _dated.FNR, "dnr": _dated.DNR, "hnr": _dated.HNR}


def distinct_numbers(
    count: int,
    *,
    kind: Literal["fnr", "dnr", "hnr"] = "fnr",
    seed: int = 0,
    min_birth_date: datetime.date = datetime.date(1920, 1, 1),
    max_birth_date: datetime.date = datetime.date(2019, 12, 31),
) -> pl.Series:
    """``count`` distinct valid numbers of ``kind`` (classic check digits), in random order."""
    if kind not in _FORMS:
        raise ValueError("kind must be 'fnr', 'dnr' or 'hnr'")
    if (
        not datetime.date(1900, 1, 1)
        <= min_birth_date
        <= max_birth_date
        <= datetime.date(2039, 12, 31)
    ):
        raise ValueError("birth dates must be ordered and within 1900-2039")
    form = _FORMS[kind]
    rng = np.random.default_rng(seed)
    first, last = (min_birth_date - EPOCH).days, (max_birth_date - EPOCH).days
    found = np.zeros(0, dtype=np.int64)
    for _ in range(50):
        if len(found) >= count:
            break
        n = 2 * (count - len(found)) + 1000
        days = rng.integers(first, last + 1, n)
        year, month, day = date_parts(days)
        # 000-499 serve every year 1900-1999, 500-999 every year 2000-2039
        iii = np.where(year >= 2000, rng.integers(500, 1000, n), rng.integers(0, 500, n))
        date1, date2 = form_sums(form, days)
        k1, k2 = classic_check_digits(date1, date2, iii)
        prefix = (
            ((day + form.day_add) * 100 + month + form.month_add) * 100 + year % 100
        ) * 1000 + iii
        numbers = (prefix * 100 + k1 * 10 + k2)[USABLE[date1, date2, iii]]
        found = np.unique(np.concatenate([found, numbers]))
    if len(found) < count:
        raise ValueError(f"the date range holds fewer than {count} numbers")
    chosen = rng.permutation(found)[:count]
    return pl.Series(kind, chosen).cast(pl.String).str.zfill(11)


__all__ = ["distinct_numbers"]
