"""The digit-matrix parse reads each number's fields and check sums as the digits say."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.ids._checksum import K1_WEIGHTS, K2_WEIGHTS
from washer.ids._parse import parse

ELEVEN = st.from_regex(r"[0-9]{11}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(ELEVEN, min_size=1, max_size=40))
def test_numbers_fields_and_classic_check_digits(values: list[str]) -> None:
    digits = np.array([[int(c) for c in v] for v in values], dtype=np.uint8)
    parsed = parse(digits)
    assert parsed.number.dtype == np.int64 and parsed.iii.dtype == np.int64
    assert parsed.number.tolist() == [int(v) for v in values]
    assert parsed.iii.tolist() == [int(v[6:9]) for v in values]
    classic = []
    for v in values:
        d = [int(c) for c in v]
        s1 = sum(w * x for w, x in zip(K1_WEIGHTS, d, strict=False)) + d[9]
        s2 = sum(w * x for w, x in zip(K2_WEIGHTS, d, strict=False)) + d[10]
        classic.append(s1 % 11 == 0 and s2 % 11 == 0)
    assert parsed.classic.tolist() == classic
