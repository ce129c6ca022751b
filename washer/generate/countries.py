"""Countries travellers live in and come from, with what the generator needs of each.

Names are Norwegian, as HDIR stores them. ``locale`` is the Faker locale whose name lists
supply the traveller's names (see :mod:`washer.generate.pools`); ``mobile`` lists the first
digits of mobile numbers and ``national_length`` their length without the country code;
``passport`` is a pattern (``A`` a letter, ``9`` a digit) for passport numbers; ``weight`` is
the relative share of travellers living there (per thousand travellers).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COUNTRIES",
    "EXTRA_DEPARTURES",
    "HOME_COMING",
    "NORWAY",
    "TRANSIT",
    "Country",
    "departure_names",
]


@dataclass(frozen=True)
class Country:
    name: str
    locale: str
    calling_code: str
    mobile: tuple[str, ...]
    national_length: int
    passport: str
    language: str
    weight: int
    regions: tuple[str, ...] = ()
    land_border: bool = False


NORWAY = "Norge"

COUNTRIES: tuple[Country, ...] = (
    Country(NORWAY, "no_NO", "47", ("4", "9"), 8, "AA9999999", "Norsk", 588),
    Country(
        "Sverige",
        "sv_SE",
        "46",
        ("70", "72", "73", "76", "79"),
        9,
        "99999999",
        "Norsk",
        70,
        (
            "Stockholm",
            "Västra Götaland",
            "Värmland",
            "Skåne",
            "Jämtland",
            "Norrbotten",
            "Dalarna",
            "Uppsala",
        ),
        land_border=True,
    ),
    Country(
        "Polen",
        "pl_PL",
        "48",
        ("5", "6", "7", "8"),
        9,
        "AA9999999",
        "Polsk",
        80,
        (
            "Mazowieckie",
            "Pomorskie",
            "Dolnośląskie",
            "Małopolskie",
            "Śląskie",
            "Podkarpackie",
            "Warmińsko-Mazurskie",
        ),
    ),
    Country(
        "Litauen",
        "lt_LT",
        "370",
        ("6",),
        8,
        "99999999",
        "Litauisk",
        40,
        ("Vilniaus apskritis", "Kauno apskritis", "Klaipėdos apskritis"),
    ),
    Country(
        "Danmark",
        "da_DK",
        "45",
        ("2", "3", "4", "5", "6"),
        8,
        "999999999",
        "Norsk",
        25,
        ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"),
    ),
    Country(
        "Tyskland",
        "de_DE",
        "49",
        ("15", "16", "17"),
        11,
        "C99AA9999",
        "Engelsk",
        30,
        ("Berlin", "Bayern", "Hamburg", "Nordrhein-Westfalen", "Schleswig-Holstein"),
    ),
    Country(
        "Storbritannia",
        "en_GB",
        "44",
        ("7",),
        10,
        "999999999",
        "Engelsk",
        20,
        ("England", "Scotland", "Wales", "Northern Ireland"),
    ),
    Country(
        "Finland",
        "fi_FI",
        "358",
        ("40", "41", "44", "45", "50"),
        9,
        "AA9999999",
        "Engelsk",
        12,
        ("Uusimaa", "Lappi", "Pirkanmaa", "Varsinais-Suomi"),
        land_border=True,
    ),
    Country("Latvia", "lv_LV", "371", ("2",), 8, "AA9999999", "Engelsk", 15),
    Country("Estland", "et_EE", "372", ("5",), 8, "A9999999", "Engelsk", 6),
    Country("Romania", "ro_RO", "40", ("7",), 9, "99999999", "Engelsk", 20),
    Country("Nederland", "nl_NL", "31", ("6",), 9, "AA9999999", "Engelsk", 8),
    Country(
        "Spania",
        "es_ES",
        "34",
        ("6", "7"),
        9,
        "AAA999999",
        "Engelsk",
        12,
        ("Andalucía", "Canarias", "Cataluña", "Comunidad Valenciana", "Islas Baleares"),
    ),
    Country("Frankrike", "fr_FR", "33", ("6", "7"), 9, "99AA99999", "Engelsk", 8),
    Country("Italia", "it_IT", "39", ("3",), 10, "AA9999999", "Engelsk", 6),
    Country("Portugal", "pt_PT", "351", ("9",), 9, "A999999", "Engelsk", 5),
    Country("Tsjekkia", "cs_CZ", "420", ("6", "7"), 9, "99999999", "Engelsk", 5),
    Country("Slovakia", "sk_SK", "421", ("9",), 9, "AA9999999", "Engelsk", 5),
    Country("Ungarn", "hu_HU", "36", ("20", "30", "70"), 9, "AA9999999", "Engelsk", 5),
    Country("Kroatia", "hr_HR", "385", ("9",), 9, "999999999", "Engelsk", 4),
    Country("Island", "is_IS", "354", ("6", "7", "8"), 7, "A9999999", "Engelsk", 4),
    Country("Irland", "en_IE", "353", ("8",), 9, "AA9999999", "Engelsk", 3),
    Country(
        "USA", "en_US", "1", ("2", "3", "4", "5", "6", "7", "8", "9"), 10, "999999999", "Engelsk", 8
    ),
    Country("Tyrkia", "tr_TR", "90", ("5",), 10, "A99999999", "Engelsk", 4),
    Country("India", "en_IN", "91", ("6", "7", "8", "9"), 10, "A9999999", "Engelsk", 5),
    Country("Filippinene", "en_PH", "63", ("9",), 10, "A9999999A", "Engelsk", 6),
)
"""Countries of residence; index 0 is Norway."""

EXTRA_DEPARTURES: tuple[str, ...] = (
    "Hellas",
    "Thailand",
    "Qatar",
    "De forente arabiske emirater",
    "Kypros",
    "Sveits",
    "Østerrike",
)
"""Holiday and hub countries Norwegian residents come back from, without residents here."""

# Where Norwegian residents come back from: (country name, weight).
HOME_COMING: tuple[tuple[str, int], ...] = (
    ("Sverige", 200),
    ("Danmark", 120),
    ("Spania", 150),
    ("Polen", 50),
    ("Tyskland", 80),
    ("Storbritannia", 60),
    ("USA", 40),
    ("Hellas", 40),
    ("Italia", 40),
    ("Frankrike", 30),
    ("Portugal", 30),
    ("Kroatia", 30),
    ("Tyrkia", 30),
    ("Nederland", 30),
    ("Finland", 20),
    ("Thailand", 20),
    ("Qatar", 8),
    ("De forente arabiske emirater", 12),
    ("Kypros", 10),
    ("Sveits", 10),
    ("Østerrike", 15),
    ("Litauen", 10),
    ("Latvia", 5),
    ("Island", 5),
)

TRANSIT: tuple[tuple[str | None, int], ...] = (
    (None, 850),
    ("Danmark", 40),
    ("Sverige", 35),
    ("Tyskland", 25),
    ("Nederland", 15),
    ("Finland", 8),
    ("Sverige, Danmark", 10),
    ("Tyskland, Danmark", 10),
    ("Polen, Litauen", 5),
    ("Qatar", 2),
)
"""Transit countries (``None``: no transit), weighted."""


def departure_names() -> tuple[str, ...]:
    """Every country a trip can depart from (countries of residence except Norway, then extras)."""
    return tuple(c.name for c in COUNTRIES[1:]) + EXTRA_DEPARTURES
