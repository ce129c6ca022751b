"""Values in free text cut by an invisible character, or with their accents decomposed.

Text pasted from a web page, a word processor or a chat app can hold a soft hyphen, a
zero-width space or a direction mark inside a name or number ("Vang\u00adsnes",
"912\u200b34567"), and text typed on a Mac can hold "å" as "a" plus a combining ring. Neither
shows on screen, so neither may hide an original from the scrub.
"""

from __future__ import annotations

import re
import unicodedata
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

# soft hyphen, zero-width space, left-to-right mark, pop directional formatting (WhatsApp wraps
# copied numbers in U+202A ... U+202C), word joiner, zero-width no-break space
INVISIBLES = ["\u00ad", "\u200b", "\u200e", "\u202c", "\u2060", "\ufeff"]
FNR, PHONE, ORGNR = "15088545610", "91234567", "974760673"

_name = st.text(alphabet="abdefghiklmnoprstuvåäöéü", min_size=5, max_size=9).map(str.title)


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} | {"a_date": "2021-03-01"} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )


def _owner(first: str, last: str) -> dict[str, str]:
    return {
        "p_unique_id": FNR,
        "p_first_name": first,
        "p_last_name": last,
        "p_birth_date": "1985-08-15",
        "p_phone": "+47" + PHONE,
        "a_employer_org_number": ORGNR,
        "a_employer_name": "Vangsnes Bygg AS",
    }


def _seen(text: str) -> str:
    """What a reader sees: no invisible characters, accents composed, lower case."""
    return unicodedata.normalize("NFC", re.sub("[\u00ad\u200b\u200e\u202c\u2060\ufeff]", "", text))


def _holds_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", _seen(text).lower()) is not None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_name, last=_name, mark=st.sampled_from(INVISIBLES), data=st.data())
def test_a_value_cut_by_an_invisible_character_is_replaced_in_its_own_and_another_rows_text(
    first: str, last: str, mark: str, data: st.DataObject
) -> None:
    def cut(value: str) -> str:
        at = data.draw(st.integers(1, len(value) - 1))
        return value[:at] + mark + value[at:]

    text = f"Merk: {first} {cut(last)}, fnr {cut(FNR)}, tlf {cut(PHONE)}, org {cut(ORGNR)}"
    owner = _owner(first, last) | {"a_hotel_name": text}
    writer = {"p_unique_id": "XK4711093", "a_travel_method_extra2": text}
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    fakes = " ".join(str(v) for v in washed.row(0) if v)
    for out in (washed["a_hotel_name"][0], washed["a_travel_method_extra2"][1]):
        seen = _seen(out)
        for number in (FNR, PHONE, ORGNR):
            assert number not in seen, (number, out)
        # the surname is gone (unless a fake happens to spell it)
        assert not _holds_word(out, last) or _holds_word(fakes, last), out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_name, last=_name)
def test_a_name_with_decomposed_accents_in_another_rows_text_is_replaced(
    first: str, last: str
) -> None:
    owner = _owner(first, last)
    writer = {
        "p_unique_id": "XK4711093",
        "a_hotel_name": "Reiser med " + unicodedata.normalize("NFD", f"{first} {last}"),
    }
    [washed] = wash_frames([_frame([owner, writer])], RULES, KEY)
    out = washed["a_hotel_name"][1]
    fakes = " ".join(str(v) for v in washed.row(0) if v)
    assert not _holds_word(out, last) or _holds_word(fakes, last), out


def test_a_text_with_invisible_characters_and_nothing_to_replace_is_kept_byte_for_byte() -> None:
    texts = ["Sete\u00a012B\u200b", "Karantene\u00adhotell Oslo", "\ufeffBuss \u202a22\u202c"]
    rows = [
        _owner("Kristoffer", "Vangsnes") | {"a_hotel_name": t, "p_unique_id": f"XK47110{i}3"}
        for i, t in enumerate(texts)
    ]
    [washed] = wash_frames([_frame(rows)], RULES, KEY)
    assert washed["a_hotel_name"].to_list() == texts
