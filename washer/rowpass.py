"""Phase two of a wash: the row pass, one LazyFrame in, one LazyFrame out.

Per input: put the run tables' fakes beside the rows (:mod:`washer.beside`: the entity's
fakes, the id and value-domain tables); evaluate every column's transform as a polars
expression; then scrub free text with the row's own (original, fake) pairs; finally select
the output columns in input order. Everything is joins and column expressions over whole
columns; the only Python callback is the free-text scrub, which works on whole batches and is
declared elementwise so a streaming engine may run it per batch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.beside import (
    beside,
    chained,
    helper_joins,
    id_column,
    large_tables_columns,
    value_column,
)
from washer.categories import IDENTIFYING, Category
from washer.dates import parse_dates, strftime_days
from washer.fakes._textview import TextView
from washer.plan import Plan
from washer.rules.model import EntityName
from washer.tables import Tables
from washer.tables.idtables import PLACEHOLDER
from washer.tables.nodes import PREFIX, field_column, normalise_id
from washer.transforms import REGISTRY, PersonIdColumns, RunKeys
from washer.transforms.contact import PHONE_PURPOSE, fallback_emails
from washer.transforms.text import Scrub
from washer.written import STREET_WORD, street_abbreviated, street_numbered

# Transforms whose output is no fake of the row's own value (or, for reference codes, a value
# the scrub need not chase: a trip code is no personal data by itself).
_NO_OWN_PAIR = frozenset(
    {"keep", "drop", "null", "constant", "scrub", "event_date", "birth_date", "reference_code"}
)


def _out(column: str) -> str:
    return f"{PREFIX}out_{column}"


def _stand_in(column: str) -> str:
    """The shadow fake of a column whose rule writes none (:mod:`washer.shadows`)."""
    return f"{PREFIX}stand_in_{column}"


_SCRUBBED = f"{PREFIX}scrubbed"
_DIGITS = f"{PREFIX}text_digits"


def _written(i: int, side: str) -> str:
    return f"{PREFIX}written_{i}_{side}"


# The row's texts hold a word that reads as a street abbreviation or "nr." before a number
# (washer.written).
_SHORT = f"{PREFIX}text_street_short"


class _Context:
    """The :class:`~washer.transforms.RowContext` of one input."""

    def __init__(self, plan: Plan, tables: Tables, keys: RunKeys, columns: Sequence[str]):
        self.scrub_columns: list[str] = []
        self.plan = plan
        self.tables = tables
        self.keys = keys
        self.columns = tuple(columns)
        self.available = frozenset(columns)

    @property
    def offset_days(self) -> int:
        return self.tables.offset_days

    def entity_field(self, entity: EntityName, field: str) -> pl.Expr:
        table = self.tables.entities.get(entity)
        name = field_column(entity, field)
        if table is None or name not in table.nodes.columns:
            return pl.lit(None, dtype=pl.String)
        return pl.col(name)

    def value_fake(self, column: str) -> pl.Expr:
        return pl.col(value_column(column))

    def person_id(self, column: str) -> PersonIdColumns:
        return PersonIdColumns(
            pl.col(id_column(column, "fake")),
            pl.col(id_column(column, "kind")),
            pl.col(id_column(column, "birth")),
        )

    def birth_date(self, column: str) -> pl.Expr:
        person = self.plan.rules.entities.get("person")
        dated: list[pl.Expr] = []
        if person is not None:
            dated = [
                pl.col(id_column(c, "birth"))
                for c in person.ids
                if c in self.available and c in self.plan.id_styles
            ]
        table = self.tables.entities.get("person")
        columns = table.nodes.columns if table else []
        own = []
        if field_column("person", "birth_id") in columns:
            own.append(pl.col(field_column("person", "birth_id")))
        if field_column("person", "birth_base") in columns:
            shift = pl.duration(days=pl.col(field_column("person", "birth_shift")))
            own.append(pl.col(field_column("person", "birth_base")) + shift)
        candidates = [*dated, *own]
        return pl.coalesce(candidates) if candidates else pl.lit(None, dtype=pl.Date)

    def _fake_column(self, column: str) -> str | None:
        """The helper column holding the row's fake of ``column`` (its washed value, or its
        stand-in when its rule writes no fake); None when there is none."""
        if column in self.plan.shadows:
            return _stand_in(column)
        if self.plan.rules.columns[column].transform in _NO_OWN_PAIR:
            return None
        return _out(column)

    def stand_ins(self) -> list[pl.Expr]:
        """The shadow fakes of this input's columns (for the scrub only, never written)."""
        found = []
        for column, rule in self.plan.shadows.items():
            fake = REGISTRY[rule.transform].build(rule, self) if column in self.available else None
            if fake is not None:
                found.append(fake.alias(_stand_in(column)))
        return found

    def _own_value(self, column: str) -> pl.Expr:
        """A column's original as the row's own value for the scrub. A placeholder id
        (``0``, ``ukjent``) is none: the column keeps it, and the text is scrubbed as any
        other row's (its case kept; a number in it faked as the run's)."""
        style = self.plan.id_styles.get(column)
        if column not in self.available or style not in self.tables.raw_ids:
            return pl.col(column)
        kind = pl.col(id_column(column, "kind"))
        return pl.when(kind.ne_missing(PLACEHOLDER)).then(pl.col(column))

    def own_pairs(self, column: str) -> list[tuple[str, str]]:
        """(original column, fake column) of the row's identifying values."""
        pairs = []
        for other in self.columns:
            rule = self.plan.rules.columns[other]
            if other == column or rule.category not in IDENTIFYING:
                continue
            fake = self._fake_column(other)
            if fake is not None:
                pairs.append((other, fake))
        return pairs

    def _written_birth(self) -> str | None:
        """The person's birth-date column, when it is washed by a birth-date shift."""
        person = self.plan.rules.entities.get("person")
        birth = person.birth_date if person else None
        rule = self.plan.rules.columns.get(birth) if birth else None
        if birth and rule and birth in self.available and rule.transform == "birth_date":
            return birth
        return None

    def _written(self) -> list[tuple[pl.Expr, list[tuple[pl.Expr, pl.Expr]]]]:
        """(original, washed) of what people write of their own birth date, id and address in
        text: the date as ``15.08.1985``, ``15.08.85`` or ``150885`` (any separator), the five
        digits after an 11-digit id's date (``født 150885, pnr 45610``), and the street with
        its usual abbreviation (``Storgt. 12B``, ``Kirkevn. 3``) or with ``nr.`` before its
        number (``Storgata nr. 12``). Null where the row's texts cannot hold them: each group
        of pairs comes with the gate outside which all its pairs are null."""
        person = self.plan.rules.entities.get("person")
        if person is None:
            return []
        # Most rows' texts hold too few digits for a date or an id's digits: those rows get no
        # such pairs, so the scrub does not look for them (it would find nothing).
        return [
            (pl.col(_DIGITS) >= 5, self._written_numbers(person.ids)),
            (pl.col(_SHORT), self._written_streets()),
        ]

    def _written_numbers(self, ids: Sequence[str]) -> list[tuple[pl.Expr, pl.Expr]]:
        """The birth date's and the ids' pairs (null unless the texts hold five digits)."""
        digits = pl.col(_DIGITS)
        pairs: list[tuple[pl.Expr, pl.Expr]] = []
        birth = self._written_birth()
        if birth is not None:
            original = pl.when(digits >= 6).then(parse_dates(pl.col(birth)))
            washed = pl.when(digits >= 6).then(self.birth_date(birth))
            for form in ("%d.%m.%Y", "%d.%m.%y", "%d%m%y"):
                pairs.append((strftime_days(original, form), strftime_days(washed, form)))
        for column in ids:
            rule = self.plan.rules.columns.get(column)
            if column not in self.available or rule is None:
                continue
            fake_column = self._fake_column(column)
            if fake_column is None or rule.category != Category.PERSON_ID:
                continue
            # Ids as the column holds them, 11 characters (no separators: cheap on every row).
            number, fake = self._own_value(column), pl.col(fake_column)
            eleven = (digits >= 5) & (number.str.len_bytes() == 11) & (fake.str.len_bytes() == 11)
            pairs.append(
                (pl.when(eleven).then(number.str.slice(6)), pl.when(eleven).then(fake.str.slice(6)))
            )
        return pairs

    def _written_streets(self) -> list[tuple[pl.Expr, pl.Expr]]:
        """The addresses' pairs (null unless the texts hold a street word)."""
        pairs: list[tuple[pl.Expr, pl.Expr]] = []
        for column, washed_column in self.own_pairs(""):
            if self.plan.rules.columns[column].category == Category.ADDRESS:
                address_fake = pl.col(washed_column)
                short = street_abbreviated(pl.col(column))
                changed = pl.col(_SHORT) & (short != pl.col(column))
                pairs.append((pl.when(changed).then(short), pl.when(changed).then(address_fake)))
                # "Storgata nr. 12" (for "no." the run-wide pair of the address serves), only
                # in the rows whose texts have such a word. Its fake is the washed address as
                # it stands.
                numbered = street_numbered(pl.when(pl.col(_SHORT)).then(pl.col(column)), "nr")
                pairs.append((numbered, pl.when(numbered.is_not_null()).then(address_fake)))
        return pairs

    def written_forms(self) -> list[_Forms]:
        """The :meth:`_written` pairs as named columns, for :meth:`scrub_stage`: per group its
        gate and its (original, washed) columns, in pair order. The gates read the digits
        (``_DIGITS``) and street words (``_SHORT``) of the row's texts, which the scrub counts
        on the texts it reads anyway (:func:`text_gates`)."""
        forms: list[_Forms] = []
        i = 0
        for gate, group in self._written():
            columns: list[pl.Expr] = []
            for original, washed in group:
                columns += [original.alias(_written(i, "o")), washed.alias(_written(i, "f"))]
                i += 1
            if columns:
                forms.append((gate, columns))
        return forms

    def scrubbed(self, column: str) -> pl.Expr:
        self.scrub_columns.append(column)
        return pl.col(_SCRUBBED).struct.field(column)

    def scrub_stage(self, streaming: bool, written: list[_Forms] | None = None) -> pl.Expr:
        """All free-text columns scrubbed in one call, as a struct column.

        Stacking the columns means the scrub's global tables are set up once per batch rather
        than once per column; in memory the batch is the whole input. ``written``: the
        :meth:`written_forms`, computed inside the scrub on the rows their gates let through.
        """
        pairs = self.own_pairs("")
        ids = [
            i
            for i, (orig, _) in enumerate(pairs)
            if self.plan.rules.columns[orig].category == Category.PERSON_ID
        ]
        exprs = [(self._own_value(orig), pl.col(fake)) for orig, fake in pairs]
        fields = [pl.col(c).alias(f"t{j}") for j, c in enumerate(self.scrub_columns)]
        for i, (orig, fake) in enumerate(exprs):
            fields += [orig.alias(f"o{i}"), fake.alias(f"f{i}")]
        forms = written or []
        inputs = _form_inputs(forms)
        if inputs:
            fields.append(pl.struct([pl.col(name) for name in inputs]).alias(_FORM_INPUTS))
        names = list(self.scrub_columns)
        scrub = _scrubber(self.tables, self.keys, names, len(exprs), ids, forms)
        dtype = pl.Struct(dict.fromkeys(names, pl.String))
        return pl.struct(fields).map_batches(scrub, return_dtype=dtype, is_elementwise=streaming)


