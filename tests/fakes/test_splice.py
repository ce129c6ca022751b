"""Writing new digits into the tail of strings: the caller's knowledge of where the digits
end changes nothing."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes._splice import replace_last_digits

TEXTS = st.text(st.sampled_from("0123456789 +-()/ab"), min_size=1, max_size=16)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEXTS, st.integers(0, 10**6)), min_size=1, max_size=30), st.data())
def test_known_digit_tails_give_what_the_search_gives(
    rows: list[tuple[str, int]], data: st.DataObject
) -> None:
    texts = [t for t, _ in rows]
    # the count of each value: at most its digits, and what its trailing digits give
    digits = [sum(c.isdigit() for c in t) for t in texts]
    trailing = [len(t) - len(t.rstrip("0123456789")) for t in texts]
    counts = [data.draw(st.integers(0, d)) for d in digits]
    s = pl.Series("v", texts, dtype=pl.String)
    count = np.array(counts, dtype=np.int64)
    values = np.array([v % 10**c for (_, v), c in zip(rows, counts, strict=True)], np.uint64)
    ends = np.array([c <= t for c, t in zip(counts, trailing, strict=True)])
    known = ends & np.array(
        data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    )
    expected = replace_last_digits(s, count, values)
    assert replace_last_digits(s, count, values, known).to_list() == expected.to_list()
    assert replace_last_digits(s, count, values, ends).to_list() == expected.to_list()
