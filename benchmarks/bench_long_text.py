"""Benchmark: washing an extract whose free text is long (case notes of about 1.6 KB a row).

The scrub cuts each text into tokens, some thirty bytes of memory per byte of text; a batch of
400,000 such rows would hold gigabytes of tokens. The wash therefore cuts a batch into slices
of at most ``washer.batching.TEXT_BYTES`` of free text. This script washes the same file twice
in one run, in child processes: as shipped, and with the budget lifted (one slice per batch,
as before the budget existed), and prints wall time, CPU time and peak memory of each, their
ratios, and a polars pass-through of the file for scale. The outputs must be byte-identical.

    .venv/bin/python benchmarks/bench_long_text.py [--rows N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import tempfile
from pathlib import Path

from bench_wash import PASS_THROUGH, ROOT, _child

WASH = """
from pathlib import Path
import datetime as dt
import washer.batching
from washer.keys import Key
from washer.wash import WashOptions, publish_unaudited, wash
if sys.argv[4] != "default":
    washer.batching.TEXT_BYTES = int(sys.argv[4])
wash([Path(sys.argv[1])], WashOptions(
    rules=Path(sys.argv[3]), key=Key(bytes(range(32))), out_dir=Path(sys.argv[2]),
    reference_date=dt.date(2024, 5, 17), before_publish=publish_unaudited))
"""

_WORDS = [
    "pasient",
    "reiste",
    "fra",
    "Sverige",
    "med",
    "bil",
    "karantene",
    "hotell",
    "testet",
    "negativ",
    "arbeid",
    "bor",
    "hos",
]


def write_long_text_extract(rows: int, path: Path) -> None:
    """A generated extract whose assessment column holds about 1.6 KB of ordinary words and
    mentions two other travellers by name and phone."""
    import polars as pl

    from washer.generate import generate_extract

    frame = generate_extract(rows, 2021, dt.date(2021, 3, 31))
    words = pl.concat_str(
        [pl.lit(_WORDS[i % len(_WORDS)]) for i in range(170)] + [pl.lit("")], separator=" "
    )
    other = pl.concat_str(
        pl.col("p_first_name"),
        pl.col("p_last_name"),
        pl.lit("tlf"),
        pl.col("p_phone"),
        separator=" ",
        ignore_nulls=True,
    )
    note = pl.concat_str(words, other.shift(7), other.shift(-11), separator=" ", ignore_nulls=True)
    frame.with_columns(note.alias("a_border_crossing_quarantine_assessment")).write_csv(path)
    print(f"extract: {rows:,} rows, {path.stat().st_size / 2**20:,.0f} MiB CSV (not timed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    rules = str(ROOT / "rules/innreise.toml")
    with tempfile.TemporaryDirectory(prefix="bench-long-text-") as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "extract.csv"
        write_long_text_extract(args.rows, source)
        _child(PASS_THROUGH, str(source), str(tmp / "copy.csv"))  # warm the page cache
        polars = _child(PASS_THROUGH, str(source), str(tmp / "copy.csv"))
        sliced = _child(WASH, str(source), str(tmp / "sliced"), rules, "default")
        whole = _child(WASH, str(source), str(tmp / "whole"), rules, str(1 << 62))
        same = filecmp.cmp(tmp / "sliced/extract.csv", tmp / "whole/extract.csv", shallow=False)
    gib = 2**30
    for label, m in (
        ("polars read+write CSV:", polars),
        ("wash, text budget:", sliced),
        ("wash, no text budget:", whole),
    ):
        print(
            f"{label:24}{m['seconds']:7.2f} s   cpu {m['cpu']:7.2f} s   "
            f"peak {m['peak_bytes'] / gib:5.2f} GiB"
        )
    print(f"peak without / with the budget:  {whole['peak_bytes'] / sliced['peak_bytes']:5.2f}x")
    print(f"time without / with the budget:  {whole['seconds'] / sliced['seconds']:5.2f}x")
    print(f"wash / polars pass-through:      {sliced['seconds'] / polars['seconds']:5.2f}x")
    print(f"outputs byte-identical:          {same}")


if __name__ == "__main__":
    main()
