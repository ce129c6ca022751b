"""Stand-ins for testing and benchmarking the audit: a synthetic extract and a simple wash.

:func:`synthetic_extract` builds production-shaped originals (all 55 ``Innreiser`` fields;
persons with several trips; fnr, D-number, passport and FH ids; phones in several spellings;
a few rare made-up last names; employers; free text that repeats the traveller's phone).
:func:`stand_in_wash` replaces every identifying value by a fake drawn from a set disjoint from
the originals, keeps rows in order, shifts dates and keeps attributes: output the audit must
pass. Both are vectorised and deterministic per seed. Neither is the real generator nor the
real wash; they let the audit be tested before those exist.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.audit import normalise as norm
from washer.audit._idcheck import analyse_ids
from washer.audit._pools import name_pools
from washer.categories import DEFAULT_CATEGORIES, Category
from washer.schema import INNREISER_FIELDS
from washer.testing import _standin_data as data

Strings = npt.NDArray[np.str_]
NEWEST = np.datetime64("2021-09-04")
_NONE = np.array(None, dtype=object)


def _pick(
    rng: np.random.Generator, pool: tuple[str, ...], n: int, p: tuple[float, ...] | None = None
) -> Strings:
    return np.asarray(pool)[rng.choice(len(pool), n, p=p)]


def _digits(rng: np.random.Generator, n: int, width: int) -> Strings:
    return data.zfill(rng.integers(0, 10**width, n), width)


def _phones(rng: np.random.Generator, n: int) -> Strings:
    """Norwegian mobiles in three spellings (``91234567``, ``+47 912 34 567``, ``0047...``)
    and a tenth Swedish numbers."""
    national = np.char.add(_pick(rng, ("9", "4"), n), _digits(rng, n, 7))
    s = pl.Series(national)
    spaced = (
        "+47 " + s.str.slice(0, 3) + " " + s.str.slice(3, 2) + " " + s.str.slice(5)
    ).to_numpy()
    style = rng.integers(0, 10, n)
    out = np.where(style < 4, national, np.where(style < 7, spaced, np.char.add("0047", national)))
    return np.where(style == 9, np.char.add("+46 70 ", _digits(rng, n, 7)), out)


def _orgnrs(rng: np.random.Generator, n: int, first: int) -> Strings:
    """Valid organisation numbers starting with ``first``."""
    weights = np.array((3, 2, 7, 6, 5, 4, 3, 2))
    out = np.empty(n, dtype="U9")
    todo = np.arange(n)
    while todo.size:
        body = first * 10**7 + rng.integers(0, 10**7, todo.size)
        check = (
            11 - ((body[:, None] // 10 ** np.arange(7, -1, -1)) % 10 * weights).sum(1) % 11
        ) % 11
        ok = check != 10
        out[todo[ok]] = (body[ok] * 10 + check[ok]).astype(str)
        todo = todo[~ok]
    return out


def _cat(*parts: object) -> Strings:
    out = np.asarray(parts[0]).astype(str)
    for part in parts[1:]:
        out = np.char.add(out, np.asarray(part).astype(str))
    return out


def _series(name: str, values: object) -> pl.Series:
    array = np.asarray(values)
    if array.dtype == object:  # holds None for empty cells
        return pl.Series(name, array.tolist(), pl.String)
    return pl.Series(name, array.astype(str), pl.String)


def synthetic_extract(n_rows: int, *, seed: int = 0) -> pl.DataFrame:
    """A production-shaped extract of ``n_rows`` rows: every ``Innreiser`` field, as strings."""
    rng = np.random.default_rng(seed)
    n_p, n_emp = max(1, int(n_rows * 0.7)), max(1, n_rows // 50)
    female = rng.random(n_p) < 0.5
    birth = np.datetime64("1940-01-01") + rng.integers(0, 27000, n_p).astype("timedelta64[D]")
    ids = data.person_ids(rng, birth, female)
    first = np.where(female, _pick(rng, data.FEMALE, n_p), _pick(rng, data.MALE, n_p))
    last = np.where(rng.random(n_p) < 0.03, data.rare_names(rng, n_p), _pick(rng, data.LAST, n_p))
    phone = _phones(rng, n_p)
    email = _cat(
        np.char.lower(first), ".", np.char.lower(last), rng.integers(1, 99, n_p), "@gmail.com"
    )
    address = _cat(_pick(rng, data.STREETS, n_p), " ", rng.integers(1, 120, n_p))
    who = rng.integers(0, n_p, n_rows)
    kommune = _pick(rng, data.KOMMUNER, n_rows, data.KOMMUNE_WEIGHTS)
    day = (NEWEST - rng.integers(0, 10, n_rows).astype("timedelta64[D]")).astype(str)
    emp = np.where(rng.random(n_rows) < 0.2, rng.integers(0, n_emp, n_rows), -1)
    free = rng.random(n_rows)
    employer = {
        "a_employer_org_number": _orgnrs(rng, n_emp, 9),
        "a_employer_name": _cat(_pick(rng, data.LAST, n_emp), " Bygg AS"),
        "a_employer_address": _cat(
            _pick(rng, data.STREETS, n_emp), " ", rng.integers(1, 99, n_emp)
        ),
        "a_employer_contact_person": _cat(
            _pick(rng, data.FEMALE, n_emp), " ", _pick(rng, data.LAST, n_emp)
        ),
        "a_employer_contact_phone": _phones(rng, n_emp),
    }
    columns: dict[str, object] = {
        "a_reference_code": _cat(kommune, "-47-1-", 1_000_000 + rng.permutation(n_rows)),
        "p_unique_id": ids["unique"][who],
        "a_destination_id": kommune,
        "municipality_number": kommune,
        "p_first_name": first[who],
        "p_last_name": last[who],
        "p_birth_date": birth[who].astype(str),
        "p_phone": phone[who],
        "p_email": email[who],
        "p_country_of_residence": _pick(rng, data.COUNTRIES, n_p, data.COUNTRY_WEIGHTS)[who],
        "p_dnr": ids["dnr"][who],
        "p_fh_number": ids["fh"][who],
        "a_date": day,
        "a_travel_method": _pick(rng, ("Fly", "Bil/Buss", "Båt", "Tog", "Annet"), n_rows),
        "a_travel_method_extra": np.where(
            free < 0.05,
            _cat("Ring meg på ", phone[who]),
            np.where(free < 0.15, _cat("Fly SK", rng.integers(100, 9999, n_rows)), _NONE),
        ),
        "a_q_opt_l1_code": _pick(rng, ("1001", "1002", "1003"), n_rows),
        "a_location_address": address[who],
        "a_location_zip_code": _digits(rng, n_rows, 4),
        **{k: np.where(emp >= 0, v[emp], _NONE) for k, v in employer.items()},
        "a_updated": _cat(day, "T22:05:37+02:00"),
        "p_updated": _cat(day, "T21:00:00+02:00"),
    }
    frame = pl.DataFrame([_series(k, v) for k, v in columns.items()])
    return frame.select(
        pl.col(f) if f in frame.columns else pl.lit(None, pl.String).alias(f)
        for f in INNREISER_FIELDS
    )


def _shift(expr: pl.Expr, days: int) -> pl.Expr:
    """Move the date at the start of a date or date-time string by ``days``."""
    d = expr.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    moved = (d + pl.duration(days=days)).dt.to_string("%Y-%m-%d") + expr.str.slice(10)
    return pl.when(d.is_not_null()).then(moved).otherwise(expr)


def _fake_phones(originals: pl.Series, rng: np.random.Generator) -> pl.DataFrame:
    """Canonical original phone -> a fake with the same country code, never an original."""
    canon = originals.drop_nulls().unique().sort()
    taken = set(canon.to_list())
    fakes: list[str] = []
    for value in canon.to_list():  # per distinct number, stand-in only
        keep = 3 if value.startswith("47") else 4
        while True:
            fake = value[:keep] + "".join(map(str, rng.integers(0, 10, len(value) - keep)))
            if fake not in taken:
                taken.add(fake)
                fakes.append("+" + fake)
                break
    return pl.DataFrame({"canon": canon, "fake": pl.Series(fakes, dtype=pl.String)})


def _fake_names(
    rng: np.random.Generator, female: npt.NDArray[np.bool_], first: Strings, last: Strings
) -> tuple[Strings, Strings]:
    """Pool names of the right gender, never the person's own full name."""
    gender = name_pools().gender
    pools = {
        g: np.asarray(
            [n for n in (data.FEMALE if g == "F" else data.MALE) if gender.get(n.lower()) == g]
        )
        for g in ("F", "M")
    }
    n = female.size
    fake_first = np.where(
        female,
        pools["F"][rng.integers(0, pools["F"].size, n)],
        pools["M"][rng.integers(0, pools["M"].size, n)],
    )
    surnames = np.asarray(data.LAST)
    pick = rng.integers(0, surnames.size, n)
    same = (np.char.lower(fake_first) == np.char.lower(first)) & (surnames[pick] == last)
    return fake_first, surnames[np.where(same, (pick + 1) % surnames.size, pick)]


