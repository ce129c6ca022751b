"""Fakes that happen to be somebody else's original are drawn again.

FH-numbers, passports and organisation numbers have no synthetic form: their fakes come from
keyed permutations of the real number space, so a fake can equal another person's (or
employer's) original value in the same run, which reads as a leak. This pass finds such fakes
and replaces each by a fresh valid number of the same kind (a passport keeps its letter/digit
pattern) that is neither an original nor another fake of the run. Draws are seeded by a keyed
hash of the original, in sorted order: deterministic for the run's values and the key, and
still one fake per original (injective), since every draw avoids every fake already taken.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import deque
from collections.abc import Callable

import polars as pl

from washer.fakes._digits import digits_of
from washer.fakes._tokens import DIGIT_GAP, TRUNK_PHONE
from washer.ids import fh, orgnr, passport
from washer.ids._checksum import century, is_valid_classic, k1_options_2032, k2_for

_TRIES = 100_000
Draw = Callable[[random.Random, str], str]


def _pattern(value: str) -> str:
    return "".join("9" if c.isdigit() else "A" for c in value)


def _draw_fh(rng: random.Random, value: str) -> str:
    return str(fh.generate(rng))


def _draw_passport(rng: random.Random, value: str) -> str:
    return str(passport.generate(rng, pattern=_pattern(value)))


def _draw_orgnr(rng: random.Random, value: str) -> str:
    return str(orgnr.generate(rng))


def _present(values: list[str] | pl.Series, among: list[pl.Series]) -> set[str]:
    """The ``values`` that occur in any of ``among``: semi joins of each series of ``among``
    with ``values`` (a quarter of the CPU time of is_in on the run's numbers, and half of it
    for a few values)."""
    if not len(values) or not among:
        return set()
    wanted = pl.Series(values, dtype=pl.String).to_frame("v")
    found = [s.cast(pl.String).to_frame("v").join(wanted, on="v", how="semi")["v"] for s in among]
    return set(pl.concat(found).to_list())


_RUN = re.compile(r"\d{6,}")


def _runs(value: str) -> list[str]:
    """The runs of 6 or more digits in a value: how text may read a passport's digits."""
    return _RUN.findall(value)


def _redraw(
    values: list[str],
    draw: Draw,
    key: bytes,
    taken: list[pl.Series],
    runs_taken: list[pl.Series] | None = None,
    read: set[str] | None = None,
) -> dict[str, str]:
    """A fresh draw for each of ``values`` that is in none of ``taken`` and no other's draw
    (and, with ``runs_taken``, whose digit runs are in none of those; only for the values in
    ``read``, when given).

    Each value draws from its own keyed generator, in sorted order, so the result depends only
    on the run's values and the key: in rounds, every value still without a fake takes its
    generator's next draw, kept unless it clashes or an earlier value (this round or before)
    kept it. Whether a draw clashes with ``taken`` (the run's originals and fakes, millions
    of values held by polars, never as a Python set) depends on the draw alone, so the next
    draws of every value are checked together, ``_LOOKAHEAD`` at a time (nearly always the
    first is kept): the run's values are searched once, not once a round.
    """
    out: dict[str, str] = {}
    drawn: set[str] = set()
    pending = sorted(values)
    rngs = {
        v: random.Random(
            int.from_bytes(
                hashlib.blake2b(v.encode("utf-8"), key=key, digest_size=8).digest(), "big"
            )
        )
        for v in pending
    }
    queued: dict[str, deque[tuple[str, bool]]] = {v: deque() for v in pending}
    for attempt in range(_TRIES):
        if not pending:
            break
        empty = [v for v in pending if not queued[v]]
        if empty:
            ahead = min(_LOOKAHEAD, _TRIES - attempt)
            drafts = {v: [draw(rngs[v], v) for _ in range(ahead)] for v in empty}
            clash = _clashes(drafts, taken, runs_taken, read)
            for v, found in drafts.items():
                queued[v].extend((c, (v, c) in clash) for c in found)
        left = []
        for value in pending:
            fake, clashes = queued[value].popleft()
            if clashes or fake in drawn:
                left.append(value)
                continue
            drawn.add(fake)
            out[value] = fake
        pending = left
    return out


