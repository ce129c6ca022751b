"""A phone number written in free text gets its column's fake number in the text's own layout,
however another text (or the column) writes it."""

from __future__ import annotations

import itertools
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

LAYOUTS = [
    "{n}",
    "{a} {b} {c}",
    "{p} {q} {r} {s}",
    "{h} {t}",
    "+47 {a} {b} {c}",
    "0047-{a}-{b}-{c}",
    "+47 (0) {a} {b} {c}",
    "(+47) {n}",
    "47{n}",
    "{a}\u2013{b}\u2013{c}",
    "{a}\u00a0{b}\u00a0{c}",
]


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} | {"a_date": "2021-03-01"} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )


def _written(layout: str, national: str) -> str:
    n = national
    pairs = dict(zip("pqrs", (n[:2], n[2:4], n[4:6], n[6:]), strict=True))
    return layout.format(n=n, a=n[:3], b=n[3:5], c=n[5:], h=n[:4], t=n[4:], **pairs)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    national=st.from_regex(r"[49][0-9]{7}", fullmatch=True),
    layouts=st.lists(st.sampled_from(LAYOUTS), min_size=2, max_size=4, unique=True),
)
def test_each_text_keeps_its_own_layout_of_a_phone(national: str, layouts: list[str]) -> None:
    texts = [f"ring {_written(layout, national)} i kveld" for layout in layouts]
    owner = {"p_unique_id": "XK4711093", "p_first_name": "Aa", "p_phone": f"+47{national}"}
    rows = [owner] + [{**owner, TEXT: t} for t in texts]
    rows += [{"p_unique_id": "YZ1234567", "p_first_name": "Bb", TEXT: t} for t in texts]
    [washed] = wash_frames([_frame(rows)], RULES, KEY)
    fake = re.sub(r"\D", "", washed["p_phone"][0])[-8:]
    assert fake != national
    expected = [f"ring {_written(layout, fake)} i kveld" for layout in layouts]
    assert washed[TEXT][1:].to_list() == expected * 2


def _grouped(digits: str, cuts: list[int], gap: str) -> str:
    bounds = [0, *sorted(cuts), len(digits)]
    return gap.join(digits[a:b] for a, b in itertools.pairwise(bounds))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    national=st.from_regex(r"[49][0-9]{7}", fullmatch=True),
    cuts=st.sets(st.integers(1, 7), min_size=1, max_size=3).map(sorted),
    gap=st.sampled_from([" ", "\u00a0", "  "]),
)
def test_a_phone_in_any_grouping_by_spaces_gets_its_fake(
    national: str, cuts: list[int], gap: str
) -> None:
    # 912 34567, 91234 567, 91 23 4567: people group eight digits every way
    text = f"ring {_grouped(national, cuts, gap)} i kveld"
    owner = {"p_unique_id": "XK4711093", "p_first_name": "Aa", "p_phone": f"+47{national}"}
    rows = [owner, {**owner, TEXT: text}, {"p_unique_id": "YZ1234567", TEXT: text}]
    [washed] = wash_frames([_frame(rows)], RULES, KEY)
    fake = re.sub(r"\D", "", washed["p_phone"][0])[-8:]
    assert washed[TEXT][1:].to_list() == [f"ring {_grouped(fake, cuts, gap)} i kveld"] * 2
