"""Fake Norwegian company names (``"Hansen Bygg AS"``) and business addresses by seed."""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.fakes._draw import below, null_where, stream
from washer.fakes._pools import pools
from washer.fakes.addresses import street_addresses
from washer.fakes.keyed import derive_seeds
from washer.fakes.names import normalize_name

_NORDIC = ("no_NO", "sv_SE", "da_DK")


def _surnames() -> pl.Series:
    p = pools()
    parts = []
    for loc in _NORDIC:
        i = p.locales.index(loc)
        start, size = int(p.last.offsets[i]), int(p.last.sizes[i])
        parts.append(p.last.values.slice(start, size))
    return pl.concat(parts)


def _company(seeds: pl.Series, salt: str) -> pl.Series:
    p = pools()
    surnames = _surnames()

    def draw(name: str, pool: pl.Series) -> pl.Series:
        u, _ = stream(seeds, f"{salt}/{name}")
        return pool.gather(pl.Series(below(u, len(pool))))

    shape_u, valid = stream(seeds, f"{salt}/shape")
    shape = pl.Series(below(shape_u, 10))
    last, last2 = draw("last", surnames), draw("last2", surnames)
    word, form, root = (
        draw("word", p.company_words),
        draw("form", p.company_forms),
        draw("root", p.street_roots),
    )
    text = pl.select(
        pl.when(shape < 4)
        .then(pl.concat_str([last, word, form], separator=" "))
        .when(shape < 6)
        .then(pl.concat_str([last, form], separator=" "))
        .when(shape < 7)
        .then(pl.concat_str([last, pl.lit("&"), last2, form], separator=" "))
        .when(shape < 8)
        .then(pl.concat_str([pl.concat_str([last, last2], separator="-"), form], separator=" "))
        .otherwise(pl.concat_str([root, word, form], separator=" "))
    ).to_series()
    return null_where(text, valid, "company_name")


def company_names(seeds: pl.Series, *, avoid: pl.Series | None = None) -> pl.Series:
    """A company name per seed (``"Berg Transport AS"``, ``"Moen & Dahl ANS"``); null for null.

    ``avoid`` (optional, the original name): where the fake equals it, another is drawn.
    """
    out = _company(seeds, "company")
    if avoid is not None:
        wanted = normalize_name(avoid)
        # A redraw can hit the original again (the pools are small): redraw until it does not.
        # A name is its seed's alone: only the names that were redrawn are looked at again.
        rows = np.arange(len(seeds))
        for attempt in range(1, 33):
            same = normalize_name(out.gather(rows)) == wanted.gather(rows)
            rows = rows[same.fill_null(False).to_numpy()]
            if len(rows) == 0:
                break
            out = out.scatter(rows, _company(seeds.gather(rows), f"company/again/{attempt}"))
    return out.alias("company_name")


def company_addresses(seeds: pl.Series) -> pl.Series:
    """``"<street address>, <postcode> <TOWN>"`` per seed, e.g. ``"Fjordveien 7, 5011 BERGEN"``."""
    p = pools()
    street = street_addresses(derive_seeds(seeds, "company_address"))
    t, valid = stream(seeds, "company_town")
    c, _ = stream(seeds, "company_postcode")
    town = below(t, len(p.town_names))
    code = p.town_low[town] + below(c, p.town_span[town])
    text = pl.select(
        pl.concat_str(
            [
                street,
                pl.lit(", "),
                pl.Series(code).cast(pl.String).str.zfill(4),
                pl.lit(" "),
                p.town_names.gather(pl.Series(town)),
            ]
        )
    ).to_series()
    return null_where(text, valid, "company_address")
