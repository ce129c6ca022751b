"""No fake full name is the original full name of anybody in the run."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.fakes import normalize_name
from washer.fullnames import clashing_full_names, inner_runs, words_form
from washer.keys import Key

from ._checks import wash_frames
from ._extract import make_extract

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
PEOPLE = ["p_unique_id", "p_dnr", "p_fh_number", "p_phone", "p_email"]


def _full_names(frame: pl.DataFrame) -> set[str]:
    """The frame's full names, normalised: travellers' first + last name, contact persons."""
    travellers = frame.select(
        pl.concat_str(["p_first_name", "p_last_name"], separator=" ").alias("full")
    )["full"]
    contacts = frame["a_employer_contact_person"]
    both = pl.concat([travellers, contacts.alias("full")]).drop_nulls()
    # As a reader matching words sees them: Anne-Marie Hansen is anne marie hansen.
    return {" ".join(re.findall(r"[^\W_]+", name)) for name in normalize_name(both).to_list()}


def _spelled(frame: pl.DataFrame) -> set[str]:
    """The frame's full names and every run of two or more of their words
    (``martine karen nguyen`` holds ``karen nguyen``)."""
    out = set()
    for name in _full_names(frame):
        words = name.split(" ")
        n = len(words)
        out |= {" ".join(words[i:j]) for i in range(n) for j in range(i + 2, n + 1)}
    return out


def _impostors(extract: pl.DataFrame, washed: pl.DataFrame) -> pl.DataFrame:
    """Other travellers (no id, phone or e-mail in common) who bear the names ``washed`` gave
    ``extract``'s travellers and contact persons."""
    return extract.with_columns(
        washed["p_first_name"],
        washed["p_last_name"],
        washed["a_employer_contact_person"],
        *[pl.lit(None, pl.String).alias(c) for c in PEOPLE],
    )


def test_a_fake_full_name_that_is_another_travellers_is_drawn_again(key: Key) -> None:
    extract = make_extract(rows=60, seed=11).frame
    [alone] = wash_frames([extract], RULES, key)
    # The same key draws the same fakes for the same travellers: with the impostors in the
    # run, every first fake would be somebody's original name.
    together = pl.concat([extract, _impostors(extract, alone)])
    [washed] = wash_frames([together], RULES, key)
    assert not _spelled(washed) & _full_names(together)
    mine = washed.head(extract.height)
    assert (
        mine["p_first_name"] + mine["p_last_name"] != alone["p_first_name"] + alone["p_last_name"]
    ).all()
    assert (mine["p_email"] != alone["p_email"]).all()
    # Only the names (and the e-mail made of them) are drawn again.
    for column in ("p_unique_id", "p_birth_date", "p_phone", "a_location_address"):
        assert mine[column].equals(alone[column]), column


@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_washed_full_name_is_an_original_one(seed: int) -> None:
    key = Key(bytes(range(32)))
    extract = make_extract(rows=30, seed=seed).frame
    [alone] = wash_frames([extract], RULES, key)
    # Half of the fakes forced onto other travellers' names, in another order.
    impostors = _impostors(extract, alone).sample(fraction=0.5, seed=seed, shuffle=True)
    together = pl.concat([extract, impostors])
    [washed] = wash_frames([together], RULES, key)
    assert not _spelled(washed) & _full_names(together)


def test_full_names_are_compared_word_by_word() -> None:
    names = pl.Series(
        [
            "Anne-Marie O'Hara",
            "  ØYVIND  Ødegård",
            "Hansen, Per",
            "per hansen",
            "Pe\u200br Han\u00adsen",
        ]
    )
    forms = pl.select(words_form(pl.lit(names))).to_series().to_list()
    assert forms == [
        "anne marie o hara",
        "oyvind odegard",
        "hansen per",
        "per hansen",
        "per hansen",
    ]


@given(words=st.lists(st.sampled_from(["anne", "marie", "moe", "larsen", "per"]), max_size=7))
def test_inner_runs_are_every_shorter_run_of_two_words_or_more(words: list[str]) -> None:
    names = pl.Series([" ".join(words), "per hansen", None], dtype=pl.String)
    runs = inner_runs(names)
    n = len(words)
    expected = sorted(
        (0, " ".join(words[i:j])) for i in range(n) for j in range(i + 2, n + 1) if j - i < n
    )
    assert sorted(runs.iter_rows()) == expected


def test_a_fake_holding_an_original_in_its_middle_clashes() -> None:
    fakes = pl.DataFrame({"full": ["Anne Marie Moe-Larsen", "Per Hansen", "Marie Moe"]})
    taken = pl.Series(["marie moe", "ola nordmann"])
    assert clashing_full_names("employer", fakes, taken).tolist() == [True, False, True]


