"""The lookup tables of a scrub: the run's known values and each row's own values."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._fold import fold
from washer.fakes._textkeys import value_keys
from washer.fakes._textview import TextView, contains_at

Pairs = list[tuple[pl.Series, pl.Series]]
Bools = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]

KNOWN_SCHEMA = {"key": pl.String, "ntok": pl.Int32, "fake": pl.String}
OWN_SCHEMA = {"gid": pl.Int64, "key": pl.String, "ntok": pl.Int32, "fake": pl.String}
# A value with 7 or more digits: its probe is 7 digits long.
_SEVEN_DIGITS = "[0-9](?:[^0-9]*[0-9]){6}"


@dataclass(frozen=True)
class KnownValues:
    """The run-wide (original, fake) pairs as the scrub looks them up, built once per run.

    ``keys``: ``key``, ``ntok``, ``fake`` (:mod:`washer.fakes._textkeys`; the first pair wins a
    key). ``detected``: ``key``, ``fake`` of the e-mail, phone and identity-number keys.
    ``words[k]``: the first words of the ``T:`` keys of ``k`` words and their ``key``,
    ``fake``. ``probes``: a folded word of every ``T:`` key, the longest ASCII one where there
    is one: a text can only contain the value if its folded text contains that word.
    """

    keys: pl.DataFrame
    detected: pl.DataFrame
    words: dict[int, tuple[pl.Series, pl.DataFrame]]
    probes: pl.Series


def known_values(known: Pairs) -> KnownValues:
    """The lookup form of the run-wide pairs (see :class:`KnownValues`)."""
    frames = [
        pl.DataFrame({"orig": o.cast(pl.String), "fake": f.cast(pl.String)}) for o, f in known
    ]
    if frames:
        pairs = pl.concat(frames).drop_nulls()
        pairs = pairs.unique(subset="orig", keep="first", maintain_order=True)
        keys = value_keys(pairs["orig"])
        table = pairs.join(keys, on="orig", how="inner", maintain_order="left")
        table = table.unique(subset="key", keep="first", maintain_order=True)
        table = table.select(list(KNOWN_SCHEMA))
    else:
        table = pl.DataFrame(schema=KNOWN_SCHEMA)
    words = {}
    for (k,), group in table.filter(pl.col("ntok") > 0).group_by("ntok"):
        lookup = group.select("key", "fake")
        words[int(k)] = (first_words(lookup["key"]).unique(), lookup)
    return KnownValues(
        keys=table,
        detected=table.filter(pl.col("ntok") == 0).select("key", "fake"),
        words=words,
        probes=_key_probes(table["key"]),
    )


def first_words(keys: pl.Series) -> pl.Series:
    """The first word of each ``T:`` key."""
    return keys.str.slice(2).str.split(" ").list.first().alias("word")


def _key_probes(keys: pl.Series) -> pl.Series:
    """One word per ``T:`` key that a text containing the value contains once folded.

    Any word of the key would do: a word token folds to the same letters alone as inside its
    text, except that a Greek capital sigma lowercases by its context, which an ASCII word
    cannot contain. So the longest ASCII word (the rarest in text), else the first word.
    """
    words = (
        pl.DataFrame({"key": keys})
        .filter(pl.col("key").str.starts_with("T:"))
        .with_row_index("k")
        .select("k", pl.col("key").str.slice(2).str.split(" ").alias("word"))
        .explode("word")
        .with_row_index("pos")
    )
    nbytes = pl.col("word").str.len_bytes()
    ascii_len = pl.when(nbytes == pl.col("word").str.len_chars()).then(nbytes).otherwise(0)
    best = (
        words.with_columns(ascii_len.alias("rank"))
        .sort(["k", "rank", "pos"], descending=[False, True, False])
        .group_by("k", maintain_order=True)
        .agg(pl.col("word").first())
    )
    return best["word"].alias("probe")


def own_table(own: Pairs, view: TextView) -> pl.DataFrame:
    """``gid`` (row), ``key``, ``ntok``, ``fake`` of the own values that may occur in their row.

    A cheap probe first: a value is kept only where its row's folded text contains its first
    folded word (e-mails: the whole address; numbers: where the row's digits contain its last
    7 digits), so full keys are computed for few values.
    """
    frames = []
    for orig, fake in own:
        if len(orig) != len(view) or len(fake) != len(view):
            raise ValueError("own columns must have the length of the texts")
        values = orig.cast(pl.String)
        present = values.is_not_null().to_numpy() & fake.is_not_null().to_numpy()
        idx = _probe_hits(values, present & view.has_text, view)
        frames.append(
            pl.DataFrame(
                {"gid": idx, "orig": values.gather(idx), "fake": fake.cast(pl.String).gather(idx)}
            )
        )
    if not frames:
        return pl.DataFrame(schema=OWN_SCHEMA)
    pairs = pl.concat(frames)
    keys = value_keys(pairs["orig"])
    table = pairs.join(
        keys.drop("probe", "on_digits"), on="orig", how="inner", maintain_order="left"
    )
    table = table.unique(subset=["gid", "key"], keep="first", maintain_order=True)
    return table.select(list(OWN_SCHEMA))


def _probe_hits(values: pl.Series, rows: Bools, view: TextView) -> I64:
    """The rows (ascending) among ``rows`` whose text contains the probe of their value.

    The probe of a value without letters or ``@`` is its last 7 digits (looked for among the
    text's digits), of an e-mail its folded address, of the rest its first folded word.
    Each kind is computed only for the rows its text could match: numbers where the text has
    as many digits, e-mails where it has an ``@``.
    """
    letter_or_at = values.str.contains(r"[\p{L}@]").fill_null(False).to_numpy()
    numeric = np.flatnonzero(rows & ~letter_or_at & (view.ndigits >= 1))
    short = numeric[view.ndigits[numeric] < 7]
    if len(short):
        # a probe of 7 digits cannot be among fewer
        long = values.gather(short).str.contains(_SEVEN_DIGITS).to_numpy()
        numeric = np.setdiff1d(numeric, short[long], assume_unique=True)
    hits = [_digit_hits(values, numeric, view)]
    emails = np.flatnonzero(rows & letter_or_at & view.has_at)
    if len(emails):
        emails = emails[values.gather(emails).str.contains("@", literal=True).to_numpy()]
        address = fold(values.gather(emails)).str.strip_chars()
        hits.append(emails[contains_at(view.folded_at(emails), address)])
    hits.append(_word_hits(values, np.flatnonzero(rows & letter_or_at), view))
    return np.sort(np.concatenate(hits))


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
    table = pl.DataFrame({"value": distinct, "word": _first_word(distinct)}).drop_nulls()
    idx = idx[view.contains_any(table["word"], idx)[idx]]
    if len(idx) == 0:
        return idx
    words = pl.DataFrame({"value": values.gather(idx)}).join(
        table, on="value", how="left", maintain_order="left"
    )["word"]
    return idx[contains_at(view.folded_at(idx), words)]


def _first_word(values: pl.Series) -> pl.Series:
    """The first letter run, digit run or other non-space run of the folded value (it starts
    the stripped value)."""
    folded = fold(values).str.strip_chars()
    return folded.str.extract(r"[\p{L}\p{M}]+|[0-9]+|\S+", 0)
