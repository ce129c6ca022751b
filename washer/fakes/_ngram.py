"""Finding known names, addresses and other word sequences among a text's tokens.

Words and numbers of a text (its *content* tokens) are folded and matched against ``T:`` keys
(:mod:`washer.fakes._textkeys`) as sequences of 1 to ``MAX_WORDS`` tokens: longest first, then
leftmost, a token used by one match is not used by another, and a sequence only matches when
what separates its tokens is "joinable" (spaces, hyphens, apostrophes, commas, dots, slashes).
The row's own values win over the run-wide ones at the same place.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._scrub_tables import KnownValues, first_words, known_fakes
from washer.fakes._tokens import JOINABLE, OTHER_KIND

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def find_sequences(
    tokens: pl.DataFrame,
    pos: I64,
    words: pl.Series,
    own: pl.DataFrame | None,
    known: KnownValues,
    *,
    ends: I64 | None = None,
) -> pl.DataFrame:
    """Matches as columns ``first`` (token index of the first word), ``last`` and ``fake``.

    ``tokens``: ``i``, ``gid``, ``tok``, ``kind`` (in ``i`` order, ``i`` = row number);
    ``pos``: the token index of each content token (word or number, ascending), ``words``
    their folded text; ``own``: ``gid``, ``key``, ``ntok``, ``fake``. ``ends``: where a
    content word spans several tokens (a glued word read whole), the token index of its last.
    """
    empty = pl.DataFrame(schema={"first": pl.Int64, "last": pl.Int64, "fake": pl.String})
    if len(pos) == 0:
        return empty
    ends = pos if ends is None else ends
    other = np.flatnonzero((tokens["kind"] == OTHER_KIND).to_numpy())
    joinable = np.zeros(tokens.height, dtype=np.bool_)
    joinable[other] = tokens["tok"].gather(other).str.contains(JOINABLE).to_numpy()
    content_mask = np.zeros(tokens.height, dtype=np.bool_)
    content_mask[pos] = True
    bad_cum = np.concatenate([[0], np.cumsum(~content_mask & ~joinable)])
    gid = tokens["gid"].to_numpy()[pos]
    n = len(pos)
    # gap_ok[c]: content tokens c and c+1 are in one text with only joinable tokens between.
    nxt = np.append(pos[1:], pos[-1])
    gap_ok = np.zeros(n, dtype=np.bool_)
    gap_ok[:-1] = (gid[:-1] == gid[1:]) & (bad_cum[nxt[:-1]] - bad_cum[ends[:-1] + 1] == 0)
    broken_cum = np.concatenate([[0], np.cumsum(~gap_ok)])
    consumed = np.zeros(n, dtype=np.bool_)
    own_by_k: dict[int, pl.DataFrame] = {}
    if own is not None:
        for (k,), group in own.filter(pl.col("ntok") > 0).group_by("ntok"):
            own_by_k[int(k)] = group.select("gid", "key", pl.col("fake").alias("own"))
    found: list[pl.DataFrame] = []
    for k in sorted(set(known.words) | set(own_by_k), reverse=True):
        if k > n:
            continue
        # Only positions whose word starts some key of k words, with a joinable chain after it.
        own_k = own_by_k.get(k)
        known_k = known.words.get(k)
        firsts = [] if own_k is None else [first_words(own_k["key"])]
        if known_k is not None:
            firsts.append(known_k[0])
        words_k = pl.concat(firsts)
        starts = np.flatnonzero(words[: n - k + 1].is_in(words_k.implode()).to_numpy())
        starts = starts[broken_cum[starts + k - 1] - broken_cum[starts] == 0]
        table = None if known_k is None else known_k[1]

        def fakes(
            cand: I64,
            k: int = k,
            own_k: pl.DataFrame | None = own_k,
            table: pl.DataFrame | None = table,
        ) -> pl.Series:
            parts = [words.gather(cand + j) for j in range(k)]
            key = pl.select(pl.lit("T:") + pl.concat_str(parts, separator=" ")).to_series()
            return _lookup(key, gid[cand], own_k, table)

        found += leftmost_matches(starts, k, pos, gid, consumed, fakes, ends=ends)
    return pl.concat(found) if found else empty


def leftmost_matches(
    starts: I64,
    k: int,
    pos: I64,
    gid: I64,
    consumed: Bools,
    fakes: Callable[[I64], pl.Series],
    *,
    ends: I64 | None = None,
) -> list[pl.DataFrame]:
    """Matches (``first``, ``last``, ``fake``) of ``k`` content tokens from ``starts``: a window
    matches when ``fakes`` finds its fake and none of its tokens is ``consumed``; of overlapping
    matches the leftmost wins and the rest are retried. Marks the matched tokens consumed.
    ``ends``: as in :func:`find_sequences`."""
    ends = pos if ends is None else ends
    found: list[pl.DataFrame] = []
    while len(starts):
        consumed_cum = np.concatenate([[0], np.cumsum(consumed)])
        cand = starts[consumed_cum[starts + k] - consumed_cum[starts] == 0]
        if len(cand) == 0:
            break
        fake = fakes(cand)
        hit = fake.is_not_null().to_numpy()
        if not hit.any():
            break
        at, fake = cand[hit], fake.filter(pl.Series(hit))
        keep = np.ones(len(at), dtype=np.bool_)
        keep[1:] = (at[1:] - at[:-1] >= k) | (gid[at[1:]] != gid[at[:-1]])
        at, fake = at[keep], fake.filter(pl.Series(keep))
        found.append(pl.DataFrame({"first": pos[at], "last": ends[at + k - 1], "fake": fake}))
        for j in range(k):
            consumed[at + j] = True
        if keep.all():
            break
        starts = cand[hit][~keep]
    return found


def _lookup(
    keys: pl.Series, gids: I64, own: pl.DataFrame | None, known: pl.DataFrame | None
) -> pl.Series:
    """The fake for each (gid, key): the row's own first (``own``: ``gid``, ``key``, ``own``),
    else the run-wide one (``known``: ``key``, ``fake``, sorted by key), else null."""
    frame = pl.DataFrame({"gid": gids, "key": keys, "run": known_fakes(keys, known)})
    if own is None:
        return frame["run"]
    frame = frame.join(own, on=["gid", "key"], how="left", maintain_order="left")
    return frame.select(pl.coalesce("own", "run"))["own"]
