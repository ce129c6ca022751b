"""The audit's shared passes over a column give what separate passes give, value for value."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit import normalise as norm
from washer.audit._tables import as_table, prefetch
from washer.audit.leaks import _runs
from washer.categories import Category

CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "Ja", "ja ", "Nei", "Bjørn", "Bj\u00c3\u00b8rn", "12B", "Å-ø  é"]),
    st.text(max_size=8),
)


def _sorted(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    return frame.sort(by, nulls_last=True)


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(CELLS, min_size=1, max_size=40),
    original=st.booleans(),
)
def test_counts_and_text_map_of_one_pass_equal_separate_passes(
    cells: list[str | None], original: bool
) -> None:
    frame = pl.DataFrame({"answer": cells}, schema={"answer": pl.String})
    categories = {"answer": Category.ATTRIBUTE}
    together = as_table("t", frame)
    prefetch([together] if original else [], [] if original else [together], categories)
    apart = as_table("t", frame)  # asked one by one: value counts, then the text map
    counts = apart.value_counts("answer")
    text = apart.normal_map("answer", "text")
    assert together.value_counts("answer").schema == counts.schema
    assert _sorted(together.value_counts("answer"), "v").equals(_sorted(counts, "v"))
    assert together.normal_map("answer", "text").schema == text.schema
    assert _sorted(together.normal_map("answer", "text"), "value").equals(_sorted(text, "value"))


VALUES = st.one_of(
    st.from_regex(r"\A\+?[0-9]{1,13}\Z"),
    st.text(alphabet="0123456789+-(). T:Z\u00a0\u2013a", max_size=24),
    st.sampled_from(
        ["+47 912 34 567", "+44 (0)20 7946 0958", "2021-09-04", "\uff11\uff12\uff13 456"]
    ),
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(VALUES, min_size=1, max_size=20, unique=True))
def test_digit_runs_of_plain_numbers_equal_the_runs_the_expressions_read(
    values: list[str],
) -> None:
    """A value of digits alone skips the expressions: its runs must be theirs."""
    uniq = pl.DataFrame({"value": values}).with_row_index("vid")
    uniq = uniq.with_columns(
        coded=pl.lit(True), phone_column=pl.lit(False), orgnr_column=pl.lit(False),
        id_column=pl.lit(True),
    )  # fmt: skip
    expected = uniq.select(
        "vid",
        run=norm.without_datetimes(pl.col("value"))
        .str.replace_all("(0)", "", literal=True)
        .str.extract_all(norm.DIGIT_RUN_PATTERN),
    ).explode("run").drop_nulls("run")  # fmt: skip
    found = _runs(uniq).select("vid", "run").sort("vid", maintain_order=True)
    assert found.equals(expected)
