"""What a fake identity number is: its form, check digits, synthetic mark, birth date, gender.

The one place the audit reads Norwegian id numbers (stand-in until ``washer.ids`` lands; the
lead switches it over). Works on whole columns: check digits come from
:mod:`washer.ids._checksum` on numpy arrays.

Forms of an 11-digit number by its first digit: 0-3 fnr, 4-7 D-number (day + 40), 8-9 FH
(no date, no gender). Skatteetaten marks synthetic fnr and D-numbers with month + 80 (81-92),
which no real number uses.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.ids._checksum import K1_WEIGHTS, check_digits_array

_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_CLEAN = r"[\s.\-]"


def _digit(expr: pl.Expr, i: int) -> pl.Expr:
    return expr.str.slice(i, 1).cast(pl.Int64, strict=False)


def _century(individual: pl.Expr, yy: pl.Expr) -> pl.Expr:
    """Vectorised :func:`washer.ids._checksum.century`."""
    return (
        pl.when(individual <= 499)
        .then(1900)
        .when((individual <= 749) & (yy >= 54))
        .then(1800)
        .when((individual >= 500) & (yy <= 39))
        .then(2000)
        .when((individual >= 900) & (yy >= 40))
        .then(1900)
    )


def analyse_ids(values: pl.Series) -> pl.DataFrame:
    """One row per value: ``value``, ``numeric`` (11 digits), ``form`` (fnr/dnr/fh),
    ``classic`` and ``valid`` (check digits under the classic / 2032 rule), ``synthetic``
    (month + 80), ``birth_date`` (``YYYY-MM-DD``; null when the century is not encoded or the
    date does not exist), ``ddmmyy`` (the date digits without the month + 80 / day + 40
    marks), ``date_ok`` (a real date; null for undated forms) and ``female`` (null when the
    number cannot carry a gender).
    """
    frame = pl.DataFrame({"value": values.cast(pl.String)})
    clean = pl.col("value").str.replace_all(_CLEAN, "")
    frame = frame.with_columns(clean.alias("d"))
    frame = frame.with_columns(numeric=pl.col("d").str.contains(r"^\d{11}$").fill_null(False))
    d = frame["d"].to_numpy()
    numeric = frame["numeric"].to_numpy()
    padded = np.where(numeric, d, "00000000000").astype("U11")
    all_digits = np.frombuffer(padded.tobytes(), dtype=np.uint32).reshape(-1, 11) - 48
    digits = all_digits.astype(np.int64)
    prefix = (digits[:, :9] * (10 ** np.arange(8, -1, -1))).sum(axis=1)
    k1, k2, usable = check_digits_array(prefix)
    classic = numeric & usable & (k1 == digits[:, 9]) & (k2 == digits[:, 10])
    s1 = (digits[:, :9] * np.array(K1_WEIGHTS)).sum(axis=1) + digits[:, 9]
    k2_2032 = (11 - ((digits[:, :10] * np.array((5, 4, 3, 2, 7, 6, 5, 4, 3, 2))).sum(axis=1)) % 11)
    valid = numeric & (s1 % 11 <= 3) & (k2_2032 % 11 == digits[:, 10])
    frame = frame.with_columns(
        classic=pl.Series(classic), valid=pl.Series(valid), first=_digit(pl.col("d"), 0)
    )
    day = pl.col("d").str.slice(0, 2).cast(pl.Int64, strict=False)
    month = pl.col("d").str.slice(2, 2).cast(pl.Int64, strict=False)
    yy = pl.col("d").str.slice(4, 2).cast(pl.Int64, strict=False)
    individual = pl.col("d").str.slice(6, 3).cast(pl.Int64, strict=False)
    form = (
        pl.when(~pl.col("numeric"))
        .then(None)
        .when(pl.col("first") <= 3)
        .then(pl.lit("fnr"))
        .when(pl.col("first") <= 7)
        .then(pl.lit("dnr"))
        .otherwise(pl.lit("fh"))
    )
    frame = frame.with_columns(form=form)
    dated = pl.col("form").is_in(["fnr", "dnr"])
    real_day = pl.when(pl.col("form") == "dnr").then(day - 40).otherwise(day)
    synthetic = dated & month.is_between(81, 92)
    real_month = pl.when(synthetic).then(month - 80).otherwise(month)
    year = _century(individual, yy) + yy
    birth = pl.format(
        "{}-{}-{}",
        year.cast(pl.String).str.zfill(4),
        real_month.cast(pl.String).str.zfill(2),
        real_day.cast(pl.String).str.zfill(2),
    ).str.to_date("%Y-%m-%d", strict=False)
    ddmm = pl.format(
        "2000-{}-{}",
        real_month.cast(pl.String).str.zfill(2),
        real_day.cast(pl.String).str.zfill(2),
    ).str.to_date("%Y-%m-%d", strict=False)
    # Numbers valid only under the 2032 rule need not encode the century: then only day and
    # month can be checked (in a leap year).
    date_ok = pl.when(year.is_not_null()).then(birth.is_not_null()).otherwise(ddmm.is_not_null())
    return frame.select(
        "value",
        "numeric",
        "form",
        "classic",
        "valid",
        synthetic=synthetic.fill_null(False),
        birth_date=pl.when(dated).then(birth).dt.to_string("%Y-%m-%d"),
        ddmmyy=pl.when(dated & date_ok).then(
            pl.format(
                "{}{}{}",
                real_day.cast(pl.String).str.zfill(2),
                real_month.cast(pl.String).str.zfill(2),
                yy.cast(pl.String).str.zfill(2),
            )
        ),
        date_ok=pl.when(dated).then(date_ok.fill_null(False)),
        female=pl.when(dated & pl.col("classic")).then(_digit(pl.col("d"), 8) % 2 == 0),
    )


def orgnr_valid(values: pl.Series) -> pl.Series:
    """True where a value is a 9-digit organisation number with a valid mod-11 check digit."""
    d = values.cast(pl.String).str.replace_all(_CLEAN, "")
    frame = pl.DataFrame({"d": d})
    weighted = pl.sum_horizontal(
        [_digit(pl.col("d"), i) * w for i, w in enumerate(_ORGNR_WEIGHTS)]
    )
    check = (11 - weighted % 11) % 11
    ok = pl.col("d").str.contains(r"^\d{9}$").fill_null(False)
    return frame.select(
        pl.when(ok).then((check != 10) & (check == _digit(pl.col("d"), 8))).otherwise(False)
    ).to_series()
