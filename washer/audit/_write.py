"""Write a report file: JSON or HTML by its suffix, atomically (temp file + rename)."""

from __future__ import annotations

import os
from pathlib import Path

from washer.audit.html import render_html
from washer.audit.report import AuditReport
from washer.errors import OutputError

FORMATS = {".json": "JSON", ".html": "HTML", ".htm": "HTML"}


def check_report_path(path: Path) -> None:
    """Raise :class:`OutputError` for a report path the audit cannot write."""
    if path.suffix.lower() not in FORMATS:
        raise OutputError(f"{path}: unknown report format (name it .json or .html)")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: directory {path.parent} does not exist")


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
