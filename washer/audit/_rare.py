"""Which original names, addresses and employers are rare enough to be searched for.

Washed output may legitimately contain common values. A name word is common when the fake
generator's pools hold it, when it is an everyday word (:mod:`washer.audit._words`) or a word
of the kept attribute columns (code texts, countries), or when at least ``min_persons``
distinct persons of the originals use it, in their names or their free text. An address or
employer is common when ``min_persons`` persons share it; an address without any digit (a
place, a hotel) only points at a building, and a value the fake generator could have written
itself is only checked in its own row.

Words are filtered on distinct values first; persons are counted (by 64-bit person keys) only
for what is left.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from washer.audit._persons import person_key
from washer.audit._pools import NamePools
from washer.audit._tables import Categories, Table, columns_of, hashed
from washer.audit._words import EVERYDAY_WORDS
from washer.categories import Category
from washer.written import names_alone

C = Category
_WORD_SCHEMA = {"cell": pl.UInt64, "key": pl.String}
_USED_SCHEMA = {"person": pl.UInt64, "key": pl.String}


def vocabulary(tables: Sequence[Table], categories: Categories) -> pl.DataFrame:
    """Words and whole values of the kept attribute columns: public, never identifying."""
    parts = []
    for table in tables:
        for column in columns_of(table, categories, C.ATTRIBUTE):
            texts = table.normal_map(column, "text")["new"]
            values = texts.drop_nulls().unique().to_frame("v")
            parts += [values, values.select(pl.col("v").str.split(" ")).explode("v")]
    if not parts:
        return pl.DataFrame(schema={"v": pl.String})
    return pl.concat(parts).unique()


_MIN_LETTERS = 3
"""A name word of fewer letters names nobody on its own, and every passport number and flight
holds two letters (a cp1252 extract's "Gredi?ak" leaves the piece "ak")."""


def _cell_words(table: Table, column: str, *, surname: bool = False) -> pl.DataFrame:
    """(``cell``, ``key``): each word of letters of each distinct cell (``cell``: its hash).
    ``surname``: of a surname of several words only those that name someone alone (as the
    wash replaces them: :func:`~washer.written.names_alone`), not ``o`` of ``o sheehan``,
    ``moe`` of ``moe larsen`` or ``van``."""
    words = table.normal_map(column, "text").select(
        cell=pl.col("value").hash(), key=pl.col("new").str.split(" ")
    )
    if surname:
        alone = pl.col("key").list.eval(pl.element().filter(names_alone(pl.element())))
        several = pl.col("key").list.len() > 1
        words = words.with_columns(key=pl.when(several).then(alone).otherwise(pl.col("key")))
    return words.explode("key").filter(
        pl.col("key").str.len_chars() >= _MIN_LETTERS, pl.col("key").str.contains(r"\p{L}")
    )


def _persons_using(
    table: Table, column: str, words: pl.DataFrame, categories: Categories
) -> pl.DataFrame:
    """(``person``, ``key``): who writes which of the words (``cell``, ``key``) in a column."""
    rows = pl.DataFrame(
        {"person": person_key(table, categories), "cell": table.row_hashes(column)}
    ).join(words.select("cell").unique(), on="cell", how="semi")
    return rows.join(words, on="cell").select("person", "key")


def rare_name_words(
    names: Sequence[tuple[Table, str]], tables: Sequence[Table], categories: Categories,
    pools: NamePools, vocabulary: pl.DataFrame, min_persons: int,
) -> pl.DataFrame:  # fmt: skip
    """Rare name words: not in the pools, not an everyday word or a word of the attributes,
    and carried (in names or free text) by fewer than ``min_persons`` persons.

    The word filters run on distinct words first; persons are counted only for what is left.
    """
    common = pl.Series(sorted(pools.words | pools.fake_words | EVERYDAY_WORDS), dtype=pl.String)
    candidates = [
        (table, column, _cell_words(table, column, surname=categories[column] is C.LAST_NAME)
         .filter(~pl.col("key").is_in(common.implode()))
         .join(vocabulary, left_on="key", right_on="v", how="anti"))
        for table, column in names
    ]  # fmt: skip
    words = pl.concat([pl.DataFrame(schema=_WORD_SCHEMA), *(w for _, _, w in candidates)])
    wanted = words.select("key").unique()
    used = [_persons_using(t, c, w, categories) for t, c, w in candidates]
    for table in tables:
        for column in columns_of(table, categories, C.FREE_TEXT):
            free = _cell_words(table, column).join(wanted, on="key", how="semi")
            used.append(_persons_using(table, column, free, categories))
    used_frame = pl.concat([pl.DataFrame(schema=_USED_SCHEMA), *used])
    rare = used_frame.group_by("key").agg(pl.col("person").n_unique().alias("n"))
    return rare.filter(pl.col("n") < min_persons).select("key", kind=pl.lit("name"))


def _producible(kind: Category, pools: NamePools) -> pl.Expr:
    """True for an address or employer name the fake generator could have written itself."""
    key = pl.col("key")
    if kind is C.ADDRESS:
        streets = pl.Series(sorted(pools.fake_streets), dtype=pl.String)
        return key.str.extract(r"^(\D+?) \d").is_in(streets.implode()).fill_null(False)
    vocabulary = pl.Series(sorted(pools.words | pools.fake_words), dtype=pl.String)
    return key.str.split(" ").list.eval(pl.element().is_in(vocabulary.implode())).list.all()


def rare_places(
    places: Sequence[tuple[Table, str, Category]], categories: Categories,
    vocabulary: pl.DataFrame, pools: NamePools, min_persons: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """Addresses and employers to search for (outside their own row, unless common: shared by
    many persons), and the common ones; a value the fake generator could have written is only
    checked in its own row. Persons are counted per code of the normal text."""
    searched, common = [], []
    for kind in dict.fromkeys(cat for _, _, cat in places):
        columns = [(table, column) for table, column, cat in places if cat is kind]
        rows = pl.concat(
            pl.DataFrame({"code": t.code(c, "text"), "person": person_key(t, categories)})
            for t, c in columns
        )
        keys = pl.concat(
            t.normal_map(c, "text").select(code=hashed(pl.col("new")), key="new")
            for t, c in columns
        )
        counted = (
            rows.drop_nulls("code")
            .group_by("code")
            .agg(common=pl.col("person").n_unique() >= min_persons)
            .join(keys.drop_nulls().unique("code"), on="code")
            .with_columns(kind=pl.lit(kind.value))
        )
        common.append(counted.filter("common").select("kind", "key"))
        rare = counted.filter(
            ~pl.col("common"),
            (kind is not C.ADDRESS) | pl.col("key").str.contains(r"\d"),
            pl.col("key").str.len_chars() >= 3,
        )
        rare = rare.filter(~_producible(kind, pools))
        searched.append(rare.join(vocabulary, left_on="key", right_on="v", how="anti"))
    empty = pl.DataFrame(schema={"key": pl.String, "kind": pl.String})
    return (
        pl.concat([empty, *(f.select("key", "kind") for f in searched)]),
        pl.concat([empty.select("kind", "key"), *common]),
    )
