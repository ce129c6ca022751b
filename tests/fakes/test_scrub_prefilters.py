"""The scrub's cheap prefilters: they skip work, never a match.

Which rows are worth tokenising is decided by probes (a substring every text containing a value
contains). The probes are computed in several ways depending on the data; every way must keep
exactly the rows the probe definition keeps, checked here against a plain per-row reference.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import numpy.typing as npt
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes import known_values, scrub_text
from washer.fakes._fold import fold, fold_expr, mojibake_pairs
from washer.fakes._probes import (
    NONE,
    PROBE_DIGITS,
    Strategy,
    _by_distinct,
    _by_value,
    _checked,
    _Column,
    _has_letter_or_at,
    _strategy,
    _value_kinds,
    ahead_of,
    first_words,
    last_digits,
    plain_numbers,
    probe_hits,
    probe_hits_ahead,
    probed_together,
    probes,
)
from washer.fakes._scrub_tables import OWN_SCHEMA, digit_twins, own_table
from washer.fakes._textkeys import value_keys
from washer.fakes._textview import TextView, _grouped_by_hash, _grouped_by_value
from washer.fakes._tokens import HAS_AT, INVISIBLE
from washer.fakes.scrub import KnownPairs

from ._helpers import FIRST_NAMES, KEY, LAST_NAMES, digits_of, fold_word, series

I64 = npt.NDArray[np.int64]


def id_mapper(ids: pl.Series) -> pl.Series:
    return ids.str.replace_many(list("0123456789"), list("1234567890"))


def email_fallback(emails: pl.Series) -> pl.Series:
    return ("anon." + emails.str.len_chars().cast(pl.String) + "@example.org").alias(emails.name)


def scrub(texts: pl.Series, own: list[tuple[pl.Series, pl.Series]], known: object) -> list[str]:
    out = scrub_text(
        texts,
        own=own,
        known=known,  # type: ignore[arg-type]
        id_mapper=id_mapper,
        phone_key=KEY,
        email_fallback=email_fallback,
    )
    return out.to_list()


# Letters, digits, separators and punctuation; no control characters, whose whitespace-ness
# Python and the regex engine judge differently.
ALPHABET = "abcdeoøåéABCØÅÉ0123456789 -.,'()@?\u00a0"
WITHOUT_DIGITS = "abcoøåéABØ -.,'@"
words = st.one_of(
    st.sampled_from(FIRST_NAMES[:50] + LAST_NAMES[:50] + ["O'Brien", "Anne-Marie", "Ødegård"]),
    st.text(alphabet=ALPHABET, min_size=1, max_size=8),
)
numbers = st.one_of(
    st.from_regex(r"\+?[0-9][0-9 .\-]{0,13}[0-9]", fullmatch=True),
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
)
emails = st.from_regex(r"[a-z]{1,5}\.?[a-z0-9]{0,3}@[a-z]{2,5}\.(no|com)", fullmatch=True)
values = st.one_of(st.none(), words, numbers, emails, words.map(lambda w: f"  {w.upper()} x"))


@st.composite
def rows(draw: st.DrawFn, kind: st.SearchStrategy[str | None]) -> tuple[str | None, str | None]:
    """A text and a value of its row; the text often holds the value in some form."""
    value = draw(kind)
    filler = st.text(alphabet=draw(st.sampled_from([ALPHABET, WITHOUT_DIGITS])), max_size=12)
    parts = [draw(filler)]
    if value is not None and draw(st.booleans()):
        form = draw(st.sampled_from([value, value.lower(), value.upper(), digits_of(value)]))
        parts += [form, draw(filler)]
    text = draw(st.one_of(st.none(), st.just("".join(parts))))
    return text, value


def is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def first_word(folded: str) -> str:
    """The first letter run, digit run or other non-space run of a stripped folded value."""
    if is_letter(folded[0]) or unicodedata.category(folded[0]).startswith("M"):
        test = lambda c: unicodedata.category(c)[0] in "LM"  # noqa: E731
    elif folded[0] in "0123456789":
        test = lambda c: c in "0123456789"  # noqa: E731
    else:
        test = lambda c: not c.isspace()  # noqa: E731
    end = 1
    while end < len(folded) and test(folded[end]):
        end += 1
    return folded[:end]


def reference_hit(text: str | None, value: str | None) -> bool:
    """The probe of the value is in the text (the definition, one row at a time)."""
    if not text or value is None:
        return False
    if not any(is_letter(c) or c == "@" for c in value):
        probe = digits_of(value)[-7:]
        return probe != "" and probe in digits_of(text)
    folded_text = fold(series([text]))[0]
    folded = fold(series([value]))[0].strip()
    if "@" in value:
        # an e-mail's probe is the part before its "@" (a text may spell the "@" out)
        local = folded.split("@")[0]
        return re.search(HAS_AT, text) is not None and local != "" and local in folded_text
    return folded != "" and first_word(folded) in folded_text


@settings(max_examples=30)
@given(draw=st.data(), copies=st.integers(1, 40))
def test_every_probe_strategy_keeps_exactly_the_rows_of_the_definition(
    draw: st.DataObject, copies: int
) -> None:
    for kind in (values, words, numbers, emails):
        # Repeated rows make a column repetitive enough for the per-value strategy.
        data = draw.draw(st.lists(rows(kind), min_size=1, max_size=30)) * copies
        texts, vals = series([t for t, _ in data]), series([v for _, v in data])
        view = TextView.of(texts)
        rows_ = vals.is_not_null().to_numpy() & view.has_text
        expected = [i for i, (t, v) in enumerate(data) if reference_hit(t, v)]
        # the values given per row of a table (here reversed), text i holding row_of[i]'s
        row_of = np.arange(len(data), dtype=np.int64)[::-1].copy()
        for strategy in ("value", "distinct", "row", None):
            got = probe_hits(vals, rows_, view, strategy=strategy)  # type: ignore[arg-type]
            assert got.tolist() == expected, strategy
            by_row = probe_hits(
                vals.reverse(),
                rows_,
                view,
                row_of=row_of,
                strategy=strategy,  # type: ignore[arg-type]
            )
            assert by_row.tolist() == expected, strategy


@settings(max_examples=30)
@given(draw=st.data(), copies=st.lists(st.integers(1, 40), min_size=1, max_size=4))
def test_columns_probed_together_keep_exactly_the_rows_of_the_definition(
    draw: st.DataObject, copies: list[int]
) -> None:
    """Several columns' distinct values probed in one call: each column keeps the rows of
    the definition, and each value gets the probe it gets alone."""
    texts_of: list[list[str | None]] = []
    columns: list[pl.Series] = []
    for c in copies:
        kind = draw.draw(st.sampled_from([values, words, numbers, emails]))
        # repeated rows make a column repetitive enough for the per-value strategy
        data = draw.draw(st.lists(rows(kind), min_size=1, max_size=30)) * c
        texts_of.append([t for t, _ in data])
        columns.append(series([v for _, v in data]))
    strategies: list[Strategy | None] = draw.draw(
        st.lists(
            st.sampled_from([None, "value", "distinct", "row"]),
            min_size=len(columns),
            max_size=len(columns),
        )
    )
    aheads = probed_together([ahead_of(v, s) for v, s in zip(columns, strategies, strict=True)])
    for texts, vals, ahead, strategy in zip(texts_of, columns, aheads, strategies, strict=True):
        if ahead.distinct is not None:
            alone_kind, alone_text = probes(ahead.distinct)
            assert ahead.kind is not None and ahead.text is not None
            assert ahead.kind.tolist() == alone_kind.tolist()
            assert ahead.text.to_list() == alone_text.to_list()
        view = TextView.of(series(texts))
        rows_ = vals.is_not_null().to_numpy() & view.has_text
        expected = [
            i for i, (t, v) in enumerate(zip(texts, vals, strict=True)) if reference_hit(t, v)
        ]
        assert probe_hits_ahead(vals, rows_, view, ahead).tolist() == expected
        # the values given per row of a table (here reversed), text i holding row_of[i]'s
        row_of = np.arange(len(texts), dtype=np.int64)[::-1].copy()
        reversed_ahead = probed_together([ahead_of(vals.reverse(), strategy)])[0]
        got = probe_hits_ahead(vals.reverse(), rows_, view, reversed_ahead, row_of=row_of)
        assert got.tolist() == expected


@given(st.lists(st.one_of(st.none(), values, st.text(max_size=12))))
def test_the_first_word_of_a_stripped_value_starts_it(texts: list[str | None]) -> None:
    """The anchored regex gives the first run the unanchored one finds, for any stripped
    value (any character, Unicode spaces among them)."""
    s = series(texts).str.strip_chars()
    expected = s.str.extract(r"[\p{L}\p{M}]+|[0-9]+|\S+", 0)
    assert first_words(s).to_list() == expected.to_list()


@given(st.lists(st.one_of(st.none(), values, st.text(alphabet=ALPHABET + "ʰ٣ǅ", max_size=9))))
def test_letters_or_at_are_found_in_the_filled_values_as_in_the_whole_column(
    texts: list[str | None],
) -> None:
    """Running the regex on the filled values only (or on those without an "@", or that are
    no plain number) gives what it gives on the whole column."""
    s = series(texts)
    expected = s.str.contains(r"[\p{L}@]").fill_null(False).to_numpy()
    assert _has_letter_or_at(s).tolist() == expected.tolist()
    has_at = s.str.contains("@", literal=True).fill_null(False).to_numpy()
    for known in (has_at, np.zeros(len(s), dtype=np.bool_)):
        letter, _ = _value_kinds(s, known)
        assert letter.tolist() == expected.tolist()


plain_values = st.one_of(
    st.none(),
    values,
    st.from_regex(r"[+\-]?[0-9]{0,25}[ .a\u0663\uff15]?[0-9]{0,3}", fullmatch=True),
    st.text(alphabet="+-0123456789 ._e", max_size=22),
)


@given(st.lists(plain_values))
def test_plain_numbers_are_digits_after_an_optional_plus(texts: list[str | None]) -> None:
    """The cast finds the values of ASCII digits after an optional "+" (all of them that fit
    an unsigned 64-bit integer: 19 digits always do) and nothing else; the long ones are
    those of more than PROBE_DIGITS characters, so of PROBE_DIGITS digits or more."""
    s = series(texts)
    plain = plain_numbers(s)
    oracle = [t is not None and re.fullmatch(r"\+?[0-9]+", t, re.ASCII) is not None for t in texts]
    for t, got, want in zip(texts, plain.tolist(), oracle, strict=True):
        assert not got or want, t  # never a value with anything else
        if t is not None and len(t) <= 19:
            assert got == want, t
    _, long = _value_kinds(s, np.zeros(len(s), dtype=np.bool_))
    for t, got, is_plain in zip(texts, long.tolist(), plain.tolist(), strict=True):
        assert got == (is_plain and t is not None and len(t) > PROBE_DIGITS), t
        if got:
            assert t is not None and len(digits_of(t)) >= PROBE_DIGITS


@given(
    st.lists(
        st.one_of(
            st.none(),
            values,
            st.text(alphabet=ALPHABET + "٣߂５", max_size=14),
            st.from_regex(r"[0-9]{0,9}[ .\-/]?[0-9a-zA-Zø]{0,8}", fullmatch=True),
            # dates written with dots, which skip the regex
            st.from_regex(r"[0-9.]{0,12}[0-9.٣a-]?", fullmatch=True),
            # plain numbers, a "+" anywhere, too long for the cast
            st.from_regex(r"[+\-]?[0-9.]{0,25}[+]?[0-9]{0,3}", fullmatch=True),
        ),
        max_size=30,
    )
)
def test_the_last_digits_are_those_of_all_the_digits(texts: list[str | None]) -> None:
    """The shortcut (the last 7 characters when they are all digits) gives what picking the
    digits out of the whole value gives, for any value: accents, letters, separators,
    non-ASCII digits (not digits to the probe), e-mails, nulls."""
    s = series(texts)
    expected = s.str.replace_all("[^0-9]+", "").str.slice(-7)
    assert last_digits(s).to_list() == expected.to_list()
    assert last_digits(s).to_list() == [None if t is None else digits_of(t)[-7:] for t in texts]


@given(st.lists(st.one_of(st.none(), values, st.text(alphabet=ALPHABET, max_size=14)), max_size=30))
def test_the_probes_are_a_numbers_digits_an_emails_local_part_and_else_the_first_word(
    texts: list[str | None],
) -> None:
    s = series(texts)
    folded = fold(s).str.strip_chars()
    number = ~s.str.contains(r"[\p{L}@]").fill_null(True)
    expected = pl.select(
        pl.when(number)
        .then(s.str.replace_all("[^0-9]+", "").str.slice(-7))
        .when(folded.str.contains("@", literal=True))
        .then(folded.str.replace(r"@.*$", ""))
        .otherwise(first_words(folded))
    ).to_series()
    assert probes(s)[1].to_list() == expected.to_list()


@settings(max_examples=40)
@given(draw=st.data())
def test_fakes_given_per_row_scrub_like_fakes_given_per_text(draw: st.DataObject) -> None:
    # A wash scrubs several text columns of one row against that row's values: it passes the
    # originals and fakes once per row with each text's row (``fake_rows``), not copied to
    # every text.
    data = draw.draw(st.lists(rows(values), min_size=1, max_size=15))
    n = len(data)
    fakes = [draw.draw(st.one_of(st.none(), st.just(f"Fakename{i} {i}4567890"))) for i in range(n)]
    filler = st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=12))
    more = draw.draw(st.lists(st.tuples(st.integers(0, n - 1), filler), max_size=15))
    texts = [t for t, _ in data] + [t for _, t in more]
    row_of = list(range(n)) + [k for k, _ in more]
    order = draw.draw(st.permutations(range(len(texts))))
    texts, row_of = [texts[i] for i in order], [row_of[i] for i in order]
    originals = series([data[k][1] for k in row_of])
    per_text = [(originals, series([fakes[k] for k in row_of]))]
    per_row = [(series([value for _, value in data]), series(fakes))]
    expected = scrub(series(texts), per_text, [])
    got = scrub_text(
        series(texts),
        own=per_row,
        known=[],
        id_mapper=id_mapper,
        phone_key=KEY,
        email_fallback=email_fallback,
        fake_rows=np.array(row_of, dtype=np.int64),
    )
    assert got.to_list() == expected


# Addresses and names whose first word has about ``_HEAD`` ASCII letters, more or fewer, and
# non-ASCII letters after them or in their place.
headed = st.builds(
    "{}{} {}".format,
    st.text(alphabet="abeKSZ", min_size=4, max_size=7),
    st.sampled_from(["", "ø", "øy", "gata", "å-", "E\u0301", "@x.no", "Σ"]),
    st.sampled_from(["", "12", "4B", "nr. 3", "Ås"]),
)


def _by_value_before(column: _Column, rows: npt.NDArray[np.bool_], view: TextView) -> I64:
    """The per-value strategy as it was: distinct values by ``unique``, indexed by an ``Enum``
    cast."""
    values = column.values
    distinct = values.drop_nulls().unique()
    if len(distinct) == 0:
        return np.zeros(0, dtype=np.int64)
    codes = values.cast(pl.Enum(distinct)).to_physical().fill_null(0).to_numpy().astype(np.intp)
    codes = column.per_text(codes)
    kind, text = probes(distinct)
    row_kind = kind[codes]
    idx = np.flatnonzero(rows & (row_kind != NONE))
    return _checked(idx, row_kind[idx], text, codes[idx], view)


@settings(max_examples=60)
@given(draw=st.data(), copies=st.integers(1, 5))
def test_the_per_value_strategy_keeps_the_rows_it_kept_before_grouping_by_hash(
    draw: st.DataObject, copies: int
) -> None:
    """Grouping the values by hash (a null one of them) keeps the rows of ``unique`` and an
    ``Enum`` cast, per text or per table row, for the rows with a value (those probed)."""
    data = draw.draw(st.lists(rows(values), min_size=1, max_size=25)) * copies
    n = len(data)
    table = series([v for _, v in data])
    more = draw.draw(st.lists(st.integers(0, n - 1), max_size=10))
    for row_of in (None, np.array(list(range(n))[::-1] + more, dtype=np.int64)):
        texts = [data[k][0] for k in (range(n) if row_of is None else row_of.tolist())]
        view = TextView.of(series(texts))
        column = _Column(table, row_of)
        filled = column.per_text(table.is_not_null().to_numpy())
        picked = np.array(
            draw.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
        )
        wanted = filled & view.has_text & picked
        got = _by_value(column, wanted, view)
        assert got.tolist() == _by_value_before(column, wanted, view).tolist()


@st.composite
def headed_rows(draw: st.DrawFn) -> tuple[str | None, str | None]:
    """A row of :data:`headed` values whose text often holds the value's first letters
    followed by something else: through the heads' gate, but no hit."""
    value = draw(st.one_of(headed, headed, headed, values))
    if value is None or draw(st.integers(0, 3)) == 0:
        return draw(rows(st.just(value)))
    cut = draw(st.integers(4, max(4, len(value))))
    tail = draw(st.sampled_from(["", "x", "en", " ", "ø"]))
    text = draw(st.text(alphabet=ALPHABET, max_size=5)) + value[:cut].lower() + tail
    return text, value


