"""The scrub's shortcuts give exactly what the plain computations they replace give (those are
kept here as oracles)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes._codes import MAX_TOKENS, _Windows
from washer.fakes._textkeys import CODE_CHARS, CODE_DIGITS

I64 = npt.NDArray[np.int64]


def window_starts_oracle(linked: npt.NDArray[np.bool_], size: I64, digits: I64, k: int) -> I64:
    """Every start tried, as find_codes did before it kept only the possible ones."""
    n = len(size)
    broken = np.concatenate([[0], np.cumsum(~linked)])
    size_cum = np.concatenate([[0], np.cumsum(size)])
    digit_cum = np.concatenate([[0], np.cumsum(digits)])
    starts = np.arange(n - k + 1)
    chars = size_cum[starts + k] - size_cum[starts]
    found: I64 = starts[
        (broken[starts + k - 1] - broken[starts] == 0)
        & (chars >= CODE_CHARS[0])
        & (chars <= CODE_CHARS[1])
        & (digit_cum[starts + k] - digit_cum[starts] >= CODE_DIGITS)
    ]
    return found


@st.composite
def content_tokens(draw: st.DrawFn) -> tuple[npt.NDArray[np.bool_], I64, I64]:
    """Sizes, digits (a number's digits are its size, a word has none) and links of a run of
    content tokens, mostly short and linked so that windows fit."""
    n = draw(st.integers(2, 40))
    size = np.array(draw(st.lists(st.integers(0, 14), min_size=n, max_size=n)), dtype=np.int64)
    number = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    linked = np.array(draw(st.lists(st.booleans(), min_size=n - 1, max_size=n - 1)))
    return linked, size, np.where(number, size, 0)


@settings(max_examples=400, deadline=None)
@given(tokens=content_tokens())
def test_code_windows_are_the_oracles(tokens: tuple[npt.NDArray[np.bool_], I64, I64]) -> None:
    linked, size, digits = tokens
    windows = _Windows(linked, size, digits)
    for k in range(min(MAX_TOKENS, len(size)), 1, -1):
        expected = window_starts_oracle(linked, size, digits, k)
        np.testing.assert_array_equal(windows.starts(k), expected)
