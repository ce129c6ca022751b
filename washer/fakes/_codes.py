"""Finding ids written with their letters and digits grouped oddly: a passport ``XK4711093``
as ``XK 471 1093`` or ``X K 47-11-093``, a malformed id ``1508854561`` as ``1508 854 561``, an
organisation number as ``97 47 60 673``.

Such a value has a *code* (:func:`washer.fakes._textkeys.code_table`): the words of its
``T:`` key joined without spaces. A text
spells the code when consecutive words and numbers of it, glued together or parted by one
digit gap (a dot, a dash or whitespace), join to it. Windows of 2 to :data:`MAX_TOKENS`
tokens are tried, longest first, then leftmost, among tokens no sequence matched
(:mod:`washer.fakes._ngram` wins: a value written as its column holds it is matched there).
The row's own values win over the run-wide ones at the same place.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._ngram import _lookup, leftmost_matches
from washer.fakes._textkeys import CODE_CHARS, CODE_DIGITS
from washer.fakes._tokens import DIGIT_GAP, NUMBER_KIND, OTHER_KIND, WORD_KIND

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

MAX_TOKENS = CODE_CHARS[1]
_EMPTY = {"first": pl.Int64, "last": pl.Int64, "fake": pl.String}


def find_codes(
    tokens: pl.DataFrame,
    pos: I64,
    words: pl.Series,
    taken: Bools,
    own: pl.DataFrame | None,
    known: pl.DataFrame,
) -> pl.DataFrame:
    """Matches as columns ``first`` (token index), ``last`` and ``fake``.

    ``tokens``: ``i``, ``gid``, ``tok``, ``kind``; ``pos``: the token index of each content
    token (ascending), ``words`` their folded text; ``taken``: per token, already matched;
    ``own``: ``gid``, ``key`` (code), ``own`` (fake); ``known``: ``key`` (code), ``fake``,
    sorted by key.
    """
    empty = pl.DataFrame(schema=_EMPTY)
    if len(pos) < 2 or (known.height == 0 and (own is None or own.height == 0)):
        return empty
    gid = tokens["gid"].to_numpy()[pos]
    size = words.str.len_bytes().fill_null(0).cast(pl.Int64).to_numpy()
    usable = words.str.contains("^[a-z0-9]+$").fill_null(False).to_numpy() & ~taken[pos]
    usable &= size <= CODE_CHARS[1]
    digits = np.where(tokens["kind"].to_numpy()[pos] == NUMBER_KIND, size, 0)
    # linked[c]: content tokens c and c+1 are glued or parted by one digit gap, both usable.
    step = pos[1:] - pos[:-1]
    gap = np.zeros(len(pos) - 1, dtype=np.bool_)
    parted = np.flatnonzero(step == 2)
    if len(parted):
        between = tokens[pos[parted] + 1]
        gap[parted] = (
            (between["kind"] == OTHER_KIND) & between["tok"].str.contains(f"^{DIGIT_GAP}$")
        ).to_numpy()
    linked = (gid[1:] == gid[:-1]) & ((step == 1) | gap) & usable[1:] & usable[:-1]
    consumed = np.zeros(len(pos), dtype=np.bool_)
    found: list[pl.DataFrame] = []
    n = len(pos)
    windows = _Windows(linked, size, digits)
    for k in range(min(MAX_TOKENS, n), 1, -1):
        starts = windows.starts(k)

        def fakes(cand: I64, k: int = k) -> pl.Series:
            code = pl.select(pl.concat_str([words.gather(cand + j) for j in range(k)]))
            return _lookup(code.to_series(), gid[cand], own, known)

        found += leftmost_matches(starts, k, pos, gid, consumed, fakes)
    found += _glued(tokens, pos, gid, digits, taken | _at(consumed, pos, len(taken)), own, known)
    return pl.concat(found) if found else empty


class _Windows:
    """Where windows of ``k`` content tokens may spell a code: all linked, of
    :data:`CODE_CHARS` bytes and :data:`CODE_DIGITS` digits or more.

    Every such window of 2 tokens or more starts with two linked tokens of ``CODE_CHARS[1]``
    bytes at most and has ``CODE_DIGITS`` digits within ``MAX_TOKENS`` tokens: the few
    starts that do are found once, and each window size looks only at them.
    """

    def __init__(self, linked: Bools, size: I64, digits: I64) -> None:
        n = len(size)
        self.broken = np.concatenate([[0], np.cumsum(~linked)])
        self.size_cum = np.concatenate([[0], np.cumsum(size)])
        self.digit_cum = np.concatenate([[0], np.cumsum(digits)])
        first = np.arange(n - 1)
        reach = np.minimum(first + MAX_TOKENS, n)
        self.possible = first[
            linked
            & (size[:-1] + size[1:] <= CODE_CHARS[1])
            & (self.digit_cum[reach] - self.digit_cum[first] >= CODE_DIGITS)
        ]
        self.n = n

    def starts(self, k: int) -> I64:
        """The starts (ascending) of the windows of ``k`` tokens (2 to ``MAX_TOKENS``)."""
        starts = self.possible[self.possible <= self.n - k]
        chars = self.size_cum[starts + k] - self.size_cum[starts]
        found: I64 = starts[
            (self.broken[starts + k - 1] - self.broken[starts] == 0)
            & (chars >= CODE_CHARS[0])
            & (chars <= CODE_CHARS[1])
            & (self.digit_cum[starts + k] - self.digit_cum[starts] >= CODE_DIGITS)
        ]
        return found


def _at(flags: Bools, pos: I64, n: int) -> Bools:
    out = np.zeros(n, dtype=np.bool_)
    out[pos[flags]] = True
    return out


_GLUED_LETTERS = (3, 2, 1)


def _glued(
    tokens: pl.DataFrame,
    pos: I64,
    gid: I64,
    digits: I64,
    taken: Bools,
    own: pl.DataFrame | None,
    known: pl.DataFrame,
) -> list[pl.DataFrame]:
    """A code glued to the word before it (``passXK4711093``): the word's last one to three
    letters and the number right after it, looked up as a code (longest first); the fake
    replaces them and the word's other letters stay."""
    kind = tokens["kind"].to_numpy()[pos]
    free = ~taken[pos]
    at = np.flatnonzero(
        (pos[1:] - pos[:-1] == 1)
        & (gid[1:] == gid[:-1])
        & (kind[:-1] == WORD_KIND)
        & (kind[1:] == NUMBER_KIND)
        & (digits[1:] >= CODE_DIGITS)
        & free[:-1]
        & free[1:]
    )
    found: list[pl.DataFrame] = []
    for letters in _GLUED_LETTERS:
        if len(at) == 0:
            break
        word = tokens["tok"].gather(pos[at])
        number = tokens["tok"].gather(pos[at + 1])
        tail = word.str.slice(-letters)
        ok = (word.str.len_chars() > letters) & tail.str.contains("^[A-Za-z]+$")
        code = pl.select(pl.when(ok).then(tail.str.to_lowercase() + number)).to_series()
        fake = _lookup(code, gid[at], own, known)
        hit = fake.is_not_null().to_numpy()
        if hit.any():
            head = word.filter(pl.Series(hit))
            kept = head.str.slice(0, head.str.len_chars() - letters)
            found.append(
                pl.DataFrame(
                    {
                        "first": pos[at[hit]],
                        "last": pos[at[hit] + 1],
                        "fake": pl.select(kept + fake.filter(pl.Series(hit))).to_series(),
                    }
                )
            )
        at = at[~hit]
    return found