# A group of written forms: the gate (on _DIGITS and _SHORT) outside which all its columns are
# null, and its columns.
_Forms = tuple[pl.Expr, list[pl.Expr]]
# The scrub's struct field holding the input columns the written forms read.
_FORM_INPUTS = "w"


def _roots(exprs: list[pl.Expr]) -> list[str]:
    """The columns ``exprs`` read (sorted)."""
    return sorted({name for e in exprs for name in e.meta.root_names()})


def _form_inputs(forms: list[_Forms]) -> list[str]:
    """The columns the written forms read, except the gates (the scrub computes those)."""
    roots = _roots([e for gate, columns in forms for e in [gate, *columns]])
    return [name for name in roots if name not in (_DIGITS, _SHORT)]


def text_gates(view: TextView, rows: npt.NDArray[np.int64], height: int) -> pl.DataFrame:
    """Per row (of ``height``): the ASCII digits of its texts (``_DIGITS``) and whether one of
    them holds a street word (``_SHORT``, :data:`~washer.written.STREET_WORD`); ``view``
    holds the texts, text ``i`` being row ``rows[i]``'s. The digits are the view's (counted
    once per distinct text), the street words are looked for once per distinct text."""
    digits = np.bincount(rows, weights=view.ndigits, minlength=height).astype(np.int64)
    street = view.distinct.str.contains(STREET_WORD).fill_null(False).to_numpy()
    short = np.zeros(height, dtype=np.bool_)
    short[rows[street[view.row_text]]] = True
    return pl.DataFrame({_DIGITS: digits, _SHORT: short})


