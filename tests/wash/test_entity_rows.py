"""The rows of an entity table: their nodes, and the entity each key hash is given.

A contact node is made only for a row with neither id nor name key (the one place it is read),
and the entity table gives each key hash the fakes of its row's entity (found by a join of
the deciding node alone, the first row of each hash standing for it)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, cast

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.rules.model import EntitySpec
from washer.tables.entities import birth_shift_days, entity_seeds
from washer.tables.entity_table import _with_id_birth, entity_table
from washer.tables.idtables import PLACEHOLDER
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
from washer.tables.persons import EntityIndex, build_index

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


_ID_NODES = st.none() | st.sampled_from(
    ["I:15088545610", "I:41088545610", "I:AB1234567", "I:12345"]
)
_FAKES = st.tuples(
    st.sampled_from(["fnr", "passport"]),
    st.sampled_from(["15088512345", "15088512245", "XK4711093"]),
    st.none() | st.dates(dt.date(1950, 1, 1), dt.date(2020, 1, 1)),
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(_ID_NODES, _ID_NODES), max_size=12),
    fakes=st.lists(_FAKES, min_size=6, max_size=6),
    held=st.booleans(),
    other=st.booleans(),
)
def test_ids_found_by_position_date_and_place_rows_as_by_the_join_on_the_nodes(
    rows: list[tuple[str | None, str | None]],
    fakes: list[tuple[str, str, dt.date | None]],
    held: bool,
    other: bool,
) -> None:
    # The id table in the index's order (a placeholder row in it or not), or holding an id
    # the index has not (then joined on the nodes): the same dates, genders and entities.
    id_names, nk_name, contact_names = node_columns(_SPEC)
    frame = pl.DataFrame(
        {n: [row[k] for row in rows] for k, n in enumerate(id_names)},
        schema=dict.fromkeys(id_names, pl.String),
    ).with_columns(
        pl.lit(None, dtype=pl.String).alias(c)
        for c in [nk_name, *contact_names, folded_column(_SPEC)]
    )
    index = build_index(_SPEC, frame)
    norms = pl.concat([frame[n] for n in id_names]).drop_nulls().unique().str.slice(2).to_list()
    norms += ["0"] * held + ["99999999999"] * other
    kinds, fake, born = zip(*fakes[: len(norms)], strict=False) if norms else ((), (), ())
    table = pl.DataFrame(
        {
            "norm": norms,
            "kind": [PLACEHOLDER if n == "0" else k for n, k in zip(norms, kinds, strict=True)],
            "fake": list(fake),
            "fake_birth_date": list(born),
        },
        schema={
            "norm": pl.String,
            "kind": pl.String,
            "fake": pl.String,
            "fake_birth_date": pl.Date,
        },
    ).sort("norm")
    nodes = ("I:" + table["norm"]).alias("node")
    entity = _positions_by_join(index, nodes)
    plan = cast(Any, SimpleNamespace(id_styles={"u": "s", "d": "s"}))
    kept = frame.select(id_names)
    by_position = _with_id_birth(plan, _SPEC, kept, {"s": table}, {"s": entity}, index)
    by_join = _with_id_birth(plan, _SPEC, kept, {"s": table}, {"s": entity})
    assert by_position[0].equals(by_join[0])
    assert by_position[1] == by_join[1]
    assert by_position[2] is not None and by_join[2] is not None
    assert by_position[2].equals(by_join[2])


def _positions_by_join(index: EntityIndex, nodes: pl.Series) -> pl.Series:
    found = nodes.to_frame("node").join(
        index.positions(), on="node", how="left", maintain_order="left"
    )
    return found["at"]
