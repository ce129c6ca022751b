"""Reading ids from the values' bytes gives exactly what eleven integer divisions gave.

Oracle: :func:`washer.audit._idcheck.analyse_ids` as it was, kept here.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit._idcheck import _CLEAN, _century, _dates, analyse_ids, id_checks
from washer.ids._checksum import K1_WEIGHTS, K2_WEIGHTS, check_digits_array
from washer.testing._standin_data import dated_ids


def _old_analyse_ids(values: pl.Series) -> pl.DataFrame:
    """``analyse_ids`` before it read the digits from the values' bytes."""
    value = values.cast(pl.String).rename("value")
    clean = value.str.replace_all(_CLEAN, "")
    numeric = clean.str.contains(r"^[0-9]{11}$").fill_null(False).to_numpy()
    n = clean.str.to_integer(strict=False).fill_null(0).to_numpy().astype(np.int64)
    n = np.where(numeric, n, 0)
    digits = (n[:, None] // 10 ** np.arange(10, -1, -1)) % 10
    k1, k2, usable = check_digits_array(n // 100)
    classic = numeric & usable & (k1 == digits[:, 9]) & (k2 == digits[:, 10])
    s1 = (digits[:, :9] * np.array(K1_WEIGHTS)).sum(axis=1) + digits[:, 9]
    s2 = (digits[:, :10] * np.array(K2_WEIGHTS)).sum(axis=1) + digits[:, 10]
    valid = numeric & (s1 % 11 <= 3) & (s2 % 11 == 0)
    first = digits[:, 0]
    dated = numeric & (first <= 7)
    dnr = first >= 4
    day = n // 10**9 - np.where(dnr, 40, 0)
    raw_month = (n // 10**7) % 100
    synthetic = dated & (raw_month >= 81) & (raw_month <= 92)
    month = raw_month - np.where(synthetic, 80, 0)
    yy = (n // 10**5) % 100
    individual = (n // 100) % 1000
    year = _century(individual, yy) + yy
    known = _century(individual, yy) > 0
    full_ok, birth = _dates(year, month, day)
    leap_ok, _ = _dates(np.full_like(year, 2000), month, day)
    date_ok = np.where(known, full_ok, leap_ok)
    form = np.select([~numeric, first <= 3, first <= 7], [0, 1, 2], 3)
    ddmmyy = day * 10**4 + month * 100 + yy
    return pl.DataFrame(
        {
            "value": value,
            "numeric": numeric,
            "form": pl.Series(form).replace_strict(
                [0, 1, 2, 3], [None, "fnr", "dnr", "fh"], return_dtype=pl.String
            ),
            "classic": classic,
            "valid": valid,
            "synthetic": synthetic,
            "birth_date": pl.Series(birth)
            .dt.to_string("%Y-%m-%d")
            .zip_with(pl.Series(dated & known & full_ok), pl.Series([None], dtype=pl.String)),
            "ddmmyy": pl.Series(ddmmyy)
            .cast(pl.String)
            .str.zfill(6)
            .zip_with(pl.Series(dated & date_ok), pl.Series([None], dtype=pl.String)),
            "date_ok": pl.Series(date_ok).zip_with(
                pl.Series(dated), pl.Series([None], dtype=pl.Boolean)
            ),
            "female": pl.Series(digits[:, 8] % 2 == 0).zip_with(
                pl.Series(dated & classic), pl.Series([None], dtype=pl.Boolean)
            ),
        }
    )


_DIGITS = st.text(alphabet="0123456789", min_size=11, max_size=11)
# Eleven digits (any: valid or not, every first digit, month and century), real-form and
# synthetic ids, and what else an id column holds: separators, other lengths, letters,
# non-ASCII digits, blanks and nulls.
_VALUE = st.one_of(
    _DIGITS,
    _DIGITS.map(lambda d: f"{d[:6]} {d[6:]}"),
    _DIGITS.map(lambda d: f"{d[:2]}.{d[2:4]}-{d[4:]}"),
    st.text(alphabet="0123456789 .-", max_size=14),
    st.text(alphabet="0123456789AZaz\u0663\u00a0", max_size=12),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUE, max_size=40), st.integers(0, 2**32 - 1))
def test_the_facts_are_those_of_the_divisions(values: list[str | None], seed: int) -> None:
    rng = np.random.default_rng(seed)
    birth = np.datetime64("1940-01-01") + rng.integers(0, 36_500, 6).astype("timedelta64[D]")
    female = rng.integers(0, 2, 6).astype(bool)
    real = [
        str(v)
        for day, month in ((0, 0), (40, 0), (0, 80), (40, 80))
        for v in dated_ids(rng, birth, female, day_add=day, month_add=month)
    ]
    series = pl.Series([*values, *real], dtype=pl.String)
    new, old = analyse_ids(series), _old_analyse_ids(series)
    assert new.schema == old.schema
    assert new.equals(old)
    # What validity reads: no text dates, ddmmyy the number validity made of the text.
    numbers = old.drop("birth_date").with_columns(pl.col("ddmmyy").cast(pl.Int64))
    checks = id_checks(series)
    assert checks.schema == numbers.schema
    assert checks.equals(numbers)


def test_no_values() -> None:
    empty = pl.Series([], dtype=pl.String)
    assert analyse_ids(empty).equals(_old_analyse_ids(empty))
    assert id_checks(empty).height == 0
