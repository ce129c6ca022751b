"""Phase one of a wash: everything computed once per run, from only the key columns.

From a scan of the inputs (projected to the columns that identify people and employers, the
ids, the values of each value domain and the date anchor) this builds:

* the date offset: the newest anchor date lands on the day before the reference date;
* the id table per style: every distinct normalised id -> kind, fake, fake birth date
  (one :meth:`FakeIdMapper.map_person_ids` call per style, as the mapper asks);
* per entity (person, employer): node -> entity label -> fake fields (names, e-mail,
  address, birth data), one set per entity;
* per value domain: distinct original -> fake;
* the *known* (original, fake) tables the free-text scrub replaces everywhere.

All queries of the inputs go to :func:`polars.collect_all` together, so a scanned input is
read once; those whose columns an entity's distinct rows hold read those rows after.
Memory grows with the number of distinct people and values, not with rows. The queries
themselves are in :mod:`washer.tables.projections`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from washer.categories import IDENTIFYING
from washer.dates import parse_dates_distinct
from washer.errors import InputError
from washer.fullnames import full_name_columns, original_full_names
from washer.plan import Plan
from washer.rules.model import EntityName, EntitySpec
from washer.tables.collisions import phone_forms, redraw_orgnr, redraw_phones
from washer.tables.domain_pairs import domain_pairs
from washer.tables.entities import entity_seeds
from washer.tables.entity_table import EntityTable, entity_table
from washer.tables.idtables import MappedIds, id_tables_with_entities, mapped_ids, weak_id_nodes
from washer.tables.known import known_pairs
from washer.tables.mentioned import Pair
from washer.tables.nodes import folded_column, node_columns, with_row_nodes
from washer.tables.persons import EntityIndex, build_index
from washer.tables.projections import (
    _BIRTH,
    Projection,
    _birth,
    _col,
    _covering,
    _entity_rows,
    _found_in_texts,
    _ids_query,
    _projected,
    _texts,
    _values_query,
)
from washer.transforms import RunKeys, ValueDomain


@dataclass
class Tables:
    offset_days: int = 0
    newest_anchor: dt.date | None = None
    entities: dict[EntityName, EntityTable] = field(default_factory=dict)
    ids: dict[str, pl.DataFrame] = field(default_factory=dict)  # style -> norm, kind, fake, birth
    raw_ids: dict[str, pl.DataFrame] = field(default_factory=dict)  # style -> raw, the same
    values: dict[str, pl.DataFrame] = field(default_factory=dict)  # domain -> orig, fake
    known: list[tuple[pl.Series, pl.Series]] = field(default_factory=list)

    def count(self, entity: EntityName) -> int:
        table = self.entities.get(entity)
        return table.index.count if table else 0


def _entity_columns(plan: Plan, entity: EntityName) -> list[str]:
    """Identifying columns whose fakes come from this entity (their originals go to *known*)."""
    out = []
    for column in plan.transforms:
        transform, rule = plan.faking(column)
        wanted = transform.entity_fields(rule)
        if wanted is not None and wanted[0] == entity and rule.category in IDENTIFYING:
            out.append(column)
    return out


def build_tables(
    plan: Plan,
    frames: Sequence[pl.LazyFrame],
    keys: RunKeys,
    reference_date: dt.date,
    *,
    streaming: bool = False,
) -> Tables:
    """Compute the run's tables from ``frames`` (one per input, columns as in ``plan.inputs``).

    ``streaming`` runs the projections with polars' streaming engine (inputs larger than
    memory); otherwise with the in-memory engine, which is faster for frames already read.
    """
    avails = [frozenset(cols) for cols in plan.inputs]
    queries: dict[str, pl.LazyFrame] = {}
    rules = plan.rules

    if plan.event_dates:
        assert rules.anchor is not None
        queries["anchor"] = pl.concat(
            [
                f.select(parse_dates_distinct(_col(rules.anchor, a)).max().alias("newest"))
                for f, a in zip(frames, avails, strict=True)
            ]
        ).select(pl.col("newest").max())

    specs = {name: spec for name, spec in rules.entities.items() if _used(plan, spec, avails)}
    raw_columns = {name: _entity_columns(plan, name) for name in specs}
    wanted = {
        name: list(dict.fromkeys([*spec.columns, *raw_columns[name]]))
        for name, spec in specs.items()
    }
    for name, spec in specs.items():
        queries[f"entity:{name}"] = _entity_rows(spec, wanted[name], frames, avails)

    # Projections of columns the entity rows hold are read from those distinct rows after
    # they are collected (fewer rows than the inputs'), the others from the inputs with them.
    projections: dict[str, tuple[Projection, list[set[str]]]] = {}
    # The run's original full names: no fake full name may be one (washer.fullnames).
    groups = full_name_columns(plan)
    if any(set(g) <= a for g in groups for a in avails):  # else no input holds a full name
        projections["full_names"] = (
            lambda fs, avs: original_full_names(fs, avs, groups),
            [set(g) for g in groups],
        )

    person = rules.entities.get("person")
    birth_col = person.birth_date if person else None
    styles = sorted(set(plan.id_styles.values()))
    for style in styles:
        cols = [c for c, s in plan.id_styles.items() if s == style]
        # One source must hold the ids and the birth date: the fallback is the row's own.
        together = {*cols, *([birth_col] if birth_col else [])}
        projections[f"ids:{style}"] = (_ids_query(cols, birth_col), [together])

    for domain_name, (domain, domain_cols) in plan.domains.items():
        # A domain whose fakes do not depend on its values' order gets its table in the rows'
        # order: the row pass then gathers its fakes in order, not all over the table.
        projections[f"values:{domain_name}"] = (
            _values_query(list(domain_cols), in_row_order=domain.order_free),
            [{c} for c in domain_cols],
        )

    later: dict[str, tuple[Projection, list[EntityName]]] = {}
    for query, (project, needed) in projections.items():
        sources = _covering(needed, wanted)
        if sources is None:
            queries[query] = _projected(project, frames, avails)
        else:
            later[query] = (project, sources)

    scrubbed = list(plan.free_text)
    if scrubbed:
        # The free text's distinct values, read once for the three lists found in them.
        queries["texts"] = _texts(frames, avails, scrubbed)

    names = list(queries)
    engine: Literal["streaming", "in-memory"] = "streaming" if streaming else "in-memory"
    collected = pl.collect_all([queries[n] for n in names], engine=engine)
    results = dict(zip(names, collected, strict=True))
    if later:
        person_spec = specs.get("person")
        if person_spec is not None and person_spec.birth_date is not None:
            # Parsed once, for the ids read from the rows and for the rows' nodes after.
            rows = results["entity:person"]
            results["entity:person"] = rows.with_columns(
                _birth(person_spec, frozenset(rows.columns))
            )
        derived = {
            name: _projected(
                project,
                [results[f"entity:{e}"].lazy() for e in sources],
                [frozenset(results[f"entity:{e}"].columns) for e in sources],
            )
            for name, (project, sources) in later.items()
        }
        read = pl.collect_all(list(derived.values()), engine="in-memory")  # frames in memory
        results.update(zip(derived, read, strict=True))
    if scrubbed:
        results.update(_found_in_texts(results.pop("texts"), "phone" in plan.domains))
        if "text_phones" in results:
            # Phone numbers written in free text join the phone table: their fakes and every
            # other phone's fake then avoid them, and the scrub writes the table's fakes.
            written = pl.concat([results["values:phone"], results["text_phones"]])
            # In the rows' order still (the phone domain is order-free): text's numbers last.
            results["values:phone"] = written.unique(maintain_order=True)

    # The value domains depend on nothing else: fake them (and their known pairs) on a
    # second thread while this one builds the people (both spend their time in numpy and
    # polars, which release the GIL).
    domains = ThreadPoolExecutor(max_workers=1)
    # The ids' fakes need no person index: mapped first on the second thread, they are ready
    # when this one has built the index.
    mapped = {
        style: domains.submit(mapped_ids, results[f"ids:{style}"], keys, style) for style in styles
    }
    # A digit-only id (a passport) written in text reads as a phone number: no fake phone
    # may be one.
    avoid = {"phone": _digit_ids(results, styles)}
    numbers = _original_numbers(results, styles)
    pending = {
        domain_name: domains.submit(
            _domain_table,
            plan,
            domain_name,
            domain,
            keys,
            results,
            avoid.get(domain_name),
            numbers,
        )
        for domain_name, (domain, _) in plan.domains.items()
    }
    try:
        taken = results["full_names"]["full"] if "full_names" in results else None
        everything = frozenset(plan.columns) | {c for s in specs.values() for c in s.columns}
        # Other entities (employers) need nothing of the people: the second thread too.
        others = {
            name: domains.submit(
                _entity, plan, name, spec, keys, _with_nodes(spec, everything, results), taken
            )
            for name, spec in specs.items()
            if name != "person"
        }
        person = specs.get("person")
        if person is not None:
            results["entity:person"] = _with_nodes(person, everything, results)()
        tables = _person_tables(plan, person, mapped, keys, reference_date, results, taken)
        done = {name: future.result() for name, future in pending.items()}
        for name, future in others.items():
            tables.entities[name] = future.result()
        tables.values = {name: table for name, (table, _) in done.items()}
        if "tokens" in results:
            tables.known = known_pairs(
                plan,
                specs,
                raw_columns,
                results,
                tables,
                results["tokens"],
                {name: pairs for name, (_, pairs) in done.items()},
                domains,
                results["text_emails"]["email"],
            )
    finally:
        domains.shutdown(cancel_futures=True)
    return tables


def _with_nodes(
    spec: EntitySpec, available: frozenset[str], results: dict[str, pl.DataFrame]
) -> Callable[[], pl.DataFrame]:
    """The entity's rows with their nodes and parsed birth date (names, ids and dates are
    normalised once per distinct value, not per row); a call, so it can run on either thread."""
    rows = results[f"entity:{spec.name}"]

    def run() -> pl.DataFrame:
        birth = _birth(spec, available)
        if birth is not None and _BIRTH in rows.columns:
            birth = pl.col(_BIRTH)  # parsed already (build_tables)
        return with_row_nodes(rows, spec, available, birth)

    return run


def _digit_ids(results: dict[str, pl.DataFrame], styles: list[str]) -> pl.Series:
    found = [results[f"ids:{s}"].select(pl.col("norm").alias("v")) for s in styles]
    if not found:
        return pl.Series("v", [], dtype=pl.String)
    ids = pl.concat(found)["v"].drop_nulls()
    # Filtered first: few ids are 8 digits, and the unique then has little to do.
    return ids.filter(ids.str.contains(r"^[2-9][0-9]{7}$")).unique().sort()


def _original_numbers(results: dict[str, pl.DataFrame], styles: list[str]) -> list[pl.Series]:
    """Digit strings of the run's original ids and organisation numbers."""
    found = [
        results[f"ids:{s}"]["raw"].str.replace_all(r"[\s.\-]", "").drop_nulls() for s in styles
    ]
    if "values:orgnr" in results:
        found.append(results["values:orgnr"]["orig"].str.replace_all(r"\D", ""))
    return [f.filter(f.str.contains(r"^[0-9]{6,}$")) for f in found]


