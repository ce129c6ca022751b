"""The rows of an entity table: their nodes, and the entity each key hash is given.

A contact node is made only for a row with neither id nor name key (the one place it is read),
and the entity table gives each key hash the fakes of its row's entity (found by a join of
the deciding node alone, the first row of each hash standing for it)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.rules.model import EntitySpec
from washer.tables.entities import birth_shift_days, entity_seeds
from washer.tables.entity_table import entity_table
from washer.tables.namekeys import name_keys
from washer.tables.nodes import (
    PREFIX,
    deciding_node,
    entity_column,
    field_column,
    folded_column,
    hash_column,
    key_hash,
    node_columns,
    row_nodes,
    with_row_nodes,
)
from washer.tables.persons import build_index

_SPEC = EntitySpec(
    "person", ids=("u", "d"), names=("fn", "ln"), birth_date="bd", contacts=("e", "p")
)
_COLUMNS = ("u", "d", "fn", "ln", "bd", "e", "p")
_VALUES = {
    "u": ["15088545610", "0", "1508 8545610", "ukjent"],
    "d": ["41088545610", "15088545610"],
    "fn": ["Kari", "KARI", "Jørgen", "", "-"],
    "ln": ["Berg", "Øvrebø"],
    "bd": ["1985-08-15", "1990-01-01"],
    "e": ["kari@x.no", "Kari@X.no", " "],
    "p": ["+47 400 00 000", "40000000"],
}
_ROWS = st.lists(
    st.fixed_dictionaries({c: st.none() | st.sampled_from(_VALUES[c]) for c in _COLUMNS}),
    max_size=20,
)


def _frame(rows: list[dict[str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=dict.fromkeys(_COLUMNS, pl.String))


def _every_row_nodes(frame: pl.DataFrame, birth: str) -> pl.DataFrame:
    """The nodes as :func:`row_nodes` gives them to every row (a contact node too)."""
    keys = [
        name_keys(pl.col(c)).alias(f"{PREFIX}person_keys{i}") for i, c in enumerate(_SPEC.names)
    ]
    dated = frame.with_columns(pl.col("bd").str.to_date(strict=False).alias(birth), *keys)
    nodes = row_nodes(_SPEC, frozenset(frame.columns), birth)
    return dated.with_columns(*nodes).drop(f"{PREFIX}person_keys0", f"{PREFIX}person_keys1")


@settings(max_examples=150, deadline=None)
@given(rows=_ROWS)
def test_contact_nodes_are_made_where_no_id_or_name_decides(
    rows: list[dict[str, str | None]],
) -> None:
    frame = _frame(rows)
    birth = f"{PREFIX}birth"
    parsed = pl.col("bd").str.to_date(strict=False).alias(birth)
    found = with_row_nodes(frame, _SPEC, frozenset(frame.columns), parsed)
    every = _every_row_nodes(frame, birth)
    id_names, nk_name, contact_names = node_columns(_SPEC)
    undecided = every.select(pl.all_horizontal(pl.col(*id_names, nk_name).is_null())).to_series()
    expected = every.with_columns(
        pl.when(undecided).then(pl.col(c)).alias(c) for c in contact_names
    )
    assert found.columns == every.columns
    assert found.equals(expected)
    # Nothing that reads the nodes sees the difference: the deciding node and the index.
    assert found.select(deciding_node(_SPEC)).equals(every.select(deciding_node(_SPEC)))
    names = [*id_names, nk_name, *contact_names, folded_column(_SPEC)]
    links = build_index(_SPEC, found.select(names)).links.sort("node")
    assert links.equals(build_index(_SPEC, every.select(names)).links.sort("node"))


@settings(max_examples=150, deadline=None)
@given(rows=_ROWS)
def test_each_key_hash_gets_the_fakes_of_its_rows_entity(
    rows: list[dict[str, str | None]],
) -> None:
    frame = _frame(rows)
    available = frozenset(frame.columns)
    parsed = pl.col("bd").str.to_date(strict=False).alias(f"{PREFIX}birth")
    nodes = with_row_nodes(frame, _SPEC, available, parsed).with_columns(key_hash(_SPEC, available))
    id_names, nk_name, contact_names = node_columns(_SPEC)
    index = build_index(
        _SPEC, nodes.select(*id_names, nk_name, *contact_names, folded_column(_SPEC))
    )
    labels = index.entities()
    key = bytes(range(32))
    seeds = pl.DataFrame({"entity": labels, "seed": entity_seeds(labels, key)})
    plan = SimpleNamespace(transforms={}, id_styles={}, entity_fields={"person": {"birth"}})
    table = entity_table(cast(Any, plan), "person", _SPEC, nodes, index, seeds, {})
    # Each row's entity by a join on its own deciding node, and that entity's birth shift.
    labelled = index.label(nodes.lazy().with_columns(deciding_node(_SPEC))).collect()
    shifts = seeds.select(
        pl.col("entity").alias(entity_column(_SPEC)), birth_shift_days(seeds["seed"]).alias("s")
    )
    expected = labelled.join(shifts, on=entity_column(_SPEC), how="left", maintain_order="left")
    given_ = expected.select(hash_column(_SPEC), "s").join(
        table.nodes, on=hash_column(_SPEC), how="left", maintain_order="left"
    )
    assert table.nodes[hash_column(_SPEC)].is_unique().all()
    assert given_.height == frame.height
    assert given_["s"].equals(given_[field_column("person", "birth_shift")], check_names=False)
