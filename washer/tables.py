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

All queries go to :func:`polars.collect_all` together, so a scanned input is read once.
Memory grows with the number of distinct people and values, not with rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from washer.categories import IDENTIFYING
from washer.dates import parse_dates_distinct
from washer.entities import birth_shift_days, entity_seeds, fake_fields
from washer.errors import InputError
from washer.persons import (
    PREFIX,
    EntityIndex,
    build_index,
    deciding_node,
    hash_column,
    key_hash,
    node_column,
    node_columns,
    normalise_id,
    row_nodes,
)
from washer.plan import Plan
from washer.rules.model import EntityName, EntitySpec
from washer.transforms import RunKeys

_NULL = pl.lit(None, dtype=pl.String)


@dataclass
class EntityTable:
    """Raw key values (hashed) -> entity -> fake fields, for one kind of entity."""

    spec: EntitySpec
    index: EntityIndex
    nodes: pl.DataFrame  # key hash column + fields prefixed __washer_<entity>_f_<field>


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


def field_column(entity: EntityName, name: str) -> str:
    return f"{PREFIX}{entity}_f_{name}"


def _col(name: str, available: frozenset[str]) -> pl.Expr:
    return pl.col(name) if name in available else _NULL


def _concat(frames: list[pl.LazyFrame]) -> pl.LazyFrame:
    return pl.concat(frames, how="vertical_relaxed").unique()


def _entity_columns(plan: Plan, entity: EntityName) -> list[str]:
    """Identifying columns whose fakes come from this entity (their originals go to *known*)."""
    out = []
    for column, transform in plan.transforms.items():
        rule = plan.rules.columns[column]
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
    for name, spec in specs.items():
        wanted = list(dict.fromkeys([*spec.columns, *raw_columns[name]]))
        queries[f"entity:{name}"] = _concat(
            [
                f.select(key_hash(spec, a), *[_col(c, a).alias(c) for c in wanted])
                for f, a in zip(frames, avails, strict=True)
            ]
        )

    person = rules.entities.get("person")
    birth_col = person.birth_date if person else None
    styles = sorted(set(plan.id_styles.values()))
    for style in styles:
        cols = [c for c, s in plan.id_styles.items() if s == style]
        queries[f"ids:{style}"] = _concat(
            [
                f.select(
                    pl.col(c).alias("raw"),
                    (
                        parse_dates_distinct(_col(birth_col, a))
                        if birth_col
                        else pl.lit(None, pl.Date)
                    ).alias("fallback"),
                )
                for f, a in zip(frames, avails, strict=True)
                for c in cols
                if c in a
            ]
            or [pl.LazyFrame(schema={"raw": pl.String, "fallback": pl.Date})]
        )

    for domain_name, (_, domain_cols) in plan.domains.items():
        queries[f"values:{domain_name}"] = _concat(
            [
                f.select(pl.col(c).alias("orig"))
                for f, a in zip(frames, avails, strict=True)
                for c in domain_cols
                if c in a
            ]
        ).drop_nulls()

    scrubbed = [c for c, t in plan.transforms.items() if plan.rules.columns[c].transform == "scrub"]
    if scrubbed:
        queries["tokens"] = _concat(
            [
                f.select(pl.col(c).unique())
                .select(_tokens(pl.col(c)).alias("token"))
                .explode("token")
                for f, a in zip(frames, avails, strict=True)
                for c in scrubbed
                if c in a
            ]
        ).drop_nulls()

    names = list(queries)
    engine: Literal["streaming", "in-memory"] = "streaming" if streaming else "in-memory"
    collected = pl.collect_all([queries[n] for n in names], engine=engine)
    results = dict(zip(names, collected, strict=True))
    # Normalise names, ids and dates once per distinct raw combination, not per row.
    everything = frozenset(plan.columns) | {c for s in specs.values() for c in s.columns}
    for name, spec in specs.items():
        rows = results[f"entity:{name}"]
        results[f"entity:{name}"] = rows.with_columns(
            *row_nodes(spec, everything), *_birth(spec, everything)
        )

    tables = Tables()
    if plan.event_dates:
        newest = results["anchor"].item()
        if newest is None:
            raise InputError(
                f"no date in column {rules.anchor} of any input: nothing to anchor the date shift"
            )
        tables.newest_anchor = newest
        tables.offset_days = ((reference_date - dt.timedelta(days=1)) - newest).days

    indexes: dict[EntityName, EntityIndex] = {}
    seeds: dict[EntityName, pl.DataFrame] = {}
    weak = _weak_id_nodes([results[f"ids:{s}"] for s in styles]) if styles else None
    for name, spec in specs.items():
        id_names, nk_name, contact_names = node_columns(spec)
        nodes = results[f"entity:{name}"].select([*id_names, nk_name, *contact_names]).unique()
        index = build_index(spec, nodes, weak if name == "person" else None)
        indexes[name] = index
        labels = index.entities()
        seeds[name] = pl.DataFrame(
            {"entity": labels, "seed": entity_seeds(labels, keys.derive(f"washer.wash/{name}"))}
        )

    for style in styles:
        found = results[f"ids:{style}"]
        tables.ids[style] = _id_table(
            found, keys, style, indexes.get("person"), seeds.get("person")
        )
        # The row pass joins on the values as written: no per-row normalising.
        tables.raw_ids[style] = (
            found.select(pl.col("raw"))
            .unique()
            .with_columns(normalise_id(pl.col("raw")).alias("norm"))
            .join(tables.ids[style], on="norm", how="inner")
            .drop("norm")
            .sort("raw")
        )

    for name, spec in specs.items():
        tables.entities[name] = _entity_table(
            plan, name, spec, results[f"entity:{name}"], indexes[name], seeds[name], tables
        )

    for domain_name, (domain, _) in plan.domains.items():
        orig = results[f"values:{domain_name}"]["orig"].sort()
        fake = domain.fake(keys, orig)
        tables.values[domain_name] = pl.DataFrame({"orig": orig, "fake": fake.alias("fake")})

    if "tokens" in results:
        tables.known = _known(plan, specs, raw_columns, results, tables, results["tokens"])
    return tables


