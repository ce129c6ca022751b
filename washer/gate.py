"""The audit that stands between a wash and its publication.

``washer wash`` writes its output to a private staging directory; before anything is renamed
into ``--out``, :func:`audit_gate` audits the staged files against their inputs with the
categories the rule file gives each column, and raises :class:`~washer.errors.AuditFailure`
(exit 1) when the audit finds anything, so leaking output is never published.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl

from washer.audit import (
    AuditOptions,
    AuditReport,
    audit_frames,
    constant_columns,
    realistic_id_columns,
    require_clean,
    write_report,
)
from washer.categories import DEFAULT_CATEGORIES
from washer.errors import AuditFailure
from washer.io import InputSource, open_input
from washer.wash import BeforePublish, StagedRun


def audit_staged(run: StagedRun, options: AuditOptions | None = None) -> AuditReport:
    """Audit a staged (complete, unpublished) wash against its inputs, with what its rules
    say of each column (its category; realistic ids and placeholders where they were asked
    for)."""
    categories = {**DEFAULT_CATEGORIES, **run.rules.categories()}
    options = replace(
        options or AuditOptions(),
        realistic_ids=realistic_id_columns(run.rules),
        constant_columns=constant_columns(run.rules),
    )
    return audit_frames(
        [_handed_over(o.source) for o in run.outputs],
        [_handed_over(open_input(o.staged)) for o in run.outputs],
        categories=categories,
        options=options,
        original_names=[o.source.path.name for o in run.outputs],
        washed_names=[o.name for o in run.outputs],
        pairs=[(i, i) for i in range(len(run.outputs))],
    )


def _handed_over(source: InputSource) -> pl.LazyFrame:
    """The rows of a file, read (or taken from the wash's memory) only when the audit
    collects them, and then held by the audit alone: it frees the originals' cells before it
    reads the washed output (a 1,000,000-row extract is about 1.4 GiB of strings)."""

    def take() -> pl.DataFrame:
        frame = source.lazy(stream=False).collect()
        source.release()
        return frame

    return pl.defer(take, schema=dict.fromkeys(source.columns, pl.String))


def audit_gate(*, options: AuditOptions | None = None, report: Path | None = None) -> BeforePublish:
    """A :data:`~washer.wash.BeforePublish` hook: audit, write the report if asked, refuse leaks
    (the manifest then says the audit ``passed``)."""

    def check(run: StagedRun) -> str:
        result = audit_staged(run, options)
        if report is not None:
            write_report(result, report)
        try:
            require_clean(result)
        except AuditFailure as failure:
            where = f"see {report}" if report else "--audit-report FILE says where"
            raise AuditFailure(f"{failure.message}; nothing was published ({where})") from None
        return "passed"

    return check


__all__ = ["audit_gate", "audit_staged"]
