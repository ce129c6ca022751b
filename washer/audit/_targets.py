"""What the leak scan searches for: every identifying value of the originals, normalised once.

Numbers (ids, phones, organisation numbers, numeric codes) become digit keys in a space naming
how a digit run in washed output must be read to match them (``i`` 11-digit id, ``p``
canonical phone, ``o`` organisation number, ``d`` any other digit string of 6 or more). Text values
(names, addresses, employers, passports, reference codes) become lists of normalised words:
one-word targets and phrases. E-mail addresses are kept whole, lower case.

Common values are not searched for, because washed output may legitimately contain them: a name
word is common when the fake generator's pools hold it, when it is an everyday word
(:mod:`washer.audit._words`) or a word of the kept attribute columns (code texts, countries),
or when at least ``min_persons`` distinct persons of the originals use it, in their names or
their free text. An address or employer is common when ``min_persons`` persons share it; an
address without any digit (a place, a hotel) only points at a building, so it is not searched
for outside its own row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from washer.audit import normalise as norm
from washer.audit._idcheck import analyse_ids
from washer.audit._pools import NamePools
from washer.audit._tables import Categories, Table, columns_of, hashed, person_key
from washer.audit._words import EVERYDAY_WORDS
from washer.categories import IDENTIFYING, Category

C = Category
_NAME_CATEGORIES = (C.FIRST_NAME, C.LAST_NAME, C.CONTACT_PERSON)


@dataclass(frozen=True)
class Targets:
    """Normalised original values to search for, each with the kind reported when found."""

    numbers: pl.DataFrame  # space (how to read a digit run), key (digits), kind
    words: pl.DataFrame  # key (one normalised word), kind
    phrases: pl.DataFrame  # key (normalised words), head (first two words), kind
    emails: pl.DataFrame  # key, kind
    common: pl.DataFrame  # kind, key: addresses / employers shared by many persons

    @property
    def size(self) -> int:
        return sum(f.height for f in (self.numbers, self.words, self.phrases, self.emails))


def _frame(key: pl.Series, kind: str, space: str = "") -> pl.DataFrame:
    data = {"key": key.rename("key"), "kind": pl.repeat(kind, key.len(), eager=True)}
    if space:
        data["space"] = pl.repeat(space, key.len(), eager=True)
    return pl.DataFrame(data).drop_nulls("key")


def _keys(table: Table, column: str, form: str) -> pl.Series:
    return table.normal(column, form).drop_nulls().unique()


@dataclass
class _Originals:
    """Normalised identifying values of the originals, by how they are searched for."""

    numbers: list[pl.DataFrame] = field(default_factory=list)  # key, kind, space
    texts: list[pl.DataFrame] = field(default_factory=list)  # key, kind
    shared: list[tuple[Table, str, Category]] = field(default_factory=list)
    names: list[tuple[Table, str]] = field(default_factory=list)
    emails: list[pl.DataFrame] = field(default_factory=list)  # key, kind

    def add(self, table: Table, column: str, cat: Category) -> None:
        kind = cat.value
        if cat is C.PHONE:
            self.numbers.append(_frame(_keys(table, column, "phone"), kind, space="p"))
        elif cat in (C.PERSON_ID, C.ORGNR, C.REFERENCE_CODE):
            form = "digits" if cat is C.ORGNR else "id"
            key = _keys(table, column, form)
            numeric = key.str.contains(r"^\d+$")
            size = key.str.len_bytes()
            exact = {C.PERSON_ID: ("i", 11), C.ORGNR: ("o", 9)}.get(cat)
            if exact:
                exact_key = key.filter(numeric & (size == exact[1]))
                self.numbers.append(_frame(exact_key, kind, space=exact[0]))
            rest = numeric & (size >= 6) & (size != (exact[1] if exact else 0))
            self.numbers.append(_frame(key.filter(rest), kind, space="d"))
            if cat is not C.ORGNR:  # passports and codes with letters: searched as text
                cells = pl.DataFrame(
                    {"value": table.frame[column], "key": table.normal(column, form)}
                )
                lettered = cells.filter(~pl.col("key").str.contains(r"^\d+$"))["value"].unique()
                self.texts.append(_frame(norm.text_values(lettered), kind))
        elif cat is C.EMAIL:
            keys = _keys(table, column, "email").to_frame("new").select(norm.emails(pl.col("new")))
            self.emails.append(_frame(keys.to_series().explode(), kind))
        elif cat in _NAME_CATEGORIES:
            self.names.append((table, column))
        else:
            self.shared.append((table, column, cat))


def _vocabulary(tables: Sequence[Table], categories: Categories) -> pl.DataFrame:
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


def _cell_words(table: Table, column: str) -> pl.DataFrame:
    """(``cell``, ``key``): each word of letters of each distinct cell (``cell``: its hash)."""
    words = table.normal_map(column, "text").select(
        cell=pl.col("value").hash(), key=pl.col("new").str.split(" ")
    )
    return words.explode("key").filter(
        pl.col("key").str.len_chars() >= 2, pl.col("key").str.contains(r"\p{L}")
    )


def _persons_using(
    table: Table, column: str, words: pl.DataFrame, categories: Categories
) -> pl.DataFrame:
    """(``person``, ``key``): who writes which of the words (``cell``, ``key``) in a column."""
    rows = pl.DataFrame(
        {"person": person_key(table, categories), "cell": table.row_hashes(column)}
    ).join(words.select("cell").unique(), on="cell", how="semi")
    return rows.join(words, on="cell").select("person", "key")


def _name_words(
    originals: _Originals, tables: Sequence[Table], categories: Categories, pools: NamePools,
    vocabulary: pl.DataFrame, min_persons: int,
) -> pl.DataFrame:  # fmt: skip
    """Rare name words: not in the pools, not an everyday word or a word of the attributes,
    and carried (in names or free text) by fewer than ``min_persons`` persons.

    The word filters run on distinct words first; persons are counted only for what is left.
    """
    common = pl.Series(sorted(pools.words | pools.fake_words | EVERYDAY_WORDS), dtype=pl.String)
    candidates = [
        (table, column, _cell_words(table, column)
         .filter(~pl.col("key").is_in(common.implode()))
         .join(vocabulary, left_on="key", right_on="v", how="anti"))
        for table, column in originals.names
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


_WORD_SCHEMA = {"cell": pl.UInt64, "key": pl.String}
_USED_SCHEMA = {"person": pl.UInt64, "key": pl.String}


def _producible(pools: NamePools) -> pl.Expr:
    """True for an address or employer name the fake generator could have written itself."""
    key, kind = pl.col("key"), pl.col("kind")
    street = key.str.extract(r"^(\D+?) \d")
    streets = pl.Series(sorted(pools.fake_streets), dtype=pl.String)
    vocabulary = pl.Series(sorted(pools.words | pools.fake_words), dtype=pl.String)
    words = key.str.split(" ").list.eval(pl.element().is_in(vocabulary.implode())).list.all()
    return (
        pl.when(kind == C.ADDRESS.value)
        .then(street.is_in(streets.implode()).fill_null(False))
        .otherwise(words)
    )


def _shared(
    originals: _Originals, categories: Categories, vocabulary: pl.DataFrame, pools: NamePools,
    min_persons: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """Addresses and employers to search for (outside their own row, unless common: shared by
    many persons), and the common ones; a value the fake generator could have written is only
    checked in its own row. Persons are counted per code of the normal text."""
    rows, keys = [], []
    for table, column, cat in originals.shared:
        codes = table.code(column, "text")
        rows.append(
            pl.DataFrame({"code": codes, "person": person_key(table, categories)})
            .drop_nulls("code")
            .with_columns(kind=pl.lit(cat.value))
        )
        keys.append(table.normal_map(column, "text").select(code=hashed(pl.col("new")), key="new"))
    if not rows:
        empty = pl.DataFrame(schema={"key": pl.String, "kind": pl.String})
        return empty, empty.select("kind", "key")
    counted = (
        pl.concat(rows)
        .group_by("kind", "code")
        .agg(common=pl.col("person").n_unique() >= min_persons)
        .join(pl.concat(keys).drop_nulls().unique("code"), on="code")
    )
    searched = counted.filter(
        ~pl.col("common"),
        ~_producible(pools),
        (pl.col("kind") != C.ADDRESS.value) | pl.col("key").str.contains(r"\d"),
        pl.col("key").str.len_chars() >= 3,
    ).join(vocabulary, left_on="key", right_on="v", how="anti")
    return searched.select("key", "kind"), counted.filter("common").select("kind", "key")


def _from_free_text(
    tables: Sequence[Table], categories: Categories
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ids, phones and e-mails written inside the originals' free text are identifying too.

    An 11-digit run counts when its check digits are valid; a phone when it is written with a
    country code (``+`` or ``00``) or is eight digits starting with 4 or 9 (a Norwegian mobile).
    """
    cells = [
        table.frame[column].drop_nulls().unique()
        for table in tables
        for column in columns_of(table, categories, C.FREE_TEXT)
    ]
    empty = pl.DataFrame(schema={"key": pl.String, "kind": pl.String})
    if not cells:
        return empty.with_columns(space=pl.lit("", pl.String)), empty
    values = pl.concat(cells).unique().to_frame("value")
    runs = values.select(run=norm.digit_runs(pl.col("value"))).explode("run").drop_nulls()
    runs = runs.with_columns(d=norm.digits(pl.col("run")), plus=pl.col("run").str.starts_with("+"))
    ids = analyse_ids(runs.filter(pl.col("d").str.len_bytes() == 11, ~pl.col("plus"))["d"])
    mobile = pl.col("d").str.contains(r"^[49]\d{7}$")
    phones = runs.filter(pl.col("plus") | pl.col("d").str.starts_with("00") | mobile)
    numbers = pl.concat(
        [
            _frame(ids.filter("valid")["value"], C.PERSON_ID.value, space="i"),
            _frame(
                phones.select(norm.phone_from_digits(pl.col("run"))).to_series(),
                C.PHONE.value,
                space="p",
            ),
        ]
    )
    mails = values.select(norm.emails(pl.col("value"))).to_series().explode()
    return numbers, _frame(mails, C.EMAIL.value)


