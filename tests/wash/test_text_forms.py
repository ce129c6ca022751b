"""Forms of a value that case workers and travellers write in free text, found leaking by a red
team: a street with ``nr.`` before its number, an id written ``150885/45610`` and a phone
written with a slash or brackets (``912/34567``, ``(912) 34 567``), in the value's own row and
in another row's text. (The phone layouts' fakes are checked in test_text_phone_layouts.)
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.keys import Key
from washer.schema import INNREISER_FIELDS
from washer.testing.strategies import d_numbers, fodselsnummer

from ._checks import wash_frames

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
KEY = Key(bytes(range(32)))
OWN, OTHER = "a_hotel_name", "a_travel_method_extra2"

_street = st.text(alphabet="abdefghiklmnoprstuvøå", min_size=4, max_size=8).map(
    lambda root: root.title() + "veien"
)


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} | {"a_date": "2021-03-01"} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    street=_street,
    number=st.integers(1, 250),
    letter=st.sampled_from(["", "B", "c"]),
    form=st.sampled_from(["{s} nr. {n}", "{s} nr {n}", "{s} Nr.{n}", "{s} no. {n}", "{s} NR {n}"]),
    gap=st.sampled_from(["", " "]),
)
def test_a_street_with_nr_before_its_number_is_replaced_in_its_own_and_another_rows_text(
    street: str, number: int, letter: str, form: str, gap: str
) -> None:
    written = form.format(s=street, n=f"{number}{gap if letter else ''}{letter}")
    text = f"Bor i {written} hos familien"
    owner = {
        "p_unique_id": "XK4711093",
        "p_first_name": "Kari",
        "a_location_address": f"{street} {number}{letter}",
        OWN: text,
    }
    writer = {"p_unique_id": "YZ1234567", "p_first_name": "Ola", OTHER: text}
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    fake = washed["a_location_address"][0]
    for out in (washed[OWN][0], washed[OTHER][1]):
        assert street.lower() not in _words(out), out
        # the row's fake address takes its place (as the column writes it)
        assert out == f"Bor i {fake} hos familien", (out, fake)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(number=st.one_of(fodselsnummer(), d_numbers()), gap=st.sampled_from(["/", " / "]))
def test_an_id_written_date_slash_serial_is_replaced_in_its_own_and_another_rows_text(
    number: str, gap: str
) -> None:
    text = f"Merk: {number[:6]}{gap}{number[6:]} ok"
    owner = {"p_unique_id": number, "p_birth_date": None, OWN: text}
    writer = {"p_unique_id": "YZ1234567", OTHER: text}
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    fake = washed["p_unique_id"][0]
    assert fake != number
    expected = f"Merk: {fake[:6]}{gap}{fake[6:]} ok"
    assert [washed[OWN][0], washed[OTHER][1]] == [expected, expected]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    national=st.from_regex(r"[49][0-9]{7}", fullmatch=True),
    layout=st.sampled_from(["{a}/{r}", "{h}/{t}", "({a}) {b} {c}", "({a}){r}"]),
)
def test_a_phone_with_a_slash_or_brackets_is_replaced_in_its_own_and_another_rows_text(
    national: str, layout: str
) -> None:
    def written(n: str) -> str:
        return layout.format(a=n[:3], r=n[3:], b=n[3:5], c=n[5:], h=n[:4], t=n[4:])

    text = f"ring {written(national)} etter kl 16"
    owner = {"p_unique_id": "XK4711093", "p_phone": f"+47 {national}", OWN: text}
    writer = {"p_unique_id": "YZ1234567", OTHER: text}
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    fake = re.sub(r"\D", "", washed["p_phone"][0])[-8:]
    expected = f"ring {written(fake)} etter kl 16"
    assert [washed[OWN][0], washed[OTHER][1]] == [expected, expected]


def test_numbers_with_a_slash_that_are_no_phone_of_the_run_are_kept() -> None:
    # a case number, a date and a fraction read like "9123/4567"; only a phone of the run is
    # replaced when written with a slash
    texts = ["Sak 2021/1234 avsluttet", "Ankom 24/12/2021", "Dose 2/3, ref 4052/9669"]
    rows = [
        {"p_unique_id": f"XK47110{i}3", "p_phone": "+4791234567", OWN: t}
        for i, t in enumerate(texts)
    ]
    [washed] = wash_frames([_frame(rows)], RULES, KEY)
    assert washed[OWN].to_list() == texts


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.sampled_from(["Per", "Kari", "Åse", "Ola"]),
    last=st.sampled_from(["Hansen", "Nordmann", "Øvrebø", "Lie"]),
)
def test_a_name_glued_to_another_is_replaced_in_its_own_and_another_rows_text(
    first: str, last: str
) -> None:
    text = f"{first}{last} ringte"
    owner = {"p_unique_id": "XK4711093", "p_first_name": first, "p_last_name": last, OWN: text}
    writer = {"p_unique_id": "YZ1234567", "p_first_name": "Bo", "p_last_name": "Ek", OTHER: text}
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    # the row's fake names take their places, glued as written
    glued = f"{washed['p_first_name'][0]}{washed['p_last_name'][0]}".replace(" ", "")
    expected = f"{glued} ringte"
    assert [washed[OWN][0], washed[OTHER][1]] == [expected, expected]


def test_glued_words_that_are_no_names_of_the_run_and_names_in_capitals_stay() -> None:
    texts = ["Kjøpt McDonald på iPhone", "HANSEN og Anne-Marie", "PERHANSEN kom"]
    rows = [
        {"p_unique_id": f"XK47110{i}3", "p_first_name": "Per", "p_last_name": "Hansen", OWN: t}
        for i, t in enumerate(texts)
    ]
    [washed] = wash_frames([_frame(rows)], RULES, KEY)
    fake_last = washed["p_last_name"][1]
    assert washed[OWN].to_list() == [texts[0], f"{fake_last} og Anne-Marie", texts[2]]