def _birth(spec: EntitySpec, available: frozenset[str]) -> list[pl.Expr]:
    if spec.birth_date is None:
        return []
    return [parse_dates_distinct(_col(spec.birth_date, available)).alias(f"{PREFIX}birth")]


def _used(plan: Plan, spec: EntitySpec, avails: list[frozenset[str]]) -> bool:
    needed = spec.name in plan.entity_fields
    present = any(c in a for a in avails for c in spec.columns)
    return needed and present


_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _weak_id_nodes(found: list[pl.DataFrame]) -> pl.Series:
    """Id nodes of 11 digits whose check digits fail (mod 11, 2032 rule included): typos.

    Such a value identifies nobody for sure, so it may join a person by name (see
    :func:`washer.persons.build_index`).
    """
    frame = pl.concat([f.select(normalise_id(pl.col("raw")).alias("norm")) for f in found])
    eleven = frame.drop_nulls().unique().filter(pl.col("norm").str.contains(r"^[0-9]{11}$"))
    digit = [pl.col("norm").str.slice(i, 1).cast(pl.Int32) for i in range(11)]
    s1 = pl.sum_horizontal([w * d for w, d in zip(_K1, digit[:9], strict=True)])
    s2 = pl.sum_horizontal([w * d for w, d in zip(_K2, digit[:10], strict=True)])
    k1_ok = ((s1 + digit[9]) % 11).is_in([0, 1, 2, 3])
    k2_ok = (s2 + digit[10]) % 11 == 0
    weak = eleven.filter(~(k1_ok & k2_ok)).sort("norm")
    return ("I:" + weak["norm"]).alias("node")


def _id_table(
    found: pl.DataFrame,
    keys: RunKeys,
    style: str,
    persons: EntityIndex | None,
    seeds: pl.DataFrame | None,
) -> pl.DataFrame:
    """Every distinct id -> kind, fake, fake birth date (one mapping call covers them all).

    A value that is no valid number gets its fake's date from ``fallback_birth_dates``: the
    date inside the person's other fake id when there is one (so the person keeps one birth
    date), else the person's own birth date moved by the person's keyed shift.
    """
    distinct = (
        found.with_columns(normalise_id(pl.col("raw")).alias("norm"))
        .drop_nulls("norm")
        .group_by("norm")
        .agg(pl.col("fallback").min().alias("birth"))
        .sort("norm")
    )
    if persons is not None and seeds is not None:
        shifts = seeds.select("entity", birth_shift_days(seeds["seed"]).alias("shift"))
        distinct = (
            distinct.with_columns(pl.concat_str([pl.lit("I:"), pl.col("norm")]).alias("node"))
            .join(persons.links, on="node", how="left", maintain_order="left")
            .join(shifts, on="entity", how="left", maintain_order="left")
            .with_columns(
                (pl.col("birth") + pl.duration(days=pl.col("shift").fill_null(0))).alias("fb")
            )
        )
    else:
        distinct = distinct.with_columns(pl.col("birth").alias("fb"), pl.lit(None).alias("entity"))
    mapper = keys.id_mapper(style)
    mapped = mapper.map_person_ids(distinct["norm"], fallback_birth_dates=distinct["fb"])
    table = distinct.select("norm", "entity", "fb").with_columns(
        mapped["kind"], mapped["fake"], mapped["fake_birth_date"]
    )
    malformed = table.filter(pl.col("kind") == "malformed")
    if persons is not None and malformed.height:
        dated = (
            table.filter((pl.col("kind") != "malformed") & pl.col("fake_birth_date").is_not_null())
            .group_by("entity")
            .agg(pl.col("fake_birth_date").min().alias("id_birth"))
        )
        better = table.join(dated, on="entity", how="left", maintain_order="left").select(
            pl.when(pl.col("kind") == "malformed")
            .then(pl.coalesce("id_birth", "fb"))
            .otherwise(pl.col("fb"))
            .alias("fb")
        )["fb"]
        if not better.equals(table["fb"], check_names=False):
            mapped = mapper.map_person_ids(distinct["norm"], fallback_birth_dates=better)
            table = table.with_columns(mapped["kind"], mapped["fake"], mapped["fake_birth_date"])
    return table.select("norm", "kind", "fake", "fake_birth_date")


