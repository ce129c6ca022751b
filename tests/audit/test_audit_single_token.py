"""A single token of an id, code or phone column: the leak scan's one-pass test gives what
stripping the value and looking for whitespace in it gave, and the text of the values with a
letter is theirs (oracle: the old expressions)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit import normalise as norm
from washer.audit._tables import as_table
from washer.audit.leaks import _column_cells
from washer.categories import Category

_VALUES = st.lists(
    st.one_of(
        st.text(alphabet="ab1 \t\n\u00a0\u2003\u3000\u200b-", max_size=8),
        st.text(max_size=6),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_single_is_the_stripped_value_without_whitespace(values: list[str]) -> None:
    table = as_table("t", pl.DataFrame({"c": values}))
    new = _column_cells(table, "c", Category.REFERENCE_CODE).collect()
    old = new.select(
        "value",
        coded=~pl.col("value").str.strip_chars().str.contains(r"\s"),
        text=pl.when(pl.col("value").str.contains(r"\p{L}")).then(norm.text(pl.col("value"))),
    )
    assert new.columns == old.columns
    assert new.sort("value").rows() == old.sort("value").rows()
