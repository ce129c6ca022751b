"""The *known* (original, fake) pairs the free-text scrub replaces wherever they occur.

Every original of the run whose first word occurs in the run's free text: names, e-mail
addresses, street addresses, employers, passports and mistyped ids, organisation numbers, and
international phone numbers written without their country code. (Phones and 11-digit ids the
scrub finds by itself: their fakes are keyed by value, the same as in their columns. An
e-mail's fake belongs to its person, so it must be known to be used in another row's text.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from functools import partial
from typing import TYPE_CHECKING, Literal

import numpy as np
import polars as pl

from washer.categories import IDENTIFYING
from washer.fakes._digits import digits_of
from washer.fakes._textkeys import CODE_DIGITS
from washer.fakes._tokens import BRACKETED_PHONE, DIGIT_GAP, GLUE, GLUE_CUT, SLASHED_PHONE
from washer.fakes.scrub import KnownPairs
from washer.idtables import PLACEHOLDER
from washer.persons import field_column, hash_column
from washer.plan import Plan
from washer.rules.model import EntityName, EntitySpec
from washer.written import (
    NUMBER_WORDS,
    grouped_orgnr,
    street_numbered,
    surname_parts,
    written_forms,
)

if TYPE_CHECKING:
    from washer.tables import Tables

# E.164 country codes of one and two digits (all others have three).
_CC1 = ("1", "7")
_CC2 = tuple(
    str(code)
    for code in (
        20,
        27,
        30,
        31,
        32,
        33,
        34,
        36,
        39,
        40,
        41,
        43,
        44,
        45,
        46,
        47,
        48,
        49,
        51,
        52,
        53,
        54,
        55,
        56,
        57,
        58,
        60,
        61,
        62,
        63,
        64,
        65,
        66,
        81,
        82,
        84,
        86,
        90,
        91,
        92,
        93,
        94,
        95,
        98,
    )
)


def _national_numbers(phones: pl.DataFrame, shortest: int = 6) -> pl.DataFrame:
    """Each international phone's number without its country code (``orig``, ``shortest``
    digits or more), with its digits (``o``), the country code's length (``k``) and its fake
    as written (``fake``): what :func:`_national_pairs` looks up.

    People write their own number without the country code (``ring 5901444499`` for
    ``+905901444499``); a fake keeps the country code, so the pair turns the short form into
    the fake's short form.
    """
    international = phones.filter(pl.col("orig").str.contains(r"^\s*(\+|00)"))
    digits = pl.DataFrame(
        {
            "o": digits_of(international["orig"]).str.strip_prefix("00"),
            "fake": international["fake"],
        }
    )
    cc = (
        pl.when(pl.col("o").str.slice(0, 1).is_in(_CC1))
        .then(1)
        .when(pl.col("o").str.slice(0, 2).is_in(_CC2))
        .then(2)
        .otherwise(3)
    )
    national = pl.col("o").str.slice(pl.col("k")).alias("orig")
    return (
        digits.with_columns(cc.alias("k"))
        .with_columns(national)
        .filter(pl.col("orig").str.len_chars() >= shortest)
    )


def _national_pairs(national: pl.DataFrame, among: pl.Series) -> pl.DataFrame:
    """The (national number, its fake's) of the :func:`_national_numbers` ``national`` whose
    number is one of ``among`` and whose fake has the same country code. Only those few
    fakes' digits are computed, not the run's every phone's."""
    named = national.filter(pl.col("orig").is_in(among.implode()))
    fake = digits_of(named["fake"]).str.strip_prefix("00").alias("f")
    return (
        named.with_columns(fake)
        .filter(pl.col("o").str.slice(0, pl.col("k")) == pl.col("f").str.slice(0, pl.col("k")))
        .select("orig", pl.col("f").str.slice(pl.col("k")).alias("fake"))
    )


def _orgnr_grouped(table: pl.DataFrame) -> pl.DataFrame:
    """Each organisation number as its nine digits and as printed (:func:`grouped_orgnr`),
    with its fake written the same way."""
    digits = table.select(
        pl.col("orig").str.replace_all(r"\D", "").alias("o"),
        pl.col("fake").str.replace_all(r"\D", "").alias("f"),
    ).filter((pl.col("o").str.len_bytes() == 9) & (pl.col("f").str.len_bytes() == 9))
    return pl.concat(
        [
            digits.select(orig="o", fake="f"),
            digits.select(
                grouped_orgnr(pl.col("o")).alias("orig"), grouped_orgnr(pl.col("f")).alias("fake")
            ),
        ]
    )


# Digits in groups ("471 1093", "1508 854 561") or after a letter ("X K4711093"): an id may
# be written so; or a phone written 912/34567 or (912) 34 567, which the scrub reads only as a
# number of the row or the run (domain_pairs).
_GROUPED_DIGITS = (
    rf"{SLASHED_PHONE}|{BRACKETED_PHONE}|"
    rf"\p{{L}}[0-9]+(?:{DIGIT_GAP}[0-9]+)*|[0-9]+(?:{DIGIT_GAP}[0-9]+)+"
)


def tokens(text: pl.Expr) -> pl.Expr:
    """Lower-case runs of letters and digits (how free text and originals are matched up),
    and the digits of each run of grouped digits or digits after a letter, joined
    (``XK 471 1093`` and ``X K4711093`` name ``XK4711093`` by its number, :func:`_named`);
    a phone written with a slash or brackets as ``/`` and its digits (``/91234567``)."""
    # Only numbers of a code's length: shorter joined digits name no id, and every extra
    # short token lets thousands of originals through the first-word test (:func:`_named`).
    found = pl.element()
    digits = found.str.replace_all("[^0-9]+", "")
    # "/" + digits: no word has a "/", so the phone is told apart from the same digits in
    # another layout.
    grouped = text.str.extract_all(_GROUPED_DIGITS).list.eval(
        pl.when(found.str.contains("[/(]"))
        .then("/" + digits)
        .otherwise(digits)
        .filter(digits.str.len_bytes() >= CODE_DIGITS)
    )
    # Composed, so a letter typed as base + combining accent (macOS, "o\u0308") stays one word.
    composed = text.str.normalize("NFC")
    words = composed.str.to_lowercase().str.extract_all(_WORD)
    # A name glued to another ("PerHansen"): its parts too, which the scrub reads as words.
    return pl.concat_list(words, grouped, _glued_parts(composed))


def distinct_tokens(texts: pl.Series, name: str) -> pl.LazyFrame:
    """The distinct :func:`tokens` of ``texts`` (column ``name``, no nulls, in no order).

    Each of the three kinds is found over the texts' values flat, not per text as a list:
    the text composed once (its non-ASCII values only), not once per kind; the digit groups
    filtered as one column, not list by list; and the glued names read only in the few texts
    that have one.
    """
    found = pl.col(name)
    composed = _composed(texts).to_frame(name)
    words = composed.lazy().select(found.str.to_lowercase().str.extract_all(_WORD)).explode(name)
    digits = found.str.replace_all("[^0-9]+", "")
    grouped = (
        texts.to_frame(name)
        .lazy()
        .select(found.str.extract_all(_GROUPED_DIGITS))
        .explode(name)
        .select(
            pl.when(found.str.contains("[/(]"))
            .then("/" + digits)
            .otherwise(digits)
            .filter(digits.str.len_bytes() >= CODE_DIGITS)
            .alias(name)
        )
    )
    parts = (
        composed.lazy().filter(found.str.contains(GLUE)).select(_glued_parts(found)).explode(name)
    )
    return pl.concat([words, grouped, parts]).unique().drop_nulls()


def _glued_parts(text: pl.Expr) -> pl.Expr:
    """The words of the glued names in ``text`` (composed), cut where they were glued."""
    return (
        text.str.extract_all(_GLUED)
        .list.join(" ")
        .str.replace_all(GLUE_CUT, "${1} ${2}")
        .str.to_lowercase()
        .str.extract_all(_WORD)
    )


# A word (letters and digits, as :func:`tokens` reads them) with a lower-case letter right
# before a capital.
_GLUED = rf"[\p{{L}}\p{{N}}]*{GLUE}[\p{{L}}\p{{N}}]*"


Pair = tuple[pl.Series, pl.Series]
Pairs = list[Pair]


def _composed(values: pl.Series) -> pl.Series:
    """``values`` in Unicode NFC, normalising only the values that are not ASCII (NFC leaves
    ASCII as it is; most originals and texts are ASCII, and normalising costs more than the
    check). ``values`` itself is left as it is."""
    at = (values.str.len_bytes() != values.str.len_chars()).arg_true()
    if not len(at):
        return values
    return values.clone().scatter(at, values.gather(at).str.normalize("NFC"))


def _named(
    frame: pl.DataFrame, column: str, tokens: pl.DataFrame, *, digits: bool = False
) -> pl.DataFrame:
    """The rows of ``frame`` whose ``column`` has a first word that is a token of the run's
    free text (in order). ``digits``: every value is one or more digits (``\\d``), its own
    first word, with no number after a letter (no regex needed)."""
    if digits:
        hits = _token_hits(_indexed(frame[column]), tokens)
    else:
        hits = _token_hits(_first_words(frame[column]), tokens)
    named = np.zeros(frame.height, dtype=np.bool_)
    named[hits.to_numpy()] = True
    return frame.filter(pl.Series(named))


def _first_words(values: pl.Series) -> pl.DataFrame:
    """The first word of each of ``values`` (lower case; ``i``: the value's place) and the
    number that ends it after a letter, if any, as a word of its own."""
    first = _first_word(_composed(values).str.to_lowercase())
    # The scrub reads letters and digits apart: a passport XK4711093 written as "xk 4711093"
    # shows its number as a word of its own.
    number = first.str.extract(r"\p{L}(\p{N}+)$", 1)
    return pl.concat([_indexed(first), _indexed(number).drop_nulls()])


_WORD = r"[\p{L}\p{N}]+"


def _first_word(values: pl.Series) -> pl.Series:
    """The first run of letters and digits of each of ``values`` (null if none). Nearly
    every value starts with its first word, and the search anchored at the start costs a
    third less than the plain one: only the values it misses are searched again. (The whole
    match, not a group: the regex engine then needs no capture, about 40% less.)"""
    first = values.str.extract(f"^{_WORD}", 0)
    missed = (first.is_null() & values.is_not_null()).arg_true()
    if len(missed):
        first = first.scatter(missed, values.gather(missed).str.extract(_WORD, 0))
    return first


def _indexed(words: pl.Series) -> pl.DataFrame:
    return words.alias("word").to_frame().with_row_index("i")


def _token_hits(words: pl.DataFrame, tokens: pl.DataFrame) -> pl.Series:
    """The ``i`` of the ``words`` (``i``, ``word``) that are text tokens (an ``i`` may come
    twice). One join for all the words, and an inner join when there are fewer words than
    tokens: polars then hashes the words, where a semi join hashes all the run's tokens (the
    most of a small lookup's time)."""
    how: Literal["inner", "semi"] = "inner" if words.height < tokens.height else "semi"
    return words.join(tokens, left_on="word", right_on="token", how=how)["i"]


def _written_pairs(rows: pl.DataFrame, field: str, tokens: pl.DataFrame, origs: pl.Series) -> Pairs:
    """(form, fake written the same way) of each :func:`written_forms` of the originals
    (``rows``: ``orig``, ``fake``, no nulls; ``origs``: their distinct originals) that the free
    text may mention. Each form is computed once per distinct original, and only the originals
    of the forms the text may mention look up their fake (the smallest, as _mentioned takes)."""
    named = _named_forms(field, tokens, origs)
    if named is None:
        return []
    return _form_pairs(field, named, _least_fakes(rows, named), tokens)


def _least_fakes(rows: pl.DataFrame, named: pl.DataFrame) -> pl.DataFrame:
    """``orig``, ``fake``: the least fake of each original of ``named`` in ``rows``."""
    fakes = rows.filter(pl.col("orig").is_in(named["orig"].unique().implode()))
    return fakes.group_by("orig").agg(pl.col("fake").min())


def _named_forms(field: str, tokens: pl.DataFrame, origs: pl.Series) -> pl.DataFrame | None:
    """``orig``, ``form``, ``w`` (the form's number in :func:`written_forms`) of the written
    forms of the distinct ``origs`` that the free text may mention; None for a field written
    no other way."""
    written = written_forms(field, pl.col("orig"), pl.col("fake"))
    if not written:
        return None
    distinct = origs.to_frame("orig")
    forms = [
        distinct.select("orig", form.alias("form"), pl.lit(i).alias("w"))
        for i, (form, _) in enumerate(written)
    ]
    if field == "last":  # a part of a surname of several, alone, gets the whole's fake
        parts = surname_parts(pl.col("orig")).alias("form")
        forms.append(
            distinct.select("orig", parts, pl.lit(len(written)).alias("w")).explode("form")
        )
    return _named(pl.concat(forms), "form", tokens)  # one lookup in the text's tokens


def _form_pairs(
    field: str, named: pl.DataFrame, least: pl.DataFrame, tokens: pl.DataFrame
) -> Pairs:
    """The pairs of the :func:`_named_forms` ``named``, each with its original's least fake
    written the same way (``least``: ``orig``, ``fake``, for every original of ``named``)."""
    named = named.join(least.select("orig", "fake"), on="orig")
    written = written_forms(field, pl.col("orig"), pl.col("fake"))
    # the fake of a surname's part is the whole's (written form number len(written))
    fake_forms = [*(fake for _, fake in written), pl.col("fake")]
    pairs = [
        named.filter(pl.col("w") == i).select(orig="form", fake=fake)
        for i, fake in enumerate(fake_forms)
    ]
    return _mentioned(pl.concat(pairs), tokens, mentioned=True)


def _numbered_pairs(mentioned: list[Pair], tokens: pl.DataFrame) -> list[Pair]:
    """(``Storgata nr. 12``, fake) of the addresses the text mentions (``mentioned``: the
    pairs of :func:`_mentioned`), with ``nr.`` or ``no.`` before their number. The form's
    first word is the address's, so only the few addresses mentioned need it."""
    if not mentioned:
        return []
    [(orig, fake)] = mentioned
    frame = pl.DataFrame({"orig": orig, "fake": fake})
    forms = [
        frame.select(street_numbered(pl.col("orig"), word).alias("orig"), "fake")
        for word in NUMBER_WORDS
    ]
    return _mentioned(pl.concat(forms), tokens, mentioned=True)


def _distinct(values: pl.Series) -> pl.Series:
    """The distinct values of ``values`` (no nulls), in no particular order. A value domain's
    originals come sorted: equal values are then neighbours, and comparing each with the one
    before costs a thirtieth of hashing them all."""
    if values.flags["SORTED_ASC"]:
        return values.filter(values.ne_missing(values.shift(1)))
    return values.unique()


# An original of one character (or blank) is never replaced in text.
_LONG_ENOUGH = pl.col("orig").str.strip_chars().str.len_chars() > 1


def _grouped(pairs: pl.LazyFrame) -> pl.LazyFrame:
    """Each original once, with its least fake, sorted by original. Polars' multithreaded sort
    of strings costs several times the single-threaded one; the lazy engine's group_by about
    two thirds of the eager one's CPU."""
    return pairs.group_by("orig").agg(pl.col("fake").min()).sort("orig", multithreaded=False)


def _mentioned(
    frame: pl.DataFrame,
    tokens: pl.DataFrame,
    *,
    mentioned: bool = False,
    origs: pl.Series | None = None,
    digits: bool = False,
) -> list[Pair]:
    """The (orig, fake) pair of ``frame`` whose original's first word is a text token, as one
    pair of sorted columns (none if empty). ``mentioned``: the originals were found in the free
    text already (no need to look); ``origs``: the distinct originals of ``frame``'s rows
    without nulls, when already known; ``digits``: every original is digits only (see
    :func:`_named`)."""
    frame = frame.drop_nulls()
    changed = pl.col("orig") != pl.col("fake")
    if mentioned:
        clean = _grouped(frame.lazy().filter(_LONG_ENOUGH & changed))
    else:
        # The regex runs once per distinct original (a column repeats its names a lot).
        distinct = _distinct(frame["orig"]) if origs is None else origs
        if len(distinct) == frame.height:
            # Each original once (a value domain's table): the rows named are the pairs, no
            # lookup of the names in all rows and no group-by.
            named = _named(frame, "orig", tokens, digits=digits)
            clean = named.lazy().filter(_LONG_ENOUGH & changed)
            if not frame["orig"].flags["SORTED_ASC"]:
                clean = clean.sort("orig", multithreaded=False)
        else:
            found = _named(distinct.to_frame("orig"), "orig", tokens, digits=digits)
            found = found.filter(_LONG_ENOUGH)
            kept = pl.col("orig").is_in(found["orig"].implode())
            clean = _grouped(frame.lazy().filter(kept & changed))
    pairs = clean.collect()
    return [(pairs["orig"], pairs["fake"])] if pairs.height else []


def domain_pairs(
    plan: Plan,
    domain_name: str,
    table: pl.DataFrame,
    results: Mapping[str, pl.DataFrame],
    tokens: pl.DataFrame,
) -> list[Pair]:
    """The known pairs of one value domain's table (none for a domain of no identifying
    column). Independent of the people, so a wash computes them beside the person tables."""
    _, cols = plan.domains[domain_name]
    if not any(plan.rules.columns[c].category in IDENTIFYING for c in cols):
        return []
    if domain_name == "orgnr":
        return _mentioned(table, tokens) + _mentioned(_orgnr_grouped(table), tokens)
    if domain_name != "phone":
        # A domain's originals are distinct and not null: no need to find them again (they
        # may come unsorted, and hashing them all costs about what the sort saved).
        return _mentioned(table, tokens, origs=table["orig"])
    # The scrub finds phone numbers itself; the numbers of the run's free text are in the
    # phone table (their fakes avoid every other number of the run), and what it cannot
    # recognise is an international number written without its code.
    found = []
    if "text_phones" in results:
        written = results["text_phones"]["orig"].implode()
        found += _mentioned(table.filter(pl.col("orig").is_in(written)), tokens, mentioned=True)
    national = _national_numbers(table)
    # Only the numbers the text holds as a token are named (the rest would be looked up and
    # dropped by _mentioned).
    named = _national_pairs(national, tokens["token"])
    found += _mentioned(named, tokens, digits=True)  # six digits or more
    # ... or written 912/34567 or (912) 34 567, which the scrub reads only as a number of the
    # row or the run: the run's Norwegian numbers whose eight digits the text holds so.
    slashed = tokens.filter(pl.col("token").str.starts_with("/"))["token"]
    if len(slashed):
        eight = "/" + pl.col("orig").str.replace_all(r"\D", "").str.slice(-8)
        norwegian = pl.col("orig").str.contains(r"^\s*(?:(?:\+|00)\s*47)?[\s0-9().\-/]+$")
        written_so = eight.is_in(slashed.implode()) & norwegian
        found += _mentioned(table.filter(written_so), tokens, mentioned=True)
    if "text_trunk" in results:
        # ... or nationally, with its trunk zero (070-123 45 67 for +46 70 123 45 67)
        # (the numbers written so looked up without their zero, the few found given it)
        written = results["text_trunk"]["orig"]
        unzeroed = written.filter(written.str.starts_with("0")).str.slice(1)
        trunk = _national_pairs(national, unzeroed).select(
            (pl.lit("0") + pl.col("orig")).alias("orig"),
            (pl.lit("0") + pl.col("fake")).alias("fake"),
        )
        found += _mentioned(trunk, tokens, mentioned=True)
    return found


def _column_pairs(frame: pl.DataFrame, field: str, tokens: pl.DataFrame) -> tuple[Pairs, Pairs]:
    """The known pairs of one entity column (``frame``: orig, fake), and its other written
    forms' pairs."""
    rows = frame.drop_nulls()
    origs = _distinct(rows["orig"])  # the column's distinct originals, found once for both
    named = _named_forms(field, tokens, origs)
    if named is None or len(origs) == rows.height:
        mentioned = _mentioned(rows, tokens, origs=origs)
        forms = (
            [] if named is None else _form_pairs(field, named, _least_fakes(rows, named), tokens)
        )
    else:
        mentioned, forms = _shared_pairs(rows, field, tokens, origs, named)
    if field == "address":
        forms += _numbered_pairs(mentioned, tokens)
    return mentioned, forms


def _shared_pairs(
    rows: pl.DataFrame, field: str, tokens: pl.DataFrame, origs: pl.Series, named: pl.DataFrame
) -> tuple[Pairs, Pairs]:
    """:func:`_mentioned` and :func:`_written_pairs` of a column whose originals repeat
    (``origs``: the distinct ones; ``named``: their :func:`_named_forms`), from one group-by
    of the rows either needs: each original's least fake, and its least fake other than
    itself (what _mentioned keeps), rather than a filter and a group-by of the rows for each."""
    found = _named(origs.to_frame("orig"), "orig", tokens).filter(_LONG_ENOUGH)["orig"]
    wanted = pl.concat([found, named["orig"]]).unique()
    changed = pl.when(pl.col("fake") != pl.col("orig")).then(pl.col("fake"))
    least = (
        rows.lazy()
        .filter(pl.col("orig").is_in(wanted.implode()))
        .group_by("orig")
        .agg(pl.col("fake").min(), changed.min().alias("changed"))
        .collect()
    )
    clean = (
        least.lazy()
        .filter(pl.col("orig").is_in(found.implode()) & pl.col("changed").is_not_null())
        .select("orig", fake="changed")
        .sort("orig", multithreaded=False)
        .collect()
    )
    mentioned = [(clean["orig"], clean["fake"])] if clean.height else []
    return mentioned, _form_pairs(field, named, least, tokens)


def _run_both(
    tasks: list[Callable[[], tuple[Pairs, Pairs]]], pool: Executor | None
) -> list[tuple[Pairs, Pairs]]:
    """Every task's result, in order; every other task on ``pool``'s thread while this one
    runs the rest (polars and numpy release the GIL, so both cores work)."""
    if pool is None:
        return [task() for task in tasks]
    beside = {i: pool.submit(task) for i, task in enumerate(tasks) if i % 2}
    here = {i: task() for i, task in enumerate(tasks) if i not in beside}
    return [here[i] if i in here else beside[i].result() for i in range(len(tasks))]


def known_pairs(
    plan: Plan,
    specs: Mapping[EntityName, EntitySpec],
    raw_columns: Mapping[EntityName, list[str]],
    results: Mapping[str, pl.DataFrame],
    tables: Tables,
    tokens: pl.DataFrame,
    domains: Mapping[str, list[Pair]] | None = None,
    pool: Executor | None = None,
) -> KnownPairs:
    """(original, fake) pairs of the whole run that the run's free text may mention.

    Only originals whose first word occurs somewhere in the free text are kept: the scrub
    builds its lookup tables from them (once per run, as :class:`KnownPairs`), and millions
    of originals that no text mentions would cost seconds for nothing. ``domains``: each
    value domain's :func:`domain_pairs`, when already computed. The order of the pairs
    decides which fake an original shared by two of them gets: entities, domains, ids.
    ``pool``: a free worker thread, which takes half of the entity columns.
    """
    pairs = KnownPairs()  # the scrub builds its lookup tables from them once per run
    tasks: list[Callable[[], tuple[Pairs, Pairs]]] = []
    for name, spec in specs.items():
        table = tables.entities[name]
        rows = results[f"entity:{name}"].join(table.nodes, on=hash_column(spec), how="left")
        for column in raw_columns[name]:
            transform, rule = plan.faking(column)
            wanted = transform.entity_fields(rule)
            assert wanted is not None
            for f in wanted[1]:
                # E-mails too: the scrub finds them itself, but only these pairs give an
                # address written in another row's text the fake of its column.
                fake_col = field_column(name, f)
                if fake_col in rows.columns and rows.schema[fake_col] == pl.String:
                    frame = rows.select(
                        pl.col(column).alias("orig"), pl.col(fake_col).alias("fake")
                    )
                    tasks.append(partial(_column_pairs, frame, f, tokens))
    # Other written forms of the entities' values come last: an original as written wins.
    forms: list[Pair] = []
    for mentioned, written in _run_both(tasks, pool):
        pairs += mentioned
        forms += written
    for domain_name in plan.domains:
        if domains is not None and domain_name in domains:
            pairs += domains[domain_name]
        else:
            pairs += domain_pairs(plan, domain_name, tables.values[domain_name], results, tokens)
    for style, id_table in tables.ids.items():
        # 11-digit numbers are found by the scrub's own detector; the rest (passports,
        # malformed values) only by name, as written and as normalised. A placeholder is
        # kept as written, in text too.
        odd = id_table.filter(
            ~pl.col("norm").str.contains(r"^[0-9]{11}$") & (pl.col("kind") != PLACEHOLDER)
        )
        pairs += _mentioned(odd.select(pl.col("norm").alias("orig"), "fake"), tokens)
        raw = results[f"ids:{style}"].select("raw", "norm").join(odd, on="norm", how="inner")
        pairs += _mentioned(raw.select(pl.col("raw").alias("orig"), "fake"), tokens)
    pairs += forms
    return pairs


__all__ = ["distinct_tokens", "domain_pairs", "known_pairs", "tokens"]
