"""What a transform is, and what the pipeline offers it while it builds its expression.

A transform turns one input column into one output column (or drops it). It declares, for
the rule file, its name, options and privacy category (:class:`~washer.rules.TransformSpec`);
for the pipeline, what it needs computed once per run: a *value domain* (fakes made per
distinct original value, e.g. phones) or *entity fields* (fakes made per person or employer,
e.g. first names). :meth:`Transform.build` then returns a polars expression over the row,
which may use the helper columns the :class:`RowContext` hands out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import polars as pl

from washer.rules.model import ColumnRule, EntityName
from washer.rules.registry import TransformSpec


class IdMapper(Protocol):
    """What the wash uses of :class:`washer.ids.FakeIdMapper`."""

    def map_person_ids(
        self,
        ids: pl.Series,
        *,
        fallback_birth_dates: pl.Series | None = ...,
        fallback_genders: pl.Series | None = ...,
    ) -> pl.DataFrame: ...

    def map_distinct(self, norm: pl.Series, birth_dates: pl.Series) -> pl.DataFrame: ...

    def map_orgnr(self, values: pl.Series) -> pl.Series: ...


class RunKeys(Protocol):
    """Sub-keys and id mappers of one run (see :mod:`washer.pipeline`)."""

    def derive(self, purpose: str) -> bytes:
        """A sub-key for one purpose (never printed)."""
        ...

    def id_mapper(self, style: str) -> IdMapper:
        """The run's one id mapper for ``style``."""
        ...


FakeValues = Callable[[RunKeys, pl.Series], pl.Series]


@dataclass(frozen=True)
class ValueDomain:
    """Fakes computed once per distinct original value, shared by every column in the domain.

    ``fake`` gets the distinct non-null originals and returns their fakes in the same order.
    ``order_free``: each fake depends on its original and the set of originals, never on
    their order, so the run need not sort the originals first.
    """

    name: str
    fake: FakeValues
    order_free: bool = False


class RowContext(Protocol):
    """Helper columns available to :meth:`Transform.build` in the row pass."""

    @property
    def offset_days(self) -> int: ...

    def entity_field(self, entity: EntityName, field: str) -> pl.Expr:
        """The fake ``field`` of the row's person or employer (null when it has none)."""
        ...

    def value_fake(self, column: str) -> pl.Expr:
        """The fake of this row's value of ``column`` from its value domain."""
        ...

    def person_id(self, column: str) -> PersonIdColumns:
        """Fake, kind and fake birth date of this row's id in ``column``."""
        ...

    def birth_date(self, column: str) -> pl.Expr:
        """The row's washed birth date (a ``Date``): the date inside its fake id, else the
        person's own birth date moved by the person's keyed offset."""
        ...

    def scrubbed(self, column: str) -> pl.Expr:
        """Free text with every identifying value replaced by its fake."""
        ...


@dataclass(frozen=True)
class PersonIdColumns:
    fake: pl.Expr
    kind: pl.Expr
    fake_birth_date: pl.Expr


def when_present(original: pl.Expr, fake: pl.Expr) -> pl.Expr:
    """``fake`` where the original holds something; null stays null, blank stays blank."""
    blank = original.str.strip_chars().str.len_bytes() == 0
    return pl.when(original.is_null()).then(None).when(blank).then(original).otherwise(fake)


class Transform:
    """Base class: override what applies. Instances are registered in :mod:`washer.transforms`."""

    spec: TransformSpec

    def domain(self, rule: ColumnRule) -> ValueDomain | None:
        """The value domain whose fakes this rule reads with ``ctx.value_fake``."""
        return None

    def entity_fields(self, rule: ColumnRule) -> tuple[EntityName, tuple[str, ...]] | None:
        """The entity fields this rule reads with ``ctx.entity_field``."""
        return None

    def build(self, rule: ColumnRule, ctx: RowContext) -> pl.Expr | None:
        """The washed column (named anything; the pipeline renames it), or None to drop it."""
        raise NotImplementedError


def entity_of(rule: ColumnRule, default: EntityName) -> EntityName:
    of = rule.options.get("of", default)
    assert of in ("person", "employer")
    return of  # type: ignore[return-value]


__all__ = [
    "FakeValues",
    "IdMapper",
    "PersonIdColumns",
    "RowContext",
    "RunKeys",
    "Transform",
    "ValueDomain",
    "entity_of",
    "when_present",
]
