"""Washed columns given buffers of their own are the same values; only the fakes of large
run tables are; and a wash copying every column writes the same bytes as one copying none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from washer import rowpass
from washer.beside import HelperJoin, large_tables_columns
from washer.keys import Key
from washer.rowpass import own_buffer
from washer.wash import WashOptions, publish_unaudited, wash

from ._extract import make_extract

# Short values sit in their views, long ones in buffers; both, and nulls, in any mix.
_VALUE = st.none() | st.text(max_size=5) | st.text(min_size=13, max_size=40)


@given(st.lists(_VALUE, max_size=40))
def test_a_column_with_buffers_of_its_own_holds_the_same_values(values: list[str | None]) -> None:
    column = pl.Series("c", values, dtype=pl.String)
    # Gathered from a larger column, as the fakes of a run table are.
    gathered = pl.concat([column, column.reverse()]).gather(pl.int_range(len(values), eager=True))
    copied = own_buffer(gathered)
    assert copied.name == "c"
    assert copied.dtype == pl.String
    assert copied.to_list() == values


def test_a_column_of_mostly_long_values_is_copied_and_of_short_ones_kept() -> None:
    long = pl.Series("c", ["x" * 20, "y" * 30, None, "z"])
    short = pl.Series("c", ["x" * 20, "y", "z", None])
    assert own_buffer(long) is not long
    assert own_buffer(long).equals(long)
    assert own_buffer(short) is short


def _join(name: str, rows: int) -> HelperJoin:
    table = pl.DataFrame({"orig": [str(i) for i in range(rows)], name: ["x" * 20] * rows})
    return HelperJoin(pl.col(name), name, table.lazy(), "orig", False, source=table)


def test_only_the_helper_columns_of_large_tables_are_named() -> None:
    small, large = _join("small", 10), _join("large", 10_000)
    size = int(large.table.collect().estimated_size())
    assert large_tables_columns([small, large], size) == frozenset({"large"})
    assert large_tables_columns([small, large], 0) == frozenset({"small", "large"})


@pytest.mark.parametrize("stream", [False, True])
def test_copying_every_fake_s_buffers_writes_the_same_bytes(
    tmp_path: Path, key: Key, rules_path: Path, stream: bool
) -> None:
    source = tmp_path / "innreise.csv"
    make_extract(rows=120, seed=7).frame.write_csv(source)
    written = {}
    for large in (1 << 62, 0):
        out = tmp_path / str(large)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(rowpass, "LARGE_TABLE", large)
            patch.setattr(rowpass, "LONG_SHARE", 0.0)
            options = WashOptions(
                rules=rules_path,
                key=key,
                out_dir=out,
                reference_date=dt.date(2024, 5, 17),
                stream=stream,
                before_publish=publish_unaudited,
            )
            result = wash([source], options)
        written[large] = result.outputs[0].read_bytes()
    assert written[0] == written[1 << 62]
