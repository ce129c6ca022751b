"""Fake names: gender-matched, from the frozen pools, deterministic, null-preserving."""

from __future__ import annotations

import json
from importlib.resources import files

import numpy as np
import polars as pl
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from washer.fakes import first_names, full_names, last_names, normalize_name, same_names
from washer.fakes import names as names_module
from washer.fakes._draw import below, gather, stream
from washer.fakes._fold import mojibake_pairs
from washer.fakes._pools import pools
from washer.fakes.names import shares_a_word, word_sharing

from ._helpers import FEMALE, MALE, fold_word, seeds, words_of

seed_lists = st.lists(seeds, min_size=1, max_size=50)
flags = st.one_of(st.none(), st.booleans())


def test_pools_are_large_and_first_names_tell_their_gender() -> None:
    assert len(FEMALE) > 2000 and len(MALE) > 2000
    assert len(pools().last.values) > 10000
    folded_f = {fold_word(n) for n in FEMALE}
    folded_m = {fold_word(n) for n in MALE}
    assert not folded_f & folded_m


def test_pools_are_frozen_package_data_with_their_provenance() -> None:
    raw = json.loads(files("washer.data").joinpath("fake_pools.json").read_text("utf-8"))
    assert "tools/build_pools.py" in raw["about"]
    assert {e["locale"] for e in raw["locales"]} >= {"no_NO", "pl_PL", "lt_LT", "sv_SE", "de_DE"}
    for entry in raw["locales"]:
        for field in ("female", "male", "last", "last_female"):
            assert entry[field] == sorted(set(entry[field]))


@given(column=seed_lists, female=st.data())
def test_first_names_match_the_gender(column: list[int], female: st.DataObject) -> None:
    genders = female.draw(st.lists(flags, min_size=len(column), max_size=len(column)))
    out = first_names(pl.Series(column, dtype=pl.UInt64), pl.Series(genders, dtype=pl.Boolean))
    for name, g in zip(out.to_list(), genders, strict=True):
        if g is True:
            assert name in FEMALE
        elif g is False:
            assert name in MALE
        else:
            assert name in FEMALE or name in MALE


@given(column=st.lists(st.one_of(st.none(), seeds), max_size=40))
def test_nulls_map_to_nulls(column: list[int | None]) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    nulls = s.is_null().to_list()
    female = pl.Series([True] * len(column), dtype=pl.Boolean)
    for out in (first_names(s, female), last_names(s), full_names(s, None)):
        assert out.dtype == pl.String
        assert out.is_null().to_list() == nulls


@given(column=seed_lists)
def test_names_are_functions_of_the_seed(column: list[int]) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    female = pl.Series([i % 2 == 0 for i in range(len(column))])
    together = first_names(s, female).to_list()
    alone = [first_names(s[i : i + 1], female[i : i + 1])[0] for i in range(len(column))]
    assert together == alone
    assert last_names(s).to_list() == last_names(s.reverse()).reverse().to_list()


def test_names_vary_with_the_seed() -> None:
    s = pl.Series(np.arange(20_000, dtype=np.uint64))
    assert first_names(s, None).n_unique() > 2000
    assert last_names(s).n_unique() > 2000


def test_first_and_last_name_come_from_one_locale() -> None:
    p = pools()
    s = pl.Series(np.arange(5_000, dtype=np.uint64) * 7919)
    female = pl.Series([True] * len(s))
    first, last = first_names(s, female), last_names(s, female=female)
    locale_of_first = _locale_index(p.female, first)
    locale_of_last = _locale_index(p.last_female, last)
    agree = [
        lf is None or ll is None or bool(set(lf) & set(ll))
        for lf, ll in zip(locale_of_first, locale_of_last, strict=True)
    ]
    assert all(agree)


def _locale_index(pool: object, names: pl.Series) -> list[list[int] | None]:
    values = pool.values.to_list()  # type: ignore[attr-defined]
    offsets, sizes = pool.offsets, pool.sizes  # type: ignore[attr-defined]
    where: dict[str, list[int]] = {}
    for loc, (o, n) in enumerate(zip(offsets, sizes, strict=True)):
        for v in values[o : o + n]:
            where.setdefault(v, []).append(loc)
    return [where.get(n) for n in names.to_list()]