_LOOKAHEAD = 4  # draws per value checked at once by _redraw


def _clashes(
    drafts: dict[str, list[str]],
    taken: list[pl.Series],
    runs_taken: list[pl.Series] | None,
    read: set[str] | None,
) -> set[tuple[str, str]]:
    """The (value, draw) of ``drafts`` (each value's next draws) whose draw is in one of
    ``taken``, or, with ``runs_taken``, has a digit run in one of those (only for values in
    ``read``, when given). A series in both lists is searched once, for draws and runs."""
    among = runs_taken or []
    shared = [t for t in taken if any(t is r for r in among)]
    only_taken = [t for t in taken if not any(t is r for r in among)]
    only_runs = [r for r in among if not any(r is t for t in taken)]
    candidates = list({c for found in drafts.values() for c in found})
    runs_of: dict[str, list[str]] = {}
    if runs_taken is not None:
        runs_of = {
            c: _runs(c) for v, found in drafts.items() if read is None or v in read for c in found
        }
    runs = [r for found in runs_of.values() for r in found]
    in_shared = _present(candidates + runs, shared)
    present = (in_shared & set(candidates)) | _present(candidates, only_taken)
    seen = (in_shared & set(runs)) | _present(runs, only_runs) if runs_of else set()
    return {
        (v, c)
        for v, found in drafts.items()
        for c in found
        if c in present
        or ((read is None or v in read) and c in runs_of and bool(seen.intersection(runs_of[c])))
    }


def redraw_person_ids(table: pl.DataFrame, originals: pl.Series, key: bytes) -> pl.DataFrame:
    """``table`` (norm, kind, fake, ...) with FH and passport fakes that equal an original
    (any normalised person id of the run, or any other value in ``originals``) drawn again,
    and passports whose digits, read alone as text may (``W42132819``), are such a value or
    the digits of an original id."""
    drawable = table.filter(pl.col("kind").is_in(["fh", "passport"]) & pl.col("fake").is_not_null())
    if drawable.height == 0:
        return table
    norms = table["norm"].drop_nulls()
    original = [norms, originals.cast(pl.String).drop_nulls()]
    # A norm of digits only is its own run, and is in ``original`` already.
    lettered = norms.filter(~norms.str.contains(r"^[0-9]*$"))
    id_runs = lettered.str.extract_all(r"\d{6,}").explode().drop_nulls()
    runs_taken = [*original, id_runs]
    readings = pl.concat(
        [
            drawable.select("norm", reading=pl.col("fake")),
            drawable.select("norm", reading=pl.col("fake").str.extract_all(r"\d{6,}"))
            .explode("reading")
            .drop_nulls(),
        ]
    )
    # Every fake is one of its readings, so this covers the fakes themselves too.
    clash = _present(readings["reading"].unique(), runs_taken)
    hit_norms = readings.filter(
        pl.col("reading").is_in(pl.Series(sorted(clash), dtype=pl.String).implode())
    )["norm"]
    hits = drawable.filter(pl.col("norm").is_in(hit_norms.implode()))
    if hits.height == 0:
        return table
    taken = [*original, table["fake"].drop_nulls()]
    # FH and passport draws together (one search of the originals a round): an FH-number is
    # 11 digits, a passport never, so neither kind's draws can meet the other's.
    kinds = dict(zip(hits["norm"].to_list(), hits["kind"].to_list(), strict=True))
    draws = {"fh": _draw_fh, "passport": _draw_passport}
    read = {v for v, kind in kinds.items() if kind == "passport"}
    new = _redraw(list(kinds), lambda rng, v: draws[kinds[v]](rng, v), key, taken, runs_taken, read)
    return _replace(table, "norm", new)


