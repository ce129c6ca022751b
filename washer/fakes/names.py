"""Fake first, last and full names, drawn from frozen pools by person seed.

A person's seed picks a locale (weighted: mostly Norwegian, then Polish, Lithuanian, Swedish,
...), then a first name of the right gender and a last name from that locale, so fakes look
like real people ("Piotr Kowalski", "Ingrid Nilsen"). First names that are female in one locale
and male in another are not in the pools, so the gender of a fake first name is unambiguous.
Where a locale has gendered surnames (Polish, Lithuanian, Latvian, Czech, Slovak) the female
form is used when ``female`` is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._distinct import on_distinct
from washer.fakes._draw import I64, U64, Bools, below, gather, null_where, stream
from washer.fakes._fold import fold_expr, unify_punctuation_expr
from washer.fakes._pools import Pool, pools


def normalize_name(s: pl.Series) -> pl.Series:
    """The form names are compared in: case- and accent-free, mojibake repaired, single spaces.

    ``"  ØYVIND  Ødegård"``, ``"Øyvind Ødegård"``, ``"oyvind odegard"`` and the same read with
    the wrong encoding all give ``"oyvind odegard"``; typographic apostrophes and dashes become
    ASCII, and spaces around a hyphen go (``"Anne - Marie"`` is ``"anne-marie"``). Nulls stay null.
    """
    return on_distinct(s.cast(pl.String), _normalize)


def same_names(
    a: pl.Series, b: pl.Series, *, numbered: bool = False, b_normal: pl.Series | None = None
) -> pl.Series:
    """``normalize_name(a) == normalize_name(b)`` per row, False where either is null.

    ``numbered`` (addresses): normalising keeps every ASCII digit and never joins two runs of
    them, so only rows whose last runs of digits agree are normalised; numbered values mostly
    differ there already. ``b_normal``: ``normalize_name(b)``, when already known (from the
    distinct values, say).
    """
    a, b = a.cast(pl.String), b.cast(pl.String)
    if not numbered:
        wanted = normalize_name(b) if b_normal is None else b_normal
        return (normalize_name(a) == wanted).fill_null(False).alias("same")
    last_digits = r"([0-9]+)[^0-9]*$"
    maybe = a.str.extract(last_digits, 1).eq_missing(b.str.extract(last_digits, 1))
    at = (maybe & a.is_not_null() & b.is_not_null()).arg_true()
    same = pl.Series("same", np.zeros(len(a), dtype=np.bool_))
    if len(at):
        wanted = normalize_name(b.gather(at)) if b_normal is None else b_normal.gather(at)
        equal = normalize_name(a.gather(at)) == wanted
        same = same.scatter(at, equal.fill_null(False))
    return same


NO_NUMBER = np.uint64(2**64 - 1)  # no digits, or more than an integer holds


def last_numbers(values: pl.Series) -> U64:
    """The last run of ASCII digits of each value as an integer, ``2**64 - 1`` where there
    is none (or it is too long, or the value null). Two values whose last runs of digits
    are equal (or both missing) get equal numbers, so where the numbers differ
    :func:`same_names` with ``numbered`` is False: a prefilter compared in numpy."""
    digits = values.cast(pl.String).str.extract(r"([0-9]+)[^0-9]*$", 1)
    found: U64 = digits.cast(pl.UInt64, strict=False).fill_null(NO_NUMBER).to_numpy()
    return found


def normalize_name_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`normalize_name` as an expression (per row: use it on distinct values)."""
    expr = unify_punctuation_expr(fold_expr(expr))
    return expr.str.replace_all(r"\s+", " ").str.replace_all(r" ?- ?", "-").str.strip_chars()


def _normalize(s: pl.Series) -> pl.Series:
    return s.to_frame("v").select(_normal_form())["v"].alias(s.name)


@cache
def _normal_form() -> pl.Expr:
    """:func:`normalize_name_expr` of column ``v``, built once: the clash rounds normalise a
    few names at a time, where building the expression cost half of running it."""
    return normalize_name_expr(pl.col("v"))


