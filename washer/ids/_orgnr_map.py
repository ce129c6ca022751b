"""Fake organisation numbers for a whole column.

Valid numbers go through the keyed single cycle of :func:`washer.ids._domains.map_orgnr`.
Anything else that is not empty (a typo, a truncated number) still gets a valid fake, so no
original passes through: a keyed hash picks a prefix and linear probing moves on to the next
usable prefix whose number is not already some value's fake in this call (values sorted by the
hash, then the value). Like malformed person ids, such a fake is distinct within one call.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.ids import orgnr
from washer.ids._domains import ORGNR_SPAN, map_orgnr, orgnr_check
from washer.ids._fallback import slot_hash
from washer.ids._text import SEPARATOR_CLASS
from washer.ids.feistel import FeistelKey


def normalise_orgnr(values: pl.Series) -> pl.Series:
    """Separators removed, upper case, ``NO ... MVA`` reduced to the nine digits."""
    norm = values.cast(pl.String).str.replace_all(SEPARATOR_CLASS, "").str.to_uppercase()
    return norm.str.replace(r"^NO([0-9]{9})MVA$", "${1}")


def map_orgnr_series(values: pl.Series, key: FeistelKey, secret: bytes) -> pl.Series:
    """One fake per value, in order; null for null or empty values."""
    norm = normalise_orgnr(values)
    distinct = norm.filter(norm.str.len_bytes() > 0).unique().sort()
    shaped = distinct.str.contains(r"^[89][0-9]{8}$").to_numpy()
    numbers = distinct.filter(pl.Series(shaped)).cast(pl.Int64).to_numpy()
    ok = orgnr_check(numbers // 10 - orgnr.FIRST_PREFIX) == numbers % 10
    valid = np.flatnonzero(shaped)[ok]
    fake = np.full(len(distinct), -1, dtype=np.int64)
    fake[valid] = map_orgnr(key, numbers[ok])

    used = set(fake[valid].tolist())
    junk = [(slot_hash(secret, v), v, i) for i, v in enumerate(distinct.to_list()) if fake[i] < 0]
    for h, _, i in sorted(junk):
        index = h % ORGNR_SPAN
        while True:
            check = int(orgnr_check(np.array([index]))[0])
            number = (index + orgnr.FIRST_PREFIX) * 10 + check
            if check != 10 and number not in used:
                break
            index = (index + 1) % ORGNR_SPAN
        used.add(number)
        fake[i] = number

    table = pl.DataFrame({"norm": distinct, "fake": pl.Series(fake).cast(pl.String)})
    out = pl.DataFrame({"norm": norm}).join(table, on="norm", how="left", maintain_order="left")
    return out["fake"].rename(values.name)