@settings(max_examples=60)
@given(data=st.lists(headed_rows(), min_size=8, max_size=40), reverse=st.booleans())
def test_the_heads_gate_keeps_exactly_the_rows_of_the_definition(
    data: list[tuple[str | None, str | None]], reverse: bool
) -> None:
    """A column of many distinct values gates its rows by the values' ASCII heads; with or
    without that gate the rows kept are those whose text holds the value's probe."""
    texts, vals = series([t for t, _ in data]), series([v for _, v in data])
    view = TextView.of(texts)
    rows_ = vals.is_not_null().to_numpy() & view.has_text
    expected = [i for i, (t, v) in enumerate(data) if reference_hit(t, v)]
    row_of = np.arange(len(data), dtype=np.int64)
    column = _Column(vals, None)
    if reverse:  # the values given per row of a table (reversed), text i holding row_of[i]'s
        row_of = row_of[::-1].copy()
        column = _Column(vals.reverse(), row_of)
    for heads in (True, False):
        got = _by_distinct(column, rows_, view, heads=heads)
        assert got.tolist() == expected, heads


@settings(max_examples=40)
@given(draw=st.data())
def test_the_own_table_keeps_exactly_the_probed_rows_column_by_column(
    draw: st.DataObject,
) -> None:
    """The own table holds, column by column and text by text, the values whose probe is in
    their text (and that have a fake); a key found twice for a text keeps its first column.
    Any rewrite of how the columns are probed (together or apart) must keep rows and order."""
    data = draw.draw(st.lists(rows(values), min_size=1, max_size=12))
    n = len(data)
    originals = [v for _, v in data]
    # other columns: the same values (a repeated column), another row's, or none
    order = draw.draw(st.permutations(range(n)))
    columns = [originals, originals, [originals[k] for k in order], [None] * n]
    columns = columns[: draw.draw(st.integers(1, len(columns)))]
    fakes = [
        [draw.draw(st.one_of(st.none(), st.just(f"Fake{c}x{i}"))) for i in range(n)]
        for c in range(len(columns))
    ]
    more = draw.draw(st.lists(st.integers(0, n - 1), max_size=8))
    row_of = np.array(list(range(n)) + more, dtype=np.int64)
    texts = [data[k][0] for k in row_of]
    own = [(series(v), series(f)) for v, f in zip(columns, fakes, strict=True)]
    got = own_table(own, TextView.of(series(texts)), row_of)
    assert got.to_dicts() == _own_table_by_definition(columns, fakes, row_of, texts).to_dicts()


