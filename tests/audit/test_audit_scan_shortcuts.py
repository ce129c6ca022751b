"""The leak scan's shortcuts read exactly what the expressions they skip would read.

Oracles: the scan's code before each shortcut, kept here as it was.
"""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.audit import leaks
from washer.audit import normalise as norm
from washer.audit._forms import TEXT
from washer.audit._tables import Table, as_table, prefetch
from washer.audit._targets import SPACES
from washer.audit.validity import _judged_ids
from washer.categories import Category
from washer.fakes._tokens import visible
from washer.ids.placeholder import placeholder

_FLAGS = ("vid", "coded", "phone_column", "orgnr_column", "id_column")


def _old_runs(uniq: pl.DataFrame) -> pl.DataFrame:
    """``_runs`` before the grouped-digits shortcut, with ``d`` as ``_number_hits`` made it."""
    marked = uniq.with_columns(plain=pl.col("value").str.contains(r"^\+?[0-9]+$"))
    spelt = marked.filter(~pl.col("plain")).select(
        *_FLAGS,
        run=norm.without_datetimes(visible(pl.col("value")))
        .str.replace_all("(0)", "", literal=True)
        .str.extract_all(norm.DIGIT_RUN_PATTERN),
    )
    plain = marked.filter("plain").select(*_FLAGS, run="value")
    slashed = marked.filter(pl.col("value").str.contains("[/(]")).select(
        *_FLAGS, run=visible(pl.col("value")).str.extract_all(leaks._SLASHED)
    )
    spelt, slashed = (f.explode("run").drop_nulls("run") for f in (spelt, slashed))
    runs = pl.concat([plain, spelt, slashed])
    return runs.with_columns(d=pl.col("run").str.replace_all(r"\D+", ""))


def _old_number_hits(uniq: pl.DataFrame, targets: leaks.Targets) -> pl.DataFrame:
    """``_number_hits`` before it left out the values with fewer than six digits."""
    runs = _old_runs(uniq)
    runs = runs.filter(pl.col("d").str.len_bytes() >= 6).with_columns(
        size=pl.col("d").str.len_bytes(),
        bare=~pl.col("run").str.starts_with("+"),
        zeros=pl.col("d").str.starts_with("00"),
    )
    bare, size, text = pl.col("bare"), pl.col("size"), ~pl.col("coded")
    explicit = ~bare | pl.col("zeros")
    phone_like = explicit | (size == 8) | ((size == 10) & pl.col("d").str.starts_with("47"))
    trunk = bare & ~pl.col("zeros") & pl.col("d").str.starts_with("0") & size.is_between(7, 13)
    reads = {
        "p": explicit | (phone_like & text) | pl.col("phone_column"),
        "n": trunk & (text | pl.col("phone_column")),
        "i": bare & (size == 11),
        "o": bare & (size == 9) & (text | pl.col("orgnr_column")),
        "d": bare & (text | pl.col("id_column")),
    }
    read_as = {
        "p": norm.canonical_phone(~pl.col("bare"), pl.col("d")),
        "n": pl.col("d").str.slice(1),
    }
    found = [
        runs.lazy()
        .filter(condition)
        .select("vid", key=read_as.get(space, pl.col("d")))
        .join(targets.numbers[space].lazy(), on="key")
        .select("vid", "kind")
        for space, condition in reads.items()
    ]
    dated = (
        uniq.lazy()
        .select("vid", run=pl.col("value").str.extract_all(leaks._DATED_ID))
        .explode("run")
        .select("vid", d=pl.col("run").str.replace_all(r"\D+", ""))
    )
    found.append(
        dated.select("vid", key=pl.col("d").str.slice(0, 4) + pl.col("d").str.slice(6))
        .join(targets.numbers["i"].lazy(), on="key")
        .select("vid", "kind")
    )
    grouped = text & (size > 8) & pl.col("run").str.contains(r"\d\D+\d")
    found += leaks._spelled(runs.filter(grouped).select("vid", "run"), targets)
    return pl.concat(pl.collect_all(found))


# Digits (ASCII and others), every separator a run knows or stops at, trunk marks, dates,
# invisible characters, letters.
_PIECES = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=12),
    st.sampled_from(
        [
            "+", "-", ".", "/", "(", ")", "(0)", " ", "  ", "\u00a0", "\u2013", "\u2212",
            "\u200b", "\u00ad", "\ufeff", "00", "+47", "2021-03-04", "1999-12-31T10:20",
            "2021-03-04 10:20:30+01:00", "12.01.1980-36735", "01/01/1980 36735", "\u0663",
            "\uff15", "T", "Z", ":", "a", "nr", "rom", "x",
        ]
    ),
)  # fmt: skip
_VALUES = st.lists(st.lists(_PIECES, min_size=1, max_size=8).map("".join), max_size=25)
_FLAG_VALUES = st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans())


