"""``washer wash INPUT... --rules FILE --key-file FILE --out DIR``: wash extracts."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from washer.audit import check_report_path
from washer.errors import WasherError
from washer.gate import audit_gate
from washer.io.formats import FORMATS, Encoding, Format, normalize_encoding
from washer.keys import ENV_VAR, Key
from washer.wash import WashOptions, WashResult, publish_unaudited, wash

_DELIMITERS = {",": ",", ";": ";", "comma": ",", "semicolon": ";"}


class _Bar:
    """A progress bar on a terminal; silent otherwise."""

    def __init__(self, steps: int) -> None:
        self._bar: Any = None
        if sys.stderr.isatty():
            self._bar = click.progressbar(length=steps, label="washing", file=sys.stderr)
            self._bar.__enter__()

    def step(self, label: str) -> None:
        if self._bar is not None:
            self._bar.label = label
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _reference_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise WasherError("--reference-date must be a date like 2021-09-04") from None


def _encoding(text: str | None) -> Encoding | None:
    if text is None:
        return None
    try:
        return normalize_encoding(text)
    except ValueError:
        raise WasherError("--encoding must be utf-8 or windows-1252") from None


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _summary(result: WashResult) -> list[str]:
    lines = [
        f"Washed {_count(result.files, 'file')}: {_count(result.rows, 'row')}, "
        f"{_count(result.persons, 'person')}, {_count(result.employers, 'employer')}."
    ]
    if result.newest_anchor_washed is not None:
        lines.append(
            f"Dates moved by {result.offset_days:+,} days: the newest trip date is now "
            f"{result.newest_anchor_washed} (reference date {result.reference_date})."
        )
    elif result.offset_days:
        lines.append(
            f"Dates moved by {result.offset_days:+,} days (the trip date itself is kept as it "
            f"is: the rule file keeps its anchor column; reference date {result.reference_date})."
        )
    lines.append("Output:")
    lines += [f"  {p}" for p in (*result.outputs, result.manifest)]
    lines += [f"Removed {p}: the staging directory of a wash that died." for p in result.swept]
    return lines


@click.command("wash")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules", type=click.Path(path_type=Path), help="Rule file (TOML).")
@click.option(
    "--key-file",
    type=click.Path(path_type=Path),
    help=f"Secret key file (from washer keygen); default: the environment variable {ENV_VAR}.",
)
@click.option(
    "--reference-date",
    metavar="YYYY-MM-DD",
    help="The newest trip date lands on the day before this date. Default: today.",
)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Output directory.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: each input's own.",
)
@click.option(
    "--encoding",
    metavar="utf-8|windows-1252",
    help="Encoding of CSV output. Default: the input's (detected).",
)
@click.option(
    "--delimiter",
    type=click.Choice(sorted(_DELIMITERS)),
    help="Delimiter of CSV output. Default: the input's (detected).",
)
@click.option(
    "--stream/--in-memory",
    default=None,
    help="Scan inputs in batches instead of reading them into memory. "
    "Default: stream inputs larger than 2 GiB.",
)
@click.option(
    "--audit-report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the pre-publication audit's report (.json or .html).",
)
@click.option(
    "--no-audit",
    is_flag=True,
    help="Publish without the audit that otherwise checks the output first. Not for real data.",
)
def wash_command(
    inputs: tuple[Path, ...],
    rules: Path | None,
    key_file: Path | None,
    reference_date: str | None,
    out_dir: Path | None,
    fmt: Format | None,
    encoding: str | None,
    delimiter: str | None,
    stream: bool | None,
    audit_report: Path | None,
    no_audit: bool,
) -> None:
    """Wash production extracts (CSV, JSON, JSON Lines, Parquet) into safe test data.

    Writes OUT/<input name>.<format> for every INPUT, rows and columns in input order, and
    OUT/manifest.json. All inputs of one run share one key, one date offset and one person
    mapping. Nothing is written to OUT unless the whole run succeeds.

    \b
    Example:
        washer wash extract.csv --rules rules/innreise.toml --key-file washer.key --out washed
    """
    if not inputs:
        raise WasherError("no INPUT files given")
    if rules is None:
        raise WasherError("missing --rules FILE (e.g. --rules rules/innreise.toml)")
    if out_dir is None:
        raise WasherError("missing --out DIR")
    key = Key.resolve(key_file)
    if no_audit and audit_report is not None:
        raise WasherError("--audit-report and --no-audit exclude each other")
    if audit_report is not None:
        check_report_path(audit_report, inputs)
    if no_audit:
        click.echo(
            "WARNING: --no-audit: the output is published WITHOUT the audit; nothing checks "
            "that it holds no original value. Run `washer audit` on it before anyone uses it.",
            err=True,
        )
    hook = publish_unaudited if no_audit else audit_gate(report=audit_report)
    bar = _Bar(steps=4 + len(inputs))
    options = WashOptions(
        rules=rules,
        key=key,
        out_dir=out_dir,
        reference_date=_reference_date(reference_date),
        format=fmt,
        encoding=_encoding(encoding),
        delimiter=_DELIMITERS[delimiter] if delimiter else None,
        stream=stream,
        before_publish=hook,
        progress=bar.step,
    )
    try:
        result = wash(list(inputs), options)
    finally:
        bar.close()
    if result.demo_key:
        click.echo(
            "Warning: this is the public demo key (fixtures/demo.key): anyone can link its "
            "fakes back to the originals. Make your own with `washer keygen` for real data.",
            err=True,
        )
    for line in _summary(result):
        click.echo(line)


__all__ = ["wash_command"]