def _draw_same_date(rng: random.Random, fake: str) -> str:
    """Another number with ``fake``'s date digits, century and gender digit parity: an
    individual number drawn anew, with check digits of the same rule as ``fake``'s (classic,
    else one only the 2032 rule admits)."""
    yy, individual = int(fake[4:6]), int(fake[6:9])
    epoch = century(individual, yy)
    classic = is_valid_classic(fake)
    while True:
        drawn = rng.randrange(individual % 2, 1000, 2)
        if century(drawn, yy) != epoch:
            continue
        prefix = f"{fake[:6]}{drawn:03d}"
        for k1 in k1_options_2032(prefix):
            k2 = k2_for(f"{prefix}{k1}")
            number = f"{prefix}{k1}{k2}"
            if k2 is not None and is_valid_classic(number) == classic:
                return number


def redraw_real_form_ids(table: pl.DataFrame, originals: pl.Series, key: bytes) -> pl.DataFrame:
    """``table`` (norm, kind, fake, ...) with fnr, D- and H-number fakes in the real form
    (realistic style, and H-numbers, which have no synthetic form) that equal an original id
    of the run (or a value of ``originals``) drawn again: same date digits (so the same fake
    birth date), century and gender, another individual number."""
    month = pl.col("fake").str.slice(2, 2).cast(pl.Int32, strict=False)
    drawable = table.filter(
        pl.col("kind").is_in(["fnr", "dnr", "hnr"])
        & pl.col("fake").str.contains(r"^[0-9]{11}$")
        & (month < 80)
    )
    if drawable.height == 0:
        return table
    original = [table["norm"].drop_nulls(), originals.cast(pl.String).drop_nulls()]
    clash = _present(drawable["fake"], original)
    if not clash:
        return table
    hits = drawable.filter(
        pl.col("fake").is_in(pl.Series(sorted(clash), dtype=pl.String).implode())
    )
    fakes = dict(zip(hits["norm"].to_list(), hits["fake"].to_list(), strict=True))
    taken = [*original, table["fake"].drop_nulls()]
    new = _redraw(list(fakes), lambda rng, v: _draw_same_date(rng, fakes[v]), key, taken)
    return _replace(table, "norm", new)


def phone_forms(phones: pl.Series) -> pl.Series:
    """The digit strings a phone number can be written as (with and without its country
    code), so that a digit-only fake of another kind is not mistaken for somebody's phone."""
    digits = digits_of(phones.drop_nulls()).str.strip_prefix("00")
    cuts = [digits.str.slice(cut).filter(digits.str.len_chars() - cut >= 7) for cut in (1, 2, 3)]
    return pl.concat([digits, *cuts]).alias("phone")


_DATETIME = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_DIGIT_RUN = rf"(?:\+|\b00)?\d(?:{DIGIT_GAP}?\d)*"


def phone_runs(text: pl.Expr) -> pl.Expr:
    """The runs of digits in free text that read as phone numbers (a list per value): with
    ``+`` or ``00`` and 8 digits or more, or bare as Norway writes them (8 digits from 2, or
    47 and 8). Dates and date-times are not read."""
    return _digit_runs(text).list.eval(pl.element().filter(_reads_as_phone(pl.element())))


def distinct_phone_runs(texts: pl.Series, name: str) -> pl.LazyFrame:
    """The distinct :func:`phone_runs` of ``texts`` (column ``name``, no nulls, in no order):
    the runs made distinct first and tested once each, flat rather than list by list."""
    found = pl.col(name)
    runs = texts.to_frame(name).lazy().select(_digit_runs(found)).explode(name)
    # The digits a column of their own: computed once per run, not once per test, and the
    # test stays above the unique (a filter alone is pushed below it, onto every run).
    digits = f"{name}_digits"
    runs = runs.unique().drop_nulls().with_columns(found.str.replace_all(r"\D", "").alias(digits))
    return runs.filter(_reads_as_phone(found, pl.col(digits))).select(name)


def _digit_runs(text: pl.Expr) -> pl.Expr:
    """The runs of digits in ``text`` outside dates and date-times (a list per value)."""
    return text.str.replace_all(_DATETIME, " ").str.extract_all(_DIGIT_RUN)


