"""One entity's fake table: its key values (hashed) -> entity -> fake fields.

The rows of an entity (person, employer) carry their key values and the entity each belongs
to (:class:`~washer.persons.EntityIndex`); this draws one set of fakes per entity from its
keyed seed (names, e-mail, address, birth data), draws again where a fake equals an original
of any of its rows, and keys the result by the rows' key hash, which the row pass joins on.
A person's birth date and gender come from its fake id where it has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.entities import fake_fields
from washer.fakes.addresses import ADDRESS_NUMBER, Numbered
from washer.fakes.keyed import derive_seeds
from washer.fakes.names import (
    NO_NUMBER,
    POOL_AT,
    Avoided,
    last_numbers,
    normalize_name,
    pool_normal,
    positions_in,
    same_names,
    shares_a_word,
    word_sharing,
)
from washer.fullnames import WORDS, clashing_full_names
from washer.persons import (
    PREFIX,
    EntityIndex,
    deciding_node,
    field_column,
    hash_column,
    node_column,
    node_columns,
)
from washer.plan import Plan
from washer.rules.model import EntityName, EntitySpec


@dataclass
class EntityTable:
    """Raw key values (hashed) -> entity -> fake fields, for one kind of entity."""

    spec: EntitySpec
    index: EntityIndex
    nodes: pl.DataFrame  # key hash column + fields prefixed __washer_<entity>_f_<field>


def _female_from_fake(fake: pl.Expr, birth: pl.Expr) -> pl.Expr:
    """Even 9th digit = female, for fakes that encode a date (fnr, D, H, synthetic)."""
    return pl.when(birth.is_not_null()).then(fake.str.slice(8, 1).cast(pl.Int8) % 2 == 0)


def entity_table(
    plan: Plan,
    name: EntityName,
    spec: EntitySpec,
    rows: pl.DataFrame,
    index: EntityIndex,
    seeds: pl.DataFrame,
    ids: Mapping[str, pl.DataFrame],
    taken: pl.Series | None = None,
) -> EntityTable:
    """The entity's fakes by key hash (``ids``: the run's id tables by style, whose fakes
    give a person its birth date and gender); ``taken``: the run's original full names,
    normalised (:mod:`washer.fullnames`), which no fake full name may be."""
    node = node_column(spec)
    # Entities by position in ``seeds`` (one per label of ``index.entities()``, in its sorted
    # order): the groupings and joins below then hash integers, not labels.
    links = index.positions().select(pl.col("node").alias(node), pl.col("at").alias(_AT))
    # Each entity's own original of every faked field, so no fake equals its original.
    originals = _entity_originals(plan, name, rows)
    # Only the columns read below go through the joins, not every column of the rows.
    id_names, nk_name, contact_names = node_columns(spec)
    deciders = [*id_names, nk_name, *contact_names]
    birth = [f"{PREFIX}birth"] if name == "person" and spec.birth_date else []
    kept = [hash_column(spec), *deciders, *dict.fromkeys(c for _, c in originals), *birth]
    rows = rows.select(kept).with_columns(deciding_node(spec)).join(links, on=node, how="left")
    aggs: list[pl.Expr] = []
    if name == "person":
        rows, dated = _with_id_birth(plan, spec, rows, ids)
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
    rows = rows.drop(node, *deciders)  # what decided each row's entity
    # An original's least value by its dense rank among the column's sorted distinct values:
    # the group-by then takes the least of integers, not strings.
    ranked = {f: rows[c].drop_nulls().unique().sort() for f, c in originals}
    rows = rows.hstack([_ranks(rows[c], ranked[f]).alias(_rank(f)) for f, c in originals])
    aggs += [pl.col(_rank(f)).min().alias(f"avoid_{f}") for f, _ in originals]
    entities = seeds
    if aggs:
        # The seeds come sorted by entity (EntityIndex.entities) and keep their order.
        # Lazily: only the columns the aggregations read are filtered, not every row column.
        found = rows.lazy().drop_nulls(_AT).group_by(_AT).agg(aggs).collect()
        entities = seeds.hstack(_by_position(found, seeds.height))
    female = entities["female"] if "female" in entities.columns else None
    fields = plan.entity_fields.get(name, frozenset())
    # What the fakes and the clash rounds compare the originals by (a name's normal form, an
    # address's last number), once per distinct original.
    distinct = {f: _Distinct.of(f, ranked[f]) for f, _ in originals}
    avoid = {f: _avoided(f, distinct[f], entities[f"avoid_{f}"]) for f, _ in originals}
    # With the names in word form where the clash rounds compare full names made of them.
    words = taken is not None and (name == "person" or "full" not in fields)
    # A person's addresses with their house numbers, as the clash rounds compare them.
    numbers = name == "person"
    fakes = fake_fields(name, entities["seed"], fields, female, avoid, words=words, numbers=numbers)
    # Each entity's originals, by rank (integers): the clash rounds look up what they compare
    # them by in the distinct originals (_Distinct), computed once. Not made distinct: the
    # rows are distinct key values, whose originals nearly all differ (a repeat costs one
    # more check, a unique() of them all more than that).
    pairs = rows.select(_AT, *[_rank(f) for f, _ in originals]).drop_nulls(_AT)
    fakes = _redraw_clashes(
        name, pairs, entities, fakes, distinct, fields, female, avoid, taken, words, numbers
    )
    fakes = fakes.drop(*WORDS.values(), *POOL_AT.values(), ADDRESS_NUMBER, strict=False)
    entities = entities.drop("seed", *[f"avoid_{f}" for f in distinct])
    table = pl.concat([entities, fakes], how="horizontal")
    keep = [c for c in table.columns if c not in ("entity", "female")]
    by_hash = rows.select(hash_column(spec), _AT).unique(hash_column(spec))
    # Each key hash's entity by position (a gather, not a join on it); null for none.
    fields_of = table.select(pl.col(c).alias(field_column(name, c)) for c in keep)
    nodes = by_hash.select(hash_column(spec)).hstack(fields_of[by_hash[_AT]])
    return EntityTable(spec, index, nodes)


def _ranks(values: pl.Series, ranked: pl.Series) -> pl.Series:
    """Each value's position in ``ranked`` (its sorted distinct values) as UInt32, null where
    null: a lookup of ``values`` alone, not a join carrying every column of the rows."""
    positions = pl.int_range(len(ranked), dtype=pl.UInt32, eager=True)
    return values.replace_strict(ranked, positions, default=None, return_dtype=pl.UInt32)


def _by_position(found: pl.DataFrame, height: int) -> list[pl.Series]:
    """The columns of ``found`` (one row per entity position ``at``, unique) laid out by
    position over ``height`` entities, null where ``found`` has none: what a left join of
    the positions on ``at`` gives, by scatter."""
    at = found[_AT]
    return [
        pl.repeat(None, height, dtype=found.schema[c], eager=True).alias(c).scatter(at, found[c])
        for c in found.columns
        if c != _AT
    ]


# Rounds of redraws. A fake that equals an original of its own rows rarely needs more than
# one; a fake full name that is some original full name of the run (an eighth of the fakes
# of a run whose travellers' names come from Faker's lists, as the pools' do) may need
# several, but each round draws again only those that clash, so rounds shrink
# geometrically. The first _SAME_LOCALE rounds keep the fake's locale.
_REDRAWS = 64
_SAME_LOCALE = 2
_NAME_FIELDS = frozenset({"first", "last", "full", "email"})  # what a full name decides
_AT = "at"  # an entity's position in the sorted labels (and its seed's)
_CODED_FROM = 20_000  # pairs from which coding names by form (word_sharing) pays
_MOSTLY_DISTINCT = 0.25  # distinct fakes per fake above which it does not


def _rank(field: str) -> str:
    """The column of an original's rank among its column's sorted distinct values."""
    return f"{PREFIX}rank_{field}"


@dataclass(frozen=True)
class _Distinct:
    """An original field's sorted distinct values (indexed by rank), with what the clash
    rounds compare them by: a name's normal form, an address's last number."""

    values: pl.Series
    normal: pl.Series | None
    numbers: npt.NDArray[np.uint64] | None

    @staticmethod
    def of(field: str, values: pl.Series) -> _Distinct:
        if field == "address":
            return _Distinct(values, None, last_numbers(values))
        return _Distinct(values, normalize_name(values), None)


def _avoided(field: str, distinct: _Distinct, rank: pl.Series) -> pl.Series | Avoided | Numbered:
    """Each entity's original of ``field`` (``rank``: its rank among the distinct originals,
    null where it has none): a first or last name as its normal form's index, an address
    with its last number (the fakes then need not find these again), anything else as
    written."""
    if field in ("first", "last") and distinct.normal is not None:
        return Avoided(distinct.normal, rank.cast(pl.Int64).fill_null(-1).to_numpy())
    values = distinct.values.gather(rank)
    if distinct.numbers is not None:
        known = rank.is_not_null().to_numpy()
        at = rank.cast(pl.Int64).fill_null(0).to_numpy()
        numbers = distinct.numbers[at] if len(distinct.numbers) else np.zeros(len(at), np.uint64)
        return Numbered(values, np.where(known, numbers, NO_NUMBER))
    return values


def _redraw_clashes(
    name: EntityName,
    pairs: pl.DataFrame,
    entities: pl.DataFrame,
    fakes: pl.DataFrame,
    originals: Mapping[str, _Distinct],
    fields: frozenset[str],
    female: pl.Series | None,
    avoid: dict[str, pl.Series | Avoided | Numbered],
    taken: pl.Series | None,
    words: bool = False,
    numbers: bool = False,
) -> pl.DataFrame:
    """Fakes drawn again for entities whose fake name or address equals an original of *any*
    of their rows (``pairs``: entity position and the rank of each original, indexing the
    distinct ``originals`` of its field; ``avoid`` holds only one original each, and an
    employer may have several contact persons): all their fakes from a fresh keyed seed.
    And for entities whose fake full name is or holds one of ``taken`` (the run's original
    full names in word form, :mod:`washer.fullnames`): names (and e-mail) from a fresh
    seed, in the locale of the first draw for the first rounds (a Norwegian fake stays
    Norwegian), then in any. The birth shift keeps its first seed, which the id tables have
    already used. ``words``: the fakes come with their names in word form (as fake_fields
    gives them), and the new draws must too; ``numbers``: the addresses with their last
    numbers (column ADDRESS_NUMBER), and the new draws too."""
    redrawn = fields - {"birth"}
    if not redrawn or (not originals and taken is None):
        return fakes
    rounds = _Rounds(name, entities, fields, female, avoid, taken, originals, words, numbers)
    everyone = np.arange(fakes.height)
    own, same = rounds.clashes(pairs, fakes, everyone)
    clash = np.union1d(own, same)
    if len(clash) == 0:
        return fakes
    pairs = pairs.filter(pl.col(_AT).is_in(pl.Series(clash).implode()))
    chains = _Chains(
        clash,
        np.zeros(len(clash), dtype=np.int64),
        np.isin(clash, own, assume_unique=True),
        entities["seed"].gather(clash),
        fakes[clash],
    )
    # Redrawn entities that clash no more, and their final fakes: written into ``fakes``
    # once at the end, not column by column every round.
    done: list[tuple[npt.NDArray[np.int64], pl.DataFrame]] = []
    while len(chains.at):
        chains, final = rounds.advance(chains, pairs)
        done.append(final)
        pairs = pairs.filter(pl.col(_AT).is_in(pl.Series(chains.at).implode()))
    at = np.concatenate([positions for positions, _ in done])
    drawn = pl.concat([frame for _, frame in done])
    return fakes.with_columns(fakes[c].scatter(at, drawn[c]) for c in fakes.columns)


# Redraws drawn and checked at once, by how many entities still clash: each round costs a
# fixed ~30 ms (the fakes' and checks' polars calls), so the last few entities of the
# rounds (an employer's contact may clash eight times running) draw several rounds
# ahead. A round drawn ahead for an entity that stops clashing earlier is wasted, cheap
# where the entities are few. It never changes a fake: each entity's redraws depend on
# its own seed and checks only.
_AHEAD = ((1024, 8), (8192, 4))


def _rounds_ahead(entities: int) -> int:
    return next((ahead for most, ahead in _AHEAD if entities <= most), 1)


# How a fake clashes: not at all, with an original of its own, or only by a taken full name.
_NONE, _OWN, _TAKEN = 0, 1, 2


def _clash_kinds(
    own: npt.NDArray[np.int64], same: npt.NDArray[np.int64], count: int
) -> npt.NDArray[np.int8]:
    """Per fake of ``count``: how it clashes (an own clash counts before a taken name)."""
    kinds = np.full(count, _NONE, dtype=np.int8)
    kinds[same] = _TAKEN
    kinds[own] = _OWN
    return kinds


def _stops(
    kinds: npt.NDArray[np.int8], rounds: npt.NDArray[np.int64], chain: npt.NDArray[np.int8]
) -> npt.NDArray[np.int64]:
    """Per entity (column; row k: its redraw k + 1 drawn ahead, as its last clash
    ``chain`` asked): the first redraw that clashes otherwise than ``chain`` (or not at
    all), or is of the last round, else the last drawn. Those after it were drawn as
    ``chain`` asked, not as that redraw's clash asks: not the entity's."""
    stop = (kinds != chain) | (rounds >= _REDRAWS)
    stop[-1] = True
    step: npt.NDArray[np.int64] = np.argmax(stop, axis=0)
    return step


@dataclass(frozen=True)
class _Chains:
    """The entities whose fakes still clash, each with its redraws so far."""

    at: npt.NDArray[np.int64]  # entity positions
    draws: npt.NDArray[np.int64]  # redraws made (the round of the last)
    own: npt.NDArray[np.bool_]  # last clash: with its own original (else a taken full name)
    seeds: pl.Series  # the seeds of the last redraws
    current: pl.DataFrame  # the fakes as last drawn (a row each)


@dataclass(frozen=True)
class _Rounds:
    """What every clash round of :func:`_redraw_clashes` draws and checks with."""

    name: EntityName
    entities: pl.DataFrame
    fields: frozenset[str]
    female: pl.Series | None
    avoid: dict[str, pl.Series | Avoided | Numbered]
    taken: pl.Series | None
    originals: Mapping[str, _Distinct]
    words: bool
    numbers: bool

    @property
    def redrawn(self) -> frozenset[str]:
        return self.fields - {"birth"}

    @property
    def named(self) -> frozenset[str]:
        return self.redrawn & _NAME_FIELDS

    def clashes(
        self, pairs: pl.DataFrame, fakes: pl.DataFrame, todo: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Of ``todo`` (sorted; ``fakes`` theirs): those whose fake equals an original of
        their own ``pairs``, and those whose fake full name is taken."""
        own = _own_clashes(pairs, fakes, todo, self.originals)
        same = todo[:0]
        if self.taken is not None and self.named:
            clashing = clashing_full_names(self.name, fakes, self.taken)
            if clashing is not None:
                same = todo[clashing]
        return own, same

    def advance(
        self, chains: _Chains, pairs: pl.DataFrame
    ) -> tuple[_Chains, tuple[npt.NDArray[np.int64], pl.DataFrame]]:
        """The next rounds' redraws of ``chains`` (as many as :func:`_rounds_ahead`, all
        drawn and checked at once), followed for each entity while it clashes as before:
        the chains that still clash after, and the entities done with their final fakes.
        An entity's redraws are drawn ahead as its last clash asks (all fields, or the
        names only); where a redraw clashes otherwise, or not at all, the later ones go
        unused. The last round's redraws (_REDRAWS) are final, unchecked."""
        n = len(chains.at)
        ahead = min(_rounds_ahead(n), _REDRAWS - int(chains.draws.max()))
        seeds, rounds = self._seeds_ahead(chains, ahead)
        drawn = self._draw(chains, seeds, rounds, ahead)
        # Checked as ``ahead * n`` entities of their own (row ``k * n + i``: entity i's
        # redraw k + 1), each with the pairs of its entity.
        virtual = pl.DataFrame(
            {_AT: np.tile(chains.at, ahead), "v": np.arange(ahead * n, dtype=np.int64)}
        ).with_columns(pl.col(_AT).cast(pairs.schema[_AT]))
        virtual_pairs = pairs.join(virtual, on=_AT).drop(_AT).rename({"v": _AT})
        own, same = self.clashes(virtual_pairs, drawn, np.arange(ahead * n))
        kinds = _clash_kinds(own, same, ahead * n).reshape(ahead, n)
        rounds = rounds.reshape(ahead, n)
        step = _stops(kinds, rounds, np.where(chains.own, _OWN, _TAKEN).astype(np.int8))
        entity = np.arange(n)
        last, round_ = kinds[step, entity], rounds[step, entity]
        final = (last == _NONE) | (round_ >= _REDRAWS)
        going = ~final
        pick = step * n + entity
        kept = drawn[pick]
        following = _Chains(
            chains.at[going],
            round_[going],
            (last == _OWN)[going],
            seeds.gather(pick[going]),
            kept.filter(pl.Series(going)),
        )
        return following, (chains.at[final], kept.filter(pl.Series(final)))

    def _seeds_ahead(self, chains: _Chains, ahead: int) -> tuple[pl.Series, npt.NDArray[np.int64]]:
        """The seeds of the next ``ahead`` redraws of each chain, and their rounds (redraw
        k + 1 of entity i at ``k * n + i``): each from the one before, salted by its round."""
        seeds = [chains.seeds]
        rounds = [chains.draws]
        for _ in range(ahead):
            before, round_ = seeds[-1], rounds[-1] + 1
            after = before.clone()  # scatter writes in place
            for r in np.unique(round_):
                at = np.flatnonzero(round_ == r)
                after.scatter(at, derive_seeds(before.gather(at), f"redraw/{int(r)}"))
            seeds.append(after)
            rounds.append(round_)
        return pl.concat(seeds[1:]), np.concatenate(rounds[1:])

    def _draw(
        self, chains: _Chains, seeds: pl.Series, rounds: npt.NDArray[np.int64], ahead: int
    ) -> pl.DataFrame:
        """The chains' fakes after each of their next redraws (row ``k * n + i``: entity
        i's after redraw k + 1): all fields where the last clash was with an own original,
        the names only (in the first locale for the first rounds) where it was a taken
        full name; the other fields stay as last drawn."""
        n = len(chains.at)
        entity = np.tile(chains.at, ahead)
        own = np.tile(chains.own, ahead)
        drawn = chains.current[np.tile(np.arange(n), ahead)]
        for rows, wanted, names_only in ((own, self.redrawn, False), (~own, self.named, True)):
            at = np.flatnonzero(rows)
            if len(at) == 0:
                continue
            of = entity[at]
            fresh = fake_fields(
                self.name,
                seeds.gather(at),
                wanted,
                self.female.gather(of) if self.female is not None else None,
                {f: a.gather(of) for f, a in self.avoid.items()},
                locale_of=self._locale_of(seeds.gather(at), of, rounds[at]) if names_only else None,
                words=self.words,
                numbers=self.numbers,
            )
            drawn = drawn.with_columns(
                drawn[c].scatter(at, fresh[c]) for c in fresh.columns if c in drawn.columns
            )
        return drawn

    def _locale_of(
        self, seeds: pl.Series, entity: npt.NDArray[np.int64], rounds: npt.NDArray[np.int64]
    ) -> pl.Series | None:
        """Whose locale the names of a redraw keep: the first draw's in the first rounds,
        else their own (what no ``locale_of`` gives: a name's locale comes from its own
        seed then), so that one call draws the names of every round."""
        local = rounds <= _SAME_LOCALE
        if not local.any():
            return None
        first = self.entities["seed"].gather(entity)
        return pl.select(pl.when(pl.Series(local)).then(first).otherwise(seeds)).to_series()


