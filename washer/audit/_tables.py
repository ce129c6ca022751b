"""Frames as the audit sees them: named, all strings, blanks as nulls, columns by category.

A :class:`Table` normalises each column at most once per normal form, and only its distinct
values: the checks ask for ``table.normal(column, form)`` as often as they like.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from washer.audit import normalise as norm
from washer.audit._idcheck import analyse_ids
from washer.categories import IDENTIFYING, Category

Categories = Mapping[str, Category]
C = Category
STRUCTURED = (C.REFERENCE_CODE, C.PERSON_ID, C.PHONE, C.ORGNR, C.BIRTH_DATE, C.EVENT_DATE)
"""Categories whose cells are codes, ids, numbers or dates rather than text."""

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
    _maps: dict[tuple[str, str], pl.DataFrame] = field(
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
        if key not in self._cache and form == "date":
            self._cache[key] = self._dates(column)
        if key not in self._cache:
            mapping = self.normal_map(column, form)
            joined = self.frame.select(pl.col(column).alias("value")).join(
                mapping, on="value", how="left", maintain_order="left"
            )
            self._cache[key] = joined["new"].rename(column)
        return self._cache[key]

    def _dates(self, column: str) -> pl.Series:
        # Time stamps share few days: parse each distinct leading "YYYY-MM-DD" once.
        heads = self.frame.select(head=pl.col(column).str.slice(0, 10))
        days = heads["head"].drop_nulls().unique()
        iso = pl.DataFrame({"head": days, "d": days.str.to_date("%Y-%m-%d", strict=False)})
        dated = heads.join(iso, on="head", how="left", maintain_order="left")["d"]
        if dated.null_count() == self.frame[column].null_count():
            return dated.rename(column)
        other = self.frame.select(parse_date(pl.col(column)))[column]  # not ISO: parse each
        return dated.fill_null(other).rename(column)

    def normal_map(self, column: str, form: str) -> pl.DataFrame:
        """``value`` -> ``new``: the normal form of each distinct value of a column."""
        key = (column, form)
        if key not in self._maps:
            distinct = self.frame[column].drop_nulls().unique().rename("value")
            self._maps[key] = pl.DataFrame({"value": distinct, "new": _normalise(distinct, form)})
        return self._maps[key]

    def prefetch(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Compute the maps of several (column, form) pairs at once, in parallel."""
        todo = [(c, f) for c, f in dict.fromkeys(wanted) if (c, f) not in self._maps]
        todo = [(c, f) for c, f in todo if f in _PLANNED and c in self.frame.columns]
        maps = pl.collect_all([_plan(self.frame, c, f) for c, f in todo])
        self._maps.update(zip(todo, maps, strict=True))

    def ids(self, column: str) -> pl.DataFrame:
        """:func:`~washer.audit._idcheck.analyse_ids` of a column, row for row."""
        if column not in self._ids:
            facts = analyse_ids(self.frame[column].drop_nulls().unique()).rename({"value": column})
            self._ids[column] = self.frame.select(column).join(
                facts, on=column, how="left", maintain_order="left"
            )
        return self._ids[column]


_ASCII = pl.col("value").str.contains(r"^[\x00-\x7f]*$")
_PLANNED = {"text", "id", "phone", "email", "digits", "strip"}


def _plan(frame: pl.DataFrame, column: str, form: str) -> pl.LazyFrame:
    """The lazy ``value`` -> ``new`` map of one column (same result as :func:`_normalise`)."""
    distinct = frame.lazy().select(pl.col(column).drop_nulls().unique().alias("value"))
    if form in ("text", "id"):
        fast = norm.ascii_text(pl.col("value"))
        slow = norm.text(pl.col("value"))
        if form == "id":
            fast = fast.str.replace_all(" ", "", literal=True)
            slow = slow.str.replace_all(" ", "", literal=True)
            fast, slow = pl.when(fast.str.len_bytes() > 0).then(fast), norm.id_key(pl.col("value"))
        return pl.concat(
            [
                distinct.filter(_ASCII).with_columns(new=fast),
                distinct.filter(~_ASCII).with_columns(new=slow),
            ]
        )
    return distinct.with_columns(new=_FORMS[form](pl.col("value")))


def _normalise(values: pl.Series, form: str) -> pl.Series:
    if form == "text":
        return norm.text_values(values)
    if form == "id":
        return norm.id_values(values)
    if form == "date":  # parse each distinct leading "YYYY-MM-DD" once (timestamps share days)
        frame = pl.DataFrame({"v": values, "head": values.str.slice(0, 10)})
        heads = frame["head"].unique()
        iso = pl.DataFrame({"head": heads, "d": heads.str.to_date("%Y-%m-%d", strict=False)})
        frame = frame.join(iso, on="head", how="left", maintain_order="left")
        dotted = frame.filter(pl.col("d").is_null()).select("v", e=parse_date(pl.col("v")))
        frame = frame.join(dotted, on="v", how="left", maintain_order="left")
        return frame.select(pl.coalesce("d", "e")).to_series()
    return pl.LazyFrame({"v": values}).select(_FORMS[form](pl.col("v"))).collect()["v"]


def as_table(name: str, frame: pl.DataFrame | pl.LazyFrame) -> Table:
    """A frame with every column cast to string and empty cells set to null."""
    lazy = frame.lazy() if isinstance(frame, pl.DataFrame) else frame
    lazy = lazy.with_columns(pl.all().cast(pl.String))
    # Empty cells are missing values (CSV readers differ); whitespace-only cells normalise to
    # nothing in every normal form anyway.
    lazy = lazy.with_columns(
        pl.when(pl.col(c) != "").then(pl.col(c)) for c in lazy.collect_schema()
    )
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
        Category.REFERENCE_CODE: "id",
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
    rows = frame.select(mask.fill_null(False)).to_series().arg_true()
    return rows.len(), tuple(int(r) + 1 for r in rows.head(max_rows).to_list())


def parse_date(expr: pl.Expr) -> pl.Expr:
    """A date written ``YYYY-MM-DD`` (maybe followed by a time) or ``DD.MM.YYYY``."""
    return pl.coalesce(
        expr.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        expr.str.strip_chars().str.to_date("%d.%m.%Y", strict=False),
    )


def prefetch(tables: Iterable[Table], categories: Categories) -> None:
    """Compute, in parallel, the normal forms every check will ask the tables for."""
    for table in tables:
        wanted = []
        for column in table.frame.columns:
            cat = category(categories, column)
            if cat in IDENTIFYING:
                wanted.append((column, form_of(cat)))
            if cat not in STRUCTURED:
                wanted.append((column, "text"))
        table.prefetch(wanted)
