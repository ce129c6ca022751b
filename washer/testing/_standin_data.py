"""Vocabulary and id numbers for :mod:`washer.testing.standin` (vectorised with numpy)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.ids._checksum import numbers_array

Strings = npt.NDArray[np.str_]
Objects = npt.NDArray[np.object_]

_NO = importlib.import_module("faker.providers.person.no_NO").Provider
FEMALE: tuple[str, ...] = tuple(n for n in _NO.first_names_female if " " not in n)
MALE: tuple[str, ...] = tuple(n for n in _NO.first_names_male if " " not in n)
LAST: tuple[str, ...] = tuple(n for n in _NO.last_names if " " not in n)
STREETS = (  # real-looking streets the fake address generator never writes
    "Bjerkeveien",
    "Haugeveien",
    "Industriveien",
    "Tomtegata",
    "Lindeberglia",
    "Ekebergveien",
    "Trondheimsveien",
    "Thereses gate",
    "Ullevålsveien",
    "Sognsveien",
    "Maridalsveien",
    "Drammensveien",
)
FAKE_SURNAMES = ("Prøvesen", "Testesen", "Eksempelsen", "Demostad", "Fiktivdal")
FAKE_STREETS = ("Prøvegata", "Testveien", "Fiktivvegen", "Eksempelgata", "Demoveien")
KOMMUNER = ("0301", "4601", "5001", "1103", "3005", "1108", "4204", "3024", "3025", "1804")
KOMMUNE_WEIGHTS = (0.3, 0.15, 0.1, 0.1, 0.08, 0.07, 0.06, 0.05, 0.05, 0.04)
COUNTRIES = ("Norge", "Sverige", "Polen", "Litauen", "Danmark", "Tyskland", "Storbritannia")
COUNTRY_WEIGHTS = (0.6, 0.1, 0.1, 0.08, 0.05, 0.04, 0.03)
_SYLLABLES = ("zor", "qua", "vix", "dru", "kel", "mab", "yth", "pon", "gri", "fex")


def rare_names(rng: np.random.Generator, n: int) -> Strings:
    """Made-up names no pool holds, unique enough to be rare (``Zorquavix``)."""
    parts = np.asarray(_SYLLABLES)[rng.integers(0, len(_SYLLABLES), (n, 4))]
    return np.char.capitalize(
        np.char.add(np.char.add(parts[:, 0], parts[:, 1]), np.char.add(parts[:, 2], parts[:, 3]))
    )


def zfill(values: npt.NDArray[np.int64], width: int) -> Strings:
    if values.size == 0:  # numpy's zfill cannot size an empty array
        return np.empty(0, dtype=f"U{width}")
    return np.char.zfill(values.astype(str), width)


def _fill_unique(
    n: int,
    draw: Callable[[npt.NDArray[np.int64]], tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]],
    avoid: npt.NDArray[np.int64] | None = None,
    width: int = 11,
) -> Strings:
    """Draw numbers for every position until each is usable, new, and not in ``avoid``."""
    out = np.zeros(n, dtype=np.int64)
    todo = np.arange(n)
    banned = np.zeros(0, dtype=np.int64) if avoid is None else avoid
    while todo.size:
        number, usable = draw(todo)
        taken = np.isin(number, out[out > 0]) | np.isin(number, banned)
        _, first = np.unique(number, return_index=True)
        fresh = np.zeros(todo.size, dtype=bool)
        fresh[first] = True
        ok = usable & ~taken & fresh
        out[todo[ok]] = number[ok]
        todo = todo[~ok]
    return zfill(out, width)


def dated_ids(
    rng: np.random.Generator,
    birth: npt.NDArray[np.datetime64],
    female: npt.NDArray[np.bool_],
    *,
    day_add: int = 0,
    month_add: int = 0,
) -> Strings:
    """Distinct valid fnr (``day_add=40``: D-numbers; ``month_add=80``: synthetic) for birth
    dates between 1940 and 2039, with a gender digit that matches ``female``."""
    year = birth.astype("datetime64[Y]").astype(int) + 1970
    month = birth.astype("datetime64[M]").astype(int) % 12 + 1
    day = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    base = (day + day_add) * 10**4 + (month + month_add) * 100 + year % 100

    def draw(todo: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        first = np.where(year[todo] >= 2000, 500, 0)
        individual = first + rng.integers(0, 250, todo.size) * 2 + np.where(female[todo], 0, 1)
        return numbers_array(base[todo] * 1000 + individual)

    return _fill_unique(birth.size, draw)


def _integers(values: Sequence[str] | None) -> npt.NDArray[np.int64]:
    kept = [int(v) for v in values or () if v.isascii() and v.isdigit()]
    return np.asarray(kept, dtype=np.int64)


def fh_numbers(
    rng: np.random.Generator, n: int, first: int, avoid: Sequence[str] | None = None
) -> Strings:
    """Distinct valid FH-numbers starting with ``first`` (8 or 9), none of ``avoid``."""

    def draw(todo: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        return numbers_array(first * 10**8 + rng.integers(0, 10**8, todo.size))

    return _fill_unique(n, draw, _integers(avoid))


def person_ids(
    rng: np.random.Generator, birth: npt.NDArray[np.datetime64], female: npt.NDArray[np.bool_]
) -> dict[str, Objects]:
    """``unique``, ``dnr`` and ``fh`` columns: 70 % fnr, 15 % D-number (also in ``dnr``),
    10 % passport with an FH-number, 5 % FH-number only."""
    n = birth.size
    kind = rng.choice(4, n, p=(0.7, 0.15, 0.1, 0.05))
    fnr = dated_ids(rng, birth, female)
    dnr = dated_ids(rng, birth, female, day_add=40)
    serial = rng.permutation(10**7)[:n] if n <= 10**7 else np.arange(n)
    passport = np.char.add(
        np.asarray(("FA", "PA", "NB", "XK"))[rng.integers(0, 4, n)], zfill(serial, 7)
    )
    fh = fh_numbers(rng, n, 8)
    none = np.full(n, None, dtype=object)
    unique = np.select([kind == 0, kind == 1, kind == 2], [fnr, dnr, passport], "")
    return {
        "unique": np.where(kind == 3, none, unique.astype(object)),
        "dnr": np.where(kind == 1, dnr.astype(object), none),
        "fh": np.where(kind >= 2, fh.astype(object), none),
    }


def pick(
    rng: np.random.Generator, pool: tuple[str, ...], n: int, p: tuple[float, ...] | None = None
) -> Strings:
    return np.asarray(pool)[rng.choice(len(pool), n, p=p)]


def digit_strings(rng: np.random.Generator, n: int, width: int) -> Strings:
    return zfill(rng.integers(0, 10**width, n), width)


def phones(rng: np.random.Generator, n: int) -> Strings:
    """Norwegian mobiles in three spellings (``91234567``, ``+47 912 34 567``, ``0047...``)
    and a tenth Swedish numbers."""
    national = np.char.add(pick(rng, ("9", "4"), n), digit_strings(rng, n, 7))
    s = pl.Series(national)
    spaced = (
        "+47 " + s.str.slice(0, 3) + " " + s.str.slice(3, 2) + " " + s.str.slice(5)
    ).to_numpy()
    style = rng.integers(0, 10, n)
    out = np.where(style < 4, national, np.where(style < 7, spaced, np.char.add("0047", national)))
    return np.where(style == 9, np.char.add("+46 70 ", digit_strings(rng, n, 7)), out)


def orgnrs(
    rng: np.random.Generator, n: int, first: int, avoid: Sequence[str] | None = None
) -> Strings:
    """Distinct valid organisation numbers starting with ``first``, none of ``avoid``."""
    weights = np.array((3, 2, 7, 6, 5, 4, 3, 2))

    def draw(todo: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        body = first * 10**7 + rng.integers(0, 10**7, todo.size)
        digits = (body[:, None] // 10 ** np.arange(7, -1, -1)) % 10
        check = (11 - (digits * weights).sum(1) % 11) % 11
        return body * 10 + check, check != 10

    return _fill_unique(n, draw, _integers(avoid), width=9)


def concat(*parts: object) -> Strings:
    out = np.asarray(parts[0]).astype(str)
    for part in parts[1:]:
        out = np.char.add(out, np.asarray(part).astype(str))
    return out


def series(name: str, values: object) -> pl.Series:
    array = np.asarray(values)
    if array.dtype == object:  # holds None for empty cells
        return pl.Series(name, array.tolist(), pl.String)
    return pl.Series(name, array.astype(str), pl.String)
