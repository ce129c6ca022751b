"""A fake that is another original of the run is drawn again (FH, passport, orgnr)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from washer.ids import classify_series, orgnr
from washer.keys import Key
from washer.pipeline import RunKeys
from washer.schema import INNREISER_FIELDS

from ._checks import wash_frames
from ._extract import fh

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = Key(bytes(range(32)))


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} | {"a_date": "2021-03-01"} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )


@pytest.mark.parametrize("column", ["p_fh_number", "p_unique_id"])
def test_a_person_id_fake_equal_to_another_original_is_replaced(column: str) -> None:
    first = fh(np.random.default_rng(3)) if column == "p_fh_number" else "XK4711093"
    mapper = RunKeys.for_key(KEY).id_mapper("synthetic")
    clash = mapper.map_person_ids(pl.Series([first]))["fake"][0]
    frame = _frame(
        [
            {column: first, "p_first_name": "Aa"},
            {column: clash, "p_first_name": "Bb"},  # somebody's real number = first's fake
        ]
    )
    [washed] = wash_frames([frame], RULES, KEY)
    fakes = washed[column].to_list()
    assert set(fakes).isdisjoint({first, clash})
    assert fakes[0] != fakes[1]
    assert classify_series(washed[column]).to_list() == classify_series(frame[column]).to_list()


def test_an_orgnr_fake_equal_to_another_employers_orgnr_is_replaced() -> None:
    first = "974760673"
    clash = RunKeys.for_key(KEY).id_mapper("synthetic").map_orgnr(pl.Series([first]))[0]
    frame = _frame(
        [
            {"a_employer_org_number": first, "a_employer_name": "Aa AS"},
            {"a_employer_org_number": clash, "a_employer_name": "Bb AS"},
        ]
    )
    [washed] = wash_frames([frame], RULES, KEY)
    fakes = washed["a_employer_org_number"].to_list()
    assert set(fakes).isdisjoint({first, clash})
    assert fakes[0] != fakes[1]
    assert all(orgnr.is_valid(f) for f in fakes)


def test_a_digit_only_passport_fake_never_reads_as_someones_phone() -> None:
    first = "33118502"
    clash = RunKeys.for_key(KEY).id_mapper("synthetic").map_person_ids(pl.Series([first]))
    fake = clash["fake"][0]
    frame = _frame(
        [
            {"p_unique_id": first, "p_first_name": "Aa"},
            {"p_unique_id": "XY1234567", "p_phone": f"+47{fake}", "p_first_name": "Bb"},
        ]
    )
    [washed] = wash_frames([frame], RULES, KEY)
    assert washed["p_unique_id"][0] not in {first, fake}


def test_an_own_id_the_scrub_leaves_in_free_text_is_replaced_anyway() -> None:
    # A digit-only passport starting with 00 reads like an international phone prefix.
    frame = _frame([{"p_unique_id": "00331365", "a_travel_method_extra": "KL3703, nr. 00331365"}])
    [washed] = wash_frames([frame], RULES, KEY)
    text = washed["a_travel_method_extra"][0]
    assert "00331365" not in text
    assert text == f"KL3703, nr. {washed['p_unique_id'][0]}"


@pytest.mark.parametrize(
    ("column", "changed"),
    [
        ("a_employer_contact_person", {"a_employer_contact_person": "Kari Nordmann"}),
        ("p_first_name", {"p_first_name": "Kari"}),
    ],
)
def test_no_fake_name_equals_an_original_of_any_row_of_its_entity(
    column: str, changed: dict[str, str]
) -> None:
    employer = {"a_employer_org_number": "974760673", "a_employer_name": "Aa AS"}
    person = {"p_unique_id": "XK4711093", "p_last_name": "Nordmann"}
    first = {**employer, **person, "p_first_name": "Kari", **changed}
    [once] = wash_frames([_frame([first])], RULES, KEY)
    fake = once[column][0]
    # The same employer (or person) in a second row whose original is that very fake.
    frame = _frame([first, {**first, column: fake.lower()}])
    [washed] = wash_frames([frame], RULES, KEY)
    fakes = washed[column].to_list()
    assert fakes[0] == fakes[1], "one entity, one fake"
    originals = {v.lower() for v in frame[column].to_list()}
    assert fakes[0].lower() not in originals


def _national(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())[-8:]


def test_a_phone_fake_never_equals_a_number_written_in_free_text() -> None:
    row = {"p_unique_id": "XK4711093", "p_first_name": "Aa", "p_phone": "+4791234567"}
    [once] = wash_frames([_frame([row])], RULES, KEY)
    fake = _national(once["p_phone"][0])
    other = {
        "p_unique_id": "XK4711094",
        "p_first_name": "Bb",
        "a_travel_method_extra": f"ring {fake}",
    }
    [washed] = wash_frames([_frame([row, other])], RULES, KEY)
    assert _national(washed["p_phone"][0]) != fake
    assert fake not in washed["a_travel_method_extra"][1]


def test_a_number_in_free_text_never_gets_another_persons_phone_as_its_fake() -> None:
    text = {
        "p_unique_id": "XK4711094",
        "p_first_name": "Bb",
        "a_travel_method_extra": "ring 91234567",
    }
    [once] = wash_frames([_frame([text])], RULES, KEY)
    fake = _national(once["a_travel_method_extra"][0])
    assert fake != "91234567"
    owner = {"p_unique_id": "XK4711093", "p_first_name": "Aa", "p_phone": f"+47{fake}"}
    [washed] = wash_frames([_frame([text, owner])], RULES, KEY)
    written = washed["a_travel_method_extra"][0]
    assert fake not in written and "91234567" not in written
    # The same number in a phone column and in text gets the same fake.
    both = {**owner, "p_phone": "+4791234567"}
    [washed] = wash_frames([_frame([text, both])], RULES, KEY)
    assert _national(washed["p_phone"][1]) in washed["a_travel_method_extra"][0]


def test_a_phone_fake_never_equals_a_digit_only_passport() -> None:
    row = {"p_unique_id": "XK4711093", "p_first_name": "Aa", "p_phone": "+4791234567"}
    [once] = wash_frames([_frame([row])], RULES, KEY)
    fake = _national(once["p_phone"][0])
    passport = {"p_unique_id": fake, "p_first_name": "Bb"}
    [washed] = wash_frames([_frame([row, passport])], RULES, KEY)
    assert _national(washed["p_phone"][0]) != fake


def test_a_contact_person_fake_is_never_the_traveller_of_its_row() -> None:
    row = {
        "a_employer_org_number": "974760673",
        "a_employer_name": "Aa AS",
        "a_employer_contact_person": "Ola Hansen",
        "p_unique_id": "XK4711093",
        "p_first_name": "Kari",
        "p_last_name": "Nordmann",
    }
    [once] = wash_frames([_frame([row])], RULES, KEY)
    first, last = once["a_employer_contact_person"][0].split(" ", 1)
    traveller = {**row, "p_first_name": first, "p_last_name": last}
    [washed] = wash_frames([_frame([traveller])], RULES, KEY)
    assert washed["a_employer_contact_person"][0].lower() != f"{first} {last}".lower()


def test_a_phone_fakes_national_number_is_never_an_original_orgnr() -> None:
    # People write their own number without the country code; its fake then stands alone.
    row = {
        "p_unique_id": "XK4711093",
        "p_first_name": "Aa",
        "p_phone": "+48843894346",
        "a_hotel_name": "Brakkerigg, mob 843894346",
    }
    [once] = wash_frames([_frame([row])], RULES, KEY)
    national = once["p_phone"][0][3:]
    assert national in once["a_hotel_name"][0]
    employer = {"p_unique_id": "XK4711094", "p_first_name": "Bb", "a_employer_org_number": national}
    [washed] = wash_frames([_frame([row, employer])], RULES, KEY)
    assert national not in washed["p_phone"][0]
    assert national not in washed["a_hotel_name"][0]
    assert washed["p_phone"][0][3:] in washed["a_hotel_name"][0], "text and column agree"


@pytest.mark.parametrize("other", ["phone", "passport"])
def test_a_passport_fakes_digits_are_never_another_original(other: str) -> None:
    # In text "nr. W42132819" the 8 digits read as a phone number or as an id's digits.
    row = {"p_unique_id": "W98698652", "p_first_name": "Aa"}
    [once] = wash_frames([_frame([row])], RULES, KEY)
    digits = "".join(ch for ch in once["p_unique_id"][0] if ch.isdigit())
    if other == "phone":
        second = {"p_unique_id": "XK4711094", "p_first_name": "Bb", "p_phone": f"+47{digits}"}
    else:
        second = {"p_unique_id": f"ZZ{digits}", "p_first_name": "Bb"}
    [washed] = wash_frames([_frame([row, second])], RULES, KEY)
    assert digits not in washed["p_unique_id"][0]


def test_a_number_glued_to_letters_in_text_never_gets_another_persons_phone() -> None:
    row = {
        "p_unique_id": "XK4711093",
        "p_first_name": "Aa",
        "a_travel_method_extra": "nr. W98698652",
    }
    [once] = wash_frames([_frame([row])], RULES, KEY)
    digits = "".join(ch for ch in once["a_travel_method_extra"][0] if ch.isdigit())
    assert len(digits) == 8 and digits != "98698652"
    other = {
        "p_unique_id": "XK4711094",
        "p_first_name": "Bb",
        "a_employer_contact_phone": f"+47{digits}",
    }
    [washed] = wash_frames([_frame([row, other])], RULES, KEY)
    assert digits not in washed["a_travel_method_extra"][0]
    assert "98698652" not in washed["a_travel_method_extra"][0]
