"""Vectorised fake values for ``washer wash``: names, phones, e-mails, addresses, companies,
trip ids and scrubbed free text.

Every function takes and returns polars Series, works on whole columns (per distinct value
where that is cheaper), maps nulls to nulls, and is deterministic: the same inputs and key give
the same fakes on every machine and version. Pools are frozen in ``washer/data/fake_pools.json``
(built once from Faker's name lists by ``tools/build_pools.py``); Faker is not used at run time.

Seed-based fakes (names, e-mails, addresses, companies) take one ``UInt64`` seed per person or
employer (e.g. :func:`keyed_hash64` of the person key) and derive an independent stream per
field, so one seed gives a person all their fakes. Value-based fakes (phones, trip ids) take a
sub-key and map equal values to equal fakes.
"""

from washer.fakes.addresses import street_addresses, street_addresses_numbered
from washer.fakes.companies import company_addresses, company_names
from washer.fakes.emails import (
    fake_emails,
    fake_emails_by_value,
    fake_emails_drawn,
    normalize_email,
)
from washer.fakes.keyed import derive_seeds, keyed_hash64
from washer.fakes.names import (
    first_names,
    first_names_drawn,
    full_names,
    last_names,
    last_names_drawn,
    last_numbers,
    normalize_name,
    normalize_name_expr,
    pool_normal,
    positions_in,
    same_names,
    shares_a_word,
    word_sharing,
)
from washer.fakes.phones import fake_phones, national_numbers, normalize_phone, phone_parts
from washer.fakes.reference import fake_reference_codes
from washer.fakes.scrub import known_values, scrub_text

__all__ = [
    "company_addresses",
    "company_names",
    "derive_seeds",
    "fake_emails",
    "fake_emails_by_value",
    "fake_emails_drawn",
    "fake_phones",
    "fake_reference_codes",
    "first_names",
    "first_names_drawn",
    "full_names",
    "keyed_hash64",
    "known_values",
    "last_names",
    "last_names_drawn",
    "last_numbers",
    "national_numbers",
    "normalize_email",
    "normalize_name",
    "normalize_name_expr",
    "normalize_phone",
    "phone_parts",
    "pool_normal",
    "positions_in",
    "same_names",
    "scrub_text",
    "shares_a_word",
    "street_addresses",
    "street_addresses_numbered",
    "word_sharing",
]
