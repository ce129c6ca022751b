"""Fakes that happen to be somebody else's original are drawn again.

FH-numbers, passports and organisation numbers have no synthetic form: their fakes come from
keyed permutations of the real number space, so a fake can equal another person's (or
employer's) original value in the same run, which reads as a leak. This pass finds such fakes
and replaces each by a fresh valid number of the same kind (a passport keeps its letter/digit
pattern) that is neither an original nor another fake of the run. Draws are seeded by a keyed
hash of the original, in sorted order: deterministic for the run's values and the key, and
still one fake per original (injective), since every draw avoids every fake already taken.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

import polars as pl

from washer.ids import fh, orgnr, passport

_TRIES = 100_000
Draw = Callable[[random.Random, str], str]


def _pattern(value: str) -> str:
    return "".join("9" if c.isdigit() else "A" for c in value)


def _draw_fh(rng: random.Random, value: str) -> str:
    return str(fh.generate(rng))


def _draw_passport(rng: random.Random, value: str) -> str:
    return str(passport.generate(rng, pattern=_pattern(value)))


def _draw_orgnr(rng: random.Random, value: str) -> str:
    return str(orgnr.generate(rng))


def _redraw(values: list[str], draw: Draw, key: bytes, taken: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in sorted(values):
        seed = hashlib.blake2b(value.encode("utf-8"), key=key, digest_size=8).digest()
        rng = random.Random(int.from_bytes(seed, "big"))
        for _ in range(_TRIES):
            fake = draw(rng, value)
            if fake not in taken:
                taken.add(fake)
                out[value] = fake
                break
    return out


def redraw_person_ids(table: pl.DataFrame, originals: pl.Series, key: bytes) -> pl.DataFrame:
    """``table`` (norm, kind, fake, ...) with FH and passport fakes that equal an original
    (any normalised person id of the run, or any other value in ``originals``) drawn again."""
    original = pl.concat([table["norm"], originals.cast(pl.String)]).drop_nulls().unique()
    clash = pl.col("kind").is_in(["fh", "passport"]) & pl.col("fake").is_in(original.implode())
    hits = table.filter(clash)
    if hits.height == 0:
        return table
    # Rare: only now are the run's values worth holding as Python strings.
    taken = set(original.to_list()) | set(table["fake"].drop_nulls().to_list())
    new: dict[str, str] = {}
    for kind, draw in (("fh", _draw_fh), ("passport", _draw_passport)):
        values = hits.filter(pl.col("kind") == kind)["norm"].to_list()
        new.update(_redraw(values, draw, key, taken))
    return _replace(table, "norm", new)


def phone_forms(phones: pl.Series) -> pl.Series:
    """The digit strings a phone number can be written as (with and without its country
    code), so that a digit-only fake of another kind is not mistaken for somebody's phone."""
    digits = phones.drop_nulls().str.replace_all(r"\D", "").str.strip_prefix("00")
    cuts = [digits.str.slice(cut).filter(digits.str.len_chars() - cut >= 7) for cut in (1, 2, 3)]
    return pl.concat([digits, *cuts]).unique().alias("phone")


def redraw_orgnr(values: pl.DataFrame, key: bytes) -> pl.DataFrame:
    """``values`` (orig, fake) of organisation numbers with fakes that equal any original
    (compared as digits) drawn again."""
    digits = values["orig"].str.replace_all(r"\D", "").drop_nulls().unique()
    hits = values.filter(pl.col("fake").is_in(digits.implode()))
    if hits.height == 0:
        return values
    taken = set(digits.to_list()) | set(values["fake"].drop_nulls().to_list())
    new = _redraw(hits["orig"].to_list(), _draw_orgnr, key, taken)
    return _replace(values, "orig", new)


def _replace(table: pl.DataFrame, by: str, new: dict[str, str]) -> pl.DataFrame:
    if not new:
        return table
    fresh = pl.DataFrame({by: list(new), "new_fake": list(new.values())})
    return (
        table.join(fresh, on=by, how="left", maintain_order="left")
        .with_columns(pl.coalesce("new_fake", "fake").alias("fake"))
        .drop("new_fake")
    )


__all__ = ["phone_forms", "redraw_orgnr", "redraw_person_ids"]
