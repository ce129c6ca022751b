"""The clash rounds of an entity table: fakes drawn again until they equal no original.

A fake name or address that equals an original of any of its entity's rows, or a fake full
name that is some original full name of the run, is drawn again from a fresh keyed seed,
round after round (:func:`_redraw_clashes`), each round checking only those that still
clash (:func:`_own_clashes`, :func:`~washer.fullnames.clashing_full_names`). Used by
:func:`washer.tables.entity_table.entity_table` on the fakes it first draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.fakes.addresses import ADDRESS_NUMBER, Numbered
from washer.fakes.keyed import derive_seeds
from washer.fakes.names import (
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
from washer.fullnames import clashing_full_names
from washer.rules.model import EntityName
from washer.tables.entities import fake_fields
from washer.tables.entity_originals import _Distinct, _rank

# Rounds of redraws. A fake that equals an original of its own rows rarely needs more than
# one; a fake full name that is some original full name of the run (an eighth of the fakes
# of a run whose travellers' names come from Faker's lists, as the pools' do) may need
# several, but each round draws again only those that clash, so rounds shrink
# geometrically. The first _SAME_LOCALE rounds keep the fake's locale.
_REDRAWS = 64
_SAME_LOCALE = 2
_NAME_FIELDS = frozenset({"first", "last", "full", "email"})  # what a full name decides
_AT = "at"  # an entity's position among the labels (and its seed's)
_CODED_FROM = 20_000  # pairs from which coding names by form (word_sharing) pays
_MOSTLY_DISTINCT = 0.25  # distinct fakes per fake above which it does not


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
    # Only the columns some redraw drew: the others (a person's addresses where only names
    # clashed, the birth shift always) are as first drawn.
    changed = [c for c in fakes.columns if c in rounds.drawn]
    return fakes.with_columns(fakes[c].scatter(at, drawn[c]) for c in changed)


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
    drawn: set[str] = field(default_factory=set)  # the columns of the fakes redrawn so far

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
                {f: a.gather(of) for f, a in self.avoid.items() if _avoided_by(f, wanted)},
                locale_of=self._locale_of(seeds.gather(at), of, rounds[at]) if names_only else None,
                words=self.words,
                numbers=self.numbers,
            )
            columns = [c for c in fresh.columns if c in drawn.columns]
            self.drawn.update(columns)
            drawn = drawn.with_columns(drawn[c].scatter(at, fresh[c]) for c in columns)
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


def _avoided_by(field: str, wanted: frozenset[str]) -> bool:
    """Whether drawing the ``wanted`` fields reads the originals ``field`` avoids: its own,
    and a first and last name's, which an e-mail or full name is drawn with. The names only
    of a redraw need not gather every entity's addresses (strings) to avoid."""
    return field in wanted or field in ("first", "last")


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


__all__: list[str] = []
