"""The sort shortcuts of the id mapper give what numpy's unique and stable argsort give."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.ids.fake import _by_group_and_window
from washer.ids.feistel import _sorted_unique

INTS = st.lists(st.integers(-50, 50), max_size=60)


@settings(max_examples=300, deadline=None)
@given(INTS, st.booleans())
def test_sorted_unique_is_numpys_unique_with_inverse(values: list[int], ordered: bool) -> None:
    array = np.array(sorted(values) if ordered else values, dtype=np.int64)
    perms, local = _sorted_unique(array)
    want_perms, want_local = np.unique(array, return_inverse=True)
    assert perms.tolist() == want_perms.tolist() and local.tolist() == want_local.tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 13), st.integers(-400, 1200)), max_size=80))
def test_groups_by_window_are_numpys_stable_sort_per_group(
    pairs: list[tuple[int, int]],
) -> None:
    group = np.array([g for g, _ in pairs], dtype=np.int64)
    window = np.array([w for _, w in pairs], dtype=np.int64)
    got = [(code, rows.tolist()) for code, rows in _by_group_and_window(group, window)]
    want = []
    for code in np.unique(group).tolist():
        sel = np.flatnonzero(group == code)
        want.append((code, sel[np.argsort(window[sel], kind="stable")].tolist()))
    assert got == want
