"""Plant one original value, spelled in one of several ways, into a washed frame."""

from __future__ import annotations

import polars as pl

from washer.audit import name_pools
from washer.audit.normalise import text

KINDS = ("person_id", "phone", "email", "name", "address")


def _rare_names(extract: pl.DataFrame) -> list[str]:
    pool = name_pools().words
    counts = extract.group_by("p_last_name").agg(pl.col("p_unique_id").n_unique().alias("n"))
    candidates = counts.filter(pl.col("n") < 3)["p_last_name"].to_list()
    return sorted(n for n in candidates if normalised(n) not in pool)


def original_value(extract: pl.DataFrame, kind: str, pick: int) -> str:
    """An identifying value of the originals of the given kind."""
    if kind == "person_id":
        values = extract.filter(pl.col("p_unique_id").str.contains(r"^\d{11}$"))["p_unique_id"]
    elif kind == "phone":
        values = extract.filter(~pl.col("p_phone").str.starts_with("+46"))["p_phone"]
    elif kind == "email":
        values = extract["p_email"]
    elif kind == "name":
        values = pl.Series(_rare_names(extract))
    else:
        values = extract["a_location_address"]
    values = values.drop_nulls().unique().sort()
    return str(values[pick % values.len()])


def spellings(kind: str, value: str) -> list[str]:
    """Ways the same value may be written in a washed cell (whole, respelled, inside text)."""
    if kind == "person_id":
        return [value, f"{value[:6]} {value[6:]}", f"fnr: {value}.", f"id{value}x"]
    if kind == "phone":
        national = "".join(c for c in value if c.isdigit())[-8:]
        spaced = f"+47 {national[:3]} {national[3:5]} {national[5:]}"
        return [
            national,
            spaced,
            "0047" + national,
            f"ring {spaced} etter kl 15",
            f"tlf:{national}",
            f"{national[:3]} {national[3:5]} {national[5:]} 22 33 44 55",
        ]
    if kind == "email":
        local, domain = value.split("@")
        spelled = [
            f"skriv til {local}(at){domain.replace('.', '(dot)')}",
            f"{local.upper()} [AT] {domain}",
            f"mail {local} @ {domain}",
        ]
        return [value, value.upper(), *spelled, f"mail: {value}, takk", f"<{value}>"]
    if kind == "name":
        return [value, value.upper(), f"Kontakt {value} i morgen", f"{value.lower()}-familien"]
    street, number = value.rsplit(" ", 1)
    return [value, value.upper(), f"bor i {street}  {number}, Oslo", f"{street.lower()} {number}"]


def plant(washed: pl.DataFrame, column: str, row: int, cell: str) -> pl.DataFrame:
    """A copy of the washed frame with one cell replaced."""
    values = washed[column].cast(pl.String).scatter(row, cell)
    return washed.with_columns(values.alias(column))


def normalised(value: str) -> str:
    return str(pl.select(text(pl.lit(value))).item())
