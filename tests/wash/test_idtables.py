"""The run's id tables: check sums of typos and the by-raw table."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.ids import is_valid_2032
from washer.ids.placeholder import placeholder_flags
from washer.keys import Key
from washer.pipeline import RunKeys
from washer.rules.model import EntitySpec
from washer.tables.idtables import (
    PLACEHOLDER,
    _norm_order,
    _placeholders,
    id_tables,
    mapped_ids,
    weak_id_nodes,
)
from washer.tables.nodes import normalise_id
from washer.tables.persons import EntityIndex
from washer.testing.id_columns import distinct_numbers

KEY = Key(bytes(range(32)))


def test_weak_nodes_are_the_eleven_digit_values_failing_the_2032_rule() -> None:
    valid = list(distinct_numbers(40, seed=4))
    typos = [v[:10] + str((int(v[10]) + 1) % 10) for v in valid]
    values = [*valid, *typos, "ABC123456", None, "1234"]
    frames = [pl.DataFrame({"norm": values}), pl.DataFrame({"norm": typos[:5]})]
    expected = sorted({f"I:{v}" for v in typos if not is_valid_2032(v)})
    assert weak_id_nodes(frames).to_list() == expected


def test_the_raw_table_gives_each_spelling_its_ids_fake() -> None:
    number = next(iter(distinct_numbers(1, seed=5)))
    spaced = f"{number[:6]} {number[6:]}"
    raw = [number, spaced, "ukjent", "UKJENT", "-", "AB1234567", "ab-1234567", None]
    born = [dt.date(1980, 1, 1)] * len(raw)
    found = pl.DataFrame({"raw": raw, "fallback": born}).with_columns(
        norm=normalise_id(pl.col("raw"))
    )
    found = found.drop_nulls("raw")
    table, by_raw = id_tables(found, RunKeys.for_key(KEY), "synthetic", None)
    assert table["norm"].is_sorted() and table["norm"].is_unique().all()
    fake = dict(zip(table["norm"].to_list(), table["fake"].to_list(), strict=True))
    got = dict(zip(by_raw["raw"].to_list(), by_raw["fake"].to_list(), strict=True))
    assert got[number] == got[spaced] == fake[number] != number
    assert got["AB1234567"] == got["ab-1234567"] == fake["AB1234567"]
    # placeholders keep their own spelling, also one without a normal form
    assert {r: got[r] for r in ("ukjent", "UKJENT", "-")} == {
        "ukjent": "ukjent",
        "UKJENT": "UKJENT",
        "-": "-",
    }
    kinds = dict(zip(by_raw["raw"].to_list(), by_raw["kind"].to_list(), strict=True))
    assert kinds["-"] == kinds["ukjent"] == PLACEHOLDER
    assert by_raw.columns == ["raw", "kind", "fake", "fake_birth_date"]


def test_ids_mapped_before_the_index_give_the_same_tables() -> None:
    """The wash maps the ids on another thread while the person index is built: the tables
    are those of mapping them with the index, placeholders and a dated typo included."""
    valid = list(distinct_numbers(30, seed=6))
    typo = valid[0][:10] + str((int(valid[0][10]) + 1) % 10)
    raw = [*valid, typo, "0", "ukjent", "-", "AB1234567", f"{valid[1][:6]} {valid[1][6:]}"]
    born = [dt.date(1970, 1, 1) + dt.timedelta(days=400 * i) for i in range(len(raw))]
    found = pl.DataFrame({"raw": raw, "fallback": born}).with_columns(
        norm=normalise_id(pl.col("raw"))
    )
    links = pl.DataFrame(
        {
            "node": [f"I:{v}" for v in [*valid, typo, "AB1234567"]],
            "entity": [f"I:{v}" for v in valid] + [f"I:{valid[0]}", "I:AB1234567"],
        }
    )
    index = EntityIndex(EntitySpec("person", ids=("p_unique_id",)), links)
    keys = RunKeys.for_key(KEY)
    avoid = pl.Series("phone", ["91234567"])
    whole = id_tables(found, keys, "synthetic", index, avoid)
    mapped = id_tables(mapped_ids(found, keys, "synthetic"), keys, "synthetic", index, avoid)
    assert whole[0].equals(mapped[0])
    assert whole[1].sort("raw").equals(mapped[1].sort("raw"))
    fake = dict(zip(whole[0]["norm"].to_list(), whole[0]["fake"].to_list(), strict=True))
    assert fake["0"] == "0" and fake["UKJENT"] == "UKJENT"
    birth = dict(zip(whole[0]["norm"], whole[0]["fake_birth_date"], strict=True))
    assert birth[typo] == birth[valid[0]]  # the typo is dated as its person's number


SPELLINGS = st.sampled_from(
    ["15088545610", "150885 45610", "AB1234567", "ab-1234567", "0", "ukjent", "UKJENT", "-",
     "XK4711093", "xk 471 1093", "12345"]
)  # fmt: skip
BORN = st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2020, 1, 1)))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(SPELLINGS, BORN), max_size=25, unique=True))
def test_mapped_ids_are_the_distinct_normal_forms_in_order(
    rows: list[tuple[str, dt.date | None]],
) -> None:
    """Each normal form once, sorted (gid: its place), an id with its earliest birth date, a
    placeholder apart; and each spelling once with its normal form's gid: also when a
    spelling or a normal form repeats."""
    found = pl.DataFrame(
        {"raw": [r for r, _ in rows], "fallback": [b for _, b in rows]},
        schema={"raw": pl.String, "fallback": pl.Date},
    ).with_columns(norm=normalise_id(pl.col("raw")))
    ids = mapped_ids(found, RunKeys.for_key(KEY), "synthetic")
    births: dict[str, list[dt.date]] = {}
    for _, born, norm in found.iter_rows():
        if norm is not None:
            births.setdefault(norm, []).extend([born] if born is not None else [])
    gid = {n: i for i, n in enumerate(sorted(births))}
    held = set(ids.placeholders["norm"].to_list())
    assert held <= {"0", "UKJENT"}
    assert ids.placeholders.select("gid", "norm").rows() == [(gid[n], n) for n in sorted(held)]
    assert ids.distinct.rows() == [
        (gid[n], n, min(births[n], default=None)) for n in sorted(births) if n not in held
    ]
    assert ids.mapped.height == ids.distinct.height
    spelled = {r: gid[n] for r, n in found.drop_nulls("norm").select("raw", "norm").iter_rows()}
    assert ids.written["raw"].is_unique().all() and dict(ids.written.iter_rows()) == spelled


NORMS = st.one_of(
    st.from_regex(r"[0-9]{11}", fullmatch=True),
    st.sampled_from(["00000000000", "11111111111", "99999999999", "12345678901"]),
    st.from_regex(r"[0-9]{1,12}", fullmatch=True),
    st.from_regex(r"[0-9A-Z]{1,12}", fullmatch=True),
    st.text(st.sampled_from("09AZÆ٣ -+"), max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(NORMS, max_size=40))
def test_norm_order_and_placeholders_match_the_string_sort_and_the_regex(
    norms: list[str],
) -> None:
    """The rows sorted by their normal forms as a string sort orders them (equal forms in any
    row order), and the placeholders as :func:`placeholder_flags` reads them."""
    values = pl.Series("norm", norms, dtype=pl.String)
    order = _norm_order(values)
    expected = values.to_frame().with_row_index("at").sort("norm", multithreaded=False)
    assert order["norm"].to_list() == expected["norm"].to_list()
    assert sorted(order.select("norm", "at").rows()) == sorted(expected.select("norm", "at").rows())
    flags = _placeholders(order["norm"], order["number"])
    assert flags.to_list() == placeholder_flags(order["norm"]).to_list()
