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
from washer.audit._tables import Categories, Table, columns_of, person_key
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


def _frame(
    key: pl.Series, kind: str, person: pl.Series | None = None, space: str = ""
) -> pl.DataFrame:
    data = {"key": key.rename("key"), "kind": pl.repeat(kind, key.len(), eager=True)}
    if person is not None:
        data["person"] = person
    if space:
        data["space"] = pl.repeat(space, key.len(), eager=True)
    return pl.DataFrame(data).drop_nulls("key")


@dataclass
class _Originals:
    """Normalised identifying values of the originals, by how they are searched for."""

    numbers: list[pl.DataFrame] = field(default_factory=list)  # key, kind
    texts: list[pl.DataFrame] = field(default_factory=list)  # key, kind
    shared: list[pl.DataFrame] = field(default_factory=list)  # key, kind, person
    names: list[pl.DataFrame] = field(default_factory=list)  # key (text), kind, person
    emails: list[pl.DataFrame] = field(default_factory=list)  # key, kind

    def add(self, table: Table, column: str, cat: Category, person: pl.Series) -> None:
        kind = cat.value
        if cat is C.PHONE:
            self.numbers.append(_frame(table.normal_map(column, "phone")["new"], kind, space="p"))
        elif cat in (C.PERSON_ID, C.ORGNR, C.REFERENCE_CODE):
            mapping = table.normal_map(column, "digits" if cat is C.ORGNR else "id")
            key = mapping["new"]
            numeric = key.str.contains(r"^\d+$")
            size = key.str.len_bytes()
            exact = {C.PERSON_ID: ("i", 11), C.ORGNR: ("o", 9)}.get(cat)
            if exact:
                exact_key = key.filter(numeric & (size == exact[1]))
                self.numbers.append(_frame(exact_key, kind, space=exact[0]))
            rest = numeric & (size >= 6) & (size != (exact[1] if exact else 0))
            self.numbers.append(_frame(key.filter(rest), kind, space="d"))
            if cat is not C.ORGNR:  # passports and codes with letters: searched as text
                lettered = mapping["value"].filter(~numeric.fill_null(True))
                self.texts.append(_frame(norm.text_values(lettered), kind))
        elif cat is C.EMAIL:
            emails = table.normal_map(column, "email").select(norm.emails(pl.col("new")))
            self.emails.append(_frame(emails.to_series().explode(), kind))
        elif cat in _NAME_CATEGORIES:
            self.names.append(_frame(table.normal(column, "text"), kind, person))
        else:
            self.shared.append(_frame(table.normal(column, "text"), kind, person))


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


def _words(texts: pl.DataFrame) -> pl.DataFrame:
    """(person, key) for every word of letters of the texts (``person``, ``key``)."""
    return (
        texts.select("person", key=pl.col("key").str.split(" "))
        .explode("key")
        .filter(pl.col("key").str.len_chars() >= 2, pl.col("key").str.contains(r"\p{L}"))
    )


def _free_text_words(tables: Sequence[Table], categories: Categories) -> pl.DataFrame:
    """(person, key): the words each person's free text uses."""
    parts = [
        pl.DataFrame({"person": person_key(t, categories), "key": t.normal(c, "text")}).drop_nulls(
            "key"
        )
        for t in tables
        for c in columns_of(t, categories, C.FREE_TEXT)
    ]
    schema = {"person": pl.String, "key": pl.String}
    return _words(pl.concat(parts)).unique() if parts else pl.DataFrame(schema=schema)


def _name_words(
    names: pl.DataFrame, free: pl.DataFrame, pools: NamePools, vocabulary: pl.DataFrame,
    min_persons: int,
) -> pl.DataFrame:  # fmt: skip
    """Rare name words: not in the pools, not an everyday word or a word of the attributes,
    and carried (in names or free text) by fewer than ``min_persons`` persons."""
    words = _words(names)
    used = pl.concat([words.select("person", "key"), free.join(words, on="key", how="semi")])
    rare = used.group_by("key").agg(pl.col("person").n_unique().alias("n"))
    common = pl.Series(sorted(pools.words | pools.fake_words | EVERYDAY_WORDS), dtype=pl.String)
    rare = rare.filter(pl.col("n") < min_persons, ~pl.col("key").is_in(common.implode()))
    rare = rare.join(vocabulary, left_on="key", right_on="v", how="anti")
    return rare.select("key", kind=pl.lit("name"))


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
    shared: pl.DataFrame, vocabulary: pl.DataFrame, pools: NamePools, min_persons: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Addresses and employers to search for (outside their own row, unless common: shared by
    many persons), and the common ones; a value the fake generator could have written is only
    checked in its own row."""
    counted = shared.group_by("kind", "key").agg(common=pl.col("person").n_unique() >= min_persons)
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
        columns = columns_of(table, categories, *IDENTIFYING)
        person = person_key(table, categories) if columns else pl.Series(dtype=pl.String)
        for column in columns:
            found.add(table, column, categories[column], person)
    vocabulary = _vocabulary(tables, categories)
    keyed: dict[str, pl.DataType] = {"key": pl.String(), "kind": pl.String()}
    with_person = {**keyed, "person": pl.String()}
    spaced = {**keyed, "space": pl.String()}
    free = _free_text_words(tables, categories)
    names = _name_words(_concat(found.names, with_person), free, pools, vocabulary, min_persons)
    shared, common = _shared(_concat(found.shared, with_person), vocabulary, pools, min_persons)
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
