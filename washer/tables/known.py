"""The *known* (original, fake) pairs the free-text scrub replaces wherever they occur.

Every original of the run whose first word occurs in the run's free text: names, e-mail
addresses, street addresses, employers, passports and mistyped ids, organisation numbers, and
international phone numbers written without their country code. (Phones and 11-digit ids the
scrub finds by itself: their fakes are keyed by value, the same as in their columns. An
e-mail's fake belongs to its person, so it must be known to be used in another row's text;
only the addresses the text writes are kept, :mod:`washer.tables.text_emails`.)

This module finds the entity columns' pairs, with their other written forms, and gathers the
run's pairs in order (:func:`known_pairs`). A value domain's pairs come from
:mod:`washer.tables.domain_pairs`, the first-word test from :mod:`washer.tables.mentioned`, the
text's tokens from :mod:`washer.tables.text_tokens` (``tokens``, ``distinct_tokens`` and
``domain_pairs`` are re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from functools import partial
from typing import TYPE_CHECKING

import polars as pl

from washer.fakes._textkeys import keyed_address
from washer.fakes.scrub import KnownPairs
from washer.plan import Plan
from washer.rules.model import EntityName, EntitySpec
from washer.tables.domain_pairs import domain_pairs
from washer.tables.idtables import PLACEHOLDER
from washer.tables.mentioned import (
    _LONG_ENOUGH,
    Mask,
    Pair,
    Pairs,
    _distinct,
    _mentioned,
    _named_mask,
)
from washer.tables.nodes import field_column, hash_column
from washer.tables.text_tokens import distinct_tokens, tokens
from washer.written import (
    NUMBER_WORDS,
    street_numbered,
    surname_parts,
    written_forms,
)

if TYPE_CHECKING:
    from washer.tables.build import Tables


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


def _named_forms(
    field: str, tokens: pl.DataFrame, origs: pl.Series, found: Mask | None = None
) -> pl.DataFrame | None:
    """``orig``, ``form``, ``w`` (the form's number in :func:`written_forms`) of the written
    forms of the distinct ``origs`` that the free text may mention; None for a field written
    no other way. ``found``: the originals' own first-word test (:func:`_named_mask`), when
    known."""
    written = written_forms(field, pl.col("orig"), pl.col("fake"))
    if not written:
        return None
    if found is None:
        found = _named_mask(origs, tokens)
    distinct = pl.DataFrame({"orig": origs, "found": found})
    forms = [
        distinct.select("orig", form.alias("form"), pl.lit(i).alias("w"), "found")
        for i, (form, _) in enumerate(written)
    ]
    if field == "last":  # a part of a surname of several, alone, gets the whole's fake
        parts = surname_parts(pl.col("orig")).alias("form")
        forms.append(
            distinct.select("orig", parts, pl.lit(len(written)).alias("w"), "found").explode("form")
        )
    every = pl.concat(forms)
    # Most forms are written as their original (no ø to transliterate, no street word to
    # shorten): they have its first word, so only the others are read (one lookup in the
    # text's tokens), not every form of every original again.
    other = every["form"].ne_missing(every["orig"]).arg_true()
    named = every["found"].to_numpy().copy()
    named[other.to_numpy()] = _named_mask(every["form"].gather(other), tokens)
    return every.drop("found").filter(pl.Series(named))


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


def _column_pairs(
    frame: pl.DataFrame, field: str, tokens: pl.DataFrame, emails: pl.Series | None = None
) -> tuple[Pairs, Pairs]:
    """The known pairs of one entity column (``frame``: orig, fake), and its other written
    forms' pairs. ``emails``: the addresses the run's text writes
    (:func:`~washer.tables.text_emails.text_emails`), when known: no other e-mail's pair is
    kept (:func:`_looked_up`)."""
    rows = frame.drop_nulls()
    if not written_forms(field, pl.col("orig"), pl.col("fake")):  # e-mails
        if emails is not None:
            rows = _looked_up(rows, emails)
        # Written no other way: the distinct originals are needed for nothing else.
        return _mentioned(rows, tokens, by_row=True), []
    origs = _distinct(rows["orig"])  # the column's distinct originals, found once for both
    found = _named_mask(origs, tokens)  # their first-word test, for them and their forms
    named = _named_forms(field, tokens, origs, found)
    assert named is not None  # the field has written forms
    if len(origs) == rows.height:
        mentioned = _mentioned(rows, tokens, origs=origs)
        forms = _form_pairs(field, named, _least_fakes(rows, named), tokens)
    else:
        mentioned, forms = _shared_pairs(rows, field, tokens, origs.filter(found), named)
    if field == "address":
        forms += _numbered_pairs(mentioned, tokens)
    return mentioned, forms


def _looked_up(rows: pl.DataFrame, emails: pl.Series) -> pl.DataFrame:
    """``rows`` (``orig``, ``fake``, no nulls) less those whose original has an e-mail key
    (an ``@``: ``E:`` and its :func:`~washer.fakes._textkeys.keyed_address`) that is none
    of ``emails``.

    The scrub looks an ``E:`` key up only for an e-mail token of a text, by its address
    (:mod:`washer.tables.text_emails`): the pairs dropped are never looked up. Nor do they
    change which pair wins a key that is (the first, ``_scrub_tables._build``): a key is a
    function of the original, so every pair of an original, and every original of a key,
    is dropped or kept together, in order. What is kept still takes the first-word test
    after, so the pairs are the former ones less some: never one more."""
    has_at = pl.col("orig").str.contains("@", literal=True)
    if emails.is_empty():  # (the text of many runs writes none: nothing to lowercase)
        return rows.filter(~has_at)
    return rows.filter(~has_at | keyed_address(pl.col("orig")).is_in(emails.implode()))


def _shared_pairs(
    rows: pl.DataFrame,
    field: str,
    tokens: pl.DataFrame,
    named_origs: pl.Series,
    named: pl.DataFrame,
) -> tuple[Pairs, Pairs]:
    """:func:`_mentioned` and :func:`_written_pairs` of a column whose originals repeat
    (``named_origs``: the distinct ones the text may mention; ``named``: the
    :func:`_named_forms` of them all), from one group-by of the rows either needs: each
    original's least fake, and its least fake other than itself (what _mentioned keeps),
    rather than a filter and a group-by of the rows for each."""
    found = named_origs.to_frame("orig").filter(_LONG_ENOUGH)["orig"]
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


def _fields(plan: Plan, column: str) -> tuple[str, ...]:
    """The entity fields whose fakes the identifying ``column`` reads."""
    transform, rule = plan.faking(column)
    wanted = transform.entity_fields(rule)
    assert wanted is not None
    return wanted[1]


def _with_fakes(
    rows: pl.DataFrame, nodes: pl.DataFrame, spec: EntitySpec, fields: list[tuple[str, str]]
) -> pl.DataFrame:
    """The entity's ``rows`` joined to their fakes (``nodes``), of only the columns the
    ``fields`` (column, field) pair up: the join gathers those, not every key column and
    fake of the entity (a third of known_pairs' time on the run's people)."""
    key = hash_column(spec)
    fakes = [field_column(spec.name, f) for _, f in fields]
    left = list(dict.fromkeys([key, *(c for c, _ in fields), *(c for c in fakes if c in rows)]))
    right = [key, *(c for c in dict.fromkeys(fakes) if c in nodes and c not in left)]
    return rows.select(left).join(nodes.select(right), on=key, how="left")


def known_pairs(
    plan: Plan,
    specs: Mapping[EntityName, EntitySpec],
    raw_columns: Mapping[EntityName, list[str]],
    results: Mapping[str, pl.DataFrame],
    tables: Tables,
    tokens: pl.DataFrame,
    domains: Mapping[str, list[Pair]] | None = None,
    pool: Executor | None = None,
    emails: pl.Series | None = None,
) -> KnownPairs:
    """(original, fake) pairs of the whole run that the run's free text may mention.

    Only originals whose first word occurs somewhere in the free text are kept: the scrub
    builds its lookup tables from them (once per run, as :class:`KnownPairs`), and millions
    of originals that no text mentions would cost seconds for nothing. ``domains``: each
    value domain's :func:`domain_pairs`, when already computed. The order of the pairs
    decides which fake an original shared by two of them gets: entities, domains, ids.
    ``pool``: a free worker thread, which takes half of the entity columns. ``emails``: the
    addresses the run's text writes (:func:`~washer.tables.text_emails.text_emails`): the
    pairs of other e-mail addresses are never looked up, and are left out.
    """
    pairs = KnownPairs()  # the scrub builds its lookup tables from them once per run
    tasks: list[Callable[[], tuple[Pairs, Pairs]]] = []
    for name, spec in specs.items():
        fields = [(column, f) for column in raw_columns[name] for f in _fields(plan, column)]
        rows = _with_fakes(results[f"entity:{name}"], tables.entities[name].nodes, spec, fields)
        for column, f in fields:
            # E-mails too: the scrub finds them itself, but only these pairs give an
            # address written in another row's text the fake of its column.
            fake_col = field_column(name, f)
            if fake_col in rows.columns and rows.schema[fake_col] == pl.String:
                frame = rows.select(pl.col(column).alias("orig"), pl.col(fake_col).alias("fake"))
                tasks.append(partial(_column_pairs, frame, f, tokens, emails))
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