def _domain_table(
    plan: Plan,
    domain_name: str,
    domain: ValueDomain,
    keys: RunKeys,
    results: dict[str, pl.DataFrame],
    avoid: pl.Series | None,
    numbers: list[pl.Series],
) -> tuple[pl.DataFrame, list[Pair]]:
    """Distinct original -> fake for one value domain (fakes that are none of ``avoid``;
    phone fakes that read as none of ``numbers``, the run's original digit strings), and,
    when the run scrubs text, the domain's known pairs."""
    orig = results[f"values:{domain_name}"]["orig"]
    if not domain.order_free:
        # Other domains' fakes may depend on the originals' order (orgnr's redraws go in
        # order): sorted, so every run gives the same. Polars' multithreaded sort of strings
        # costs several times the single-threaded one.
        orig = orig.sort(multithreaded=False)
    if avoid is not None and avoid.len():
        # Faked together, so no fake equals one of them; their own fakes are not kept.
        # An anti join, not is_in, which hashes every original (a third of the CPU time).
        name = avoid.name
        extra = avoid.to_frame(name).join(
            orig.to_frame(name), on=name, how="anti", maintain_order="left"
        )[name]
        fakes = domain.fake(keys, pl.concat([orig, extra])).head(orig.len())
    else:
        fakes = domain.fake(keys, orig)
    table = pl.DataFrame({"orig": orig, "fake": fakes.alias("fake")})
    if domain_name == "phone":
        table = redraw_phones(table, numbers, keys.derive("washer.wash/phone-clash"))
    if domain_name == "orgnr":
        table = redraw_orgnr(table, keys.derive("washer.wash/orgnr-clash"))
    tokens = results.get("tokens")
    pairs = domain_pairs(plan, domain_name, table, results, tokens) if tokens is not None else []
    return table, pairs


