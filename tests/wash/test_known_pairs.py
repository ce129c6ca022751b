"""The fast paths of washer.tables.known, washer.tables.mentioned and
washer.tables.domain_pairs give what the plain computations give."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from washer.fakes._digits import digits_of
from washer.tables.domain_pairs import (
    _CC1,
    _CC2,
    _national_numbers,
    _national_pairs,
    _written_national_numbers,
)
from washer.tables.known import _column_pairs, _named_forms, _numbered_pairs, _written_pairs
from washer.tables.mentioned import Pair, _distinct, _first_word, _mentioned, _named, _token_hits
from washer.written import surname_parts, written_forms

WORDS = st.sampled_from(["anne", "Anne", "ola", "301", "301-1-1-7", "XK4711093", "b", " ", ""])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=30), st.booleans())
def test_distinct_is_unique(values: list[str], sort: bool) -> None:
    series = pl.Series("orig", values, dtype=pl.String)
    if sort:
        series = series.sort()  # flagged sorted: the neighbour comparison
    assert sorted(_distinct(series).to_list()) == sorted(set(values))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(WORDS, WORDS), max_size=30), st.lists(WORDS, max_size=5))
def test_mentioned_same_sorted_or_not(pairs: list[tuple[str, str]], text: list[str]) -> None:
    frame = pl.DataFrame(
        {"orig": [o for o, _ in pairs], "fake": [f for _, f in pairs]},
        schema={"orig": pl.String, "fake": pl.String},
    )
    tokens = pl.DataFrame({"token": [t.lower() for t in text]}, schema={"token": pl.String})
    plain = _mentioned(frame, tokens)
    flagged = _mentioned(frame.sort("orig"), tokens)
    assert [(o.to_list(), f.to_list()) for o, f in plain] == [
        (o.to_list(), f.to_list()) for o, f in flagged
    ]


TEXTS = st.lists(
    st.sampled_from(["Anne", "ÖLA", "o\u0308la", "xk4711093", "XK 47", "-", " ", "301", "é", "Σ"]),
    max_size=4,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, max_size=20), st.lists(TEXTS, max_size=6))
def test_named_is_the_first_word_rule(values: list[str], text: list[str]) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    tokens = pl.DataFrame({"token": [t.lower() for t in text]}, schema={"token": pl.String})
    lower = frame["v"].str.normalize("NFC").str.to_lowercase()
    first = lower.str.extract(r"([\p{L}\p{N}]+)", 1)
    number = first.str.extract(r"\p{L}(\p{N}+)$", 1)
    known = set(tokens["token"].to_list())
    expected = [
        v for v, f, n in zip(values, first, number, strict=True) if f in known or n in known
    ]
    assert _named(frame, "v", tokens)["v"].to_list() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), WORDS), max_size=20), st.lists(WORDS, max_size=20))
def test_token_hits_are_the_words_in_the_text(words: list[str | None], text: list[str]) -> None:
    """Whichever join it takes (more words than tokens or fewer; tokens repeated or not)."""
    frame = pl.DataFrame({"word": words}, schema={"word": pl.String}).with_row_index("i")
    tokens = pl.DataFrame({"token": text}, schema={"token": pl.String})
    hits = set(_token_hits(frame, tokens).to_list())
    assert hits == {i for i, w in enumerate(words) if w is not None and w in text}


DIGITS = st.sampled_from(["0", "12", "4791234567", "912", "1234567", "\u0663\u0664", "00"])


@settings(max_examples=200, deadline=None)
@given(st.lists(DIGITS, max_size=20), st.lists(st.one_of(DIGITS, WORDS), max_size=8), st.booleans())
def test_named_digits_is_the_first_word_rule(
    values: list[str], text: list[str], repeated: bool
) -> None:
    """Values of digits only (any script) are their own first word: the same rows, also
    through _mentioned."""
    frame = pl.DataFrame({"orig": values}, schema={"orig": pl.String})
    frame = frame.with_columns(fake=pl.col("orig").str.reverse() + "1")
    if not repeated:
        frame = frame.unique("orig", maintain_order=True)
    tokens = pl.DataFrame({"token": text}, schema={"token": pl.String})
    assert _named(frame, "orig", tokens, digits=True).equals(_named(frame, "orig", tokens))
    got = _mentioned(frame, tokens, digits=True)
    assert [(o.to_list(), f.to_list()) for o, f in got] == [
        (o.to_list(), f.to_list()) for o, f in _mentioned(frame, tokens)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=8), TEXTS), max_size=20))
def test_first_word_is_the_first_run_of_letters_and_digits(values: list[str | None]) -> None:
    """The anchored search and the search of the values it missed give the plain search."""
    series = pl.Series(values, dtype=pl.String)
    assert _first_word(series).equals(series.str.extract(r"([\p{L}\p{N}]+)", 1))


def plain_written_pairs(frame: pl.DataFrame, field: str, tokens: pl.DataFrame) -> list[Pair]:
    """Every written form of every original with its smallest fake, then the text's."""
    written = written_forms(field, pl.col("orig"), pl.col("fake"))
    if not written:
        return []
    origs = frame.drop_nulls().group_by("orig").agg(pl.col("fake").min())
    forms = pl.concat([origs.select(form.alias("form"), fake.alias("f")) for form, fake in written])
    if field == "last":
        parts = origs.select(surname_parts(pl.col("orig")).alias("form"), f="fake")
        forms = pl.concat([forms, parts.explode("form")])
    named = _named(forms, "form", tokens)
    return _mentioned(named.select(orig="form", fake="f"), tokens, mentioned=True)


