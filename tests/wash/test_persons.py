"""Who a row is about: normalised keys and the linking of rows into entities."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer import _joins
from washer.rules.model import EntitySpec
from washer.tables.namekeys import name_keys
from washer.tables.nodes import (
    _id_node,
    deciding_node,
    entity_column,
    fold_name,
    folded_column,
    node_columns,
    normalise_contact,
    normalise_id,
    normalise_name,
    row_nodes,
    with_row_nodes,
)
from washer.tables.persons import (
    EntityIndex,
    _components,
    _id_components,
    _sorted_ids,
    build_index,
)

from ._spellings import SYLLABLES, Syllables, consonants, spelling

SPEC = EntitySpec(
    "person", ids=("u", "d", "f"), names=("fn", "ln"), birth_date="bd", contacts=("e",)
)


def _label(rows: list[dict[str, str | None]]) -> list[str | None]:
    frame = pl.DataFrame(
        [{c: r.get(c) for c in ("u", "d", "f", "fn", "ln", "bd", "e")} for r in rows],
        schema=dict.fromkeys(("u", "d", "f", "fn", "ln", "bd", "e"), pl.String),
    )
    lf = with_row_nodes(frame, SPEC, frozenset(frame.columns)).lazy()
    lf = lf.with_columns(deciding_node(SPEC))
    nodes = lf.select(pl.col("^__washer_person_(id\\d|nk|c\\d|fk)$")).unique().collect()
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


def test_accented_transliterated_and_mangled_spellings_share_the_folded_key() -> None:
    groups = [
        ["José", "Jose", "JOSÉ", "Jose\u0301", "Jos\u00c3\u00a9", " jose "],
        ["Müller", "Muller", "Mueller", "MÜLLER", "M\u00c3\u00bcller"],
        ["Øvrebø", "Ovrebo", "Oevreboe", "ØVREBØ", "\u00c3\u02dcvreb\u00c3\u00b8"],
        ["Åse", "Aase", "Ase", "åse"],
        ["Anne-Marie", "Anne Marie", "Anne\u00a0Marie", "Anne  Marie", "Annemarie"],
        ["Jos", "JOS"],
        ["Kari", "Kári"],
    ]
    keys = []
    for spellings in groups:
        folded = pl.DataFrame({"v": spellings}).select(fold_name(pl.col("v")))["v"]
        assert folded.n_unique() == 1, (spellings, folded.to_list())
        keys.append(folded[0])
    assert len(set(keys)) == len(groups)
    other = pl.DataFrame({"v": ["Иван", "Пётр", "李"]}).select(fold_name(pl.col("v")))["v"]
    assert other.n_unique() == 3


def test_rows_without_ids_spelled_with_or_without_accents_are_one_person() -> None:
    labels = _label(
        [
            {"fn": "José", "ln": "Müller", "bd": "1985-08-15"},
            {"fn": "Jose", "ln": "Mueller", "bd": "15.08.1985"},
            {"fn": "JOSE\u0301", "ln": "Muller", "bd": "1985-08-15"},
            {"fn": "Jos\u00c3\u00a9", "ln": "M\u00c3\u00bcller", "bd": "1985-08-15"},
            {"fn": "Josef", "ln": "Müller", "bd": "1985-08-15"},  # another name: another person
            {"fn": "José", "ln": "Müller", "bd": "1985-08-16"},  # another birth date
            {"fn": "Åse", "ln": "Øvrebø", "bd": "1990-01-01"},
            {"fn": "Aase", "ln": "Oevreboe", "bd": "1990-01-01"},
            {"fn": "Ase", "ln": "Ovrebo", "bd": "1990-01-01"},
        ]
    )
    _same(labels, [0, 1, 2, 3], [4], [5], [6, 7, 8])


def test_rows_without_ids_join_the_person_with_ids_by_either_name_key() -> None:
    labels = _label(
        [
            {"u": "X1", "fn": "José", "ln": "Berg", "bd": "1985-08-15"},
            {"fn": "Jose", "ln": "Berg", "bd": "1985-08-15"},  # folded key: joins X1
            {"fn": "Jos?", "ln": "Berg", "bd": "1985-08-15"},  # skeleton: joins X1
            {"u": "X2", "fn": "Ola", "ln": "Øvrebø", "bd": "1990-01-01"},
            {"u": "X3", "fn": "Ola", "ln": "Ovrebo", "bd": "1990-01-01"},
            {"fn": "Ola", "ln": "Oevreboe", "bd": "1990-01-01"},  # X2 or X3: its own person
            {"fn": "Ola", "ln": "Øvrebø", "bd": "1990-01-01"},  # X2 by its exact key, as before
        ]
    )
    _same(labels, [0, 1, 2], [3, 6], [4], [5])


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
    lf = with_row_nodes(frame, SPEC, frozenset(frame.columns)).lazy()
    lf = lf.with_columns(deciding_node(SPEC))
    nodes = lf.select(pl.col("^__washer_person_(id\\d|nk|c\\d|fk)$")).unique().collect()
    weak = pl.Series(["I:15088545611", "I:15088545619"])
    index = _index(nodes, weak)
    labels = index.label(lf).collect()[entity_column(SPEC)].to_list()
    _same(labels, [0, 1], [2])
    plain = _index(nodes).label(lf).collect()[entity_column(SPEC)].to_list()
    _same(plain, [0], [1], [2])


def test_a_mistyped_id_joins_the_person_whose_name_it_spells_without_accents() -> None:
    rows = [
        {"u": "15088545610", "fn": "José", "ln": "Øvrebø", "bd": "1985-08-15"},
        {"u": "15088545611", "fn": "Jose", "ln": "Oevreboe", "bd": "1985-08-15"},  # typo
    ]
    frame = pl.DataFrame(
        [{c: r.get(c) for c in ("u", "d", "f", "fn", "ln", "bd", "e")} for r in rows],
        schema=dict.fromkeys(("u", "d", "f", "fn", "ln", "bd", "e"), pl.String),
    )
    lf = with_row_nodes(frame, SPEC, frozenset(frame.columns)).lazy()
    lf = lf.with_columns(deciding_node(SPEC))
    nodes = lf.select(pl.col("^__washer_person_(id\\d|nk|c\\d|fk)$")).unique().collect()
    index = _index(nodes, pl.Series(["I:15088545611"]))
    _same(index.label(lf).collect()[entity_column(SPEC)].to_list(), [0, 1])


@given(
    persons=st.lists(
        st.tuples(SYLLABLES, SYLLABLES, st.sampled_from(["1985-08-15", "1990-01-01"])),
        min_size=1,
        max_size=4,
        # People who differ in the consonants of a name or in the birth date: neither key
        # can make their spellings meet (the ASCII key drops accented vowels, not consonants).
        unique_by=lambda p: (consonants(p[0]), consonants(p[1]), p[2]),
    ),
    data=st.data(),
)
@settings(max_examples=40, deadline=None)
def test_spellings_of_one_person_share_a_label_and_other_people_never_do(
    persons: list[tuple[Syllables, Syllables, str]], data: st.DataObject
) -> None:
    rows: list[dict[str, str | None]] = []
    owner: list[int] = []
    for who, (first, last, birth) in enumerate(persons):
        with_id = data.draw(st.booleans())
        for n in range(data.draw(st.integers(1, 3))):
            day = birth if n % 2 else ".".join(reversed(birth.split("-")))
            row = {"fn": data.draw(spelling(first)), "ln": data.draw(spelling(last)), "bd": day}
            if with_id and n == 0:
                row["u"] = f"ID{who}"
            rows.append(row)
            owner.append(who)
    order = data.draw(st.permutations(range(len(rows))))
    labels = _label([rows[i] for i in order])
    by_row = dict(zip(order, labels, strict=True))
    _same(
        [by_row[i] for i in range(len(rows))],
        *[[i for i, o in enumerate(owner) if o == who] for who in range(len(persons))],
    )


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["", "0", "000 00", "ukjent", "-", "FH 123", "150885-456.10"]),
            st.text(alphabet="0123456789 .-AbX\u00a0", max_size=12),
        ),
        max_size=30,
    )
)
def test_an_id_node_is_computed_on_the_present_values_as_on_the_whole_column(
    ids: list[str | None],
) -> None:
    # The node is computed on the non-null values only and put back in place (per_present).
    frame = pl.DataFrame({"u": ids}, schema={"u": pl.String})
    spec = EntitySpec("person", ids=("u",))
    node = frame.select(row_nodes(spec, frozenset(frame.columns))[0])
    # The formula as a whole-column expression, nulls and all.
    expected = frame.select(_id_node(normalise_id(pl.col("u"))).alias("x"))
    assert node.height == len(ids)
    assert node.to_series().to_list() == expected.to_series().to_list()


_NAMES = (
    st.none()
    | st.sampled_from(
        [
            "",
            "Kari",
            "KARI",
            "J\u00f8rgen",
            "J?rgen",
            "J\u00c3\u00b8rgen",
            "Jos\u00e9",
            "M\u00fcller",
        ]
    )
    | st.text(alphabet="abAB \u00e5\u00f8\u00e6-.'?\u00c3\u00a9\u0416", max_size=8)
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"fn": _NAMES, "ln": _NAMES, "bd": st.none() | st.just("1990-01-01")}
        ),
        max_size=25,
    ),
    st.integers(min_value=1, max_value=4),
)
def test_name_keys_from_one_pass_equal_the_keys_computed_one_by_one(
    rows: list[dict[str, str | None]], chunks: int
) -> None:
    # Both keys of a name from one pass over its distinct values equal each key by itself,
    # and the nodes do not depend on how the frame is cut into chunks.
    frame = pl.DataFrame(rows, schema=dict.fromkeys(("fn", "ln", "bd"), pl.String))
    size = max(1, -(-frame.height // chunks))
    chunked = pl.concat([frame.slice(i, size) for i in range(0, frame.height, size)] or [frame])
    available = frozenset(frame.columns)
    nodes = with_row_nodes(chunked, SPEC, available)
    assert nodes.equals(with_row_nodes(frame.rechunk(), SPEC, available))
    assert nodes.select(frame.columns).equals(frame)
    for column in ("fn", "ln"):
        keys = chunked.select(name_keys(pl.col(column)).alias("k"))
        expected = frame.select(
            normalise_name(pl.col(column)).alias("skeleton"),
            fold_name(pl.col(column)).alias("folded"),
        )
        assert keys["k"].struct.unnest().equals(expected)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="IN:ab1", max_size=5), st.text(alphabet="IN:abc\u00e5", max_size=4)
        ),
        max_size=30,
        unique_by=lambda link: link[0],
    )
)
def test_entity_positions_are_each_nodes_entity_among_the_labels(
    links: list[tuple[str, str]],
) -> None:
    # Each label once (in the order of their hashes), and each node at its label's place;
    # with every label on one hash too (the labels are then sorted as strings).
    frame = pl.DataFrame(links, schema={"node": pl.String, "entity": pl.String}, orient="row")
    labels = {entity for _, entity in links}
    for colliding in (False, True):
        index = EntityIndex(SPEC, frame)
        with pytest.MonkeyPatch.context() as patch:
            if colliding:
                patch.setattr(_joins, "value_hash", lambda v: v.str.len_bytes().cast(pl.UInt64))
            entities = index.entities().to_list()
        assert sorted(entities) == sorted(labels)
        if colliding and len({len(e.encode()) for e in labels}) < len(labels):
            assert entities == sorted(labels)
        at = dict(index.positions().iter_rows())
        assert at == {node: entities.index(entity) for node, entity in links}
        assert index.positions()["at"].dtype == pl.UInt32
        assert index.count == len(labels)


def _positions_by_string_join(nodes: pl.Series, positions: pl.DataFrame) -> pl.Series:
    """Each node's position as it was found: a left join on the node strings."""
    found = nodes.to_frame("node").join(positions, on="node", how="left", maintain_order="left")
    return found["at"]