def _own_clashes(
    pairs: pl.DataFrame,
    fakes: pl.DataFrame,
    todo: npt.NDArray[np.int64],
    originals: Mapping[str, _Distinct],
) -> npt.NDArray[np.int64]:
    """The positions (sorted) of the entities whose fake equals an original of their rows
    (for a name: shares a word with one). ``pairs``: entity position and rank of each
    original, for entities among ``todo`` (sorted) only; ``fakes``: those of ``todo``."""
    at = pairs[_AT].cast(pl.Int64).to_numpy()
    # Each pair's row in ``fakes`` (``todo`` is every entity at first: no search then).
    whole = len(todo) == 0 or todo[-1] == len(todo) - 1
    local = at if whole else np.searchsorted(todo, at)
    same = np.zeros(pairs.height, dtype=np.bool_)
    for f, distinct in originals.items():
        if len(distinct.values) == 0:
            continue  # no original to equal
        rank = pairs[_rank(f)]
        fake = fakes[f]
        if distinct.numbers is not None:
            # Only pairs whose last numbers agree can be the same address.
            known = rank.is_not_null().to_numpy()
            ranks = rank.fill_null(0).to_numpy()
            drawn = (
                fakes[ADDRESS_NUMBER].to_numpy()
                if ADDRESS_NUMBER in fakes.columns
                else last_numbers(fake)
            )
            maybe = known & (drawn[local] == distinct.numbers[ranks])
            rows = np.flatnonzero(maybe)
            if len(rows):
                original = distinct.values.gather(ranks[rows])
                equal = same_names(fake.gather(local[rows]), original, numbered=True)
                same[rows] |= equal.to_numpy()
        elif (
            f in POOL_AT
            and POOL_AT[f] in fakes.columns
            and distinct.normal is not None
            and len(local) >= _CODED_FROM
        ):
            # As below, coded by the fakes' index in their pool (where the pairs are many):
            # the fakes need not be found and normalised again.
            shares = word_sharing(pool_normal(f), distinct.normal)
            codes = rank.cast(pl.Int64).fill_null(-1).to_numpy()
            same |= shares(fakes[POOL_AT[f]].to_numpy()[local], codes)
        elif f in _NAME_FIELDS and distinct.normal is not None:
            # A fake person's name shows no word of an original (Olav for Per Olav).
            same |= _shared_words(fake, local, distinct.normal, rank)
        else:
            wanted = None if distinct.normal is None else distinct.normal.gather(rank)
            original = distinct.values.gather(rank)
            same |= same_names(fake.gather(local), original, b_normal=wanted).to_numpy()
    found: npt.NDArray[np.int64] = np.unique(at[same])
    return found


