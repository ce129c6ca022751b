"""The wash as a polars plan: rules + frames -> washed frames. No click, no files.

::

    plan = plan_run(rules, [(name, columns), ...])      # fail closed on unknown columns
    keys = RunKeys.for_key(key)                          # one key, one id mapper per style
    tables = build_tables(plan, frames, keys, reference_date)   # once per run, key columns
    washed = wash_frame(plan, tables, keys, frame, columns)     # per input, lazy

Every input of one run shares the key, the date offset and the person mapping, so the same
person in two files gets the same fakes. :mod:`washer.wash` adds files around this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from washer.keys import Key
from washer.plan import Plan, plan_run
from washer.rowpass import wash_frame
from washer.tables import Tables, build_tables
from washer.transforms._base import IdMapper


@dataclass
class RunKeys:
    """The key of a run, its sub-keys, and one id mapper per style (created on first use)."""

    key: Key
    _mappers: dict[str, IdMapper] = field(default_factory=dict, repr=False)

    @classmethod
    def for_key(cls, key: Key) -> RunKeys:
        return cls(key)

    def derive(self, purpose: str) -> bytes:
        return self.key.derive(purpose)

    def id_mapper(self, style: str) -> IdMapper:
        if style not in self._mappers:
            from washer.ids import FakeIdMapper

            self._mappers[style] = FakeIdMapper(self.key, style=style)  # type: ignore[arg-type]
        return self._mappers[style]


__all__ = ["Plan", "RunKeys", "Tables", "build_tables", "plan_run", "wash_frame"]