@settings(max_examples=30)
@given(draw=st.data())
def test_the_own_table_of_columns_probed_every_way_is_the_definitions(
    draw: st.DataObject,
) -> None:
    """Columns of every strategy in one table (names repeated enough to go value by value,
    ids and phones row by row, words by their distinct values): whichever are probed first,
    while the others' distinct values are, the own table is the definition's, in the
    columns' order."""
    n = draw.draw(st.integers(1, 12))
    copies = draw.draw(st.integers(1, 30))
    data = draw.draw(st.lists(rows(values), min_size=n, max_size=n)) * copies
    kinds = draw.draw(
        st.lists(st.sampled_from([values, words, numbers, emails]), min_size=1, max_size=5)
    )
    columns = [[v for _, v in data]]
    for kind in kinds:
        drawn = draw.draw(st.lists(st.one_of(st.none(), kind), min_size=n, max_size=n))
        columns.append(drawn * copies)
    fakes = [
        [None if v is None or (i + c) % 7 == 0 else f"Fake{c}x{i}" for i, v in enumerate(col)]
        for c, col in enumerate(columns)
    ]
    more = draw.draw(st.lists(st.integers(0, len(data) - 1), max_size=8))
    row_of = np.array(list(range(len(data))) + more, dtype=np.int64)
    texts = [data[k][0] for k in row_of]
    own = [(series(v), series(f)) for v, f in zip(columns, fakes, strict=True)]
    got = own_table(own, TextView.of(series(texts)), row_of)
    assert got.to_dicts() == _own_table_by_definition(columns, fakes, row_of, texts).to_dicts()


