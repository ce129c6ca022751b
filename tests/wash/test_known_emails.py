"""The known e-mail pairs are only those of addresses the run's text writes
(washer.tables.text_emails): the scrub gives every text what all the pairs gave it."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from washer.fakes import scrub_text
from washer.fakes.scrub import KnownPairs
from washer.tables.known import _column_pairs
from washer.tables.mentioned import Pair
from washer.tables.projections import _found_in_texts, _texts

KEY = bytes.fromhex("5a" * 32)

ADDRESSES = [
    "ola.nordmann@firma.no",
    "Kari.Berg@Epost.NO",
    " per@x.no ",
    "anne_b@epost.com",
    "åse@fjord.no",
    "ΣΑ@x.gr",
    "hansen",  # no "@": a T: key, which the e-mails' pairs keep as before
    "@",
]

# The addresses as text writes them: as stored, in other cases, spelled out, spaced, with an
# invisible character inside (read as absent), or someone else's.
WRITTEN = st.sampled_from(
    [
        "ola.nordmann@firma.no",
        "OLA.NORDMANN@FIRMA.NO",
        "Ola.Nordmann(at)Firma(dot)no",
        "ola.nordmann [AT] firma.no",
        "ola.nord\u00admann@firma.no",
        "kari.berg@epost.no",
        "Kari.Berg @ Epost.NO",
        "per@x.no",
        "PER{at}X.NO",
        "anne_b@epost.com",
        "anne_b@epost\u200b.com",
        "Åse@Fjord.no",
        "\u03b1'\u03a3\u0391@x.gr",
        "\u03c3\u03b1@x.gr",
        "hansen",
        "berg",
        "kl @ 12.30",
        "other@elsewhere.no",
        "ola",
        " ",
    ]
)
TEXTS = st.one_of(st.none(), st.lists(WRITTEN, max_size=4).map(" ".join))
FAKES = st.sampled_from(["a@f.no", "b@f.no", "c@f.no", "ola.nordmann@firma.no", "Hansen"])


def email_fallback(emails: pl.Series) -> pl.Series:
    return ("anon." + emails.str.len_chars().cast(pl.String) + "@example.org").alias(emails.name)


def _scrubbed(texts: pl.Series, known: list[Pair]) -> list[str | None]:
    return scrub_text(
        texts,
        own=[],
        known=KnownPairs(known),
        id_mapper=lambda ids: ids,
        phone_key=KEY,
        email_fallback=email_fallback,
    ).to_list()


def _listed(pairs: list[Pair]) -> list[tuple[str, str]]:
    return [p for o, f in pairs for p in zip(o.to_list(), f.to_list(), strict=True)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(ADDRESSES), FAKES), max_size=12),
    st.lists(st.tuples(st.sampled_from(ADDRESSES), FAKES), max_size=4),
    st.lists(TEXTS, min_size=1, max_size=8),
    st.booleans(),
)
@example(
    [("Kari.Berg@Epost.NO", "a@f.no")], [], ["x Kari.Berg @ Epost.NO", "kari.berg@epost.no"], False
)
@example([("ola.nordmann@firma.no", "a@f.no")], [], ["ola.nord\u00admann@firma.no"], False)
def test_pruned_email_pairs_scrub_as_all_pairs(
    emails: list[tuple[str, str]],
    names: list[tuple[str, str]],
    texts: list[str | None],
    names_first: bool,
) -> None:
    """The pairs of an e-mail column less those of the addresses no text writes, among
    other pairs with the same originals (a name column's, before or after them): every
    text scrubbed as with all of them, and no pair added."""
    frame = pl.LazyFrame({"t": pl.Series(texts, dtype=pl.String)})
    read = _found_in_texts(_texts([frame], [frozenset(["t"])], ["t"]).collect(), phones=False)
    tokens, written = read["tokens"], read["text_emails"]["email"]

    def column(pairs: list[tuple[str, str]]) -> pl.DataFrame:
        return pl.DataFrame(
            {"orig": [o for o, _ in pairs], "fake": [f for _, f in pairs]},
            schema={"orig": pl.String, "fake": pl.String},
        )

    every, _ = _column_pairs(column(emails), "email", tokens)
    pruned, _ = _column_pairs(column(emails), "email", tokens, written)
    others, _ = _column_pairs(column(names), "phone", tokens)  # no written forms either
    assert set(_listed(pruned)) <= set(_listed(every))
    if names_first:
        every, pruned = others + every, others + pruned
    else:
        every, pruned = every + others, pruned + others
    rows = pl.Series("t", texts, dtype=pl.String)
    assert _scrubbed(rows, pruned) == _scrubbed(rows, every)
