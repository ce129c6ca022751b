"""What a rule file says, once parsed and checked.

A :class:`RuleSet` names a transform for every column it covers (:class:`ColumnRule`), says how
a person and an employer are recognised across rows (:class:`EntitySpec`), and which column
anchors the common date shift. Every rule knows the line it came from, for error messages,
and the privacy :class:`~washer.categories.Category` of the values its column held.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from washer.categories import IDENTIFYING, Category

EntityName = Literal["person", "employer"]
ENTITY_NAMES: tuple[EntityName, ...] = ("person", "employer")
OptionValue = str | int | bool | tuple[str, ...]


@dataclass(frozen=True)
class EntitySpec:
    """How rows about the same person (or employer) are recognised.

    The first present of ``ids`` decides (spaces, dots and dashes ignored); rows sharing an id
    are the same entity even when another id differs. Without ids, the normalised ``names``
    (plus ``birth_date`` for a person) decide; without names, the first present ``contacts``.
    """

    name: EntityName
    ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    birth_date: str | None = None
    contacts: tuple[str, ...] = ()
    line: int = 0

    @property
    def columns(self) -> tuple[str, ...]:
        birth = (self.birth_date,) if self.birth_date else ()
        return (*self.ids, *self.names, *birth, *self.contacts)


@dataclass(frozen=True)
class ColumnRule:
    """One column: the transform that washes it, with its options."""

    column: str
    transform: str
    options: Mapping[str, OptionValue] = field(default_factory=dict)
    category: Category = Category.ATTRIBUTE
    line: int = 0

    def option(self, name: str) -> OptionValue:
        return self.options[name]

    @property
    def identifying(self) -> bool:
        """True when the column's original values must appear nowhere in the output."""
        return self.category in IDENTIFYING


@dataclass(frozen=True)
class RuleSet:
    """A parsed rule file."""

    path: Path
    sha256: str
    columns: Mapping[str, ColumnRule]
    entities: Mapping[EntityName, EntitySpec]
    anchor: str | None = None
    anchor_line: int = 0

    def rule(self, column: str) -> ColumnRule | None:
        return self.columns.get(column)

    def categories(self) -> dict[str, Category]:
        """Column -> privacy category of its original values (for the audit)."""
        return {name: rule.category for name, rule in self.columns.items()}

    def identifying_columns(self) -> tuple[str, ...]:
        """Columns whose original values must appear nowhere in washed output."""
        return tuple(name for name, rule in self.columns.items() if rule.identifying)

    def uncovered(self, columns: tuple[str, ...] | list[str]) -> list[str]:
        """Input columns that no rule names (a wash refuses them)."""
        return [name for name in columns if name not in self.columns]


__all__ = [
    "ENTITY_NAMES",
    "ColumnRule",
    "EntityName",
    "EntitySpec",
    "OptionValue",
    "RuleSet",
]
