"""Phone numbers: one canonical form for comparing, and keyed fakes that keep the format.

``normalize_phone`` turns ``"+47 912 34 567"``, ``"004791234567"``, ``"4791234567"`` and
``"91234567"`` into ``"+4791234567"``. ``fake_phones`` is value-based: the national digits go
through a keyed format-preserving permutation of all numbers with the same country code and
length (injective, never the number itself), and are written back into the original's own
layout, so ``"004791234567"`` becomes ``"0047"`` + 8 fake digits and ``"+47 912 34 567"`` keeps
its spaces. Norwegian numbers keep their first-digit class (mobile 4/9, landline 2/3/5/6/7,
special 8, 0/1). Other countries keep their country code and first national digit.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes._bytes import ValueBytes
from washer.fakes._charmatrix import from_matrix, scramble_runs, to_matrix
from washer.fakes._country_codes import ONE, THREE, TWO
from washer.fakes._distinct import on_distinct
from washer.fakes._fpe import derange, group_numbers
from washer.fakes._splice import replace_last_digits

_SEPARATORS = r"[\s\-./()\u2010-\u2015\u2212]"
# First-digit classes of Norwegian 8-digit numbers: the fake stays in the original's class.
_NO_CLASSES = ("49", "23567", "8", "01")
_NO_CLASS = np.array([next(i for i, c in enumerate(_NO_CLASSES) if str(d) in c) for d in range(10)])
_NO_SLOT = np.array([_NO_CLASSES[_NO_CLASS[d]].index(str(d)) for d in range(10)])
_NO_SIZE = np.array([len(c) for c in _NO_CLASSES], dtype=np.uint64)
_NO_MEMBERS = np.array(
    [[int(c[min(i, len(c) - 1)]) for i in range(5)] for c in _NO_CLASSES]
).astype(np.uint64)
_POW10 = np.array([10**i for i in range(20)], dtype=np.uint64)
_DIGITS = r"^(\+|00)?[0-9]+$"  # a cleaned number: digits after an optional + or 00


def _country_code(digits: str) -> str:
    """The country code at the start of ``digits`` (an E.164 number without ``+``); the first
    two digits when no code matches."""
    for k, codes in ((1, ONE), (2, TWO), (3, THREE)):
        if digits[:k] in codes:
            return digits[:k]
    return digits[:2]


_CC_BY_PREFIX = {
    p: _country_code(p) for k in (1, 2, 3) for p in (str(i).zfill(k) for i in range(10**k))
}


# For a number written with its country code: prefixes starting with 0 name no country.
_CC_OF_INTL = {p: cc for p, cc in _CC_BY_PREFIX.items() if not p.startswith("0")}
_TWO_TO_NINE = list("23456789")


def _cleaned(s: pl.Series) -> pl.Series:
    """``s`` without a ``(0)`` trunk mark and separators; values with neither (nearly every
    stored number) are not rewritten. (Surrounding whitespace is a separator too.)"""
    odd = s.str.contains(_SEPARATORS).arg_true()
    if not len(odd):
        return s
    part = s.gather(odd).str.replace_all("(0)", "", literal=True)
    return s.clone().scatter(odd, part.str.replace_all(_SEPARATORS, ""))  # not in place


def _parsed(s: pl.Series, default_country: str) -> pl.DataFrame:
    """Columns ``cc`` and ``national`` (null where ``s`` is not a phone number)."""
    if default_country == "47":
        return _parsed_norwegian(s)
    t = pl.col("t")
    n = t.str.len_chars()
    national = pl.when(n.is_between(6, 12)).then(pl.lit(default_country) + t.str.strip_prefix("0"))
    intl = (
        pl.when(t.str.starts_with("+"))
        .then(t.str.slice(1))
        .when(t.str.starts_with("00"))
        .then(t.str.slice(2))
        .otherwise(national)
    )
    intl_ok = pl.when(t.str.contains(_DIGITS)).then(intl)
    # The country code is decided by the first three digits: one lookup.
    cc = pl.col("intl").str.slice(0, 3).replace_strict(_CC_BY_PREFIX, default=None)
    frame = pl.DataFrame({"t": _cleaned(s)}).select(intl_ok.alias("intl"))
    frame = frame.with_columns(cc.alias("cc"))
    frame = frame.with_columns(pl.col("intl").str.slice(pl.col("cc").str.len_chars()).alias("nat"))
    nat = pl.col("nat")
    nlen = nat.str.len_chars()
    valid = (
        pl.col("intl").str.contains("^[1-9]")
        & nlen.is_between(4, 14)
        & ((pl.col("cc").str.len_chars() + nlen) <= 15)
        & ((pl.col("cc") != "47") | (nlen == 8))
    )
    return frame.select(
        pl.when(valid).then(pl.col("cc")).alias("cc"),
        pl.when(valid).then(nat).alias("national"),
    )


def _parsed_norwegian(s: pl.Series) -> pl.DataFrame:
    """:func:`_parsed` for Norway: a number without ``+``/``00`` is 8 digits from 2 (or the
    same after ``47``). Values of ASCII digits after at most a ``+`` (nearly every stored
    number) are read from their bytes (:func:`_parsed_plain`), the others by polars
    expressions (:func:`_parsed_written`)."""
    if not len(s) or s.null_count() == len(s):
        return _parsed_written(s)
    data = ValueBytes(s)
    plain = data.plain()
    if plain.all():
        return _parsed_plain(s, data)
    if not plain.any():
        return _parsed_written(s)
    at, rest = np.flatnonzero(plain), np.flatnonzero(~plain)
    cc = pl.repeat(None, len(s), dtype=pl.String, eager=True).alias("cc")
    national = cc.alias("national")
    some = s.gather(at)
    for rows, part in (
        (at, _parsed_plain(some, ValueBytes(some))),
        (rest, _parsed_written(s.gather(rest))),
    ):
        cc = cc.scatter(rows, part["cc"])
        national = national.scatter(rows, part["national"])
    return pl.DataFrame([cc, national])


def _parsed_plain(s: pl.Series, data: ValueBytes) -> pl.DataFrame:
    """:func:`_parsed_written` of values that are ASCII digits after at most a leading ``+``
    (or null or empty; ``data``: their bytes): such a value needs no cleaning, and the first
    digits after its ``+`` or ``00`` name its country code (one table lookup)."""
    sizes = data.sizes
    b0, b1, b2 = data.at(0), data.at(1), data.at(2)
    zero = ord("0")
    plus = b0 == ord("+")
    number = (sizes > 0) & ~(plus & (sizes == 1))  # a digit after at most the +
    intl = number & (plus | ((b0 == zero) & (b1 == zero)))
    skip = np.where(plus, 1, 2)
    nat8 = (sizes == 8) & (b0 >= ord("2"))  # not a + (below "0"): a digit 2-9
    nat10 = (sizes == 10) & (b0 == ord("4")) & (b1 == ord("7")) & (b2 >= ord("2"))
    # the country code of the (up to) three digits after the + or 00
    width = np.clip(sizes - skip, 0, 3)
    prefix = np.zeros(len(sizes), dtype=np.int64)
    for k in range(3):
        digit = data.at(skip + k) - zero
        prefix = np.where(k < width, prefix * 10 + digit, prefix)
    cc = np.where(intl, _CC_TABLE[width, prefix], np.where(number & (nat8 | nat10), 47, -1))
    cclen = _CC_DIGITS[np.maximum(cc, 0)]
    start = np.where(intl, skip + cclen, np.where(nat10, 2, 0))
    nlen = sizes - start
    valid = (cc > 0) & (nlen >= 4) & (nlen <= 14) & (cclen + nlen <= 15)
    valid &= (cc != 47) | (nlen == 8)
    # The codes written from a table of their strings (0: none), not cast one by one.
    codes = _CC_STRINGS.gather(np.where(valid, cc, 0)).alias("cc")
    offsets = pl.Series(start).set(pl.Series(~valid), None)
    national = pl.DataFrame({"t": s, "o": offsets}).select(
        pl.col("t").str.slice(pl.col("o")).alias("national")
    )
    return national.insert_column(0, codes)


def _cc_table() -> npt.NDArray[np.int64]:
    """``_CC_OF_INTL`` as an array: row the prefix's width (0-3), column its value; -1 where
    the prefix names no country (none, or one starting with 0)."""
    table = np.full((4, 1000), -1, dtype=np.int64)
    for prefix, cc in _CC_OF_INTL.items():
        table[len(prefix), int(prefix)] = int(cc)
    return table


_CC_TABLE = _cc_table()
# The digits of each country code (a code never starts with 0); index 0 answers for none.
_CC_DIGITS = np.array([len(str(c)) if c else 0 for c in range(1000)], dtype=np.int64)
_CC_STRINGS = pl.Series([None, *(str(c) for c in range(1, 1000))], dtype=pl.String)


def _parsed_written(s: pl.Series) -> pl.DataFrame:
    """:func:`_parsed_norwegian` of any values. Where the national number starts in the
    cleaned value is computed, and the number cut once: no prefixed copy of every value (a
    third less time)."""
    t = pl.col("t")
    n = t.str.len_chars()
    plus = t.str.starts_with("+")
    intl = plus | t.str.starts_with("00")
    skip = pl.when(plus).then(1).otherwise(2)  # the "+" or "00"
    nat8 = (n == 8) & t.str.slice(0, 1).is_in(_TWO_TO_NINE)
    nat10 = (n == 10) & t.str.starts_with("47") & t.str.slice(2, 1).is_in(_TWO_TO_NINE)
    cc = (
        pl.when(~t.str.contains(_DIGITS))
        .then(None)
        .when(intl)
        .then(t.str.slice(skip, 3).replace_strict(_CC_OF_INTL, default=None))
        .when(nat8 | nat10)
        .then(pl.lit("47"))
    )
    start = pl.when(intl).then(skip + pl.col("cc").str.len_chars()).when(nat10).then(2).otherwise(0)
    cclen = pl.col("cc").str.len_chars()
    nlen = n - pl.col("start")
    valid = nlen.is_between(4, 14) & ((cclen + nlen) <= 15) & ((pl.col("cc") != "47") | (nlen == 8))
    return (
        pl.LazyFrame({"t": _cleaned(s)})
        .with_columns(cc.alias("cc"))
        .with_columns(start.alias("start"))
        .select(
            pl.when(valid).then(pl.col("cc")).alias("cc"),
            pl.when(valid).then(t.str.slice(pl.col("start"))).alias("national"),
        )
        .collect()
    )


def normalize_phone(s: pl.Series, *, default_country: str = "47") -> pl.Series:
    """``"+<cc><national>"``, or null where the value is not a phone number.

    Spaces, dashes, dots, slashes, parentheses and a ``(0)`` trunk mark are ignored. A number
    without ``+``/``00`` is national to ``default_country``; for Norway (the default) that is 8
    digits starting 2-9, or 10 digits starting ``47`` (the code without ``+``).
    """
    return on_distinct(s.cast(pl.String), lambda d: _normalize(d, default_country))


def national_numbers(s: pl.Series, *, default_country: str = "47") -> pl.Series:
    """The national number of each phone number (its digits after the country code), or
    null where the value is not a phone number."""
    return _parsed(s.cast(pl.String), default_country)["national"].alias(s.name)


def phone_parts(s: pl.Series, *, default_country: str = "47") -> pl.DataFrame:
    """Columns ``normalised`` (:func:`normalize_phone`) and ``national``
    (:func:`national_numbers`) of each value, from one reading of it (for values mostly
    distinct, as phone numbers in free text are)."""
    parsed = _parsed(s.cast(pl.String), default_country)
    return parsed.select(
        (pl.lit("+") + pl.col("cc") + pl.col("national")).alias("normalised"), "national"
    )


def _normalize(s: pl.Series, default_country: str) -> pl.Series:
    return phone_parts(s, default_country=default_country)["normalised"]


def fake_phones(s: pl.Series, key: bytes, *, default_country: str = "47") -> pl.Series:
    """A keyed fake per phone number, in the original's layout; nulls stay null.

    Equal numbers (after :func:`normalize_phone`) get equal national digits whatever their
    layout. Values that are not one phone number (``"91234567 / 22334455"``, ``"+47 912 34 567
    (mobil)"``) get each phone number in them faked the same way and every other run of digits
    replaced (keyed, same length); values without digits are returned as they are.
    """
    return on_distinct(s.cast(pl.String), lambda d: _fake(d, key, default_country))


def _fake(s: pl.Series, key: bytes, default_country: str) -> pl.Series:
    parsed = _parsed(s, default_country)
    valid = parsed["cc"].is_not_null().to_numpy()
    if len(s) and valid.all():  # the usual column of numbers: no gather, no scatter
        return _fake_valid(s, parsed, key).alias(s.name)
    out = s.clone()
    idx = np.flatnonzero(valid)
    if len(idx):
        out.scatter(idx, _fake_valid(s.gather(idx), parsed[idx], key))
    rest = np.flatnonzero(~valid & s.str.contains("[0-9]").fill_null(False).to_numpy())
    if len(rest):
        out.scatter(rest, _fake_embedded(s.gather(rest), key, default_country))
    return out


def _fake_embedded(s: pl.Series, key: bytes, default_country: str) -> pl.Series:
    """Phone numbers inside other text faked as phones; the remaining digit runs scrambled."""
    from washer.fakes._tokens import PHONE_KIND, tokenize  # the tokeniser knows phone layouts

    tokens = tokenize(pl.DataFrame({"gid": np.arange(len(s)), "text": s}))
    tok = tokens["tok"]
    parsed = _parsed(tok, default_country)
    phone = ((tokens["kind"] == PHONE_KIND) & parsed["cc"].is_not_null()).to_numpy()
    new = tok.clone()
    idx = np.flatnonzero(phone)
    if len(idx):
        new.scatter(idx, _fake_valid(tok.gather(idx), parsed[idx], key))
    other = np.flatnonzero(~phone & tok.str.contains("[0-9]").to_numpy())
    if len(other):
        part = tok.gather(other)
        m = scramble_runs(to_matrix(part), key, b"phone/other", letters=False)
        new.scatter(other, from_matrix(m, part))
    rebuilt = (
        pl.DataFrame({"gid": tokens["gid"], "tok": new})
        .group_by("gid", maintain_order=True)
        .agg(pl.col("tok").str.join(""))
    )
    return rebuilt["tok"].alias(s.name)


def _fake_valid(s: pl.Series, parsed: pl.DataFrame, key: bytes) -> pl.Series:
    cc = parsed["cc"].cast(pl.Int64).to_numpy()
    national = parsed["national"]
    length = national.str.len_chars().to_numpy().astype(np.int64)
    first = national.str.slice(0, 1).cast(pl.Int64).to_numpy()
    digits = national.cast(pl.UInt64).to_numpy()
    norwegian = (cc == 47) & (length == 8)
    keep_first = ~norwegian & (length >= 6)
    # What is permuted: the digits after the first (keep_first), all of them (short numbers),
    # or for Norway the first digit's place in its class followed by the other seven.
    rest_len = np.where(keep_first, length - 1, length)
    pow_rest = _POW10[rest_len]
    values = np.where(keep_first, digits % pow_rest, digits)
    sizes = pow_rest
    splits = _POW10[(rest_len + 1) // 2]
    # Domain label: country code, length and the kept first digit (10: none kept).
    labels = cc * 10000 + length * 100 + np.where(keep_first, first, 10)
    cls = _NO_CLASS[first]
    seven = np.uint64(10**7)
    values = np.where(norwegian, _NO_SLOT[first].astype(np.uint64) * seven + digits % seven, values)
    sizes = np.where(norwegian, _NO_SIZE[cls] * seven, sizes)
    splits = np.where(norwegian, np.uint64(10**4), splits)
    labels = np.where(norwegian, -1 - cls, labels)
    codes, groups = group_numbers(labels)
    tweaks = [
        b"phone/no/%d" % (-1 - c)
        if c < 0
        else b"phone/%d/%d/%d" % (c // 10000, c // 100 % 100, c % 100)
        for c in codes.tolist()
    ]
    fakes = derange(values, sizes, splits, groups.astype(np.int64), tweaks, key, avoid_inputs=True)
    slot = np.minimum(fakes // seven, np.uint64(_NO_MEMBERS.shape[1] - 1)).astype(np.int64)
    no_fake = _NO_MEMBERS[cls, slot] * seven + fakes % seven
    national_fake = np.where(
        norwegian, no_fake, np.where(keep_first, digits - values + fakes, fakes)
    )
    # Nearly every value ends in its national number: its digits are then written over it as
    # it is, with no search for them.
    at_end = pl.DataFrame({"s": s, "n": national}).select(pl.col("s").str.ends_with(pl.col("n")))
    return replace_last_digits(s, length, national_fake, at_end.to_series().to_numpy())
