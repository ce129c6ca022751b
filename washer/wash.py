"""``washer wash`` as a library call: read, plan, transform, check, write, publish.

::

    result = wash([Path("extract.csv")], WashOptions(rules=Path("rules/innreise.toml"),
                  key=Key.resolve("washer.key"), out_dir=Path("washed")))

Data flows one way: every input is opened and checked (:mod:`washer.io.readers`), the rules
are resolved against all inputs' columns (fail closed), one set of run tables is built from
the key columns of all inputs (one key, one date offset, one person mapping), each input is
washed by the row pass and written under a private staging directory next to ``out_dir``,
the manifest is written, the :data:`BeforePublish` hook runs (the audit's seam), and only
then are the files renamed into ``out_dir``. On any error nothing is published and the
staging directory is removed. Inputs are only ever read.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from washer.batching import chunk_slices, text_bounded
from washer.errors import InputError, OutputError
from washer.fakes.scrub import KnownPairs
from washer.io import (
    EXTENSIONS,
    ChunkWriter,
    CsvDialect,
    Format,
    InputSource,
    Staging,
    open_input,
)
from washer.io.formats import Encoding
from washer.io.readers import blame_unreadable
from washer.keys import Key
from washer.manifest import MANIFEST_NAME, FileEntry, Manifest
from washer.pipeline import RunKeys, build_tables, plan_run, wash_frame
from washer.plan import Plan
from washer.rules import RuleSet, load_rules
from washer.tables import Tables

DEMO_KEY_FINGERPRINTS = frozenset({"df3375e85defa23d"})
"""Fingerprints of keys published in this repository (fixtures/demo.key): never for real data."""

STREAM_THRESHOLD = 2 << 30
"""Inputs larger than this in total are scanned, not read into memory (see README)."""

CHUNK_ROWS = 400_000
"""Rows washed at a time (bounds the memory of the row pass)."""
TAIL_ROWS = 50_000
"""Rows of the last chunk washed in memory. A chunk is written while the next one washes,
so only the last chunk's write is left to wait for: a small last chunk shortens that wait."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class StagedOutput:
    source: InputSource
    name: str  # file name inside out_dir
    staged: Path  # where it is written before publication
    final: Path
    format: Format
    rows: int
    sha256: str

    def scan(self) -> pl.LazyFrame:
        """The washed rows as written (all strings)."""
        return open_input(self.staged).lazy(stream=False)


@dataclass(frozen=True)
class StagedRun:
    """Everything a check before publication may look at (see :data:`BeforePublish`)."""

    rules: RuleSet
    key: Key
    plan: Plan
    outputs: tuple[StagedOutput, ...]
    manifest: Manifest

    @property
    def inputs(self) -> tuple[InputSource, ...]:
        return tuple(o.source for o in self.outputs)


BeforePublish = Callable[[StagedRun], str | None]
"""Called with the staged (complete, unpublished) outputs; raise to stop publication. What it
returns is what ``manifest.json`` says of the audit (None: :data:`CUSTOM_CHECK`)."""

CUSTOM_CHECK = "passed a custom check"
"""The manifest's ``audit`` after a check before publishing that says nothing of itself."""


def before_publish(run: StagedRun) -> str | None:
    """The default hook: the audit (:mod:`washer.gate`); it raises AuditFailure on any finding."""
    from washer.gate import audit_gate  # the gate builds on this module

    return audit_gate()(run)


def publish_unaudited(run: StagedRun) -> str:
    """A hook that checks nothing (``washer wash --no-audit``)."""
    return "skipped"


@dataclass(frozen=True)
class WashOptions:
    rules: Path
    key: Key
    out_dir: Path
    reference_date: dt.date | None = None  # None: today
    format: Format | None = None  # None: each input's own
    encoding: Encoding | None = None  # CSV output; None: the input's
    delimiter: str | None = None  # CSV output; None: the input's
    stream: bool | None = None  # None: stream when the inputs are larger than STREAM_THRESHOLD
    before_publish: BeforePublish = before_publish
    progress: Progress | None = None


@dataclass(frozen=True)
class WashResult:
    outputs: tuple[Path, ...]
    manifest: Path
    rows: int
    persons: int
    employers: int
    reference_date: dt.date
    offset_days: int
    newest_anchor_washed: dt.date | None
    demo_key: bool
    streamed: bool
    files: int = field(default=0)
    swept: tuple[Path, ...] = ()  # staging directories of washes that died, removed