def _written_pairs(
    inputs: pl.DataFrame, gates: pl.DataFrame, forms: list[_Forms]
) -> list[tuple[pl.Series, pl.Series]]:
    """The (original, washed) columns of the written ``forms``, each group computed on the
    rows its gate lets through only (null elsewhere).

    Polars' string functions cost about as much on a null as on a value, and most rows'
    texts can hold none of the written forms: the rows are gathered once, worked on, and
    the results put back in place.
    """
    frame = pl.concat([inputs, gates], how="horizontal") if inputs.width else gates
    found: list[pl.Series] = []
    for gate, columns in forms:
        rows = gates.select(gate).to_series().fill_null(False).arg_true()
        # Lazily: the columns share parts (the birth date's three written forms parse it
        # once), which an eager select computes once per column. Only the group's inputs
        # are gathered.
        gathered = frame.select(pl.col(_roots([gate, *columns])).gather(rows))
        computed = gathered.lazy().select(columns).collect(engine="in-memory")
        empty = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
        found += [empty.scatter(rows, computed[name]).alias(name) for name in computed.columns]
    return list(zip(found[0::2], found[1::2], strict=True))


def _left_over(
    texts: pl.Series, own: list[tuple[pl.Series, pl.Series]], rows: npt.NDArray[np.int64]
) -> pl.Series:
    """Replace the row's own ids still standing as whole words after the scrub.

    A second line of defence: the scrub should have replaced them already; it runs only on
    the rare rows where an own id is still found, so its per-row work is negligible. ``own``
    holds one (original, fake) per table row; text ``i`` is row ``rows[i]``'s.
    """
    nbytes = texts.str.len_bytes().fill_null(0).to_numpy()
    for orig, fake in own:
        # Only texts as long as their row's id can contain it (most texts are short).
        size = orig.str.len_bytes().fill_null(0).to_numpy()[rows]
        wanted = fake.is_not_null().to_numpy()[rows] & (nbytes >= size) & (size > 0)
        at = np.flatnonzero(wanted)
        frame = pl.DataFrame({"t": texts.gather(at), "o": orig.gather(rows[at])})
        hit = frame.select(
            (pl.col("o").str.len_chars() >= 5) & pl.col("t").str.contains(pl.col("o"), literal=True)
        ).to_series()
        if not hit.any():
            continue
        found = at[hit.fill_null(False).to_numpy()]
        fixed = [
            re.sub(r"(?<![0-9A-Za-z])" + re.escape(o) + r"(?![0-9A-Za-z])", f, t)
            for t, o, f in zip(
                texts.gather(found), orig.gather(rows[found]), fake.gather(rows[found]), strict=True
            )
        ]
        texts = texts.scatter(found, pl.Series(fixed, dtype=pl.String))
    return texts


