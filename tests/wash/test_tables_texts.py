"""The free text's phones, trunk numbers and tokens, read from its distinct values once."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.fakes._tokens import visible
from washer.tables.collisions import distinct_phone_runs, phone_runs, trunk_runs
from washer.tables.known import distinct_tokens, tokens
from washer.tables.projections import _found_in_texts, _texts

# Free text with phone numbers, trunk numbers, names glued in camel case and invisible marks.
pieces = st.sampled_from(
    [
        "ring 912 34 567",
        "+47 22334455",
        "070-123 45 67",
        "0046 70 123 45 67",
        "PerHansen",
        "Kari\u00adOlsen",
        "XK 471 1093",
        "(912) 34 567",
        "Bygg\u200b & Anlegg AS",
        "2021-03-21 12:00",
        " ",
        "ø",
    ]
)
texts = st.one_of(st.none(), st.lists(pieces, max_size=4).map(" ".join))
columns = st.lists(st.lists(texts, min_size=1, max_size=12), min_size=1, max_size=3)


def _old_in_texts(
    frame: pl.LazyFrame, names: list[str], found: Callable[[pl.Expr], pl.Expr], name: str
) -> pl.DataFrame:
    """The former query: ``found`` over each column's distinct visible values."""
    return (
        pl.concat(
            [
                frame.select(pl.col(c).unique())
                .select(found(visible(pl.col(c))).alias(name))
                .explode(name)
                for c in names
            ],
            how="vertical_relaxed",
        )
        .unique()
        .drop_nulls()
        .collect()
    )


@settings(max_examples=60, deadline=None)
@given(columns)
def test_found_in_texts_gives_what_each_column_gave(values: list[list[str | None]]) -> None:
    height = min(len(v) for v in values)
    names = [f"t{i}" for i in range(len(values))]
    frame = pl.LazyFrame(
        {n: pl.Series(v[:height], dtype=pl.String) for n, v in zip(names, values, strict=True)}
    )
    found = _found_in_texts(_texts([frame], [frozenset(names)], names).collect(), phones=True)
    for key, fn, name in (
        ("text_phones", phone_runs, "orig"),
        ("text_trunk", trunk_runs, "orig"),
        ("tokens", tokens, "token"),
    ):
        old = _old_in_texts(frame, names, fn, name)
        assert found[key].schema == old.schema
        assert sorted(found[key][name].to_list()) == sorted(old[name].to_list())
    read = _found_in_texts(pl.DataFrame({"text": ["x"]}), phones=False)
    assert set(read) == {"tokens", "text_emails"}


# Any text of letters (cased, accented, combining marks), digits and the separators the
# patterns read: the flat readings against the per-text lists, as an oracle.
_free = st.text(
    alphabet=st.sampled_from(list("aAbBøØéE\u0301\u0308oO0123456789 -./()+:TZ\u00ad\u2013")),
    max_size=30,
)


def _listed(texts: list[str | None], found: Callable[[pl.Expr], pl.Expr]) -> list[str]:
    frame = pl.DataFrame({"t": pl.Series(texts, dtype=pl.String)})
    return sorted(set(frame.select(found(pl.col("t"))).explode("t")["t"].drop_nulls().to_list()))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _free, texts), max_size=12))
def test_distinct_tokens_are_the_tokens_of_every_text(values: list[str | None]) -> None:
    new = distinct_tokens(pl.Series(values, dtype=pl.String), "token").collect()
    assert new.schema == pl.Schema({"token": pl.String})
    assert sorted(new["token"].to_list()) == _listed(values, tokens)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _free, texts), max_size=12))
def test_distinct_phone_runs_are_the_phone_runs_of_every_text(values: list[str | None]) -> None:
    new = distinct_phone_runs(pl.Series(values, dtype=pl.String), "orig").collect()
    assert new.schema == pl.Schema({"orig": pl.String})
    assert sorted(new["orig"].to_list()) == _listed(values, phone_runs)
