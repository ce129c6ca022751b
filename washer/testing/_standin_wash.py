"""The stand-in wash of :mod:`washer.testing.standin` (vectorised; per distinct phone only)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from washer.audit import normalise as norm
from washer.audit._idcheck import analyse_ids
from washer.audit._pools import name_pools
from washer.audit._tables import as_table
from washer.audit.fullnames import held_full_names, original_full_names
from washer.categories import DEFAULT_CATEGORIES, Category
from washer.fullnames import words_form
from washer.testing import _standin_data as data

Strings = npt.NDArray[np.str_]


def _shift(expr: pl.Expr, days: int) -> pl.Expr:
    """Move the date at the start of a date or date-time string by ``days``."""
    d = expr.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    moved = (d + pl.duration(days=days)).dt.to_string("%Y-%m-%d") + expr.str.slice(10)
    return pl.when(d.is_not_null()).then(moved).otherwise(expr)


def _fake_phones(originals: pl.Series, rng: np.random.Generator, avoid: pl.Series) -> pl.DataFrame:
    """Canonical original phone -> a fake with the same country code, never an original
    and never a number of ``avoid`` (numbers written in the originals' free text)."""
    canon = originals.drop_nulls().unique().sort()
    taken = set(canon.to_list()) | set(avoid.drop_nulls().to_list())
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
    rng: np.random.Generator,
    female: npt.NDArray[np.bool_],
    first: Strings,
    last: Strings,
    taken: pl.DataFrame | None = None,
) -> tuple[Strings, Strings]:
    """Pool names of the right gender, never the person's own full name, nor (as the wash
    guarantees) any original full name of ``taken``
    (:func:`~washer.audit.fullnames.original_full_names`), nor one held in it."""
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
    pick = np.where(same, (pick + 1) % surnames.size, pick)
    if taken is None:
        return fake_first, surnames[pick]
    return fake_first, _apart(fake_first, surnames, pick, taken)


# Surname picks moved on before a fake full name that stays taken gets a made-up surname.
_MOVES = 4


def _apart(
    first: Strings, surnames: Strings, pick: npt.NDArray[np.int64], taken: pl.DataFrame
) -> Strings:
    """The surnames, the pick moved on for the fake full names that are or hold an original
    full name (no further draws: the other fakes stay as they were). In a large extract
    nearly every pairing of the pools' names is somebody's: a fake still taken after a few
    moves gets one of the surnames no traveller has (:data:`data.FAKE_SURNAMES`)."""
    todo = np.arange(first.size)
    for _ in range(_MOVES):
        full = pl.Series(data.concat(first[todo], " ", surnames[pick[todo]]))
        forms = pl.DataFrame({"full": full}).select(words_form(pl.col("full"))).with_row_index("id")
        todo = todo[held_full_names(forms, taken).to_numpy()]
        if todo.size == 0:
            break
        pick[todo] = (pick[todo] + 1) % surnames.size
    made_up = np.asarray(data.FAKE_SURNAMES)[pick % len(data.FAKE_SURNAMES)]
    still = np.zeros(first.size, dtype=np.bool_)
    still[todo] = True
    chosen: Strings = np.where(still, made_up, surnames[pick])
    return chosen


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
        original_full_names([as_table("", frame)], DEFAULT_CATEGORIES),
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
                people["p_fh_number"].is_null().to_numpy(),
                "",
                data.fh_numbers(rng, n, 9, avoid=frame["p_fh_number"].drop_nulls().to_list()),
            ),
            "p_first_name": first,
            "p_last_name": last,
            "p_birth_date": birth.astype(str),
            "a_location_address": data.concat(
                data.pick(rng, data.FAKE_STREETS, n), " ", rng.integers(1, 200, n)
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
    last = data.pick(rng, data.FAKE_SURNAMES, n)  # never a traveller's own full name
    return orgs.with_columns(
        f_org=pl.Series(data.orgnrs(rng, n, 8, avoid=orgs["a_employer_org_number"].to_list())),
        f_name=pl.Series(data.concat("Testfirma ", np.arange(n), " AS")),
        f_address=pl.Series(
            data.concat(data.pick(rng, data.FAKE_STREETS, n), " ", rng.integers(1, 99, n))
        ),
        f_contact=pl.Series(data.concat(first, " ", last)),
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
    free = pl.concat([f[c] for c in FREE_TEXT if c in f.columns]).drop_nulls().to_frame("v")
    runs = free.select(norm.digit_runs(pl.col("v"))).explode("v")
    written = runs.select(norm.phone_from_digits(pl.col("v"))).to_series()
    phone_map = _fake_phones(phones.select(norm.phone(pl.col("v"))).to_series(), rng, written)
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
            a_reference_code=ref.struct[0] + (ref.struct[1].cast(pl.Int64) + 10**9).cast(pl.String),
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
