"""Names: fake first, last and full names, one set per person (or employer contact)."""

from __future__ import annotations

import polars as pl

from washer.categories import Category
from washer.rules.model import ColumnRule, EntityName
from washer.rules.registry import Option, TransformSpec
from washer.transforms._base import RowContext, Transform, entity_of, when_present


def of_option(default: EntityName) -> Option:
    """The ``of`` option: which entity's fake a column gets."""
    return Option(
        "of",
        "str",
        default,
        "whose fake this is: the row's person or its employer (its contact person); the "
        "[person] and [employer] tables say which columns identify them",
        ("person", "employer"),
    )


OF = of_option("person")


class _EntityName(Transform):
    field: str

    def entity_fields(self, rule: ColumnRule) -> tuple[EntityName, tuple[str, ...]]:
        return entity_of(rule, "person"), (self.field,)

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr:
        entity = entity_of(rule, "person")
        return when_present(pl.col(rule.column), ctx.entity_field(entity, self.field))


_NAME_CATEGORIES: dict[str, dict[EntityName, Category]] = {
    "first": {"person": Category.FIRST_NAME, "employer": Category.CONTACT_PERSON},
    "last": {"person": Category.LAST_NAME, "employer": Category.CONTACT_PERSON},
    "full": {"person": Category.FIRST_NAME, "employer": Category.CONTACT_PERSON},
}


class FirstName(_EntityName):
    field = "first"
    spec = TransformSpec(
        "first_name",
        "a fake first name, the same for every row of the person; matches the gender digit "
        "of the person's fake id",
        Category.FIRST_NAME,
        (OF,),
        entity="person",
        entity_categories=_NAME_CATEGORIES["first"],
    )


class LastName(_EntityName):
    field = "last"
    spec = TransformSpec(
        "last_name",
        "a fake last name, the same for every row of the person",
        Category.LAST_NAME,
        (OF,),
        entity="person",
        entity_categories=_NAME_CATEGORIES["last"],
    )


class FullName(_EntityName):
    field = "full"
    spec = TransformSpec(
        "full_name",
        'a fake full name: the person\'s fake first and last name, or (of = "employer") '
        "the employer's fake contact person",
        Category.FIRST_NAME,
        (OF,),
        entity="person",
        entity_categories=_NAME_CATEGORIES["full"],
    )


TRANSFORMS: tuple[Transform, ...] = (FirstName(), LastName(), FullName())

__all__ = ["OF", "TRANSFORMS", "of_option"]
