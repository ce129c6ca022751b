"""The free-text fields, which sometimes mention the traveller's own phone, id or name.

Travellers and border officers type identifiers into free text (``SK4412, tlf +4791234567``);
the wash must find and replace them, so the generator puts them there on purpose, at rates
given per field below.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.generate._random import BoolArray, below, chance

FREE_TEXT_FIELDS = (
    "a_travel_method_extra",
    "a_travel_method_extra2",
    "a_hotel_name",
    "a_border_crossing_quarantine_assessment",
    "a_quarantine_reg_arrival_hotel",
    "a_quarantine_reg_departure_hotel",
)

__all__ = [
    "FREE_TEXT_FIELDS",
    "MENTION_RATES",
    "free_text",
]

# Per mille of filled values that mention the traveller.
MENTION_RATES = {
    "a_travel_method_extra": 60,
    "a_travel_method_extra2": 80,
    "a_hotel_name": 80,
    "a_border_crossing_quarantine_assessment": 150,
    "a_quarantine_reg_arrival_hotel": 100,
    "a_quarantine_reg_departure_hotel": 100,
}

FLIGHT_PREFIXES = ("SK", "DY", "D8", "WF", "LH", "KL", "BA", "LO", "AY", "W6", "FR", "TK", "QR")
BY_METHOD: dict[str, tuple[str, ...]] = {
    "Bil/Buss": ("Personbil", "Buss", "Bil", "Varebil", "Minibuss", "Kjører selv"),
    "Yrkestransport": ("Lastebil", "Vogntog", "Trailer", "Varebil"),
    "Båt": ("Color Line", "Stena Line", "Fjord Line", "DFDS", "Seilbåt", "Fiskebåt"),
    "Tog": ("Tog", "Tog fra Stockholm", "Tog fra Göteborg"),
    "Annet": ("Til fots", "Sykkel", "Privatfly", "Motorsykkel"),
}
COMPANY = (
    "Reiser alene",
    "Reiser med familie",
    "Reiser med kollega",
    "Reiser med barn",
    "Hentes på flyplassen",
    "Samme bil som ektefelle",
)
STAYS = (
    "Hjemme",
    "Egen bolig",
    "Hytte",
    "Leilighet",
    "Brakkerigg",
    "Hos familie",
    "Hotell",
    "Arbeidsgivers bolig",
)
REFERRED = (
    "Henvist til karantenehotell",
    "Henvist til karantenehotell, mangler test",
    "Henvist til karantenehotell, ikke godkjent oppholdssted",
)
NOT_REFERRED = (
    "Ikke henvist til karantenehotell",
    "Unntak godkjent ved grensen",
    "Gyldig koronasertifikat",
)


def _pick(rng: np.random.Generator, options: tuple[str, ...], n: int) -> pl.Series:
    return pl.Series(options, dtype=pl.String).gather(below(rng, len(options), n))


def _when(keep: BoolArray, then: pl.Expr) -> pl.Expr:
    return pl.when(pl.lit(pl.Series(keep))).then(then).otherwise(None)


def _mention(kind: str, variant: str) -> pl.Expr:
    """What a traveller wrote about themself: kind 1-2 phone, 3 id (or name), 4 name."""
    k, v = pl.col(kind), pl.col(variant)
    name = pl.concat_str([pl.col("p_first_name"), pl.lit(" "), pl.col("p_last_name")])
    return (
        pl.when(k == 1)
        .then(
            pl.concat_str(
                [pl.when(v).then(pl.lit("tlf ")).otherwise(pl.lit("kontakt ")), pl.col("p_phone")]
            )
        )
        .when(k == 2)
        .then(
            pl.concat_str(
                [
                    pl.when(v).then(pl.lit("mob ")).otherwise(pl.lit("ring ")),
                    pl.col("phone_national"),
                ]
            )
        )
        .when((k == 3) & pl.col("mention_id").is_not_null())
        .then(
            pl.concat_str(
                [pl.when(v).then(pl.lit("id ")).otherwise(pl.lit("nr. ")), pl.col("mention_id")]
            )
        )
        .when(k >= 3)
        .then(pl.concat_str([pl.when(v).then(pl.lit("")).otherwise(pl.lit("navn: ")), name]))
        .otherwise(None)
    )


def free_text(rng: np.random.Generator, trips: pl.DataFrame) -> pl.DataFrame:
    """The six free-text columns for ``trips``.

    ``trips`` holds the person columns, ``mention_id``, ``phone_national``,
    ``a_travel_method``, ``hotel_place``, ``arrival_place``, ``changed_place`` and the
    booleans ``hotel`` and ``crossed``.
    """
    n = trips.height
    method = trips["a_travel_method"]
    hotel = trips["hotel"].to_numpy()
    crossed = trips["crossed"].to_numpy()
    flight = pl.concat_str(
        [
            pl.lit(_pick(rng, FLIGHT_PREFIXES, n)),
            pl.lit(pl.Series(below(rng, 9000, n) + 100).cast(pl.String)),
        ]
    )
    by_method = pl.lit(None, dtype=pl.String)
    for name, options in BY_METHOD.items():
        by_method = (
            pl.when(pl.col("a_travel_method") == name)
            .then(pl.lit(_pick(rng, options, n)))
            .otherwise(by_method)
        )
    seat = pl.concat_str(
        [
            pl.lit("Sete "),
            pl.lit(pl.Series(below(rng, 35, n) + 1).cast(pl.String)),
            pl.lit(_pick(rng, tuple("ABCDEF"), n)),
        ]
    )
    fly = (method == "Fly").to_numpy()
    hotel_name = pl.concat_str([pl.lit("Karantenehotell "), pl.col("hotel_place")])
    room = pl.concat_str(
        [pl.lit(", rom "), pl.lit(pl.Series(below(rng, 600, n) + 100).cast(pl.String))]
    )
    base = {
        "a_travel_method_extra": _when(
            chance(rng, 700, n), pl.when(pl.lit(pl.Series(fly))).then(flight).otherwise(by_method)
        ),
        "a_travel_method_extra2": _when(
            chance(rng, 250, n),
            pl.when(pl.lit(pl.Series(fly))).then(seat).otherwise(pl.lit(_pick(rng, COMPANY, n))),
        ),
        "a_hotel_name": pl.when(pl.lit(pl.Series(hotel & chance(rng, 950, n))))
        .then(hotel_name)
        .when(pl.lit(pl.Series(~hotel & chance(rng, 200, n))))
        .then(pl.lit(_pick(rng, STAYS, n)))
        .otherwise(None),
        "a_border_crossing_quarantine_assessment": pl.when(
            pl.lit(pl.Series(crossed & hotel & chance(rng, 700, n)))
        )
        .then(pl.lit(_pick(rng, REFERRED, n)))
        .when(pl.lit(pl.Series(crossed & ~hotel & chance(rng, 50, n))))
        .then(pl.lit(_pick(rng, NOT_REFERRED, n)))
        .otherwise(None),
        "a_quarantine_reg_arrival_hotel": pl.concat_str(
            [
                pl.lit("Karantenehotell "),
                pl.col("arrival_place"),
                pl.when(pl.lit(pl.Series(chance(rng, 400, n)))).then(room).otherwise(pl.lit("")),
            ]
        ),
        "a_quarantine_reg_departure_hotel": pl.concat_str(
            [pl.lit("Karantenehotell "), pl.col("changed_place")]
        ),
    }
    columns = []
    for field, text in base.items():
        kind = np.where(chance(rng, MENTION_RATES[field], n), below(rng, 4, n) + 1, 0)
        frame_cols = {f"{field}__kind": kind, f"{field}__variant": chance(rng, 500, n)}
        trips = trips.with_columns(**{k: pl.Series(v) for k, v in frame_cols.items()})
        said = _mention(f"{field}__kind", f"{field}__variant")
        columns.append(
            pl.when(text.is_null() | said.is_null())
            .then(text)
            .otherwise(pl.concat_str([text, pl.lit(", "), said]))
            .alias(field)
        )
    return trips.select(columns)
