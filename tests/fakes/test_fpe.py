"""The keyed permutations behind phone and reference-code fakes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes import _fpe
from washer.fakes._avoid import _POLARS_SORT, _sorted
from washer.fakes._fpe import ROUNDS, SMALL, _by_group, derange, group_numbers
from washer.fakes.keyed import mix64

from ._helpers import KEY, OTHER_KEY, keys


def full_domain(size: int, split: int, key: bytes) -> np.ndarray:  # type: ignore[type-arg]
    v = np.arange(size, dtype=np.uint64)
    return derange(
        v,
        np.full(size, size, dtype=np.uint64),
        np.full(size, split, dtype=np.uint64),
        np.zeros(size, dtype=np.int64),
        [b"test"],
        key,
    )


@pytest.mark.parametrize(
    ("size", "split"), [(2, 1), (10, 1), (26**3, 1), (SMALL + 1000, 8), (300_000, 1000)]
)
def test_derange_is_a_permutation_without_fixed_points(size: int, split: int) -> None:
    out = full_domain(size, split, KEY)
    assert sorted(out.tolist()) == list(range(size))
    assert not (out == np.arange(size, dtype=np.uint64)).any()


@settings(max_examples=25)
@given(key=keys, size=st.integers(min_value=2, max_value=2000))
def test_small_domains_any_key(key: bytes, size: int) -> None:
    out = full_domain(size, 1, key)
    assert len(set(out.tolist())) == size
    assert not (out == np.arange(size, dtype=np.uint64)).any()


def test_a_split_must_divide_the_domain() -> None:
    with pytest.raises(ValueError, match="divide"):
        full_domain(SMALL + 1000, 1000, KEY)


def test_the_permutation_depends_on_key_and_tweak() -> None:
    size = 10**6
    v = np.arange(0, size, 97, dtype=np.uint64)
    args = (
        np.full(len(v), size, dtype=np.uint64),
        np.full(len(v), 1000, dtype=np.uint64),
        np.zeros(len(v), dtype=np.int64),
    )
    a = derange(v, *args, [b"one"], KEY)
    b = derange(v, *args, [b"one"], OTHER_KEY)
    c = derange(v, *args, [b"two"], KEY)
    assert (a != b).mean() > 0.99
    assert (a != c).mean() > 0.99


def test_groups_are_permuted_separately() -> None:
    size = 100_000
    v = np.tile(np.arange(size, dtype=np.uint64), 2)
    groups = np.repeat(np.arange(2), size)
    out = derange(
        v,
        np.full(2 * size, size, dtype=np.uint64),
        np.full(2 * size, 100, dtype=np.uint64),
        groups,
        [b"a", b"b"],
        KEY,
    )
    assert len(set(out[:size].tolist())) == size
    assert len(set(out[size:].tolist())) == size
    assert (out[:size] != out[size:]).mean() > 0.99


@settings(max_examples=100)
@given(
    groups=st.lists(st.integers(0, 70_000), max_size=200),
    few=st.booleans(),
)
def test_rows_split_by_group_in_a_stable_order(groups: list[int], few: bool) -> None:
    g = np.array([v % 19 if few else v for v in groups], dtype=np.int64)
    rows = np.arange(len(g), dtype=np.int64)[::-1].copy()
    parts = _by_group(rows, g)
    expected = rows[np.argsort(g[rows], kind="stable")]
    got = np.concatenate(parts)
    assert got.tolist() == expected.tolist()
    assert all(len(set(g[p].tolist())) <= 1 for p in parts)


@given(labels=st.lists(st.integers(-(2**40), 2**40) | st.integers(-5, 5), max_size=300))
def test_group_numbers_are_numpys_unique_with_inverse(labels: list[int]) -> None:
    values = np.array(labels, dtype=np.int64)
    codes, groups = group_numbers(values)
    want_codes, want_groups = np.unique(values, return_inverse=True)
    assert codes.tolist() == want_codes.tolist()
    assert groups.tolist() == want_groups.tolist()


@settings(max_examples=50, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**32),
    st.integers(min_value=_POLARS_SORT - 10, max_value=3 * _POLARS_SORT),
    st.integers(min_value=1, max_value=10**7),
)
def test_sorted_positions_are_an_argsort(seed: int, count: int, n: int) -> None:
    """The packed sort (polars' for many positions, numpy's for few) gives each position's
    place in a stable argsort, and the sorted positions."""
    positions = np.random.default_rng(seed).integers(0, n, size=count, dtype=np.int64)
    order, ordered = _sorted(positions, n)
    expected = np.argsort(positions, kind="stable")
    assert np.array_equal(order, expected)
    assert np.array_equal(ordered, positions[expected])


def _feistel_by_formula(
    v: np.ndarray,  # type: ignore[type-arg]
    a: int,
    b: int,
    keys: list[np.uint64],
    inverse: bool,
) -> np.ndarray:  # type: ignore[type-arg]
    """The Feistel network as its rounds read, one new array per step (the oracle)."""
    sa, sb = np.uint64(a), np.uint64(b)
    x, y = v // sb, v % sb
    for r in range(ROUNDS - 1, -1, -1) if inverse else range(ROUNDS):
        k1, k2 = keys[2 * r], keys[2 * r + 1]
        if inverse:
            x, y = (y + sb - (mix64(x + k1) ^ k2) % sb) % sb, x
        else:
            x, y = y, (x + (mix64(y + k1) ^ k2) % sa) % sa
        sa, sb = sb, sa
    return x * np.uint64(b) + y  # type: ignore[no-any-return]


@settings(max_examples=60)
@given(
    a=st.integers(2, 2**31),
    b=st.integers(2, 2**31),
    picks=st.lists(st.integers(0, 2**62), max_size=40),
    block=st.sampled_from([1, 3, 16, 1 << 14]),
    inverse=st.booleans(),
    tweak=st.binary(max_size=8),
)
def test_feistel_in_place_equals_its_formula(
    a: int,
    b: int,
    picks: list[int],
    block: int,
    inverse: bool,
    tweak: bytes,
) -> None:
    # blocks of any size: each block's rounds run in place on scratch arrays of the first's
    v = np.array([p % (a * b) for p in picks], dtype=np.uint64)
    keys = list(_fpe._tweak_keys(KEY, tweak))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_fpe, "_BLOCK", block)
        got = _fpe._feistel(v, np.uint64(a), np.uint64(b), keys, inverse)
    assert np.array_equal(got, _feistel_by_formula(v, a, b, keys, inverse))
