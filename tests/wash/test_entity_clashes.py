"""The clash rounds of the entity tables give what checking every pair, and redrawing into the
whole table round by round, gives: the digit prefilter, the distinct originals and the
once-at-the-end write never change a fake. And a person's fake-id birth date and gender
are those of the first dated id column, as a join per column gave them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes.addresses import ADDRESS_NUMBER
from washer.fakes.keyed import derive_seeds
from washer.fakes.names import last_numbers, normalize_name, same_names, shares_a_word
from washer.fullnames import clashing_full_names, words_form
from washer.rules.model import EntityName
from washer.tables import entity_clashes, entity_originals
from washer.tables.entities import fake_fields
from washer.tables.entity_clashes import (
    _AT,
    _NAME_FIELDS,
    _REDRAWS,
    _SAME_LOCALE,
    _own_clashes,
    _redraw_clashes,
    _shared_words,
)
from washer.tables.entity_originals import _Distinct, _rank, _ranks
from washer.tables.entity_table import _by_position, _female_from_fake, _with_id_birth
from washer.tables.nodes import PREFIX, node_columns

_TEXT = st.text(alphabet=st.sampled_from(list("aAøØ 0129-'\u2019B\u00b2")), max_size=8)
_NUMBERS = st.sampled_from(["", "7", "07", "12", "18446744073709551615", "99999999999999999999"])
_ADDRESSES = st.builds(lambda a, n, b: a + n + b, _TEXT, _NUMBERS, _TEXT)


@given(values=st.lists(st.one_of(_ADDRESSES, st.none()), min_size=1, max_size=12))
def test_equal_addresses_have_equal_last_numbers(values: list[str | None]) -> None:
    # Where the numbers differ the addresses are not the same: never the other way round.
    s = pl.Series(values, dtype=pl.String)
    numbers = last_numbers(s)
    for i in range(len(values)):
        same = same_names(s, s.gather([i] * len(values)), numbered=True).to_numpy()
        assert (numbers[same] == numbers[i]).all()


def _clashes_pair_by_pair(
    pairs: pl.DataFrame,
    fakes: pl.DataFrame,
    todo: npt.NDArray[np.int64],
    originals: dict[str, _Distinct],
) -> npt.NDArray[np.int64]:
    """Every pair's original checked against its entity's fake, one at a time."""
    found = set()
    for row in pairs.iter_rows(named=True):
        fake_row = fakes.row(int(np.searchsorted(todo, row[_AT])), named=True)
        for f, distinct in originals.items():
            if row[_rank(f)] is None:
                continue
            fake = pl.Series([fake_row[f]], dtype=pl.String)
            original = distinct.values.gather([row[_rank(f)]])
            if f == "address":
                same = same_names(fake, original, numbered=True)[0]
            elif f in _NAME_FIELDS:
                same = shares_a_word(normalize_name(fake), normalize_name(original))[0]
            else:
                same = same_names(fake, original)[0]
            if same:
                found.add(row[_AT])
    return np.array(sorted(found), dtype=np.int64)


_FEW_ADDRESSES = st.sampled_from(  # the same address written differently, or not
    [
        "Kirkeveien 12B",
        "kirkeveien  12b",
        "Kirkeveien 13B",
        "Storgata 7",
        "Øvre 2 A",
        "ovre 2a",
        "\u00c3\u0098vre 2 A",
        "Øvre 99999999999999999999",
        "øvre 99999999999999999999",
    ]
)
_NAMES = st.sampled_from(["Anna", "anna maria", "Per", "Per-Olav", "Ø", "o'hara", "Hara", None])


@st.composite
def _clash_case(
    draw: st.DrawFn,
) -> tuple[pl.DataFrame, pl.DataFrame, npt.NDArray[np.int64], dict[str, _Distinct]]:
    n = draw(st.integers(1, 8))
    todo = np.array(sorted(draw(st.sets(st.integers(0, n - 1), min_size=1))), dtype=np.int64)
    if draw(st.booleans()):
        todo = np.arange(n, dtype=np.int64)  # the first round: every entity
    addresses = st.one_of(_FEW_ADDRESSES, _ADDRESSES, st.none())
    fields = {"first": _NAMES, "name": _NAMES, "address": addresses}
    fakes = pl.DataFrame(
        {f: pl.Series([draw(s) for _ in todo], dtype=pl.String) for f, s in fields.items()}
    )
    originals = {
        f: _Distinct.of(f, pl.Series(draw(st.lists(s, max_size=5)), dtype=pl.String).drop_nulls())
        for f, s in fields.items()
    }
    originals = {f: _Distinct.of(f, d.values.unique().sort()) for f, d in originals.items()}
    count = draw(st.integers(0, 12))
    ranks = {
        f: pl.Series(
            [draw(st.none() | st.integers(0, len(d.values) - 1)) for _ in range(count)]
            if len(d.values)
            else [None] * count,
            dtype=pl.UInt32,
        )
        for f, d in originals.items()
    }
    at = pl.Series(_AT, [int(draw(st.sampled_from(list(todo)))) for _ in range(count)])
    pairs = pl.DataFrame([at.cast(pl.UInt32), *[r.alias(_rank(f)) for f, r in ranks.items()]])
    return pairs, fakes, todo, originals


@given(case=_clash_case())
def test_own_clashes_are_those_of_each_pair(
    case: tuple[pl.DataFrame, pl.DataFrame, npt.NDArray[np.int64], dict[str, _Distinct]],
) -> None:
    pairs, fakes, todo, originals = case
    expected = _clashes_pair_by_pair(pairs, fakes, todo, originals)
    for coded_from, mostly_distinct in ((20_000, 0.25), (0, float("inf"))):
        with _coding(coded_from, mostly_distinct):
            assert np.array_equal(_own_clashes(pairs, fakes, todo, originals), expected)


def _redraw_round_by_round(
    name: EntityName,
    pairs: pl.DataFrame,
    entities: pl.DataFrame,
    fakes: pl.DataFrame,
    originals: dict[str, _Distinct],
    fields: frozenset[str],
    avoid: dict[str, pl.Series],
    taken: pl.Series,
    redraws: int = _REDRAWS,
) -> pl.DataFrame:
    """The clash rounds as they were: every redraw written into the whole table at once,
    one round at a time."""
    redrawn = fields - {"birth"}
    named = redrawn & _NAME_FIELDS
    seeds = entities["seed"]
    todo = np.arange(fakes.height)
    for attempt in range(1, redraws + 1):
        own = _own_clashes(pairs, fakes[todo], todo, originals)
        clashing = clashing_full_names(name, fakes[todo], taken)
        same = todo[clashing] if clashing is not None else todo[:0]
        clash = np.union1d(own, same)
        if len(clash) == 0:
            break
        pairs = pairs.filter(pl.col(_AT).is_in(pl.Series(clash).implode()))
        todo = clash
        renamed = np.setdiff1d(same, own)
        seeds = seeds.scatter(clash, derive_seeds(seeds.gather(clash), f"redraw/{attempt}"))
        for at, wanted in ((own, redrawn), (renamed, named)):
            if len(at) == 0:
                continue
            local = wanted is named and attempt <= _SAME_LOCALE
            fresh = fake_fields(
                name,
                seeds.gather(at),
                wanted,
                None,
                {f: a.gather(at) for f, a in avoid.items()},
                locale_of=entities["seed"].gather(at) if local else None,
            )
            fakes = fakes.with_columns(
                fakes[c].scatter(at, fresh[c]) for c in fresh.columns if c in fakes.columns
            )
    return fakes


@settings(max_examples=40, deadline=None)
@given(
    seeds=st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=40, unique=True),
    data=st.data(),
)
def test_redraws_equal_those_written_round_by_round(seeds: list[int], data: st.DataObject) -> None:
    # Originals and taken full names from the fakes themselves, so that many clash.
    fields = frozenset({"first", "last", "email", "address"})
    entities = pl.DataFrame({"seed": pl.Series(seeds, dtype=pl.UInt64)})
    first = fake_fields("person", entities["seed"], fields)  # the fakes of the first round
    n = len(seeds)
    rows = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60))
    at = pl.Series(_AT, [e for e, _ in rows], dtype=pl.UInt32)
    source = pl.Series([o for _, o in rows], dtype=pl.UInt32)
    originals, ranks = {}, []
    for f in ("address", "first", "last"):
        values = first[f].gather(source)
        distinct = values.drop_nulls().unique().sort()
        originals[f] = _Distinct.of(f, distinct)
        ranks.append(
            values.to_frame("v").join(
                distinct.to_frame("v").with_row_index(_rank(f)),
                on="v",
                how="left",
                maintain_order="left",
            )[_rank(f)]
        )
    pairs = pl.DataFrame([at, *ranks]).unique()
    shuffled = data.draw(st.permutations(range(n)))
    avoid = {f: first[f].gather(shuffled) for f in ("address", "first", "last")}
    chosen = data.draw(st.lists(st.integers(0, n - 1), max_size=n))
    full = pl.concat_str([first["first"], first["last"]], separator=" ")
    taken = pl.select(words_form(pl.lit(pl.select(full).to_series().gather(chosen)))).to_series()
    taken = taken.unique().sort()
    args = ("person", pairs, entities, first, originals, fields)
    found = _redraw_clashes(*args, None, avoid, taken)
    assert found.equals(_redraw_round_by_round(*args, avoid, taken))
    # Drawn several rounds ahead (or one at a time), and with few rounds (the last
    # round's redraws unchecked): what the rounds one at a time give.
    ahead = data.draw(st.sampled_from([(), ((10**9, 2),), ((4, 3), (10**9, 1)), ((10**9, 64),)]))
    redraws = data.draw(st.sampled_from([_REDRAWS, 1, 2, 3]))
    with _rounds(ahead, redraws):
        assert _redraw_clashes(*args, None, avoid, taken).equals(
            _redraw_round_by_round(*args, avoid, taken, redraws)
        )
    # With the addresses' house numbers as drawn (not read from the fakes): the same fakes.
    numbered = fake_fields("person", entities["seed"], fields, numbers=True)
    args = ("person", pairs, entities, numbered, originals, fields)
    again = _redraw_clashes(*args, None, avoid, taken, numbers=True)
    assert again.drop(ADDRESS_NUMBER).equals(found)
    assert (again[ADDRESS_NUMBER].to_numpy() == last_numbers(again["address"])).all()


def _with_id_birth_column_by_column(
    plan: Any, spec: Any, rows: pl.DataFrame, ids: dict[str, pl.DataFrame]
) -> tuple[pl.DataFrame, bool]:
    """The fake-id birth dates and genders as they were: a join per id column, coalesced."""
    id_names, _, _ = node_columns(spec)
    births, females, looked = [], [], rows.select(id_names)
    for column, node_name in zip(spec.ids, id_names, strict=True):
        style = plan.id_styles.get(column)
        if style is None or style not in ids:
            continue
        table = ids[style].select(
            pl.concat_str([pl.lit("I:"), pl.col("norm")]).alias(node_name),
            pl.col("fake_birth_date").alias(f"{node_name}_birth"),
            _female_from_fake(pl.col("fake"), pl.col("fake_birth_date")).alias(f"{node_name}_f"),
        )
        looked = looked.join(table, on=node_name, how="left", maintain_order="left")
        births.append(pl.col(f"{node_name}_birth"))
        females.append(pl.col(f"{node_name}_f"))
    if not births:
        return rows, False
    found = looked.select(
        pl.coalesce(births).alias(f"{PREFIX}id_birth"),
        pl.coalesce(females).alias(f"{PREFIX}female"),
    )
    return rows.hstack(found), True


@st.composite
def _id_case(draw: st.DrawFn) -> tuple[Any, Any, pl.DataFrame, dict[str, pl.DataFrame]]:
    columns = ["a", "b", "c"][: draw(st.integers(1, 3))]
    styles = {c: draw(st.sampled_from(["one", "two", "none"])) for c in columns}
    norms = [f"{i:03d}" for i in range(6)]
    ids = {}
    for style in ("one", "two"):
        dated = [draw(st.none() | st.dates()) for _ in norms]
        fakes = [f"{draw(st.integers(0, 10**9 - 1)):09d}" for _ in norms]
        ids[style] = pl.DataFrame(
            {"norm": norms, "kind": "x", "fake": fakes, "fake_birth_date": dated},
            schema_overrides={"fake_birth_date": pl.Date},
        )
    spec = SimpleNamespace(name="person", ids=tuple(columns), contacts=())
    plan = SimpleNamespace(id_styles={c: s for c, s in styles.items() if s != "none"})
    id_names, _, _ = node_columns(cast(Any, spec))
    nodes = st.none() | st.sampled_from([f"I:{n}" for n in [*norms, "999"]])
    count = draw(st.integers(0, 12))
    rows = pl.DataFrame(
        {n: pl.Series([draw(nodes) for _ in range(count)], dtype=pl.String) for n in id_names}
    ).with_columns(pl.lit(1).alias("other"))
    return plan, spec, rows, ids


def _first_id_entities(
    plan: Any, spec: Any, rows: pl.DataFrame, entities: dict[str, list[int | None]]
) -> list[int | None]:
    """Per row: the entity ``entities`` gives its first id (of every id column) by its row
    in the id table of the column's style (norms ``000`` to ``005``), else None."""
    id_names, _, _ = node_columns(spec)
    out: list[int | None] = []
    for row in rows.select(id_names).iter_rows():
        first = next(((c, v) for c, v in zip(spec.ids, row, strict=True) if v is not None), None)
        style = None if first is None else plan.id_styles.get(first[0])
        if first is None or style not in entities or not first[1][2:].isdigit():
            out.append(None)
            continue
        at = int(first[1][2:])
        out.append(entities[style][at] if at < len(entities[style]) else None)
    return out


