"""What the leak scan searches for: every identifying value of the originals, normalised once.

Numbers (ids, phones, organisation numbers, numeric codes) become digit keys in a space naming
how a digit run in washed output must be read to match them (``i`` 11-digit id, ``p``
canonical phone, ``n`` a foreign phone's national number, as written at home after a trunk
zero, ``o`` organisation number, ``d`` any other digit string of 6 or more). Text values
(names, addresses, employers, passports, reference codes) become lists of normalised words:
one-word targets and phrases. E-mail addresses are kept whole, lower case. Common names,
addresses and employers are not searched for (:mod:`washer.audit._rare`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from washer.audit import normalise as norm
from washer.audit._idcheck import analyse_ids
from washer.audit._pools import NamePools
from washer.audit._rare import rare_name_words, rare_places, vocabulary
from washer.audit._spans import spelled
from washer.audit._tables import Categories, Table, columns_of
from washer.categories import IDENTIFYING, Category
from washer.fakes.phones import national_numbers

C = Category
_NAME_CATEGORIES = (C.FIRST_NAME, C.LAST_NAME, C.CONTACT_PERSON)
SPACES = ("p", "n", "i", "o", "d")
_KEYED = {"key": pl.String, "kind": pl.String}


@dataclass(frozen=True)
class Targets:
    """Normalised original values to search for, each with the kind reported when found."""

    numbers: dict[str, pl.DataFrame]  # space (how to read a digit run) -> key (digits), kind
    words: pl.DataFrame  # key (one normalised word), kind
    phrases: pl.DataFrame  # key (normalised words), head (first two words), kind
    emails: pl.DataFrame  # key, kind
    common: pl.DataFrame  # kind, key: addresses / employers shared by many persons
    codes: pl.DataFrame  # key (letters and digits, no separator), kind: passports

    @property
    def size(self) -> int:
        frames = [*self.numbers.values(), self.words, self.phrases, self.emails]
        return sum(f.height for f in frames)


def _distinct(values: pl.Series) -> pl.Series:
    return values.drop_nulls().to_frame("key").lazy().unique().collect().to_series()


@dataclass
class _Originals:
    """Normalised identifying values of the originals, by how they are searched for."""

    numbers: dict[tuple[str, str], list[pl.Series]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (space, kind) -> keys
    texts: list[pl.DataFrame] = field(default_factory=list)  # key, kind
    codes: list[pl.DataFrame] = field(default_factory=list)  # key, kind
    places: list[tuple[Table, str, Category]] = field(default_factory=list)
    names: list[tuple[Table, str]] = field(default_factory=list)
    emails: list[pl.Series] = field(default_factory=list)

    def add(self, table: Table, column: str, cat: Category) -> None:
        kind = cat.value
        if cat is C.PHONE:
            self.numbers[("p", kind)].append(_distinct(table.normal(column, "phone")))
        elif cat in (C.PERSON_ID, C.ORGNR, C.REFERENCE_CODE):
            form = "digits" if cat is C.ORGNR else "id"
            normal = table.normal(column, form)
            if cat is C.PERSON_ID:  # a placeholder (``0``, ``ukjent``) is no personal data
                normal = normal.filter(table.id_code(column).is_not_null())
            key = _distinct(normal)
            numeric = key.str.contains(r"^\d+$")
            size = key.str.len_bytes()
            exact = {C.PERSON_ID: ("i", 11), C.ORGNR: ("o", 9)}.get(cat)
            if exact:
                self.numbers[(exact[0], kind)].append(key.filter(numeric & (size == exact[1])))
            rest = numeric & (size >= 6) & (size != (exact[1] if exact else 0))
            self.numbers[("d", kind)].append(key.filter(rest))
            lettered = key.filter(~numeric)
            if cat is not C.ORGNR and lettered.len():  # passports, codes with letters: as text
                spelled = table.frame[column].filter(
                    table.normal(column, form).is_in(lettered.implode())
                )
                keys = norm.text_values(_distinct(spelled))
                self.texts.append(pl.DataFrame({"key": keys, "kind": kind}).drop_nulls())
                if cat is C.PERSON_ID:  # a passport may be written in other groups
                    self.codes.append(pl.DataFrame({"key": lettered, "kind": kind}))
        elif cat is C.EMAIL:
            cells = _distinct(table.normal(column, "email")).to_frame("new")
            self.emails.append(norm.email_rows(cells, "new", "key")["key"])
        elif cat in _NAME_CATEGORIES:
            self.names.append((table, column))
        else:
            self.places.append((table, column, cat))

    def from_free_text(self, tables: Sequence[Table], categories: Categories) -> None:
        """Ids, phones and e-mails written inside the originals' free text are identifying too.

        An 11-digit run counts when its check digits are valid; a phone when it is written
        with a country code (``+`` or ``00``) or is eight digits starting with 4 or 9 (a
        Norwegian mobile).
        """
        cells = [
            table.normal_map(column, "text")["value"]
            for table in tables
            for column in columns_of(table, categories, C.FREE_TEXT)
        ]
        if not cells:
            return
        values = _distinct(pl.concat(cells))
        runs = values.to_frame("value").select(run=norm.digit_runs(pl.col("value")))
        runs = (
            runs.explode("run")
            .drop_nulls()
            .with_columns(
                d=pl.col("run").str.replace_all(r"\D+", ""), plus=pl.col("run").str.starts_with("+")
            )
        )
        # Several numbers in one run ("rom 310 91234567"): also each number spelled in it,
        # read as written without a country code.
        several = runs.lazy().filter(
            pl.col("d").str.len_bytes() > 8, pl.col("run").str.contains(r"\d\D+\d")
        )
        inside = spelled(several.select("run", plus=pl.lit(False)), "plus")
        runs = pl.concat([runs.select("d", "plus"), inside.select("d", "plus").collect()])
        ids = analyse_ids(runs.filter(pl.col("d").str.len_bytes() == 11, ~pl.col("plus"))["d"])
        self.numbers[("i", C.PERSON_ID.value)].append(_distinct(ids.filter("valid")["value"]))
        mobile = pl.col("d").str.contains(r"^[49]\d{7}$")
        phones = runs.filter(pl.col("plus") | pl.col("d").str.starts_with("00") | mobile)
        canonical = norm.canonical_phone(pl.col("plus"), pl.col("d"))
        self.numbers[("p", C.PHONE.value)].append(_distinct(phones.select(canonical).to_series()))
        mails = values.to_frame("value").select(norm.emails(pl.col("value"))).to_series()
        self.emails.append(mails.explode())

    def number_targets(self) -> dict[str, pl.DataFrame]:
        """Per space, the distinct (key, kind) pairs."""
        by_space: dict[str, list[pl.DataFrame]] = {space: [] for space in SPACES}
        for (space, kind), parts in self.numbers.items():
            keys = _distinct(pl.concat(parts)) if len(parts) > 1 else parts[0].drop_nulls()
            by_space[space].append(pl.DataFrame({"key": keys, "kind": kind}, schema=_KEYED))
            if space == "p":
                by_space["n"].append(_national(keys, kind))
        return {s: _concat(frames) for s, frames in by_space.items()}


def _national(phones: pl.Series, kind: str) -> pl.DataFrame:
    """The national numbers of foreign canonical phones (Norway writes no trunk zero)."""
    foreign = phones.filter(~phones.str.starts_with("47"))
    national = national_numbers("+" + foreign)
    keys = _distinct(national.filter(national.str.len_bytes() >= 6))
    return pl.DataFrame({"key": keys, "kind": kind}, schema=_KEYED)


def build_targets(
    tables: Sequence[Table], categories: Categories, pools: NamePools, min_persons: int
) -> Targets:
    """Everything to search for in washed output, from the original tables."""
    found = _Originals()
    for table in tables:
        for column in columns_of(table, categories, *IDENTIFYING):
            found.add(table, column, categories[column])
    found.from_free_text(tables, categories)
    words = vocabulary(tables, categories)
    names = rare_name_words(found.names, tables, categories, pools, words, min_persons)
    places, common = rare_places(found.places, categories, words, pools, min_persons)
    all_text = pl.concat([names, places, _concat(found.texts)]).unique()
    one_word = ~pl.col("key").str.contains(" ", literal=True)
    emails = _distinct(pl.concat([pl.Series(dtype=pl.String), *found.emails]))
    return Targets(
        numbers=found.number_targets(),
        words=all_text.filter(one_word),
        phrases=all_text.filter(~one_word).with_columns(
            head=pl.col("key").str.split(" ").list.head(2).list.join(" ")
        ),
        emails=emails.to_frame("key").with_columns(kind=pl.lit(C.EMAIL.value)),
        common=common,
        codes=_concat(found.codes).unique(),
    )


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat([pl.DataFrame(schema=_KEYED), *(f.select(list(_KEYED)) for f in frames)])