_LINKS = st.lists(
    st.tuples(st.text(alphabet="IN:ab1", max_size=5), st.text(alphabet="IN:abc", max_size=3)),
    max_size=30,
    unique_by=lambda link: link[0],
)
_ASKED = st.lists(st.none() | st.text(alphabet="IN:ab12", max_size=5), max_size=40)


def _index_and_nodes(
    links: list[tuple[str, str]], asked: list[str | None]
) -> tuple[EntityIndex, pl.Series]:
    """An index of ``links`` (node, entity), and nodes to look up: ``asked`` then every
    indexed node."""
    frame = pl.DataFrame(links, schema={"node": pl.String, "entity": pl.String}, orient="row")
    nodes = pl.Series("n", [*asked, *(node for node, _ in links)], dtype=pl.String)
    return EntityIndex(SPEC, frame), nodes


@settings(max_examples=150, deadline=None)
@given(links=_LINKS, asked=_ASKED)
def test_positions_of_nodes_are_those_of_a_join_on_the_strings(
    links: list[tuple[str, str]], asked: list[str | None]
) -> None:
    # Indexed nodes, other strings and nulls, repeated, in any order.
    index, nodes = _index_and_nodes(links, asked)
    found = index.positions_of(nodes)
    assert found.dtype == pl.UInt32
    assert found.equals(_positions_by_string_join(nodes, index.positions()), check_names=False)


