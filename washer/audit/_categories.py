"""Column categories from a rules file (interim adapter until ``washer.rules`` lands).

Reads the ``[categories]`` table of a TOML file, ``column = "category"`` with the values of
:class:`~washer.categories.Category`; columns it does not name keep their default category, so
a rules file can only add or change categories, never silently drop an identifying column.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from washer.categories import DEFAULT_CATEGORIES, Category
from washer.errors import RuleError


def categories_from_rules(path: Path) -> dict[str, Category]:
    """Default categories overridden by the ``[categories]`` table of a TOML rules file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"cannot read {path} ({exc.strerror})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"{path}: not a valid TOML file ({exc})") from None
    table = data.get("categories")
    if not isinstance(table, dict):
        raise RuleError(f"{path}: no [categories] table")
    known = {c.value for c in Category}
    categories = dict(DEFAULT_CATEGORIES)
    for column, value in table.items():
        if value not in known:
            choices = ", ".join(sorted(known))
            raise RuleError(f"{path}: categories.{column}: unknown category (use one of {choices})")
        categories[column] = Category(value)
    return categories