NAMES = st.sampled_from(
    ["Hansen", "Berg", "Hansen Berg", "Åse-Marie", "Hans", "Storgata 12", "Storgt. 2", "Bygg AS",
     "Bygg & Co", "Per Olav Hansen", "Øvrebø", "O'Sheehan", "", " "]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(NAMES | st.none(), NAMES | st.none()), max_size=25),
    st.sampled_from(["first", "last", "full", "address", "name", "email"]),
    st.lists(
        st.sampled_from(
            ["hansen", "berg", "åse", "marie", "storgt", "bygg", "per", "hans", "øvrebøs"]
        ),
        max_size=6,
    ),
)
def test_written_pairs_are_the_plain_ones(
    pairs: list[tuple[str | None, str | None]], field: str, text: list[str]
) -> None:
    frame = pl.DataFrame(
        {"orig": [o for o, _ in pairs], "fake": [f for _, f in pairs]},
        schema={"orig": pl.String, "fake": pl.String},
    )
    tokens = pl.DataFrame({"token": text}, schema={"token": pl.String})
    rows = frame.drop_nulls()
    found = _written_pairs(rows, field, tokens, _distinct(rows["orig"]))
    expected = plain_written_pairs(frame, field, tokens)
    assert [(o.to_list(), f.to_list()) for o, f in found] == [
        (o.to_list(), f.to_list()) for o, f in expected
    ]


def _named_forms_read_anew(field: str, tokens: pl.DataFrame, origs: pl.Series) -> pl.DataFrame:
    """Every written form of every original, its first word read (the old _named_forms)."""
    written = written_forms(field, pl.col("orig"), pl.col("fake"))
    distinct = origs.to_frame("orig")
    forms = [
        distinct.select("orig", form.alias("form"), pl.lit(i).alias("w"))
        for i, (form, _) in enumerate(written)
    ]
    if field == "last":
        parts = surname_parts(pl.col("orig")).alias("form")
        forms.append(
            distinct.select("orig", parts, pl.lit(len(written)).alias("w")).explode("form")
        )
    return _named(pl.concat(forms), "form", tokens)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(NAMES | TEXTS, max_size=20, unique=True),
    st.sampled_from(["first", "last", "full", "address", "name"]),
    st.lists(
        st.sampled_from(["hansen", "berg", "storgt", "storgata", "oevreboe", "øvrebøs", "anne"])
        | TEXTS.map(str.lower),
        max_size=6,
    ),
)
def test_named_forms_read_only_forms_not_written_as_their_original(
    origs: list[str], field: str, text: list[str]
) -> None:
    """A form written as its original takes the original's first-word test: the same rows,
    in the same order, as every form read anew."""
    values = pl.Series("orig", origs, dtype=pl.String)
    tokens = pl.DataFrame({"token": text}, schema={"token": pl.String})
    got = _named_forms(field, tokens, values)
    assert got is not None
    assert got.equals(_named_forms_read_anew(field, tokens, values))


