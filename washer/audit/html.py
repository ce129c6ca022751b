"""The audit report as one self-contained HTML page (inline CSS and SVG, nothing fetched)."""

from __future__ import annotations

from collections import Counter
from html import escape

from washer.audit._summary import TITLES
from washer.audit.report import AuditReport, ClassSizes, Finding
from washer.audit.svg import bar_chart, hbar_chart

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #1a202c; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #e2e8f0; }
.status { padding: .8rem 1rem; border-radius: 6px; font-size: 1.3rem; font-weight: bold; }
.pass { background: #c6f6d5; color: #22543d; } .fail { background: #fed7d7; color: #742a2a; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid #e2e8f0; padding: .3rem .5rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } .muted { color: #718096; }
"""


def _table(header: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(c)}</td>' if i in numeric else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _findings(findings: list[Finding]) -> str:
    if not findings:
        return '<p class="muted">Nothing found.</p>'
    rows = [
        [
            f.kind,
            f.file,
            f.column,
            str(f.count),
            ", ".join(map(str, f.rows)) + (" ..." if f.count > len(f.rows) else ""),
            f.message,
        ]
        for f in findings
    ]
    return _table(["kind", "file", "column", "count", "first rows", "what"], rows, {3})


def _sizes(sizes: ClassSizes) -> list[float]:
    return [n / sizes.records if sizes.records else 0.0 for _, n in sizes.histogram]


def _risk(report: AuditReport) -> str:
    risk = report.risk
    if risk is None:
        return '<p class="muted">Not measured.</p>'
    sides = [("washed", risk.washed)] + ([("original", risk.original)] if risk.original else [])
    rows = [
        [
            name,
            str(s.records),
            str(s.classes),
            str(s.smallest),
            str(s.records_below_k),
            f"{s.share_below_k:.1%}",
        ]
        for name, s in sides
    ]
    limit = "" if risk.max_share_below_k is None else f" (allowed {risk.max_share_below_k:.1%})"
    parts = [
        f"<p>Quasi-identifiers: {escape(', '.join(risk.quasi_identifiers))}; k = {risk.k}"
        f"{escape(limit)}.</p>",
        _table(
            [
                "data",
                "records",
                "classes",
                "smallest class",
                f"records in classes < {risk.k}",
                "share",
            ],
            rows,
            {1, 2, 3, 4, 5},
        ),
    ]
    series = [(name, _sizes(s)) for name, s in reversed(sides)]
    labels = [label for label, _ in risk.washed.histogram]
    parts.append(
        bar_chart("Share of records by equivalence class size", labels, series, percent=True)
    )
    return "\n".join(parts)


def _utility(report: AuditReport) -> str:
    parts = []
    if report.distances:
        ordered = sorted(report.distances, key=lambda d: -d.tvd)
        limit = report.thresholds.get("max_tvd")
        parts.append(
            hbar_chart(
                "Distance original vs washed (total variation, 0 = same)",
                [f"{d.column} ({d.measure})" for d in ordered],
                [d.tvd for d in ordered],
                limit=float(limit) if limit is not None else None,
            )
        )
    for h in report.histograms:
        series = [
            ("original", [float(v) for v in h.original]),
            ("washed", [float(v) for v in h.washed]),
        ]
        parts.append(bar_chart(h.title, list(h.bins), series))
    return '<div class="charts">' + "\n".join(parts) + "</div>" if parts else ""


def render_html(report: AuditReport) -> str:
    """The whole report page."""
    status = "PASSED" if report.ok else f"FAILED: {len(report.findings)} findings"
    files = _table(
        ["file", "role", "rows", "columns"],
        [[f.name, f.role, str(f.rows), str(f.columns)] for f in report.files],
        {2, 3},
    )
    leaks = Counter(f.kind for f in report.findings if f.check == "leak")
    body = [
        "<h1>washer audit</h1>",
        f'<p class="status {"pass" if report.ok else "fail"}">{escape(status)}</p>',
        "<h2>Files</h2>",
        files,
    ]
    for check, title in TITLES.items():
        body.append(f"<h2>{escape(title)}</h2>")
        if check == "leak" and leaks:
            kinds = sorted(leaks)
            cells = [
                float(sum(f.count for f in report.findings if f.check == "leak" and f.kind == k))
                for k in kinds
            ]
            body.append(
                bar_chart(
                    "Washed cells holding original values, by kind",
                    kinds,
                    [("cells", cells)],
                    colours=("#c53030",),
                )
            )
        body.append(_findings(report.by_check(check)))
        if check == "risk":
            body.append(_risk(report))
        if check == "utility":
            body.append(_utility(report))
    body.append("<h2>What was checked</h2>")
    body.append(_table(["check", "count"], [[k, str(v)] for k, v in report.counts.items()], {1}))
    thresholds = [[k, "-" if v is None else str(v)] for k, v in report.thresholds.items()]
    body.append(_table(["threshold", "value"], thresholds))
    body += [f'<p class="muted">Note: {escape(n)}</p>' for n in report.notes]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>washer audit: {escape(status)}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
