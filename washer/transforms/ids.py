"""Identity numbers: person ids (fnr, D, FH, passport) and organisation numbers."""

from __future__ import annotations

import polars as pl

from washer.categories import Category
from washer.rules.model import ColumnRule
from washer.rules.registry import Option, TransformSpec
from washer.transforms._base import RowContext, RunKeys, Transform, ValueDomain, when_present

STYLES = ("synthetic", "realistic")


class PersonId(Transform):
    spec = TransformSpec(
        "person_id",
        "a fake id of the original's kind (fnr, D-number, FH-number, passport); equal "
        "originals get equal fakes in every column and file; the gender digit is kept and "
        "the date inside equals the washed birth date",
        Category.PERSON_ID,
        (
            Option(
                "style",
                "str",
                "synthetic",
                "synthetic: fnr and D-numbers become Skatteetaten's synthetic (month + 80) "
                "numbers, which no real person has; realistic: normal-form numbers (may "
                "exist)",
                STYLES,
            ),
        ),
    )

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return when_present(pl.col(rule.column), ctx.person_id(rule.column).fake)


def _fake_orgnr(keys: RunKeys, values: pl.Series) -> pl.Series:
    return keys.id_mapper("synthetic").map_orgnr(values)


class Orgnr(Transform):
    spec = TransformSpec(
        "orgnr",
        "a fake valid organisation number (mod 11), the same for the same original",
        Category.ORGNR,
    )
    _domain = ValueDomain("orgnr", _fake_orgnr)

    def domain(self, rule: ColumnRule) -> ValueDomain:
        return self._domain

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return when_present(pl.col(rule.column), ctx.value_fake(rule.column))


TRANSFORMS: tuple[Transform, ...] = (PersonId(), Orgnr())

__all__ = ["STYLES", "TRANSFORMS"]
