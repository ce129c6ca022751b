"""Keyed hashes and seed streams: where every fake's randomness comes from.

``keyed_hash64`` turns a value into a 64-bit seed with keyed BLAKE2b, once per *distinct*
value (the only per-value Python loop in :mod:`washer.fakes`). ``derive_seeds`` splits one seed
column into independent streams (first name, last name, street, ...) with a splitmix64 finaliser
in numpy, so one person seed gives every field of that person.

Both are pure functions of their inputs: no Python ``hash()``, no polars hashing, no dict order.
"""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._distinct import on_distinct

U64 = npt.NDArray[np.uint64]

_PERSON = b"washer-seed64"
_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def mix64(z: U64) -> U64:
    """The splitmix64 finaliser: a bijection of uint64 that spreads every input bit."""
    z = (z ^ (z >> np.uint64(30))) * _C1
    z = (z ^ (z >> np.uint64(27))) * _C2
    return z ^ (z >> np.uint64(31))


def salt_constant(salt: str) -> np.uint64:
    """A 64-bit constant for a salt (unkeyed: salts are names of streams, not secrets)."""
    digest = hashlib.blake2b(salt.encode("utf-8"), digest_size=8, person=b"washer-salt").digest()
    return np.uint64(int.from_bytes(digest, "little"))


def hash_strings(values: list[str], key: bytes) -> U64:
    """Keyed BLAKE2b-64 of each string (UTF-8), as little-endian uint64."""
    return hash_bytes([value.encode("utf-8") for value in values], key)


def hash_bytes(values: list[bytes], key: bytes) -> U64:
    """Keyed BLAKE2b-64 of each byte string, as little-endian uint64."""
    base = hashlib.blake2b(key=key, digest_size=8, person=_PERSON)
    copy = base.copy
    digests = bytearray()  # appending in place: cheaper than a list of digests joined after
    for value in values:
        h = copy()  # copying the keyed state skips re-hashing the key block per value
        h.update(value)
        digests += h.digest()
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def keyed_hash64(values: pl.Series, key: bytes) -> pl.Series:
    """A keyed 64-bit hash of each value's text; equal values get equal hashes, nulls stay null.

    One BLAKE2b call per distinct value; the result is joined back. Non-string columns are
    hashed by their text form (``cast(pl.String)``).
    """
    return on_distinct(values.cast(pl.String), lambda d: _hash_series(d, key)).alias(values.name)


def _hash_series(s: pl.Series, key: bytes) -> pl.Series:
    present = s.is_not_null()
    # Polars' Binary view of a string is its UTF-8 bytes: no encoding per value in Python.
    raw = s.drop_nulls().cast(pl.Binary).to_list()
    hashes = pl.Series(hash_bytes(raw, key), dtype=pl.UInt64)
    if len(hashes) == len(s):
        return hashes
    out = pl.repeat(None, len(s), dtype=pl.UInt64, eager=True)
    return out.scatter(present.arg_true(), hashes)


def derive_seeds(seeds: pl.Series, salt: str) -> pl.Series:
    """An independent seed stream per salt: ``mix64((seed ^ salt) + golden)``; nulls stay null."""
    s = seeds.cast(pl.UInt64)
    arr = s.fill_null(0).to_numpy().astype(np.uint64, copy=True)
    out = mix64((arr ^ salt_constant(salt)) + _GOLDEN)
    result = pl.Series(seeds.name, out, dtype=pl.UInt64)
    if s.null_count():
        result = pl.select(pl.when(s.is_not_null()).then(result)).to_series().alias(seeds.name)
    return result
