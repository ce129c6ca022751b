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
import numpy.typing as npt
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


def _serials(s: pl.Series) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """Per value, the length of its serial (its last run of digits) if it has the shape of
    :data:`STRUCTURED`, else 0 (null too); and the serial's number where it has at most
    :data:`_MAX_SERIAL` digits, else 0.

    Read from the values' bytes in numpy, not with two regex searches per value (a third of
    the time). The shape is runs of digits (D) and separators (S): D{1,4} S D{1,3} S D S D,
    where a separator is any byte but an ASCII letter or digit (a ``+`` is one, and so is every
    byte of a non-ASCII character). With no letter, runs of digits and separators alternate:
    a value of seven runs whose first is digits has that shape once its first, third and
    fifth runs are short enough. Read in slices, whose arrays stay in the CPU's cache (the
    sizes and bytes of all values taken at once, and each slice's a view of them).
    """
    sizes = s.str.len_bytes().fill_null(0).to_numpy().astype(np.int64)
    flat = np.frombuffer(s.str.join("").item().encode("utf-8"), dtype=np.uint8)
    ends = np.cumsum(sizes)
    parts = []
    for i in range(0, len(s), _SLICE):
        j = min(i + _SLICE, len(s))
        first = int(ends[i - 1]) if i else 0
        parts.append(_slice_serials(sizes[i:j], flat[first : int(ends[j - 1])]))
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


_SLICE = 1 << 14


def _slice_serials(
    sizes: npt.NDArray[np.int64], flat: npt.NDArray[np.uint8]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """:func:`_serials` of the values of byte sizes ``sizes`` written one after another in
    ``flat``."""
    out = np.zeros(len(sizes), dtype=np.int64)
    numbers = np.zeros(len(sizes), dtype=np.uint64)
    if not sizes.any():
        return out, numbers
    starts = np.cumsum(sizes) - sizes
    # Unsigned bytes wrap below their range's start: one comparison each.
    digit = (flat - np.uint8(ord("0"))) < 10
    letter = ((flat | np.uint8(0x20)) - np.uint8(ord("a"))) < 26
    # 0 digit, 1 separator, 2 letter
    kind = 1 + letter.view(np.int8) - digit.view(np.int8)
    # A run starts where the kind changes, and at every value's first byte.
    first = np.empty(len(flat), dtype=np.bool_)
    first[0] = True
    np.not_equal(kind[1:], kind[:-1], out=first[1:])
    first[starts[sizes > 0]] = True
    runs = np.flatnonzero(first)
    run_size = np.diff(runs, append=len(flat))
    run_kind = kind[runs]
    # Each value's runs: from its first to the next value's first.
    begin = np.searchsorted(runs, starts)
    count = np.diff(begin, append=len(runs))
    lettered = np.zeros(len(sizes) + 1, dtype=np.bool_)
    lettered[np.searchsorted(begin, np.flatnonzero(run_kind == 2), side="right") - 1] = True
    rows = np.flatnonzero((count == 7) & ~lettered[:-1])
    at = begin[rows]
    # D{1,4} S D{1,3} S D S D
    shaped = (run_kind[at] == 0) & (run_size[at] <= 4)
    shaped &= (run_size[at + 2] <= 3) & (run_size[at + 4] == 1)
    rows = rows[shaped]
    length = run_size[begin[rows] + 6]
    out[rows] = length
    # The serial's number, digit by digit from its last (no string cut and cast per value).
    last = starts[rows] + sizes[rows] - 1
    number = np.zeros(len(rows), dtype=np.uint64)
    short = length <= _MAX_SERIAL
    for place in range(min(int(length.max(initial=0)), _MAX_SERIAL)):
        live = (length > place) & short
        if live.all():  # serials of one length: no gather and scatter of the live ones
            number += (flat[last - place] - 48).astype(np.uint64) * _POW10[place]
        else:
            number[live] += (flat[last[live] - place] - 48).astype(np.uint64) * _POW10[place]
    numbers[rows] = number
    return out, numbers


def fake_reference_codes(s: pl.Series, key: bytes) -> pl.Series:
    """A keyed fake per trip id; equal ids get equal fakes, different ids different fakes."""
    return on_distinct(s.cast(pl.String), lambda d: _fake(d, key))


def _fake(s: pl.Series, key: bytes) -> pl.Series:
    length, serial = _serials(s)
    structured = (length > 0) & (length <= _MAX_SERIAL)
    out = s.clone()
    idx = np.flatnonzero(structured)
    every = len(idx) == len(s)  # the usual case: no gather, no scatter
    if len(idx):
        n = length[idx]
        # The serial is ASCII digits: its length in bytes is its length in characters.
        parts = pl.DataFrame({"s": s if every else s.gather(idx), "n": n}).select(
            head=pl.col("s").str.head(-pl.col("n"))
        )
        values = serial[idx]
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
