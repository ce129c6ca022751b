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
_SHAPE = STRUCTURED.replace("?P<head>", "").replace("?P<serial>", "")
_SERIAL = "[0-9]+$"
_POW10 = np.array([10**k for k in range(_MAX_SERIAL + 1)], dtype=np.uint64)


def fake_reference_codes(s: pl.Series, key: bytes) -> pl.Series:
    """A keyed fake per trip id; equal ids get equal fakes, different ids different fakes."""
    return on_distinct(s.cast(pl.String), lambda d: _fake(d, key))


def _fake(s: pl.Series, key: bytes) -> pl.Series:
    # The shape without captures, and where the serial starts, are two plain regex searches:
    # several times cheaper than extracting the capture groups. The serial is the code's last
    # run of digits (a separator comes before it), so it is what ``[0-9]+$`` finds.
    length = (
        s.to_frame("s")
        .select(
            pl.when(pl.col("s").str.contains(_SHAPE))
            .then(pl.col("s").str.len_bytes() - pl.col("s").str.find(_SERIAL))
            .fill_null(0)
        )
        .to_series()
        .to_numpy()
        .astype(np.int64)
    )
    structured = (length > 0) & (length <= _MAX_SERIAL)
    out = s.clone()
    idx = np.flatnonzero(structured)
    every = len(idx) == len(s)  # the usual case: no gather, no scatter
    if len(idx):
        n = length[idx]
        # The serial is ASCII digits: its length in bytes is its length in characters.
        parts = pl.DataFrame({"s": s if every else s.gather(idx), "n": n}).select(
            head=pl.col("s").str.head(-pl.col("n")),
            serial=pl.col("s").str.tail(pl.col("n")).cast(pl.UInt64),
        )
        values = parts["serial"].to_numpy()
        sizes = _POW10[n]
        splits = _POW10[(n + 1) // 2]
        tweaks = [b"reference/serial/%d" % k for k in range(_MAX_SERIAL + 1)]
        fakes = derange(values, sizes, splits, n, tweaks, key, avoid_inputs=True)
        # The fake serial, zero-padded to its length (10**n + fake, its leading 1 cut off),
        # goes after the code's head.
        padded = pl.Series(fakes + sizes).cast(pl.String).str.slice(1)
        written = pl.select(pl.concat_str([parts["head"], padded])).to_series()
        if every:
            return written.alias(s.name)
        out.scatter(idx, written)
    others = np.flatnonzero(~structured)
    alnum = s.gather(others).str.contains("[0-9A-Za-z]").fill_null(False).to_numpy()
    rest = others[alnum]
    if len(rest):
        part = s.gather(rest)
        m = scramble_runs(to_matrix(part), key, b"reference/other", letters=True)
        out.scatter(rest, from_matrix(m, part))
    return out