def _slice(pool: object, locale: str) -> set[str]:
    p = pools()
    i = p.locales.index(locale)
    start, size = int(pool.offsets[i]), int(pool.sizes[i])  # type: ignore[attr-defined]
    return set(pool.values.slice(start, size).to_list())  # type: ignore[attr-defined]


def test_female_surnames_in_gendered_locales() -> None:
    p = pools()
    female_pl, male_pl = _slice(p.last_female, "pl_PL"), _slice(p.last, "pl_PL")
    assert not any(n.endswith("ski") for n in female_pl)
    assert any(n.endswith("ska") for n in female_pl)
    assert any(n.endswith("ski") for n in male_pl)
    assert any(n.endswith("ienė") for n in _slice(p.last_female, "lt_LT"))
    s = pl.Series(np.arange(3_000, dtype=np.uint64))
    genders = pl.Series([i % 2 == 0 for i in range(len(s))])
    female_pool, male_pool = set(p.last_female.values), set(p.last.values)
    for name, g in zip(last_names(s, female=genders).to_list(), genders, strict=True):
        assert name in (female_pool if g else male_pool)


@given(column=seed_lists)
def test_avoid_never_returns_the_original(column: list[int]) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    female = pl.Series([True] * len(column))
    original = first_names(s, female)  # the worst case: every fake would equal its original
    again = first_names(s, female, avoid=original.str.to_uppercase())
    assert (normalize_name(again) != normalize_name(original)).all()
    assert all(n in FEMALE for n in again.to_list())
    last = last_names(s)
    assert (last_names(s, avoid=last) != last).all()
    full = full_names(s, female)
    assert (full_names(s, female, avoid=full) != full).all()


def test_names_drawn_again_keep_the_locale_they_are_given() -> None:
    p = pools()
    first_draw = pl.Series(np.arange(3_000, dtype=np.uint64) * 7919)
    again = pl.Series(np.arange(3_000, dtype=np.uint64) * 104729 + 1)
    female = pl.Series([i % 2 == 0 for i in range(len(again))])
    before = last_names(first_draw, female=female)
    after = last_names(again, female=female, locale_of=first_draw)
    firsts = first_names(again, female, locale_of=first_draw)
    assert (after != before).mean() > 0.9  # type: ignore[operator]
    pairs = zip(
        _locale_index(p.last, before.filter(~female)),
        _locale_index(p.last, after.filter(~female)),
        _locale_index(p.male, firsts.filter(~female)),
        strict=True,
    )
    assert all(set(a) & set(b) & set(c) for a, b, c in pairs if a and b and c)


def test_norwegian_surnames_are_many_and_shaped_like_farm_names() -> None:
    norwegian = _slice(pools().last, "no_NO")
    assert len(norwegian) > 1000
    assert {"Hansen", "Birkeland", "Solheim", "Nordby", "Fosstad", "Bakkeng"} <= norwegian
    assert not {"Bergberg", "Fossstad", "Bakkeeng"} & norwegian


@given(column=seed_lists)
@example(column=[62028617])  # draws Ann-Britt: avoiding Ann-Britt-Lise takes more than 8 moves
def test_a_fake_name_shares_no_word_with_the_original(column: list[int]) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    female = pl.Series([True] * len(column))
    # Originals that are one word of a double name the seed would draw, or hold its word.
    drawn = first_names(s, female).to_list()
    parts = [n.split(" ")[0].split("-")[-1] for n in drawn]
    for original in (parts, [f"{n}-Lise" for n in drawn], [f"O'{n}" for n in drawn]):
        again = first_names(s, female, avoid=pl.Series(original)).to_list()
        for fake, avoided in zip(again, original, strict=True):
            assert not set(words_of(avoided)) & set(words_of(fake))


def test_full_names_are_the_persons_first_and_last_name() -> None:
    s = pl.Series(np.arange(500, dtype=np.uint64))
    female = pl.Series([i % 3 == 0 for i in range(500)])
    full = full_names(s, female).to_list()
    first = first_names(s, female).to_list()
    last = last_names(s, female=female).to_list()
    assert full == [f"{a} {b}" for a, b in zip(first, last, strict=True)]