def _person_tables(
    plan: Plan,
    person: EntitySpec | None,
    mapped: dict[str, Future[MappedIds]],
    keys: RunKeys,
    reference_date: dt.date,
    results: dict[str, pl.DataFrame],
    taken: pl.Series | None,
) -> Tables:
    """The date anchor, the id tables and the person table (``person``: the spec of the
    run's people, if it has any; ``mapped``: the ids of each style, being mapped;
    ``taken``: the run's original full names, normalised)."""
    rules = plan.rules
    styles = list(mapped)
    tables = Tables()
    if plan.event_dates:
        newest = results["anchor"].item()
        if newest is None:
            raise InputError(
                f"no date in column {rules.anchor} of any input: nothing to anchor the date shift"
            )
        tables.newest_anchor = newest
        tables.offset_days = ((reference_date - dt.timedelta(days=1)) - newest).days

    weak = weak_id_nodes([results[f"ids:{s}"] for s in styles]) if styles else None
    indexed = _index_and_seeds(person, keys, results["entity:person"], weak) if person else None
    index = indexed[0] if indexed else None

    # A digit-only fake id must not read as somebody's phone number either.
    phones = phone_forms(results["values:phone"]["orig"]) if "values:phone" in results else None
    id_entities: dict[str, pl.Series] = {}
    for style in styles:
        # The row pass joins on the values as written (raw_ids): no per-row normalising.
        ids = mapped[style].result()
        found = id_tables_with_entities(ids, keys, style, index, phones)
        (tables.ids[style], tables.raw_ids[style]), id_entities[style] = found

    if person is not None and indexed is not None:
        rows = results["entity:person"]
        tables.entities["person"] = entity_table(
            plan, "person", person, rows, *indexed, tables.ids, taken, id_entities
        )
    return tables


