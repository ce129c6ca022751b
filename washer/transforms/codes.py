"""Reference codes and keyed pseudonyms."""

from __future__ import annotations

import polars as pl

from washer.categories import Category
from washer.rules.model import ColumnRule
from washer.rules.registry import CATEGORY_OPTION, Option, TransformSpec
from washer.transforms._base import RowContext, RunKeys, Transform, ValueDomain, when_present


def _fake_reference_codes(keys: RunKeys, values: pl.Series) -> pl.Series:
    from washer.fakes.reference import fake_reference_codes

    return fake_reference_codes(values, keys.derive("washer.wash/reference"))


class ReferenceCode(Transform):
    spec = TransformSpec(
        "reference_code",
        "the trip id re-coded: kommune code, country prefix and login method kept, the serial "
        "replaced by a keyed permutation (same trip, same code in every file)",
        Category.REFERENCE_CODE,
    )
    _domain = ValueDomain("reference_code", _fake_reference_codes, order_free=True)

    def domain(self, rule: ColumnRule) -> ValueDomain:
        return self._domain

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return when_present(pl.col(rule.column), ctx.value_fake(rule.column))


def _keyed_hash(keys: RunKeys, values: pl.Series) -> pl.Series:
    from washer.fakes.keyed import keyed_hash64

    return keyed_hash64(values, keys.derive("washer.wash/keyed-hash")).cast(pl.String)


class KeyedHash(Transform):
    spec = TransformSpec(
        "keyed_hash",
        "a keyed pseudonym (a number from the key and the value): equal values stay equal, "
        "nothing else is kept; for identifiers with no fake of their own",
        None,
        (
            Option("prefix", "str", "", "text put before every pseudonym"),
            CATEGORY_OPTION,
        ),
    )
    _domain = ValueDomain("keyed_hash", _keyed_hash, order_free=True)

    def domain(self, rule: ColumnRule) -> ValueDomain:
        return self._domain

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        prefix = rule.options["prefix"]
        assert isinstance(prefix, str)
        fake = pl.concat_str([pl.lit(prefix), ctx.value_fake(rule.column)])
        return when_present(pl.col(rule.column), fake)


TRANSFORMS: tuple[Transform, ...] = (ReferenceCode(), KeyedHash())

__all__ = ["TRANSFORMS"]
