"""What the leak scan searches for: every identifying value of the originals, normalised once.

Numbers (ids, phones, organisation numbers, numeric codes) become keys with a prefix naming
how a digit run in washed output must be read to match them (``i:`` 11-digit id, ``p:``
canonical phone, ``o:`` organisation number, ``d:`` any other digit string). Text values
(names, addresses, employers, passports, reference codes) become lists of normalised words:
one-word targets and phrases. E-mail addresses are kept whole, lower case.

Common values are not searched for, because washed output may legitimately contain them: a name
word is common when the fake generator's pools hold it, when at least ``min_persons`` distinct
persons of the originals carry it, or when it is a word of the kept attribute columns (code
texts, countries). An address or employer is common when ``min_persons`` persons share it; an
address without any digit (a place, a hotel) only points at a building, so it is not searched
for outside its own row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from washer.audit import normalise as norm
from washer.audit._idcheck import analyse_ids
from washer.audit._pools import NamePools
from washer.audit._tables import Categories, Table, columns_of, person_key
from washer.categories import IDENTIFYING, Category

C = Category
_NAME_CATEGORIES = (C.FIRST_NAME, C.LAST_NAME, C.CONTACT_PERSON)


@dataclass(frozen=True)
class Targets:
    """Normalised original values to search for, each with the kind reported when found."""

    numbers: pl.DataFrame  # key (prefixed), kind
    words: pl.DataFrame  # key (one normalised word), kind
    phrases: pl.DataFrame  # key (normalised words), head (first two words), kind
    emails: pl.DataFrame  # key, kind
    common: pl.DataFrame  # kind, key: addresses / employers shared by many persons

    @property
    def size(self) -> int:
        return sum(f.height for f in (self.numbers, self.words, self.phrases, self.emails))


def _long(tables: Sequence[Table], categories: Categories, cats: tuple[Category, ...]) -> (
    pl.DataFrame
):
    """(person, category, value) for every non-null cell of the given categories."""
    parts = []
    for table in tables:
        columns = columns_of(table, categories, *cats)
        frame = table.frame.select(columns, person=person_key(table, categories))
        parts += [
            frame.select("person", cat=pl.lit(categories[c].value), value=pl.col(c)).drop_nulls(
                "value"
            )
            for c in columns
        ]
    schema = {"person": pl.String, "cat": pl.String, "value": pl.String}
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)


def _vocabulary(tables: Sequence[Table], categories: Categories) -> pl.DataFrame:
    """Words and whole values of the kept attribute columns: public, never identifying."""
    parts = []
    for table in tables:
        for column in columns_of(table, categories, C.ATTRIBUTE):
            values = table.frame.select(v=norm.text(pl.col(column))).unique().drop_nulls()
            parts.append(values)
            parts.append(values.select(pl.col("v").str.split(" ")).explode("v"))
    if not parts:
        return pl.DataFrame(schema={"v": pl.String})
    return pl.concat(parts).unique()


def _name_words(long: pl.DataFrame, pools: NamePools, vocabulary: pl.DataFrame, min_persons: int
                ) -> pl.DataFrame:
    words = (
        long.filter(pl.col("cat").is_in([c.value for c in _NAME_CATEGORIES]))
        .select("person", key=norm.text(pl.col("value")).str.split(" "))
        .explode("key")
        .filter(pl.col("key").str.len_chars() >= 2, pl.col("key").str.contains(r"\p{L}"))
    )
    rare = words.group_by("key").agg(pl.col("person").n_unique().alias("n"))
    rare = rare.filter(
        pl.col("n") < min_persons, ~pl.col("key").is_in(list(pools.words))
    ).join(vocabulary, left_on="key", right_on="v", how="anti")
    return rare.select("key", kind=pl.lit("name"))


def _shared(long: pl.DataFrame, cats: tuple[Category, ...], min_persons: int) -> pl.DataFrame:
    """(kind, key, common) for text values of the given categories."""
    return (
        long.filter(pl.col("cat").is_in([c.value for c in cats]))
        .with_columns(key=norm.text(pl.col("value")))
        .drop_nulls("key")
        .group_by("cat", "key")
        .agg(common=pl.col("person").n_unique() >= min_persons)
        .rename({"cat": "kind"})
    )


def _texts(long: pl.DataFrame, vocabulary: pl.DataFrame, min_persons: int) -> tuple[
    pl.DataFrame, pl.DataFrame
]:
    """Text targets (addresses, employers, reference codes, passports) and common values.

    Passports and codes with letters are phrases like any text: ``FA1234567`` is
    ``fa 1234567``.
    """
    shared = _shared(long, (C.ADDRESS, C.EMPLOYER_NAME), min_persons)
    searched = shared.filter(
        ~pl.col("common"),
        (pl.col("kind") != C.ADDRESS.value) | pl.col("key").str.contains(r"\d"),
        pl.col("key").str.len_chars() >= 3,
    ).join(vocabulary, left_on="key", right_on="v", how="anti")
    codes = (
        long.filter(pl.col("cat").is_in([C.REFERENCE_CODE.value, C.PERSON_ID.value]))
        .select(key=norm.text(pl.col("value")), kind="cat")
        .filter(pl.col("key").str.contains(r"\p{L}"))
    )
    text = pl.concat([searched.select("key", "kind"), codes]).unique()
    common = shared.filter("common").select("kind", "key")
    return text, common


def _numbers(long: pl.DataFrame) -> pl.DataFrame:
    """Prefixed number keys of ids, phones, organisation numbers and numeric codes."""
    digits = norm.digits(pl.col("value"))
    cat = pl.col("cat")
    letters = pl.col("value").str.contains(r"\p{L}")
    keyed = long.select(
        key=pl.when(cat == C.PHONE.value)
        .then(pl.lit("p:") + norm.phone(pl.col("value")))
        .when((cat == C.PERSON_ID.value) & (digits.str.len_bytes() == 11) & ~letters)
        .then(pl.lit("i:") + digits)
        .when((cat == C.ORGNR.value) & (digits.str.len_bytes() == 9))
        .then(pl.lit("o:") + digits)
        .when(
            cat.is_in([C.PERSON_ID.value, C.REFERENCE_CODE.value, C.ORGNR.value])
            & ~letters
            & (digits.str.len_bytes() >= 6)
        )
        .then(pl.lit("d:") + digits),
        kind="cat",
    )
    return keyed.drop_nulls("key").unique()


def _from_free_text(tables: Sequence[Table], categories: Categories) -> tuple[
    pl.DataFrame, pl.DataFrame
]:
    """Ids, phones and e-mails written inside the originals' free text are identifying too.

    An 11-digit run counts when its check digits are valid; a phone when it is written with a
    country code (``+`` or ``00``) or is eight digits starting with 4 or 9 (a Norwegian mobile).
    """
    cells = []
    for table in tables:
        for column in columns_of(table, categories, C.FREE_TEXT):
            cells.append(table.frame.select(value=pl.col(column)).drop_nulls().unique())
    if not cells:
        empty = pl.DataFrame(schema={"key": pl.String, "kind": pl.String})
        return empty, empty
    values = pl.concat(cells).unique()
    runs = values.select(run=norm.digit_runs(pl.col("value"))).explode("run").drop_nulls()
    runs = runs.with_columns(d=norm.digits(pl.col("run")), plus=pl.col("run").str.starts_with("+"))
    ids = analyse_ids(runs.filter(pl.col("d").str.len_bytes() == 11, ~pl.col("plus"))["d"])
    id_keys = ids.filter("valid").select(key=pl.lit("i:") + pl.col("value"))
    mobile = pl.col("d").str.contains(r"^[49]\d{7}$")
    phones = runs.filter(pl.col("plus") | pl.col("d").str.starts_with("00") | mobile)
    phone_keys = phones.select(key=pl.lit("p:") + norm.phone_from_digits(pl.col("run")))
    numbers = pl.concat(
        [
            id_keys.with_columns(kind=pl.lit(C.PERSON_ID.value)),
            phone_keys.drop_nulls().with_columns(kind=pl.lit(C.PHONE.value)),
        ]
    )
    mails = values.select(key=norm.emails(pl.col("value"))).explode("key").drop_nulls()
    return numbers, mails.with_columns(kind=pl.lit(C.EMAIL.value))


def build_targets(
    tables: Sequence[Table], categories: Categories, pools: NamePools, min_persons: int
) -> Targets:
    """Everything to search for in washed output, from the original tables."""
    identifying = tuple(sorted(IDENTIFYING))
    long = _long(tables, categories, identifying)
    vocabulary = _vocabulary(tables, categories)
    names = _name_words(long, pools, vocabulary, min_persons)
    text, common = _texts(long, vocabulary, min_persons)
    free_numbers, free_mails = _from_free_text(tables, categories)
    numbers = pl.concat([_numbers(long), free_numbers]).unique()
    mails = long.filter(pl.col("cat") == C.EMAIL.value).select(
        key=norm.emails(pl.col("value")), kind=pl.lit(C.EMAIL.value)
    )
    emails = pl.concat([mails.explode("key").drop_nulls(), free_mails]).unique()
    all_text = pl.concat([names, text]).unique()
    one_word = ~pl.col("key").str.contains(" ", literal=True)
    phrases = all_text.filter(~one_word).with_columns(
        head=pl.col("key").str.split(" ").list.head(2).list.join(" ")
    )
    return Targets(
        numbers=numbers,
        words=all_text.filter(one_word),
        phrases=phrases,
        emails=emails,
        common=common,
    )