def _reads_as_phone(run: pl.Expr, digits: pl.Expr | None = None) -> pl.Expr:
    """Whether a run of digits reads as a phone number (see :func:`phone_runs`); ``digits``:
    the run's digits, when computed already."""
    if digits is None:
        digits = run.str.replace_all(r"\D", "")
    size = digits.str.len_bytes()
    explicit = run.str.contains(r"^(\+|00)") & (size >= 10)
    national = ((size == 8) & digits.str.contains("^[2-9]")) | (
        (size == 10) & digits.str.contains("^47[2-9]")
    )
    return explicit | national


# A national number with its trunk zero, as the scrub's tokens read it (070-123 45 67).
_TRUNK_RUN = rf"(?-u:\b){TRUNK_PHONE}(?-u:\b)"


def trunk_runs(text: pl.Expr) -> pl.Expr:
    """The digits of the runs in free text that read as another country's national number
    with its trunk zero (``070-123 45 67`` -> ``0701234567``; a list per value)."""
    return text.str.extract_all(_TRUNK_RUN).list.eval(pl.element().str.replace_all(r"\D", ""))


_TAIL = 7  # digits a redrawn phone number gets anew (country code and leading digits stay)


def _with_tail(fake: str, tail: str) -> str:
    """``fake`` with its last digits replaced by ``tail`` (separators stay where they are)."""
    chars = list(fake)
    todo = list(tail)
    for i in range(len(chars) - 1, -1, -1):
        if not todo:
            break
        if chars[i].isdigit():
            chars[i] = todo.pop()
    return "".join(chars)


def redraw_phones(table: pl.DataFrame, originals: list[pl.Series], key: bytes) -> pl.DataFrame:
    """``table`` (orig, fake) of phone numbers with fakes whose national number (which text
    may hold without the country code) is an original id or organisation number of the run
    (``originals``, digit strings) given new last digits. One number written in several ways
    (same :func:`normalize_phone`) gets the same new digits, so equal numbers keep equal
    fakes; the new ones are checked against ``originals`` and every other fake."""
    from washer.fakes.phones import national_numbers, normalize_phone

    national = table.with_columns(national_numbers(table["fake"]).alias("national"))
    # One semi join (hashing the run's numbers once), not a set of the clashing values.
    among = pl.concat([o.cast(pl.String) for o in originals]) if originals else None
    if among is None or not len(among):
        return table
    hit = national.join(
        among.to_frame("national"), on="national", how="semi", maintain_order="left"
    )
    if hit.height == 0:
        return table
    # Sorted, so the result does not depend on the table's order (each group's first row).
    hit = hit.sort("orig", multithreaded=False)
    numbers = hit.with_columns(normalize_phone(hit["orig"]).fill_null(hit["orig"]).alias("n"))
    present = national["national"].drop_nulls()
    # The originals' national numbers are taken too: looked up for the draws only.
    taken = [*originals, present]
    groups = sorted(numbers.group_by("n"), key=lambda g: str(g[0][0]))
    tails = _new_tails(
        [(str(n), str(group["national"][0])) for (n,), group in groups], key, taken, table["orig"]
    )
    new: dict[str, str] = {}
    for ((_,), group), tail in zip(groups, tails, strict=True):
        if tail is not None:
            for orig, fake in group.select("orig", "fake").iter_rows():
                new[orig] = _with_tail(fake, tail)
    return _replace(table, "orig", new)


_BATCH = 4  # candidates drawn per number at a time (nearly always the first is taken)


def _draw_tail(rng: random.Random, national: str) -> str:
    """``national`` with new last digits from ``rng``."""
    return _with_tail(national, "".join(rng.choice("0123456789") for _ in range(_TAIL)))


