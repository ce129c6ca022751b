"""Column categories from a wash rule file: what each column held in the original."""

from __future__ import annotations

from pathlib import Path

from washer.categories import DEFAULT_CATEGORIES, Category
from washer.rules import load_rules


def categories_from_rules(path: Path) -> dict[str, Category]:
    """The categories a rule file gives its columns (others keep their default category)."""
    return {**DEFAULT_CATEGORIES, **load_rules(path).categories()}
