"""``washer audit ORIGINAL... --washed DIR``: prove washed output holds nobody's data."""

from __future__ import annotations

from pathlib import Path

import click

from washer.audit import (
    AuditOptions,
    audit_paths,
    constant_columns,
    realistic_id_columns,
    write_report,
)
from washer.audit._write import check_report_path
from washer.audit.report import problems
from washer.categories import DEFAULT_CATEGORIES
from washer.errors import AuditFailure
from washer.rules import load_rules


def _files_read(originals: tuple[Path, ...], washed: Path) -> list[Path]:
    """Every file the audit may read: the originals (or the files of their directories) and
    the washed directory's files."""
    files: list[Path] = []
    for path in (*originals, washed):
        try:
            files += [p for p in path.iterdir() if p.is_file()] if path.is_dir() else [path]
        except OSError:
            continue  # unreadable: the audit itself says so
    return files


@click.command()
@click.argument("originals", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--washed",
    required=True,
    type=click.Path(path_type=Path),
    help="Directory of washed output (DIR/<stem>.<ext>).",
)
@click.option(
    "--rules",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The wash's rule file: what each column held, and where realistic ids or a "
    "constant placeholder were asked for.",
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE.json or FILE.html (repeat for both).",
)
@click.option(
    "--min-k",
    type=click.IntRange(min=1),
    help="Fail unless every washed record is in a class of at least K records "
    "(or see --max-share-below-k).",
)
@click.option(
    "--max-share-below-k",
    type=click.FloatRange(0, 1),
    help="Fail when a larger share of washed records is in classes below k.",
)
@click.option(
    "--max-tvd",
    type=click.FloatRange(0, 1),
    help="Fail when a column's distance between original and washed is larger.",
)
@click.option(
    "--common-name-persons",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="A name carried by this many original persons is common, not a leak.",
)
def audit(
    originals: tuple[Path, ...],
    washed: Path,
    rules: Path | None,
    reports: tuple[Path, ...],
    min_k: int | None,
    max_share_below_k: float | None,
    max_tvd: float | None,
    common_name_persons: int,
) -> None:
    """Check that washed output holds nothing of the original people.

    Searches every identifying original value in every washed cell, checks the fakes are valid
    and coherent, measures re-identification risk (k-anonymity) and how much the washed data
    still looks like the original. Exit 0 when clean, 1 when anything is found, 2 when the
    audit cannot run. Reports name columns and rows, never a value.

    \b
    Example:
        washer audit extract.csv --washed washed/ --report audit.html --report audit.json
    """
    read = _files_read(originals, washed)
    for path in reports:
        check_report_path(path, read)
    enforce = min_k is not None or max_share_below_k is not None
    ruleset = load_rules(rules) if rules else None
    options = AuditOptions(
        common_name_min_persons=common_name_persons,
        k=min_k or 5,
        max_share_below_k=(max_share_below_k or 0.0) if enforce else None,
        max_tvd=max_tvd,
        realistic_ids=realistic_id_columns(ruleset) if ruleset else frozenset(),
        constant_columns=constant_columns(ruleset) if ruleset else frozenset(),
    )
    categories = {**DEFAULT_CATEGORIES, **ruleset.categories()} if ruleset else None
    report = audit_paths(list(originals), washed, categories=categories, options=options)
    click.echo(report.summary())
    for path in reports:
        write_report(report, path)
        click.echo(f"Wrote {path}")
    if not report.ok:
        raise AuditFailure(f"the audit found {problems(len(report.findings))}; do not publish")
