"""The known (original, fake) pairs of one value domain's table (orgnr, phone, ...).

A domain's originals as written, and as people also write them: an organisation number in
groups of digits, an international phone without its country code or with a trunk zero, a
phone written with a slash or brackets (:func:`domain_pairs`). Used by :mod:`washer.tables.known`
and by :mod:`washer.tables.build`, which computes them beside the person tables.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from washer.categories import IDENTIFYING
from washer.fakes._bytes import ValueBytes
from washer.fakes._digits import digits_of
from washer.plan import Plan
from washer.tables.mentioned import Pair, _mentioned
from washer.written import grouped_orgnr

# E.164 country codes of one and two digits (all others have three).
_CC1 = ("1", "7")
_CC2 = tuple(
    str(code)
    for code in (
        20,
        27,
        30,
        31,
        32,
        33,
        34,
        36,
        39,
        40,
        41,
        43,
        44,
        45,
        46,
        47,
        48,
        49,
        51,
        52,
        53,
        54,
        55,
        56,
        57,
        58,
        60,
        61,
        62,
        63,
        64,
        65,
        66,
        81,
        82,
        84,
        86,
        90,
        91,
        92,
        93,
        94,
        95,
        98,
    )
)


def _national_numbers(phones: pl.DataFrame, shortest: int = 6) -> pl.DataFrame:
    """Each international phone's number without its country code (``orig``, ``shortest``
    digits or more), with its digits (``o``), the country code's length (``k``) and its fake
    as written (``fake``): what :func:`_national_pairs` looks up.

    People write their own number without the country code (``ring 5901444499`` for
    ``+905901444499``); a fake keeps the country code, so the pair turns the short form into
    the fake's short form. Numbers of ASCII digits after at most a ``+`` (nearly all) are
    read from their bytes (:func:`_plain_national_numbers`), the others by
    :func:`_written_national_numbers`; the rows stay in order.
    """
    orig = phones["orig"]
    if not len(orig) or orig.null_count() == len(orig):
        return _written_national_numbers(phones, shortest)
    data = ValueBytes(orig)
    plain = data.plain()
    if plain.all():
        return _plain_national_numbers(phones, data, shortest)
    if not plain.any():
        return _written_national_numbers(phones, shortest)
    rows = phones.with_row_index("row")
    some = orig.filter(pl.Series(plain))
    parts = [
        _plain_national_numbers(rows.filter(pl.Series(plain)), ValueBytes(some), shortest),
        _written_national_numbers(rows.filter(pl.Series(~plain)), shortest),
    ]
    return pl.concat(parts).sort("row").drop("row")


# Whether two digits (a number 0-99) are one of the two-digit country codes.
_IS_CC2 = np.isin(np.arange(100), [int(c) for c in _CC2])


def _plain_national_numbers(phones: pl.DataFrame, data: ValueBytes, shortest: int) -> pl.DataFrame:
    """:func:`_written_national_numbers` of phones written as ASCII digits after at most a
    ``+`` (``data``: their bytes; any other columns of ``phones`` are kept, before the
    result's): their digits need no cleaning, and the first two name the country code's
    length."""
    sizes = data.sizes
    plus = (data.at(0) == ord("+")).astype(np.int64)
    zero = ord("0")
    double = (data.at(plus) == zero) & (data.at(plus + 1) == zero)
    international = (plus == 1) | double
    skip = plus + 2 * double  # the +, and the 00 after it if any (the digits' "00" is cut)
    first, second = data.at(skip) - zero, data.at(skip + 1) - zero
    two = second >= 0  # at least two digits after the +/00
    cc2 = _IS_CC2[np.where(two, first * 10 + second, 0)]  # "00" is no code
    k = np.where((first == 1) | (first == 7), 1, np.where(cc2, 2, 3))
    kept = international & (np.maximum(sizes - skip - k, 0) >= shortest)
    where = pl.Series(kept)
    frame = phones.filter(where).with_columns(
        pl.Series("skip", skip[kept]), pl.Series("k", k[kept], dtype=pl.Int32)
    )
    others = [c for c in frame.columns if c not in ("orig", "fake", "skip", "k")]
    return frame.select(
        *others,
        pl.col("orig").str.slice(pl.col("skip")).alias("o"),
        "fake",
        "k",
        pl.col("orig").str.slice(pl.col("skip") + pl.col("k")).alias("orig"),
    )


def _written_national_numbers(phones: pl.DataFrame, shortest: int) -> pl.DataFrame:
    """:func:`_national_numbers` of phones written any way (any other columns of ``phones``
    are kept, before the result's)."""
    international = phones.filter(pl.col("orig").str.contains(r"^\s*(\+|00)"))
    digits = international.drop("orig", "fake").with_columns(
        digits_of(international["orig"]).str.strip_prefix("00").alias("o"),
        international["fake"],
    )
    cc = (
        pl.when(pl.col("o").str.slice(0, 1).is_in(_CC1))
        .then(1)
        .when(pl.col("o").str.slice(0, 2).is_in(_CC2))
        .then(2)
        .otherwise(3)
    )
    national = pl.col("o").str.slice(pl.col("k")).alias("orig")
    return (
        digits.with_columns(cc.alias("k"))
        .with_columns(national)
        .filter(pl.col("orig").str.len_chars() >= shortest)
    )


def _national_pairs(national: pl.DataFrame, among: pl.Series) -> pl.DataFrame:
    """The (national number, its fake's) of the :func:`_national_numbers` ``national`` whose
    number is one of ``among`` and whose fake has the same country code. Only those few
    fakes' digits are computed, not the run's every phone's."""
    named = national.filter(pl.col("orig").is_in(among.implode()))
    fake = digits_of(named["fake"]).str.strip_prefix("00").alias("f")
    return (
        named.with_columns(fake)
        .filter(pl.col("o").str.slice(0, pl.col("k")) == pl.col("f").str.slice(0, pl.col("k")))
        .select("orig", pl.col("f").str.slice(pl.col("k")).alias("fake"))
    )


def _orgnr_grouped(table: pl.DataFrame) -> pl.DataFrame:
    """Each organisation number as its nine digits and as printed (:func:`grouped_orgnr`),
    with its fake written the same way."""
    digits = table.select(
        pl.col("orig").str.replace_all(r"\D", "").alias("o"),
        pl.col("fake").str.replace_all(r"\D", "").alias("f"),
    ).filter((pl.col("o").str.len_bytes() == 9) & (pl.col("f").str.len_bytes() == 9))
    return pl.concat(
        [
            digits.select(orig="o", fake="f"),
            digits.select(
                grouped_orgnr(pl.col("o")).alias("orig"), grouped_orgnr(pl.col("f")).alias("fake")
            ),
        ]
    )


def domain_pairs(
    plan: Plan,
    domain_name: str,
    table: pl.DataFrame,
    results: Mapping[str, pl.DataFrame],
    tokens: pl.DataFrame,
) -> list[Pair]:
    """The known pairs of one value domain's table (none for a domain of no identifying
    column). Independent of the people, so a wash computes them beside the person tables."""
    _, cols = plan.domains[domain_name]
    if not any(plan.rules.columns[c].category in IDENTIFYING for c in cols):
        return []
    if domain_name == "orgnr":
        return _mentioned(table, tokens) + _mentioned(_orgnr_grouped(table), tokens)
    if domain_name != "phone":
        # A domain's originals are distinct and not null: no need to find them again (they
        # may come unsorted, and hashing them all costs about what the sort saved).
        return _mentioned(table, tokens, origs=table["orig"])
    # The scrub finds phone numbers itself; the numbers of the run's free text are in the
    # phone table (their fakes avoid every other number of the run), and what it cannot
    # recognise is an international number written without its code.
    found = []
    if "text_phones" in results:
        written = results["text_phones"]["orig"].implode()
        found += _mentioned(table.filter(pl.col("orig").is_in(written)), tokens, mentioned=True)
    national = _national_numbers(table)
    # Only the numbers the text holds as a token are named (the rest would be looked up and
    # dropped by _mentioned).
    named = _national_pairs(national, tokens["token"])
    found += _mentioned(named, tokens, digits=True)  # six digits or more
    # ... or written 912/34567 or (912) 34 567, which the scrub reads only as a number of the
    # row or the run: the run's Norwegian numbers whose eight digits the text holds so.
    slashed = tokens.filter(pl.col("token").str.starts_with("/"))["token"]
    if len(slashed):
        eight = "/" + pl.col("orig").str.replace_all(r"\D", "").str.slice(-8)
        norwegian = pl.col("orig").str.contains(r"^\s*(?:(?:\+|00)\s*47)?[\s0-9().\-/]+$")
        written_so = eight.is_in(slashed.implode()) & norwegian
        found += _mentioned(table.filter(written_so), tokens, mentioned=True)
    if "text_trunk" in results:
        # ... or nationally, with its trunk zero (070-123 45 67 for +46 70 123 45 67)
        # (the numbers written so looked up without their zero, the few found given it)
        written = results["text_trunk"]["orig"]
        unzeroed = written.filter(written.str.starts_with("0")).str.slice(1)
        trunk = _national_pairs(national, unzeroed).select(
            (pl.lit("0") + pl.col("orig")).alias("orig"),
            (pl.lit("0") + pl.col("fake")).alias("fake"),
        )
        found += _mentioned(trunk, tokens, mentioned=True)
    return found


__all__ = ["domain_pairs"]