def _mentioned_by_definition(frame: pl.DataFrame, tokens: pl.DataFrame) -> list[Pair]:
    """Every row without nulls whose original's first word is a token, longer than one
    character and not its own fake: each original once, with its least fake, sorted."""
    rows = frame.drop_nulls()
    named = _named(rows.select("orig").unique(), "orig", tokens)["orig"]
    kept = rows.filter(
        pl.col("orig").is_in(named.implode())
        & (pl.col("orig").str.strip_chars().str.len_chars() > 1)
        & (pl.col("orig") != pl.col("fake"))
    )
    clean = kept.group_by("orig").agg(pl.col("fake").min()).sort("orig")
    return [(clean["orig"], clean["fake"])] if clean.height else []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(st.none(), WORDS), WORDS), max_size=30),
    st.lists(WORDS, max_size=5),
    st.sampled_from(["repeats", "unique", "unique sorted"]),
    st.sampled_from(["found", "given", "by row"]),
)
@example([("ola", "x"), ("anne", "y"), ("b", "z")], ["ola", "anne", "b"], "unique", "found")
def test_mentioned_is_the_definition(
    pairs: list[tuple[str | None, str]], text: list[str], shape: str, origs_are: str
) -> None:
    """Also for a value domain's table (each original once, sorted), which takes the named
    rows as they are, with the distinct originals given, and read row by row."""
    if shape != "repeats":
        pairs = list({o: (o, f) for o, f in pairs}.values())
    frame = pl.DataFrame(
        {"orig": [o for o, _ in pairs], "fake": [f for _, f in pairs]},
        schema={"orig": pl.String, "fake": pl.String},
    )
    if shape == "unique sorted":
        frame = frame.sort("orig")
    tokens = pl.DataFrame({"token": [t.lower() for t in text]}, schema={"token": pl.String})
    origs = _distinct(frame["orig"].drop_nulls()) if origs_are == "given" else None
    got = _mentioned(frame, tokens, origs=origs, by_row=origs_are == "by row")
    expected = _mentioned_by_definition(frame, tokens)
    assert [(o.to_list(), f.to_list()) for o, f in got] == [
        (o.to_list(), f.to_list()) for o, f in expected
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(NAMES | st.none(), NAMES | st.none()), max_size=25),
    st.sampled_from(["first", "last", "full", "address", "name", "email"]),
    st.lists(
        st.sampled_from(
            [
                "hansen",
                "berg",
                "åse",
                "marie",
                "storgt",
                "storgata",
                "bygg",
                "per",
                "hans",
                "øvrebøs",
            ]
        ),
        max_size=6,
    ),
    st.booleans(),
)
def test_column_pairs_are_the_plain_ones(
    pairs: list[tuple[str | None, str | None]], field: str, text: list[str], repeat: bool
) -> None:
    """One group-by shared by the mentioned originals and their written forms (originals
    that repeat), or each on its own: what each computed alone gives."""
    if repeat:
        pairs = pairs + pairs[: len(pairs) // 2] + [(o, f and f + "2") for o, f in pairs[:3]]
        pairs += [(o, o) for o, _ in pairs[:2]] + [(o, o and o + "2") for o, _ in pairs[:2]]
    frame = pl.DataFrame(
        {"orig": [o for o, _ in pairs], "fake": [f for _, f in pairs]},
        schema={"orig": pl.String, "fake": pl.String},
    )
    tokens = pl.DataFrame({"token": text}, schema={"token": pl.String})
    mentioned, forms = _column_pairs(frame, field, tokens)
    expected = _mentioned_by_definition(frame, tokens)
    expected_forms = plain_written_pairs(frame, field, tokens)
    if field == "address":
        expected_forms += _numbered_pairs(expected, tokens)

    def listed(found: list[Pair]) -> list[tuple[list[str], list[str]]]:
        return [(o.to_list(), f.to_list()) for o, f in found]

    assert listed(mentioned) == listed(expected)
    assert listed(forms) == listed(expected_forms)


def _old_national_numbers(phones: pl.DataFrame, shortest: int = 6) -> pl.DataFrame:
    """washer.tables.domain_pairs' national numbers before the tokens were looked up first: every
    international phone's, with its fake's (the oracle of the test below)."""
    international = phones.filter(pl.col("orig").str.contains(r"^\s*(\+|00)"))
    digits = pl.DataFrame(
        {
            "o": digits_of(international["orig"]).str.strip_prefix("00"),
            "f": digits_of(international["fake"]).str.strip_prefix("00"),
        }
    )
    cc = (
        pl.when(pl.col("o").str.slice(0, 1).is_in(_CC1))
        .then(1)
        .when(pl.col("o").str.slice(0, 2).is_in(_CC2))
        .then(2)
        .otherwise(3)
    )
    return (
        digits.with_columns(cc.alias("k"))
        .filter(pl.col("o").str.slice(0, pl.col("k")) == pl.col("f").str.slice(0, pl.col("k")))
        .select(
            pl.col("o").str.slice(pl.col("k")).alias("orig"),
            pl.col("f").str.slice(pl.col("k")).alias("fake"),
        )
        .filter(pl.col("orig").str.len_chars() >= shortest)
    )


_PHONE = st.builds(
    "{}{}{}".format,
    st.sampled_from(["", "+", "+47 ", "0047", "+46 (0)", "+1-", "00 ", " +3", "(", "ø"]),
    (st.integers(0, 10**11) | st.integers(10**6, 10**11)).map(str),
    st.sampled_from(["", " ", "(0)", " mob", "é"]),
) | st.text(alphabet="0123456789+ -()aé", max_size=14)


_SHIFTED = str.maketrans("0123456789", "1234567890")


@settings(max_examples=300, deadline=None)
@given(
    phones=st.lists(st.tuples(_PHONE, st.sampled_from(["none", "other", "same"])), max_size=20),
    others=st.lists(_PHONE, min_size=20, max_size=20),
    data=st.data(),
)
@example(phones=[], others=[""] * 20, data=None)
def test_national_pairs_are_the_named_national_numbers(
    phones: list[tuple[str, str]], others: list[str], data: st.DataObject | None
) -> None:
    # Fakes: none, another number, or the number with its digits after the third shifted
    # (the same country code, mostly).
    fakes = {"none": lambda o, i: None, "other": lambda o, i: others[i]}
    fakes["same"] = lambda o, i: o[:3] + o[3:].translate(_SHIFTED)
    table = pl.DataFrame(
        {
            "orig": [o for o, _ in phones],
            "fake": [fakes[f](o, i) for i, (o, f) in enumerate(phones)],
        },
        schema={"orig": pl.String, "fake": pl.String},
    )
    old = _old_national_numbers(table)
    # Tokens and trunk numbers: the national numbers (whole, cut, with a zero), and others.
    numbers = _old_national_numbers(table.with_columns(fake=pl.col("orig")))["orig"].to_list()
    pick = st.sampled_from(numbers) if numbers else st.nothing()
    word = pick | pick.map(lambda n: n[1:]) | st.integers(0, 10**9).map(str) | WORDS
    text = [] if data is None else data.draw(st.lists(pick | word, max_size=8, unique=True))
    trunk_written = [] if data is None else data.draw(st.lists(word.map("0{}".format) | word))
    tokens = pl.DataFrame({"token": text}, schema={"token": pl.String})
    national = _national_numbers(table)
    new = _national_pairs(national, tokens["token"])
    assert _as_lists(_mentioned(new, tokens, digits=True)) == _as_lists(
        _mentioned(old, tokens, digits=True)
    )
    # The trunk forms: the national numbers written with a zero before them.
    written = pl.Series(trunk_written, dtype=pl.String)
    zeroed = [(pl.lit("0") + pl.col(c)).alias(c) for c in ("orig", "fake")]
    old_trunk = old.select(zeroed).filter(pl.col("orig").is_in(written.implode()))
    unzeroed = written.filter(written.str.starts_with("0")).str.slice(1)
    new_trunk = _national_pairs(national, unzeroed).select(zeroed)
    assert new_trunk.equals(old_trunk)


# Numbers as stored: ASCII digits after at most a + (read from their bytes), often with a
# country code or 00 of every length; and the other layouts now and then.
_STORED = st.builds(
    "{}{}{}".format,
    st.sampled_from(["", "+", "00", "+00", "+1", "+7", "+47", "+358", "0047", "+0", "0"]),
    st.sampled_from("0123456789"),
    st.integers(0, 14).flatmap(lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)),
) | st.sampled_from(["", "+", "00", "+00"])


