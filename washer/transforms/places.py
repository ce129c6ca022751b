"""Addresses and employers."""

from __future__ import annotations

import polars as pl

from washer.categories import Category
from washer.rules.model import ColumnRule, EntityName
from washer.rules.registry import TransformSpec
from washer.transforms._base import RowContext, Transform, entity_of, when_present
from washer.transforms.names import of_option


class Address(Transform):
    spec = TransformSpec(
        "address",
        "a fake Norwegian street address, the same for every row of the person (or, with "
        'of = "employer", a fake business address per employer)',
        Category.ADDRESS,
        (of_option("person"),),
        entity="person",
    )

    def entity_fields(self, rule: ColumnRule) -> tuple[EntityName, tuple[str, ...]]:
        return entity_of(rule, "person"), ("address",)

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        fake = ctx.entity_field(entity_of(rule, "person"), "address")
        return when_present(pl.col(rule.column), fake)


class CompanyName(Transform):
    spec = TransformSpec(
        "company_name",
        "a fake company name, the same for every row of the employer",
        Category.EMPLOYER_NAME,
        (of_option("employer"),),
        entity="employer",
    )

    def entity_fields(self, rule: ColumnRule) -> tuple[EntityName, tuple[str, ...]]:
        return entity_of(rule, "employer"), ("name",)

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        fake = ctx.entity_field(entity_of(rule, "employer"), "name")
        return when_present(pl.col(rule.column), fake)


TRANSFORMS: tuple[Transform, ...] = (Address(), CompanyName())

__all__ = ["TRANSFORMS"]