def _strategy_by_definition(values: pl.Series) -> tuple[Strategy, bool]:
    """The strategy as chosen before its shortcuts: a sample drawn by ``Series.sample`` and
    the letter regex on every sampled value."""
    if len(values) == 0:
        return "row", False
    sample = values.sample(min(len(values), 4096), seed=0).drop_nulls()
    k = len(sample)
    repeats = k - sample.n_unique()
    share = k / min(len(values), 4096)
    filled = len(values) * share
    many = min(filled, k * k / (2 * repeats) if repeats else filled) >= 16_384
    if share >= 0.5 and k * k / (2 * repeats or 1) * 20 <= filled:
        return "value", many
    words = sample.str.contains(r"[\p{L}]") & ~sample.str.contains("@", literal=True)
    return ("distinct" if words.sum() * 2 > k else "row"), many


@settings(max_examples=60)
@given(
    pieces=st.lists(st.one_of(st.none(), values, plain_values), min_size=1, max_size=20),
    size=st.integers(0, 9_000),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_strategy_is_chosen_as_from_a_fresh_sample(
    pieces: list[str | None], size: int, seed: int
) -> None:
    """The sample's rows drawn once per length, and a sample of half plain numbers or more
    judged without the letter regex, choose what a fresh ``Series.sample`` and the regex
    choose: columns shorter and longer than the sample, of numbers, words, e-mails, nulls."""
    picked = np.random.default_rng(seed).integers(0, len(pieces), size)
    column = pl.Series("v", [pieces[i] for i in picked], dtype=pl.String)
    assert _strategy(column) == _strategy_by_definition(column)
    # and again, the rows of this length now drawn before
    assert _strategy(column.reverse()) == _strategy_by_definition(column.reverse())


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=60)
@given(draw=st.data())
def test_a_date_written_without_its_dots_hits_the_texts_of_the_dotted_date(
    draw: st.DataObject,
) -> None:
    """A column of plain numbers that is another's values without their dots (a birth date
    written ``15.08.85`` and ``150885``), nulls and fakes' nulls alike, takes that column's
    texts instead of being probed: the own table stays the one of the definition, also when
    the columns only look like twins (nulls or fakes elsewhere, a letter, another digit)."""
    n = draw.draw(st.integers(1, 10))
    born = draw.draw(st.lists(st.one_of(st.none(), dates), min_size=n, max_size=n))
    dotted = [d.strftime("%d.%m.%y") if d else None for d in born]
    plain = [v.replace(".", "") if v else None for v in dotted]
    # twins unless spoiled: another digit, a value made null, a letter in both (which makes
    # the first word the probe: "15" of "15.08.85b", "150885" of "150885b")
    spoil = draw.draw(
        st.sampled_from(["none", "letter", "digit", "null", "moved", "fake", "fake moved"])
    )
    filled = [k for k in range(n) if plain[k] is not None]
    if filled and spoil in ("letter", "digit", "null"):
        k = draw.draw(st.sampled_from(filled))
        if spoil == "letter":
            dotted[k] = f"{dotted[k]}b"
        plain[k] = {"letter": f"{plain[k]}b", "digit": f"9{plain[k]}", "null": None}[spoil]
    empty = [k for k in range(n) if plain[k] is None]
    if filled and empty and spoil == "moved":  # as many nulls, on other rows
        k, e = draw.draw(st.sampled_from(filled)), draw.draw(st.sampled_from(empty))
        plain[k], plain[e] = None, plain[k]
    fake = [None if v is None else draw.draw(st.sampled_from(["111111", None])) for v in dotted]
    twin_fake = list(fake)
    if spoil == "fake" and filled:
        k = draw.draw(st.sampled_from(filled))
        twin_fake[k] = None if twin_fake[k] else "222222"
    if spoil == "fake moved" and len(filled) > 1:  # as many fakes, on other rows
        k, e = draw.draw(st.permutations(filled))[:2]
        fake[k], fake[e], twin_fake[k], twin_fake[e] = "111111", None, None, "222222"
    texts_of_rows = []
    for d in born:
        form = draw.draw(st.sampled_from(["%d.%m.%y", "%d%m%y", "%d.%m.%Y", "%d-%m-%y", ""]))
        filler = draw.draw(st.text(alphabet="ab 0123456789.", max_size=8))
        texts_of_rows.append(f"{filler} {d.strftime(form) if d else ''}".strip() or None)
    more = draw.draw(st.lists(st.integers(0, n - 1), max_size=6))
    row_of = np.array(list(range(n)) + more, dtype=np.int64)
    texts = [texts_of_rows[k] for k in row_of]
    columns = [dotted, [d.strftime("%d.%m.%Y") if d else None for d in born], plain]
    fakes = [fake, fake, twin_fake]
    own = [(series(v), series(f)) for v, f in zip(columns, fakes, strict=True)]
    if spoil == "none" and filled:
        assert digit_twins(own) == {2: 0}
    got = own_table(own, TextView.of(series(texts)), row_of)
    assert got.to_dicts() == _own_table_by_definition(columns, fakes, row_of, texts).to_dicts()


