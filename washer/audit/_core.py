"""The audit: originals and washed output in, an :class:`AuditReport` out.

:func:`audit_frames` works on frames in memory (the wash calls it before it publishes);
:func:`audit_paths` reads files and pairs each original with the washed file of the same stem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from washer.audit._own import Pair, own_row_leaks
from washer.audit._pools import NamePools, name_pools
from washer.audit._read import SUFFIXES, read_table, washed_files
from washer.audit._settle import settle_originals
from washer.audit._tables import Table, as_table, prefetch
from washer.audit._targets import build_targets
from washer.audit.coherence import coherence_findings
from washer.audit.fullnames import full_name_findings, original_full_names
from washer.audit.leaks import scan_leaks
from washer.audit.report import CHECKS, AuditReport, FileInfo, Finding, problems
from washer.audit.risk import assess_risk
from washer.audit.utility import utility_measures
from washer.audit.validity import validity_findings
from washer.categories import DEFAULT_CATEGORIES, QUASI_IDENTIFIERS, Category
from washer.errors import AuditFailure, InputError

Frame = pl.DataFrame | pl.LazyFrame


@dataclass(frozen=True)
class AuditOptions:
    """How strict the audit is. Thresholds left at None only report, they never fail."""

    common_name_min_persons: int = 5
    """A name word (or address, employer) carried by at least this many distinct persons of
    the originals is common, not a leak, when found outside its own row."""
    k: int = 5
    """The k of k-anonymity: records in classes smaller than this are counted as at risk."""
    max_share_below_k: float | None = None
    """Fail when a larger share of washed records is in classes smaller than ``k``."""
    max_tvd: float | None = None
    """Fail when a column's distance between original and washed is larger."""
    quasi_identifiers: tuple[str, ...] = QUASI_IDENTIFIERS
    max_values: int = 500
    """Attribute columns with more distinct values than this are not compared for utility."""
    max_rows: int = 10
    """Row numbers listed per finding."""
    pools: NamePools | None = None
    """Fake-name pools (common names, gender of first names); None: the default pools."""
    realistic_ids: frozenset[str] = frozenset()
    """Id columns whose rules asked for realistic fakes (:func:`realistic_id_columns`): their
    fnr and D-numbers need no synthetic mark (month + 80), only a date that exists."""
    constant_columns: frozenset[str] = frozenset()
    """Columns whose rules asked for one placeholder (:func:`constant_columns`): validity and
    coherence do not judge it as a fake; the leak scan reads it as text (for every kind of
    original, not only the column's own)."""

    def thresholds(self) -> dict[str, float | int | None]:
        data = asdict(self)
        return {
            k: data[k] for k in ("common_name_min_persons", "k", "max_share_below_k", "max_tvd")
        }


def _pairs(
    originals: Sequence[Table], washed: Sequence[Table], pairs: Sequence[tuple[int, int]]
) -> tuple[list[Pair], list[Finding]]:
    usable: list[Pair] = []
    findings: list[Finding] = []
    for i, j in pairs:
        o, w = originals[i], washed[j]
        if o.rows != w.rows:
            findings.append(
                Finding(
                    "coherence",
                    "row_count",
                    w.name,
                    "",
                    abs(o.rows - w.rows),
                    (),
                    f"{w.rows} rows where its original {o.name} has {o.rows}: rows must "
                    "stay one to one (row-by-row checks skipped)",
                )
            )
        else:
            usable.append((o, w))
    return usable, findings


def audit_frames(
    originals: Sequence[Frame],
    washed: Sequence[Frame],
    *,
    categories: Mapping[str, Category] | None = None,
    options: AuditOptions | None = None,
    original_names: Sequence[str] | None = None,
    washed_names: Sequence[str] | None = None,
    pairs: Sequence[tuple[int, int]] | None = None,
) -> AuditReport:
    """Audit washed frames against their originals.

    ``pairs`` says which original (index) became which washed frame (index), row for row; by
    default frames are paired by position when there are as many of each, else not at all
    (row-by-row checks are then skipped and noted). ``categories`` maps columns to their
    :class:`~washer.categories.Category` (default :data:`DEFAULT_CATEGORIES`).
    """
    return _audit(
        list(originals),
        washed,
        categories=categories,
        options=options,
        original_names=original_names,
        washed_names=washed_names,
        pairs=pairs,
    )