@given(case=_id_case(), data=st.data())
def test_id_birth_is_that_of_the_first_dated_id_column(
    case: tuple[Any, Any, pl.DataFrame, dict[str, pl.DataFrame]], data: st.DataObject
) -> None:
    plan, spec, rows, ids = case
    # Each id table row's entity position, for some styles.
    entities = {
        style: data.draw(st.lists(st.none() | st.integers(0, 9), min_size=6, max_size=6))
        for style in data.draw(st.sets(st.sampled_from(sorted(ids))))
    }
    given_ = {style: pl.Series(e, dtype=pl.UInt32) for style, e in entities.items()}
    found, dated, by_id = _with_id_birth(plan, spec, rows, ids, given_)
    expected, was_dated = _with_id_birth_column_by_column(plan, spec, rows, ids)
    assert dated == was_dated
    assert found.equals(expected)
    assert found.schema == expected.schema
    if dated:
        assert by_id is not None
        assert by_id.to_list() == _first_id_entities(plan, spec, rows, entities)


@given(
    fakes=st.lists(_NAMES, min_size=1, max_size=10),
    originals=st.lists(_NAMES, max_size=6),
    data=st.data(),
)
def test_shared_words_by_code_are_those_of_the_names(
    fakes: list[str | None], originals: list[str | None], data: st.DataObject
) -> None:
    fake = pl.Series(fakes, dtype=pl.String)
    normal = normalize_name(pl.Series(originals, dtype=pl.String).drop_nulls().unique())
    count = data.draw(st.integers(0, 12))
    local = np.array([data.draw(st.integers(0, len(fakes) - 1)) for _ in range(count)])
    ranks = st.none() | st.integers(0, len(normal) - 1) if len(normal) else st.none()
    rank = pl.Series([data.draw(ranks) for _ in range(count)], dtype=pl.UInt32)
    expected = shares_a_word(normalize_name(fake).gather(local), normal.gather(rank))
    # By the names themselves (few pairs), and coded by form (as for many).
    for coded_from, mostly_distinct in ((20_000, 0.25), (0, float("inf"))):
        with _coding(coded_from, mostly_distinct):
            found = _shared_words(fake, local.astype(np.int64), normal, rank)
        assert np.array_equal(found, expected)


