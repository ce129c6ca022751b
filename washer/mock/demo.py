"""The demo dataset: synthetic innreise records, built deterministically.

Nobody's data: person numbers are Skatteetaten's synthetic kind (month + 80, which no real
fødselsnummer or D-number uses), FH-numbers are random, e-mail goes to ``example.com``, phone
numbers and addresses are made up. Dates are Norwegian local time without an offset, as in
HDIR extracts; the mock moves them so the newest ``a_date`` is always yesterday.

Regenerate the shipped file with ``python -m washer.mock.demo washer/data/demo/innreiser.jsonl``.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from washer.ids._checksum import check_digits
from washer.schema import INNREISER_FIELDS

__all__ = ["DEMO_KOMMUNER", "build_demo_records", "write_demo"]

DEMO_KOMMUNER = ("0301", "4601", "5001", "1103", "3005", "4204")
"""Oslo, Bergen, Trondheim, Stavanger, Drammen, Kristiansand."""
_WEIGHTS = (40, 20, 15, 10, 8, 7)
_FIRST_F = ("Ingrid", "Kari", "Nora", "Emma", "Sofie", "Maja", "Ida", "Hanne", "Liv", "Aisha")
_FIRST_M = ("Ola", "Jakob", "Emil", "Noah", "Lars", "Magnus", "Ali", "Piotr", "Jonas", "Erik")
_LAST = ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Nowak", "Berg", "Haugen", "Lie")
_COUNTRIES = (
    ("Sverige", "Norden"),
    ("Polen", "EU/EØS"),
    ("Spania", "EU/EØS"),
    ("Litauen", "EU/EØS"),
    ("Storbritannia", "Europa utenfor EU/EØS"),
    ("USA", "Verden utenfor Europa"),
)
_METHODS = ("Fly", "Bil/Buss", "Yrkestransport", "Båt", "Tog", "Annet")
_L4 = {
    "4001": "Karantenehotell",
    "4002": "Egen bolig",
    "4003": "Arbeidsgivers bosted",
    "4011": "Fritidskarantene i bolig",
}
_STREETS = ("Storgata", "Kirkeveien", "Strandgata", "Skolegata", "Parkveien", "Fjordveien")


def _person_number(rng: random.Random, born: date, *, d_number: bool) -> str:
    """A synthetic (Tenor, month + 80) fødselsnummer or D-number with valid check digits."""
    while True:
        series = rng.randrange(0, 500) if born.year < 2000 else rng.randrange(500, 1000)
        day = born.day + (40 if d_number else 0)
        prefix = f"{day:02d}{born.month + 80:02d}{born.year % 100:02d}{series:03d}"
        digits = check_digits(prefix)
        if digits is not None:
            return f"{prefix}{digits[0]}{digits[1]}"


def _fh_number(rng: random.Random) -> str:
    while True:
        prefix = f"{rng.choice('89')}{rng.randrange(10**8):08d}"
        digits = check_digits(prefix)
        if digits is not None:
            return f"{prefix}{digits[0]}{digits[1]}"


def _person(rng: random.Random, serial: int) -> dict[str, str]:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    kind = rng.choices(("fnr", "dnr", "passport", "border"), weights=(60, 20, 12, 8))[0]
    pid = _person_number(rng, born, d_number=kind in ("dnr", "border"))
    male = int(pid[8]) % 2 == 1
    first = rng.choice(_FIRST_M if male else _FIRST_F)
    last = rng.choice(_LAST)
    person = {
        "p_first_name": first,
        "p_last_name": last,
        "p_birth_date": born.isoformat(),
        "p_phone": f"+47 9{rng.randrange(10**7):07d}",
        "p_email": f"{first.lower()}.{last.lower()}{serial}@example.com",
        "p_lang_follow_up": rng.choice(("Norsk", "Engelsk", "Polsk")),
        "p_country_of_residence": rng.choice(("Norge", "Norge", "Polen", "Sverige", "Litauen")),
    }
    if kind == "fnr":
        person["p_unique_id"] = pid
    elif kind == "dnr":
        person["p_unique_id"] = person["p_dnr"] = pid
    elif kind == "passport":
        person["p_unique_id"] = f"PA{rng.randrange(10**7):07d}"
        person["p_fh_number"] = _fh_number(rng)
    else:
        person["p_unique_id"] = f"PB{rng.randrange(10**7):07d}"
        person["p_dnr"] = pid
    return person


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _trip(rng: random.Random, person: dict[str, str], serial: int, day: date) -> dict[str, str]:
    kommune = rng.choices(DEMO_KOMMUNER, weights=_WEIGHTS)[0]
    country, region = rng.choice(_COUNTRIES)
    l4 = rng.choice(tuple(_L4))
    arrived = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randrange(1440))
    trip = {
        "a_reference_code": f"{kommune}-47-{rng.randrange(1, 5)}-{100000 + serial}",
        "a_destination_id": kommune,
        "municipality_number": kommune,
        "a_q_opt_l1": "Karantene" if l4 != "4011" else "Unntak",
        "a_q_opt_l1_code": "1001" if l4 != "4011" else "1002",
        "a_q_opt_l2_code": "0",
        "a_q_opt_l3_code": "0",
        "a_q_opt_l4": _L4[l4],
        "a_q_opt_l4_code": l4,
        "a_date": day.isoformat(),
        "a_travel_method": rng.choice(_METHODS),
        "a_country_of_departure": country,
        "a_country_of_departure_region": region,
        "a_num_travelers": str(rng.randrange(1, 5)),
        "a_num_travelers_under_16": str(rng.randrange(0, 2)),
        "a_location_address": f"{rng.choice(_STREETS)} {rng.randrange(1, 120)}",
        "a_location_zip_code": f"{rng.randrange(1, 9999):04d}",
        "a_is_leisure_trip": rng.choice(("Ja", "Nei")),
        "a_updated": _stamp(arrived + timedelta(minutes=rng.randrange(5, 600))),
        "p_updated": _stamp(arrived - timedelta(days=rng.randrange(0, 30))),
        "p_follow_up": rng.choice(("OK", "Ikke OK", "Ikke svar", "Ikke satt")),
    }
    if trip["p_follow_up"] != "Ikke satt":
        trip["p_follow_up_time"] = _stamp(arrived + timedelta(hours=rng.randrange(2, 48)))
    if l4 == "4003":
        trip["a_employer_org_number"] = "9" + f"{rng.randrange(10**8):08d}"
        trip["a_employer_name"] = f"Demo Bygg {serial % 7} AS"
        trip["a_employer_address"] = f"{rng.choice(_STREETS)} {rng.randrange(1, 60)}"
        trip["a_employer_contact_person"] = f"{rng.choice(_FIRST_F)} {rng.choice(_LAST)}"
        trip["a_employer_contact_phone"] = f"+47 4{rng.randrange(10**7):07d}"
    hotel = None
    if l4 == "4001":
        hotel = rng.choice((kommune, kommune, "0301", "1103"))
        trip["a_hotel_name"] = f"Demo Karantenehotell {hotel}"
        trip["a_q_hotel_destination_id"] = hotel
        trip["hotel_municipality_number"] = hotel
        trip["a_quarantine_reg_arrival_hotel"] = trip["a_hotel_name"]
        trip["a_quarantine_reg_arrival"] = day.isoformat()
        if rng.random() < 0.4:
            trip["a_quarantine_reg_departure"] = (
                day + timedelta(days=rng.randrange(3, 10))
            ).isoformat()
    if rng.random() < 0.3:
        trip["a_border_crossing_arrival"] = day.isoformat()
        trip["a_border_crossing_location"] = rng.choice(("Gardermoen", "Svinesund", "Storskog"))
    departure = trip.get("a_quarantine_reg_departure")
    arrival = trip.get("a_quarantine_reg_arrival")
    # KS's rule for the responsible kommune (see the spec's description of the field)
    hotel_rules = hotel is not None and (
        departure is None or (arrival is not None and arrival >= departure)
    )
    trip["responsible_municipality_number"] = hotel if hotel_rules and hotel else kommune
    return {**person, **trip}


def build_demo_records(
    persons: int = 300, *, seed: int = 20210910, newest: date = date(2021, 9, 9), days: int = 14
) -> list[dict[str, str]]:
    """Synthetic records for ``persons`` people (some travel twice), ``a_date`` over ``days``
    days up to ``newest``; fields are in the spec's order and absent fields are left out."""
    rng = random.Random(seed)
    records = []
    for serial in range(persons):
        person = _person(rng, serial)
        for trip in range(rng.choices((1, 2, 3), weights=(70, 22, 8))[0]):
            day = newest - timedelta(days=rng.randrange(days))
            records.append(_trip(rng, person, serial * 10 + trip, day))
    records.sort(key=lambda r: (r["a_date"], r["a_reference_code"]))
    return [{f: r[f] for f in INNREISER_FIELDS if f in r} for r in records]


def write_demo(path: Path) -> int:
    """Write the demo dataset as JSON Lines; returns the number of records."""
    records = build_demo_records()
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    Path(path).write_text(lines, encoding="utf-8")
    return len(records)


if __name__ == "__main__":  # pragma: no cover
    print(f"{write_demo(Path(sys.argv[1]))} records")
