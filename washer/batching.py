"""Cutting a batch of rows so its free text stays within a budget.

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


__all__ = ["TEXT_BYTES", "text_bounded"]