def _index_and_seeds(
    spec: EntitySpec,
    keys: RunKeys,
    rows: pl.DataFrame,
    weak: pl.Series | None = None,
) -> tuple[EntityIndex, pl.DataFrame]:
    """The entity index of ``spec``'s key values (``rows``: with their nodes), and a keyed
    seed per entity."""
    id_names, nk_name, contact_names = node_columns(spec)
    node_names = [*id_names, nk_name, *contact_names, folded_column(spec)]
    # Not deduplicated: build_index takes the distinct values it needs, and the rows are
    # nearly all distinct already (a unique() of all six node columns cost more than it saved).
    nodes = rows.select(node_names)
    index = build_index(spec, nodes, weak)
    labels = index.entities()
    seeds = pl.DataFrame(
        {"entity": labels, "seed": entity_seeds(labels, keys.derive(f"washer.wash/{spec.name}"))}
    )
    return index, seeds


def _entity(
    plan: Plan,
    name: EntityName,
    spec: EntitySpec,
    keys: RunKeys,
    with_nodes: Callable[[], pl.DataFrame],
    taken: pl.Series | None,
) -> EntityTable:
    """The fake table of an entity other than the person (it needs no id table)."""
    rows = with_nodes()
    index, seeds = _index_and_seeds(spec, keys, rows)
    return entity_table(plan, name, spec, rows, index, seeds, {}, taken)


def _used(plan: Plan, spec: EntitySpec, avails: list[frozenset[str]]) -> bool:
    needed = spec.name in plan.entity_fields
    present = any(c in a for a in avails for c in spec.columns)
    return needed and present


__all__ = ["EntityTable", "Tables", "build_tables"]