def _own_table_by_definition(
    columns: list[list[str | None]],
    fakes: list[list[str | None]],
    row_of: npt.NDArray[np.int64],
    texts: list[str | None],
) -> pl.DataFrame:
    """The own table of the definition: per column and text, the values whose probe is in
    their text (and that have a fake); a key found twice for a text keeps its first."""
    hits = [
        (t, vals[k], fks[k])
        for vals, fks in zip(columns, fakes, strict=True)
        for t, k in enumerate(row_of.tolist())
        if fks[k] is not None and reference_hit(texts[t], vals[k])
    ]
    pairs = pl.DataFrame(
        {"gid": [h[0] for h in hits], "orig": [h[1] for h in hits], "fake": [h[2] for h in hits]},
        schema={"gid": pl.Int64, "orig": pl.String, "fake": pl.String},
    )
    return (
        pairs.join(value_keys(pairs["orig"]), on="orig", how="inner", maintain_order="left")
        .unique(subset=["gid", "key"], keep="first", maintain_order=True)
        .select(list(OWN_SCHEMA))
    )


@given(
    texts=st.lists(st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=15)), max_size=30),
    shift=st.integers(0, 2),
)
def test_the_text_view_reads_each_rows_own_text(texts: list[str | None], shift: int) -> None:
    view = TextView.of(series(texts))
    assert view.distinct.gather(view.row_text).to_list() == texts
    assert view.ndigits.tolist() == [len(digits_of(t or "")) for t in texts]
    assert view.has_at.tolist() == [t is not None and "@" in t for t in texts]
    assert view.has_text.tolist() == [bool(t) for t in texts]
    folded = fold(series(texts)).to_list()
    assert view.folded.gather(view.row_text).to_list() == folded
    # row i is searched in its own text, for a piece of its own or another row's text
    rows = np.arange(len(texts))
    needles = [(folded[(i + shift) % len(texts)] or "")[1:3] or None for i in rows]
    pairs = zip(folded, needles, strict=True)
    expected = [f is not None and n is not None and n in f for f, n in pairs]
    assert view.contains(rows, series(needles)).tolist() == expected
    assert view.contains(rows, series(needles[::-1]), rows[::-1].copy()).tolist() == expected