def _output_name(source: InputSource, fmt: Format) -> str:
    return source.path.stem + EXTENSIONS[fmt]


def _size(inputs: Sequence[Path]) -> int:
    """The inputs' total bytes (one that cannot be read counts nothing: opening it says why)."""
    total = 0
    for path in inputs:
        with suppress(OSError):
            total += Path(path).stat().st_size
    return total


def _anchor_moves(rules: RuleSet) -> bool:
    """Whether the anchor column is itself shifted (a rule file may keep it as it is)."""
    rule = rules.columns.get(rules.anchor) if rules.anchor else None
    return rule is not None and rule.transform == "event_date"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _check_outputs(sources: Sequence[InputSource], names: list[str], out_dir: Path) -> None:
    seen: dict[str, Path] = {}
    for source, name in zip(sources, names, strict=True):
        if name in seen:
            raise OutputError(
                f"{seen[name]} and {source.path} would both be written to {out_dir / name}"
            )
        seen[name] = source.path
    finals = [out_dir / n for n in [*names, MANIFEST_NAME]]
    for source in sources:
        for final in finals:
            if _same_file(source.path, final) or source.path.absolute() == final.absolute():
                raise OutputError(f"{final} would overwrite the input {source.path}")


def _dialect(source: InputSource, options: WashOptions) -> CsvDialect:
    base = source.dialect or CsvDialect()
    return CsvDialect(
        options.encoding or base.encoding,
        base.bom if (options.encoding or base.encoding) == "utf-8" else False,
        options.delimiter or base.delimiter,
        base.line_terminator,
    )


def _file_entry(path: str, fmt: Format, rows: int, sha: str, d: CsvDialect | None) -> FileEntry:
    dialect: dict[str, str | bool] | None = None
    if fmt == "csv" and d is not None:
        dialect = {"encoding": d.encoding, "bom": d.bom, "delimiter": d.delimiter}
    return FileEntry(path, fmt, rows, sha, dialect)


def _batches(frame: pl.LazyFrame, stream: bool) -> Iterator[pl.DataFrame]:
    """The input's rows, CHUNK_ROWS at a time: slices of the frame in memory, or batches of
    a streaming scan (so an input larger than memory is never held whole)."""
    if stream:
        yield from frame.collect_batches(chunk_size=CHUNK_ROWS)
        return
    rows = frame.collect(engine="in-memory")
    for start, length in chunk_slices(rows.height, CHUNK_ROWS, TAIL_ROWS):
        yield rows.slice(start, length)


def _wash_in_chunks(
    plan: Plan,
    tables: Tables,
    keys: RunKeys,
    source: InputSource,
    batches: Iterator[pl.DataFrame],
    target: Path,
    fmt: Format,
    dialect: CsvDialect,
) -> tuple[int, str]:
    """The row pass, a batch of rows at a time; returns the number of rows and the written
    file's SHA-256.

    The run tables are complete, so every row washes on its own: batches bound the memory of
    the helper and output columns, and the output bytes are the same as in one go.
    """
    writer = ChunkWriter(target, fmt, dialect)
    rows = 0
    try:
        for batch in batches:
            for part in text_bounded(batch, plan.free_text):
                washed = wash_frame(plan, tables, keys, part.lazy(), source.columns)
                writer.write(washed.collect(engine="in-memory"))
            rows += batch.height
    finally:
        writer.close()
    return rows, writer.sha256


@contextmanager
def _scans_blamed(
    sources: Sequence[InputSource], frames: Sequence[pl.LazyFrame], stream: bool
) -> Iterator[None]:
    """A streamed input is parsed only as it is washed: a record polars cannot read becomes
    the same ``Error:`` as in memory, naming the file (else polars' error stands)."""
    try:
        yield
    except pl.exceptions.PolarsError:
        if stream:
            blame_unreadable(sources, frames)
        raise


