"""The audit's result: findings, risk and utility figures, as data, JSON and terminal text.

Nothing in a report is a value from the data: findings carry a kind, a file, a column, a count
and the first row numbers (1 = the first record of the file); risk and utility carry counts,
shares and distances.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

CHECKS = ("leak", "validity", "coherence", "risk", "utility")
"""The groups findings belong to, in the order reports list them."""


def problems(count: int) -> str:
    """``1 problem``, ``2 problems``."""
    return f"{count} problem" if count == 1 else f"{count} problems"


@dataclass(frozen=True)
class Finding:
    """One problem: which check, what kind, where (file, column, first rows) and how many."""

    check: str
    kind: str
    file: str
    column: str
    count: int
    rows: tuple[int, ...]
    message: str

    def line(self) -> str:
        # A finding of a whole file (a row count) has no column to name.
        where = ": ".join(part for part in (self.file, self.column) if part)
        more = ", ..." if self.count > len(self.rows) else ""
        rows = f" (rows {', '.join(map(str, self.rows))}{more})" if self.rows else ""
        return f"{where}: {self.message}{rows}"


@dataclass(frozen=True)
class FileInfo:
    name: str
    role: str  # "original" or "washed"
    rows: int
    columns: int


@dataclass(frozen=True)
class ClassSizes:
    """k-anonymity of one side: equivalence classes over the quasi-identifiers."""

    records: int
    classes: int
    smallest: int
    records_below_k: int
    share_below_k: float
    histogram: tuple[tuple[str, int], ...]
    """Records per class-size bucket (``"1"``, ``"2"``, ``"3-4"``, ...)."""


@dataclass(frozen=True)
class Risk:
    quasi_identifiers: tuple[str, ...]
    k: int
    max_share_below_k: float | None
    washed: ClassSizes
    original: ClassSizes | None


@dataclass(frozen=True)
class Distance:
    """Total variation distance between original and washed distributions of one column."""

    column: str
    measure: str  # "values", "age" or "date"
    tvd: float


@dataclass(frozen=True)
class Histogram:
    title: str
    bins: tuple[str, ...]
    original: tuple[int, ...]
    washed: tuple[int, ...]


@dataclass
class AuditReport:
    """Everything the audit found and measured."""

    files: list[FileInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    risk: Risk | None = None
    distances: list[Distance] = field(default_factory=list)
    histograms: list[Histogram] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """How much was checked (cells scanned, values searched for, ids checked, ...)."""
    notes: list[str] = field(default_factory=list)
    """Checks that could not run, and why."""
    thresholds: dict[str, float | int | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing was found: the washed data may be published."""
        return not self.findings

    def by_check(self, check: str) -> list[Finding]:
        return [f for f in self.findings if f.check == check]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["summary"] = {check: len(self.by_check(check)) for check in CHECKS}
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def summary(self) -> str:
        """A readable summary for the terminal."""
        from washer.audit._summary import summary_text

        return summary_text(self)
