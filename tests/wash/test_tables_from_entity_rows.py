"""Projections read from the entity rows give what they give read from the inputs.

The tables phase reads the ids, the value domains and the full names from an entity's
distinct rows when they hold the columns (washer.tables.projections._covering), not from the inputs.
"""

from __future__ import annotations

from functools import partial

import polars as pl
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from washer.fullnames import original_full_names
from washer.rules.model import EntitySpec
from washer.tables.projections import (
    _BIRTH,
    Projection,
    _birth,
    _covering,
    _entity_rows,
    _ids_query,
    _projected,
    _values_query,
)

from ._frames import some_inputs

_SPEC = EntitySpec(
    "person", ids=("id1", "id2"), names=("first", "last"), birth_date="born", contacts=("phone",)
)
_COLUMNS = ["id1", "id2", "first", "last", "born", "phone", "address"]

_cells = st.one_of(
    st.none(),
    st.sampled_from(["", "a", "Ola", "12 345", "12345", "ø", "Ola-Per", "1990-01-02", "2.1.1990"]),
)

_inputs = partial(some_inputs, _COLUMNS, _cells)


def _same(
    project: Projection,
    needed: list[set[str]],
    inputs: tuple[list[pl.LazyFrame], list[frozenset[str]]],
) -> None:
    frames, avails = inputs
    assert _covering(needed, {"person": _COLUMNS}) == ["person"]
    old = _projected(project, frames, avails).collect()
    rows = _entity_rows(_SPEC, _COLUMNS, frames, avails).collect()
    new = _projected(project, [rows.lazy()], [frozenset(_COLUMNS)]).collect()
    assert new.schema == old.schema
    assert new.sort(pl.all(), nulls_last=True).equals(old.sort(pl.all(), nulls_last=True))


@settings(max_examples=200, deadline=None)
@given(_inputs())
def test_ids_read_from_the_entity_rows_are_those_of_the_inputs(
    inputs: tuple[list[pl.LazyFrame], list[frozenset[str]]],
) -> None:
    project = _ids_query(["id1", "id2"], "born")
    _same(project, [{"id1", "id2", "born"}], inputs)
    # The person's rows with their birth date parsed already give the same.
    frames, avails = inputs
    old = _projected(project, frames, avails).collect()
    rows = _entity_rows(_SPEC, _COLUMNS, frames, avails).collect()
    parsed = rows.with_columns(_birth(_SPEC, frozenset(rows.columns)))
    assert _BIRTH in parsed.columns
    new = _projected(project, [parsed.lazy()], [frozenset(parsed.columns)]).collect()
    assert new.sort(pl.all(), nulls_last=True).equals(old.sort(pl.all(), nulls_last=True))


@settings(max_examples=200, deadline=None)
@given(_inputs())
def test_values_read_from_the_entity_rows_are_those_of_the_inputs(
    inputs: tuple[list[pl.LazyFrame], list[frozenset[str]]],
) -> None:
    assume(any({"phone", "id2"} & a for a in inputs[1]))  # a run's value domain is in some input
    _same(_values_query(["phone", "id2"]), [{"phone"}, {"id2"}], inputs)


@settings(max_examples=200, deadline=None)
@given(_inputs())
def test_full_names_read_from_the_entity_rows_are_those_of_the_inputs(
    inputs: tuple[list[pl.LazyFrame], list[frozenset[str]]],
) -> None:
    groups = [("first", "last"), ("address",)]
    assume(any(set(g) <= a for g in groups for a in inputs[1]))  # else the run has no such query
    _same(
        lambda fs, avs: original_full_names(fs, avs, groups),
        [set(g) for g in groups],
        inputs,
    )


def test_a_group_in_no_entity_is_read_from_the_inputs() -> None:
    assert _covering([{"id1"}, {"other"}], {"person": _COLUMNS}) is None
    assert _covering([{"id1", "other"}], {"person": _COLUMNS, "employer": ["other"]}) is None
    assert _covering([{"id1"}, {"other"}], {"person": _COLUMNS, "employer": ["other"]}) == [
        "person",
        "employer",
    ]