@contextmanager
def _settings(**values: object) -> Iterator[None]:
    """Some of :mod:`washer.tables.entity_clashes`'s thresholds (``_AHEAD``, ``_CODED_FROM``, ...),
    for a while."""
    old = {name: getattr(entity_clashes, name) for name in values}
    for name, value in values.items():
        setattr(entity_clashes, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(entity_clashes, name, value)


def _rounds(ahead: tuple[tuple[int, int], ...], redraws: int) -> AbstractContextManager[None]:
    """The clash rounds' look-ahead and number of rounds, for a while."""
    return _settings(_AHEAD=ahead, _REDRAWS=redraws)


def _coding(coded_from: int, mostly_distinct: float) -> AbstractContextManager[None]:
    """The entity clash check's thresholds for coding names, for a while."""
    return _settings(_CODED_FROM=coded_from, _MOSTLY_DISTINCT=mostly_distinct)


@given(
    written=st.lists(st.none() | st.text(alphabet="Aa 1-2é", max_size=8), max_size=12),
    data=st.data(),
)
def test_avoided_originals_are_what_the_fakes_would_find_from_the_values(
    written: list[str | None], data: st.DataObject
) -> None:
    from washer.fakes.addresses import Numbered
    from washer.fakes.names import Avoided, last_numbers, normalize_name

    distinct = pl.Series(written, dtype=pl.String).drop_nulls().unique().sort()
    ranks = [
        data.draw(st.none() | st.integers(0, len(distinct) - 1)) if len(distinct) else None
        for _ in written
    ]
    rank = pl.Series(ranks, dtype=pl.UInt32)
    values = distinct.gather(rank)
    for field in ("first", "last", "address", "full"):
        found = entity_originals._avoided(
            field, entity_originals._Distinct.of(field, distinct), rank
        )
        if isinstance(found, Avoided):
            named = found.normal.gather(pl.Series(found.at).replace(-1, None))
            assert named.equals(normalize_name(values), check_names=False)
        elif isinstance(found, Numbered):
            assert found.values.equals(values)
            assert np.array_equal(found.numbers, last_numbers(values))
        else:
            assert found.equals(values)


@given(seeds=st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=10), data=st.data())
def test_own_clashes_of_names_by_pool_index_are_those_of_each_pair(
    seeds: list[int], data: st.DataObject
) -> None:
    from washer.fakes.names import POOL_AT, first_names_drawn, last_names_drawn

    s = pl.Series(seeds, dtype=pl.UInt64)
    drawn = {"first": first_names_drawn(s, None), "last": last_names_drawn(s)}
    fakes = pl.DataFrame({f: d.names() for f, d in drawn.items()})
    # Originals: the fakes' own names (and parts of them), and others.
    own = [n for f in drawn for n in fakes[f].to_list() if n is not None]
    choices = st.sampled_from(own) | _NAMES | st.sampled_from(["Anne-Marie", "Hansen", "Li"])
    originals = {
        f: _Distinct.of(f, pl.Series(data.draw(st.lists(choices, max_size=6)), dtype=pl.String))
        for f in drawn
    }
    originals = {
        f: _Distinct.of(f, d.values.drop_nulls().unique().sort()) for f, d in originals.items()
    }
    todo = np.arange(len(seeds), dtype=np.int64)
    count = data.draw(st.integers(0, 12))
    pairs = pl.DataFrame(
        [
            pl.Series(_AT, [data.draw(st.integers(0, len(seeds) - 1)) for _ in range(count)]).cast(
                pl.UInt32
            ),
            *[
                pl.Series(
                    _rank(f),
                    [
                        data.draw(st.none() | st.integers(0, len(d.values) - 1))
                        if len(d.values)
                        else None
                        for _ in range(count)
                    ],
                    dtype=pl.UInt32,
                )
                for f, d in originals.items()
            ],
        ]
    )
    expected = _clashes_pair_by_pair(pairs, fakes, todo, originals)
    indexed = fakes.with_columns(pl.Series(POOL_AT[f], d.positions()) for f, d in drawn.items())
    for coded_from in (20_000, 0):
        with _coding(coded_from, 0.25):
            assert np.array_equal(_own_clashes(pairs, indexed, todo, originals), expected)