def test_normalize_name_folds_case_accents_spacing_and_mojibake() -> None:
    variants = [
        "Øyvind Ødegård",
        "  ØYVIND   ØDEGÅRD ",
        "oyvind odegard",
        "Øyvind Ødegård".encode().decode("cp1252"),
    ]
    assert normalize_name(pl.Series(variants)).unique().to_list() == ["oyvind odegard"]
    assert normalize_name(pl.Series(["Anne - Marie", "anne\u2010marie", None])).to_list() == [
        "anne-marie",
        "anne-marie",
        None,
    ]
    assert normalize_name(pl.Series(["O\u2019Brien", "Łukasz Wiśniewski", "Straße"])).to_list() == [
        "o'brien",
        "lukasz wisniewski",
        "strasse",
    ]


latin_1_letters = st.characters(codec="latin-1", categories=["L", "Zs"], exclude_characters="µ")


@given(text=st.text(alphabet=latin_1_letters, max_size=30))
def test_normalize_name_agrees_with_python_folding(text: str) -> None:
    # Two-letter sequences that are mojibake of one letter are repaired, not folded letterwise.
    assume(not any(pair.lower() in text.lower() for pair in mojibake_pairs()))
    expected = " ".join(fold_word(text).split())
    assert normalize_name(pl.Series([text]))[0] == expected


# Digits, letters that fold, a mojibake pair, spaces and dashes of several kinds.
_ADDRESSY = st.text(
    alphabet=st.sampled_from(list("aAøØéÉ 0123-'\u2019\u2013\u00c3\u00b8B")), max_size=10
)


_SAME_FORM = {"ø": "Ø", "Ø": "\u00c3\u00b8", "é": "E", "-": " - ", " ": "  ", "'": "\u2019"}


@st.composite
def _name_pairs(draw: st.DrawFn) -> tuple[str | None, str | None]:
    """A value and another: unrelated, or the same value written differently."""
    a = draw(_ADDRESSY | st.none())
    if a is None or draw(st.booleans()):
        return a, draw(_ADDRESSY | st.none())
    b = a.upper() if draw(st.booleans()) else a
    for old, new in _SAME_FORM.items():
        if draw(st.booleans()):
            b = b.replace(old, new)
    return a, b


@given(pairs=st.lists(_name_pairs(), max_size=30))
def test_same_names_for_numbered_values_only_skips_what_cannot_be_equal(
    pairs: list[tuple[str | None, str | None]],
) -> None:
    # The digit prefilter for addresses must never change the answer.
    a = pl.Series([p[0] for p in pairs], dtype=pl.String)
    b = pl.Series([p[1] for p in pairs], dtype=pl.String)
    expected = [
        x is not None
        and y is not None
        and normalize_name(pl.Series([x]))[0] == normalize_name(pl.Series([y]))[0]
        for x, y in pairs
    ]
    assert same_names(a, b).to_list() == expected
    assert same_names(a, b, numbered=True).to_list() == expected
    # b's normal form given (as the clash rounds take it from the distinct originals)
    distinct = b.drop_nulls().unique()
    known = pl.DataFrame({"b": distinct, "n": normalize_name(distinct)})
    b_normal = b.to_frame("b").join(known, on="b", how="left", maintain_order="left")["n"]
    assert same_names(a, b, b_normal=b_normal).to_list() == expected
    assert same_names(a, b, numbered=True, b_normal=b_normal).to_list() == expected


_FORMS = st.sampled_from(["anna", "anna maria", "maria", "per-olav", "olav", "o'hara", "hara", ""])


