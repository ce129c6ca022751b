"""Who a row is about: normalised keys and the linking of rows into entities."""

from __future__ import annotations

import itertools

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.persons import (
    EntityIndex,
    build_index,
    deciding_node,
    entity_column,
    normalise_id,
    normalise_name,
    row_nodes,
)
from washer.rules.model import EntitySpec

SPEC = EntitySpec(
    "person", ids=("u", "d", "f"), names=("fn", "ln"), birth_date="bd", contacts=("e",)
)


def _label(rows: list[dict[str, str | None]]) -> list[str | None]:
    frame = pl.DataFrame(
        [{c: r.get(c) for c in ("u", "d", "f", "fn", "ln", "bd", "e")} for r in rows],
        schema=dict.fromkeys(("u", "d", "f", "fn", "ln", "bd", "e"), pl.String),
    )
    lf = frame.lazy().with_columns(row_nodes(SPEC, frozenset(frame.columns)))
    lf = lf.with_columns(deciding_node(SPEC))
    nodes = lf.select(pl.col("^__washer_person_(id\\d|nk|c\\d)$")).unique().collect()
    index = _index(nodes)
    labels = index.label(lf).collect()[entity_column(SPEC)].to_list()
    assert len(labels) == len(rows)
    return labels


def _index(nodes: pl.DataFrame, weak: pl.Series | None = None) -> EntityIndex:
    """The index, checked to give every node exactly one entity (rows are labelled by a
    join on it: a node listed twice would duplicate rows)."""
    index = build_index(SPEC, nodes, weak)
    assert not index.links["node"].is_duplicated().any()
    return index


def _same(labels: list[str | None], *groups: list[int]) -> None:
    """Rows in one group share a label; different groups differ."""
    seen = set()
    for group in groups:
        group_labels = {labels[i] for i in group}
        assert len(group_labels) == 1, (group, labels)
        label = group_labels.pop()
        assert label not in seen
        seen.add(label)


def test_ids_are_compared_without_spaces_dots_and_case() -> None:
    frame = pl.DataFrame(
        {"v": ["150885 45610", "150885.456-10", " 15088545610 ", "ab 12", "", " "]}
    )
    assert frame.select(normalise_id(pl.col("v")))["v"].to_list() == [
        "15088545610",
        "15088545610",
        "15088545610",
        "AB12",
        None,
        None,
    ]


def test_name_spellings_of_one_name_share_a_key() -> None:
    spellings = ["Jørgen", "JØRGEN", "  jørgen ", "J?rgen", "J\u00c3\u00b8rgen", "J\ufffdrgen"]
    frame = pl.DataFrame({"v": spellings})
    assert set(frame.select(normalise_name(pl.col("v")))["v"].to_list()) == {"jrgen"}
    other = pl.DataFrame({"v": ["Иван", "Пётр", "李"]})
    keys = other.select(normalise_name(pl.col("v")))["v"].to_list()
    assert len(set(keys)) == 3


def test_rows_sharing_any_id_are_one_person() -> None:
    labels = _label(
        [
            {"u": "P123", "d": "55088545604"},  # passport + D
            {"d": "55088545604"},  # same D only
            {"u": "55088545604"},  # the D as unique id
            {"u": "15088545610"},
            {"u": "150885 45610", "fn": "Kari"},
        ]
    )
    _same(labels, [0, 1, 2], [3, 4])


def test_rows_without_ids_join_the_one_person_with_that_name_and_birth_date() -> None:
    labels = _label(
        [
            {"u": "15088545610", "fn": "Jørgen", "ln": "Hansen", "bd": "1985-08-15"},
            {"fn": "JØRGEN ", "ln": "hansen", "bd": "15.08.1985"},  # joins row 0
            {"fn": "Jørgen", "ln": "Hansen", "bd": "1985-08-16"},  # another birth date
            {"u": "X1", "fn": "Ola", "ln": "Berg", "bd": "1990-01-01"},
            {"u": "X2", "fn": "Ola", "ln": "Berg", "bd": "1990-01-01"},
            {"fn": "Ola", "ln": "Berg", "bd": "1990-01-01"},  # ambiguous: its own person
            {"e": "a@b.no"},
            {"e": "A@B.NO "},
        ]
    )
    _same(labels, [0, 1], [2], [3], [4], [5], [6, 7])


@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "u": st.none() | st.sampled_from(["A1", "A2", "A3", "A4"]),
                "d": st.none() | st.sampled_from(["D1", "D2", "D3"]),
                "fn": st.none() | st.sampled_from(["Kari", "KARI", "Ola"]),
                "bd": st.none() | st.just("1990-01-01"),
                "e": st.none() | st.sampled_from(["kari@example.no", "ola@example.no"]),
            }
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=80, deadline=None)
def test_labels_are_connected_components_of_shared_ids(rows: list[dict[str, str | None]]) -> None:
    labels = _label(rows)  # type: ignore[arg-type]
    # union-find over ids as the reference
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for r in rows:
        ids = [v for v in (r["u"], r["d"]) if v]
        for a, b in itertools.pairwise(ids):
            parent[find(a)] = find(b)
    for i, r in enumerate(rows):
        for j, s in enumerate(rows):
            ri = [v for v in (r["u"], r["d"]) if v]
            sj = [v for v in (s["u"], s["d"]) if v]
            if ri and sj:
                assert (labels[i] == labels[j]) == (find(ri[0]) == find(sj[0]))
            if ri and not sj:
                assert labels[i] != labels[j] or s["fn"] is not None


def test_a_mistyped_id_joins_the_person_with_its_name_and_birth_date() -> None:
    rows = [
        {"u": "15088545610", "fn": "Kari", "ln": "Berg", "bd": "1985-08-15"},
        {"u": "15088545611", "fn": "KARI", "ln": "Berg", "bd": "1985-08-15"},  # typo
        {"u": "15088545619", "fn": "Ola", "ln": "Berg", "bd": "1985-08-15"},  # typo, unknown name
    ]
    frame = pl.DataFrame(
        [{c: r.get(c) for c in ("u", "d", "f", "fn", "ln", "bd", "e")} for r in rows],
        schema=dict.fromkeys(("u", "d", "f", "fn", "ln", "bd", "e"), pl.String),
    )
    lf = frame.lazy().with_columns(row_nodes(SPEC, frozenset(frame.columns)))
    lf = lf.with_columns(deciding_node(SPEC))
    nodes = lf.select(pl.col("^__washer_person_(id\\d|nk|c\\d)$")).unique().collect()
    weak = pl.Series(["I:15088545611", "I:15088545619"])
    index = _index(nodes, weak)
    labels = index.label(lf).collect()[entity_column(SPEC)].to_list()
    _same(labels, [0, 1], [2])
    plain = _index(nodes).label(lf).collect()[entity_column(SPEC)].to_list()
    _same(plain, [0], [1], [2])
