"""What each ``Innreiser`` field is, as far as privacy is concerned.

The wash's rules decide how a column is transformed; the audit needs to know which columns
carried identifying values in the original (to search for them everywhere in the output) and
which are quasi-identifiers (for re-identification risk). Both read this one vocabulary.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    PERSON_ID = "person_id"  # fnr, D-number, FH-number, passport
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    BIRTH_DATE = "birth_date"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    ORGNR = "orgnr"
    EMPLOYER_NAME = "employer_name"
    CONTACT_PERSON = "contact_person"
    REFERENCE_CODE = "reference_code"
    FREE_TEXT = "free_text"
    EVENT_DATE = "event_date"
    ATTRIBUTE = "attribute"  # codes, kommune numbers, countries, counts: kept as they are


IDENTIFYING: frozenset[Category] = frozenset(
    {
        Category.PERSON_ID,
        Category.FIRST_NAME,
        Category.LAST_NAME,
        Category.PHONE,
        Category.EMAIL,
        Category.ADDRESS,
        Category.ORGNR,
        Category.EMPLOYER_NAME,
        Category.CONTACT_PERSON,
        Category.REFERENCE_CODE,
    }
)
"""Categories whose original values must appear nowhere in washed output."""

_C = Category
DEFAULT_CATEGORIES: dict[str, Category] = {
    "a_reference_code": _C.REFERENCE_CODE,
    "p_unique_id": _C.PERSON_ID,
    "p_dnr": _C.PERSON_ID,
    "p_fh_number": _C.PERSON_ID,
    "p_first_name": _C.FIRST_NAME,
    "p_last_name": _C.LAST_NAME,
    "p_birth_date": _C.BIRTH_DATE,
    "p_phone": _C.PHONE,
    "a_employer_contact_phone": _C.PHONE,
    "p_email": _C.EMAIL,
    "a_location_address": _C.ADDRESS,
    "a_employer_address": _C.ADDRESS,
    "a_employer_org_number": _C.ORGNR,
    "a_employer_name": _C.EMPLOYER_NAME,
    "a_employer_contact_person": _C.CONTACT_PERSON,
    "a_travel_method_extra": _C.FREE_TEXT,
    "a_travel_method_extra2": _C.FREE_TEXT,
    "a_hotel_name": _C.FREE_TEXT,
    "a_border_crossing_quarantine_assessment": _C.FREE_TEXT,
    "a_quarantine_reg_arrival_hotel": _C.FREE_TEXT,
    "a_quarantine_reg_departure_hotel": _C.FREE_TEXT,
    "a_date": _C.EVENT_DATE,
    "a_updated": _C.EVENT_DATE,
    "p_updated": _C.EVENT_DATE,
    "p_follow_up_time": _C.EVENT_DATE,
    "a_quarantine_reg_arrival": _C.EVENT_DATE,
    "a_quarantine_reg_departure": _C.EVENT_DATE,
    "a_border_crossing_arrival": _C.EVENT_DATE,
}
"""Every field not named here is an :attr:`Category.ATTRIBUTE` (kept as it is)."""

QUASI_IDENTIFIERS: tuple[str, ...] = (
    "p_birth_date",  # reduced to the birth year
    "p_unique_id",  # reduced to the gender digit
    "municipality_number",
    "a_date",
    "p_country_of_residence",
)
"""Fields an attacker could link on; the audit measures k-anonymity over them (reduced)."""


def category_of(field: str) -> Category:
    """The default category of a field."""
    return DEFAULT_CATEGORIES.get(field, Category.ATTRIBUTE)