def _locales(seeds: pl.Series) -> I64:
    u, _ = stream(seeds, "locale")
    tickets = _ticket_locales()
    ticket = below(u, len(tickets))
    locale: I64 = tickets[ticket]
    return locale


@cache
def _ticket_locales() -> I64:
    """The locale of each ticket (0 up to the locales' total weight, a hundred): a gather
    per seed rather than a binary search in the cumulative weights (a third of the time)."""
    weights = pools().locale_cumweights
    tickets = np.arange(int(weights[-1]), dtype=np.int64)
    return np.searchsorted(weights, tickets, side="right").astype(np.int64)


def _genders(seeds: pl.Series, female: pl.Series | None) -> Bools:
    """The female flag per row; where it is null (or not given) a seed bit decides."""
    u, _ = stream(seeds, "gender")
    coin = (u & np.uint64(1)).astype(np.bool_)
    if female is None:
        return coin
    given = female.cast(pl.Boolean)
    return np.where(given.is_null().to_numpy(), coin, given.fill_null(False).to_numpy())


def _pick(offsets: I64, sizes: I64, part: I64, draw: U64, bump: I64) -> I64:
    """The index of the ``draw``-th name (moved on by ``bump``) of each row's ``part``
    (``values[offsets[part] : offsets[part] + sizes[part]]`` of a pool's values)."""
    size = sizes[part]
    return offsets[part] + (below(draw, size) + bump) % size


@dataclass(frozen=True)
class Drawn:
    """Names drawn from two pools (female, male): the ``at``-th of the pools' values
    concatenated, null where ``valid`` is False. Lets a caller compute something of each
    name once per name of the pools (:meth:`form`), not once per drawn name."""

    female: pl.Series
    male: pl.Series
    at: I64
    valid: Bools
    name: str

    def names(self) -> pl.Series:
        """The drawn names."""
        values = _pool_form(self.female, self.male, lambda s: s, "values")
        return gather(values, self.at, self.valid, self.name)

    def positions(self) -> I64:
        """Each name's index in the pools' values concatenated, -1 where null."""
        found: I64 = np.where(self.valid, self.at, -1)
        return found

    def form(self, fn: Callable[[pl.Series], pl.Series], key: str) -> pl.Series:
        """``fn(self.names())`` for an elementwise ``fn`` that keeps nulls (named ``key``):
        computed once per process on the pools' values, then gathered."""
        return gather(_pool_form(self.female, self.male, fn, key), self.at, self.valid, self.name)


# (female, male) pool values and a form's name -> the form of each value; the pools are
# built once per process (pools()), and the entry holds them, so their ids stay theirs.
_POOL_FORMS: dict[tuple[int, int, str], tuple[pl.Series, pl.Series, pl.Series]] = {}


def _pool_form(
    female: pl.Series, male: pl.Series, fn: Callable[[pl.Series], pl.Series], key: str
) -> pl.Series:
    """``fn`` (named ``key``) of the two pools' values concatenated, computed once per pair."""
    entry = (id(female), id(male), key)
    if entry not in _POOL_FORMS:
        _POOL_FORMS[entry] = (female, male, fn(pl.concat([female, male])))
    return _POOL_FORMS[entry][2]


def _two_pools(
    female_pool: Pool,
    male_pool: Pool,
    seeds: pl.Series,
    is_female: Bools,
    salt: str,
    avoid: pl.Series | Avoided | None,
    name: str,
    locale_of: pl.Series | None = None,
) -> Drawn:
    """Gender-matched draw from two pools, in the locale of ``locale_of`` (else of ``seeds``);
    where the fake shares a word with ``avoid``, the next name (and the one after it, while
    that shares one too)."""
    locale = _locales(seeds if locale_of is None else locale_of)
    draw, valid = stream(seeds, salt)
    shift = len(female_pool.values)
    size = shift + len(male_pool.values)
    # Each row's part of the two pools concatenated (its locale's, of its gender's pool): one
    # pick per row, not one from each pool and a choice between them.
    part = np.where(is_female, locale, locale + len(female_pool.sizes))
    sizes = np.concatenate([female_pool.sizes, male_pool.sizes])
    offsets = np.concatenate([female_pool.offsets, male_pool.offsets + shift])

    def index(bump: I64, rows: slice | I64 = slice(None)) -> I64:
        """The pool index of ``rows``, moved on by ``bump``."""
        return _pick(offsets, sizes, part[rows], draw[rows], bump)

    bump = np.zeros(len(seeds), dtype=np.int64)
    at = index(bump)
    if avoid is not None:
        shares = _sharing_with(avoid, _normal_pool(female_pool, male_pool), valid, name)
        # The pools are sorted, so names sharing a word sit together (Anna, Anna Maria, and a
        # dozen Ann- names in a row): a name moves on until it shares no word with the avoided
        # one, at most once round its pool (``size`` moves at most).
        rows = np.flatnonzero(shares(np.arange(len(seeds)), at))
        if len(rows):
            bump[rows] = _moves(rows, index, shares, size)
            at[rows] = index(bump[rows], rows)
    return Drawn(female_pool.values, male_pool.values, at, valid, name)


