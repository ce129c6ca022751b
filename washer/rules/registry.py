"""The vocabulary a rule file may use: transform names, their options, their categories.

A :class:`TransformSpec` is what the parser checks a column rule against. The implementations
live in :mod:`washer.transforms`, which registers one spec per transform in a
:class:`Registry`; the parser only needs the specs.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

from washer.categories import Category, category_of
from washer.rules.model import EntityName, OptionValue

OptionKind = Literal["str", "int", "bool", "strs"]
_KIND_WORDS: dict[OptionKind, str] = {
    "str": "a string",
    "int": "an integer",
    "bool": "true or false",
    "strs": "a list of strings",
}


@dataclass(frozen=True)
class Option:
    """One option a transform accepts in a column rule."""

    name: str
    kind: OptionKind
    default: OptionValue
    help: str
    choices: tuple[str, ...] = ()

    def check(self, value: object) -> OptionValue:
        """The value as the transform wants it; raises ``ValueError`` with a reason."""
        ok = {
            "str": isinstance(value, str),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "strs": isinstance(value, list) and all(isinstance(v, str) for v in value),
        }[self.kind]
        if not ok:
            raise ValueError(f"must be {_KIND_WORDS[self.kind]}")
        if self.choices and value not in self.choices:
            raise ValueError("must be one of " + ", ".join(f'"{c}"' for c in self.choices))
        if isinstance(value, list):
            return tuple(value)
        assert isinstance(value, str | int | bool)
        return value


CATEGORY_OPTION = Option(
    "category",
    "str",
    "",
    "privacy category of the original values (default: the field's own, see washer.categories)",
    tuple(c.value for c in Category),
)


@dataclass(frozen=True)
class TransformSpec:
    """A transform as the rule file sees it."""

    name: str
    summary: str
    category: Category | None  # None: the rule's `category` option, else the field's default
    options: tuple[Option, ...] = ()
    entity: EntityName | None = None  # transforms taking `of`: the entity they default to
    entity_categories: Mapping[EntityName, Category] | None = None

    def option(self, name: str) -> Option | None:
        for option in self.options:
            if option.name == name:
                return option
        return None

    def category_for(self, column: str, options: Mapping[str, OptionValue]) -> Category:
        chosen = options.get("category")
        if isinstance(chosen, str) and chosen:
            return Category(chosen)
        of = options.get("of")
        if self.entity_categories and isinstance(of, str) and of in self.entity_categories:
            return self.entity_categories[of]  # type: ignore[index]
        return self.category if self.category is not None else category_of(column)


class HasSpec(Protocol):
    @property
    def spec(self) -> TransformSpec: ...


T = TypeVar("T", bound=HasSpec)


class Registry(Generic[T]):
    """Transforms by name; registering a name twice is a programming error."""

    def __init__(self) -> None:
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        name = item.spec.name
        if name in self._items:
            raise ValueError(f"transform {name} registered twice")
        self._items[name] = item
        return item

    def __getitem__(self, name: str) -> T:
        return self._items[name]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def specs(self) -> dict[str, TransformSpec]:
        return {name: item.spec for name, item in sorted(self._items.items())}


def suggest(name: str, known: Mapping[str, object]) -> str:
    """`` (did you mean "x"?)`` for a near miss, else an empty string."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


__all__ = ["CATEGORY_OPTION", "Option", "OptionKind", "Registry", "TransformSpec", "suggest"]