@given(
    seeds=st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=25),
    kind=st.sampled_from(["person", "employer"]),
    data=st.data(),
)
def test_fakes_with_their_names_in_word_form_clash_as_the_names_do(
    seeds: list[int], kind: str, data: st.DataObject
) -> None:
    from washer.fakes.names import POOL_AT, pool_normal
    from washer.fullnames import WORDS, words_of
    from washer.tables.entities import fake_fields

    s = pl.Series(seeds, dtype=pl.UInt64)
    fields = data.draw(st.sampled_from([{"first", "last"}, {"full"}, {"email", "full"}]))
    with_words = fake_fields(kind, s, fields, words=True)  # type: ignore[arg-type]
    plain = fake_fields(kind, s, fields)  # type: ignore[arg-type]
    assert with_words.drop(*WORDS.values(), *POOL_AT.values(), strict=False).equals(plain)
    if "first" in plain.columns and "last" in plain.columns:
        for f, column in WORDS.items():
            assert with_words[column].equals(words_of(plain[f]), check_names=False)
            # The pool index names the name's normal form.
            at = with_words[POOL_AT[f]].replace(-1, None)
            normal = pool_normal(f).gather(at)
            assert normal.equals(normalize_name(plain[f]), check_names=False)
    # Taken: some of the fakes' own full names, in word form, and an inner run of one.
    full = plain["full"] if "full" in plain.columns else pl.Series([], dtype=pl.String)
    names = words_of(full).drop_nulls().to_list()
    names += ["anna maria", "hansen"]
    taken = pl.Series(sorted(set(data.draw(st.lists(st.sampled_from(names), max_size=5)))))
    expected = clashing_full_names(kind, plain, taken)  # type: ignore[arg-type]
    found = clashing_full_names(kind, with_words, taken)  # type: ignore[arg-type]
    assert (expected is None) == (found is None)
    if expected is not None and found is not None:
        assert expected.tolist() == found.tolist()


_FULL = st.sampled_from(["", "a", "b", "ab", "ba", "anne moe", "per", "ola nordmann", "é"])


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.none() | _FULL, max_size=40),
    taken=st.sets(_FULL, max_size=8),
    weak_hash=st.booleans(),
)
def test_full_names_among_the_taken_by_hash_are_those_is_in_finds(
    values: list[str | None], taken: set[str], weak_hash: bool
) -> None:
    # Found by hash in an index of the taken names, each match proved on the strings: what
    # an is_in gives. A weak hash (by length) makes values clash with taken names of
    # another spelling, and taken names with each other (then is_in itself is asked).
    import numpy as np

    from washer import _joins, fullnames
    from washer._kept import forget_all

    series = pl.Series(values, dtype=pl.String)
    sorted_taken = pl.Series(sorted(taken), dtype=pl.String)
    expected = series.is_in(sorted_taken.implode()).fill_null(False).to_numpy()
    hashed = _joins.value_hash
    if weak_hash:
        _joins.value_hash = lambda v: (  # type: ignore[assignment]
            v.str.len_bytes().fill_null(0).cast(pl.UInt64) * (2**60 + 1)
        )
    try:
        found = fullnames._among(series, sorted_taken)
        again = fullnames._among(series, sorted_taken)  # from the index built once
    finally:
        _joins.value_hash = hashed
        forget_all()
    assert np.array_equal(found, expected)
    assert np.array_equal(again, expected)


# Characters whose word form is not their own: case, accents (composed and combining),
# mojibake pairs (the second byte a no-break space or NEL), a final sigma, invisible
# characters, typographic dashes and quotes, white space of several kinds.
_NAME_CHARS = st.sampled_from(
    list("aZø ÃÄÅãäå\xb8©\xa0\x85\t-'\u2019\u2010\u2013\u03a3\u03c3\u0391\u0301\u00ad\u200bİß1.")
)
_PART = st.none() | st.text(_NAME_CHARS, max_size=6)


def _old_original_full_names(
    frames: list[pl.LazyFrame], groups: list[tuple[str, ...]]
) -> pl.Series:
    """The word form of each part group joined by a space (the code before the word forms
    were taken part by part)."""
    found = [
        f.select(pl.concat_str(list(g), separator=" ").alias("full"))
        for f in frames
        for g in groups
    ]
    distinct = pl.concat(found).drop_nulls().unique()
    named = distinct.select(words_form(pl.col("full"))).filter(
        pl.col("full").str.contains(" ", literal=True)
    )
    return named.unique().sort("full").collect()["full"]


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(_PART, _PART, _PART), max_size=12))
def test_original_full_names_are_the_word_forms_of_the_joined_parts(
    rows: list[tuple[str | None, str | None, str | None]],
) -> None:
    from washer.fullnames import original_full_names

    frame = pl.LazyFrame(rows, schema={c: pl.String for c in "abc"}, orient="row")
    groups = [("a", "b"), ("c",), ("a", "b", "c")]
    found = original_full_names([frame], [frozenset("abc")], groups)
    assert found is not None
    assert found.collect()["full"].to_list() == _old_original_full_names([frame], groups).to_list()
