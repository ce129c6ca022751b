"""A wash plan: the rules resolved against the columns of one run's inputs.

:func:`plan_run` refuses (fail closed) any input column that no rule names, and works out what
the run must compute once before the row pass: which value domains, which entity fields,
which person-id columns (with their style), and whether dates move.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from washer.errors import InputError, RuleError
from washer.rules.model import ColumnRule, EntityName, RuleSet
from washer.shadows import shadow_rules
from washer.transforms import REGISTRY, Transform, ValueDomain
from washer.transforms.ids import PersonId

DEFAULT_STYLE = "synthetic"


@dataclass(frozen=True)
class Plan:
    rules: RuleSet
    inputs: tuple[tuple[str, ...], ...]  # the columns of each input, in order
    transforms: Mapping[str, Transform]  # every column present in some input
    domains: Mapping[str, tuple[ValueDomain, tuple[str, ...]]]
    entity_fields: Mapping[EntityName, frozenset[str]]
    id_styles: Mapping[str, str]  # person-id column -> id style
    event_dates: bool  # some column moves by the run's offset
    # identifying column ruled drop/null/constant -> the rule whose fake replaces its
    # originals in free text (washer.shadows)
    shadows: Mapping[str, ColumnRule] = field(default_factory=dict)

    def faking(self, column: str) -> tuple[Transform, ColumnRule]:
        """The transform and rule whose fakes stand for ``column``'s originals: its own, or
        its shadow's when its rule writes no fake."""
        shadow = self.shadows.get(column)
        if shadow is not None:
            return REGISTRY[shadow.transform], shadow
        return self.transforms[column], self.rules.columns[column]

    @property
    def free_text(self) -> tuple[str, ...]:
        """The free-text columns of the run (ruled ``scrub``), in first-seen order."""
        return tuple(c for c in self.transforms if self.rules.columns[c].transform == "scrub")

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column of the run, in first-seen order."""
        seen: dict[str, None] = {}
        for columns in self.inputs:
            seen.update(dict.fromkeys(columns))
        return tuple(seen)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def plan_run(rules: RuleSet, inputs: Sequence[tuple[str, Sequence[str]]]) -> Plan:
    """Resolve ``rules`` for inputs given as (name for messages, columns)."""
    for label, columns in inputs:
        missing = rules.uncovered(list(columns))
        if missing and len(missing) == len(columns):
            # Its first line is most likely a record, not a header: never print values.
            raise InputError(
                f"{label}: none of its {len(columns)} columns has a rule in {rules.path} "
                "(does its first line name the columns?)"
            )
        if missing:
            noun = "column" if len(missing) == 1 else "columns"
            raise InputError(
                f"{label}: no rule in {rules.path} for {noun} {_quoted(missing)} "
                "(every column must be named; add it under [columns])"
            )
    present: dict[str, None] = {}
    for _, columns in inputs:
        present.update(dict.fromkeys(columns))
    transforms = {c: REGISTRY[rules.columns[c].transform] for c in present}
    # The rule file gives every person_id column one style; a hidden id's stand-in takes it.
    styles = [r.options["style"] for r in rules.columns.values() if r.transform == "person_id"]
    shadows = shadow_rules(rules, present, str(styles[0]) if styles else DEFAULT_STYLE)

    domains: dict[str, tuple[ValueDomain, list[str]]] = {}
    fields: dict[EntityName, set[str]] = {}
    id_styles: dict[str, str] = {}
    for column in transforms:
        rule = shadows.get(column, rules.columns[column])
        transform = REGISTRY[rule.transform]
        domain = transform.domain(rule)
        if domain is not None:
            domains.setdefault(domain.name, (domain, []))[1].append(column)
        wanted = transform.entity_fields(rule)
        if wanted is not None:
            entity, names = wanted
            fields.setdefault(entity, set()).update(names)
        if isinstance(transform, PersonId):
            id_styles[column] = str(rule.options.get("style", DEFAULT_STYLE))
    person = rules.entities.get("person")
    if person is not None:
        for column in person.ids:
            id_styles.setdefault(column, DEFAULT_STYLE)
    event_dates = any(rules.columns[c].transform == "event_date" for c in present)
    if event_dates and rules.anchor is None:
        raise RuleError(
            f"{rules.path}: dates.anchor: event dates move, but no [dates] anchor column says "
            "by how much"
        )
    if event_dates and rules.anchor not in present:
        line = f", line {rules.anchor_line}" if rules.anchor_line else ""
        raise RuleError(
            f'{rules.path}{line}: dates.anchor: no input has the column "{rules.anchor}" '
            "that event dates move by"
        )
    return Plan(
        rules,
        tuple(tuple(columns) for _, columns in inputs),
        transforms,
        {name: (domain, tuple(cols)) for name, (domain, cols) in domains.items()},
        {entity: frozenset(names) for entity, names in fields.items()},
        id_styles,
        event_dates,
        shadows,
    )


__all__ = ["DEFAULT_STYLE", "Plan", "plan_run"]
