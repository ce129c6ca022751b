"""The whole-column check digits against the scalar rule (and python-stdnum's)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer as stdnum_fnr

from washer.ids._checksum import check_digits, check_digits_array, check_digits_of

prefixes = st.lists(st.integers(0, 999_999_999), min_size=1, max_size=60)


@given(prefixes)
def test_array_check_digits_are_the_scalar_ones(values: list[int]) -> None:
    k1, k2, usable = check_digits_array(np.array(values, dtype=np.int64))
    for i, value in enumerate(values):
        expected = check_digits(f"{value:09d}")
        assert bool(usable[i]) == (expected is not None)
        if expected is not None:
            assert (int(k1[i]), int(k2[i])) == expected


@given(prefixes)
def test_check_digits_of_reads_the_first_nine_digits(values: list[int]) -> None:
    # Whole eleven-digit numbers given as digits: the last two are not read.
    digits = np.array([[int(c) for c in f"{v:09d}77"] for v in values], dtype=np.int64)
    k1, k2, usable = check_digits_of(digits)
    for i, value in enumerate(values):
        expected = check_digits(f"{value:09d}")
        assert bool(usable[i]) == (expected is not None)
        if expected is not None:
            assert (int(k1[i]), int(k2[i])) == expected


def test_scalar_rule_agrees_with_stdnum() -> None:
    # The oracle of the tests above, itself checked on a known-valid number.
    prefix = "010101000"  # 1 January 1901, individual number 000
    k1, k2 = check_digits(prefix) or (None, None)
    number = f"{prefix}{k1}{k2}"
    assert stdnum_fnr.is_valid(number)
