"""The free-text fields, which sometimes mention the traveller's own phone, id or name.

Travellers and border officers type identifiers into free text (``SK4412, tlf +4791234567``);
the wash must find and replace them, so the generator puts them there on purpose, at rates
given per field below.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.generate._columns import masked, nulls, repeated, strings
from washer.generate._random import BoolArray, IntArray, below, chance

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
    return strings(options)[below(rng, len(options), n)]


def _numbers(values: IntArray) -> pl.Series:
    return pl.Series(values).cast(pl.String)


# What a traveller writes before their own details: (kind, variant) -> prefix; kind 1-2
# phone, 3 id, 4 (or 3 without an id) name; variant 1 takes the first form.
_PREFIXES = (None, "kontakt ", "tlf ", "ring ", "mob ", "nr. ", "id ", "navn: ", "")


def _mention(
    kind: IntArray, variant: BoolArray, has_id: BoolArray, details: pl.Series
) -> pl.Series:
    """What a traveller wrote about themself (missing where ``kind`` is 0); ``details`` holds
    each row's phone, national number, id and name, one after the other."""
    named = (kind >= 3) & ~((kind == 3) & has_id)
    group = np.where(named, 4, kind)  # 0 none, 1 phone, 2 national, 3 id, 4 name
    prefix = strings(_PREFIXES)[np.where(group == 0, 0, 2 * group - 1 + variant)]
    n = len(kind)
    return prefix + details[(np.maximum(group, 1) - 1) * n + np.arange(n)]


def free_text(rng: np.random.Generator, trips: pl.DataFrame) -> pl.DataFrame:
    """The six free-text columns for ``trips``.

    ``trips`` holds the person columns (of the ids: the first of ``p_unique_id``, ``p_dnr``
    and ``p_fh_number`` is mentioned), ``phone_national``, ``a_travel_method``,
    ``hotel_place``, ``arrival_place``, ``changed_place`` and the booleans ``hotel`` and
    ``crossed``. Columns are built with native ``Series`` operations (a query per
    expression would dominate small extracts); draws happen in a fixed order.
    """
    n = trips.height
    method = trips["a_travel_method"]
    hotel = trips["hotel"].to_numpy()
    crossed = trips["crossed"].to_numpy()
    flight = _pick(rng, FLIGHT_PREFIXES, n) + _numbers(below(rng, 9000, n) + 100)
    by_method = nulls(n)
    for name, options in BY_METHOD.items():
        by_method = _pick(rng, options, n).zip_with(method == name, by_method)
    seat = repeated("Sete ", n) + _numbers(below(rng, 35, n) + 1)
    seat += _pick(rng, tuple("ABCDEF"), n)
    fly = pl.Series((method == "Fly").to_numpy())
    hotel_name = repeated("Karantenehotell ", n) + trips["hotel_place"]
    room = repeated(", rom ", n) + _numbers(below(rng, 600, n) + 100)

    extra = masked(flight.zip_with(fly, by_method), chance(rng, 700, n))
    extra2_drawn = chance(rng, 250, n)
    extra2 = masked(seat.zip_with(fly, _pick(rng, COMPANY, n)), extra2_drawn)
    named_hotel = hotel & chance(rng, 950, n)
    stay = ~hotel & chance(rng, 200, n)
    hotel_text = hotel_name.zip_with(pl.Series(named_hotel), masked(_pick(rng, STAYS, n), stay))
    referred = crossed & hotel & chance(rng, 700, n)
    referred_text = _pick(rng, REFERRED, n)
    not_referred = crossed & ~hotel & chance(rng, 50, n)
    assessment = referred_text.zip_with(
        pl.Series(referred), masked(_pick(rng, NOT_REFERRED, n), not_referred)
    )
    with_room = room.set(pl.Series(~chance(rng, 400, n)), "")
    base = {
        "a_travel_method_extra": extra,
        "a_travel_method_extra2": extra2,
        "a_hotel_name": hotel_text,
        "a_border_crossing_quarantine_assessment": assessment,
        "a_quarantine_reg_arrival_hotel": repeated("Karantenehotell ", n)
        + trips["arrival_place"]
        + with_room,
        "a_quarantine_reg_departure_hotel": repeated("Karantenehotell ", n)
        + trips["changed_place"],
    }
    first_id = pl.coalesce(trips["p_unique_id"], trips["p_dnr"], trips["p_fh_number"])
    ids = pl.select(first_id.alias("id"), first_id.is_not_null().alias("has_id"))
    full_name = trips["p_first_name"] + " " + trips["p_last_name"]
    details = pl.concat([trips["p_phone"], trips["phone_national"], ids["id"], full_name])
    has_id = ids["has_id"].to_numpy()
    columns = []
    for field, text in base.items():
        kind = np.where(chance(rng, MENTION_RATES[field], n), below(rng, 4, n) + 1, 0)
        said = _mention(kind, chance(rng, 500, n), has_id, details)
        # "text, said" where both are there, else the text alone
        columns.append(pl.coalesce(text + ", " + said, text).alias(field))
    return pl.select(columns)