def build_targets(
    tables: Sequence[Table], categories: Categories, pools: NamePools, min_persons: int
) -> Targets:
    """Everything to search for in washed output, from the original tables."""
    found = _Originals()
    for table in tables:
        for column in columns_of(table, categories, *IDENTIFYING):
            found.add(table, column, categories[column])
    vocabulary = _vocabulary(tables, categories)
    keyed: dict[str, pl.DataType] = {"key": pl.String(), "kind": pl.String()}
    spaced = {**keyed, "space": pl.String()}
    names = _name_words(found, tables, categories, pools, vocabulary, min_persons)
    shared, common = _shared(found, categories, vocabulary, pools, min_persons)
    free_numbers, free_mails = _from_free_text(tables, categories)
    all_text = pl.concat([names, shared, _concat(found.texts, keyed)]).unique()
    one_word = ~pl.col("key").str.contains(" ", literal=True)
    return Targets(
        numbers=pl.concat(
            [_concat(found.numbers, spaced), free_numbers.select(list(spaced))]
        ).unique(),
        words=all_text.filter(one_word),
        phrases=all_text.filter(~one_word).with_columns(
            head=pl.col("key").str.split(" ").list.head(2).list.join(" ")
        ),
        emails=pl.concat([_concat(found.emails, keyed), free_mails]).unique(),
        common=common,
    )


def _concat(frames: list[pl.DataFrame], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    empty = pl.DataFrame(schema=schema)
    return pl.concat([empty, *(f.select(list(schema)) for f in frames)])