def _nationals_among(phones: pl.Series, wanted: list[str]) -> set[str]:
    """The ``wanted`` national numbers (digit strings) that are the national number of one
    of ``phones`` (:func:`~washer.fakes.phones.national_numbers`). Only the phones that end
    in a wanted number are parsed, and those with other than ASCII digits in their last
    characters: a national number is the end of the number as written, once its separators
    and ``(0)`` trunk mark are cut (none of which is a digit), so a phone whose last
    characters are digits ends in its national number as written (no digits of every phone
    computed first)."""
    from washer.fakes.phones import national_numbers

    if not len(phones) or not wanted:
        return set()
    phones = phones.cast(pl.String)
    lengths = sorted({len(w) for w in wanted})
    # A phone whose last (longest wanted) characters are all digits has the shorter too.
    maybe = phones.str.slice(-lengths[-1]).str.contains("[^0-9]").fill_null(False)
    for length in lengths:
        ends = pl.Series([w for w in wanted if len(w) == length], dtype=pl.String)
        maybe = maybe | phones.str.slice(-length).is_in(ends.implode()).fill_null(False)
    found = national_numbers(phones.filter(maybe)).drop_nulls()
    return set(found.to_list()) & set(wanted)


def _new_tails(
    numbers: list[tuple[str, str]],
    key: bytes,
    taken: list[pl.Series],
    phones: pl.Series | None = None,
) -> list[str | None]:
    """The new last digits of each (number, its fake's national number), in order: the first
    draw of the number's keyed generator that is in none of ``taken``, no national number
    of ``phones`` and no earlier number's new national number (None after ``_TRIES`` draws).

    A draw's clash with ``taken`` depends on the draw alone, so the draws of all numbers are
    checked together (one search of the run's millions of numbers), a batch at a time; which
    draw each number keeps is then decided in order, as one at a time would."""
    rngs = [
        random.Random(
            int.from_bytes(hashlib.blake2b(n.encode(), key=key, digest_size=8).digest(), "big")
        )
        for n, _ in numbers
    ]
    queued: list[list[tuple[str, bool]]] = [[] for _ in numbers]
    tried = [0] * len(numbers)

    def draw_more(todo: list[int]) -> None:
        drawn = {
            i: [_draw_tail(rngs[i], numbers[i][1]) for _ in range(min(_BATCH, _TRIES - tried[i]))]
            for i in todo
        }
        candidates = [c for found in drawn.values() for c in found]
        clash = _present(candidates, taken)
        if phones is not None:
            clash |= _nationals_among(phones, candidates)
        for i, found in drawn.items():
            tried[i] += len(found)
            queued[i] += [(c, c in clash) for c in found]

    draw_more(list(range(len(numbers))))
    used: set[str] = set()
    out: list[str | None] = []
    for i in range(len(numbers)):
        tail = None
        while True:
            if not queued[i]:
                if tried[i] >= _TRIES:
                    break
                draw_more([i])
            candidate, in_taken = queued[i].pop(0)
            if candidate in used or in_taken:
                continue
            used.add(candidate)
            tail = candidate[-_TAIL:]
            break
        out.append(tail)
    return out


def redraw_orgnr(values: pl.DataFrame, key: bytes) -> pl.DataFrame:
    """``values`` (orig, fake) of organisation numbers with fakes that equal any original
    (compared as digits) drawn again."""
    digits = values["orig"].str.replace_all(r"\D", "").drop_nulls()
    hits = values.filter(pl.col("fake").is_in(digits.implode()))
    if hits.height == 0:
        return values
    taken = [digits, values["fake"].drop_nulls()]
    new = _redraw(hits["orig"].to_list(), _draw_orgnr, key, taken)
    return _replace(values, "orig", new)


def _replace(table: pl.DataFrame, by: str, new: dict[str, str]) -> pl.DataFrame:
    if not new:
        return table
    fresh = pl.DataFrame({by: list(new), "new_fake": list(new.values())})
    return (
        table.join(fresh, on=by, how="left", maintain_order="left")
        .with_columns(pl.coalesce("new_fake", "fake").alias("fake"))
        .drop("new_fake")
    )


__all__ = [
    "distinct_phone_runs",
    "phone_forms",
    "phone_runs",
    "redraw_orgnr",
    "redraw_person_ids",
    "redraw_phones",
    "redraw_real_form_ids",
    "trunk_runs",
]