def _shared_words(
    fakes: pl.Series, local: npt.NDArray[np.int64], normal: pl.Series, rank: pl.Series
) -> npt.NDArray[np.bool_]:
    """Per pair: whether ``normalize_name(fakes[local])`` and ``normal[rank]`` (``normal``:
    the distinct originals' normal forms) share a word (:func:`shares_a_word`), each
    distinct fake normalised once (:func:`word_sharing`) where there are many."""
    values = fakes.drop_nulls().unique()
    if len(local) < _CODED_FROM or len(values) > _MOSTLY_DISTINCT * len(fakes):
        # Few pairs, or fakes mostly distinct (contact persons' full names): coding them
        # would cost more than it saves.
        normal_fakes = normalize_name(fakes).gather(local)
        return shares_a_word(normal_fakes, normal.gather(rank))
    shares = word_sharing(normalize_name(values), normal)
    return shares(positions_in(fakes, values)[local], rank.cast(pl.Int64).fill_null(-1).to_numpy())


def _entity_originals(plan: Plan, name: EntityName, rows: pl.DataFrame) -> list[tuple[str, str]]:
    """(field, column) for every field of this entity some column is washed into."""
    found: dict[str, str] = {}
    for column in plan.transforms:
        transform, rule = plan.faking(column)
        wanted = transform.entity_fields(rule)
        if wanted is None or wanted[0] != name or column not in rows.columns:
            continue
        for f in wanted[1]:
            if f in ("first", "last", "full", "address", "name"):
                found.setdefault(f, column)
    return sorted(found.items())


