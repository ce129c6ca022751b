"""Find the line of a key in TOML text (tomllib reports none for semantic errors).

A small line scanner, not a TOML parser: it follows ``[table]`` headers and ``key = ...``
lines (dotted and quoted keys included) and the keys of one-line inline tables, and returns
the line whose key path matches the wanted path furthest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_PART = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?")
_KEYLINE = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_DOTTED})\s*=")
_SPLIT = re.compile(_PART)


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _SPLIT.findall(dotted))


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _keys(text: str) -> Iterator[tuple[int, list[tuple[str, ...]]]]:
    """(line number, the key paths that line sets or opens) for every line of ``text``."""
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0] if '"' not in line else line
        candidates: list[tuple[str, ...]] = []
        header = _HEADER.match(stripped)
        if header:
            table = _parts(header.group(1))
            candidates.append(table)
        else:
            key = _KEYLINE.match(stripped)
            if key:
                own = (*table, *_parts(key.group(1)))
                candidates.append(own)
                rest = stripped[key.end() :]
                if "{" in rest:
                    candidates += [(*own, *_parts(k)) for k in _INLINE_KEY.findall(rest)]
        yield number, candidates


def find_line(text: str, path: tuple[str, ...]) -> int | None:
    """1-based line where ``path`` (e.g. ``("columns", "p_phone", "transform")``) is set."""
    best, best_score = None, 0
    for number, candidates in _keys(text):
        for candidate in candidates:
            score = _common(candidate, path)
            if score == len(candidate) and score > best_score:
                best, best_score = number, score
    return best


def key_at(text: str, line: int) -> tuple[str, ...] | None:
    """The key path that 1-based ``line`` sets or opens (its first), if any."""
    for number, candidates in _keys(text):
        if number == line:
            return candidates[0] if candidates else None
    return None


__all__ = ["find_line", "key_at"]
