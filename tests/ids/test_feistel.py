"""The keyed permutation: bijective, invertible, keyed, and (as ``cycle``) without fixed points."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from washer.ids.feistel import FeistelKey, FeistelPermutation, permute_many

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


@given(
    perms=st.lists(
        st.tuples(
            st.integers(2, 2**40),
            st.binary(max_size=6),
            st.booleans(),
            st.lists(st.integers(0, 2**40), max_size=30),
        ),
        max_size=12,
    )
)
def test_a_batch_of_permutations_equals_them_one_by_one(
    perms: list[tuple[int, bytes, bool, list[int]]],
) -> None:
    sizes = [n for n, _, _, _ in perms]
    labels = [label for _, label, _, _ in perms]
    cyclic = [c for _, _, c, _ in perms]
    values = [np.array([v % n for v in vs], dtype=np.int64) for n, _, _, vs in perms]
    batched = permute_many(KEY, sizes, labels, values, cyclic=cyclic)
    for n, label, c, x, got in zip(sizes, labels, cyclic, values, batched, strict=True):
        perm = FeistelPermutation(KEY, n, label)
        expected = perm.cycle(x, lambda v, n=n: (v + 1) % n) if c else perm.forward(x)
        assert np.array_equal(got, expected)


@pytest.mark.parametrize(
    "sizes",
    [
        [18_790, 22_559, 22_576, 20_000, 5, 2],  # small halves: the folded tables
        [2**32 - k for k in range(8)],  # 16-bit halves, too many tables to fold
    ],
)
@pytest.mark.parametrize("every", [False, True])  # every one cyclic: one batch serves both ways
def test_small_halves_equal_them_one_by_one(sizes: list[int], every: bool) -> None:
    rng = np.random.default_rng(len(sizes))
    labels = [b"w%d" % i for i in range(len(sizes))]
    cyclic = [every or i % 2 == 1 for i in range(len(sizes))]
    values = [rng.integers(0, n, 500) for n in sizes]
    batched = permute_many(KEY, sizes, labels, values, cyclic=cyclic)
    for n, label, c, x, got in zip(sizes, labels, cyclic, values, batched, strict=True):
        perm = FeistelPermutation(KEY, n, label)
        expected = perm.cycle(x, lambda v, n=n: (v + 1) % n) if c else perm.forward(x)
        assert np.array_equal(got, expected)


def test_a_batch_rejects_what_one_permutation_rejects() -> None:
    with pytest.raises(ValueError):
        permute_many(KEY, [1], [b""], [np.array([0])], cyclic=[False])
    with pytest.raises(ValueError):
        permute_many(KEY, [10], [b""], [np.array([10])], cyclic=[False])
