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
from collections.abc import Iterator
from typing import Literal

import polars as pl

from washer.ids import dnr, fnr, synthetic

_TRIES = 10_000
_REDRAWN_KINDS = ("fnr", "dnr", "synthetic_fnr", "synthetic_dnr")
_DATED_KINDS = (*_REDRAWN_KINDS, "hnr")


def _draws(value: str, birth: dt.date, style: str, key: bytes) -> Iterator[str]:
    """The keyed candidates for a typo's fake, in the order they are tried."""
    seed = hashlib.blake2b(value.encode("ascii"), key=key, digest_size=8).digest()
    rng = random.Random(int.from_bytes(seed, "big"))
    kind: Literal["fnr", "dnr"] = "dnr" if value[0] in "4567" else "fnr"
    gender: Literal["F", "M"] = "F" if int(value[8]) % 2 == 0 else "M"
    for _ in range(_TRIES):
        if style == "realistic":
            module = dnr if kind == "dnr" else fnr
            yield str(module.generate(rng, birth_date=birth, gender=gender))
        else:
            yield str(synthetic.generate(rng, birth_date=birth, gender=gender, kind=kind))


def _in_table(candidates: list[str], table: pl.DataFrame) -> set[str]:
    """The ``candidates`` that are a fake or an original of ``table`` (looked up by polars:
    the table holds a run's million values, too many for a Python set)."""
    wanted = pl.Series(candidates, dtype=pl.String).implode()
    return {v for c in ("fake", "norm") for v in table[c].filter(table[c].is_in(wanted)).to_list()}


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
    # Only a person with two such ids can have one to redate: the rest (nearly all) skip the
    # group and the join. (Told by the label's 64-bit hash, a third of the work on strings:
    # a shared hash only lets a lone id through, which finds no other date below.)
    shared = (
        table.with_row_index("row")
        .filter(typo | valid)
        .filter(pl.col("entity").hash().is_duplicated())
    )
    canonical = (
        shared.filter(valid)
        .group_by("entity")
        .agg(
            pl.col("fake_birth_date")
            .sort_by(pl.col("kind") != "hnr", pl.col("fake_birth_date"))
            .first()
            .alias("person_birth")
        )
    )
    todo = (
        shared.filter(typo | (valid & pl.col("kind").is_in(_REDRAWN_KINDS)))
        .join(canonical, on="entity", how="inner")
        .filter(pl.col("person_birth") != pl.col("fake_birth_date").fill_null(dt.date(1, 1, 1)))
        .sort("norm")
    )
    if todo.height == 0:
        return table
    rows, fakes, births = [], [], []
    streams = [_draws(v, b, style, key) for v, b in todo.select("norm", "person_birth").iter_rows()]
    first = [next(stream) for stream in streams]
    # Each candidate must be no fake or original of the table, and no fake drawn before it.
    taken = _in_table(first, table)
    drawn: set[str] = set()
    for (row, birth), stream, candidate in zip(
        todo.select("row", "person_birth").iter_rows(), streams, first, strict=True
    ):
        fake: str | None = candidate
        while fake is not None and (fake in taken or fake in drawn):
            fake = next(stream, None)  # rare: a few in a million are taken
            if fake is not None:
                taken |= _in_table([fake], table)
        if fake is None:  # pragma: no cover
            continue
        drawn.add(fake)
        rows.append(row)
        fakes.append(fake)
        births.append(birth)
    index = pl.Series(rows, dtype=pl.UInt32)
    return table.with_columns(
        table["fake"].scatter(index, pl.Series(fakes, dtype=pl.String)),
        table["fake_birth_date"].scatter(index, pl.Series(births, dtype=pl.Date)),
    )


__all__ = ["redate_typos"]