def _scrubber(
    tables: Tables,
    keys: RunKeys,
    names: list[str],
    n_pairs: int,
    id_pairs: list[int],
    forms: list[_Forms],
) -> Callable[[pl.Series], pl.Series]:
    from washer.fakes.scrub import scrub_text

    phone_key = keys.derive(PHONE_PURPOSE)
    id_tables = tables.ids

    def id_mapper(found: pl.Series) -> pl.Series:
        norm = found.to_frame("raw").select(normalise_id(pl.col("raw")).alias("norm"))
        style = "synthetic" if "synthetic" in id_tables or not id_tables else sorted(id_tables)[0]
        table = id_tables.get(style)
        if table is not None:
            norm = norm.join(
                table.select("norm", "fake"), on="norm", how="left", maintain_order="left"
            )
        else:
            norm = norm.with_columns(pl.lit(None, dtype=pl.String).alias("fake"))
        missing = norm["fake"].is_null() & norm["norm"].is_not_null()
        if missing.any():
            fresh = keys.id_mapper(style).map_person_ids(norm["norm"].filter(missing))["fake"]
            fakes = norm["fake"].scatter(missing.arg_true(), fresh)
            return fakes.alias(found.name)
        return norm["fake"].alias(found.name)

    def email_fallback(found: pl.Series) -> pl.Series:
        return fallback_emails(keys, found)

    def run(batch: pl.Series) -> pl.Series:
        frame = batch.struct.unnest()
        positions = [frame[f"t{j}"].is_not_null().arg_true() for j in range(len(names))]
        rows = pl.concat(positions)
        texts = pl.concat([frame[f"t{j}"].gather(p) for j, p in enumerate(positions)])
        # The pairs stay one per row (never copied to each text): the scrub gathers the few
        # it uses.
        own = [(frame[f"o{i}"], frame[f"f{i}"]) for i in range(n_pairs)]
        fake_rows = rows.to_numpy().astype(np.int64)
        view = TextView.of(texts)
        if forms:
            inputs = (
                frame[_FORM_INPUTS].struct.unnest() if _FORM_INPUTS in frame else pl.DataFrame()
            )
            gates = text_gates(view, fake_rows, frame.height)
            own += _written_pairs(inputs, gates, forms)
        washed = scrub_text(
            texts,
            own=own,
            known=tables.known,
            id_mapper=id_mapper,
            phone_key=phone_key,
            email_fallback=email_fallback,
            fake_rows=fake_rows,
            view=view,
        )
        washed = _left_over(washed, [own[i] for i in id_pairs], fake_rows)
        out: dict[str, pl.Series] = {}
        start = 0
        for name, p in zip(names, positions, strict=True):
            empty = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias(name)
            out[name] = empty.scatter(p, washed.slice(start, p.len())) if p.len() else empty
            start += p.len()
        return pl.DataFrame(out, height=frame.height).to_struct(batch.name)

    return run