def _female_from_fake(fake: pl.Expr, birth: pl.Expr) -> pl.Expr:
    """Even 9th digit = female, for fakes that encode a date (fnr, D, H, synthetic)."""
    return pl.when(birth.is_not_null()).then(fake.str.slice(8, 1).cast(pl.Int8) % 2 == 0)


def _entity_table(
    plan: Plan,
    name: EntityName,
    spec: EntitySpec,
    rows: pl.DataFrame,
    index: EntityIndex,
    seeds: pl.DataFrame,
    tables: Tables,
) -> EntityTable:
    node = node_column(spec)
    rows = rows.with_columns(deciding_node(spec)).join(
        index.links.rename({"node": node}), on=node, how="left"
    )
    aggs: list[pl.Expr] = []
    if name == "person":
        rows, dated = _with_id_birth(plan, spec, rows, tables)
        aggs += (
            [
                pl.col(f"{PREFIX}female").min().alias("female"),
                pl.col(f"{PREFIX}id_birth").min().alias("birth_id"),
            ]
            if dated
            else []
        )
        if spec.birth_date:
            aggs.append(pl.col(f"{PREFIX}birth").min().alias("birth_base"))
    # Each entity's own original of every faked field, so no fake equals its original.
    originals = _entity_originals(plan, name, rows)
    aggs += [pl.col(column).drop_nulls().min().alias(f"avoid_{f}") for f, column in originals]
    entities = seeds
    if aggs:
        entities = seeds.join(
            rows.drop_nulls("entity").group_by("entity").agg(aggs), on="entity", how="left"
        ).sort("entity")
    female = entities["female"] if "female" in entities.columns else None
    fields = plan.entity_fields.get(name, frozenset())
    avoid = {f: entities[f"avoid_{f}"] for f, _ in originals}
    fakes = fake_fields(name, entities["seed"], fields, female, avoid)
    entities = entities.drop("seed", *[f"avoid_{f}" for f, _ in originals])
    table = pl.concat([entities, fakes], how="horizontal")
    keep = [c for c in table.columns if c not in ("entity", "female")]
    by_hash = rows.select(hash_column(spec), "entity").unique(hash_column(spec))
    nodes = by_hash.join(table, on="entity", how="left").select(
        pl.col(hash_column(spec)),
        *[pl.col(c).alias(field_column(name, c)) for c in keep],
        pl.col("entity").alias(field_column(name, "entity")),
    )
    return EntityTable(spec, index, nodes)


def _entity_originals(plan: Plan, name: EntityName, rows: pl.DataFrame) -> list[tuple[str, str]]:
    """(field, column) for every field of this entity some column is washed into."""
    found: dict[str, str] = {}
    for column, transform in plan.transforms.items():
        wanted = transform.entity_fields(plan.rules.columns[column])
        if wanted is None or wanted[0] != name or column not in rows.columns:
            continue
        for f in wanted[1]:
            if f in ("first", "last", "full", "address", "name"):
                found.setdefault(f, column)
    return sorted(found.items())


