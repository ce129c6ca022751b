"""Code values documented in the spec, parsed from its descriptions at import time.

The quarantine choice fields ``a_q_opt_l1_code`` .. ``a_q_opt_l4_code`` list their codes as
``<i>code</i> - text``; fields such as ``p_follow_up`` list their values after ``Verdier:``.
The generator draws only from these lists, so a change of the spec changes what is generated
(and a code the generator wants that the spec lacks fails at import, not in production).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from washer.schema import field_description

__all__ = [
    "COMMUTER",
    "FOLLOW_UP",
    "HOTEL_L4",
    "LEISURE",
    "LEVEL_CODES",
    "LEVEL_FIELDS",
    "NOT_CHOSEN",
    "SCENARIOS",
    "TRAVEL_METHODS",
    "TRIP_NECESSARY",
    "Scenario",
    "code_texts",
    "documented_values",
]

_CODE = re.compile(r"<i>\s*(\d+)\s*</i>\s*-\s*(.*?)\s*(?=<br>|$)", re.DOTALL)
_VALUES = re.compile(r"Verdier:\s*([^.]*)")

LEVEL_FIELDS = ("a_q_opt_l1_code", "a_q_opt_l2_code", "a_q_opt_l3_code", "a_q_opt_l4_code")
"""The four quarantine choice code fields; each has its text field without ``_code``."""

EMPTY_VALUE = "tom"  # "empty": the value is missing


def code_texts(field: str) -> dict[str, str]:
    """``{code: text}`` as the spec documents them for a ``*_code`` field, in spec order."""
    found = _CODE.findall(field_description(field))
    if not found:
        raise LookupError(f"the spec documents no codes for {field}")
    return {code: " ".join(text.split()) for code, text in found}


def documented_values(field: str) -> tuple[str | None, ...]:
    """The ``Verdier:`` list of a field; ``tom`` (empty) becomes ``None``."""
    match = _VALUES.search(field_description(field))
    if match is None:
        raise LookupError(f"the spec documents no values for {field}")
    values = [v.strip() for v in match.group(1).split(",") if v.strip()]
    return tuple(None if v == EMPTY_VALUE else v for v in values)


LEVEL_CODES: tuple[dict[str, str], ...] = tuple(code_texts(f) for f in LEVEL_FIELDS)
FOLLOW_UP = documented_values("p_follow_up")
TRAVEL_METHODS = documented_values("a_travel_method")
LEISURE = documented_values("a_is_leisure_trip")
TRIP_NECESSARY = documented_values("a_is_trip_necessary")

NOT_CHOSEN = "0"  # "Ikke valgt"


@dataclass(frozen=True)
class Scenario:
    """One kind of trip: which quarantine choices fit together, and what follows from them.

    ``l3`` and ``l4`` are weighted choices (``None``: no value). ``hotel`` marks l4 codes
    that mean a quarantine hotel; ``work`` means the employer fields are filled.
    """

    name: str
    weight: int
    l1: str
    l2: str
    l3: tuple[tuple[str, int], ...]
    l4: tuple[tuple[str | None, int], ...]
    leisure: tuple[tuple[str | None, int], ...]
    work: bool = False


HOTEL_L4 = frozenset({"4001", "4006", "4012", "4014"})
"""l4 codes that put the traveller in a quarantine hotel."""

_CRITICAL = tuple((str(c), 1) for c in [*range(3010, 3024), 3029, 3031])
_MIXED = (("Ja", 40), ("Nei", 45), (None, 15))

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "home quarantine",
        300,
        "1001",
        NOT_CHOSEN,
        ((NOT_CHOSEN, 1),),
        (("4002", 70), ("4004", 15), ("4010", 10), ("4015", 5)),
        _MIXED,
    ),
    Scenario(
        "quarantine hotel",
        60,
        "1001",
        NOT_CHOSEN,
        ((NOT_CHOSEN, 1),),
        (("4001", 70), ("4012", 25), ("4014", 5)),
        _MIXED,
    ),
    Scenario(
        "leisure quarantine",
        60,
        "1001",
        NOT_CHOSEN,
        ((NOT_CHOSEN, 1),),
        (("4011", 50), ("4013", 25), ("4006", 15), ("4008", 10)),
        (("Ja", 1),),
    ),
    Scenario(
        "work quarantine",
        100,
        "1001",
        NOT_CHOSEN,
        ((NOT_CHOSEN, 1),),
        (("4003", 80), ("4009", 10), ("4007", 10)),
        (("Nei", 1),),
        work=True,
    ),
    Scenario(
        "green country",
        120,
        "1002",
        "2001",
        (("3001", 60), ("3002", 20), ("3003", 10), ("3004", 10)),
        ((None, 1),),
        _MIXED,
    ),
    Scenario("vaccinated", 200, "1002", "2008", ((NOT_CHOSEN, 1),), ((None, 1),), _MIXED),
    Scenario(
        "commuter",
        0,
        "1002",
        "2003",
        (("3005", 80), ("3006", 12), ("3007", 8)),
        ((None, 1),),
        (("Nei", 1),),
        work=True,
    ),
    Scenario(
        "child visit",
        20,
        "1002",
        "2004",
        (("3008", 60), ("3009", 40)),
        ((None, 1),),
        (("Nei", 50), (None, 50)),
    ),
    Scenario(
        "critical function", 30, "1002", "2005", _CRITICAL, ((None, 1),), (("Nei", 1),), work=True
    ),
    Scenario(
        "work exemption",
        50,
        "1002",
        "2006",
        (("3024", 30), ("3025", 20), ("3026", 15), ("3027", 15), ("3028", 10), ("3030", 10)),
        ((None, 70), ("4003", 20), ("4005", 10)),
        (("Nei", 1),),
        work=True,
    ),
    Scenario("day trip", 10, "1002", "2002", ((NOT_CHOSEN, 1),), (("4005", 1),), (("Nei", 1),)),
    Scenario(
        "official", 5, "1002", "2007", ((NOT_CHOSEN, 1),), ((None, 1),), (("Nei", 1),), work=True
    ),
    Scenario(
        "sports", 5, "1002", "2009", ((NOT_CHOSEN, 1),), ((None, 1),), (("Nei", 1),), work=True
    ),
    Scenario(
        "funeral",
        10,
        "1002",
        "2010",
        ((NOT_CHOSEN, 1),),
        (("4014", 30), ("4015", 70)),
        (("Ja", 60), ("Nei", 40)),
    ),
)

# Commuters (weight 0 above) are the travellers living across the land border who cross
# several times; the extract assigns them this scenario.
COMMUTER = next(i for i, s in enumerate(SCENARIOS) if s.name == "commuter")


def _check_against_spec() -> None:
    """Every code and value the scenarios use must be documented in the spec."""
    l1, l2, l3, l4 = (set(level) for level in LEVEL_CODES)
    for s in SCENARIOS:
        used = [(s.l1, l1), (s.l2, l2), *((c, l3) for c, _ in s.l3)]
        used += [(c, l4) for c, _ in s.l4 if c is not None]
        for code, allowed in used:
            if code not in allowed:
                raise LookupError(f"scenario {s.name!r} uses code {code}, not in the spec")
        for value, _ in s.leisure:
            if value not in LEISURE:
                raise LookupError(f"scenario {s.name!r} uses {value!r}, not in the spec")


_check_against_spec()
