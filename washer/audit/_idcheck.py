"""What a fake identity number is: its form, check digits, synthetic mark, birth date, gender.

The one place the audit reads Norwegian id numbers, on whole columns: check digits come from
the numpy helpers of :mod:`washer.ids._checksum` (the public :mod:`washer.ids` API checks one
value at a time, and its whole-column :func:`~washer.ids.classify_series` folds check digits
and dates into one kind, where the audit reports them apart).

Forms of an 11-digit number by its first digit: 0-3 fnr, 4-7 D-number (day + 40), 8-9 FH
(no date, no gender). Skatteetaten marks synthetic fnr and D-numbers with month + 80 (81-92),
which no real number uses.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.ids._checksum import K1_WEIGHTS, K2_WEIGHTS, check_digits_of

_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_CLEAN = r"[\s.\-]"


def _digit(expr: pl.Expr, i: int) -> pl.Expr:
    return expr.str.slice(i, 1).cast(pl.Int64, strict=False)


IntArray = npt.NDArray[np.int64]


def _century(individual: IntArray, yy: IntArray) -> IntArray:
    """Vectorised :func:`washer.ids._checksum.century` (0 where there is none)."""
    return np.select(
        [
            individual <= 499,
            (individual <= 749) & (yy >= 54),
            (individual >= 500) & (yy <= 39),
            (individual >= 900) & (yy >= 40),
        ],
        [1900, 1800, 2000, 1900],
        0,
    )


def _dates(
    year: IntArray, month: IntArray, day: IntArray
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.datetime64]]:
    """Which (year, month, day) exist, and those dates (garbage where they do not)."""
    ok_month = (month >= 1) & (month <= 12)
    months = ((np.clip(year, 1, 9999) - 1970) * 12 + np.where(ok_month, month - 1, 0)).astype(
        "datetime64[M]"
    )
    first = months.astype("datetime64[D]")
    length = ((months + 1).astype("datetime64[D]") - first).astype(np.int64)
    ok = ok_month & (day >= 1) & (day <= length)
    return ok, first + np.where(ok, day - 1, 0).astype("timedelta64[D]")


def _digits(clean: pl.Series, numeric: npt.NDArray[np.bool_]) -> IntArray:
    """The eleven digits of each ``numeric`` value (zeros for the others), one row each: read
    from the values' bytes, joined, rather than by eleven integer divisions of each number."""
    text = pl.DataFrame({"v": clean, "k": numeric}).select(
        pl.when("k").then("v").otherwise(pl.lit("0" * 11))
    )
    joined = text.to_series().str.join("").item().encode("ascii")
    return (np.frombuffer(joined, dtype=np.uint8).reshape(-1, 11) - ord("0")).astype(np.int64)


def analyse_ids(values: pl.Series) -> pl.DataFrame:
    """One row per value: ``value``, ``numeric`` (11 digits), ``form`` (fnr/dnr/fh),
    ``classic`` and ``valid`` (check digits under the classic / 2032 rule), ``synthetic``
    (month + 80), ``birth_date`` (``YYYY-MM-DD``; null when the century is not encoded or the
    date does not exist), ``ddmmyy`` (the date digits without the month + 80 / day + 40
    marks), ``date_ok`` (a real date; null for undated forms) and ``female`` (null when the
    number cannot carry a gender).
    """
    facts, birth, born = _analysis(values)
    return facts.select(
        *_FIRST,
        pl.Series(birth)
        .dt.to_string("%Y-%m-%d")
        .zip_with(pl.Series(born), pl.Series([None], dtype=pl.String))
        .alias("birth_date"),
        pl.col("ddmmyy").cast(pl.String).str.zfill(6),
        *_LAST,
    )


def id_checks(values: pl.Series) -> pl.DataFrame:
    """:func:`analyse_ids` without ``birth_date`` and with ``ddmmyy`` a number (Int64): what
    validity reads, without formatting each value's dates as text."""
    return _analysis(values)[0]


_FIRST = ("value", "numeric", "form", "classic", "valid", "synthetic")
_LAST = ("date_ok", "female")


def _analysis(
    values: pl.Series,
) -> tuple[pl.DataFrame, npt.NDArray[np.datetime64], npt.NDArray[np.bool_]]:
    """:func:`id_checks`, and the birth dates with where they are known and exist."""
    value = values.cast(pl.String).rename("value")
    clean = value.str.replace_all(_CLEAN, "")
    numeric = clean.str.contains(r"^[0-9]{11}$").fill_null(False).to_numpy()
    digits = _digits(clean, numeric)
    k1, k2, usable = check_digits_of(digits)
    classic = numeric & usable & (k1 == digits[:, 9]) & (k2 == digits[:, 10])
    s1 = digits[:, :10] @ np.array([*K1_WEIGHTS, 1])
    s2 = digits @ np.array([*K2_WEIGHTS, 1])
    valid = numeric & (s1 % 11 <= 3) & (s2 % 11 == 0)
    first = digits[:, 0]
    dated = numeric & (first <= 7)
    dnr = first >= 4

    def number(start: int, end: int) -> IntArray:
        """The digits ``start`` to ``end`` (exclusive) read as one number."""
        result: IntArray = digits[:, start:end] @ 10 ** np.arange(end - start - 1, -1, -1)
        return result

    day = number(0, 2) - np.where(dnr, 40, 0)
    raw_month = number(2, 4)
    synthetic = dated & (raw_month >= 81) & (raw_month <= 92)
    month = raw_month - np.where(synthetic, 80, 0)
    yy = number(4, 6)
    individual = number(6, 9)
    year = _century(individual, yy) + yy
    known = _century(individual, yy) > 0
    full_ok, birth = _dates(year, month, day)
    leap_ok, _ = _dates(np.full_like(year, 2000), month, day)
    date_ok = np.where(known, full_ok, leap_ok)
    form = np.select([~numeric, first <= 3, first <= 7], [0, 1, 2], 3)
    ddmmyy = day * 10**4 + month * 100 + yy
    facts = pl.DataFrame(
        {
            "value": value,
            "numeric": numeric,
            "form": pl.Series(form).replace_strict(
                [0, 1, 2, 3], [None, "fnr", "dnr", "fh"], return_dtype=pl.String
            ),
            "classic": classic,
            "valid": valid,
            "synthetic": synthetic,
            "ddmmyy": pl.Series(ddmmyy, dtype=pl.Int64).zip_with(
                pl.Series(dated & date_ok), pl.Series([None], dtype=pl.Int64)
            ),
            "date_ok": pl.Series(date_ok).zip_with(
                pl.Series(dated), pl.Series([None], dtype=pl.Boolean)
            ),
            "female": pl.Series(digits[:, 8] % 2 == 0).zip_with(
                pl.Series(dated & classic), pl.Series([None], dtype=pl.Boolean)
            ),
        }
    )
    return facts, birth, dated & known & full_ok


def orgnr_valid(values: pl.Series) -> pl.Series:
    """True where a value is a 9-digit organisation number with a valid mod-11 check digit."""
    d = values.cast(pl.String).str.replace_all(_CLEAN, "")
    frame = pl.DataFrame({"d": d})
    weighted = pl.sum_horizontal([_digit(pl.col("d"), i) * w for i, w in enumerate(_ORGNR_WEIGHTS)])
    check = (11 - weighted % 11) % 11
    ok = pl.col("d").str.contains(r"^[0-9]{9}$").fill_null(False)
    return frame.select(
        pl.when(ok).then((check != 10) & (check == _digit(pl.col("d"), 8))).otherwise(False)
    ).to_series()
