"""Each record's finished JSON object (UTF-8, absent fields left out), made once.

Encoding a million records takes longer than reading and indexing them, so large datasets are
encoded in the background after start-up: the mock answers at once, encoding on demand the
few records a request needs that the background has not reached yet.

Two ways to leave absent fields out: records with the same set of fields are encoded together
from just those fields (no ``null`` is ever written), which is fastest when a chunk has few
such shapes; otherwise every field is encoded and the nulls are cut out afterwards.
``a_reference_code`` is first and never null, so each null field follows a comma, and
`,"name":null` cannot occur inside a JSON string (a quote in a value is always escaped).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from operator import itemgetter
from typing import cast

import polars as pl

from washer.schema import INNREISER_FIELDS

__all__ = ["BACKGROUND_FROM", "Texts", "encode"]

BACKGROUND_FROM = 100_000
"""Datasets at least this large are encoded in the background."""
_CHUNK = 65_536
_MAX_SHAPES = 64
_NULL_KEY = r',"[a-z0-9_]+":null'


def _shape(fields: Sequence[str]) -> pl.Expr:
    """Which fields a record has, as bits of an integer."""
    return pl.sum_horizontal(
        [pl.col(f).is_not_null().cast(pl.Int64) * (1 << i) for i, f in enumerate(fields)]
    )


def _cut_nulls(fields: Sequence[str]) -> pl.Expr:
    return pl.struct(fields).struct.json_encode().str.replace_all(_NULL_KEY, "")


def encode(frame: pl.DataFrame) -> list[bytes]:
    """The records of ``frame`` (the 55 fields) as JSON objects, in the frame's order."""
    fields = INNREISER_FIELDS
    shaped = frame.select(fields).with_row_index("row").with_columns(_shape(fields).alias("shape"))
    if shaped.get_column("shape").n_unique() > _MAX_SHAPES:
        return shaped.select(_cut_nulls(fields).cast(pl.Binary)).to_series().to_list()
    plans = []
    for (shape,), part in shaped.partition_by("shape", as_dict=True).items():
        assert isinstance(shape, int)
        present = [f for i, f in enumerate(fields) if shape >> i & 1]
        json = pl.struct(present).struct.json_encode().cast(pl.Binary)
        plans.append(part.lazy().select("row", json.alias("json")))
    if not plans:
        return []
    return pl.concat(pl.collect_all(plans)).sort("row").get_column("json").to_list()


class Texts:
    """The JSON objects of a frame's records, by row; encoded on first use or in advance."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self._frame: pl.DataFrame | None = frame.select(INNREISER_FIELDS)
        self._texts: list[bytes | None] = [None] * frame.height
        self._done = 0
        self.warm = frame.height == 0
        self._thread: threading.Thread | None = None

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def encoded(self) -> int:
        """How many records the background has encoded so far (all, once warm)."""
        return len(self._texts) if self.warm else self._done

    def get(self, rows: list[int]) -> list[bytes]:
        """The JSON objects of ``rows`` (row numbers of the frame), in that order."""
        texts = self._texts
        if not self.warm:
            missing = [i for i in rows if texts[i] is None]
            frame = self._frame
            if missing and frame is not None:
                for i, text in zip(missing, encode(frame[missing]), strict=True):
                    texts[i] = text
        if len(rows) == 1:
            return [cast(bytes, texts[rows[0]])]
        return cast(list[bytes], list(itemgetter(*rows)(texts))) if rows else []

    def encode_all(self) -> None:
        """Encode every record not encoded yet, chunk by chunk; then drop the frame."""
        frame = self._frame
        if frame is None:
            return
        for start in range(0, frame.height, _CHUNK):
            end = min(start + _CHUNK, frame.height)
            if any(t is None for t in self._texts[start:end]):
                self._texts[start:end] = encode(frame.slice(start, end - start))
            self._done = end
        self.warm = True
        self._frame = None

    def encode_in_background(self) -> None:
        """Start :meth:`encode_all` in a daemon thread (polars releases the GIL meanwhile)."""
        if self.warm or self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self.encode_all, name="washer-mock-encode", daemon=True
        )
        self._thread.start()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait for the background encoding; True when every record is encoded."""
        if self._thread is not None:
            self._thread.join(timeout_s)
        return self.warm