def _contiguous(rows: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """``rows`` with ``columns`` in one chunk each (the other columns as they are).

    Rows read from a CSV come in many chunks (124 per 400,000 rows: it is parsed in parallel
    pieces), and the joins, gathers and string functions of the row pass cost more on them
    (on two threads): one copy of the columns it reads costs less than it saves.
    """
    return rows.with_columns(rows.select(columns).rechunk()) if columns else rows


def _read(plan: Plan, columns: Sequence[str]) -> list[str]:
    """The columns the row pass reads: all but those kept as they are (which are only
    written), unless they have a stand-in to compute."""
    return [c for c in columns if plan.rules.columns[c].transform != "keep" or c in plan.shadows]


def wash_frame(
    plan: Plan,
    tables: Tables,
    keys: RunKeys,
    frame: pl.LazyFrame,
    columns: Sequence[str],
    *,
    streaming: bool = False,
) -> pl.LazyFrame:
    """The washed rows of one input (``columns`` are its columns, in order).

    ``streaming`` lets the free-text scrub run per batch (bounded memory); otherwise it runs
    once over the whole input, which is faster.
    """
    available = frozenset(columns)
    joins = helper_joins(plan, tables, available)
    if streaming:
        lf = chained(joins, frame)
    else:
        rows = frame.collect(engine="in-memory")
        lf = beside(joins, _contiguous(rows, _read(plan, columns))).lazy()

    ctx = _Context(plan, tables, keys, columns)
    first: list[pl.Expr] = []
    second: list[pl.Expr] = []
    kept: list[str] = []
    scattered = large_tables_columns(joins, LARGE_TABLE)
    from_tables: set[str] = set()  # washed columns that read fakes of large tables
    for column in columns:
        rule = plan.rules.columns[column]
        transform = plan.transforms[column]
        expr = transform.build(rule, ctx)
        if expr is None:
            continue
        kept.append(column)
        if scattered.intersection(expr.meta.root_names()):
            from_tables.add(column)
        (second if isinstance(transform, Scrub) else first).append(expr.alias(_out(column)))
    lf = lf.with_columns(first)
    if second:
        stand_ins = ctx.stand_ins()
        if stand_ins:
            lf = lf.with_columns(stand_ins)
        scrubbed = ctx.scrub_stage(streaming, ctx.written_forms()).alias(_SCRUBBED)
        lf = lf.with_columns(scrubbed).with_columns(second)
    return lf.select([_written_out(c, c in from_tables) for c in kept])


def _written_out(column: str, from_tables: bool) -> pl.Expr:
    """A washed column as written (``from_tables``: it reads fakes gathered from a run table
    of :data:`LARGE_TABLE` bytes or more)."""
    out = pl.col(_out(column)).cast(pl.String)
    if from_tables:
        out = out.map_batches(own_buffer, return_dtype=pl.String, is_elementwise=True)
    return out.alias(column)


LARGE_TABLE = 4 << 20
"""Run tables of this many bytes or more are read from memory rather than a core's cache:
fakes gathered from them get buffers of their own before they are written (a run's
employers, say, are read from the cache as they are)."""
LONG_SHARE = 0.5
"""The share of values too long to sit in a string's view (12 bytes) from which a column of
gathered fakes gets buffers of its own (:func:`own_buffer`)."""


def own_buffer(values: pl.Series) -> pl.Series:
    """``values`` (strings) with their bytes in buffers of their own, in row order, when
    most of them are longer than 12 bytes (shorter ones are held in their views); else as
    they are.

    Fakes gathered from a run table point into its buffers all over (a run's e-mails,
    addresses, trip codes: megabytes each), and the CSV writer reads a row's values across
    every column: each long value a cache miss. Copied column by column they are read from
    one table at a time, and the writer reads them in order (per 333,334 rows of the 1M
    file: three columns copied in 0.11 s, written in 0.25-0.3 s less).
    """
    present = len(values) - values.null_count()
    long = int((values.str.len_bytes() > 12).sum())
    if not present or long < LONG_SHARE * present:
        return values
    copied = values.to_frame("v").select(pl.concat_str([pl.col("v"), pl.lit("")]))
    return copied.to_series().alias(values.name)


__all__ = ["wash_frame"]
