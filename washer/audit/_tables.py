"""Frames as the audit sees them: named, all strings, blanks as nulls, columns by category.

A :class:`Table` computes each normal form of a column at most once (:mod:`washer.audit._forms`
says how). Checks that only compare or group values use :meth:`Table.code`, a 64-bit hash of
the normal form per row, and :meth:`Table.align` puts per-value facts back on the rows by a
join on 64-bit hashes of the cells.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from washer.audit._forms import (
    cells_counted,
    counted_text_plan,
    fix_dates,
    fix_non_ascii,
    id_form_held,
    id_form_rest,
    in_rows,
    mostly_id_form,
    non_ascii,
    row_plan,
    sparse,
    text_plan,
    values_only,
)
from washer.categories import IDENTIFYING, Category
from washer.ids.placeholder import placeholder_flags

Categories = Mapping[str, Category]
C = Category
STRUCTURED = (C.REFERENCE_CODE, C.PERSON_ID, C.PHONE, C.ORGNR, C.BIRTH_DATE, C.EVENT_DATE)
"""Categories whose cells are codes, ids, numbers or dates rather than text."""


def hashed(e: pl.Expr) -> pl.Expr:
    """A 64-bit hash of each value, null where the value is null."""
    return pl.when(e.is_not_null()).then(e.hash())


_MIX = pl.lit(0x9E3779B97F4A7C15, dtype=pl.UInt64)


def combined(*codes: pl.Expr) -> pl.Expr:
    """One 64-bit code for a tuple of 64-bit codes (null when any of them is null).

    Cheaper than hashing a struct; like any 64-bit code, two tuples share one by chance with
    a probability of about 2**-64.
    """
    result = codes[0]
    for c in codes[1:]:
        result = result * _MIX + c  # wraps around
    return result


@dataclass(frozen=True)
class Table:
    """One file (or frame): its name in reports and its cells as strings.

    ``columns`` and ``rows`` are the file's, also once :meth:`drop_cells` has freed cells.
    """

    name: str
    frame: pl.DataFrame
    _rows: dict[tuple[str, str], pl.Series] = field(default_factory=dict, compare=False, repr=False)
    _maps: dict[str, pl.DataFrame] = field(default_factory=dict, compare=False, repr=False)
    _codes: dict[tuple[str, str], pl.Series] = field(
        default_factory=dict, compare=False, repr=False
    )
    _counts: dict[str, pl.DataFrame] = field(default_factory=dict, compare=False, repr=False)
    columns: tuple[str, ...] = field(init=False, compare=False, repr=False)
    rows: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.frame.columns))
        object.__setattr__(self, "rows", self.frame.height)

    def drop_cells(self, keep: Iterable[str] = (), forms: Iterable[tuple[str, str]] = ()) -> None:
        """Free the cells of every column but ``keep``, the text maps, the hashes of the cells
        and the row-by-row normal forms but ``forms``; codes and value counts stay. Whatever
        is asked of the table later must already be cached (asking for more raises)."""
        kept = set(keep)
        object.__setattr__(self, "frame", self.frame.select(c for c in self.columns if c in kept))
        wanted = set(forms)
        for key in [k for k in self._rows if k not in wanted]:
            del self._rows[key]
        for key in [k for k in self._codes if k[1] == "\0raw"]:
            del self._codes[key]
        self._maps.clear()

    def kept(self, key: tuple[str, str], compute: Callable[[], pl.Series]) -> pl.Series:
        """A code series derived from the table (``key``: what it is, which columns of which
        categories), computed once and kept with the table's codes (through
        :meth:`drop_cells`)."""
        if key not in self._codes:
            self._codes[key] = compute()
        return self._codes[key]

    def value_counts(self, column: str) -> pl.DataFrame:
        """``v`` (a value, null for empty cells) -> ``n``: how many cells hold it."""
        if column not in self._counts:
            counted = self.frame[column].value_counts(name="n")
            self._counts[column] = counted.select(
                pl.col(column).alias("v"), pl.col("n").cast(pl.Int64)
            )
        return self._counts[column]

    def normal(self, column: str, form: str) -> pl.Series:
        """A column in one normal form (``text``, ``id``, ``phone``, ``email``, ``digits``,
        ``strip``, ``date``), row for row."""
        key = (column, form)
        if key not in self._rows:
            if form == "text":
                self._rows[key] = self.align(column, self.normal_map(column, "text"))["new"]
            else:
                self.prefetch_rows([key])
        return self._rows[key].rename(column)

    def code(self, column: str, form: str) -> pl.Series:
        """A 64-bit hash of the column's normal form, row for row (null where that is null):
        equal codes, equal normal forms."""
        key = (column, form)
        if key not in self._codes:
            if form == "text":
                self._text_codes(column)
            else:
                values = self.normal(column, form).to_frame("v")
                self._codes[key] = values.select(hashed(pl.col("v"))).to_series()
        return self._codes[key].rename(column)

    def placeholders(self, column: str) -> pl.Series:
        """The distinct values of an id column that are placeholders (``0``, ``ukjent``:
        :mod:`washer.ids.placeholder`), which name nobody and which the wash keeps."""
        key = (column, "\0placeholders")
        if key not in self._codes:
            values = self.distinct(column)
            # Most ids are digits alone: placeholder_flags reads only the others closely.
            self._codes[key] = values.filter(placeholder_flags(values))
        return self._codes[key]

    def id_code(self, column: str) -> pl.Series:
        """:meth:`code` of an id column's ``id`` form, null in its placeholder cells."""
        key = (column, "\0id")
        if key not in self._codes:
            codes = self.code(column, "id")
            held = self.placeholders(column)
            if held.len():
                kept = ~self.frame[column].is_in(held.implode()).fill_null(False)
                codes = (
                    pl.DataFrame({"c": codes, "k": kept}).select(pl.when("k").then("c")).to_series()
                )
            self._codes[key] = codes
        return self._codes[key].rename(column)

    def first_word(self, column: str) -> pl.Series:
        """The code of the first word of the column's normal text, row for row."""
        self._text_codes(column)
        return self._codes[(column, "\0first")]

    def _text_codes(self, column: str) -> None:
        if (column, "text") in self._codes:
            return
        by_value = (
            self.normal_map(column, "text")
            .with_columns(first=pl.col("new").str.split(" ").list.first())
            .select("value", code=hashed(pl.col("new")), first=hashed(pl.col("first")))
        )
        aligned = self.align(column, by_value)
        # The first words before the codes they are looked up by: checks run in two threads
        # (validity beside the leak scan) must never find the one without the other.
        self._codes[(column, "\0first")] = aligned["first"]
        self._codes[(column, "text")] = aligned["code"]

    def row_hashes(self, column: str) -> pl.Series:
        """A 64-bit hash of each raw cell (null for an empty cell)."""
        key = (column, "\0raw")
        if key not in self._codes:
            # Lazily: a column as read comes in hundreds of chunks, over which an eager select
            # costs about twice as much (28 columns of the 1M file: 0.47 s against 0.21 s).
            plan = self.frame.lazy().select(hashed(pl.col(column)))
            self._codes[key] = plan.collect().to_series()
        return self._codes[key]

    def distinct(self, column: str) -> pl.Series:
        """The distinct non-null values of a column (from its text map or its value counts
        when it has one)."""
        if column in self._maps:
            return self._maps[column]["value"]
        if column in self._counts:
            return self._counts[column]["v"].drop_nulls()
        return self.frame.lazy().select(pl.col(column).drop_nulls().unique()).collect()[column]

    def normal_map(self, column: str, form: str = "text") -> pl.DataFrame:
        """``value`` -> ``new``: the normal form of each distinct value of a column."""
        if form != "text":
            frame = pl.DataFrame({"value": self.frame[column], "new": self.normal(column, form)})
            return frame.drop_nulls("value").unique("value")
        if column not in self._maps:
            self._maps[column] = text_plan(self.frame, column).collect()
        return self._maps[column]

    def align(self, column: str, by_value: pl.DataFrame) -> pl.DataFrame:
        """The other columns of ``by_value`` (one row per distinct ``value`` of the column),
        row for row with the table (nulls where a cell has no entry)."""
        keyed = by_value.with_columns(pl.col("value").hash().alias("\0h"))
        if keyed["\0h"].is_duplicated().any():  # two values share a hash: join the strings
            rows = self.frame.select(pl.col(column).alias("value"))
            return rows.join(by_value, on="value", how="left", maintain_order="left").drop("value")
        rows = self.row_hashes(column).to_frame("\0h")
        keyed = keyed.drop("value")
        return rows.join(keyed, on="\0h", how="left", maintain_order="left").drop("\0h")

    def prefetch_rows(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Compute several row-by-row normal forms at once, in parallel."""
        plans, keep = self._row_plans(wanted)
        keep(pl.collect_all(plans))

    def _row_plans(
        self, wanted: Iterable[tuple[str, str]]
    ) -> tuple[list[pl.LazyFrame], Callable[[list[pl.DataFrame]], None]]:
        """Lazy plans for row-by-row normal forms, and what stores their results."""
        todo = [k for k in dict.fromkeys(wanted) if k not in self._rows and k[1] != "text"]
        ids = sorted({c for c, f in todo if f == "id"})
        flags = self.frame.lazy().select(non_ascii(pl.col(c)).any().alias(c) for c in ids)
        compact = {c for c, _ in todo if sparse(self.frame, c)}
        # Ids mostly written in their form already (fakes): only the others are computed.
        held = {c for c in ids if mostly_id_form(self.frame[c])}
        plans = [
            self._row_plan(c, form, compact=c in compact, held=c in held and form == "id")
            for c, form in todo
        ]
        plans += [flags] if ids else []

        def keep(found: list[pl.DataFrame]) -> None:
            odd = found[-1] if ids else pl.DataFrame()
            for (column, form), frame in zip(todo, found, strict=False):
                values = frame.to_series()
                if column in held and form == "id":
                    cells = frame[column] if column in compact else self.frame[column]
                    values = id_form_rest(cells, frame["\0held"])
                if column in compact:
                    values = in_rows(values, self.frame[column])
                if form == "id" and odd[column].item():
                    values = fix_non_ascii(self.frame, column, values)
                elif form == "date":
                    values = fix_dates(self.frame, column, values)
                self._rows[(column, form)] = values

        return plans, keep

    def _row_plan(self, column: str, form: str, *, compact: bool, held: bool) -> pl.LazyFrame:
        """The plan of one row-by-row form; on the column's values alone where ``compact``;
        ``held``: only which cells already are in the ``id`` form (:func:`id_form_rest`)."""
        frame = values_only(self.frame, column) if compact else self.frame.lazy()
        if held:
            kept = [pl.col(column)] if compact else []
            return frame.select(*kept, id_form_held(pl.col(column)).alias("\0held"))
        return row_plan(frame, [(column, form)])

    def _count_plans(
        self, columns: Iterable[str]
    ) -> tuple[list[pl.LazyFrame], Callable[[list[pl.DataFrame]], None]]:
        """Lazy :meth:`value_counts` of columns without a text map, and what stores them."""
        todo = [c for c in dict.fromkeys(columns) if c not in self._counts]

        def keep(counts: list[pl.DataFrame]) -> None:
            self._counts.update(zip(todo, counts, strict=True))

        plans = [cells_counted(self.frame, c, "v") for c in todo]
        return plans, keep

    def prefetch_maps(self, columns: Iterable[str]) -> None:
        """Compute the text maps of several columns at once, in parallel."""
        plans, keep = self._map_plans(columns)
        keep(pl.collect_all(plans))

    def _map_plans(
        self, columns: Iterable[str], counted: Container[str] = ()
    ) -> tuple[list[pl.LazyFrame], Callable[[list[pl.DataFrame]], None]]:
        """Lazy text maps, and what stores them; the columns ``counted`` get their value
        counts from the same pass (one grouping of the cells, not two)."""
        todo = [c for c in dict.fromkeys(columns) if c not in self._maps]
        counts = [c in counted and c not in self._counts for c in todo]

        def keep(maps: list[pl.DataFrame]) -> None:
            for column, found, with_counts in zip(todo, maps, counts, strict=True):
                if with_counts:
                    self._counts[column] = found.select(pl.col("value").alias("v"), "n")
                    found = found.drop_nulls("value").select("value", "new")
                self._maps[column] = found

        plans = [
            (counted_text_plan if n else text_plan)(self.frame, c)
            for c, n in zip(todo, counts, strict=True)
        ]
        return plans, keep


def as_table(name: str, frame: pl.DataFrame | pl.LazyFrame) -> Table:
    """A frame with every column cast to string and empty cells set to null.

    Columns that already are strings without an empty cell are taken as they are (no copy).
    """
    data = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    data = data.with_columns(
        pl.col(c).cast(pl.String) for c, dtype in data.schema.items() if dtype != pl.String
    )
    # Empty cells are missing values (CSV readers differ); whitespace-only cells normalise to
    # nothing in every normal form anyway.
    empty = data.select((pl.col(c) == "").any() for c in data.columns).row(0) if data.width else ()
    blanked = [c for c, has_empty in zip(data.columns, empty, strict=True) if has_empty]
    data = data.with_columns(pl.when(pl.col(c) != "").then(pl.col(c)) for c in blanked)
    return Table(name, data)


def category(categories: Categories, column: str) -> Category:
    return categories.get(column, Category.ATTRIBUTE)


def columns_of(table: Table, categories: Categories, *wanted: Category) -> list[str]:
    """The table's columns of the wanted categories, in the order of ``categories``."""
    ordered = [c for c in categories if c in table.columns]
    ordered += [c for c in table.columns if c not in categories]
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


def code(table: Table, categories: Categories, column: str) -> pl.Series:
    """The :meth:`Table.code` of a column in the normal form of its category."""
    return table.code(column, form_of(category(categories, column)))


def flag(frame: pl.DataFrame, mask: pl.Expr, max_rows: int) -> tuple[int, tuple[int, ...]]:
    """How many rows a condition holds for, and the first row numbers (1-based)."""
    rows = frame.select(mask.fill_null(False)).to_series().arg_true()
    return rows.len(), tuple(int(r) + 1 for r in rows.head(max_rows).to_list())


def prefetch(originals: Sequence[Table], washed: Sequence[Table], categories: Categories) -> None:
    """Compute, in parallel, the normal forms every check will ask the tables for: one batch
    of plans for all tables, so that no core waits for another's longest plan."""
    plans: list[pl.LazyFrame] = []
    keepers: list[tuple[int, Callable[[list[pl.DataFrame]], None]]] = []
    for table, original in [*((t, True) for t in originals), *((t, False) for t in washed)]:
        rows, maps, counted, ids = [], [], [], []
        for column in table.columns:
            cat = category(categories, column)
            if cat in IDENTIFYING and form_of(cat) != "text":
                rows.append((column, form_of(cat)))
            if cat in (C.BIRTH_DATE, C.EVENT_DATE):
                rows.append((column, "date"))
            if cat is C.BIRTH_DATE:
                rows.append((column, "strip"))
            # The originals' e-mail addresses are searched for whole, never as words.
            if cat not in STRUCTURED and not (original and cat is C.EMAIL):
                maps.append(column)
            if cat is C.ATTRIBUTE:  # utility compares their value counts
                counted.append(column)
            # The washed ids' distinct values: validity counts them, the leak scan reads them
            # and both leave out their placeholders.
            if cat is C.PERSON_ID and not original:
                ids.append(column)
        plans_of = (
            table._row_plans(rows),
            table._map_plans(maps, counted),
            table._count_plans(ids),
        )
        for more, keep in plans_of:
            keepers.append((len(more), keep))
            plans += more
    found = pl.collect_all(plans)
    start = 0
    for count, keep in keepers:
        keep(found[start : start + count])
        start += count
    for table in washed:  # before validity and the leak scan ask for them from two threads
        for column in columns_of(table, categories, C.PERSON_ID):
            table.placeholders(column)
