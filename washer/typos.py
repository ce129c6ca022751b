"""Fakes for mistyped identity numbers of known people.

A messy extract has rows whose ``p_unique_id`` is a person's number with a wrong check digit
while ``p_dnr`` (or another row) holds the valid number. The id mapper gives such a value a
fake of its own, dated only to within the person's 91-day window; but the date inside every
fake id of a row must be the washed birth date, and different originals must keep different
fakes. So a typo of a person who has a valid fnr or D-number gets a fresh synthetic number of
the typo's shape (a D-number when its first digit says so), with the typo's gender digit,
dated exactly like the person's valid fake, and unlike every other fake and original of the
run. The draw is seeded by a keyed hash of the typo: deterministic, and unrelated across keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Literal

import polars as pl

from washer.ids import dnr, fnr, synthetic

_TRIES = 10_000
_REDRAWN_KINDS = ("fnr", "dnr", "synthetic_fnr", "synthetic_dnr")
_DATED_KINDS = (*_REDRAWN_KINDS, "hnr")


def _draw(value: str, birth: dt.date, style: str, key: bytes, used: set[str]) -> str | None:
    seed = hashlib.blake2b(value.encode("ascii"), key=key, digest_size=8).digest()
    rng = random.Random(int.from_bytes(seed, "big"))
    kind: Literal["fnr", "dnr"] = "dnr" if value[0] in "4567" else "fnr"
    gender: Literal["F", "M"] = "F" if int(value[8]) % 2 == 0 else "M"
    for _ in range(_TRIES):
        if style == "realistic":
            module = dnr if kind == "dnr" else fnr
            fake = module.generate(rng, birth_date=birth, gender=gender)
        else:
            fake = synthetic.generate(rng, birth_date=birth, gender=gender, kind=kind)
        if fake not in used:
            return str(fake)
    return None  # pragma: no cover - thousands of numbers per date and gender


def redate_typos(table: pl.DataFrame, key: bytes, style: str) -> pl.DataFrame:
    """``table`` (norm, entity, kind, fake, fake_birth_date) with the fnr/D-number fakes of
    each known person dated alike.

    A typo is an 11-digit ``malformed`` value; "known" means its entity has a valid dated id.
    A person may also hold two valid numbers (an fnr in one column, a D-number in another);
    their fakes come from separate permutations, so all but those already carrying the
    person's date are redrawn the same way. The person's date is that of an H-number fake
    when there is one (H-numbers have no synthetic form to redraw), else the earliest.
    """
    typo = (pl.col("kind") == "malformed") & pl.col("norm").str.contains(r"^[0-9]{11}$")
    valid = pl.col("kind").is_in(_DATED_KINDS) & pl.col("fake_birth_date").is_not_null()
    canonical = (
        table.filter(valid)
        .group_by("entity")
        .agg(
            pl.col("fake_birth_date")
            .sort_by(pl.col("kind") != "hnr", pl.col("fake_birth_date"))
            .first()
            .alias("person_birth")
        )
    )
    todo = (
        table.with_row_index("row")
        .filter(typo | (valid & pl.col("kind").is_in(_REDRAWN_KINDS)))
        .join(canonical, on="entity", how="inner")
        .filter(pl.col("person_birth") != pl.col("fake_birth_date").fill_null(dt.date(1, 1, 1)))
        .sort("norm")
    )
    if todo.height == 0:
        return table
    used = set(table["fake"].drop_nulls().to_list()) | set(table["norm"].to_list())
    rows, fakes, births = [], [], []
    for row, value, birth in todo.select("row", "norm", "person_birth").iter_rows():
        fake = _draw(value, birth, style, key, used)
        if fake is None:  # pragma: no cover
            continue
        used.add(fake)
        rows.append(row)
        fakes.append(fake)
        births.append(birth)
    index = pl.Series(rows, dtype=pl.UInt32)
    return table.with_columns(
        table["fake"].scatter(index, pl.Series(fakes, dtype=pl.String)),
        table["fake_birth_date"].scatter(index, pl.Series(births, dtype=pl.Date)),
    )


__all__ = ["redate_typos"]
