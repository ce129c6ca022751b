"""The registry of column transforms a rule file may name, one module per family.

===================  ==========================================================
family               transforms
===================  ==========================================================
:mod:`.basic`        keep, drop, null, constant
:mod:`.ids`          person_id, orgnr
:mod:`.names`        first_name, last_name, full_name
:mod:`.contact`      phone, email
:mod:`.places`       address, company_name
:mod:`.codes`        reference_code, keyed_hash
:mod:`.dates`        event_date, birth_date
:mod:`.text`         scrub
===================  ==========================================================
"""

from __future__ import annotations

from washer.rules.registry import Registry, TransformSpec
from washer.transforms import basic, codes, contact, dates, ids, names, places, text
from washer.transforms._base import (
    PersonIdColumns,
    RowContext,
    RunKeys,
    Transform,
    ValueDomain,
)

REGISTRY: Registry[Transform] = Registry()
for _family in (basic, ids, names, contact, places, codes, dates, text):
    for _transform in _family.TRANSFORMS:
        REGISTRY.register(_transform)

SPECS: dict[str, TransformSpec] = REGISTRY.specs()
"""Transform name -> what the rule file may say about it."""

__all__ = [
    "REGISTRY",
    "SPECS",
    "PersonIdColumns",
    "RowContext",
    "RunKeys",
    "Transform",
    "ValueDomain",
]
