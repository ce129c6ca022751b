"""Which rows may contain their own value: a cheap probe before any tokenising.

A value's *probe* is a substring that every text containing the value contains: for a value
without letters or ``@``, its last 7 digits (looked for among the text's digits); for an
e-mail, the folded part before its ``@`` (a text may spell the ``@`` out); for anything else,
its first folded word (the first letter run, digit run or other non-space run of the folded,
stripped value). A row is kept when its text contains the probe of its value.

Each row's value is a different one, so this is work per row and column (a batch has a dozen
such columns); three strategies keep it small, with the same result, chosen per column from a
fixed sample:

- ``value``, a filled column with few distinct values (names): probes per distinct value, read
  per row through the value's index (one grouping by hash, no join);
- ``distinct``, a column of mostly distinct words (addresses): probes per distinct value,
  looked up only for the rows whose text contains a word of the column;
- ``row``, the rest (ids, phones, e-mails): each kind of probe computed only for the rows
  whose text could hold it: numbers where the text has as many digits, e-mails where it has
  an ``@``, words as in ``distinct``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._fold import fold
from washer.fakes._textview import TextView, grouped

Strategy = Literal["value", "distinct", "row"]
Bools = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]

NONE, DIGITS, EMAIL, WORD = 0, 1, 2, 3
# A number's probe is its last this many digits.
PROBE_DIGITS = 7
# Columns mostly filled, repeating their values this much on average, go value by value.
_REPEATS = 20
_SAMPLE = 4096
# Columns of about this many distinct values or more are gated by their values' heads
# (:func:`_by_distinct`); below, probing the rows let through costs more than the heads save.
_HEADS_FROM = 16_384


@dataclass(frozen=True)
class _Column:
    """The values of one column: one per text, or with ``row_of`` one per row of a table,
    text ``i`` holding ``values[row_of[i]]`` (a row's texts share its value, never copied to
    each text: the work per value is done once per row, and only where a text needs it)."""

    values: pl.Series
    row_of: I64 | None

    def rows(self, texts: I64) -> I64:
        return texts if self.row_of is None else self.row_of[texts]

    def gather(self, texts: I64) -> pl.Series:
        """The values of ``texts``."""
        return self.values.gather(self.rows(texts))

    def per_text(self, per_value: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """A numpy array of one item per value, as one item per text."""
        return per_value if self.row_of is None else per_value[self.row_of]


def probe_hits(
    values: pl.Series,
    rows: Bools,
    view: TextView,
    *,
    row_of: I64 | None = None,
    strategy: Strategy | None = None,
) -> I64:
    """The texts (ascending) among ``rows`` whose text contains the probe of its value.

    ``values`` has one value per text, or with ``row_of`` one per row of a table (text ``i``
    holds ``values[row_of[i]]``). ``strategy`` forces one (all give the same rows); by
    default it is chosen from a fixed sample of the values.
    """
    column = _Column(values, row_of)
    chosen, many = _strategy(values)
    chosen = strategy or chosen
    if chosen == "value":
        return _by_value(column, rows, view)
    if chosen == "distinct":
        return _by_distinct(column, rows, view, heads=many)
    return _by_row(column, rows, view)


@dataclass(frozen=True)
class Ahead:
    """A column's strategy and, where it probes distinct values, those values (``codes``:
    each value's index among them, for ``"value"``) and their probes (``kind``, ``text``).

    :func:`probed_together` probes several columns' distinct values in one call: folding builds
    its automaton once a call (2-6 ms), which a dozen columns paid once each."""

    strategy: Strategy
    many: bool
    distinct: pl.Series | None = None
    codes: I64 | None = None
    kind: npt.NDArray[np.int8] | None = None
    text: pl.Series | None = None


def ahead_of(values: pl.Series, strategy: Strategy | None = None) -> Ahead:
    """A column's :class:`Ahead`, without the probes yet (:func:`probed_together` adds them);
    ``strategy`` forces one, as for :func:`probe_hits`."""
    chosen, many = _strategy(values)
    chosen = strategy or chosen
    if chosen == "value" and values.null_count() < len(values):
        distinct, codes = grouped(values)
        return Ahead(chosen, many, distinct.alias("value"), codes)
    if chosen == "distinct" and not many:
        return Ahead(chosen, many, values.drop_nulls().unique().alias("value"))
    return Ahead(chosen, many)


def probed_together(columns: list[Ahead]) -> list[Ahead]:
    """The columns with the probes of their distinct values, computed in one :func:`probes`
    call (a value's probe is its own: computing them together changes none)."""
    parts = [a.distinct for a in columns if a.distinct is not None]
    if not parts:
        return columns
    kind, text = probes(pl.concat(parts))
    found, start = [], 0
    for a in columns:
        if a.distinct is not None:
            end = start + len(a.distinct)
            a = replace(a, kind=kind[start:end], text=text.slice(start, end - start))
            start = end
        found.append(a)
    return found


def probe_hits_ahead(
    values: pl.Series, rows: Bools, view: TextView, ahead: Ahead, *, row_of: I64 | None = None
) -> I64:
    """:func:`probe_hits` of a column given its :class:`Ahead` (from the same ``values``)."""
    column = _Column(values, row_of)
    if ahead.strategy == "value":
        return _by_value(column, rows, view, ahead)
    if ahead.strategy == "distinct":
        return _by_distinct(column, rows, view, heads=ahead.many, ahead=ahead)
    return _by_row(column, rows, view)


def probes(values: pl.Series) -> tuple[npt.NDArray[np.int8], pl.Series]:
    """The kind (``NONE``, ``DIGITS``, ``EMAIL``, ``WORD``) and text of each value's probe."""
    letter_or_at = _has_letter_or_at(values)
    kind = np.where(letter_or_at, WORD, DIGITS).astype(np.int8)
    text = pl.repeat(None, len(values), dtype=pl.String, eager=True).alias(values.name)
    numbers = np.flatnonzero(~letter_or_at & values.is_not_null().to_numpy())
    if len(numbers):
        text.scatter(numbers, last_digits(values.gather(numbers)))
    others = np.flatnonzero(letter_or_at)
    if len(others):
        folded = fold(values.gather(others)).str.strip_chars()
        at = folded.str.contains("@", literal=True).to_numpy()
        kind[others[at]] = EMAIL
        chosen = first_words(folded)
        emails = np.flatnonzero(at)
        if len(emails):  # the e-mails' local parts, computed for them only
            chosen.scatter(emails, _local_part(folded.gather(emails)))
        text.scatter(others, chosen)
    kind[~(text.str.len_bytes() > 0).fill_null(False).to_numpy()] = NONE
    return kind, text


def last_digits(values: pl.Series) -> pl.Series:
    """The last 7 digits of each value (all of them, when fewer): its digits probe.

    Where the last 7 characters are all digits they are the answer; only the other values
    (dates, numbers ending in a letter) have their digits picked out by a regex, which
    costs more than a slice and a cast (which tells the digits from the rest)."""
    tail = values.str.slice(-PROBE_DIGITS)
    odd = _not_all_digits(tail)
    if not odd.any():
        return tail
    at = odd.arg_true()
    return tail.scatter(at, _digits_only(values.gather(at)).str.slice(-PROBE_DIGITS))


def _digits_only(values: pl.Series) -> pl.Series:
    """The digits of each value. Most values with other characters are dates written with
    dots (``15.08.85``): a literal replace of the dot costs a fraction of the regex, which
    runs only on the rest."""
    digits = values.str.replace_all(".", "", literal=True)
    other = _not_all_digits(digits)
    if not other.any():
        return digits
    at = other.arg_true()
    return digits.scatter(at, values.gather(at).str.replace_all("[^0-9]+", ""))


def _not_all_digits(values: pl.Series) -> pl.Series:
    """Per value: True where it has a character other than an ASCII digit (where
    :func:`plain_numbers` holds, only a leading "+" can be), and for a few others (the empty
    value, numbers too large for the cast), which the callers send down their exact, slower
    path (the regex) anyway; a null: False."""
    plain = pl.Series(plain_numbers(values))
    return (~plain | values.str.starts_with("+")) & values.is_not_null()


def _local_part(folded: pl.Series) -> pl.Series:
    """An e-mail's probe: the part before the "@", which a text spelling the address out
    ("ola(at)firma.no") also holds."""
    return folded.str.replace(r"@.*$", "")


def first_words(folded: pl.Series) -> pl.Series:
    """The first letter run, digit run or other non-space run of folded, stripped values.

    A stripped value starts with a non-space, where one of the runs matches: the anchored
    regex finds the same run and gives up at once on the others."""
    return folded.str.extract(r"^(?:[\p{L}\p{M}]+|[0-9]+|\S+)", 0)


def _strategy(values: pl.Series) -> tuple[Strategy, bool]:
    """``"value"`` for a mostly filled column repeating each value ``_REPEATS`` times or more
    on average (``k`` draws from ``d`` values repeat about ``k**2 / 2d`` times), else
    ``"distinct"`` for mostly words, else ``"row"``; and whether the column has about
    ``_HEADS_FROM`` distinct values or more (never more than its filled values). Judged from
    a fixed sample, so the choice is deterministic."""
    if len(values) == 0:
        return "row", False
    sample = values.gather(_sample_at(len(values))).drop_nulls()
    k = len(sample)
    repeats = k - sample.n_unique()
    share = k / min(len(values), _SAMPLE)
    filled = len(values) * share
    many = min(filled, k * k / (2 * repeats) if repeats else filled) >= _HEADS_FROM
    if share >= 0.5 and k * k / (2 * repeats or 1) * _REPEATS <= filled:
        return "value", many
    # Where half the sample are plain numbers (ids, phones), at most half can be words: the
    # cast costs a fraction of the regex.
    if plain_numbers(sample).sum() * 2 >= k:
        return "row", many
    words = sample.str.contains(r"[\p{L}]") & ~sample.str.contains("@", literal=True)
    return ("distinct" if words.sum() * 2 > k else "row"), many


@lru_cache(maxsize=16)
def _sample_at(n: int) -> pl.Series:
    """The rows ``Series.sample(min(n, _SAMPLE), seed=0)`` takes from ``n`` values: they depend
    on ``n`` only, so they are drawn once per length, where each column of each batch drew
    them again (0.22 -> 0.06 ms a column of 400,000 rows; a batch has two dozen)."""
    return pl.int_range(n, eager=True).sample(min(n, _SAMPLE), seed=0)


def _by_value(column: _Column, rows: Bools, view: TextView, ahead: Ahead | None = None) -> I64:
    """Probes per distinct value, read per row through each value's index.

    The values are grouped by hash (:func:`~washer.fakes._textview.grouped`): one pass, where
    ``unique`` and an ``Enum`` cast hashed the strings twice (0.095 -> 0.081 s CPU for the two
    name columns of 400,000 rows). A null is a distinct value too, with no probe."""
    values = column.values
    if values.null_count() == len(values):
        return np.zeros(0, dtype=np.int64)
    if ahead is not None and ahead.codes is not None:
        assert ahead.kind is not None and ahead.text is not None
        codes, kind, text = ahead.codes, ahead.kind, ahead.text
    else:
        distinct, codes = grouped(values)
        kind, text = probes(distinct)
    codes = column.per_text(codes)
    row_kind = kind[codes]
    idx = np.flatnonzero(rows & (row_kind != NONE))
    return _checked(idx, row_kind[idx], text, codes[idx], view)


def _by_distinct(
    column: _Column, rows: Bools, view: TextView, *, heads: bool, ahead: Ahead | None = None
) -> I64:
    """Probes per distinct value, looked up only for the rows whose text could contain one:
    words where the text contains a word of the column, e-mails where it has an ``@``,
    numbers where it has as many digits.

    With ``heads`` (a column of many distinct values, such as addresses), a value starting
    with ``_HEAD`` ASCII letters has those letters, lower-cased, for its gate instead: its
    probe starts with them. Such values are neither made distinct nor probed unless a text
    holds their head (few do); the gate lets more rows through, but the probes decide."""
    values = column.values
    if heads:
        filled = values.drop_nulls()
        head = filled.str.head(_HEAD)
        lettered = _lettered(head.unique())
        distinct = filled.filter(~head.is_in(lettered.implode())).unique()
        kind, text = probes(distinct)
    elif ahead is not None and ahead.distinct is not None:
        assert ahead.kind is not None and ahead.text is not None
        lettered = pl.Series(dtype=pl.String)
        distinct, kind, text = ahead.distinct, ahead.kind, ahead.text
    else:
        lettered = pl.Series(dtype=pl.String)
        distinct = values.drop_nulls().unique()
        kind, text = probes(distinct)
    table = pl.DataFrame({"value": distinct, "kind": kind, "text": text})
    gate = np.zeros(len(view), dtype=np.bool_)
    words = pl.concat([lettered.str.to_lowercase(), table.filter(pl.col("kind") == WORD)["text"]])
    if len(words):
        gate |= view.contains_any(words, np.flatnonzero(rows))
    if view.has_at.any() and (kind == EMAIL).any():
        gate |= view.has_at
    numbers = table.filter(pl.col("kind") == DIGITS)
    if numbers.height:
        shortest = int(numbers["text"].str.len_bytes().min())  # type: ignore[arg-type]
        might = rows & (view.ndigits >= shortest)
        if might.any():
            listed = values.is_in(numbers["value"].implode()).fill_null(False)
            gate |= might & column.per_text(listed.to_numpy())
    idx = np.flatnonzero(rows & gate)
    if len(idx) == 0:
        return idx
    row_values = column.gather(idx)
    if heads:  # the values of the rows let through, probed now
        needed = row_values.unique()
        kind, text = probes(needed)
        table = pl.DataFrame({"value": needed, "kind": kind, "text": text})
    found = pl.DataFrame({"value": row_values}).join(
        table, on="value", how="left", maintain_order="left"
    )
    row_kind = found["kind"].fill_null(NONE).to_numpy()
    return _checked(idx, row_kind, found["text"], np.arange(len(idx)), view)


# A value starting with this many ASCII letters has a probe starting with them, lower-cased
# (folding lower-cases them and replaces only non-ASCII characters; they start the first
# letter run, or an e-mail's local part). Fewer letters let too many texts through the gate.
_HEAD = 6


def _lettered(heads: pl.Series) -> pl.Series:
    """The heads (values' first ``_HEAD`` characters) that are ``_HEAD`` ASCII letters."""
    return heads.filter(heads.str.contains(f"^[A-Za-z]{{{_HEAD}}}$"))


def _checked(
    idx: I64, kind: npt.NDArray[np.int8], text: pl.Series, at: npt.NDArray[Any], view: TextView
) -> I64:
    """The rows among ``idx`` (ascending) whose text contains their probe: of kind
    ``kind[j]``, text ``text[at[j]]`` for row ``idx[j]``."""
    hits = []
    numbers = np.flatnonzero(kind == DIGITS)
    if len(numbers):
        size = text.str.len_bytes().fill_null(0).cast(pl.Int64).to_numpy()[at[numbers]]
        j = numbers[view.ndigits[idx[numbers]] >= size]
        hits.append(idx[j[view.contains(idx[j], text, at[j], digits=True)]])
    words = (kind == WORD) | ((kind == EMAIL) & view.has_at[idx])
    if words.all():  # (a column of names: every row) no row to leave out
        hits.append(idx[view.contains(idx, text, at)])
    else:
        j = np.flatnonzero(words)
        hits.append(idx[j[view.contains(idx[j], text, at[j])]])
    return np.sort(np.concatenate(hits))


def _by_row(column: _Column, rows: Bools, view: TextView) -> I64:
    """Probes per row, computed only where the text could contain one of their kind."""
    values = column.values
    if _mostly_emails(values):
        # a column of e-mails: cheaper to drop them row by row than per distinct value, and
        # only the values without an "@" need the letter regex
        has_at = values.str.contains("@", literal=True).fill_null(False).to_numpy()
        letter, long = _value_kinds(values, has_at)
        letter_or_at = column.per_text(letter)
        words = rows & letter_or_at & ~column.per_text(has_at)
    else:
        letter, long = _value_kinds(values, np.zeros(len(values), dtype=np.bool_))
        letter_or_at = column.per_text(letter)
        words = rows & letter_or_at
    # A long plain number's probe has PROBE_DIGITS digits, which only texts with as many
    # digits can hold (most have fewer): known before any probe is computed.
    numeric = rows & ~letter_or_at & (view.ndigits >= 1)
    if long.any():
        numeric &= ~column.per_text(long) | (view.ndigits >= PROBE_DIGITS)
    hits = [_digit_hits(column, np.flatnonzero(numeric), view)]
    emails = np.flatnonzero(rows & letter_or_at & view.has_at)
    if len(emails):
        emails = emails[column.gather(emails).str.contains("@", literal=True).to_numpy()]
        local = _local_part(fold(column.gather(emails)).str.strip_chars())
        found = view.contains(emails, local) & (local.str.len_bytes() > 0).to_numpy()
        hits.append(emails[found])
    hits.append(_word_hits(column, np.flatnonzero(words), view))
    return np.sort(np.concatenate(hits))


_LETTER_OR_AT = r"[\p{L}@]"


def plain_numbers(values: pl.Series) -> Bools:
    """Per value: ASCII digits only, after an optional "+" (an id, a phone number); a null
    is not. The cast to an unsigned integer accepts exactly those (bar numbers too large for
    it, which read False), at a fraction of a regex's cost."""
    return values.cast(pl.UInt64, strict=False).is_not_null().to_numpy()


def _value_kinds(values: pl.Series, has_at: Bools) -> tuple[Bools, Bools]:
    """Per value: it has a letter or an ``@`` (``has_at``: those known to have an ``@``),
    and it is a *long* plain number (:func:`plain_numbers`, of more than ``PROBE_DIGITS``
    characters, so of ``PROBE_DIGITS`` digits or more); a null is neither.

    Only the filled values without a known ``@`` are looked at (on a null a string function
    costs about as much as on a value, and most own columns are mostly null), and the letter
    regex runs only on those that are no plain number (most ids and phone numbers are)."""
    letter = has_at.copy()
    long = np.zeros(len(values), dtype=np.bool_)
    filled = np.flatnonzero(values.is_not_null().to_numpy() & ~has_at)
    if len(filled) == 0:
        return letter, long
    if len(filled) == len(values):
        some = values
    elif has_at.any():
        some = values.gather(filled)
    else:  # the filled values: dropping the nulls costs less than a gather
        some = values.drop_nulls()
    plain = plain_numbers(some)
    if not plain.any():
        letter[filled] = some.str.contains(_LETTER_OR_AT).to_numpy()
        return letter, long
    long[filled] = plain & (some.str.len_bytes() > PROBE_DIGITS).to_numpy()
    rest = np.flatnonzero(~plain)
    if len(rest):
        letter[filled[rest]] = some.gather(rest).str.contains(_LETTER_OR_AT).to_numpy()
    return letter, long


def _has_letter_or_at(values: pl.Series) -> Bools:
    """Per value: it has a letter or an ``@`` (a null has not). The regex runs on the filled
    values only (on a null it costs about as much as on a value, and most own columns are
    mostly null)."""
    if values.null_count() == 0:
        return values.str.contains(_LETTER_OR_AT).to_numpy()
    found = np.zeros(len(values), dtype=np.bool_)
    found[values.is_not_null().to_numpy()] = (
        values.drop_nulls().str.contains(_LETTER_OR_AT).to_numpy()
    )
    return found


def _mostly_emails(values: pl.Series) -> bool:
    """Whether most of an evenly spread sample of the values has an ``@``."""
    sample = values.gather_every(max(1, len(values) // 256)).drop_nulls()
    share = sample.str.contains("@", literal=True).mean()
    return isinstance(share, float) and share > 0.5


def _digit_hits(column: _Column, idx: I64, view: TextView) -> I64:
    """The texts among ``idx`` whose digits contain their value's last 7 digits (or all, when
    fewer). The probe is computed once per row of the table, and only texts with as many
    digits as it are searched (most texts have few digits)."""
    if len(idx) == 0:
        return idx
    rows = column.rows(idx)
    wanted = np.zeros(len(column.values), dtype=np.bool_)
    wanted[rows] = True
    needed = np.flatnonzero(wanted)
    probe = last_digits(column.values.gather(needed))
    size = probe.str.len_bytes().fill_null(0).cast(pl.Int64).to_numpy()
    slot = np.zeros(len(column.values), dtype=np.int64)
    slot[needed] = np.arange(len(needed))
    at = slot[rows]
    fits = (size[at] > 0) & (view.ndigits[idx] >= size[at])
    idx, at = idx[fits], at[fits]
    return idx[view.contains(idx, probe, at, digits=True)]


def _word_hits(column: _Column, idx: I64, view: TextView) -> I64:
    """Rows whose folded text contains the first folded word of their value (not an e-mail).

    The words are computed per distinct value; only rows whose text contains some word of
    the column are looked up.
    """
    if len(idx) == 0:
        return idx
    distinct = column.gather(idx).unique()
    # e-mails are probed whole (above)
    distinct = distinct.filter(~distinct.str.contains("@", literal=True))
    words = first_words(fold(distinct).str.strip_chars())
    table = pl.DataFrame({"value": distinct, "word": words}).drop_nulls()
    idx = idx[view.contains_any(table["word"], idx)[idx]]
    if len(idx) == 0:
        return idx
    row_words = pl.DataFrame({"value": column.gather(idx)}).join(
        table, on="value", how="left", maintain_order="left"
    )["word"]
    return idx[view.contains(idx, row_words)]
