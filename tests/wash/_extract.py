"""Small production-shaped extracts for the wash tests, with what the test must know.

Deterministic for a seed. Each extract comes with its :class:`Person` list so tests can look
for every original identifying value in the output, in any case or formatting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from washer.ids._checksum import check_digits, individual_allowed
from washer.schema import INNREISER_FIELDS

# Invented names (no fake pool holds them, so finding one in washed output is a leak, not a
# coincidence), with the letters encodings damage.
FIRST_F = ("Kårizelda", "Åsevinde", "Ingrøbjørg", "Zolvejgå", "Agnieszkova", "Jūratėlija")
FIRST_M = ("Jørgulf", "Olavsmund", "Håkonrik", "Łukaszimir", "Tomasvald", "Per Olvgard")
LAST = ("Hanzæther", "Sæthermo", "Østbyquist", "Kowalzkij", "Vasiliauskynas", "Bergvikstad")
STREETS = ("Qvistbakken", "Zørkelundveien", "Fjølvikgata", "Ødegårdquisten", "Sjøxgata")
COMPANIES = (
    "Zyrkon Bygg og Anlegg AS",
    "Qvarnfisk AS",
    "Pedersqvist Transport",
    "Solhjemrør Xaviersen AS",
)
ORGNRS = ("974760673", "923609016", "982463718", "985399077")


@dataclass
class Person:
    kind: str  # fnr, dnr, passport, fh, none
    first: str
    last: str
    birth: dt.date
    female: bool
    unique_id: str | None
    dnr: str | None
    fh: str | None
    phone: str
    email: str
    address: str
    rows: list[int] = field(default_factory=list)

    def identifying(self) -> list[str]:
        ids = [v for v in (self.unique_id, self.dnr, self.fh) if v]
        return [*ids, self.phone, self.email, self.address]


def _number(rng: np.random.Generator, day: int, month: int, year: int, female: bool) -> str:
    allowed = np.flatnonzero(individual_allowed(year))
    while True:
        iii = int(rng.choice(allowed))
        if (iii // 1 % 10) % 2 != (0 if female else 1):
            continue
        prefix = f"{day:02d}{month:02d}{year % 100:02d}{iii:03d}"
        digits = check_digits(prefix)
        if digits is not None:
            return f"{prefix}{digits[0]}{digits[1]}"


def fnr(rng: np.random.Generator, birth: dt.date, female: bool) -> str:
    return _number(rng, birth.day, birth.month, birth.year, female)


def dnr(rng: np.random.Generator, birth: dt.date, female: bool) -> str:
    return _number(rng, birth.day + 40, birth.month, birth.year, female)


def fh(rng: np.random.Generator) -> str:
    while True:
        prefix = str(int(rng.integers(8, 10))) + "".join(str(d) for d in rng.integers(0, 10, 8))
        digits = check_digits(prefix)
        if digits is not None:
            return f"{prefix}{digits[0]}{digits[1]}"


def _person(rng: np.random.Generator, i: int) -> Person:
    female = bool(rng.integers(0, 2))
    first = str(rng.choice(FIRST_F if female else FIRST_M))
    last = str(rng.choice(LAST))
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 60)))
    kind = str(rng.choice(["fnr", "fnr", "fnr", "dnr", "passport", "fh", "none"]))
    unique_id = dnr_value = fh_value = None
    if kind == "fnr":
        unique_id = fnr(rng, birth, female)
    elif kind == "dnr":
        unique_id = dnr_value = dnr(rng, birth, female)
    elif kind == "passport":
        unique_id = f"{'PNXZ'[i % 4]}{'ABCD'[i // 4 % 4]}{int(rng.integers(1_000_000, 9_999_999))}"
        if rng.integers(0, 2):
            dnr_value = dnr(rng, birth, female)
    elif kind == "fh":
        fh_value = fh(rng)
    phone = "+47" + str(int(rng.choice([4, 9]))) + "".join(str(d) for d in rng.integers(0, 10, 7))
    email = f"{_ascii(first.split()[0])}.{_ascii(last)}{i}@mail.no"
    address = f"{rng.choice(STREETS)} {int(rng.integers(1, 200))}"
    return Person(
        kind, first, last, birth, female, unique_id, dnr_value, fh_value, phone, email, address
    )


def _ascii(name: str) -> str:
    table = str.maketrans({"ø": "o", "å": "a", "æ": "ae", "ł": "l", "ū": "u", "ė": "e"})
    return name.lower().translate(table)


def _variant(rng: np.random.Generator, name: str) -> str:
    """The same name as another row spelled it: case, stray spaces, a mangled letter."""
    choice = int(rng.integers(0, 6))
    if choice == 1:
        return name.upper()
    if choice == 2:
        return f"  {name.lower()} "
    if choice == 3:
        return "".join("?" if not c.isascii() else c for c in name)
    if choice == 4:
        return name.encode("utf-8").decode("cp1252", errors="replace")
    return name


def _spaced(number: str) -> str:
    return f"{number[:6]} {number[6:]}" if len(number) == 11 else number


def _when(day: dt.date, rng: np.random.Generator, style: int) -> str:
    seconds = int(rng.integers(0, 86400))
    t = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return [
        f"{day.isoformat()}T{t}+02:00",
        f"{day.isoformat()}T{t}",
        f"{day.isoformat()}T{t}.{int(rng.integers(0, 1000)):03d}Z",
        f"{day.isoformat()} {t}",
    ][style % 4]


@dataclass
class Extract:
    frame: pl.DataFrame
    persons: list[Person]

    def identifying_values(self) -> set[str]:
        """Every original value that must not survive a wash (names included)."""
        values: set[str] = set()
        for p in self.persons:
            values.update(p.identifying())
            values.update({p.first, p.last})
        # Not a_reference_code: its fake keeps kommune, prefix and login method and permutes
        # the serial, so it may equal another trip's code (a coincidence, not a leak; the
        # tests check every code changes and stays unique).
        for column in (
            "a_employer_org_number",
            "a_employer_name",
            "a_employer_contact_person",
            "a_employer_contact_phone",
            "a_employer_address",
        ):
            values.update(v for v in self.frame[column].drop_nulls().to_list() if v.strip())
        return values


def make_extract(rows: int = 60, seed: int = 1, newest: dt.date = dt.date(2021, 9, 30)) -> Extract:
    """About ``rows`` rows (every person has 1-3 trips), in shuffled order."""
    rng = np.random.default_rng(seed)
    records: list[dict[str, str | None]] = []
    persons: list[Person] = []
    i = 0
    while len(records) < rows:
        person = _person(rng, i)
        persons.append(person)
        employer = int(rng.integers(-2, len(COMPANIES)))
        for trip in range(int(rng.integers(1, 4))):
            day = newest - dt.timedelta(days=int(rng.integers(0, 40)))
            r: dict[str, str | None] = dict.fromkeys(INNREISER_FIELDS)
            first, last = person.first, person.last
            if trip > 0:
                first, last = _variant(rng, first), _variant(rng, last)
            uid = person.unique_id
            if uid and trip == 2 and person.kind in ("fnr", "dnr"):
                uid = _spaced(uid)
            kommune = str(rng.choice(["0301", "4601", "3207", "5001"]))
            r.update(
                a_reference_code=f"{kommune}-47-{int(rng.integers(1, 5))}-{len(records) + 1000}",
                p_unique_id=uid,
                p_dnr=person.dnr,
                p_fh_number=person.fh,
                p_first_name=first,
                p_last_name=last,
                p_birth_date=(
                    person.birth.isoformat() if trip != 1 else person.birth.strftime("%d.%m.%Y")
                ),
                p_phone=person.phone if trip != 1 else person.phone[3:6] + " " + person.phone[6:],
                p_email=person.email if trip != 1 else person.email.upper(),
                a_destination_id=kommune,
                municipality_number=kommune,
                p_lang_follow_up=str(rng.choice(["Norsk", "Engelsk", "Polsk"])),
                p_follow_up=str(rng.choice(["OK", "Ikke OK", "Ikke svar", "Ikke satt"])),
                p_follow_up_time=_when(day + dt.timedelta(days=2), rng, 1),
                p_country_of_residence=str(rng.choice(["Norge", "Polen", "Litauen"])),
                a_q_opt_l1_code="1001",
                a_q_opt_l1="Karantene - alle som ankommer Norge har karanteneplikt",
                a_date=day.isoformat(),
                a_travel_method=str(rng.choice(["Fly", "Bil/Buss", "Båt"])),
                a_travel_method_extra=str(
                    rng.choice(
                        [
                            f"SK{int(rng.integers(100, 9999))}",
                            f"tlf {person.phone}",
                            f"navn: {first} {last}",
                        ]
                    )
                ),
                a_travel_method_extra2=(
                    f"id {_spaced(uid)}" if uid and rng.integers(0, 2) else None
                ),
                a_country_of_departure=str(rng.choice(["Sverige", "Polen", "Spania"])),
                a_num_travelers=str(int(rng.integers(1, 4))),
                a_num_travelers_under_16="0",
                a_hotel_name=(
                    f"Hos {person.first} {person.last}, {person.address}"
                    if rng.integers(0, 3) == 0
                    else None
                ),
                a_location_address=person.address,
                a_location_zip_code=f"{int(rng.integers(1, 9999)):04d}",
                a_is_leisure_trip=str(rng.choice(["Ja", "Nei"])),
                a_updated=_when(day, rng, 0),
                p_updated=_when(day + dt.timedelta(days=1), rng, 2),
                a_border_crossing_arrival=day.isoformat() if rng.integers(0, 2) else None,
                a_border_crossing_quarantine_assessment=(
                    f"Henvist, kontakt {person.email}" if rng.integers(0, 4) == 0 else None
                ),
                a_border_crossing_location=str(rng.choice(["Svinesund", "Gardermoen"])),
                hotel_municipality_number=kommune,
                responsible_municipality_number=kommune,
            )
            if employer >= 0:
                r.update(
                    a_employer_org_number=ORGNRS[employer],
                    a_employer_name=COMPANIES[employer],
                    a_employer_address=f"Industriveien {employer + 3}, 0{employer}50 Oslo",
                    a_employer_contact_person=f"Xerxes Kontaktmann{employer}",
                    a_employer_contact_phone=f"+479{employer}00000{employer}",
                )
            person.rows.append(len(records))
            records.append(r)
        i += 1
    order = rng.permutation(len(records))
    frame = pl.DataFrame(records, schema=dict.fromkeys(INNREISER_FIELDS, pl.String))[order]
    position = {int(old): new for new, old in enumerate(order)}
    for person in persons:
        person.rows = sorted(position[r] for r in person.rows)
    return Extract(frame, persons)