@given(
    values=st.lists(st.none() | st.sampled_from(["", "a", "B", "b", "ø", "a b"]), max_size=20),
)
def test_ranks_are_those_a_join_on_the_sorted_distinct_values_gives(
    values: list[str | None],
) -> None:
    s = pl.Series("v", values, dtype=pl.String)
    ranked = s.drop_nulls().unique().sort()
    joined = s.to_frame("v").join(
        ranked.to_frame("v").with_row_index("r"), on="v", how="left", maintain_order="left"
    )["r"]
    assert _ranks(s, ranked).equals(joined, check_names=False, check_dtypes=True)


@given(
    height=st.integers(0, 12),
    data=st.data(),
)
def test_columns_by_position_are_those_a_left_join_on_the_positions_gives(
    height: int, data: st.DataObject
) -> None:
    at = data.draw(st.lists(st.integers(0, max(height - 1, 0)), unique=True, max_size=height))
    found = pl.DataFrame(
        {
            _AT: pl.Series(at, dtype=pl.UInt32),
            "n": pl.Series([data.draw(st.none() | st.integers(-5, 5)) for _ in at], dtype=pl.Int64),
            "s": pl.Series(
                [data.draw(st.none() | st.text(max_size=3)) for _ in at], dtype=pl.String
            ),
        }
    )
    seeds = pl.DataFrame({"seed": pl.Series(range(height), dtype=pl.UInt64)})
    joined = (
        seeds.with_row_index(_AT).join(found, on=_AT, how="left", maintain_order="left").drop(_AT)
    )
    assert seeds.hstack(_by_position(found, height)).equals(joined)


