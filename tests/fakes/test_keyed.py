"""keyed_hash64 and derive_seeds: deterministic, keyed, null-preserving."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import numpy as np
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from washer.fakes import derive_seeds, keyed_hash64

from ._helpers import KEY, OTHER_KEY, keys, seeds

texts = st.lists(st.one_of(st.none(), st.text(max_size=20)), max_size=30)


def reference_hash(value: str, key: bytes) -> int:
    """The documented algorithm: BLAKE2b-64, keyed, personalised, of the UTF-8 text."""
    digest = hashlib.blake2b(
        value.encode("utf-8"), key=key, digest_size=8, person=b"washer-seed64"
    ).digest()
    return int.from_bytes(digest, "little")


@given(values=texts, key=keys)
def test_keyed_hash_is_blake2b_of_each_value(values: list[str | None], key: bytes) -> None:
    out = keyed_hash64(pl.Series(values, dtype=pl.String), key)
    assert out.dtype == pl.UInt64
    assert out.to_list() == [None if v is None else reference_hash(v, key) for v in values]


@given(values=st.lists(st.text(max_size=12), min_size=1, max_size=30, unique=True))
def test_keyed_hash_depends_on_the_key(values: list[str]) -> None:
    a = keyed_hash64(pl.Series(values), KEY)
    b = keyed_hash64(pl.Series(values), OTHER_KEY)
    assert (a != b).all()


def test_keyed_hash_of_numbers_is_the_hash_of_their_text() -> None:
    ints = keyed_hash64(pl.Series([12, None, 7]), KEY)
    strs = keyed_hash64(pl.Series(["12", None, "7"]), KEY)
    assert ints.to_list() == strs.to_list()


@given(column=st.lists(st.one_of(st.none(), seeds), max_size=40), salt=st.text(max_size=10))
def test_derive_seeds_is_elementwise_and_keeps_nulls(column: list[int | None], salt: str) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    out = derive_seeds(s, salt)
    assert out.dtype == pl.UInt64
    assert out.is_null().to_list() == s.is_null().to_list()
    one_by_one = [derive_seeds(pl.Series([v], dtype=pl.UInt64), salt)[0] for v in column]
    assert out.to_list() == one_by_one


def test_derive_seeds_is_injective_and_salts_give_independent_streams() -> None:
    s = pl.Series(np.arange(200_000, dtype=np.uint64))
    a, b = derive_seeds(s, "first_name"), derive_seeds(s, "last_name")
    assert a.n_unique() == len(s)  # a bijection of uint64
    assert (a != b).all()
    # Low bits pick pool entries: they must look uniform, not like the counter they came from.
    low = (a % 16).value_counts()["count"].to_numpy()
    assert low.min() > 0.9 * len(s) / 16


def test_results_do_not_depend_on_pythons_hash_seed() -> None:
    code = (
        "import polars as pl; from washer.fakes import keyed_hash64, derive_seeds;"
        "from washer.fakes import first_names, fake_phones;"
        "s = keyed_hash64(pl.Series(['a', 'b', 'c']), b'k' * 32);"
        "print(derive_seeds(s, 'x').to_list(), first_names(s, None).to_list(),"
        " fake_phones(pl.Series(['+47 912 34 567']), b'k' * 32).to_list())"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1