def _with_id_birth(
    plan: Plan, spec: EntitySpec, rows: pl.DataFrame, tables: Tables
) -> tuple[pl.DataFrame, bool]:
    """Add each row's fake-id birth date and gender (first dated id wins)."""
    id_names, _, _ = node_columns(spec)
    births, females = [], []
    for column, node_name in zip(spec.ids, id_names, strict=True):
        style = plan.id_styles.get(column)
        if style is None or style not in tables.ids:
            continue
        table = tables.ids[style].select(
            pl.concat_str([pl.lit("I:"), pl.col("norm")]).alias(node_name),
            pl.col("fake").alias(f"{node_name}_fake"),
            pl.col("fake_birth_date").alias(f"{node_name}_birth"),
        )
        rows = rows.join(table, on=node_name, how="left")
        births.append(pl.col(f"{node_name}_birth"))
        females.append(_female_from_fake(pl.col(f"{node_name}_fake"), pl.col(f"{node_name}_birth")))
    if not births:
        return rows, False
    return rows.with_columns(
        pl.coalesce(births).alias(f"{PREFIX}id_birth"),
        pl.coalesce(females).alias(f"{PREFIX}female"),
    ), True


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
    """Each international phone's number without its country code, and its fake's.

    People write their own number without the country code (``ring 5901444499`` for
    ``+905901444499``); a fake keeps the country code, so the pair turns the short form into
    the fake's short form.
    """
    digits = phones.filter(pl.col("orig").str.contains(r"^\s*(\+|00)")).select(
        pl.col("orig").str.replace_all(r"\D", "").str.strip_prefix("00").alias("o"),
        pl.col("fake").str.replace_all(r"\D", "").str.strip_prefix("00").alias("f"),
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


def _tokens(text: pl.Expr) -> pl.Expr:
    """Lower-case runs of letters and digits (how free text and originals are matched up)."""
    return text.str.to_lowercase().str.extract_all(r"[\p{L}\p{N}]+")


def _known(
    plan: Plan,
    specs: Mapping[EntityName, EntitySpec],
    raw_columns: Mapping[EntityName, list[str]],
    results: Mapping[str, pl.DataFrame],
    tables: Tables,
    tokens: pl.DataFrame,
) -> list[tuple[pl.Series, pl.Series]]:
    """(original, fake) pairs of the whole run that the run's free text may mention.

    Only originals whose first word occurs somewhere in the free text are kept: the scrub's
    search for them is built per call, and millions of originals that no text mentions
    would cost seconds for nothing.
    """
    pairs: list[tuple[pl.Series, pl.Series]] = []

    def add(frame: pl.DataFrame) -> None:
        clean = (
            frame.drop_nulls()
            .filter(
                pl.col("orig")
                .str.to_lowercase()
                .str.extract(r"([\p{L}\p{N}]+)", 1)
                .is_in(tokens["token"].implode())
            )
            .filter(
                (pl.col("orig").str.strip_chars().str.len_chars() > 1)
                & (pl.col("orig") != pl.col("fake"))
            )
            .group_by("orig")
            .agg(pl.col("fake").min())
            .sort("orig")
        )
        if clean.height:
            pairs.append((clean["orig"], clean["fake"]))

    for name, spec in specs.items():
        table = tables.entities[name]
        rows = results[f"entity:{name}"].join(table.nodes, on=hash_column(spec), how="left")
        for column in raw_columns[name]:
            rule = plan.rules.columns[column]
            wanted = plan.transforms[column].entity_fields(rule)
            assert wanted is not None
            for f in wanted[1]:
                if f == "email":
                    # The scrub finds e-mails itself (the row's own gets its column's fake)
                    continue
                fake_col = field_column(name, f)
                if fake_col in rows.columns and rows.schema[fake_col] == pl.String:
                    add(
                        rows.select(
                            pl.col(column).alias("orig"),
                            pl.col(fake_col).alias("fake"),
                        )
                    )
    for domain_name, (_, cols) in plan.domains.items():
        if not any(plan.rules.columns[c].category in IDENTIFYING for c in cols):
            continue
        if domain_name == "phone":
            # The scrub finds phone numbers itself and fakes them with the same key; what
            # it cannot recognise is an international number written without its code.
            add(_national_numbers(tables.values[domain_name]))
        else:
            add(tables.values[domain_name])
    for style, id_table in tables.ids.items():
        # 11-digit numbers are found by the scrub's own detector; the rest (passports,
        # malformed values) only by name, as written and as normalised.
        odd = id_table.filter(~pl.col("norm").str.contains(r"^[0-9]{11}$"))
        add(odd.select(pl.col("norm").alias("orig"), "fake"))
        raw = (
            results[f"ids:{style}"]
            .select("raw", normalise_id(pl.col("raw")).alias("norm"))
            .join(odd, on="norm", how="inner")
        )
        add(raw.select(pl.col("raw").alias("orig"), "fake"))
    return pairs


__all__ = ["EntityTable", "Tables", "build_tables", "field_column"]
