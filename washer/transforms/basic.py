"""Transforms that make no fakes: keep, drop, null, constant."""

from __future__ import annotations

import polars as pl

from washer.rules.model import ColumnRule
from washer.rules.registry import CATEGORY_OPTION, Option, TransformSpec
from washer.transforms._base import RowContext, Transform, when_present


class Keep(Transform):
    spec = TransformSpec(
        "keep",
        "the value unchanged, byte for byte (codes, kommune numbers, counts, yes/no)",
        None,
        (CATEGORY_OPTION,),
    )

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return pl.col(rule.column)


class Drop(Transform):
    spec = TransformSpec("drop", "the column is left out of the output", None, (CATEGORY_OPTION,))

    def build(self, rule: ColumnRule, ctx: RowContext) -> None:
        return None


class Null(Transform):
    spec = TransformSpec(
        "null", "every value emptied (the column stays, with no values)", None, (CATEGORY_OPTION,)
    )

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return pl.lit(None, dtype=pl.String)


class Constant(Transform):
    spec = TransformSpec(
        "constant",
        "every non-empty value replaced by one fixed text",
        None,
        (
            Option("value", "str", "", "the text that replaces every non-empty value"),
            CATEGORY_OPTION,
        ),
    )

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        value = rule.options["value"]
        assert isinstance(value, str)
        return when_present(pl.col(rule.column), pl.lit(value, dtype=pl.String))


TRANSFORMS: tuple[Transform, ...] = (Keep(), Drop(), Null(), Constant())

__all__ = ["TRANSFORMS"]
