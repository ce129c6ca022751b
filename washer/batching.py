"""Cutting an input's rows into the chunks the row pass washes one at a time.

:func:`chunk_slices` cuts the rows held in memory by count; :func:`text_bounded` cuts a chunk
further so its free text stays within a budget.

The scrub cuts every text it reads into tokens, some thirty bytes of memory per byte of text;
a batch of rows is bounded in rows (``washer.wash.CHUNK_ROWS``), but rows with long texts (case
notes of a kilobyte or more) would make one batch's tokens many gigabytes. So a batch whose
free text exceeds :data:`TEXT_BYTES` is washed in consecutive slices of about that much text.
Each row washes on its own against the run's tables, so the output bytes are the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import polars as pl

TEXT_BYTES = 32 << 20
"""Bytes of free text washed at a time (the scrub then needs about 1 GiB)."""


def text_bounded(batch: pl.DataFrame, text_columns: Sequence[str]) -> Iterator[pl.DataFrame]:
    """``batch`` in consecutive slices by the text of ``text_columns``: the rows after a
    slice's first hold at most :data:`TEXT_BYTES` (so a slice holds at most that plus one
    row's text), and there are no more slices than budgets the batch's text fills; the batch
    itself when its text is within one budget."""
    present = [c for c in text_columns if c in batch.columns]
    if not present or batch.height <= 1:
        yield batch
        return
    sizes = batch.select(
        pl.sum_horizontal(pl.col(c).str.len_bytes().fill_null(0) for c in present)
    ).to_series()
    ends = np.cumsum(sizes.to_numpy().astype(np.int64))
    if ends[-1] <= TEXT_BYTES:
        yield batch
        return
    # A row belongs to the budget its text ends in (rows without text to the first).
    part = np.maximum(ends - 1, 0) // TEXT_BYTES
    starts = [0, *(np.flatnonzero(np.diff(part)) + 1).tolist()]
    for start, stop in zip(starts, [*starts[1:], batch.height], strict=True):
        yield batch.slice(start, stop - start)


def chunk_slices(height: int, chunk: int, tail: int) -> list[tuple[int, int]]:
    """(start, length) of consecutive slices covering ``height`` rows (one empty slice for
    none): at most ``chunk`` rows each, the last of at most ``tail`` rows (and a quarter of
    the rows, so a small input is not cut in two uneven halves) washed on its own."""
    last = min(tail, chunk, height // 4)
    body = height - last
    slices = [(start, min(chunk, body - start)) for start in range(0, body, chunk)]
    return [*slices, (body, last)] if last else slices or [(0, 0)]


__all__ = ["TEXT_BYTES", "chunk_slices", "text_bounded"]
