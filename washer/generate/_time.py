"""Dates and HDIR timestamps as the extract writes them.

Times are drawn as Norwegian wall-clock seconds. They are written as RFC 3339 with the
offset Norway had at that moment (``2021-09-04T22:05:37+02:00`` in summer, ``+01:00`` in
winter), as the API spec's ``format: date-time`` requires. A wall-clock time inside the
spring-forward gap does not exist and moves one hour on; one inside the autumn repeat takes
the earlier (summer-time) instant.
"""

from __future__ import annotations

import polars as pl

from washer.generate._random import IntArray

ZONE = "Europe/Oslo"
RFC3339 = "%Y-%m-%dT%H:%M:%S%:z"
DAY = 86_400


def timestamp_text(wall_seconds: IntArray) -> pl.Series:
    """Norwegian wall-clock seconds since 1970-01-01 as RFC 3339 with the offset of the day."""
    naive = pl.Series(wall_seconds * 1000, dtype=pl.Int64).cast(pl.Datetime("ms"))
    frame = pl.DataFrame({"t": naive})
    local = pl.col("t").dt.replace_time_zone(ZONE, ambiguous="earliest", non_existent="null")
    shifted = (pl.col("t") + pl.duration(hours=1)).dt.replace_time_zone(
        ZONE, ambiguous="earliest", non_existent="null"
    )
    return frame.select(pl.coalesce(local, shifted).dt.strftime(RFC3339)).to_series()