def _ascii(expr: pl.Expr) -> pl.Expr:
    return norm.text(expr).str.replace_all(" ", "", literal=True)


def _persons(frame: pl.DataFrame, rng: np.random.Generator, shift_days: int) -> pl.DataFrame:
    """One row per person (``pid``) with the person's fakes."""
    people = frame.unique("pid", keep="first").sort("pid")
    n = people.height
    facts = analyse_ids(people["p_unique_id"])
    female = facts["female"].fill_null(pl.Series(rng.random(n) < 0.5)).to_numpy()
    birth = people["p_birth_date"].str.to_date().to_numpy().astype("datetime64[D]")
    jitter = rng.choice([-1, 1], n) * rng.integers(1, 90, n) + shift_days  # ages kept at the trip
    birth = birth + jitter.astype("timedelta64[D]")
    form = facts["form"].fill_null("").to_numpy()
    passport = people["p_unique_id"].is_not_null().to_numpy() & (form == "")
    fnr = data.dated_ids(rng, birth, female, month_add=80)
    dnr = data.dated_ids(rng, birth, female, day_add=40, month_add=80)
    pid = people["pid"].to_numpy()
    zz = np.char.add("ZZ", data.zfill(pid, 7))
    unique = np.select([form == "fnr", form == "dnr", passport], [fnr, dnr, zz], "")
    first, last = _fake_names(
        rng,
        female,
        people["p_first_name"].to_numpy().astype(str),
        people["p_last_name"].to_numpy().astype(str),
    )
    same_dnr = (people["p_dnr"] == people["p_unique_id"]).fill_null(False).to_numpy()
    fakes = pl.DataFrame(
        {
            "pid": pid,
            "p_unique_id": unique,
            "p_dnr": np.where(
                people["p_dnr"].is_null().to_numpy(), "", np.where(same_dnr, unique, dnr)
            ),
            "p_fh_number": np.where(
                people["p_fh_number"].is_null().to_numpy(), "", data.fh_numbers(rng, n, 9)
            ),
            "p_first_name": first,
            "p_last_name": last,
            "p_birth_date": birth.astype(str),
            "a_location_address": _cat(
                _pick(rng, data.FAKE_STREETS, n), " ", rng.integers(1, 200, n)
            ),
        }
    )
    email = pl.concat_str(
        _ascii(pl.col("p_first_name")),
        pl.lit("."),
        _ascii(pl.col("p_last_name")),
        pl.col("pid").cast(pl.String),
        pl.lit("@example.com"),
    )
    blank = [pl.col(c).replace("", None) for c in ("p_unique_id", "p_dnr", "p_fh_number")]
    return fakes.with_columns(*blank, p_email=email)


