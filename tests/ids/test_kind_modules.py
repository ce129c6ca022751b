"""Every kind module against the one interface, plus python-stdnum as a reference."""

from __future__ import annotations

import datetime
import doctest
import random
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer as stdnum_fnr
from stdnum.no import orgnr as stdnum_orgnr

from washer.ids import (
    KIND_MODULES,
    DatedIdModule,
    IdModule,
    ValidationError,
    classify,
    dnr,
    fh,
    fnr,
    hnr,
    is_valid_2032,
    is_valid_classic,
    orgnr,
    passport,
    synthetic,
)
from washer.testing import strategies as ids_st

JUNK = [
    "",
    " ",
    "-",
    "abc",
    "0",
    "1234",
    "00000000000",
    "12345678901234",
    "!!!!!!!",
    "٠١٢٣٤٥٦٧٨٩٠",
]
VALID = {
    "fnr": ids_st.fodselsnummer(),
    "dnr": ids_st.d_numbers(),
    "hnr": ids_st.h_numbers(),
    "synthetic": ids_st.synthetic_numbers(),
    "fh": ids_st.fh_numbers(),
    "orgnr": ids_st.organisasjonsnummer(),
    "passport": ids_st.passport_numbers(),
}
DATED: dict[str, DatedIdModule] = {"fnr": fnr, "dnr": dnr, "hnr": hnr, "synthetic": synthetic}
names = pytest.mark.parametrize("name", sorted(KIND_MODULES))


def test_every_kind_has_the_interface() -> None:
    for module in KIND_MODULES.values():
        typed: IdModule = module  # mypy checks the Protocol; this checks at run time
        for function in ("compact", "validate", "is_valid", "format", "generate"):
            assert callable(getattr(typed, function))
    for module in DATED.values():
        assert callable(module.get_birth_date) and callable(module.get_gender)


@pytest.mark.parametrize("module", [*KIND_MODULES.values()], ids=sorted(KIND_MODULES))
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@names
@pytest.mark.parametrize("junk", JUNK)
def test_junk_is_never_valid(name: str, junk: str) -> None:
    module = KIND_MODULES[name]
    assert not module.is_valid(junk)
    with pytest.raises(ValidationError):
        module.validate(junk)


@names
@given(data=st.data())
def test_malformed_and_random_text_are_not_valid(name: str, data: st.DataObject) -> None:
    module = KIND_MODULES[name]
    assert not module.is_valid(data.draw(ids_st.malformed_ids()))
    module.is_valid(data.draw(st.text()))  # never raises


@names
@given(data=st.data())
def test_validate_is_idempotent_and_survives_format(name: str, data: st.DataObject) -> None:
    module = KIND_MODULES[name]
    number = data.draw(VALID[name])
    canonical = module.validate(number)
    assert module.validate(canonical) == canonical
    assert module.compact(canonical) == canonical
    assert module.validate(module.format(canonical)) == canonical
    assert module.validate(f" {module.format(canonical).lower()}\t") == canonical


@names
@given(seed=st.integers(0, 2**32))
def test_generate_gives_valid_numbers(name: str, seed: int) -> None:
    module = KIND_MODULES[name]
    assert module.is_valid(module.generate(random.Random(seed)))


@pytest.mark.parametrize("name", sorted(DATED))
@given(data=st.data())
def test_generate_keeps_birth_date_and_gender(name: str, data: st.DataObject) -> None:
    module = DATED[name]
    born = data.draw(st.dates(datetime.date(1854, 1, 1), datetime.date(2039, 12, 31)))
    gender = data.draw(st.sampled_from(["F", "M"]))
    number = module.generate(
        random.Random(data.draw(st.integers())), birth_date=born, gender=gender
    )
    assert module.get_birth_date(number) == born
    assert module.get_gender(number) == gender
    assert is_valid_classic(number)


@pytest.mark.parametrize("module", [fnr, dnr, hnr])
@given(data=st.data())
def test_classic_numbers_agree_with_stdnum(module: DatedIdModule, data: st.DataObject) -> None:
    strategy = {fnr: ids_st.fodselsnummer, dnr: ids_st.d_numbers, hnr: ids_st.h_numbers}[module]
    number = data.draw(strategy(max_birth_date=datetime.date(2020, 12, 31)))
    assert stdnum_fnr.is_valid(number)
    assert stdnum_fnr.get_birth_date(number) == module.get_birth_date(number)
    assert stdnum_fnr.get_gender(number) == module.get_gender(number)


@given(number=ids_st.fodselsnummer(rule="2032"))
def test_2032_only_numbers_are_valid_here_and_not_in_stdnum(number: str) -> None:
    assert fnr.is_valid(number) and is_valid_2032(number) and not is_valid_classic(number)
    assert not stdnum_fnr.is_valid(number)


@given(number=ids_st.organisasjonsnummer())
def test_orgnr_agrees_with_stdnum(number: str) -> None:
    assert stdnum_orgnr.is_valid(number)
    assert number[0] in "89"


@given(number=ids_st.synthetic_numbers(max_birth_date=datetime.date(2020, 12, 31)))
def test_synthetic_numbers_are_rejected_by_stdnum(number: str) -> None:
    assert not stdnum_fnr.is_valid(number)
    assert 81 <= int(number[2:4]) <= 92


def test_generate_rejects_bad_options() -> None:
    rng = random.Random(1)
    with pytest.raises(ValueError, match="birth_date"):
        fnr.generate(rng, birth_date=datetime.date(1850, 1, 1))
    with pytest.raises(ValueError, match="gender"):
        fnr.generate(rng, gender="X")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind"):
        synthetic.generate(rng, kind="hnr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pattern"):
        passport.generate(rng, pattern="AB12")
    with pytest.raises(ValueError):
        passport.generate(rng, pattern="AAAAAAA")  # no digit: not passport-like


def test_orgnr_vat_spelling_and_first_digit() -> None:
    assert orgnr.validate("NO 988 077 917 MVA") == "988077917"
    assert not orgnr.is_valid("123456785")  # valid mod 11, but orgnr start with 8 or 9
    assert classify("988077917") != "fnr"


def test_passport_pattern() -> None:
    assert passport.get_pattern("ab-12 345") == "AA99999"
    assert not passport.is_valid("15088545610")
    assert passport.is_valid("1508854561")  # ten digits: not an 11-digit id
    assert fh.format("81234567802") == "812345 67802"
