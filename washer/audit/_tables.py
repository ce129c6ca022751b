"""Frames as the audit sees them: named, all strings, blanks as nulls, columns by category."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from washer.audit import normalise as norm
from washer.categories import Category

Categories = Mapping[str, Category]


@dataclass(frozen=True)
class Table:
    """One file (or frame): its name in reports and its cells as strings."""

    name: str
    frame: pl.DataFrame

    @property
    def rows(self) -> int:
        return self.frame.height


def as_table(name: str, frame: pl.DataFrame | pl.LazyFrame) -> Table:
    """A frame with every column cast to string and empty or blank cells set to null."""
    lazy = frame.lazy() if isinstance(frame, pl.DataFrame) else frame
    lazy = lazy.with_columns(pl.all().cast(pl.String))
    lazy = lazy.with_columns(norm.blank_to_null(pl.col(c)) for c in lazy.collect_schema())
    return Table(name, lazy.collect())


def category(categories: Categories, column: str) -> Category:
    return categories.get(column, Category.ATTRIBUTE)


def columns_of(table: Table, categories: Categories, *wanted: Category) -> list[str]:
    """The table's columns of the wanted categories, in the order of ``categories``."""
    ordered = [c for c in categories if c in table.frame.columns]
    ordered += [c for c in table.frame.columns if c not in categories]
    return [c for c in ordered if category(categories, c) in wanted]


def normal_form(cat: Category, expr: pl.Expr) -> pl.Expr:
    """The normal form under which two values of a category are the same value."""
    if cat is Category.PERSON_ID:
        return norm.id_key(expr)
    if cat is Category.PHONE:
        return norm.phone(expr)
    if cat is Category.EMAIL:
        e = expr.str.strip_chars().str.to_lowercase()
        return pl.when(e.str.len_bytes() > 0).then(e)
    if cat is Category.ORGNR:
        return norm.digits(expr)
    if cat in (Category.BIRTH_DATE, Category.EVENT_DATE):
        return expr.str.strip_chars()
    return norm.text(expr)


def person_key(table: Table, categories: Categories) -> pl.Expr:
    """Who a row is about: the first person id, else normalised name and birth date.

    A row without any of these is a person of its own (its row number).
    """
    ids = [norm.id_key(pl.col(c)) for c in columns_of(table, categories, Category.PERSON_ID)]
    parts: list[pl.Expr] = [pl.lit("id:") + e for e in ids]
    first = columns_of(table, categories, Category.FIRST_NAME)
    last = columns_of(table, categories, Category.LAST_NAME)
    birth = columns_of(table, categories, Category.BIRTH_DATE)
    if first and last:
        name_birth = pl.concat_str(
            [
                pl.lit("nb:"),
                norm.text(pl.col(first[0])),
                pl.lit("|"),
                norm.text(pl.col(last[0])),
                pl.lit("|"),
                pl.col(birth[0]).str.strip_chars() if birth else pl.lit(""),
            ]
        )
        parts.append(name_birth)
    parts.append(pl.lit(f"row:{table.name}:") + pl.int_range(pl.len()).cast(pl.String))
    return pl.coalesce(parts)


def flag(frame: pl.DataFrame, mask: pl.Expr, max_rows: int) -> tuple[int, tuple[int, ...]]:
    """How many rows a condition holds for, and the first row numbers (1-based)."""
    rows = frame.select(pl.int_range(1, pl.len() + 1).filter(mask.fill_null(False))).to_series()
    return rows.len(), tuple(rows.head(max_rows).to_list())


def parse_date(expr: pl.Expr) -> pl.Expr:
    """A date written ``YYYY-MM-DD`` (maybe followed by a time) or ``DD.MM.YYYY``."""
    return pl.coalesce(
        expr.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        expr.str.strip_chars().str.to_date("%d.%m.%Y", strict=False),
    )