@settings(max_examples=150, deadline=None)
@given(links=_LINKS, asked=_ASKED)
def test_positions_by_a_colliding_hash_are_still_those_of_a_join_on_the_strings(
    links: list[tuple[str, str]], asked: list[str | None]
) -> None:
    # A hash with collisions everywhere (the length): a node sharing an indexed node's hash
    # but not equal to it must not take its position; the strings are joined after all.
    index, nodes = _index_and_nodes(links, asked)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_joins, "value_hash", lambda v: v.str.len_bytes().cast(pl.UInt64))
        found = index.positions_of(nodes)
    assert found.equals(_positions_by_string_join(nodes, index.positions()), check_names=False)


def _components_by_rounds(nodes: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """The components as they were found: labels spread by rounds of joins (and pointer
    jumping) until nothing changes."""
    if edges.height == 0:
        return nodes.select(pl.col("node"), pl.col("node").alias("entity"))
    both = pl.concat([edges, edges.select(a="b", b="a")]).unique()
    linked = both.select(pl.col("a").alias("node")).unique()
    labels = linked.select(pl.col("node"), pl.col("node").alias("entity")).sort("node")
    while True:
        via_edges = (
            both.join(labels, left_on="b", right_on="node")
            .group_by("a")
            .agg(pl.col("entity").min().alias("via"))
        )
        hopped = labels.join(
            labels.rename({"node": "entity", "entity": "jump"}), on="entity", how="left"
        )
        updated = (
            hopped.join(via_edges, left_on="node", right_on="a", how="left")
            .select(pl.col("node"), pl.min_horizontal("entity", "jump", "via").alias("entity"))
            .sort("node")
        )
        if updated.equals(labels):
            alone = nodes.join(updated, on="node", how="anti")
            return pl.concat([updated, alone.select("node", pl.col("node").alias("entity"))])
        labels = updated


_NODES = st.sampled_from(["I:1", "I:10", "I:2", "I:ø", "I:Z", "N:a|b", "N:a", "I:", "C0:x"]) | (
    st.integers(0, 60).map(lambda i: f"N:{i}")
)


@given(
    nodes=st.lists(_NODES, unique=True, max_size=6),
    edges=st.lists(st.tuples(_NODES, _NODES), max_size=40),
)
@settings(max_examples=200, deadline=None)
def test_components_are_those_of_the_rounds_of_joins(
    nodes: list[str], edges: list[tuple[str, str]]
) -> None:
    linked = {n for edge in edges for n in edge}
    frame = pl.DataFrame({"node": sorted(linked | set(nodes))}, schema={"node": pl.String})
    pairs = pl.DataFrame(
        {"a": [a for a, _ in edges], "b": [b for _, b in edges]},
        schema={"a": pl.String, "b": pl.String},
    )
    found = _components(frame, pairs)
    assert found.sort("node").equals(_components_by_rounds(frame, pairs).sort("node"))


def _assert_normalised_as_by_the_regular_expressions(frame: pl.DataFrame) -> None:
    """``frame``'s column ``v`` normalised as an id and as a contact, as the regular
    expressions the literal searches replaced did."""
    by_regex = frame.select(
        pl.col("v").str.replace_all(r"[\s\.\-\u00a0\u200b\ufeff]", "").str.to_uppercase(),
        pl.col("v").str.to_lowercase().str.replace_all(r"[\s\.\-()]", "").alias("c"),
    ).select(pl.all().replace("", None))
    found = frame.select(normalise_id(pl.col("v")), normalise_contact(pl.col("v")).alias("c"))
    assert found.equals(by_regex)


_EVERY_CHARACTER = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def test_ids_and_contacts_lose_what_the_regular_expressions_removed() -> None:
    # Every code point alone, and between letters, as the regular expressions they replace.
    for texts in (_EVERY_CHARACTER, [f"a{c}B" for c in _EVERY_CHARACTER]):
        frame = pl.DataFrame({"v": texts})
        _assert_normalised_as_by_the_regular_expressions(frame)


@given(st.lists(st.none() | st.text(" .-()\u00a0\u200b\ufeff\u3000\tAbcØ1", max_size=8)))
def test_ids_and_contacts_are_normalised_as_by_the_regular_expressions(
    values: list[str | None],
) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    _assert_normalised_as_by_the_regular_expressions(frame)


_ID_CELLS = (
    st.none()
    | st.sampled_from(
        ["I:15088545610", "I:01010112345", "I:AB1234567", "I:ab", "I:1508854561", "I:", "I:Ø"]
    )
    | st.integers(0, 10**11 - 1).map(lambda i: f"I:{i:011d}")
)
_ID_ROWS = st.lists(st.tuples(_ID_CELLS, _ID_CELLS, _ID_CELLS), max_size=30)


def _id_columns(rows: list[tuple[str | None, str | None, str | None]]) -> list[pl.Series]:
    return [
        pl.Series(name, [row[k] for row in rows], dtype=pl.String)
        for k, name in enumerate(node_columns(SPEC)[0])
    ]


@settings(max_examples=200, deadline=None)
@given(rows=_ID_ROWS)
def test_sorted_id_nodes_and_their_components_are_those_of_the_strings(
    rows: list[tuple[str | None, str | None, str | None]],
) -> None:
    # The id nodes sorted as strings, each cell's position among them, and the components
    # of the rows' first ids with their others as the string edges gave them.
    columns = _id_columns(rows)
    nodes, at = _sorted_ids(columns)
    expected = pl.concat(columns).drop_nulls().unique().sort()
    assert nodes.equals(expected, check_names=False)
    where = {v: i for i, v in enumerate(expected.to_list())}
    for column, found in zip(columns, at, strict=True):
        assert found.dtype == pl.UInt32
        assert found.to_list() == [None if v is None else where[v] for v in column.to_list()]
    first = pl.select(pl.coalesce(columns)).to_series()
    edges = pl.concat([pl.DataFrame({"a": first, "b": b}) for b in columns[1:]]).filter(
        pl.col("a").is_not_null() & pl.col("b").is_not_null() & (pl.col("a") != pl.col("b"))
    )
    by_strings = _components(expected.to_frame("node"), edges).sort("node")
    assert _id_components(nodes, at).sort("node").equals(by_strings)


@settings(max_examples=150, deadline=None)
@given(
    rows=_ID_ROWS,
    names=st.lists(st.none() | st.sampled_from(["N:a", "N:b"]), min_size=30, max_size=30),
    weak=st.lists(st.booleans(), min_size=90, max_size=90),
)
def test_id_positions_of_the_sorted_id_nodes_are_those_of_a_join_on_the_strings(
    rows: list[tuple[str | None, str | None, str | None]],
    names: list[str | None],
    weak: list[bool],
) -> None:
    # Mistyped ids may move to another entity by name: the id nodes keep their order.
    id_names, nk_name, contact_names = node_columns(SPEC)
    frame = pl.DataFrame(_id_columns(rows)).with_columns(
        pl.Series(nk_name, names[: len(rows)], dtype=pl.String),
        *[pl.lit(None, dtype=pl.String).alias(c) for c in contact_names],
        pl.Series(folded_column(SPEC), names[: len(rows)], dtype=pl.String),
    )
    cells = pl.concat([frame[n] for n in id_names])
    weak_nodes = cells.filter(pl.Series(weak[: len(cells)], dtype=pl.Boolean)).drop_nulls()
    index = build_index(SPEC, frame, weak_nodes.unique().sort())
    nodes = pl.concat([frame[n] for n in id_names]).drop_nulls().unique().sort()
    found = index.id_positions(nodes)
    if not len(nodes):  # nothing to find: the join finds nothing either
        assert found is None
        return
    assert found is not None
    assert found.equals(_positions_by_string_join(nodes, index.positions()), check_names=False)
    # Other nodes, or these in another order: not found by position.
    assert index.id_positions(nodes.reverse() if len(nodes) > 1 else pl.concat([nodes] * 2)) is None
    where = {v: i for i, v in enumerate(nodes.to_list())}
    for name in id_names:
        cells = index.id_cells[name].to_list()
        assert cells == [None if v is None else where[v] for v in frame[name].to_list()]
