"""Frames as the audit sees them: named, all strings, blanks as nulls, columns by category.

A :class:`Table` normalises each column at most once per normal form, and only its distinct
values: the checks ask for ``table.normal(column, form)`` as often as they like.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

from washer.audit import normalise as norm
from washer.audit._idcheck import analyse_ids
from washer.categories import Category

Categories = Mapping[str, Category]

_FORMS: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "phone": norm.phone,
    "email": norm.email_key,
    "digits": norm.digits,
    "strip": lambda e: norm.blank_to_null(e.str.strip_chars()),
}


@dataclass(frozen=True)
class Table:
    """One file (or frame): its name in reports and its cells as strings."""

    name: str
    frame: pl.DataFrame
    _cache: dict[tuple[str, str], pl.Series] = field(
        default_factory=dict, compare=False, repr=False
    )
    _ids: dict[str, pl.DataFrame] = field(default_factory=dict, compare=False, repr=False)

    @property
    def rows(self) -> int:
        return self.frame.height

    def normal(self, column: str, form: str) -> pl.Series:
        """A column in one normal form (``text``, ``id``, ``phone``, ``email``, ``digits``,
        ``strip``, ``date``), row for row."""
        key = (column, form)
        if key not in self._cache:
            self._cache[key] = self._normalise(column, form)
        return self._cache[key]

    def _normalise(self, column: str, form: str) -> pl.Series:
        if form == "id":
            return self.normal(column, "text").str.replace_all(" ", "", literal=True)
        values = self.frame[column]
        distinct = values.drop_nulls().unique()
        if distinct.len() > values.len() // 2:  # mostly distinct: mapping back would not pay
            distinct = values
        if form == "text":
            new = norm.text_values(distinct)
        elif form == "date":
            new = pl.LazyFrame({"v": distinct}).select(parse_date(pl.col("v"))).collect()["v"]
        else:
            new = pl.LazyFrame({"v": distinct}).select(_FORMS[form](pl.col("v"))).collect()["v"]
        if distinct is values:
            return new.rename(column)
        mapping = pl.DataFrame({column: distinct, "new": new})
        joined = values.to_frame().join(mapping, on=column, how="left", maintain_order="left")
        return joined["new"].rename(column)

    def ids(self, column: str) -> pl.DataFrame:
        """:func:`~washer.audit._idcheck.analyse_ids` of a column, row for row."""
        if column not in self._ids:
            facts = analyse_ids(self.frame[column].drop_nulls().unique()).rename({"value": column})
            self._ids[column] = self.frame.select(column).join(
                facts, on=column, how="left", maintain_order="left"
            )
        return self._ids[column]


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


def form_of(cat: Category) -> str:
    """The normal form under which two values of a category are the same value."""
    forms = {
        Category.PERSON_ID: "id",
        Category.PHONE: "phone",
        Category.EMAIL: "email",
        Category.ORGNR: "digits",
        Category.BIRTH_DATE: "strip",
        Category.EVENT_DATE: "strip",
    }
    return forms.get(cat, "text")


def normal(table: Table, categories: Categories, column: str) -> pl.Series:
    """A column in the normal form of its category."""
    return table.normal(column, form_of(category(categories, column)))


def person_key(table: Table, categories: Categories) -> pl.Series:
    """Who each row is about: the first person id, else normalised name and birth date.

    A row without any of these is a person of its own (its row number).
    """
    wanted = (Category.PERSON_ID, Category.FIRST_NAME, Category.LAST_NAME, Category.BIRTH_DATE)
    key = (
        "\0person",
        ",".join(f"{c}:{categories[c]}" for c in columns_of(table, categories, *wanted)),
    )
    if key not in table._cache:
        table._cache[key] = _person_key(table, categories)
    return table._cache[key]


def _person_key(table: Table, categories: Categories) -> pl.Series:
    parts = [
        pl.lit("id:") + table.normal(c, "id")
        for c in columns_of(table, categories, Category.PERSON_ID)
    ]
    first = columns_of(table, categories, Category.FIRST_NAME)
    last = columns_of(table, categories, Category.LAST_NAME)
    birth = columns_of(table, categories, Category.BIRTH_DATE)
    if first and last:
        parts.append(
            pl.concat_str(
                pl.lit("nb:"),
                pl.lit(table.normal(first[0], "text")),
                pl.lit("|"),
                pl.lit(table.normal(last[0], "text")),
                pl.lit("|"),
                pl.lit(table.normal(birth[0], "strip")) if birth else pl.lit(""),
            )
        )
    parts.append(pl.lit(f"row:{table.name}:") + pl.int_range(pl.len()).cast(pl.String))
    return table.frame.select(pl.coalesce(parts).alias("person")).to_series()


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
