"""Normal forms of whole columns, as lazy polars plans.

Cheap forms (ids, phone numbers, e-mail addresses, digits, dates) are computed row by row,
which beats finding the distinct values and joining them back when nearly every value is
distinct; the text form (regular expressions, Unicode folding) is computed once per distinct
value, as a map ``value`` -> ``new``.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from washer.audit import normalise as norm


def _id_ascii(e: pl.Expr) -> pl.Expr:
    # Dashes first, literally: reference codes have several, and a regular expression pays
    # for every match. Lower case before that: cheaper on the cells as read, and the same for
    # ASCII (a cell with another character is redone, see above).
    compact = e.str.to_lowercase().str.replace_all("-", "", literal=True)
    return compact.str.replace_all(r"[^a-z0-9]+", "")


ROW_FORMS: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "id": _id_ascii,  # non-ASCII cells are redone with norm.id_key (see :func:`fix_non_ascii`)
    "email": lambda e: e.str.strip_chars().str.to_lowercase(),
    "digits": lambda e: e.str.replace_all(r"\D+", ""),
    "strip": lambda e: e.str.strip_chars(),
}
"""Normal forms computed row by row, before empty results become null (the text form is
computed per distinct value; phone numbers and dates see :func:`row_plan`). Polars would
compute a form twice if its emptiness were tested in the same expression."""


_ID_FORM = r"^[a-z0-9]+$"
"""A value that is its own ``id`` form: :func:`_id_ascii` leaves it as it is."""
_SAMPLE = 4096


def mostly_id_form(cells: pl.Series) -> bool:
    """Are most values of a column (its first few thousand cells read) already in the ``id``
    form, as a run's fake ids are? Then :func:`id_form_rest` is cheaper than the form."""
    head = cells.head(_SAMPLE).drop_nulls()
    return head.len() > 0 and 10 * int(head.str.contains(_ID_FORM).sum()) >= 9 * head.len()


def id_form_held(e: pl.Expr) -> pl.Expr:
    """True for a value already in the ``id`` form (null for an empty cell)."""
    return e.str.contains(_ID_FORM)


def id_form_rest(cells: pl.Series, held: pl.Series) -> pl.Series:
    """The ``id`` form of ``cells`` (ASCII path) where :func:`id_form_held` says which are in it
    already: only the others are computed (the form's three passes make a new string of
    every value, most of them equal to the old one)."""
    rows = (~held).fill_null(False).arg_true()
    rest = cells.gather(rows).to_frame("v").lazy()
    return cells.scatter(rows, row_plan(rest, [("v", "id")]).collect().to_series())


def non_ascii(e: pl.Expr) -> pl.Expr:
    """True for a value with a character outside ASCII (cheaper than a regular expression)."""
    return e.str.len_bytes() != e.str.len_chars()


def row_plan(frame: pl.DataFrame | pl.LazyFrame, todo: list[tuple[str, str]]) -> pl.LazyFrame:
    """The lazy row-by-row normal forms (column, form), one column each, in order.

    In two steps: the parts first, then what is made of them (null for an empty result).
    """
    first, then = [], []
    for column, form in todo:
        name = f"{column}\0{form}"
        part = pl.col(name)
        if form == "phone":
            plus, digits = norm.phone_parts(pl.col(column))
            first += [plus.alias(f"{name}+"), digits.alias(name)]
            then.append(norm.canonical_phone(pl.col(f"{name}+"), part).alias(name))
        elif form == "date":
            date = _iso_date(pl.col(column))
            first.append(date.alias(name))
            then.append(part)
        else:
            first.append(ROW_FORMS[form](pl.col(column)).alias(name))
            then.append(pl.when(part.str.len_bytes() > 0).then(part).alias(name))
    return frame.lazy().select(first).select(then)


def mostly_empty(cells: pl.Series) -> bool:
    """More empty cells than values: polars' string functions spend nearly as long on an
    empty cell as on a value, so such a column's row forms are computed on its values alone
    and put back in their rows (:func:`in_rows`)."""
    return 2 * cells.null_count() > cells.len()


def sparse(frame: pl.DataFrame, column: str) -> bool:
    """:func:`mostly_empty` for a column of a frame."""
    return mostly_empty(frame[column])


