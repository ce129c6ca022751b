"""The texts of one scrub, with what its prefilters need computed once per distinct text.

Free text repeats a lot ("Bil", "Hjemme", hotel names): one grouping pass gives each row the
index of its distinct text, and folding, digits and flags are computed on the distinct texts
only and read back per row through that index (numpy), instead of a hash join per feature.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._fold import fold
from washer.fakes._tokens import HAS_AT, INVISIBLE, visible

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class TextView:
    """``texts`` (one per row) and features of its distinct values.

    ``row_text[i]`` is the index in ``distinct`` of row ``i``'s text (a null text is one of the
    distinct values). ``folded`` and ``digits`` are per distinct text; ``has_text``,
    ``has_at`` and ``ndigits`` per row.
    """

    texts: pl.Series
    distinct: pl.Series
    row_text: I64
    folded: pl.Series
    digits: pl.Series
    has_text: Bools
    has_at: Bools
    ndigits: I64

    @classmethod
    def of(cls, texts: pl.Series) -> TextView:
        s = texts.cast(pl.String)
        distinct, row_text = grouped(s)
        return cls._with_features(s, distinct, row_text)

    @classmethod
    def _with_features(cls, s: pl.Series, distinct: pl.Series, row_text: I64) -> TextView:
        digits = distinct.str.replace_all("[^0-9]+", "")
        return cls(
            texts=s,
            distinct=distinct,
            row_text=row_text,
            folded=fold(distinct),
            digits=digits,
            has_text=(distinct.str.len_bytes() > 0).fill_null(False).to_numpy()[row_text],
            has_at=distinct.str.contains(HAS_AT).fill_null(False).to_numpy()[row_text],
            ndigits=digits.str.len_bytes().fill_null(0).cast(pl.Int64).to_numpy()[row_text],
        )

    def hidden(self) -> Bools:
        """Per row: its text holds an :data:`~washer.fakes._tokens.INVISIBLE` character.
        Those are all non-ASCII, so only the distinct non-ASCII texts (few) are searched."""
        wide = (self.distinct.str.len_bytes() != self.distinct.str.len_chars()).fill_null(False)
        at = wide.arg_true()
        found = np.zeros(len(self.distinct), dtype=np.bool_)
        found[at.to_numpy()] = self.distinct.gather(at).str.contains(INVISIBLE).to_numpy()
        return found[self.row_text]

    def visible(self) -> TextView:
        """The view of the texts without their :data:`~washer.fakes._tokens.INVISIBLE`
        characters. Those are dropped from the distinct texts only, which are grouped again
        (texts differing only by them become one)."""
        seen = pl.select(visible(pl.lit(self.distinct))).to_series()
        distinct, seen_text = grouped(seen)
        row_text = seen_text[self.row_text]
        texts = distinct.gather(row_text).alias(self.texts.name)
        return self._with_features(texts, distinct, row_text)

    def __len__(self) -> int:
        return len(self.texts)

    def contains(
        self, rows: I64, needles: pl.Series, at: I64 | None = None, *, digits: bool = False
    ) -> Bools:
        """For each of ``rows``: its folded text (with ``digits``: its digits) contains
        ``needles[at[j]]`` (without ``at``: ``needles[j]``), literally; nulls never do."""
        haystack = self.digits if digits else self.folded
        frame = pl.DataFrame({"text": self.row_text[rows]})
        needle = pl.col("needle")
        if at is None:
            frame = frame.with_columns(needles.alias("needle"))
        else:
            frame = frame.with_columns(pl.Series("at", at))
            needle = pl.lit(needles).gather(pl.col("at"))
        found = frame.select(
            pl.lit(haystack).gather(pl.col("text")).str.contains(needle, literal=True)
        )
        return found.to_series().fill_null(False).to_numpy()

    def contains_any(self, patterns: pl.Series, rows: I64, *, digits: bool = False) -> Bools:
        """Per row: the folded text (with ``digits``: its digits) contains one of ``patterns``
        (plain substrings); only the texts of ``rows`` are searched (the other rows read
        False)."""
        haystack = self.digits if digits else self.folded
        patterns = patterns.drop_nulls().unique()
        found = np.zeros(len(self.distinct), dtype=np.bool_)
        if len(patterns) and len(rows):
            found[self.row_text[rows]] = True
            texts = np.flatnonzero(found)
            hit = haystack.gather(texts).str.contains_any(patterns.implode())
            found[texts] = hit.fill_null(False).to_numpy()
        return found[self.row_text]


def grouped(s: pl.Series) -> tuple[pl.Series, I64]:
    """The distinct values of ``s`` (a null is one) and each row's index among them.

    Grouped by each value's 64-bit hash (an integer join costs a fraction of grouping the
    strings); a clash of two values on one hash (never seen) falls back to grouping the
    strings."""
    found = _grouped_by_hash(s, s.hash(seed=0))
    return found if found is not None else _grouped_by_value(s)


def _grouped_by_hash(s: pl.Series, hashes: pl.Series) -> tuple[pl.Series, I64] | None:
    """:func:`grouped` by ``hashes`` (one per value), proved after: every row must read its
    own value back, else None (two values share a hash)."""
    first = hashes.arg_unique()
    ids = pl.DataFrame({"h": hashes.gather(first), "id": np.arange(len(first), dtype=np.int64)})
    found = pl.DataFrame({"h": hashes}).join(ids, on="h", how="left", maintain_order="left")
    distinct = s.gather(first)
    row_text: I64 = found["id"].to_numpy()
    if not distinct.gather(row_text).eq_missing(s).all():
        return None
    return distinct, row_text


def _grouped_by_value(s: pl.Series) -> tuple[pl.Series, I64]:
    """:func:`grouped` by grouping the values themselves."""
    groups = pl.DataFrame({"text": s}).with_row_index("row").group_by("text").agg(pl.col("row"))
    row_text = np.empty(len(s), dtype=np.int64)
    sizes = groups["row"].list.len().to_numpy()
    row_text[groups["row"].explode().to_numpy()] = np.repeat(
        np.arange(len(groups), dtype=np.int64), sizes
    )
    return groups["text"], row_text
