"""Column categories from a wash rule file: what each column held in the original."""

from __future__ import annotations

from pathlib import Path

from washer.categories import DEFAULT_CATEGORIES, Category
from washer.rules import RuleSet, load_rules


def categories_from_rules(path: Path) -> dict[str, Category]:
    """The categories a rule file gives its columns (others keep their default category)."""
    return {**DEFAULT_CATEGORIES, **load_rules(path).categories()}


def realistic_id_columns(rules: RuleSet) -> frozenset[str]:
    """The columns a rule file washes into realistic ids (``person_id`` with ``style =
    "realistic"``): fakes in the normal form, which carry no synthetic mark."""
    return frozenset(
        column
        for column, rule in rules.columns.items()
        if rule.transform == "person_id" and rule.options.get("style") == "realistic"
    )


def constant_columns(rules: RuleSet) -> frozenset[str]:
    """The columns a rule file overwrites with one placeholder (``constant``): the value the
    user asked for, not a fake, so no check of a fake's form applies to it."""
    return frozenset(c for c, rule in rules.columns.items() if rule.transform == "constant")