def values_only(frame: pl.DataFrame, column: str) -> pl.LazyFrame:
    """The column's values without its empty cells, for :func:`row_plan`."""
    return frame.lazy().select(pl.col(column).drop_nulls())


def in_rows(values: pl.Series, cells: pl.Series) -> pl.Series:
    """A form computed on :func:`values_only`, row for row with ``cells`` (null where the
    cell is empty, as a form of an empty cell is)."""
    present = cells.is_not_null()
    positions = present.to_frame("p").select(pl.when("p").then(pl.col("p").cum_sum() - 1))
    return values.gather(positions.to_series())


# Built once: an expression of the text form is long, and a run builds a plan per column.
TEXT = norm.text(pl.col("value"))
"""The text form of a column called ``value``."""
_ASCII_TEXT = norm.ascii_text(pl.col("value"))


def text_plan(frame: pl.DataFrame, column: str) -> pl.LazyFrame:
    """The lazy ``value`` -> ``new`` text map of one column (ASCII values take a cheap path)."""
    distinct = frame.lazy().select(pl.col(column).drop_nulls().unique().alias("value"))
    odd = non_ascii(pl.col("value"))
    return pl.concat(
        [
            distinct.filter(~odd).with_columns(new=_ASCII_TEXT),
            distinct.filter(odd).with_columns(new=TEXT),
        ]
    )


def cells_counted(frame: pl.DataFrame, column: str, name: str) -> pl.LazyFrame:
    """(``name``, ``n``): each value of the column and how many cells hold it, with a row for
    the empty cells (``name`` null) if there are any. A :func:`sparse` column's values are
    grouped without its empty cells, which are counted apart."""
    if not sparse(frame, column):
        return frame.lazy().group_by(pl.col(column).alias(name)).agg(n=pl.len().cast(pl.Int64))
    grouped = values_only(frame, column).group_by(pl.col(column).alias(name))
    empty = {name: [None], "n": [frame[column].null_count()]}
    dtype = frame.schema[column]
    return pl.concat(
        [grouped.agg(n=pl.len().cast(pl.Int64)), pl.LazyFrame(empty, {name: dtype, "n": pl.Int64})]
    )


def counted_text_plan(frame: pl.DataFrame, column: str) -> pl.LazyFrame:
    """:func:`text_plan` with ``n``, how many cells hold each value, and a row for the empty
    cells (``value`` null): the value counts and the text map from one pass over the column."""
    counted = cells_counted(frame, column, "value")
    odd = non_ascii(pl.col("value"))
    return pl.concat(
        [
            counted.filter(~odd).with_columns(new=_ASCII_TEXT),
            counted.filter(odd).with_columns(new=TEXT),
            counted.filter(pl.col("value").is_null()).with_columns(new=pl.lit(None, pl.String)),
        ]
    )


def fix_non_ascii(frame: pl.DataFrame, column: str, values: pl.Series) -> pl.Series:
    """The ``id`` form of a column's non-ASCII cells, put into its ASCII-path ``values``."""
    where = frame.select(non_ascii(pl.col(column)).fill_null(False)).to_series()
    rows = where.arg_true()
    slow = frame[column].gather(rows).to_frame("v").select(norm.id_key(pl.col("v")))
    return values.scatter(rows, slow.to_series())


def fix_dates(frame: pl.DataFrame, column: str, values: pl.Series) -> pl.Series:
    """The ``date`` form of a column's dates not written ``YYYY-MM-DD``, put into ``values``."""
    if values.null_count() == frame[column].null_count():
        return values
    other = frame.select(parse_date(pl.col(column))).to_series()  # not ISO: parse all
    return values.fill_null(other)


def parse_date(expr: pl.Expr) -> pl.Expr:
    """A date written ``YYYY-MM-DD`` (maybe followed by a time) or ``DD.MM.YYYY``."""
    return pl.coalesce(
        _iso_date(expr),
        expr.str.strip_chars().str.to_date("%d.%m.%Y", strict=False),
    )


def _iso_date(expr: pl.Expr) -> pl.Expr:
    """The ``YYYY-MM-DD`` a value starts with after any blanks (which the wash keeps): the
    first ten characters of `` 1977-03-23`` would read as 2 March."""
    return expr.str.strip_chars_start().str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
