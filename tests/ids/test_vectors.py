"""Every test vector of docs/norwegian-ids.md, as examples for each kind."""

from __future__ import annotations

import datetime

import pytest
from stdnum import exceptions as stdnum_exc
from stdnum.no import fodselsnummer as stdnum_fnr

from washer.ids import (
    IdKind,
    InvalidChecksum,
    InvalidComponent,
    classify,
    dnr,
    fh,
    fnr,
    hnr,
    is_valid_2032,
    is_valid_classic,
    synthetic,
)

D = datetime.date
# number, kind, classic, 2032, what stdnum 2.2 says (True, or the exception), birth date, gender
VECTORS = [
    ("15088545610", IdKind.FNR, True, True, True, D(1985, 8, 15), "F"),
    ("01019070022", IdKind.FNR, True, True, True, D(1890, 1, 1), "F"),
    ("01015095012", IdKind.FNR, True, True, True, D(1950, 1, 1), "F"),
    ("55088545604", IdKind.DNR, True, True, True, D(1985, 8, 15), "F"),
    ("69020050071", IdKind.DNR, True, True, True, D(2000, 2, 29), "F"),
    ("15488545784", IdKind.HNR, True, True, True, D(1985, 8, 15), "M"),
    (
        "15888545686",
        IdKind.SYNTHETIC_FNR,
        True,
        True,
        stdnum_exc.InvalidComponent,
        D(1985, 8, 15),
        "F",
    ),
    (
        "55888545750",
        IdKind.SYNTHETIC_DNR,
        True,
        True,
        stdnum_exc.InvalidComponent,
        D(1985, 8, 15),
        "M",
    ),
    ("81234567802", IdKind.FH, True, True, stdnum_exc.InvalidComponent, None, None),
    ("91234510024", IdKind.FH, True, True, stdnum_exc.InvalidComponent, None, None),
    ("02013299903", IdKind.FNR, False, True, stdnum_exc.InvalidChecksum, D(2032, 1, 2), None),
    ("30108299939", IdKind.FNR, False, True, stdnum_exc.InvalidChecksum, D(1982, 10, 30), None),
    ("30108299920", IdKind.FNR, True, True, True, D(1982, 10, 30), "M"),  # 9th digit 9
    ("41819077906", IdKind.SYNTHETIC_DNR, False, True, stdnum_exc.ValidationError, None, None),
    ("20036914712", IdKind.MALFORMED, False, False, stdnum_exc.InvalidChecksum, None, None),
    ("29020105729", IdKind.MALFORMED, True, True, stdnum_exc.InvalidComponent, None, None),
    # classic check digits, but III 800 with YY 60 has no century: invalid before 2032; the
    # 2032 rule no longer encodes the century, so it is a valid (post-2032) fnr without a date
    ("01016080000", IdKind.FNR, True, True, stdnum_exc.InvalidComponent, None, None),
]
TENOR_FNR = [
    "17912099997",
    "29822099635",
    "05840399895",
    "12829499914",
    "12905299938",
    "21883649874",
    "21929774873",
]
TENOR_DNR = [
    "57912075186",
    "69822075096",
    "45840375084",
    "52829400197",
    "52905200100",
    "61883600222",
    "61929750062",
]
STDNUM_EXAMPLES = ["15108695088", "10048744732", "26111593816", "23114048690"]
MODULES = {
    IdKind.FNR: fnr,
    IdKind.DNR: dnr,
    IdKind.HNR: hnr,
    IdKind.SYNTHETIC_FNR: synthetic,
    IdKind.SYNTHETIC_DNR: synthetic,
    IdKind.FH: fh,
}


@pytest.mark.parametrize(
    ("number", "kind", "classic", "rule_2032", "stdnum", "born", "gender"), VECTORS
)
def test_vector(
    number: str,
    kind: IdKind,
    classic: bool,
    rule_2032: bool,
    stdnum: bool | type[Exception],
    born: D | None,
    gender: str | None,
) -> None:
    assert classify(number) == kind
    assert is_valid_classic(number) is classic
    assert is_valid_2032(number) is rule_2032
    if stdnum is True:
        assert stdnum_fnr.validate(number) == number
    else:
        assert isinstance(stdnum, type)
        with pytest.raises(stdnum):
            stdnum_fnr.validate(number)
    module = MODULES.get(kind)
    for other in {fnr, dnr, hnr, synthetic, fh} - {module}:
        assert not other.is_valid(number)
    if module is None:
        return
    spaced = f" {number[:6]} {number[6:]} "
    assert module.validate(spaced) == number
    if born is not None:
        assert module.get_birth_date(number) == born  # type: ignore[attr-defined]
    if gender is not None:
        assert module.get_gender(number) == gender  # type: ignore[attr-defined]


def test_no_century_means_no_birth_date() -> None:
    with pytest.raises(InvalidComponent):
        fnr.get_birth_date("01016080000")
    with pytest.raises(InvalidComponent):
        synthetic.get_birth_date("41819077906")  # III 779 with YY 90


def test_invalid_vector_reports_the_checksum() -> None:
    with pytest.raises(InvalidChecksum):
        fnr.validate("20036914712")
    with pytest.raises(InvalidComponent):
        fnr.validate("29020105729")


@pytest.mark.parametrize("number", TENOR_FNR)
def test_skatteetaten_synthetic_fnr(number: str) -> None:
    assert classify(number) == IdKind.SYNTHETIC_FNR
    assert is_valid_classic(number)
    assert synthetic.get_kind(number) == "fnr"
    born = synthetic.get_birth_date(number)
    assert (born.day, born.month) == (int(number[:2]), int(number[2:4]) - 80)
    assert not stdnum_fnr.is_valid(number)


@pytest.mark.parametrize("number", TENOR_DNR)
def test_skatteetaten_synthetic_dnr(number: str) -> None:
    assert classify(number) == IdKind.SYNTHETIC_DNR
    assert is_valid_classic(number)
    assert synthetic.get_kind(number) == "dnr"
    born = synthetic.get_birth_date(number)
    assert (born.day, born.month) == (int(number[:2]) - 40, int(number[2:4]) - 80)


@pytest.mark.parametrize("number", STDNUM_EXAMPLES)
def test_stdnum_examples(number: str) -> None:
    assert classify(number) == IdKind.FNR
    assert fnr.get_birth_date(number) == stdnum_fnr.get_birth_date(number)
    assert fnr.get_gender(number) == stdnum_fnr.get_gender(number)
