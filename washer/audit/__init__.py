"""``washer audit``: prove that washed output holds nothing of the original people.

Checks leaks (every identifying original value searched for in every washed cell), validity
and coherence of the fakes, re-identification risk (k-anonymity) and utility (distances
between original and washed distributions). See :func:`audit_frames` and :func:`audit_paths`.
"""

from washer.audit._categories import (
    categories_from_rules,
    constant_columns,
    realistic_id_columns,
)
from washer.audit._core import AuditOptions, audit_frames, audit_paths, require_clean
from washer.audit._pools import NamePools, name_pools
from washer.audit._write import check_report_path, write_report
from washer.audit.html import render_html
from washer.audit.report import AuditReport, ClassSizes, Distance, Finding, Histogram, Risk

__all__ = [
    "AuditOptions",
    "AuditReport",
    "ClassSizes",
    "Distance",
    "Finding",
    "Histogram",
    "NamePools",
    "Risk",
    "audit_frames",
    "audit_paths",
    "categories_from_rules",
    "check_report_path",
    "constant_columns",
    "name_pools",
    "realistic_id_columns",
    "render_html",
    "require_clean",
    "write_report",
]