def wash(inputs: Sequence[Path], options: WashOptions) -> WashResult:
    """Wash ``inputs`` into ``options.out_dir``; see the module docstring."""
    if not inputs:
        raise InputError("no input files")
    say = options.progress or (lambda _step: None)
    rules = load_rules(options.rules)
    say("checking inputs")
    stream = options.stream
    if stream is None:
        stream = _size(inputs) > STREAM_THRESHOLD
    sources = [open_input(Path(p), stream=stream) for p in inputs]
    fmts: list[Format] = [options.format or s.format for s in sources]
    names = [_output_name(s, f) for s, f in zip(sources, fmts, strict=True)]
    _check_outputs(sources, names, options.out_dir)
    plan = plan_run(rules, [(str(s.path), s.columns) for s in sources])
    reference = options.reference_date or dt.date.today()
    keys = RunKeys.for_key(options.key)

    with Staging(options.out_dir) as stage:
        swept = tuple(stage.swept)
        frames = [s.lazy(stream=stream, work_dir=stage.work) for s in sources]
        say("building the person and employer tables")
        with _scans_blamed(sources, frames, stream):
            tables = build_tables(plan, frames, keys, reference, streaming=stream)
        staged: list[StagedOutput] = []
        with ThreadPoolExecutor(max_workers=1) as ahead, _scans_blamed(sources, frames, stream):
            # The scrub's lookup of the run's known pairs builds beside the first rows' joins
            # (should it fail, the scrub builds it again and reports why).
            if isinstance(tables.known, KnownPairs):
                ahead.submit(tables.known.lookup)
            for source, frame, fmt, name in zip(sources, frames, fmts, names, strict=True):
                say(f"washing {source.path}")
                target = stage.path(name)
                dialect = _dialect(source, options)
                rows, sha256 = _wash_in_chunks(
                    plan, tables, keys, source, _batches(frame, stream), target, fmt, dialect
                )
                staged.append(
                    StagedOutput(source, name, target, options.out_dir / name, fmt, rows, sha256)
                )
        newest = tables.newest_anchor
        offset_days = tables.offset_days
        manifest = Manifest(
            rules_path=str(rules.path),
            rules_sha256=rules.sha256,
            key_fingerprint=options.key.fingerprint,
            reference_date=reference,
            date_offset_days=tables.offset_days,
            newest_anchor_washed=(
                newest + dt.timedelta(days=tables.offset_days)
                if newest and _anchor_moves(rules)
                else None
            ),
            persons=tables.count("person"),
            employers=tables.count("employer"),
            inputs=tuple(
                _file_entry(
                    str(o.source.path), o.source.format, o.rows, o.source.sha256, o.source.dialect
                )
                for o in staged
            ),
            outputs=tuple(
                _file_entry(
                    o.name,
                    o.format,
                    o.rows,
                    o.sha256,
                    _dialect(o.source, options) if o.format == "csv" else None,
                )
                for o in staged
            ),
        )
        say("checking before publishing")
        # The inputs read into memory stay there for the check (the audit compares them with
        # the output): reading them again would hold two copies of each. Only the sources
        # hold them now, so that the check can take them over and free them (see washer.gate).
        del frames, frame, tables
        try:
            audit = options.before_publish(
                StagedRun(rules, options.key, plan, tuple(staged), manifest)
            )
        finally:
            for source in sources:
                source.release()
        # Written after the check, so that it says whether the output was audited.
        manifest = replace(manifest, audit=audit or CUSTOM_CHECK)
        stage.path(MANIFEST_NAME).write_text(manifest.dumps(), encoding="utf-8")
        say("publishing")
        finals = stage.publish([*names, MANIFEST_NAME])

    return WashResult(
        outputs=tuple(finals[:-1]),
        manifest=finals[-1],
        rows=sum(o.rows for o in staged),
        persons=manifest.persons,
        employers=manifest.employers,
        reference_date=reference,
        offset_days=offset_days,
        newest_anchor_washed=manifest.newest_anchor_washed,
        demo_key=options.key.fingerprint in DEMO_KEY_FINGERPRINTS,
        streamed=stream,
        files=len(staged),
        swept=swept,
    )


__all__ = [
    "CUSTOM_CHECK",
    "DEMO_KEY_FINGERPRINTS",
    "BeforePublish",
    "StagedOutput",
    "StagedRun",
    "WashOptions",
    "WashResult",
    "before_publish",
    "publish_unaudited",
    "wash",
]