NAMES = [n for n in FIRST_NAMES[:80] + LAST_NAMES[:80] if n.isalpha()] + ["O", "Bo", "Li"]
known_words = st.lists(st.sampled_from(NAMES), min_size=1, max_size=2)
# Numbers starting with 1 and of these lengths cannot make a phone or identity number.
known_numbers = st.one_of(st.none(), st.from_regex(r"1[0-9]{0,2}|1[0-9]{6}", fullmatch=True))
separators = st.sampled_from([" ", ", ", ". ", "!", ""])


@settings(max_examples=40)
@given(
    values=st.lists(st.tuples(known_words, known_numbers), min_size=1, max_size=6),
    data=st.data(),
)
def test_known_values_are_found_however_few_or_many_their_digits(
    values: list[tuple[list[str], str | None]], data: st.DataObject
) -> None:
    """Texts are searched for known values by one word of each (none when the value has 7
    digits or more: such texts are searched anyway); each planted value is still replaced."""
    originals = list(dict.fromkeys(" ".join(w + ([n] if n else [])) for w, n in values))
    fakes = [f"Fake{i}" for i in range(len(originals))]
    fake_of: dict[str, str] = {}
    for value, fake in zip(originals, fakes, strict=True):
        fake_of.setdefault(" ".join(re.findall(r"[^\W_]+", fold_word(value))), fake)
    known = [(series(originals), series(fakes))]  # type: ignore[arg-type]
    texts, expected = [], []
    for value in originals:
        form = data.draw(st.sampled_from([value, value.upper(), value.lower()]))
        before, after = data.draw(separators), data.draw(separators)
        texts.append(f"{before}{form}{after}")
        key = " ".join(re.findall(r"[^\W_]+", fold_word(value)))
        expected.append(f"{before}{fake_of[key]}{after}")
    assert scrub(series(texts), [], known) == expected  # type: ignore[arg-type]
    assert scrub(series(texts), [], known_values(known)) == expected  # type: ignore[arg-type]