def _audit(
    originals: list[Frame],
    washed: Sequence[Frame],
    *,
    categories: Mapping[str, Category] | None,
    options: AuditOptions | None,
    original_names: Sequence[str] | None,
    washed_names: Sequence[str] | None,
    pairs: Sequence[tuple[int, int]] | None,
) -> AuditReport:
    """:func:`audit_frames`, emptying ``originals``: their tables then hold the frames alone,
    so settling the tables frees the originals' cells before the washed ones are read."""
    cats = dict(DEFAULT_CATEGORIES if categories is None else categories)
    opts = options or AuditOptions()
    pools = opts.pools or name_pools()
    o_names = list(original_names or [f"original {i + 1}" for i in range(len(originals))])
    w_names = list(washed_names or [f"washed {i + 1}" for i in range(len(washed))])
    if len(o_names) != len(originals) or len(w_names) != len(washed):
        raise ValueError("one name per frame")
    if not washed:
        raise InputError("nothing to audit: no washed data")
    # The originals first: their leak targets and whatever the later checks ask of them; their
    # cells are freed before the washed frames are collected (see _settle).
    o_tables = [as_table(n, f) for n, f in zip(o_names, originals, strict=True)]
    originals.clear()
    prefetch(o_tables, [], cats)
    targets = build_targets(o_tables, cats, pools, opts.common_name_min_persons)
    full_names = original_full_names(o_tables, cats)
    settle_originals(o_tables, cats, opts.quasi_identifiers)
    w_tables = [as_table(n, f) for n, f in zip(w_names, washed, strict=True)]
    prefetch([], w_tables, cats)
    if pairs is None:
        pairs = [(i, i) for i in range(len(o_tables))] if len(o_tables) == len(w_tables) else []
    report = AuditReport(thresholds=opts.thresholds())
    report.files = [FileInfo(t.name, "original", t.rows, len(t.columns)) for t in o_tables]
    report.files += [FileInfo(t.name, "washed", t.rows, len(t.columns)) for t in w_tables]
    aligned, report.findings = _pairs(o_tables, w_tables, pairs)
    paired = {j for _, j in pairs}
    report.notes += [
        f"{t.name} has no original: row-by-row checks skipped for it"
        for j, t in enumerate(w_tables)
        if j not in paired
    ]
    if not o_tables:
        report.notes.append("no originals: only validity, risk and utility were measured")
    with ThreadPoolExecutor(max_workers=1) as beside:
        # Validity reads the washed tables alone and spends most of its time in numpy on one
        # core; the leak scan leaves the other core idle much of the time: they run together.
        # The risk and the utility (small; cached forms and counts) follow validity on that
        # thread, one after the other, instead of waiting for the scan and row-by-row checks.
        checking = beside.submit(
            validity_findings,
            w_tables,
            cats,
            pools,
            max_rows=opts.max_rows,
            realistic=opts.realistic_ids,
            constant=opts.constant_columns,
        )
        risking = beside.submit(
            assess_risk,
            o_tables,
            w_tables,
            cats,
            quasi_identifiers=opts.quasi_identifiers,
            k=opts.k,
            max_share_below_k=opts.max_share_below_k,
        )
        measuring = beside.submit(
            utility_measures,
            aligned,
            o_tables,
            w_tables,
            cats,
            max_values=opts.max_values,
            max_tvd=opts.max_tvd,
        )
        leaks, counts = scan_leaks(
            targets, w_tables, cats, max_rows=opts.max_rows, constant=opts.constant_columns
        )
        common = targets.common
        del targets  # the largest part of it is of no use after the scan
        report.findings += leaks
        named, compared = full_name_findings(full_names, w_tables, cats, max_rows=opts.max_rows)
        del full_names
        report.findings += named
        report.findings += own_row_leaks(aligned, cats, common, max_rows=opts.max_rows)
        report.findings += coherence_findings(
            aligned, cats, max_rows=opts.max_rows, constant=opts.constant_columns
        )
    # Added in the order of the checks run one by one: the report is the same.
    validity, checked = checking.result()
    report.findings += validity
    report.risk, findings, notes = risking.result()
    report.findings += findings
    report.notes += notes
    report.distances, report.histograms, findings, notes = measuring.result()
    report.findings += findings
    report.notes += notes
    pairs_compared = {"row pairs compared": sum(o.rows for o, _ in aligned)}
    report.counts = {**counts, **compared, **checked, **pairs_compared}
    report.findings = _in_check_order(report.findings)
    return report


def _data_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        if not files:
            raise InputError(f"{path} holds no data files ({', '.join(SUFFIXES)})")
        return files
    return [path]


def audit_paths(
    originals: Sequence[Path],
    washed_dir: Path,
    *,
    categories: Mapping[str, Category] | None = None,
    options: AuditOptions | None = None,
) -> AuditReport:
    """Audit a washed directory against original files (or directories of them).

    Each original is paired with the washed file of the same stem (``extract.csv`` with
    ``extract.parquet``), whatever the format.
    """
    o_paths = [p for path in originals for p in _data_files(path)]
    w_paths = washed_files(washed_dir)
    by_stem: dict[str, list[int]] = {}
    for j, p in enumerate(w_paths):
        by_stem.setdefault(p.stem, []).append(j)
    pairs = [
        (i, by_stem[p.stem][0]) for i, p in enumerate(o_paths) if len(by_stem.get(p.stem, [])) == 1
    ]
    report = _audit(
        [read_table(p) for p in o_paths],
        [read_table(p) for p in w_paths],
        categories=categories,
        options=options,
        original_names=[p.name for p in o_paths],
        washed_names=[p.name for p in w_paths],
        pairs=pairs,
    )
    # An original the audit cannot compare row by row is not proven washed: a finding, as a
    # washed file of another length is.
    paired = {i for i, _ in pairs}
    report.findings += [
        Finding(
            "coherence",
            "unpaired",
            p.name,
            "",
            1,
            (),
            f"{len(by_stem.get(p.stem, [])) or 'no'} washed file(s) named {p.stem}.* in "
            f"{washed_dir}, where one is needed: its rows were not compared",
        )
        for i, p in enumerate(o_paths)
        if i not in paired
    ]
    report.findings = _in_check_order(report.findings)
    return report


def _in_check_order(findings: list[Finding]) -> list[Finding]:
    order = {check: i for i, check in enumerate(CHECKS)}
    return sorted(findings, key=lambda f: (order[f.check], f.file, f.column, f.kind))


def require_clean(report: AuditReport) -> None:
    """Raise :class:`AuditFailure` when the audit found anything (for callers that publish)."""
    if report.ok:
        return
    per_check = ", ".join(f"{len(report.by_check(c))} {c}" for c in CHECKS if report.by_check(c))
    raise AuditFailure(f"the audit found {problems(len(report.findings))} ({per_check})")
