"""Small self-contained SVG charts (no JavaScript, no plotting library).

Every chart is a string of SVG markup to inline in HTML; all text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

COLOURS = ("#8a8f98", "#2b6cb0", "#c53030", "#2f855a")
"""Series colours: original grey, washed blue, then red and green."""
FONT = 'font-family="system-ui, sans-serif" font-size="11"'

Series = Sequence[tuple[str, Sequence[float]]]


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value``."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.2f}"


def _short(label: str, size: int = 44) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _legend(series: Series, x: float, y: float, colours: Sequence[str]) -> list[str]:
    parts = []
    for i, (name, _) in enumerate(series):
        left = x + i * 110
        parts.append(
            f'<rect x="{left}" y="{y - 9}" width="10" height="10" '
            f'fill="{colours[i % len(colours)]}"/>'
        )
        parts.append(f'<text x="{left + 14}" y="{y}" {FONT}>{escape(name)}</text>')
    return parts


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Series,
    *,
    width: int = 640,
    height: int = 240,
    percent: bool = False,
    colours: Sequence[str] = COLOURS,
) -> str:
    """Vertical bars, one group per label and one bar per series (e.g. original, washed)."""
    group = (width - 68) / max(len(labels), 1)
    slanted = max((len(label) for label in labels), default=0) * 6.5 > group
    left, right, top, bottom = 56, 12, 34, 46 + (50 if slanted else 0)
    height += 50 if slanted else 0
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = 4 * _nice_max(max((v for _, values in series for v in values), default=0.0) / 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="{left}" y="16" {FONT} font-weight="bold">{escape(title)}</text>',
    ]
    parts += _legend(series, width - 110 * len(series), 16, colours) if len(series) > 1 else []
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e2e8f0"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>'
            f"{_number(peak * i / 4, percent)}</text>"
        )
    group = plot_w / max(len(labels), 1)
    bar = group * 0.8 / max(len(series), 1)
    every = max(1, len(labels) // 16)  # label at most 16 groups
    for g, label in enumerate(labels):
        x0 = left + g * group + group * 0.1
        for s, (name, values) in enumerate(series):
            value = values[g] if g < len(values) else 0.0
            h = plot_h * value / peak
            parts.append(
                f'<rect x="{x0 + s * bar:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{colours[s % len(colours)]}">'
                f"<title>{escape(name)} {escape(label)}: {_number(value, percent)}</title></rect>"
            )
        if g % every == 0:
            x, y = x0 + group * 0.4, top + plot_h + 14
            turn = f' transform="rotate(-35 {x:.1f} {y})"' if slanted else ""
            anchor = "end" if slanted else "middle"
            parts.append(
                f'<text x="{x:.1f}" y="{y}" text-anchor="{anchor}"{turn} {FONT}>'
                f"{escape(label)}</text>"
            )
    parts.append("</svg>")
    return "\n".join(parts)


def hbar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    width: int = 640,
    limit: float | None = None,
    maximum: float = 1.0,
) -> str:
    """Horizontal bars, one per label (e.g. a distance per column), with an optional limit."""
    row, left, top = 18, 280, 30
    height = top + row * max(len(labels), 1) + 12
    plot_w = width - left - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="8" y="16" {FONT} font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        w = plot_w * min(value, maximum) / maximum
        colour = COLOURS[2] if limit is not None and value > limit else COLOURS[1]
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" {FONT}>'
            f"{escape(_short(label))}</text>"
        )
        parts.append(
            f'<rect x="{left}" y="{y + 2}" width="{max(w, 1):.1f}" height="{row - 5}" '
            f'fill="{colour}"/>'
        )
        parts.append(f'<text x="{left + max(w, 1) + 4:.1f}" y="{y + 12}" {FONT}>{value:.3f}</text>')
    if limit is not None:
        x = left + plot_w * min(limit, maximum) / maximum
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - 8}" '
            'stroke="#c53030" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
