"""Passports, malformed ids and organisation numbers written in free text in other groups than
their column's (``XK 471 1093`` for ``XK4711093``) get their column's fake, in the row's own
text and in other rows' texts."""

from __future__ import annotations

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
TEXT = "a_border_crossing_quarantine_assessment"

OWNER = {
    "p_unique_id": "XK4711093",
    "p_first_name": "Aa",
    "a_employer_org_number": "974760673",
}
MALFORMED = {"p_unique_id": "1508854561", "p_first_name": "Cc"}
SEPARATORS = ["", " ", "-", ".", "\u00a0", "\u2013"]


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} | {"a_date": "2021-03-01"} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )


def _washed_texts(texts: list[str]) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The washed owner, malformed-id owner and ``texts`` written in the owner's row and in a
    row of somebody else's."""
    own = [{**OWNER, TEXT: t} for t in texts]
    other = [{"p_unique_id": "YZ1234567", "p_first_name": "Bb", TEXT: t} for t in texts]
    [washed] = wash_frames([_frame([OWNER, MALFORMED, *own, *other])], RULES, KEY)
    return washed.row(0, named=True), washed.row(1, named=True), washed[TEXT][2:].to_list()


def test_ids_and_an_orgnr_in_odd_groups_get_their_columns_fakes_in_every_row() -> None:
    texts = ["pass XK 471 1093", "pass xk-47-11-093.", "id 1508 854 561", "org 97 47 60 673"]
    owner, malformed, out = _washed_texts(texts)
    expected = [
        f"pass {owner['p_unique_id']}",
        f"pass {owner['p_unique_id']}.",
        f"id {malformed['p_unique_id']}",
        f"org {owner['a_employer_org_number']}",
    ]
    assert out == expected * 2


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cuts=st.lists(st.sampled_from(SEPARATORS), min_size=8, max_size=8))
def test_a_passport_grouped_any_way_leaves_no_trace(cuts: list[str]) -> None:
    written = "".join(ch + cut for ch, cut in zip("XK471109", cuts, strict=True)) + "3"
    owner, _, out = _washed_texts([f"pass nr {written}, takk"])
    assert out == [f"pass nr {owner['p_unique_id']}, takk"] * 2
    assert not any("4711093" in re.sub(r"\D", "", t) for t in out)


def test_an_fnr_written_with_its_year_in_full_gets_its_fake_in_that_layout() -> None:
    """``15.08.1985-45610`` is the fnr ``15088545610``: its fake, written the same way (the
    century kept), in its own row and in other rows."""
    person = {"p_unique_id": "15088545610", "p_first_name": "Dd", "p_birth_date": "1985-08-15"}
    texts = ["fnr 15.08.1985-45610", "fnr 15.08.1985 45610.", "fnr 15/08/1985 45610"]
    own = [{**person, TEXT: t} for t in texts]
    other = [{"p_unique_id": "YZ1234567", "p_first_name": "Bb", TEXT: t} for t in texts]
    [washed] = wash_frames([_frame([person, *own, *other])], RULES, KEY)
    fake = str(washed["p_unique_id"][0])
    assert fake != person["p_unique_id"]
    dated = f"{fake[:2]}.{fake[2:4]}.19{fake[4:6]}"
    slashed = dated.replace(".", "/")
    expected = [f"fnr {dated}-{fake[6:]}", f"fnr {dated} {fake[6:]}.", f"fnr {slashed} {fake[6:]}"]
    assert washed[TEXT][1:].to_list() == expected * 2


def test_a_passport_glued_to_the_word_before_it_gets_its_fake() -> None:
    texts = ["passXK4711093", "Passnr XK4711093.", "PassnrXK4711093, ok"]
    owner, _, out = _washed_texts(texts)
    fake = owner["p_unique_id"]
    assert out == [f"pass{fake}", f"Passnr {fake}.", f"Passnr{fake}, ok"] * 2
