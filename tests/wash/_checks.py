"""Checks shared by the wash tests: reading output, finding leaks, decoding fake ids."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from washer.io import open_input
from washer.keys import Key
from washer.pipeline import RunKeys, build_tables, plan_run, wash_frame
from washer.rules import load_rules

REFERENCE = dt.date(2024, 5, 17)
EVENT_COLUMNS = (
    "a_date",
    "a_updated",
    "p_updated",
    "p_follow_up_time",
    "a_quarantine_reg_arrival",
    "a_quarantine_reg_departure",
    "a_border_crossing_arrival",
)


def read(path: Path) -> pl.DataFrame:
    return open_input(path).lazy().collect()


def run_cli(*args: str) -> tuple[int, str]:
    """A ``washer`` command's exit code and output (never a traceback)."""
    from click.testing import CliRunner

    from washer.cli import main

    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def wash_cli(extract: Path, rules: Path, out: Path, key: Path, *more: str) -> tuple[int, str]:
    """``washer wash`` of ``extract`` (reference date :data:`REFERENCE`): exit code, output."""
    args = ["wash", str(extract), "--rules", str(rules), "--key-file", str(key)]
    args += ["--reference-date", REFERENCE.isoformat(), "--out", str(out), *more]
    return run_cli(*args)


def wash_frames(
    frames: list[pl.DataFrame], rules: Path, key: Key, reference: dt.date = REFERENCE
) -> list[pl.DataFrame]:
    """The library pipeline without files (fast enough for property tests)."""
    ruleset = load_rules(rules)
    plan = plan_run(ruleset, [(f"input{i}", f.columns) for i, f in enumerate(frames)])
    keys = RunKeys.for_key(key)
    tables = build_tables(plan, [f.lazy() for f in frames], keys, reference)
    return [wash_frame(plan, tables, keys, f.lazy(), f.columns).collect() for f in frames]


def cells(frame: pl.DataFrame) -> list[str]:
    return [v for column in frame.columns for v in frame[column].drop_nulls().to_list()]


def leaks(values: set[str], frame: pl.DataFrame) -> list[str]:
    """Original values found in any cell, in any case; numbers also when spaced or dotted,
    with or without a country code (but not inside a longer run of digits)."""
    texts = [c.casefold() for c in cells(frame)]
    found = []
    for value in values:
        v = value.strip().casefold()
        if not v:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(v) + r"(?!\w)")
        if any(pattern.search(t) for t in texts):
            found.append(value)
            continue
        only_digits = re.sub(r"\D", "", v)
        if len(only_digits) >= 8 and only_digits == re.sub(r"[\s.+\-]", "", v):
            forms = [r"(?:\+|00)?" + r"[\s.\-]?".join(only_digits)]
            if v.startswith(("+", "00")):  # also without its country code (1-3 digits)
                digits = only_digits[2:] if v.startswith("00") else only_digits
                forms += [
                    r"[\s.\-]?".join(digits[cut:]) for cut in (1, 2, 3) if len(digits) - cut >= 8
                ]
            numbers = [re.compile(r"(?<!\d)" + form + r"(?!\d)") for form in forms]
            if any(n.search(t) for n in numbers for t in texts):
                found.append(value)
    return found


def fake_id_date(fake: str) -> dt.date | None:
    """The birth date inside an 11-digit fnr/D-number (synthetic or not)."""
    day, month, yy, iii = int(fake[:2]), int(fake[2:4]), int(fake[4:6]), int(fake[6:9])
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    elif month > 40:
        month -= 40
    if iii <= 499:
        century = 1900
    elif iii <= 749 and yy >= 54:
        century = 1800
    elif yy <= 39:
        century = 2000
    else:
        century = 1900
    try:
        return dt.date(century + yy, month, day)
    except ValueError:
        return None


def norm_id(value: str | None) -> str | None:
    if value is None:
        return None
    out = re.sub(r"[\s.\-]", "", value).upper()
    return out or None