def _uniq(values: list[str], flags: list[tuple[bool, bool, bool, bool]]) -> pl.DataFrame:
    rows = [(v, *flags[i % len(flags)]) for i, v in enumerate(values)]
    frame = pl.DataFrame(
        rows,
        schema={
            "value": pl.String, "coded": pl.Boolean, "phone_column": pl.Boolean,
            "orgnr_column": pl.Boolean, "id_column": pl.Boolean,
        },
        orient="row",
    )  # fmt: skip
    return frame.with_row_index("vid")


def _sorted(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    return sorted(frame.rows(), key=repr)


@settings(max_examples=300, deadline=None)
@given(values=_VALUES, flags=st.lists(_FLAG_VALUES, min_size=1, max_size=4))
def test_runs_are_the_runs_the_full_expressions_read(
    values: list[str], flags: list[tuple[bool, bool, bool, bool]]
) -> None:
    uniq = _uniq(values, flags)
    new = leaks._runs(uniq).select(*_FLAGS, "run", "d")
    assert _sorted(new) == _sorted(_old_runs(uniq).select(*_FLAGS, "run", "d"))


def _every_key(values: list[str]) -> list[str]:
    """Every stretch of 6 to 13 digits of the values' digits, and with 47 before it: targets
    that most digit runs hit in some space."""
    keys = set()
    for value in values:
        digits = "".join(ch for ch in value if ch.isdigit())
        for size in range(6, 14):
            for start in range(len(digits) - size + 1):
                keys |= {digits[start : start + size], "47" + digits[start : start + size]}
    return sorted(keys)


@settings(max_examples=300, deadline=None)
@given(values=_VALUES, flags=st.lists(_FLAG_VALUES, min_size=1, max_size=4))
def test_number_hits_are_those_of_reading_every_value(
    values: list[str], flags: list[tuple[bool, bool, bool, bool]]
) -> None:
    uniq = _uniq(values, flags).with_columns(text=pl.lit(None, pl.String))
    keys = _every_key(values)
    keyed = {"key": pl.String, "kind": pl.String}
    numbers = {
        space: pl.DataFrame({"key": keys, "kind": [f"kind {space}"] * len(keys)}, schema=keyed)
        for space in SPACES
    }
    targets = leaks.Targets(
        numbers=numbers,
        words=pl.DataFrame(schema=keyed),
        phrases=pl.DataFrame(schema={"key": pl.String, "head": pl.String, "kind": pl.String}),
        emails=pl.DataFrame(schema=keyed),
        common=pl.DataFrame(schema={"kind": pl.String, "key": pl.String}),
        codes=pl.DataFrame(schema=keyed),
    )
    new = leaks._number_hits(uniq, targets).unique()
    old = _old_number_hits(uniq, targets).unique()
    assert _sorted(new) == _sorted(old)


def _old_id_cells(table: Table, column: str) -> pl.DataFrame:
    """``_column_cells`` of an id column before it took the ids' distinct values and
    placeholders from the table (found once for validity too)."""
    values = table.frame.lazy().select(pl.col(column).alias("value")).drop_nulls()
    single = ~pl.col("value").str.strip_chars().str.contains(r"\s")
    values = values.unique().with_columns(coded=single)
    values = values.filter(~placeholder(pl.col("value")))
    lettered = pl.col("value").str.contains(r"\p{L}")
    return pl.concat(
        [
            values.filter(~lettered).select("value", "coded", text=pl.lit(None, pl.String)),
            values.filter(lettered).select("value", "coded", text=TEXT),
        ]
    ).collect()


def _old_judged_ids(table: Table, column: str) -> pl.DataFrame:
    """The ids validity judged, as it found them before (``v``, ``n``)."""
    values = table.frame[column].drop_nulls().value_counts(name="n")
    values = values.filter(~placeholder(pl.col(column)))
    return values.select(pl.col(column).alias("v"), pl.col("n").cast(pl.Int64))


_IDS = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(
            ["0", "00000000000", "ukjent", "N/A", "-", "", " ", "9999 9999", "XXXX", "Ola",
             "15088545610", "150885 45610", "FH1234567", "XK 471 1093", "ikke oppgitt"]
        ),
        st.text(alphabet="0123456789 -.abcXK\u00e5", max_size=12),
    ),
    min_size=1,
    max_size=30,
)  # fmt: skip
_ID_CATEGORIES = {"p_unique_id": Category.PERSON_ID, "note": Category.FREE_TEXT}


