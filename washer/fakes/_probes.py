"""Which rows may contain their own value: a cheap probe before any tokenising.

A value's *probe* is a substring that every text containing the value contains: for a value
without letters or ``@``, its last 7 digits (looked for among the text's digits); for an
e-mail, its folded address; for anything else, its first folded word (the first letter run,
digit run or other non-space run of the folded, stripped value). A row is kept when its text
contains the probe of its value.

Each row's value is a different one, so this is work per row and column; two strategies keep
it small, with the same result:

- a column with few distinct values (names) computes the probes per distinct value and reads
  them per row through the value's index (an ``Enum`` cast, no join);
- a column of mostly distinct values (ids, phones, addresses) looks at a row only where its
  text could contain a probe of that kind: numbers where the text has as many digits,
  e-mails where it has an ``@``, words where it contains a word of the column.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._fold import fold
from washer.fakes._textview import TextView, contains_at

Bools = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]

NONE, DIGITS, EMAIL, WORD = 0, 1, 2, 3
# A value with 7 or more digits: its probe is 7 digits long.
_SEVEN_DIGITS = "[0-9](?:[^0-9]*[0-9]){6}"
# Columns mostly filled, repeating their values this much on average, go value by value.
_REPEATS = 20
_SAMPLE = 4096


def probe_hits(
    values: pl.Series, rows: Bools, view: TextView, *, per_value: bool | None = None
) -> I64:
    """The rows (ascending) among ``rows`` whose text contains the probe of their value.

    ``per_value`` forces a strategy (both give the same rows); by default it is chosen from
    how often the values repeat.
    """
    if per_value is None:
        per_value = _repetitive(values)
    return _by_value(values, rows, view) if per_value else _by_row(values, rows, view)


def probes(values: pl.Series) -> tuple[npt.NDArray[np.int8], pl.Series]:
    """The kind (``NONE``, ``DIGITS``, ``EMAIL``, ``WORD``) and text of each value's probe."""
    letter_or_at = values.str.contains(r"[\p{L}@]").fill_null(False).to_numpy()
    at = values.str.contains("@", literal=True).fill_null(False).to_numpy()
    present = values.is_not_null().to_numpy()
    digits = values.str.replace_all("[^0-9]+", "").str.slice(-7)
    folded = fold(values).str.strip_chars()
    text = pl.select(
        pl.when(pl.Series(~letter_or_at))
        .then(digits)
        .when(pl.Series(at))
        .then(folded)
        .otherwise(first_words(folded))
    ).to_series()
    found = text.is_not_null().to_numpy() & (text.str.len_bytes() > 0).fill_null(False).to_numpy()
    kind = np.where(~letter_or_at, DIGITS, np.where(at, EMAIL, WORD)).astype(np.int8)
    kind[~(present & found)] = NONE
    return kind, text


def first_words(folded: pl.Series) -> pl.Series:
    """The first letter run, digit run or other non-space run of folded, stripped values."""
    return folded.str.extract(r"[\p{L}\p{M}]+|[0-9]+|\S+", 0)


def _repetitive(values: pl.Series) -> bool:
    """Whether most values are set and each repeats ``_REPEATS`` times or more on average,
    judged from a fixed sample (``k`` draws from ``d`` values repeat about ``k**2 / 2d``
    times), so the choice is deterministic."""
    if len(values) < _SAMPLE:
        return False
    sample = values.sample(_SAMPLE, seed=0).drop_nulls()
    k = len(sample)
    repeats = k - sample.n_unique()
    return 2 * k >= _SAMPLE and k * k / (2 * repeats or 1) * _REPEATS <= len(values) * k / _SAMPLE


def _by_value(values: pl.Series, rows: Bools, view: TextView) -> I64:
    distinct = values.drop_nulls().unique()
    if len(distinct) == 0:
        return np.zeros(0, dtype=np.int64)
    codes = values.cast(pl.Enum(distinct)).to_physical().fill_null(0).to_numpy()
    kind, text = probes(distinct)
    row_kind = np.where(rows, kind[codes], NONE)
    size = text.str.len_bytes().fill_null(0).cast(pl.Int64).to_numpy()[codes]
    on_digits = np.flatnonzero((row_kind == DIGITS) & (view.ndigits >= size))
    on_text = np.flatnonzero((row_kind == WORD) | ((row_kind == EMAIL) & view.has_at))
    hits = [
        on_digits[contains_at(view.digits_at(on_digits), text.gather(codes[on_digits]))],
        on_text[contains_at(view.folded_at(on_text), text.gather(codes[on_text]))],
    ]
    return np.sort(np.concatenate(hits))


def _by_row(values: pl.Series, rows: Bools, view: TextView) -> I64:
    letter_or_at = values.str.contains(r"[\p{L}@]").fill_null(False).to_numpy()
    numeric = np.flatnonzero(rows & ~letter_or_at & (view.ndigits >= 1))
    short = numeric[view.ndigits[numeric] < 7]
    if len(short):
        # a probe of 7 digits cannot be among fewer
        long = values.gather(short).str.contains(_SEVEN_DIGITS).to_numpy()
        numeric = np.setdiff1d(numeric, short[long], assume_unique=True)
    hits = [_digit_hits(values, numeric, view)]
    words = rows & letter_or_at
    if _mostly_emails(values):
        # a column of e-mails: cheaper to drop them row by row than per distinct value
        words &= ~values.str.contains("@", literal=True).fill_null(False).to_numpy()
    emails = np.flatnonzero(rows & letter_or_at & view.has_at)
    if len(emails):
        emails = emails[values.gather(emails).str.contains("@", literal=True).to_numpy()]
        address = fold(values.gather(emails)).str.strip_chars()
        hits.append(emails[contains_at(view.folded_at(emails), address)])
    hits.append(_word_hits(values, np.flatnonzero(words), view))
    return np.sort(np.concatenate(hits))


def _mostly_emails(values: pl.Series) -> bool:
    """Whether most of an evenly spread sample of the values has an ``@``."""
    sample = values.gather_every(max(1, len(values) // 256)).drop_nulls()
    share = sample.str.contains("@", literal=True).mean()
    return isinstance(share, float) and share > 0.5


def _digit_hits(values: pl.Series, idx: I64, view: TextView) -> I64:
    if len(idx) == 0:
        return idx
    probe = values.gather(idx).str.replace_all("[^0-9]+", "").str.slice(-7)
    found: Bools = contains_at(view.digits_at(idx), probe) & (probe.str.len_bytes() > 0).to_numpy()
    return idx[found]


def _word_hits(values: pl.Series, idx: I64, view: TextView) -> I64:
    """Rows whose folded text contains the first folded word of their value (not an e-mail).

    The words are computed per distinct value; only rows whose text contains some word of
    the column are looked up.
    """
    if len(idx) == 0:
        return idx
    distinct = values.gather(idx).unique()
    # e-mails are probed whole (above)
    distinct = distinct.filter(~distinct.str.contains("@", literal=True))
    words = first_words(fold(distinct).str.strip_chars())
    table = pl.DataFrame({"value": distinct, "word": words}).drop_nulls()
    idx = idx[view.contains_any(table["word"], idx)[idx]]
    if len(idx) == 0:
        return idx
    row_words = pl.DataFrame({"value": values.gather(idx)}).join(
        table, on="value", how="left", maintain_order="left"
    )["word"]
    return idx[contains_at(view.folded_at(idx), row_words)]
