"""Phone numbers and e-mail addresses."""

from __future__ import annotations

import polars as pl

from washer.categories import Category
from washer.rules.model import ColumnRule, EntityName
from washer.rules.registry import TransformSpec
from washer.transforms._base import (
    RowContext,
    RunKeys,
    Transform,
    ValueDomain,
    entity_of,
    when_present,
)
from washer.transforms.names import OF

PHONE_PURPOSE = "washer.wash/phone"


def _fake_phones(keys: RunKeys, values: pl.Series) -> pl.Series:
    from washer.fakes.phones import fake_phones

    return fake_phones(values, keys.derive(PHONE_PURPOSE))


class Phone(Transform):
    spec = TransformSpec(
        "phone",
        "a fake phone number with the same country code and style; equal numbers (however "
        "written) get equal fakes, in free text too",
        Category.PHONE,
    )
    # A number's fake depends on the set of the run's numbers, never on their order (the
    # redraws of clashing fakes go in the order of the numbers' normalised forms).
    _domain = ValueDomain("phone", _fake_phones, order_free=True)

    def domain(self, rule: ColumnRule) -> ValueDomain:
        return self._domain

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        return when_present(pl.col(rule.column), ctx.value_fake(rule.column))


class Email(Transform):
    spec = TransformSpec(
        "email",
        "a fake e-mail address made from the person's fake name, on a reserved domain "
        "(example.com/.net/.org, .test, .invalid) so no mail can reach anyone",
        Category.EMAIL,
        (OF,),
        entity="person",
    )

    def entity_fields(self, rule: ColumnRule) -> tuple[EntityName, tuple[str, ...]]:
        return entity_of(rule, "person"), ("email",)

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        # An e-mail is itself a contact node, so a row with one always has a person.
        fake = ctx.entity_field(entity_of(rule, "person"), "email")
        return when_present(pl.col(rule.column), fake)


def fallback_emails(keys: RunKeys, values: pl.Series) -> pl.Series:
    """A fake e-mail per distinct original (for addresses in free text that match nobody)."""
    from washer.fakes.emails import fake_emails_by_value

    return fake_emails_by_value(values, keys.derive("washer.wash/email-value"))


TRANSFORMS: tuple[Transform, ...] = (Phone(), Email())

__all__ = ["PHONE_PURPOSE", "TRANSFORMS", "fallback_emails"]
