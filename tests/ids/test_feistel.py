"""The keyed permutation: bijective, invertible, keyed, and (as ``cycle``) without fixed points."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from washer.ids.feistel import FeistelKey, FeistelPermutation

KEY = FeistelKey(b"k" * 32)
OTHER = FeistelKey(b"o" * 32)


@given(n=st.integers(2, 5000), label=st.binary(max_size=8))
def test_permutes_the_whole_domain(n: int, label: bytes) -> None:
    perm = FeistelPermutation(KEY, n, label)
    x = np.arange(n)
    y = perm.forward(x)
    assert np.array_equal(np.sort(y), x)
    assert np.array_equal(perm.inverse(y), x)


@pytest.mark.parametrize("n", [2**16, 2**16 + 1, 2**34 - 5, 26**12, 2**62 - 1])
def test_large_domains_are_invertible(n: int) -> None:
    x = np.random.default_rng(n % 1000).integers(0, n, 20_000)
    perm = FeistelPermutation(KEY, n, b"big")
    y = perm.forward(x)
    assert ((y >= 0) & (y < n)).all()
    assert np.array_equal(perm.inverse(y), x)
    assert len(np.unique(y)) == len(np.unique(x))


def test_valid_subset_is_permuted() -> None:
    def even(v: np.ndarray) -> np.ndarray:
        return np.asarray(v % 2 == 0)

    perm = FeistelPermutation(KEY, 3000, b"subset")
    x = np.arange(0, 3000, 2)
    y = perm.forward(x, valid=even)
    assert np.array_equal(np.sort(y), x)
    assert np.array_equal(perm.inverse(y, valid=even), x)
    with pytest.raises(ValueError, match="domain"):
        perm.forward(np.array([1]), valid=even)


@given(n=st.integers(2, 3000))
def test_cycle_is_one_cycle_without_fixed_points(n: int) -> None:
    perm = FeistelPermutation(KEY, n, b"cycle")
    step = perm.cycle(np.arange(n), lambda v: (v + 1) % n)
    assert np.array_equal(np.sort(step), np.arange(n))
    assert not (step == np.arange(n)).any()
    seen, x = 1, int(step[0])
    while x != 0:  # following the map from 0 visits every element before returning
        x = int(step[x])
        seen += 1
    assert seen == n


def test_key_and_label_change_the_permutation() -> None:
    n = 100_000
    x = np.arange(n)
    base = FeistelPermutation(KEY, n, b"a").forward(x)
    for other in (FeistelPermutation(OTHER, n, b"a"), FeistelPermutation(KEY, n, b"b")):
        assert (other.forward(x) == base).mean() < 0.001  # unrelated: agree only by chance


def test_rejects_bad_domains_and_inputs() -> None:
    with pytest.raises(ValueError):
        FeistelPermutation(KEY, 1)
    with pytest.raises(ValueError):
        FeistelPermutation(KEY, 2**63)
    with pytest.raises(ValueError):
        FeistelKey(b"short")
    perm = FeistelPermutation(KEY, 10)
    with pytest.raises(ValueError):
        perm.forward(np.array([10]))
    with pytest.raises(ValueError):
        perm.inverse(np.array([-1]))
