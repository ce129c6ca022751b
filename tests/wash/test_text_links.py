"""A person's values written in another row's free text get the fakes of their columns."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.keys import Key
from washer.schema import INNREISER_FIELDS

from ._checks import wash_frames

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = Key(bytes(range(32)))

OWNER = {
    "p_unique_id": "15088545610",
    "p_first_name": "Kristoffer",
    "p_last_name": "Vangsnes",
    "p_birth_date": "1985-08-15",
    "p_phone": "+4791234567",
    "p_email": "Kristoffer.Vangsnes@epost.no",
}


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} | {"a_date": "2021-03-01"} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )


def test_a_persons_values_in_another_rows_text_get_the_fakes_of_their_columns() -> None:
    writer = {
        "p_unique_id": "XK4711093",
        "p_first_name": "Bb",
        "a_border_crossing_quarantine_assessment": (
            "Reiser med Kristoffer Vangsnes, mail kristoffer.vangsnes@epost.no, "
            "tlf 912 34 567, fnr 150885 45610"
        ),
    }
    [washed] = wash_frames([_frame([OWNER, writer])], RULES, KEY)
    owner = washed.row(0, named=True)
    text = washed["a_border_crossing_quarantine_assessment"][1]
    assert f"{owner['p_first_name']} {owner['p_last_name']}" in text
    assert owner["p_email"].lower() in text
    assert f"{owner['p_phone'][3:6]} {owner['p_phone'][6:8]} {owner['p_phone'][8:]}" in text
    assert f"{owner['p_unique_id'][:6]} {owner['p_unique_id'][6:]}" in text
    for original in ("Kristoffer", "Vangsnes", "epost.no", "912 34 567", "45610"):
        assert original not in text


def test_a_passport_in_another_rows_text_gets_its_columns_fake_however_spaced() -> None:
    owners = [
        {"p_unique_id": "XK4711093", "p_first_name": "Aa"},
        # Nine digits from a zero read like a foreign national phone number (070 123 4567).
        {"p_unique_id": "054680763", "p_first_name": "Cc"},
    ]
    writer = {
        "p_unique_id": "XY1234567",
        "p_first_name": "Bb",
        "a_travel_method_extra": "pass xk 4711093 og nr. 054680763",
    }
    [washed] = wash_frames([_frame([*owners, writer])], RULES, KEY)
    first, second = washed["p_unique_id"][0], washed["p_unique_id"][1]
    assert washed["a_travel_method_extra"][2] == f"pass {first} og nr. {second}"


def test_a_travellers_own_birth_date_id_digits_and_short_street_become_the_washed_ones() -> None:
    row = {
        **OWNER,
        "a_location_address": "Kirkeveien 12B",
        "a_border_crossing_quarantine_assessment": (
            "HANSEN f. 15.08.1985 (15/08/85), født 150885, personnr 45610, bor i Kirkevn. 12 B"
        ),
    }
    [washed] = wash_frames([_frame([row])], RULES, KEY)
    washed_row = washed.row(0, named=True)
    birth = dt.date.fromisoformat(washed_row["p_birth_date"])
    fake_id = washed_row["p_unique_id"]
    assert washed_row["a_border_crossing_quarantine_assessment"] == (
        f"HANSEN f. {birth:%d.%m.%Y} ({birth:%d.%m.%y}), født {birth:%d%m%y}, "
        f"personnr {fake_id[6:]}, bor i {washed_row['a_location_address']}"
    )


def test_an_email_spelled_out_gets_its_columns_fake_and_an_unknown_one_loses_its_domain() -> None:
    writer = {
        "p_unique_id": "XK4711093",
        "p_first_name": "Bb",
        "a_border_crossing_quarantine_assessment": (
            "mail kristoffer.vangsnes(at)epost(dot)no / Kristoffer.Vangsnes [AT] epost.no / "
            "kristoffer.vangsnes @ epost.no, sjef: ola(at)hemmelig-firma.no"
        ),
    }
    # The unknown address written plainly in a third row: the same fallback fake.
    plain = {"p_unique_id": "XK4711094", "a_hotel_name": "ola@hemmelig-firma.no"}
    [washed] = wash_frames([_frame([OWNER, writer, plain])], RULES, KEY)
    fake = washed["p_email"][0].lower()
    fallback = washed["a_hotel_name"][2]
    assert "hemmelig" not in fallback
    text = washed["a_border_crossing_quarantine_assessment"][1]
    assert text.lower() == f"mail {fake} / {fake} / {fake}, sjef: {fallback}"


def test_an_employers_orgnr_and_contact_person_as_people_write_them() -> None:
    employer = {
        "p_unique_id": "XK4711093",
        "a_employer_org_number": "974760673",
        "a_employer_name": "Bygg og Anlegg AS",
        "a_employer_contact_person": "Per Olav Hansen",
    }
    writer = {
        "p_unique_id": "XK4711094",
        "a_travel_method_extra": "org.nr. 974 760 673, kontakt Hansen, Per Olav (p. hansen)",
    }
    [washed] = wash_frames([_frame([employer, writer])], RULES, KEY)
    orgnr, contact = washed["a_employer_org_number"][0], washed["a_employer_contact_person"][0]
    *given, surname = contact.split(" ")
    assert washed["a_travel_method_extra"][1] == (
        f"org.nr. {orgnr[:3]} {orgnr[3:6]} {orgnr[6:]}, kontakt {surname} {' '.join(given)} "
        f"(p. {surname})"
    )


def test_names_transliterated_and_streets_abbreviated_in_another_rows_text() -> None:
    owner = {
        **OWNER,
        "p_first_name": "Bjørn",
        "p_last_name": "Østgård",
        "a_location_address": "Kirkeveien 12B",
    }
    writer = {
        "p_unique_id": "XK4711093",
        "p_first_name": "Bb",
        "a_hotel_name": "Hos BJOERN OESTGAARD, Kirkevn. 12 B",
    }
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    fake = washed.row(0, named=True)
    assert washed["a_hotel_name"][1] == (
        f"Hos {fake['p_first_name']} {fake['p_last_name']}, {fake['a_location_address']}"
    )


def test_a_foreign_number_written_nationally_gets_its_columns_fake_in_its_layout() -> None:
    swede = {"p_unique_id": "XK4711093", "p_first_name": "Aa", "p_phone": "+46701234567"}
    writer = {
        "p_unique_id": "XK4711094",
        "p_first_name": "Bb",
        "a_hotel_name": "Ring 070-123 45 67 eller 0701234567",
    }
    [washed] = wash_frames([_frame([swede, writer])], RULES, KEY)
    fake = washed["p_phone"][0]
    assert fake.startswith("+46") and fake != swede["p_phone"]
    national = "0" + fake[3:]
    spaced = f"{national[:3]}-{national[3:6]} {national[6:8]} {national[8:]}"
    assert washed["a_hotel_name"][1] == f"Ring {spaced} eller {national}"


def test_genitives_name_parts_and_employers_without_their_legal_form() -> None:
    owner = {
        **OWNER,
        "p_first_name": "Åse-Marie",
        "p_last_name": "Øvrebø",
        "a_employer_org_number": "974760673",
        "a_employer_name": "Bygg og Anlegg AS",
        "a_employer_contact_person": "Per Olav Hansen",
    }
    writer = {
        "p_unique_id": "XK4711093",
        "a_hotel_name": "Øvrebøs bil, ÅSE ringer",
        "a_travel_method_extra": "Bygg og Anlegg / BYGG & ANLEGG AS, Hansens kontor",
    }
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    fake = washed.row(0, named=True)
    company, contact = fake["a_employer_name"], fake["a_employer_contact_person"]
    bare = re.sub(r",?\s+(AS|ASA|ANS|DA|ENK|SA|BA|NUF|KS)$", "", company)
    surname = contact.split(" ")[-1]
    assert washed["a_hotel_name"][1] == (
        f"{_genitive(fake['p_last_name'])} bil, {fake['p_first_name']} ringer"
    )
    assert washed["a_travel_method_extra"][1] == f"{bare} / {company}, {_genitive(surname)} kontor"


_name = st.text(alphabet="abdefghiklmnoprstuvæøå", min_size=4, max_size=9).map(str.title)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.lower())


def _genitive(name: str) -> str:
    return name + ("'" if name[-1].lower() in "sxz" else "s")


def _holds(text: str, form: str) -> bool:
    want, have = _words(form), _words(text)
    return any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_name, last=_name, contact=st.tuples(_name, _name), data=st.data())
def test_names_as_people_write_them_leave_no_original_in_another_rows_text(
    first: str, last: str, contact: tuple[str, str], data: st.DataObject
) -> None:
    given_name, surname = contact
    translit = str.maketrans({"ø": "oe", "å": "aa", "æ": "ae", "Ø": "Oe", "Å": "Aa", "Æ": "Ae"})
    forms = [
        f"{last}, {first}",
        _genitive(last),
        f"{first.translate(translit)} {last.translate(translit)}".upper(),
        f"{surname}, {given_name}",
        _genitive(surname),
        f"{given_name[0]}. {surname}",
    ]
    chosen = data.draw(st.lists(st.sampled_from(forms), min_size=1, max_size=3, unique=True))
    owner = {
        **OWNER,
        "p_first_name": first,
        "p_last_name": last,
        "a_employer_org_number": "974760673",
        "a_employer_contact_person": f"{given_name} {surname}",
    }
    writer = {"p_unique_id": "XK4711093", "a_hotel_name": " / ".join(chosen)}
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    text = washed["a_hotel_name"][1]
    fakes = " ".join(str(v) for v in washed.row(0) if v)
    for form in chosen:
        # the original's words are gone (unless a fake happens to spell them)
        assert not _holds(text, form) or _holds(fakes, form), (form, text)
