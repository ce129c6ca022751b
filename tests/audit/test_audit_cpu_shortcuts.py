"""Shortcuts that spare the audit work give exactly what the work they spare gave.

Oracles: the code before each shortcut, kept here as it was.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit import _tables, fullnames, leaks
from washer.audit._forms import fix_non_ascii, mostly_id_form, non_ascii, row_plan
from washer.audit._tables import as_table
from washer.audit._targets import SPACES
from washer.audit.risk import _class_codes, class_codes
from washer.categories import Category
from washer.ids.placeholder import placeholder

_KEYED = {"key": pl.String, "kind": pl.String}


def _sorted(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    return sorted(frame.rows(), key=repr)


def _old_text_hits(uniq: pl.DataFrame, targets: leaks.Targets) -> pl.DataFrame:
    """``_text_hits`` before it asked only the values a word was found in whether they are
    coded and hold a digit."""
    texts = uniq.select("vid", "text", "coded").drop_nulls("text")
    words = texts.select("vid", "coded", word=pl.col("text").str.split(" ")).explode("word")
    found = words.join(targets.words, left_on="word", right_on="key")
    coded = uniq.filter(pl.col("coded")).filter(pl.col("value").str.contains(r"\d"))["vid"]
    in_code = (pl.col("kind") == "name") & pl.col("vid").is_in(coded.implode())
    return found.filter(~in_code).select("vid", "kind")


_WORD = st.sampled_from(["ima", "ola", "nordmann", "734672", "12", "b", "\u0663"])
_VALUE = st.lists(st.one_of(_WORD, st.sampled_from(["-", " ", "IMA", "x"])), max_size=5).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(_VALUE, st.lists(_WORD, min_size=1, max_size=4), st.booleans()), max_size=20
    ),
    wanted=st.lists(st.tuples(_WORD, st.sampled_from(["name", "first_name"])), max_size=6),
)
def test_text_hits_are_those_of_asking_every_coded_value(
    rows: list[tuple[str, list[str], bool]], wanted: list[tuple[str, str]]
) -> None:
    uniq = pl.DataFrame(
        [(value, " ".join(words), coded) for value, words, coded in rows],
        schema={"value": pl.String, "text": pl.String, "coded": pl.Boolean},
        orient="row",
    ).with_row_index("vid")
    targets = leaks.Targets(
        numbers={space: pl.DataFrame(schema=_KEYED) for space in SPACES},
        words=pl.DataFrame(wanted, schema=_KEYED, orient="row").unique(),
        phrases=pl.DataFrame(schema={"key": pl.String, "head": pl.String, "kind": pl.String}),
        emails=pl.DataFrame(schema=_KEYED),
        common=pl.DataFrame(schema={"kind": pl.String, "key": pl.String}),
        codes=pl.DataFrame(schema=_KEYED),
    )
    new = leaks._text_hits(uniq, targets)
    assert _sorted(new) == _sorted(_old_text_hits(uniq, targets))


_NAME = st.one_of(st.none(), st.sampled_from(["Per", "per", "Kari", "Ola", "Nordmann", "", " "]))


def _old_pairs(frame: pl.DataFrame, first: str, last: str) -> pl.DataFrame:
    """The distinct pairs as ``_pair_forms`` found them before: the strings grouped."""
    return frame.select(first, last).drop_nulls().unique()


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.tuples(_NAME, _NAME), max_size=30))
def test_distinct_pairs_are_the_distinct_pairs_of_names(
    names: list[tuple[str | None, str | None]],
) -> None:
    frame = pl.DataFrame(names, schema={"f": pl.String, "l": pl.String}, orient="row")
    table = as_table("t", frame)
    new = fullnames.distinct_pairs(table, "f", "l")
    assert new.height == new.unique().height
    assert _sorted(new) == _sorted(_old_pairs(table.frame, "f", "l"))


def test_distinct_pairs_group_the_names_when_two_names_share_a_hash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where two distinct names of a column share a 64-bit hash, the hashes cannot tell
    pairs apart: the names are grouped."""
    frame = pl.DataFrame({"f": ["Per", "Kari", "Per", None], "l": ["A", "B", "A", "C"]})
    table = as_table("t", frame)
    monkeypatch.setattr(pl.Series, "hash", lambda self, *a, **k: pl.Series([0] * self.len()))
    new = fullnames.distinct_pairs(table, "f", "l")
    assert _sorted(new) == _sorted(_old_pairs(table.frame, "f", "l"))


_IDS = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(["0", "00000000000", "ukjent", "N/A", "-", "?", "XXXX", "15088545610"]),
        st.text(alphabet="0123456789 -.abcXK\u00e5\u0663", max_size=12),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(ids=_IDS)
def test_placeholders_are_the_values_placeholder_reads_as_one(ids: list[str | None]) -> None:
    table = as_table("t", pl.DataFrame({"id": ids}, schema={"id": pl.String}))
    values = table.distinct("id")
    old = values.filter(values.to_frame("v").select(placeholder(pl.col("v"))).to_series())
    assert sorted(table.placeholders("id").to_list()) == sorted(old.to_list())


def test_class_codes_are_kept_for_the_risk_after_the_cells_are_freed() -> None:
    categories = {
        "p_birth_date": Category.BIRTH_DATE,
        "p_unique_id": Category.PERSON_ID,
        "municipality_number": Category.ATTRIBUTE,
    }
    frame = pl.DataFrame(
        {
            "p_birth_date": ["1980-01-02", None, "1975-12-31", "1980-01-02"],
            "p_unique_id": ["02018012345", "ukjent", None, "31127554321"],
            "municipality_number": ["0301", "0301", None, "1103"],
        }
    )
    table = as_table("t", frame)
    columns = list(categories)
    first = class_codes(table, categories, columns)
    assert first.equals(_class_codes(as_table("t", frame), categories, columns))
    table.drop_cells()  # what the risk reads of the originals after _settle
    assert class_codes(table, categories, columns).equals(first)


def _old_id_form(frame: pl.DataFrame, column: str) -> pl.Series:
    """The ``id`` form of every cell as ``Table`` computed it before ids already in their form
    were left as they are."""
    values = row_plan(frame, [(column, "id")]).collect().to_series()
    if frame.select(non_ascii(pl.col(column)).any()).item():
        values = fix_non_ascii(frame, column, values)
    return values


_ID_CELLS = st.lists(
    st.one_of(
        st.none(),
        st.text(alphabet="0123456789", min_size=1, max_size=11),
        st.text(alphabet="0123456789abcAB -.\u00e5\u0663\u00ad", max_size=12),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(cells=_ID_CELLS, held=st.booleans())
def test_id_forms_are_those_of_computing_every_cell(
    cells: list[str | None], held: bool, monkeypatch_module: pytest.MonkeyPatch
) -> None:
    frame = pl.DataFrame({"id": cells}, schema={"id": pl.String})
    table = as_table("t", frame)
    before = table.frame["id"].clone()
    monkeypatch_module.setattr(_tables, "mostly_id_form", lambda cells: held)
    new = table.normal("id", "id")
    assert new.to_list() == _old_id_form(table.frame, "id").to_list()
    assert table.frame["id"].equals(before)  # the cells are left as read


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_most_fake_ids_are_read_as_held_and_reference_codes_not() -> None:
    assert mostly_id_form(pl.Series(["15088545610", None, "fa1234567"] * 10))
    assert not mostly_id_form(pl.Series(["1532-47-1-522568"] * 10))
    assert not mostly_id_form(pl.Series([None, None], dtype=pl.String))
