"""Fake HDIR trip ids (``a_reference_code``), keeping their structure.

A trip id has four elements: HDIR's kommune code, the phone country prefix, the login method
(1-4) and a serial. Codes of that shape (``0301-47-1-123456``: 1-4 digits, 1-3 digits with an
optional ``+``, one digit, then digits, with any separators) keep the first three elements and
the separators; the serial goes through a keyed format-preserving permutation of all serials of
its length. Anything else has every run of digits and of letters permuted the same way, case
and punctuation kept. Both are injective (one trip, one code; two trips, two codes), and no
fake equals its original.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.fakes._charmatrix import from_matrix, scramble_runs, to_matrix
from washer.fakes._distinct import on_distinct
from washer.fakes._fpe import derange

# Shape only (not values), so that structured and other codes can never share a fake.
_SEP = r"[^0-9A-Za-z]+"
STRUCTURED = rf"^(?P<head>[0-9]{{1,4}}{_SEP}\+?[0-9]{{1,3}}{_SEP}[0-9]{_SEP})(?P<serial>[0-9]+)$"
_MAX_SERIAL = 18


def fake_reference_codes(s: pl.Series, key: bytes) -> pl.Series:
    """A keyed fake per trip id; equal ids get equal fakes, different ids different fakes."""
    return on_distinct(s.cast(pl.String), lambda d: _fake(d, key))


def _fake(s: pl.Series, key: bytes) -> pl.Series:
    parts = s.str.extract_groups(STRUCTURED)
    serial = parts.struct.field("serial")
    length = serial.str.len_chars().fill_null(0).to_numpy().astype(np.int64)
    structured = (length > 0) & (length <= _MAX_SERIAL)
    out = s.clone()
    idx = np.flatnonzero(structured)
    if len(idx):
        n = length[idx]
        values = serial.gather(idx).cast(pl.UInt64).to_numpy()
        sizes = np.array([10**k for k in range(_MAX_SERIAL + 1)], dtype=np.uint64)[n]
        splits = np.array([10**k for k in range(_MAX_SERIAL + 1)], dtype=np.uint64)[(n + 1) // 2]
        tweaks = [b"reference/serial/%d" % k for k in range(_MAX_SERIAL + 1)]
        fakes = derange(values, sizes, splits, n, tweaks, key, avoid_inputs=True)
        # The serial is the code's last run of digits: the fake serial, zero-padded to its
        # length, goes after the code's head.
        written = pl.select(
            pl.concat_str(
                [
                    parts.struct.field("head").gather(idx),
                    pl.Series(fakes).cast(pl.String).str.zfill(pl.Series(n)),
                ]
            )
        ).to_series()
        out.scatter(idx, written)
    alnum = s.str.contains("[0-9A-Za-z]").fill_null(False).to_numpy()
    rest = np.flatnonzero(~structured & alnum)
    if len(rest):
        part = s.gather(rest)
        m = scramble_runs(to_matrix(part), key, b"reference/other", letters=True)
        out.scatter(rest, from_matrix(m, part))
    return out
