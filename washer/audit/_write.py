"""Write a report file: JSON or HTML by its suffix, atomically (temp file + rename)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from washer.audit.html import render_html
from washer.audit.report import AuditReport
from washer.errors import OutputError

FORMATS = {".json": "JSON", ".html": "HTML", ".htm": "HTML"}


def check_report_path(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Raise :class:`OutputError` for a report path the audit cannot write, or that is one of
    ``inputs`` (a JSON extract and a JSON report share a suffix: a typo must not destroy it)."""
    if path.suffix.lower() not in FORMATS:
        raise OutputError(f"{path}: unknown report format (name it .json or .html)")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: directory {path.parent} does not exist")
    for source in inputs:
        if _same_file(path, source):
            raise OutputError(f"{path} would overwrite the input {source}")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.absolute() == b.absolute() or (a.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def write_report(report: AuditReport, path: Path) -> None:
    """Write the report as JSON (``.json``) or a self-contained HTML page (``.html``)."""
    check_report_path(path)
    text = report.to_json() if path.suffix.lower() == ".json" else render_html(report)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("x", encoding="utf-8") as out:  # the report holds no personal data
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path} ({exc.strerror})") from None