@settings(max_examples=200, deadline=None)
@given(ids=_IDS, prefetched=st.booleans())
def test_the_ids_searched_and_judged_are_found_as_before(
    ids: list[str | None], prefetched: bool
) -> None:
    frame = pl.DataFrame(
        {"p_unique_id": ids, "note": ids}, schema=dict.fromkeys(_ID_CATEGORIES, pl.String)
    )
    table = as_table("washed", frame)
    if prefetched:  # as the audit does: the ids' value counts and placeholders cached
        prefetch([], [table], _ID_CATEGORIES)
    cells = leaks._column_cells(table, "p_unique_id", Category.PERSON_ID).collect()
    assert _sorted(cells) == _sorted(_old_id_cells(table, "p_unique_id"))
    judged = _judged_ids(table, "p_unique_id")
    assert _sorted(judged) == _sorted(_old_judged_ids(table, "p_unique_id"))
    assert sorted(table.distinct("p_unique_id").to_list()) == sorted(
        {v for v in table.frame["p_unique_id"].to_list() if v is not None}
    )


_EMAIL_PIECES = st.one_of(
    st.text(alphabet="abcXYZ019", min_size=1, max_size=6),
    st.sampled_from(
        ["@", ".", "-", "_", "%", "+", " ", "(at)", " [ at ] ", "{dot}", "no", "com", "é", "ø",
         "\u00a0", "ola.nordmann@example.com", "Kari+1@Firma-2.co.UK", "x@y.z1", ",", ";"]
    ),
)  # fmt: skip
_EMAIL_VALUES = st.lists(
    st.one_of(st.none(), st.lists(_EMAIL_PIECES, min_size=1, max_size=8).map("".join)),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(values=_EMAIL_VALUES)
def test_email_rows_are_the_addresses_emails_finds(values: list[str | None]) -> None:
    frame = pl.DataFrame({"value": values}, schema={"value": pl.String}).with_row_index("vid")
    old = frame.with_columns(key=norm.emails(pl.col("value"))).explode("key").drop_nulls("key")
    new = norm.email_rows(frame, "value", "key")
    assert _sorted(new.select(old.columns)) == _sorted(old)


def _old_code_hits(uniq: pl.DataFrame, targets: leaks.Targets) -> pl.DataFrame:
    """``_code_hits`` before it left out the texts with fewer digits than any passport."""
    digits = targets.codes["key"].str.replace_all(r"\D+", "")
    probes = digits.filter(digits.str.len_bytes() >= leaks._CODE_DIGITS).unique()
    if probes.is_empty():
        return pl.DataFrame(schema=leaks._HITS)
    texts = uniq.select("vid", "text").drop_nulls("text")
    held = pl.col("text").str.replace_all(r"\D+", "").str.contains_any(probes.implode())
    words = texts.filter(held).select("vid", word=pl.col("text").str.split(" ")).explode("word")
    windows = []
    for width in range(2, leaks._CODE_WORDS + 1):
        same = pl.col("vid").shift(-(width - 1)) == pl.col("vid")
        joined = pl.concat_str([pl.col("word").shift(-i) for i in range(width)])
        windows.append(words.lazy().select("vid", key=pl.when(same).then(joined)))
    same = pl.col("vid").shift(-1) == pl.col("vid")
    after = pl.col("word").shift(-1)
    glued = same & pl.col("word").str.contains("^[a-z]+$") & after.str.contains("^[0-9]+$")
    for letters in (1, 2, 3):
        tail = pl.col("word").str.slice(-letters)
        proper = pl.col("word").str.len_chars() > letters
        windows.append(words.lazy().select("vid", key=pl.when(glued & proper).then(tail + after)))
    found = pl.concat(windows).drop_nulls().join(targets.codes.lazy(), on="key")
    return found.select("vid", "kind").collect()


# Words of the text form: letters or digits (also digits of other scripts: "٣" is three).
_CODE_WORD = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=7),
    st.text(alphabet="xkpas", min_size=1, max_size=4),
    st.sampled_from(["\u0663\u0664", "\u0663", "pass", "xk", "471", "1093", "4711093", "nr"]),
)
_CODES = st.lists(
    st.one_of(
        st.sampled_from(["xk4711093", "xk\u0663\u0664\u0663\u0664", "ab12", "p\u0663\u0663"]),
        st.tuples(st.text(alphabet="xkpas", min_size=1, max_size=3), _CODE_WORD).map("".join),
    ),
    min_size=1,
    max_size=6,
)


