"""Free text: scrubbed of every identifying value, which is replaced by its fake."""

from __future__ import annotations

import polars as pl

from washer.categories import Category
from washer.rules.model import ColumnRule
from washer.rules.registry import TransformSpec
from washer.transforms._base import RowContext, Transform


class Scrub(Transform):
    spec = TransformSpec(
        "scrub",
        "free text kept, but the row's own identifiers (ids, names, phones, e-mails, "
        "addresses, employer) and any other value of the run or number that looks like an "
        "fnr/D-number, phone or e-mail are replaced by the same fakes as in their columns",
        Category.FREE_TEXT,
    )

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return ctx.scrubbed(rule.column)


TRANSFORMS: tuple[Transform, ...] = (Scrub(),)

__all__ = ["TRANSFORMS"]