@settings(max_examples=200)
@given(
    a=st.lists(_FORMS | st.none(), max_size=6),
    b=st.lists(_FORMS | st.none(), max_size=6),
    data=st.data(),
)
def test_word_sharing_is_shares_a_word_of_the_indexed_names(
    a: list[str | None], b: list[str | None], data: st.DataObject
) -> None:
    count = data.draw(st.integers(0, 30))
    i = np.array([data.draw(st.integers(-1, len(a) - 1)) for _ in range(count)], dtype=np.int64)
    j = np.array([data.draw(st.integers(-1, len(b) - 1)) for _ in range(count)], dtype=np.int64)
    sa, sb = pl.Series(a, dtype=pl.String), pl.Series(b, dtype=pl.String)

    def named(s: pl.Series, at: np.ndarray) -> pl.Series:  # type: ignore[type-arg]
        return pl.Series([s[int(k)] if k >= 0 else None for k in at], dtype=pl.String)

    expected = shares_a_word(named(sa, i), named(sb, j))
    assert np.array_equal(word_sharing(sa, sb)(i, j), expected)
    assert np.array_equal(word_sharing(sb, sa)(j, i), expected)  # either side the longer
    # Asked again for the same series (coded once): the same; for equal series with other
    # names, after others pushed them out, too.
    assert word_sharing(sa, sb) is word_sharing(sa, sb)
    for _ in range(5):
        word_sharing(sa.clone(), sb.clone())
    assert np.array_equal(word_sharing(sa.clone(), sb)(i, j), expected)
    assert np.array_equal(word_sharing(sa, sb)(i, j), expected)


@given(column=seed_lists)
def test_locales_are_the_tickets_searched_in_the_cumulative_weights(column: list[int]) -> None:
    """The locale of a seed's ticket, gathered from a table of every ticket's: the binary
    search of the ticket in the locales' cumulative weights."""
    seeds = pl.Series(column, dtype=pl.UInt64)
    weights = pools().locale_cumweights
    u, _ = stream(seeds, "locale")
    expected = np.searchsorted(weights, below(u, int(weights[-1])), side="right")
    assert np.array_equal(names_module._locales(seeds), expected)
    every = np.arange(int(weights[-1]))
    assert np.array_equal(
        names_module._ticket_locales(), np.searchsorted(weights, every, side="right")
    )


def _first_names_pair_by_pair(seeds: pl.Series, female: pl.Series, avoid: pl.Series) -> pl.Series:
    """first_names with ``avoid`` as it was: each move checked on the gathered names."""
    p = pools()
    is_female = names_module._genders(seeds, female)
    locale = names_module._locales(seeds)
    draw, valid = stream(seeds, "first_name")
    combined = pl.concat([p.female.values, p.male.values])

    def index(bump: np.ndarray, rows: slice | np.ndarray = slice(None)) -> np.ndarray:  # type: ignore[type-arg]
        # a pick from each pool, then the one of the row's gender
        f_size, m_size = p.female.sizes[locale[rows]], p.male.sizes[locale[rows]]
        f = p.female.offsets[locale[rows]] + (below(draw[rows], f_size) + bump) % f_size
        m = p.male.offsets[locale[rows]] + (below(draw[rows], m_size) + bump) % m_size
        return np.where(is_female[rows], f, m + len(p.female.values))

    bump = np.zeros(len(seeds), dtype=np.int64)
    at = index(bump)
    avoided = normalize_name(avoid)
    normal_pool = names_module._normal_pool(p.female, p.male)
    rows = np.arange(len(seeds))
    for _ in range(len(combined)):
        normal = gather(normal_pool, at[rows], valid[rows], "first_name")
        rows = rows[shares_a_word(normal, avoided.gather(rows))]
        if len(rows) == 0:
            break
        bump[rows] += 1
        at[rows] = index(bump[rows], rows)
    return gather(combined, at, valid, "first_name")


@given(column=seed_lists, data=st.data())
def test_avoided_names_move_on_as_when_checked_pair_by_pair(
    column: list[int], data: st.DataObject
) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    female = pl.Series([data.draw(st.none() | st.booleans()) for _ in column], dtype=pl.Boolean)
    # Avoided names the fakes often share a word with: their own, others', several words.
    own = first_names(s, female).to_list()
    choices = st.sampled_from(own) | _FORMS | st.none()
    written = [data.draw(choices) for _ in column]
    avoid = pl.Series(
        [w.upper() if w and data.draw(st.booleans()) else w for w in written], dtype=pl.String
    )
    expected = _first_names_pair_by_pair(s, female, avoid)
    # By the names themselves (few names), and coded by form (as for many); moves checked
    # one, three or many at a time.
    old, lookahead = names_module._CODED_FROM, names_module._LOOKAHEAD
    for coded_from in (old, 0):
        for ahead in (1, 3, lookahead):
            names_module._CODED_FROM, names_module._LOOKAHEAD = coded_from, ahead
            try:
                assert first_names(s, female, avoid=avoid).equals(expected)
            finally:
                names_module._CODED_FROM, names_module._LOOKAHEAD = old, lookahead