@st.composite
def _written_codes(draw: st.DrawFn, codes: list[str]) -> str | None:
    """A text: other words, or a code cut into groups among other words."""
    if draw(st.booleans()):
        return draw(
            st.one_of(st.none(), st.lists(_CODE_WORD, min_size=1, max_size=6).map(" ".join))
        )
    code = draw(st.sampled_from(codes))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(code) - 1)), max_size=4)))
    groups = [code[i:j] for i, j in zip([0, *cuts], [*cuts, len(code)], strict=True) if i < j]
    before = draw(st.lists(_CODE_WORD, max_size=2))
    after = draw(st.lists(_CODE_WORD, max_size=2))
    return " ".join([*before, *groups, *after])


@settings(max_examples=300, deadline=None)
@given(data=st.data(), codes=_CODES)
def test_code_hits_are_those_of_reading_every_text(data: st.DataObject, codes: list[str]) -> None:
    texts = data.draw(st.lists(_written_codes(codes), max_size=12))
    uniq = pl.DataFrame({"text": texts}, schema={"text": pl.String}).with_row_index("vid")
    keyed = {"key": pl.String, "kind": pl.String}
    targets = leaks.Targets(
        numbers={space: pl.DataFrame(schema=keyed) for space in SPACES},
        words=pl.DataFrame(schema=keyed),
        phrases=pl.DataFrame(schema={"key": pl.String, "head": pl.String, "kind": pl.String}),
        emails=pl.DataFrame(schema=keyed),
        common=pl.DataFrame(schema={"kind": pl.String, "key": pl.String}),
        codes=pl.DataFrame({"key": codes, "kind": ["person_id"] * len(codes)}, schema=keyed),
    )
    new = leaks._code_hits(uniq, targets)
    assert _sorted(new) == _sorted(_old_code_hits(uniq, targets))


def _old_phrase_hits(
    texts: pl.DataFrame, words: pl.DataFrame, targets: leaks.Targets
) -> pl.DataFrame:
    """``_phrase_hits`` before it found its candidates by codes of word pairs."""
    same_value = pl.col("vid").shift(-1) == pl.col("vid")
    heads = words.select(
        "vid", head=pl.when(same_value).then(pl.col("word") + " " + pl.col("word").shift(-1))
    ).drop_nulls()
    cand = heads.join(targets.phrases, on="head").join(texts.select("vid", "text"), on="vid")
    padded = pl.lit(" ") + pl.col("text") + pl.lit(" ")
    inside = padded.str.contains(pl.lit(" ") + pl.col("key") + pl.lit(" "), literal=True)
    return cand.filter(inside).select("vid", "kind")


_PHRASE_WORD = st.sampled_from(["storgata", "12", "b", "nr", "oslo", "as", "", "gate", "1"])
_PHRASE_TEXTS = st.lists(st.lists(_PHRASE_WORD, min_size=1, max_size=7).map(" ".join), max_size=12)


@settings(max_examples=300, deadline=None)
@given(texts=_PHRASE_TEXTS, data=st.data())
def test_phrase_hits_are_those_of_reading_word_pairs(texts: list[str], data: st.DataObject) -> None:
    # Phrases: word sequences of the texts (found) and others (mostly not).
    pieces = [t.split(" ") for t in texts] or [["storgata", "12"]]
    keys = []
    for _ in range(data.draw(st.integers(0, 6))):
        words = data.draw(st.sampled_from(pieces))
        start = data.draw(st.integers(0, len(words) - 1))
        end = data.draw(st.integers(start + 1, len(words)))
        keys.append(" ".join(words[start:end]))
    keys += data.draw(st.lists(st.lists(_PHRASE_WORD, min_size=2, max_size=3).map(" ".join)))
    keys = [k for k in dict.fromkeys(keys) if " " in k]
    phrases = pl.DataFrame(
        {"key": keys, "kind": "address"}, schema={"key": pl.String, "kind": pl.String}
    )
    phrases = phrases.with_columns(head=pl.col("key").str.split(" ").list.head(2).list.join(" "))
    targets = leaks.Targets(
        numbers={},
        words=pl.DataFrame(schema={"key": pl.String, "kind": pl.String}),
        phrases=phrases.select("key", "head", "kind"),
        emails=pl.DataFrame(schema={"key": pl.String, "kind": pl.String}),
        common=pl.DataFrame(schema={"kind": pl.String, "key": pl.String}),
        codes=pl.DataFrame(schema={"key": pl.String, "kind": pl.String}),
    )
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String}).with_row_index("vid")
    words = frame.select("vid", word=pl.col("text").str.split(" ")).explode("word")
    new = leaks._phrase_hits(frame, words, targets)
    assert _sorted(new) == _sorted(_old_phrase_hits(frame, words, targets))