def _employers(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """One row per original organisation number with the employer's fakes."""
    orgs = frame.select("a_employer_org_number").drop_nulls().unique().sort("a_employer_org_number")
    n = orgs.height
    female = rng.random(n) < 0.5
    first, _ = _fake_names(rng, female, np.full(n, ""), np.full(n, ""))
    last = _pick(rng, data.FAKE_SURNAMES, n)  # never a traveller's own full name
    return orgs.with_columns(
        f_org=pl.Series(_orgnrs(rng, n, 8)),
        f_name=pl.Series(_cat("Testfirma ", np.arange(n), " AS")),
        f_address=pl.Series(_cat(_pick(rng, data.FAKE_STREETS, n), " ", rng.integers(1, 99, n))),
        f_contact=pl.Series(_cat(first, " ", last)),
    )


EVENT_DATES = (
    "a_date",
    "a_updated",
    "p_updated",
    "p_follow_up_time",
    "a_quarantine_reg_arrival",
    "a_quarantine_reg_departure",
    "a_border_crossing_arrival",
)
FREE_TEXT = tuple(c for c, cat in DEFAULT_CATEGORIES.items() if cat is Category.FREE_TEXT)
PERSON_FIELDS = (
    "p_unique_id",
    "p_dnr",
    "p_fh_number",
    "p_first_name",
    "p_last_name",
    "p_birth_date",
    "p_email",
    "a_location_address",
)


def _masked(text: pl.Expr) -> pl.Expr:
    """Free text with e-mails, capitalised words (names, places) and digits blanked out."""
    text = text.str.replace_all(norm.EMAIL_PATTERN, "x@example.com")
    return text.str.replace_all(r"\p{Lu}[\p{L}'-]*", "Xxx").str.replace_all(r"\d", "0")


def stand_in_wash(frame: pl.DataFrame, *, seed: int = 1, shift_days: int = 400) -> pl.DataFrame:
    """Wash an extract the simple way (same rows, same order, same columns).

    Made for :func:`synthetic_extract`; it also washes ``washer.generate`` extracts, whose free
    text it blanks (capitalised words, digits, e-mails) rather than scrubs.
    """
    rng = np.random.default_rng(seed)
    who = pl.coalesce(norm.id_key(pl.col(c)) for c in ("p_unique_id", "p_dnr", "p_fh_number"))
    key = pl.coalesce(who, pl.concat_str("p_first_name", "p_last_name", "p_birth_date"))
    f = frame.with_columns(pid=key.rank("dense").cast(pl.Int64) - 1)
    persons = _persons(f, rng, shift_days).rename({c: f"f.{c}" for c in PERSON_FIELDS})
    phones = pl.concat([f["p_phone"], f["a_employer_contact_phone"]]).to_frame("v")
    phone_map = _fake_phones(phones.select(norm.phone(pl.col("v"))).to_series(), rng)
    canon = norm.phone(pl.col("p_phone"))
    f = f.join(persons, on="pid", how="left", maintain_order="left")
    f = f.join(_employers(f, rng), on="a_employer_org_number", how="left", maintain_order="left")
    fake_phone = canon.replace_strict(phone_map["canon"], phone_map["fake"], default=None)
    text = pl.col("a_travel_method_extra")
    own = text.str.ends_with(pl.col("p_phone")).fill_null(False)
    scrubbed = text.str.head(text.str.len_chars() - pl.col("p_phone").str.len_chars()) + fake_phone
    ref = pl.col("a_reference_code").str.extract_groups(r"^(.*-)(\d+)$")
    contact = norm.phone(pl.col("a_employer_contact_phone"))
    washed = (
        f.with_columns(
            *[pl.col(f"f.{c}").alias(c) for c in PERSON_FIELDS],
            p_phone=fake_phone,
            **{c: _masked(pl.col(c)) for c in FREE_TEXT if c in frame.columns},
        )
        .with_columns(
            a_travel_method_extra=pl.when(own).then(scrubbed).otherwise(_masked(text)),
            a_reference_code=ref.struct[0]
            + (ref.struct[1].cast(pl.Int64) + 4_000_000).cast(pl.String),
            a_employer_org_number="f_org",
            a_employer_name="f_name",
            a_employer_address="f_address",
            a_employer_contact_person="f_contact",
            a_employer_contact_phone=contact.replace_strict(
                phone_map["canon"], phone_map["fake"], default=None
            ),
        )
        .with_columns(_shift(pl.col(c), shift_days) for c in EVENT_DATES)
    )
    return washed.select(frame.columns)