def test_known_pairs_build_their_lookup_once_and_again_when_changed() -> None:
    pairs = KnownPairs([(series(["Ola", "Kari"]), series(["Per", "Eva"]))])
    first = known_values(pairs)
    assert known_values(pairs) is first  # every batch of a run reuses it
    pairs.append((series(["Nordmann"]), series(["Lie"])))
    again = known_values(pairs)
    assert again is not first
    assert again.keys.equals(known_values(list(pairs)).keys)
    texts = series(["Ola Nordmann og Kari"])
    assert scrub(texts, [], pairs) == ["Per Lie og Eva"]


# ASCII, accented and special letters, mojibake, combining marks, a Greek capital sigma (which
# lowercases by its context) and invisible characters
_FOLDED_PIECES = st.sampled_from(
    [
        *"aZ09 .-'@",
        *["Ø", "ß", "é", "\u0301", "Σ", "ΑΣ", "\u00ad", "\u200b", "\ufeff"],
        *mojibake_pairs()[:20],
    ]
)


@given(
    st.lists(
        st.one_of(
            st.none(), st.text(max_size=12), st.lists(_FOLDED_PIECES, max_size=8).map("".join)
        ),
        max_size=12,
    )
)
def test_folding_lowercases_ascii_and_folds_the_rest_as_the_expression_does(
    texts: list[str | None],
) -> None:
    """:func:`fold` (ASCII values only lowercased) is the fold expression, value by value;
    and the texts with an invisible character are found among the non-ASCII ones as by
    searching them all."""
    s = pl.Series("t", texts, dtype=pl.String)
    expected = pl.select(fold_expr(pl.lit(s))).to_series()
    assert fold(s).to_list() == expected.to_list()
    assert fold(s).name == "t"
    hidden = s.str.contains(INVISIBLE).fill_null(False).to_list()
    assert TextView.of(s).hidden().tolist() == hidden