@settings(max_examples=300)
@given(
    stored=st.lists(st.none() | _STORED, max_size=30),
    written=st.lists(_PHONE, max_size=3),
    at=st.integers(0, 30),
    shortest=st.sampled_from([0, 1, 6, 9]),
)
def test_national_numbers_of_stored_numbers_are_the_written_ones(
    stored: list[str | None], written: list[str], at: int, shortest: int
) -> None:
    # Every number read from its bytes, or those mixed with numbers written other ways.
    for origs in (stored, [*stored[:at], *written, *stored[at:]]):
        table = pl.DataFrame(
            {"orig": origs, "fake": [f"f{i}" for i in range(len(origs))]},
            schema={"orig": pl.String, "fake": pl.String},
        )
        expected = _written_national_numbers(table, shortest)
        assert _national_numbers(table, shortest).equals(expected)
        assert _national_numbers(table, shortest).schema == expected.schema


def _as_lists(pairs: list[Pair]) -> list[tuple[list[str | None], list[str | None]]]:
    return [(o.to_list(), f.to_list()) for o, f in pairs]


def test_a_national_number_written_in_text_pairs_with_its_fakes_national_number() -> None:
    numbers = [  # (original, fake)
        ("+46 70 123 45 67", "+46 70 987 65 43"),
        ("0047 912 34 567", "+47 913 45 678"),
        ("+47 400 00 000", "+44 7700 900123"),
        ("22 33 44 55", "22 99 88 77"),
        ("+47 488 00 000", "+47 489 11 111"),
    ]
    table = pl.DataFrame(numbers, schema=["orig", "fake"], orient="row")
    among = pl.Series(["701234567", "91234567", "40000000", "22334455", "hei"])
    found = _national_pairs(_national_numbers(table), among)
    # Not the number whose fake has another country code, nor the one written nationally,
    # nor the one the text does not hold.
    assert sorted(found.rows()) == [("701234567", "709876543"), ("91234567", "91345678")]


