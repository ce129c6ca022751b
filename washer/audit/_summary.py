"""The terminal summary of an :class:`~washer.audit.report.AuditReport`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from washer.audit.report import AuditReport, ClassSizes

TITLES = {
    "leak": "Leaks",
    "validity": "Validity",
    "coherence": "Coherence",
    "risk": "Re-identification risk",
    "utility": "Utility",
}
MAX_LINES = 20


def _classes(sizes: ClassSizes, k: int) -> str:
    return (
        f"smallest class {sizes.smallest}, {sizes.share_below_k:.1%} of "
        f"{sizes.records} records in classes below k={k}"
    )


def summary_text(report: AuditReport) -> str:
    lines: list[str] = []
    originals = [f for f in report.files if f.role == "original"]
    washed = [f for f in report.files if f.role == "washed"]
    status = "PASSED" if report.ok else f"FAILED ({len(report.findings)} findings)"
    lines.append(f"Audit {status}")
    lines.append(
        f"  {len(originals)} original file(s), {sum(f.rows for f in originals)} rows; "
        f"{len(washed)} washed file(s), {sum(f.rows for f in washed)} rows"
    )
    for check, title in TITLES.items():
        found = report.by_check(check)
        lines.append(f"{title}: {len(found) or 'nothing found'}")
        lines += [f"  {f.line()}" for f in found[:MAX_LINES]]
        if len(found) > MAX_LINES:
            lines.append(f"  ... and {len(found) - MAX_LINES} more (see the report file)")
        if check == "risk" and report.risk is not None:
            risk = report.risk
            lines.append(f"  quasi-identifiers: {', '.join(risk.quasi_identifiers)}")
            lines.append(f"  washed:   {_classes(risk.washed, risk.k)}")
            if risk.original is not None:
                lines.append(f"  original: {_classes(risk.original, risk.k)}")
        if check == "utility" and report.distances:
            worst = sorted(report.distances, key=lambda d: -d.tvd)[:5]
            shown = ", ".join(f"{d.column} {d.tvd:.3f}" for d in worst)
            lines.append(f"  largest distances (TVD, 0 = same): {shown}")
    if report.counts:
        lines.append("Checked: " + "; ".join(f"{k} {v}" for k, v in report.counts.items()))
    lines += [f"Note: {note}" for note in report.notes]
    return "\n".join(lines)