@settings(max_examples=30, deadline=None)
@given(
    seeds=st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=30),
    kind=st.sampled_from(["person", "employer"]),
)
def test_names_in_their_own_locale_are_those_drawn_in_any(seeds: list[int], kind: str) -> None:
    # The clash rounds draw the names of every round in one call: a redraw past the first
    # rounds keeps its own seed's locale, which is what no locale_of gives.
    s = pl.Series(seeds, dtype=pl.UInt64)
    fields = ["first", "last", "full", "email"]
    entity = cast(EntityName, kind)
    assert fake_fields(entity, s, fields, locale_of=s).equals(fake_fields(entity, s, fields))


@settings(max_examples=60, deadline=None)
@given(
    seeds=st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=12),
    kind=st.sampled_from(["person", "employer"]),
    data=st.data(),
)
def test_a_redraw_gathers_only_the_originals_its_fields_avoid(
    seeds: list[int], kind: EntityName, data: st.DataObject
) -> None:
    """The fakes of any fields drawn with only the originals :func:`_avoided_by` keeps are
    those drawn with every field's (the originals to avoid: the fakes the same seeds draw
    with none, so every one of them moves the fakes on)."""
    every = (
        ["first", "last", "email", "address", "birth"]
        if kind == "person"
        else ["full", "name", "address"]
    )
    wanted = frozenset(data.draw(st.lists(st.sampled_from(every), min_size=1, unique=True)))
    s = pl.Series(seeds, dtype=pl.UInt64)
    others = fake_fields(kind, s, frozenset(every) - {"birth"})
    avoid: dict[str, Any] = {f: others[f] for f in others.columns if f != "email"}
    kept = {f: a for f, a in avoid.items() if entity_clashes._avoided_by(f, wanted)}
    assert fake_fields(kind, s, wanted, None, kept).equals(
        fake_fields(kind, s, wanted, None, avoid)
    )