_VIEW_TEXTS = st.lists(
    st.one_of(st.none(), st.lists(_FOLDED_PIECES, max_size=6).map("".join)), max_size=30
)


@given(texts=_VIEW_TEXTS, clash=st.booleans())
def test_the_text_view_groups_equal_texts_together_even_when_hashes_clash(
    texts: list[str | None], clash: bool
) -> None:
    """Each distinct text (a null is one) once, every row pointing at its own; grouping by
    hash gives the partition that grouping the strings gives, and a hash shared by two
    texts is caught (the view then groups the strings)."""
    s = pl.Series("t", texts, dtype=pl.String)
    hashes = pl.Series(np.zeros(len(texts), dtype=np.uint64)) if clash else s.hash(seed=0)
    found = _grouped_by_hash(s, hashes)
    if clash and len(set(texts)) > 1:
        assert found is None
        return
    assert found is not None
    distinct, row_text = found
    assert distinct.gather(row_text).to_list() == texts
    assert distinct.len() == len(set(texts))
    by_value, value_rows = _grouped_by_value(s)
    assert sorted(by_value.to_list(), key=repr) == sorted(distinct.to_list(), key=repr)
    assert (by_value.gather(value_rows).to_list()) == texts


@given(texts=_VIEW_TEXTS)
def test_the_visible_view_is_the_view_of_the_texts_without_invisible_characters(
    texts: list[str | None],
) -> None:
    """:meth:`TextView.visible` (the invisible characters dropped from the distinct texts
    only) reads per row as the view built from the visible texts."""
    s = pl.Series("t", texts, dtype=pl.String)
    got = TextView.of(s).visible()
    expected = TextView.of(s.str.replace_all(INVISIBLE, ""))
    assert got.texts.to_list() == expected.texts.to_list()
    assert got.texts.name == "t"
    assert got.distinct.gather(got.row_text).to_list() == expected.texts.to_list()
    assert got.distinct.len() == got.distinct.n_unique()
    for name in ("has_text", "has_at", "ndigits"):
        assert getattr(got, name).tolist() == getattr(expected, name).tolist(), name
    for name in ("folded", "digits"):
        per_row = getattr(got, name).gather(got.row_text).to_list()
        assert per_row == getattr(expected, name).gather(expected.row_text).to_list(), name
