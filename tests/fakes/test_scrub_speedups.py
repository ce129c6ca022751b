"""The scrub's shortcuts give exactly what the plain computations they replace give (those are
kept here as oracles)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes._codes import MAX_TOKENS, _Windows
from washer.fakes._distinct import on_distinct
from washer.fakes._fold import fold
from washer.fakes._ngram import find_sequences
from washer.fakes._scrub_tables import known_values, own_table
from washer.fakes._textkeys import CODE_CHARS, CODE_DIGITS
from washer.fakes._textview import TextView
from washer.fakes._tokens import NUMBER_KIND, WORD_KIND, leading_kinds, tokenize
from washer.fakes.scrub import _among, _sequences_in_texts

I64 = npt.NDArray[np.int64]


def window_starts_oracle(linked: npt.NDArray[np.bool_], size: I64, digits: I64, k: int) -> I64:
    """Every start tried, as find_codes did before it kept only the possible ones."""
    n = len(size)
    broken = np.concatenate([[0], np.cumsum(~linked)])
    size_cum = np.concatenate([[0], np.cumsum(size)])
    digit_cum = np.concatenate([[0], np.cumsum(digits)])
    starts = np.arange(n - k + 1)
    chars = size_cum[starts + k] - size_cum[starts]
    found: I64 = starts[
        (broken[starts + k - 1] - broken[starts] == 0)
        & (chars >= CODE_CHARS[0])
        & (chars <= CODE_CHARS[1])
        & (digit_cum[starts + k] - digit_cum[starts] >= CODE_DIGITS)
    ]
    return found


@st.composite
def content_tokens(draw: st.DrawFn) -> tuple[npt.NDArray[np.bool_], I64, I64]:
    """Sizes, digits (a number's digits are its size, a word has none) and links of a run of
    content tokens, mostly short and linked so that windows fit."""
    n = draw(st.integers(2, 40))
    size = np.array(draw(st.lists(st.integers(0, 14), min_size=n, max_size=n)), dtype=np.int64)
    number = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    linked = np.array(draw(st.lists(st.booleans(), min_size=n - 1, max_size=n - 1)))
    return linked, size, np.where(number, size, 0)


@settings(max_examples=400, deadline=None)
@given(tokens=content_tokens())
def test_code_windows_are_the_oracles(tokens: tuple[npt.NDArray[np.bool_], I64, I64]) -> None:
    linked, size, digits = tokens
    windows = _Windows(linked, size, digits)
    for k in range(min(MAX_TOKENS, len(size)), 1, -1):
        expected = window_starts_oracle(linked, size, digits, k)
        np.testing.assert_array_equal(windows.starts(k), expected)


# Words that form known and own values, glued or parted in the texts below.
VOCABULARY = ["Per", "Hansen", "Kari", "Nordmann", "Åse", "Øvrebø", "Ola", "Berg", "bor", "i"]
KNOWN_PAIRS = [
    ("Per Hansen", "Ivar Lie"),
    ("Kari", "Siri"),
    ("Nordmann", "Dahl"),
    ("Ola Berg", "Jon Moe"),
    ("Åse Øvrebø Berg", "Eva Aas Lund"),
]
texts_with_glued_words = st.lists(
    st.lists(
        st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(["", " ", "-", ", ", "."])),
        min_size=1,
        max_size=8,
    ).map(lambda parts: "".join(word + sep for word, sep in parts)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(texts=texts_with_glued_words, data=st.data())
def test_sequences_in_some_texts_are_those_found_among_all(
    texts: list[str], data: st.DataObject
) -> None:
    # the oracle: find_sequences over every token, as _glued_sequences ran it before
    frame = pl.DataFrame({"gid": np.arange(len(texts), dtype=np.int64), "text": texts})
    tokens = tokenize(frame)
    kind = tokens["kind"].to_numpy()
    content = np.flatnonzero((kind == WORD_KIND) | (kind == NUMBER_KIND))
    words = fold(tokens["tok"].gather(content))
    gid = tokens["gid"].to_numpy()
    chosen = data.draw(st.lists(st.sampled_from(range(len(texts))), min_size=1, unique=True))
    picked = np.sort(np.array(chosen, dtype=np.int64))
    sel = np.flatnonzero(np.isin(gid[content], picked) & data.draw(_coin_flags(len(content))))
    own_words = [(i, VOCABULARY[data.draw(st.integers(0, 7))]) for i in range(len(texts))]
    own = own_table(
        [(pl.Series([w for _, w in own_words]), pl.Series(["Fake" + w for _, w in own_words]))],
        TextView.of(pl.Series(texts)),
    )
    known = known_values(
        [(pl.Series([o for o, _ in KNOWN_PAIRS]), pl.Series([f for _, f in KNOWN_PAIRS]))]
    )
    for own_keys in (own, None):
        expected = find_sequences(tokens, content[sel], words.gather(sel), own_keys, known)
        found = _sequences_in_texts(
            tokens, picked, content[sel], words.gather(sel), own_keys, known
        )
        assert found.sort("first").equals(expected.sort("first"))


def _coin_flags(n: int) -> st.SearchStrategy[npt.NDArray[np.bool_]]:
    return st.lists(st.booleans(), min_size=n, max_size=n).map(
        lambda f: np.array(f, dtype=np.bool_)
    )


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(0, 60), max_size=80), extra=st.integers(1, 5))
def test_among_gives_what_np_unique_gives(values: list[int], extra: int) -> None:
    array = np.array(values, dtype=np.int64)
    size = max(values, default=0) + extra
    found = _among(array, size)
    assert found.shape == (size,)
    np.testing.assert_array_equal(np.flatnonzero(found), np.unique(array))


# Letters (ASCII, accented, Greek, Cyrillic), marks, digits (ASCII and others), signs and
# spaces a token may start with.
LEADING = "aZøÅéΣжß\u0301\u03080९٣+(-\u2013. \u00a0@?\ufffd\U0001f600\x00"


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(st.text(alphabet=LEADING, max_size=4), max_size=30))
def test_leading_kinds_are_those_of_the_regexes(tokens: list[str]) -> None:
    series = pl.Series(tokens, dtype=pl.String)
    word, digit, opening = leading_kinds(series)
    np.testing.assert_array_equal(word, series.str.contains(r"^[\p{L}\p{M}]").to_numpy())
    np.testing.assert_array_equal(digit, series.str.contains("^[0-9]").to_numpy())
    plus_or_bracket = series.str.starts_with("+") | series.str.starts_with("(")
    np.testing.assert_array_equal(opening, plus_or_bracket.to_numpy())


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from([*VOCABULARY, "ÅSE", "\u00c3\u00b8ystein", "Zoë", "12", ""]), max_size=60
    )
)
def test_folding_each_word_is_folding_each_distinct_word(words: list[str]) -> None:
    series = pl.Series("w", words, dtype=pl.String)
    assert fold(series).equals(on_distinct(series, fold))
