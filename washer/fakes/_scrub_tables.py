"""The lookup tables of a scrub: the run's known values and each row's own values."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._probes import Ahead, ahead_of, probe_hits_ahead, probed_together
from washer.fakes._textkeys import code_table, distinct_keys
from washer.fakes._textview import TextView, grouped

Pairs = list[tuple[pl.Series, pl.Series]]
Bools = npt.NDArray[np.bool_]
I64 = npt.NDArray[np.int64]

KNOWN_SCHEMA = {"key": pl.String, "ntok": pl.Int32, "fake": pl.String}
OWN_SCHEMA = {"gid": pl.Int64, "key": pl.String, "ntok": pl.Int32, "fake": pl.String}
# Texts with this many digits are always searched: phones and identity numbers have as many.
DETECTABLE_DIGITS = 7
_DETECTABLE = f"[0-9](?:[^0-9]*[0-9]){{{DETECTABLE_DIGITS - 1}}}"


@dataclass(frozen=True)
class KnownValues:
    """The run-wide (original, fake) pairs as the scrub looks them up, built once per run.

    ``keys``: ``key``, ``ntok``, ``fake`` (:mod:`washer.fakes._textkeys`; the first pair wins a
    key; e-mail, phone and identity-number keys have ``ntok`` 0).
    ``words[k]``: the first words of the ``T:`` keys of ``k`` words and their ``key``,
    ``fake`` (sorted by key). ``probes``: a folded word of every ``T:`` key, the longest
    ASCII one where there is one: a text can only contain the value if its folded text
    contains that word. ``codes``: ``key``, ``fake`` of the ids that text may write grouped
    oddly (:mod:`washer.fakes._codes`; sorted by key); ``code_probes``: the digits of those
    with fewer than ``DETECTABLE_DIGITS``, which the digits of a text holding one contain.
    """

    keys: pl.DataFrame
    words: dict[int, tuple[pl.Series, pl.DataFrame]]
    probes: pl.Series
    codes: pl.DataFrame
    code_probes: pl.Series
    # ``keys``' ``key`` and ``fake`` sorted by key, for :func:`known_fakes`
    sorted_keys: pl.DataFrame


def known_fakes(keys: pl.Series, known: pl.DataFrame | None) -> pl.Series:
    """The fake of each key in the sorted ``known`` table (``key``, ``fake``), else null."""
    if known is None or known.height == 0:
        return pl.repeat(None, len(keys), dtype=pl.String, eager=True)
    if known.height <= 16 * len(keys):
        found = pl.DataFrame({"key": keys}).join(known, on="key", how="left", maintain_order="left")
        return found["fake"]
    # Few keys in a large table: a binary search each rather than hashing the whole table.
    keys = keys.fill_null("")  # no key is empty
    at = np.minimum(known["key"].search_sorted(keys).to_numpy(), known.height - 1)
    fake = pl.repeat(None, len(keys), dtype=pl.String, eager=True)
    found_at = np.flatnonzero((known["key"].gather(at) == keys).to_numpy())
    return fake.scatter(found_at, known["fake"].gather(at[found_at]))


class KnownPairs(list[tuple[pl.Series, pl.Series]]):
    """Run-wide (original, fake) pairs that keep their lookup form once built.

    A wash scrubs every batch against the same pairs; :func:`known_values` of a
    ``KnownPairs`` is built on first use and reused while the list holds the same series
    (replacing or adding a pair rebuilds it; the series themselves must not be changed).
    """

    _built: tuple[tuple[int, ...], KnownValues] | None = None

    def lookup(self) -> KnownValues:
        """The lookup form; thread-safe, so it may be built ahead on another thread."""
        held = tuple(id(s) for pair in self for s in pair)
        with _BUILDING:
            if self._built is None or self._built[0] != held:
                self._built = (held, _build(self))
            return self._built[1]


_BUILDING = threading.Lock()


def known_values(known: Pairs) -> KnownValues:
    """The lookup form of the run-wide pairs (see :class:`KnownValues`); built once for
    :class:`KnownPairs`."""
    return known.lookup() if isinstance(known, KnownPairs) else _build(known)


def _build(known: Pairs) -> KnownValues:
    frames = [
        pl.DataFrame({"orig": o.cast(pl.String), "fake": f.cast(pl.String)}) for o, f in known
    ]
    if frames:
        pairs = pl.concat(frames).drop_nulls()
        pairs = pairs.unique(subset="orig", keep="first", maintain_order=True)
        # The originals are distinct now: their keys line up with them, no join back.
        keys = distinct_keys(pairs["orig"]).drop("orig")
        table = pl.concat([pairs, keys], how="horizontal").filter(pl.col("key").is_not_null())
        table = table.unique(subset="key", keep="first", maintain_order=True)
        table = table.select(list(KNOWN_SCHEMA))
    else:
        table = pl.DataFrame(schema=KNOWN_SCHEMA)
    words = {}
    for (k,), group in table.filter(pl.col("ntok") > 0).group_by("ntok"):
        lookup = group.select("key", "fake").sort("key")  # looked up by binary search
        words[int(k)] = (first_words(lookup["key"]).unique(), lookup)
    codes = code_table(table.filter(pl.col("ntok") > 0), by=[]).sort("key")
    code_digits = codes["key"].str.replace_all("[^0-9]+", "").unique().sort()
    return KnownValues(
        keys=table,
        words=words,
        probes=_key_probes(table["key"]),
        codes=codes,
        code_probes=code_digits.filter(code_digits.str.len_bytes() < DETECTABLE_DIGITS),
        sorted_keys=table.select("key", "fake").sort("key"),
    )


def first_words(keys: pl.Series) -> pl.Series:
    """The first word of each ``T:`` key."""
    return keys.str.extract("^T:([^ ]*)", 1).alias("word")


def _key_probes(keys: pl.Series) -> pl.Series:
    """One word per ``T:`` key that a text containing the value contains once folded.

    Any word of the key would do: a word token folds to the same letters alone as inside its
    text, except that a Greek capital sigma lowercases by its context, which an ASCII word
    cannot contain. So the longest ASCII word (the rarest in text), else the first word.
    Keys with 7 digits or more need none: a text with that many digits is searched anyway.
    """
    words = (
        pl.DataFrame({"key": keys})
        .filter(pl.col("key").str.starts_with("T:") & ~pl.col("key").str.contains(_DETECTABLE))
        .with_row_index("k")
        .select("k", pl.col("key").str.slice(2).str.split(" ").alias("word"))
        .explode("word")
    )
    nbytes = pl.col("word").str.len_bytes()
    ascii_len = pl.when(nbytes == pl.col("word").str.len_chars()).then(nbytes).otherwise(0)
    # arg_max takes the first of equals: the longest ASCII word, else the first word
    best = words.group_by("k").agg(pl.col("word").get(ascii_len.arg_max()))
    return best["word"].alias("probe")


def own_table(own: Pairs, view: TextView, fake_rows: I64 | None = None) -> pl.DataFrame:
    """``gid`` (row), ``key``, ``ntok``, ``fake`` of the own values that may occur in their row.

    A cheap probe first (:mod:`washer.fakes._probes`), so full keys are computed for few
    values. ``fake_rows``: the originals and fakes are per row of a table and text ``i``
    belongs to row ``fake_rows[i]``, so a row's values are neither copied to each of its texts
    nor looked at for texts that cannot hold them.
    """
    for orig, fake in own:
        if fake_rows is None and not len(orig) == len(fake) == len(view):
            raise ValueError("own columns must have the length of the texts")
        if fake_rows is not None and not (len(orig) == len(fake) and len(fake_rows) == len(view)):
            raise ValueError("own columns must have one value per row of fake_rows' table")
    if not own:
        return pl.DataFrame(schema=OWN_SCHEMA)
    twins = digit_twins(own)
    # The columns are probed independently, two at a time (mostly polars and numpy work,
    # which release the GIL); a twin takes the texts of the column it copies.
    probed = [j for j in range(len(own)) if j not in twins]
    with ThreadPoolExecutor(max_workers=2) as pool:
        # the probes of the columns' distinct values in one call (21 -> 9 ms CPU a chunk of
        # 50,000 rows, 32 -> 16 ms of 400,000)
        ahead = probed_together(
            list(pool.map(lambda j: ahead_of(own[j][0].cast(pl.String)), probed))
        )
        hits = pool.map(lambda j, a: _hit_texts(*own[j], view, fake_rows, a), probed, ahead)
        found = dict(zip(probed, hits, strict=True))
    for j, i in twins.items():
        found[j] = found[i]
    # the frames keep the columns' order
    frames = [_hit_frame(*own[j], found[j], fake_rows) for j in range(len(own))]
    pairs = pl.concat(frames)
    # Each pair's key read through its value's index in one grouping by hash, where the
    # distinct values and a join back hashed the strings twice (0.079 -> 0.069 s CPU a chunk
    # of 400,000 rows). The values are filled (``_hit_texts`` keeps only those).
    distinct, at = grouped(pairs["orig"])
    keys = distinct_keys(distinct)
    table = pairs.with_columns(keys["key"].gather(at), keys["ntok"].gather(at))
    table = table.filter(pl.col("key").is_not_null())
    table = table.unique(subset=["gid", "key"], keep="first", maintain_order=True)
    return table.select(list(OWN_SCHEMA))


def _hit_texts(
    orig: pl.Series, fake: pl.Series, view: TextView, fake_rows: I64 | None, ahead: Ahead
) -> I64:
    """The texts (ascending) that contain the probe of their value (which has a fake)."""
    present = (orig.is_not_null() & fake.is_not_null()).to_numpy()
    if fake_rows is not None:
        present = present[fake_rows]
    rows = present & view.has_text
    return probe_hits_ahead(orig.cast(pl.String), rows, view, ahead, row_of=fake_rows)


def _hit_frame(orig: pl.Series, fake: pl.Series, idx: I64, fake_rows: I64 | None) -> pl.DataFrame:
    """``gid``, ``orig``, ``fake`` of the texts ``idx``."""
    at = idx if fake_rows is None else fake_rows[idx]
    return pl.DataFrame(
        {
            "gid": idx,
            "orig": orig.cast(pl.String).gather(at),
            "fake": fake.cast(pl.String).gather(at),
        }
    )


def digit_twins(own: Pairs) -> dict[int, int]:
    """``{j: i}`` for the columns ``j`` whose texts hit are column ``i``'s (``i < j``, itself
    no twin): column ``j`` holds plain numbers that are column ``i``'s values with their dots
    removed, null on the same rows, with fakes null on the same rows (a birth date written
    ``15.08.85`` and ``150885``). A value without a letter or ``@`` is probed by its digits
    alone (:mod:`washer.fakes._probes`), which the dots do not change.

    Only columns with as many nulls are compared (a count polars keeps), and only where their
    first filled value is a twin's (a scalar each): a few calls per chunk where no column is
    a twin (the full check on a column of 400,000 names cost 5 ms)."""
    groups: dict[tuple[int, int, int], list[int]] = {}
    for j, (orig, fake) in enumerate(own):
        groups.setdefault((len(orig), orig.null_count(), fake.null_count()), []).append(j)
    twins: dict[int, int] = {}
    for members in groups.values():
        if len(members) < 2 or own[members[0]][0].null_count() == len(own[members[0]][0]):
            continue
        first = int(own[members[0]][0].is_not_null().arg_max() or 0)  # (nulls on the same rows)
        heads = [own[j][0].cast(pl.String)[first] for j in members]
        for b, j in enumerate(members[1:], start=1):
            head = heads[b]
            candidates = [
                i
                for a, i in enumerate(members[:b])
                if i not in twins
                and isinstance(head, str)
                and head.lstrip("+").isascii()
                and head.lstrip("+").isdigit()
                and str(heads[a]).replace(".", "") == head
            ]
            for i in candidates:
                if _dotless_twin(own[i], own[j]):
                    twins[j] = i
                    break
    return twins


def _dotless_twin(a: tuple[pl.Series, pl.Series], b: tuple[pl.Series, pl.Series]) -> bool:
    """``b``'s values are plain numbers, ``a``'s with the dots removed (nulls alike), and the
    fakes are null on the same rows. Compared on the filled values only (a string function
    costs as much on a null as on a value: 10 -> 3 ms on a column of 400,000 rows, 60,000
    filled)."""
    if not (a[0].is_null().equals(b[0].is_null()) and a[1].is_null().equals(b[1].is_null())):
        return False
    values = b[0].cast(pl.String).drop_nulls()
    # every filled value a plain number (ASCII digits after an optional "+"): no letter or "@"
    if values.cast(pl.UInt64, strict=False).null_count():
        return False
    dotless = a[0].cast(pl.String).drop_nulls().str.replace_all(".", "", literal=True)
    return bool((dotless == values).all())
