"""Who each row of a table is about: a 64-bit person key per row."""

from __future__ import annotations

import polars as pl

from washer.audit._tables import Categories, Table, columns_of
from washer.categories import Category

C = Category


def person_key(table: Table, categories: Categories) -> pl.Series:
    """Who each row is about, as a 64-bit key: the first person id (a placeholder such as
    ``0`` or ``ukjent`` is none), else normalised name and birth date (hashed together); a row
    without any of these is a person of its own.

    The same id in two columns (``p_dnr`` = ``p_unique_id``) is the same person.
    """
    wanted = (C.PERSON_ID, C.FIRST_NAME, C.LAST_NAME, C.BIRTH_DATE)
    signature = ",".join(f"{c}:{categories[c]}" for c in columns_of(table, categories, *wanted))
    return table.kept(("\0person", signature), lambda: _person_key(table, categories))


def _person_key(table: Table, categories: Categories) -> pl.Series:
    ids = [table.id_code(c) for c in columns_of(table, categories, C.PERSON_ID)]
    first = columns_of(table, categories, C.FIRST_NAME)[:1]
    last = columns_of(table, categories, C.LAST_NAME)[:1]
    birth = columns_of(table, categories, C.BIRTH_DATE)[:1]
    parts = {f"i{n}": s for n, s in enumerate(ids)}
    if first and last:
        name = [table.code(first[0], "text"), table.code(last[0], "text")]
        name += [table.code(birth[0], "strip")] if birth else []
        parts |= {f"n{n}": s for n, s in enumerate(name)}
    frame = table.frame.select(pl.int_range(pl.len()).alias("row")).with_columns(**parts)
    names = [c for c in parts if c[0] == "n"]
    known = [pl.all_horizontal(pl.col(c).is_not_null() for c in names)] if names else []
    by_name = [pl.when(known[0]).then(pl.struct(names).hash())] if names else []
    # A row of its own: hashed with the file's name, so rows of two files differ.
    by_row = pl.struct(file=pl.lit(table.name), row="row").hash()
    persons = frame.select(pl.coalesce([*(pl.col(c) for c in parts if c[0] == "i"),
                                        *by_name, by_row]).alias("person"))  # fmt: skip
    return persons.to_series()
