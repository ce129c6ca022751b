"""Stand-in fakes for identifying columns that a rule drops, empties or overwrites.

A column ruled ``drop``, ``null`` or ``constant`` writes no fake, but its originals still stand
in the row's free text (``ring Kari Nordmann``) and in other rows' texts. The scrub replaces an
original only by a fake, so each such column gets a *shadow* rule: the transform its category
would be washed with (a dropped first name: ``first_name`` of the person), computed like a
washed column and used only by the scrub, never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from washer.categories import Category
from washer.rules.model import ColumnRule, EntityName, OptionValue, RuleSet

HIDING = frozenset({"drop", "null", "constant"})
"""Transforms whose output carries no fake of the column's originals."""

_C = Category
_STAND_INS: dict[Category, tuple[str, EntityName | None]] = {
    _C.PERSON_ID: ("person_id", None),
    _C.FIRST_NAME: ("first_name", "person"),
    _C.LAST_NAME: ("last_name", "person"),
    _C.EMAIL: ("email", "person"),
    # Whose address: the person's, but for the columns of _ADDRESS_OWNERS.
    _C.ADDRESS: ("address", "person"),
    _C.PHONE: ("phone", None),
    _C.ORGNR: ("orgnr", None),
    _C.EMPLOYER_NAME: ("company_name", "employer"),
    _C.CONTACT_PERSON: ("full_name", "employer"),
    _C.REFERENCE_CODE: ("reference_code", None),
}

# An address category says not whose address it is; Innreiser's employer address is the
# employer's (its fake is the one `address of = "employer"` writes).
_ADDRESS_OWNERS: dict[str, EntityName] = {"a_employer_address": "employer"}


def shadow_rules(rules: RuleSet, present: Iterable[str], id_style: str) -> dict[str, ColumnRule]:
    """Column -> its shadow rule, for the ``present`` columns that hide identifying originals.

    ``id_style``: the style of the run's person ids (a shadow id must get the fake the same
    number gets in another column). A stand-in of an entity the rule file has no table for is
    left out: the audit then refuses the originals left in text.
    """
    shadows: dict[str, ColumnRule] = {}
    for column in present:
        rule = rules.columns[column]
        stand_in = _STAND_INS.get(rule.category)
        if rule.transform not in HIDING or stand_in is None:
            continue
        transform, entity = stand_in
        if rule.category is _C.ADDRESS and _ADDRESS_OWNERS.get(column) in rules.entities:
            entity = _ADDRESS_OWNERS[column]
        if entity is not None and entity not in rules.entities:
            continue
        options: Mapping[str, OptionValue] = (
            {"of": entity}
            if entity is not None
            else {"style": id_style}
            if transform == "person_id"
            else {}
        )
        shadows[column] = ColumnRule(column, transform, options, rule.category, rule.line)
    return shadows


__all__ = ["HIDING", "shadow_rules"]
