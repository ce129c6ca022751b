"""``washer generate``: write a production-shaped synthetic extract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from washer.errors import OutputError
from washer.generate import (
    FIRST_REFERENCE_DATE,
    LAST_REFERENCE_DATE,
    MAX_ROWS,
    format_of,
    generate_extract,
    write_extract,
)


@click.command()
@click.option(
    "--rows", type=click.IntRange(0, MAX_ROWS), required=True, help="Number of trips (rows)."
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**63 - 1),
    default=0,
    show_default=True,
    help="Seed: the same seed and options give a byte-identical file.",
)
@click.option(
    "--reference-date",
    "reference_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="The extract's date (YYYY-MM-DD); a_date falls in the 10 days before it.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Output file; its suffix picks the format: .csv, .parquet, .jsonl, .json.",
)
@click.option(
    "--messy",
    is_flag=True,
    help="Add real extracts' flaws (CSV: Windows-1252 with ';', odd spellings, "
    "bad check digits, empty strings).",
)
def generate(rows: int, seed: int, reference_date: dt.datetime, out: Path, messy: bool) -> None:
    """Write a synthetic extract of the innreise register to OUT.

    All 55 Innreiser fields as strings, shaped like an HDIR production extract and holding
    no real person's data.

    \b
    Example:
        washer generate --rows 2000 --seed 2021 --reference-date 2021-03-31 \\
            --out extract.csv
    """
    day = reference_date.date()
    if not FIRST_REFERENCE_DATE <= day <= LAST_REFERENCE_DATE:
        raise click.BadParameter(
            f"{day} is not between {FIRST_REFERENCE_DATE} and {LAST_REFERENCE_DATE}.",
            param_hint="'--reference-date'",
        )
    format_of(out)  # an unknown suffix fails before any work is done
    try:
        frame = generate_extract(rows, seed, day, messy=messy)
        write_extract(frame, out, messy=messy)
    except MemoryError:
        raise OutputError(
            f"cannot write {out}: not enough memory for {rows} rows "
            "(about 2.5 GB per million); ask for fewer rows"
        ) from None
    click.echo(f"Wrote {frame.height} rows to {out} (seed {seed}, reference date {day}).")
