"""Dates: event dates move by the run's one offset; birth dates move per person."""

from __future__ import annotations

import polars as pl

from washer.categories import Category
from washer.dates import format_like, shift_dates
from washer.rules.model import ColumnRule, EntityName
from washer.rules.registry import TransformSpec
from washer.transforms._base import RowContext, Transform


class EventDate(Transform):
    spec = TransformSpec(
        "event_date",
        "moved by the run's one offset in whole days (the newest anchor date lands on the day "
        "before --reference-date); each value keeps its own spelling (date, time, fraction, "
        "UTC offset); a value that is not a date is emptied",
        Category.EVENT_DATE,
    )

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return shift_dates(pl.col(rule.column), ctx.offset_days)


class BirthDate(Transform):
    spec = TransformSpec(
        "birth_date",
        "moved per person by a keyed offset of at most about three months, equal to the date "
        "inside the person's fake fnr/D-number; keeps the value's spelling",
        Category.BIRTH_DATE,
        entity="person",  # without a [person] table every birth date would be emptied
    )

    def entity_fields(self, rule: ColumnRule) -> tuple[EntityName, tuple[str, ...]]:
        return "person", ("birth",)

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return format_like(pl.col(rule.column), ctx.birth_date(rule.column))


TRANSFORMS: tuple[Transform, ...] = (EventDate(), BirthDate())

__all__ = ["TRANSFORMS"]
