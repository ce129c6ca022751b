"""``manifest.json``: what a wash read, with which rules and key, and what it wrote.

The manifest names the key only by its fingerprint, never the key. It holds no timestamps,
so the same inputs, rules, key and reference date give a byte-identical manifest.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from washer._version import __version__
from washer.errors import InputError

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class FileEntry:
    path: str
    format: str
    rows: int
    sha256: str
    dialect: dict[str, str | bool] | None = None

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "path": self.path,
            "format": self.format,
            "rows": self.rows,
            "sha256": self.sha256,
        }
        if self.dialect is not None:
            entry["csv"] = self.dialect
        return entry


@dataclass(frozen=True)
class Manifest:
    rules_path: str
    rules_sha256: str
    key_fingerprint: str
    reference_date: dt.date
    date_offset_days: int
    newest_anchor_washed: dt.date | None
    persons: int
    employers: int
    inputs: tuple[FileEntry, ...]
    outputs: tuple[FileEntry, ...]
    audit: str = "not run"  # the wash sets it after its check before publishing

    def as_json(self) -> dict[str, Any]:
        return {
            "manifest_version": MANIFEST_VERSION,
            "tool": "washer",
            "version": __version__,
            "rules": {"path": self.rules_path, "sha256": self.rules_sha256},
            "key_fingerprint": self.key_fingerprint,
            "reference_date": self.reference_date.isoformat(),
            "date_offset_days": self.date_offset_days,
            "newest_anchor_date_washed": (
                self.newest_anchor_washed.isoformat() if self.newest_anchor_washed else None
            ),
            "rows": sum(o.rows for o in self.outputs),
            "persons": self.persons,
            "employers": self.employers,
            "inputs": [i.as_json() for i in self.inputs],
            "outputs": [o.as_json() for o in self.outputs],
            "audit": self.audit,
        }

    def dumps(self) -> str:
        return json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n"


def listed_outputs(directory: Path) -> list[Path] | None:
    """The data files of the wash whose manifest is in ``directory``, sorted by name; None
    where there is no manifest washer wrote.

    A directory washed into twice keeps the older outputs beside the newer ones (a wash
    never deletes files it did not write): readers of a washed directory take only these.
    Raises :class:`~washer.errors.InputError` naming a listed file that is gone.
    """
    try:
        data = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != "washer":
        return None
    outputs = data.get("outputs")
    if not isinstance(outputs, list):
        return None
    names = [o.get("path") if isinstance(o, dict) else None for o in outputs]
    if not all(isinstance(n, str) and n and Path(n).name == n for n in names):
        return None
    files = sorted(directory / str(n) for n in names)
    for file in files:
        if not file.is_file():
            raise InputError(f"{file}: listed in {directory / MANIFEST_NAME}, but missing")
    return files


__all__ = ["MANIFEST_NAME", "FileEntry", "Manifest", "listed_outputs"]