_LOOKAHEAD = 8192  # (row, move) pairs checked at once by _moves


def _moves(
    rows: I64,
    index: Callable[[I64, I64], I64],
    shares: Callable[[I64, I64], Bools],
    most: int,
) -> I64:
    """Per row (whose first name shares a word: move 0 is taken): the least number of moves
    from 1 on whose name shares none, ``most`` where there is none below it. The few rows
    that move far are checked many moves at once (one check of every (row, move) pair of a
    block), not one move a round: a check costs about the same for one pair or thousands."""
    found = np.full(len(rows), most, dtype=np.int64)
    todo = np.arange(len(rows))  # positions in ``rows`` not settled yet
    start = 1  # the first move of the block
    while len(todo) and start < most:
        size = min(max(_LOOKAHEAD // len(todo), 1), most - start)
        which = np.repeat(todo, size)  # block laid out row by row
        moves = np.tile(np.arange(start, start + size, dtype=np.int64), len(todo))
        sharing = shares(rows[which], index(moves, rows[which])).reshape(len(todo), size)
        settled = ~sharing.all(axis=1)
        found[todo[settled]] = start + np.argmin(sharing[settled], axis=1)
        todo = todo[~settled]
        start += size
    return found


# From this many names on, coding the pools' and the avoided names' forms (word_sharing)
# costs less than comparing the names themselves.
_CODED_FROM = 20_000


@dataclass(frozen=True)
class Avoided:
    """Names to avoid given by their distinct values' normal forms: ``normal`` (no null) and
    each row's index into it (``at``, -1 where the row avoids none). What a caller that has
    the distinct originals normalised already passes, so they are not found again."""

    normal: pl.Series
    at: I64

    def gather(self, rows: I64) -> Avoided:
        """The avoided names of ``rows``."""
        return Avoided(self.normal, self.at[rows])

    def __len__(self) -> int:
        return len(self.at)


def _sharing_with(
    avoid: pl.Series | Avoided, normal_pool: pl.Series, valid: Bools, name: str
) -> Callable[[I64, I64], Bools]:
    """A function of rows and the pool index of their fakes: whether the fake (its normal
    form, from ``normal_pool``) shares a word with the row's ``avoid`` (null where the row's
    seed is, ``valid`` False: sharing none). The avoided names are normalised once each."""
    if len(avoid) < _CODED_FROM:
        if isinstance(avoid, Avoided):
            avoided = avoid.normal.gather(pl.Series(avoid.at).replace(-1, None))
        else:
            avoided = normalize_name(avoid)

        def shares_gathered(rows: I64, at: I64) -> Bools:
            normal = gather(normal_pool, at, valid[rows], name)
            return shares_a_word(normal, avoided.gather(rows))

        return shares_gathered
    if isinstance(avoid, Avoided):
        shares = word_sharing(normal_pool, avoid.normal)
        avoided_at = avoid.at
    else:
        values = avoid.cast(pl.String)
        distinct = values.drop_nulls().unique()
        shares = word_sharing(normal_pool, normalize_name(distinct))
        avoided_at = positions_in(values, distinct)

    def shares_coded(rows: I64, at: I64) -> Bools:
        return shares(np.where(valid[rows], at, -1), avoided_at[rows])

    return shares_coded


_WORD_BREAK = r"[^\p{L}\p{N}]"


def _has_word_break(s: pl.Series) -> npt.NDArray[np.bool_]:
    """Per value: whether it holds a character other than a letter or a digit (a space, a
    hyphen, an apostrophe): only such a name can share a word with another and differ
    from it (:func:`shares_a_word`). False where null."""
    found: npt.NDArray[np.bool_] = s.str.contains(_WORD_BREAK).fill_null(False).to_numpy()
    return found


def shares_a_word(a: pl.Series, b: pl.Series) -> npt.NDArray[np.bool_]:
    """Per row: whether two normalised names are equal or share a word (``anna`` and ``anna
    maria``, ``moe`` and ``moe-larsen``, ``hara`` and ``o'hara``: a fake holding a word of
    the original shows that word). False where either is null."""
    same = (a == b).fill_null(False).to_numpy()
    parts = (a.str.contains(_WORD_BREAK) | b.str.contains(_WORD_BREAK)).fill_null(False)
    at = (parts & ~pl.Series(same)).arg_true()
    if len(at):

        def words(s: pl.Series) -> pl.Expr:
            return pl.lit(s.gather(at)).str.replace_all(f"{_WORD_BREAK}+", " ").str.split(" ")

        shared = pl.select(words(a).list.set_intersection(words(b)).list.len() > 0)
        same[at.to_numpy()] = shared.to_series().fill_null(False).to_numpy()
    return same


def word_sharing(a: pl.Series, b: pl.Series) -> Callable[[I64, I64], Bools]:
    """For names in normal form: a function of two index arrays ``i``, ``j`` giving
    ``shares_a_word(a[i], b[j])`` (an index of -1: no name, sharing none). Both lists are
    coded by form once: only pairs of one form, or with a name of several words, are then
    compared as words; no other pair can share one.

    The same two series (a pool's normal forms and an entity table's distinct originals',
    asked for by the first draw and every clash round) give the same function, coded once.
    """
    for known_a, known_b, shares in _SHARING:
        if known_a is a and known_b is b:
            return shares
    shares = _word_sharing(a, b)
    # The last few only (one per pool and entity table at a time), holding the series, so
    # their identity stays theirs while they are here.
    _SHARING[:] = [(a, b, shares), *_SHARING[: _SHARING_KEPT - 1]]
    return shares


_SHARING: list[tuple[pl.Series, pl.Series, Callable[[I64, I64], Bools]]] = []
_SHARING_KEPT = 4


def _word_sharing(a: pl.Series, b: pl.Series) -> Callable[[I64, I64], Bools]:
    """:func:`word_sharing`, coded anew."""
    forms = pl.concat([a, b]).drop_nulls().unique()
    a_code = np.append(positions_in(a, forms), -1)  # index -1 (no name): code -1
    b_code = np.append(positions_in(b, forms), -1)
    broken = np.append(_has_word_break(forms), False)

    def shares(i: I64, j: I64) -> Bools:
        ours, theirs = a_code[i], b_code[j]
        known = (ours >= 0) & (theirs >= 0)
        maybe = known & ((ours == theirs) | broken[ours] | broken[theirs])
        rows = np.flatnonzero(maybe)
        same = np.zeros(len(ours), dtype=np.bool_)
        if len(rows):
            same[rows] = shares_a_word(forms.gather(ours[rows]), forms.gather(theirs[rows]))
        return same

    return shares


def positions_in(values: pl.Series, distinct: pl.Series) -> I64:
    """Each value's position in ``distinct`` (distinct values, no null); -1 where null or
    not there."""
    index = distinct.to_frame("v").with_row_index("at")
    found = values.to_frame("v").join(index, on="v", how="left", maintain_order="left")["at"]
    at: I64 = found.cast(pl.Int64).fill_null(-1).to_numpy()
    return at


def _normal_pool(female_pool: Pool, male_pool: Pool) -> pl.Series:
    """:func:`normalize_name` of the two pools' values concatenated, computed once per pair."""
    return _pool_form(female_pool.values, male_pool.values, normalize_name, "normal")


# Columns of a fake table with its first and last names as their index in the pool they
# were drawn from (:meth:`Drawn.positions`), when the table comes with them.
POOL_AT = {"first": "first_at", "last": "last_at"}


def pool_normal(part: str) -> pl.Series:
    """The normal forms of the names of the pool a first (``part``) or last name is drawn
    from, as :meth:`Drawn.positions` indexes it."""
    p = pools()
    if part == "first":
        return _normal_pool(p.female, p.male)
    return _normal_pool(p.last_female, p.last)


def first_names(
    seeds: pl.Series,
    female: pl.Series | None,
    *,
    avoid: pl.Series | Avoided | None = None,
    locale_of: pl.Series | None = None,
) -> pl.Series:
    """A first name per seed, female where ``female`` is True, male where False, either where null.

    ``avoid`` (optional, e.g. the original first name): where the fake would share a word
    with it after :func:`normalize_name`, the next name in the pool is taken instead (or an
    :class:`Avoided`: the same, its names normalised already). Null
    seeds give null. ``locale_of`` (optional): seeds whose locale the names keep (a name
    drawn again from another seed stays Norwegian, Polish, ...).
    """
    return first_names_drawn(seeds, female, avoid=avoid, locale_of=locale_of).names()


def first_names_drawn(
    seeds: pl.Series,
    female: pl.Series | None,
    *,
    avoid: pl.Series | Avoided | None = None,
    locale_of: pl.Series | None = None,
) -> Drawn:
    """:func:`first_names` as drawn from the pools."""
    p = pools()
    genders = _genders(seeds, female)
    return _two_pools(
        p.female, p.male, seeds, genders, "first_name", avoid, "first_name", locale_of
    )


def last_names(
    seeds: pl.Series,
    *,
    female: pl.Series | None = None,
    avoid: pl.Series | Avoided | None = None,
    locale_of: pl.Series | None = None,
) -> pl.Series:
    """A last name per seed, from the same locale as :func:`first_names` of the same seed.

    ``female`` (optional) chooses the female form where the locale has one (``Kowalska``);
    without it the male/neutral form is used. ``avoid`` and ``locale_of`` as in
    :func:`first_names`.
    """
    return last_names_drawn(seeds, female=female, avoid=avoid, locale_of=locale_of).names()


def last_names_drawn(
    seeds: pl.Series,
    *,
    female: pl.Series | None = None,
    avoid: pl.Series | Avoided | None = None,
    locale_of: pl.Series | None = None,
) -> Drawn:
    """:func:`last_names` as drawn from the pools."""
    p = pools()
    is_female = np.zeros(len(seeds), dtype=np.bool_) if female is None else _genders(seeds, female)
    return _two_pools(
        p.last_female, p.last, seeds, is_female, "last_name", avoid, "last_name", locale_of
    )


def full_names(
    seeds: pl.Series,
    female: pl.Series | None,
    *,
    avoid: pl.Series | None = None,
    locale_of: pl.Series | None = None,
) -> pl.Series:
    """``"<first> <last>"`` per seed (for contact persons); the gender applies to both parts.

    ``avoid``: where the full fake equals it (normalised), the last name is redrawn.
    ``locale_of`` as in :func:`first_names`.
    """
    is_female = pl.Series(_genders(seeds, female))
    first = first_names(seeds, is_female, locale_of=locale_of)
    last = last_names(seeds, female=is_female, locale_of=locale_of)
    full = pl.select(pl.concat_str([first, last], separator=" ")).to_series()
    if avoid is not None:
        at = (normalize_name(full) == normalize_name(avoid)).fill_null(False).arg_true()
        if len(at):
            # A name is its seed's alone: only the full names that clash are drawn again.
            other = last_names(
                seeds.gather(at),
                female=is_female.gather(at),
                avoid=last.gather(at),
                locale_of=None if locale_of is None else locale_of.gather(at),
            )
            again = pl.select(pl.concat_str([first.gather(at), other], separator=" "))
            full = full.scatter(at, again.to_series())
    _, valid = stream(seeds, "gender")
    return null_where(full, valid, "full_name")
