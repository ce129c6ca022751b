"""The per-person and per-employer fake tables: one set of fakes per entity of a run.

Each entity gets a keyed seed from its label (:mod:`washer.tables.persons`); every field comes from
its own stream of that seed (:func:`washer.fakes.keyed.derive_seeds`), so a person's fake name
does not depend on which other fields the rules ask for. Fields are computed once per entity,
never per row; the row pass joins them in.

Person fields: ``first``, ``last``, ``full``, ``email``, ``address`` and ``birth_shift`` (days,
never 0, at most 90 either way). Employer fields: ``name``, ``address``, and for the contact
person ``first``, ``last``, ``full``, ``email``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from washer.fakes.addresses import Numbered
from washer.fakes.names import Avoided
from washer.rules.model import EntityName

PERSON_FIELDS = ("first", "last", "full", "email", "address", "birth")
EMPLOYER_FIELDS = ("name", "address", "first", "last", "full", "email")
MAX_BIRTH_SHIFT = 90


def entity_seeds(labels: pl.Series, key: bytes) -> pl.Series:
    from washer.fakes.keyed import keyed_hash64

    return keyed_hash64(labels, key)


def birth_shift_days(seeds: pl.Series) -> pl.Series:
    """A keyed shift per person in [-90, -1] or [1, 90] days: never zero, so never the original."""
    from washer.fakes.keyed import derive_seeds

    raw = (derive_seeds(seeds, "birth") % (2 * MAX_BIRTH_SHIFT)).cast(pl.Int32)
    return pl.select(
        pl.when(raw < MAX_BIRTH_SHIFT)
        .then(raw - MAX_BIRTH_SHIFT)
        .otherwise(raw - MAX_BIRTH_SHIFT + 1)
    ).to_series()


def fake_fields(
    kind: EntityName,
    seeds: pl.Series,
    fields: Iterable[str],
    female: pl.Series | None = None,
    avoid: Mapping[str, pl.Series | Avoided | Numbered] | None = None,
    locale_of: pl.Series | None = None,
    words: bool = False,
    numbers: bool = False,
) -> pl.DataFrame:
    """The requested fake fields for entities with these seeds (one row per seed, in order).

    ``avoid`` maps a field to each entity's original value of it: a fake that would equal
    its own original (after normalising) is redrawn (a first or last name's may come as an
    :class:`~washer.fakes.names.Avoided`, normalised already, an address as a
    :class:`~washer.fakes.addresses.Numbered`). ``locale_of`` (optional):
    entity seeds whose names' locale the new names keep. ``words``: the first and last
    names in word form too, where both are drawn (columns :data:`washer.fullnames.WORDS`),
    computed once per name of the pools, and their index in the pool (columns
    :data:`washer.fakes.names.POOL_AT`). ``numbers``: a person's addresses with their last
    numbers too (column :data:`washer.fakes.addresses.ADDRESS_NUMBER`), as drawn.
    """
    from washer.fakes.addresses import ADDRESS_NUMBER, street_addresses_numbered
    from washer.fakes.companies import company_addresses, company_names
    from washer.fakes.emails import fake_emails_drawn
    from washer.fakes.keyed import derive_seeds
    from washer.fakes.names import first_names_drawn, full_names, last_names_drawn

    wanted = set(fields)
    avoid = avoid or {}
    if "email" in wanted or (kind == "person" and "full" in wanted):
        wanted |= {"first", "last"}
    if female is None:
        female = pl.repeat(None, len(seeds), dtype=pl.Boolean, eager=True).alias("")
    # One stream for a name's parts, so first and last name come from one locale.
    salt = "name" if kind == "person" else "contact"
    names = derive_seeds(seeds, salt)
    locales = None if locale_of is None else derive_seeds(locale_of, salt)
    out: dict[str, pl.Series] = {}
    # As drawn from the pools: the e-mail folds each name of the pools once, not each fake.
    first = last = None
    if "first" in wanted:
        first = first_names_drawn(names, female, avoid=_named(avoid, "first"), locale_of=locales)
        out["first"] = first.names()
    if "last" in wanted:
        last = last_names_drawn(
            names, female=female, avoid=_named(avoid, "last"), locale_of=locales
        )
        out["last"] = last.names()
    if "full" in wanted:
        out["full"] = (
            pl.select(pl.concat_str([out["first"], out["last"]], separator=" ")).to_series()
            if kind == "person"
            else full_names(names, female, avoid=_written(avoid, "full"), locale_of=locales)
        )
    if words and first is not None and last is not None:
        from washer.fakes.names import POOL_AT
        from washer.fullnames import WORDS, words_of

        for part, drawn in (("first", first), ("last", last)):
            out[WORDS[part]] = drawn.form(words_of, "words")
            # And as their index among the pool's names (names.pool_normal).
            out[POOL_AT[part]] = pl.Series(drawn.positions())
    if "email" in wanted and first is not None and last is not None:
        out["email"] = fake_emails_drawn(first, last, derive_seeds(seeds, "email"))
    if "address" in wanted:
        addr_seeds = derive_seeds(seeds, "address")
        if kind == "person":
            streets = street_addresses_numbered(addr_seeds, avoid=_numbered(avoid))
            out["address"] = streets.values
            if numbers:
                out[ADDRESS_NUMBER] = pl.Series(streets.numbers, dtype=pl.UInt64)
        else:
            out["address"] = company_addresses(addr_seeds)
    if "name" in wanted:
        out["name"] = company_names(derive_seeds(seeds, "company"), avoid=_written(avoid, "name"))
    if "birth" in wanted:
        out["birth_shift"] = birth_shift_days(seeds)
    return pl.DataFrame(
        {name: series.alias(name) for name, series in out.items()}, height=len(seeds)
    )


def _written(avoid: Mapping[str, pl.Series | Avoided | Numbered], field: str) -> pl.Series | None:
    """The originals ``field`` avoids, as written (only names come normalised)."""
    found = avoid.get(field)
    if isinstance(found, (Avoided, Numbered)):
        raise TypeError(f"{field}: the originals to avoid must be given as written")
    return found


def _named(
    avoid: Mapping[str, pl.Series | Avoided | Numbered], field: str
) -> pl.Series | Avoided | None:
    """The names ``field`` avoids, as written or by normal form."""
    found = avoid.get(field)
    if isinstance(found, Numbered):
        raise TypeError(f"{field}: names to avoid have no house number")
    return found


def _numbered(avoid: Mapping[str, pl.Series | Avoided | Numbered]) -> pl.Series | Numbered | None:
    """The addresses to avoid, as written or with their last numbers."""
    found = avoid.get("address")
    if isinstance(found, Avoided):
        raise TypeError("address: the originals to avoid must be given as written")
    return found


__all__ = [
    "EMPLOYER_FIELDS",
    "MAX_BIRTH_SHIFT",
    "PERSON_FIELDS",
    "birth_shift_days",
    "entity_seeds",
    "fake_fields",
]