_KEYS = st.one_of(st.none(), st.integers(0, 5))
_CELLS = st.one_of(st.none(), WORDS)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(_KEYS, _CELLS, _CELLS, _CELLS), max_size=20),
    st.lists(st.tuples(st.integers(0, 5), _CELLS, _CELLS), max_size=8, unique_by=lambda t: t[0]),
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["first", "email"])),
        min_size=1,
        max_size=4,
    ),
)
def test_rows_with_fakes_pair_as_the_rows_joined_to_every_node_column(
    rows: list[tuple[int | None, str | None, str | None, str | None]],
    nodes: list[tuple[int, str | None, str | None]],
    fields: list[tuple[str, str]],
) -> None:
    """Joined of only the columns paired, the rows give each (column, fake) pair as the
    rows joined to all their node columns gave."""
    from washer.rules.model import EntitySpec
    from washer.tables.known import _with_fakes
    from washer.tables.nodes import field_column, hash_column

    spec = EntitySpec("person", ids=("a",), names=("b", "c"), contacts=())
    key = hash_column(spec)
    row_frame = pl.DataFrame(
        rows, schema={key: pl.UInt64, "a": pl.String, "b": pl.String, "c": pl.String}, orient="row"
    )
    first, email = field_column("person", "first"), field_column("person", "email")
    node_frame = pl.DataFrame(
        nodes, schema={key: pl.UInt64, first: pl.String, email: pl.String}, orient="row"
    ).with_columns(pl.lit(1).alias(field_column("person", "birth_shift")))
    old = row_frame.join(node_frame, on=key, how="left")
    new = _with_fakes(row_frame, node_frame, spec, fields)
    for column, field in fields:
        pair = [pl.col(column).alias("orig"), pl.col(field_column("person", field)).alias("fake")]
        expected = old.select(pair).sort(pl.all(), nulls_last=True)
        assert new.select(pair).sort(pl.all(), nulls_last=True).equals(expected)