@given(
    table=st.lists(st.lists(st.booleans(), min_size=1, max_size=12), min_size=1, max_size=8),
    most=st.integers(1, 14),
    lookahead=st.integers(1, 20),
)
def test_moves_are_the_first_move_sharing_no_word_one_move_at_a_time(
    table: list[list[bool]], most: int, lookahead: int
) -> None:
    # Row r's name at move m shares a word where table[r][m % len(table[r])] (a pool).
    rows = np.arange(len(table), dtype=np.int64)

    def index(moves: np.ndarray, at: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
        return moves % np.array([len(table[r]) for r in at], dtype=np.int64)

    def shares(at: np.ndarray, index: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
        return np.array([table[r][k] for r, k in zip(at, index, strict=True)], dtype=np.bool_)

    expected = []
    for row in table:  # the loop as it was: one move a round, ``most`` rounds at most
        move = 1
        while move < most and row[move % len(row)]:
            move += 1
        expected.append(move)
    old = names_module._LOOKAHEAD
    names_module._LOOKAHEAD = lookahead
    try:
        found = names_module._moves(rows, index, shares, most)
    finally:
        names_module._LOOKAHEAD = old
    assert found.tolist() == expected


def _full_names_redrawn_whole(seeds: pl.Series, female: pl.Series, avoid: pl.Series) -> pl.Series:
    """full_names with ``avoid`` as it was: every last name drawn again when any clashes."""
    is_female = pl.Series(names_module._genders(seeds, female))
    first = first_names(seeds, is_female)
    last = last_names(seeds, female=is_female)
    full = pl.select(pl.concat_str([first, last], separator=" ")).to_series()
    same = (normalize_name(full) == normalize_name(avoid)).fill_null(False)
    if same.any():
        other = last_names(seeds, female=is_female, avoid=last)
        full = pl.select(
            pl.when(same).then(pl.concat_str([first, other], separator=" ")).otherwise(full)
        ).to_series()
    _, valid = stream(seeds, "gender")
    return names_module.null_where(full, valid, "full_name")


@given(column=seed_lists, data=st.data())
def test_clashing_full_names_drawn_again_as_when_all_were(
    column: list[int], data: st.DataObject
) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    female = pl.Series([data.draw(st.none() | st.booleans()) for _ in column], dtype=pl.Boolean)
    own = full_names(s, female).to_list()
    avoid = pl.Series(
        [data.draw(st.sampled_from([n, n.upper(), None, "Per Hansen"])) for n in own],
        dtype=pl.String,
    )
    found = full_names(s, female, avoid=avoid)
    assert found.equals(_full_names_redrawn_whole(s, female, avoid))


@given(column=seed_lists, data=st.data())
def test_names_avoided_by_normal_form_index_are_those_avoided_as_written(
    column: list[int], data: st.DataObject
) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    female = pl.Series([data.draw(st.none() | st.booleans()) for _ in column], dtype=pl.Boolean)
    own = first_names(s, female).to_list() + last_names(s).to_list()
    choices = st.sampled_from(own) | _FORMS | st.none()
    written = [data.draw(choices) for _ in column]
    avoid = pl.Series([w.upper() if w and data.draw(st.booleans()) else w for w in written])
    # The distinct originals (sorted, as an entity table ranks them) and each row's rank.
    distinct = avoid.drop_nulls().unique().sort()
    at = names_module.positions_in(avoid, distinct)
    avoided = names_module.Avoided(normalize_name(distinct), at)
    old = names_module._CODED_FROM
    for coded_from in (old, 0):
        names_module._CODED_FROM = coded_from
        try:
            rows = np.arange(len(column))[::2]  # as a clash round gathers them
            assert first_names(s, female, avoid=avoided).equals(first_names(s, female, avoid=avoid))
            assert last_names(s.gather(rows), avoid=avoided.gather(rows)).equals(
                last_names(s.gather(rows), avoid=avoid.gather(rows))
            )
        finally:
            names_module._CODED_FROM = old
