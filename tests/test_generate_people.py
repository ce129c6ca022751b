"""Generated travellers: identity mix, ids matching birth dates, repeated persons, contact
details, names from the country of residence, employers and free text."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.resources import files

import polars as pl
import pytest
from stdnum.no import fodselsnummer, orgnr

from washer.generate import generate_extract
from washer.generate.countries import COUNTRIES
from washer.generate.freetext import FREE_TEXT_FIELDS
from washer.generate.people import EMAIL_DOMAINS
from washer.ids._checksum import is_valid_classic

REFERENCE = dt.date(2021, 3, 31)
PERSON_FIELDS = (
    "p_first_name",
    "p_last_name",
    "p_birth_date",
    "p_phone",
    "p_email",
    "p_dnr",
    "p_country_of_residence",
    "p_lang_follow_up",
    "p_updated",
    "p_follow_up",
    "p_follow_up_time",
)


def _numeric(value: str | None) -> bool:
    """An 11-digit person number (passport numbers may be all digits but are shorter)."""
    return value is not None and len(value) == 11 and value.isdigit()


@pytest.fixture(scope="module")
def extract() -> pl.DataFrame:
    return generate_extract(10_000, seed=23, reference_date=REFERENCE)


def _kind(unique_id: str | None, dnr: str | None) -> str:
    if unique_id is None:
        return "fh"
    if unique_id == dnr:
        return "dnr"
    return "fnr" if fodselsnummer.is_valid(unique_id) else "passport"


def test_identity_mix_is_mostly_fnr_with_d_numbers_passports_and_fh(
    extract: pl.DataFrame,
) -> None:
    persons = extract.select("p_unique_id", "p_dnr", "p_fh_number", "p_phone").unique()
    kinds = [_kind(u, d) for u, d, _, _ in persons.iter_rows()]
    share = {k: kinds.count(k) / len(kinds) for k in ("fnr", "dnr", "passport", "fh")}
    assert share["fnr"] > 0.5
    assert 0.10 < share["dnr"] < 0.35
    assert 0.03 < share["passport"] < 0.20
    assert 0.02 < share["fh"] < 0.15


def test_ids_are_valid_and_birth_dates_match_them(extract: pl.DataFrame) -> None:
    for row in extract.iter_rows(named=True):
        unique_id, dnr, fh = row["p_unique_id"], row["p_dnr"], row["p_fh_number"]
        born = dt.date.fromisoformat(row["p_birth_date"])
        assert born < REFERENCE
        for number in (n for n in (unique_id, dnr) if _numeric(n)):
            assert fodselsnummer.is_valid(number), number
            assert fodselsnummer.get_birth_date(number) == born
        if dnr is not None:
            assert dnr[0] in "4567"  # a D-number: day + 40
            assert unique_id == dnr or not _numeric(unique_id)  # passport holders got one
        if fh is not None:
            assert fh[0] in "89" and is_valid_classic(fh)
            assert not _numeric(unique_id)  # only for those without fnr or D-number
        if unique_id is None:
            assert fh is not None and dnr is None


def test_first_names_match_the_gender_digit_and_the_country(extract: pl.DataFrame) -> None:
    pools = json.loads(files("washer.data").joinpath("name_pools.json").read_text("utf-8"))
    locale = {c.name: c.locale for c in COUNTRIES}
    checked = 0
    for row in extract.iter_rows(named=True):
        lists = pools["locales"][locale[row["p_country_of_residence"]]]
        first = row["p_first_name"]
        assert first in lists["female"] or first in lists["male"]
        number = row["p_dnr"] or row["p_unique_id"]
        if _numeric(number):
            assert number is not None
            female = int(number[8]) % 2 == 0
            assert first in lists["female" if female else "male"], (first, number)
            checked += 1
    assert checked > 5000


def test_persons_repeat_identically_across_their_trips(extract: pl.DataFrame) -> None:
    by_person = extract.group_by("p_unique_id", "p_fh_number").agg(
        pl.len().alias("trips"), *(pl.col(f).n_unique().alias(f) for f in PERSON_FIELDS)
    )
    for field in PERSON_FIELDS:
        assert (by_person[field] == 1).all(), field
    several = by_person.filter(pl.col("trips") > 1).height / by_person.height
    assert several > 0.15


def test_phones_have_the_country_code_of_the_country_of_residence(
    extract: pl.DataFrame,
) -> None:
    lengths = {c.name: (c.calling_code, c.national_length) for c in COUNTRIES}
    for phone, country in extract.select("p_phone", "p_country_of_residence").iter_rows():
        code, length = lengths[country]
        assert re.fullmatch(rf"\+{code}\d{{{length}}}", phone), (phone, country)
    norwegian = extract.filter(pl.col("p_country_of_residence") == "Norge")["p_phone"]
    assert norwegian.str.contains(r"^\+47[49]\d{7}$").all()  # Norwegian mobiles


def test_emails_use_reserved_domains_only(extract: pl.DataFrame) -> None:
    emails = extract["p_email"].drop_nulls()
    assert emails.len() > 0.8 * extract.height
    for email in emails.to_list():
        local, domain = email.split("@")
        assert re.fullmatch(r"[a-z0-9.]+", local), email
        assert domain in EMAIL_DOMAINS
        assert domain.endswith((".example", ".test", "example.com", "example.net", "example.org"))


def test_work_trips_carry_a_consistent_valid_employer(extract: pl.DataFrame) -> None:
    employed = extract.filter(pl.col("a_employer_org_number").is_not_null())
    assert 0.05 < employed.height / extract.height < 0.5
    assert employed["a_is_leisure_trip"].drop_nulls().unique().to_list() == ["Nei"]
    assert all(orgnr.is_valid(n) for n in employed["a_employer_org_number"].to_list())
    per_employer = employed.group_by("a_employer_org_number").agg(
        pl.col("a_employer_name", "a_employer_address").n_unique(), pl.len()
    )
    assert (per_employer["a_employer_name"] == 1).all()
    assert (per_employer["a_employer_address"] == 1).all()
    assert max(per_employer["len"].to_list()) > 5  # some employers send many travellers
    phones = employed["a_employer_contact_phone"].drop_nulls()
    assert phones.str.contains(r"^\+47[49]\d{7}$").all()


def test_free_text_sometimes_mentions_the_travellers_own_details(extract: pl.DataFrame) -> None:
    mentions = {field: 0 for field in FREE_TEXT_FIELDS}
    filled = dict.fromkeys(FREE_TEXT_FIELDS, 0)
    for row in extract.iter_rows(named=True):
        own = [row["p_phone"], row["p_phone"][3:], f"{row['p_first_name']} {row['p_last_name']}"]
        own += [v for v in (row["p_unique_id"], row["p_dnr"], row["p_fh_number"]) if v]
        for field in FREE_TEXT_FIELDS:
            text = row[field]
            if text is not None:
                filled[field] += 1
                mentions[field] += any(value in text for value in own)
    for field in FREE_TEXT_FIELDS:
        assert filled[field] > 0, field
        assert 0 < mentions[field] < 0.3 * filled[field], field


def test_an_email_with_a_year_carries_the_birth_years_last_two_digits(
    extract: pl.DataFrame,
) -> None:
    # The style without a dot is first name, last name and the birth year: 1985 gives "85".
    dated = extract.select("p_email", "p_birth_date").drop_nulls().unique()
    dated = dated.filter(pl.col("p_email").str.contains(r"^[a-z]+[0-9]{2}@"))
    assert dated.height > 100
    for email, birth in dated.iter_rows():
        assert email.split("@")[0][-2:] == birth[2:4], (email, birth)