def _with_id_birth(
    plan: Plan, spec: EntitySpec, rows: pl.DataFrame, ids: Mapping[str, pl.DataFrame]
) -> tuple[pl.DataFrame, bool]:
    """Add each row's fake-id birth date and gender (first dated id wins)."""
    id_names, _, _ = node_columns(spec)
    # style -> id node, birth, female (dated ids only: an undated one decides nothing): the
    # gender is read from each fake once per style, not once per row and id column.
    by_node: dict[str, pl.DataFrame] = {}
    # style -> (row, id column number, node) of the rows' ids: one join per style, not one
    # per id column.
    looked: dict[str, list[pl.DataFrame]] = {}
    numbered = pl.DataFrame({_ROW: pl.int_range(rows.height, dtype=pl.UInt32, eager=True)})
    for k, (column, node_name) in enumerate(zip(spec.ids, id_names, strict=True)):
        style = plan.id_styles.get(column)
        if style is None or style not in ids:
            continue
        if style not in by_node:
            by_node[style] = (
                ids[style]
                .select(
                    pl.concat_str([pl.lit("I:"), pl.col("norm")]).alias("node"),
                    pl.col("fake_birth_date").alias("birth"),
                    _female_from_fake(pl.col("fake"), pl.col("fake_birth_date")).alias("female"),
                )
                .filter(pl.col("birth").is_not_null() | pl.col("female").is_not_null())
            )
        of_column = numbered.with_columns(pl.lit(k, dtype=pl.UInt32).alias("k"), rows[node_name])
        looked.setdefault(style, []).append(
            of_column.drop_nulls(node_name).rename({node_name: "node"})
        )
    if not by_node:
        return rows, False
    # In id column order (stable: a style's joins keep it in row order within a column).
    joined = [
        pl.concat(parts).join(by_node[style], on="node", maintain_order="left")
        for style, parts in looked.items()
    ]
    found = pl.concat(joined).sort("k", maintain_order=True)
    return rows.hstack(
        [
            _first_per_row(found, "birth", rows.height).alias(f"{PREFIX}id_birth"),
            _first_per_row(found, "female", rows.height).alias(f"{PREFIX}female"),
        ]
    ), True


_ROW = "row"  # a row's position in the rows of an entity table


def _first_per_row(found: pl.DataFrame, column: str, height: int) -> pl.Series:
    """Per row (of ``height``): the first non-null ``column`` of its entries in ``found``
    (``row``, ``k``: the id column, sorted by it; a row at most once per id column), null
    where it has none: what a coalesce of the id columns' values gives."""
    out = pl.repeat(None, height, dtype=found.schema[column], eager=True)
    known = found.filter(pl.col(column).is_not_null())
    ks = known["k"]
    # The last id column first: an earlier one's value then overwrites it.
    for k in reversed(ks.unique().sort().to_list()):
        start, end = ks.search_sorted(k, "left"), ks.search_sorted(k, "right")
        part = known.slice(start, end - start)
        out = out.scatter(part[_ROW], part[column])
    return out


__all__ = ["EntityTable", "entity_table"]
