"""E-mails on reserved domains; Norwegian-looking addresses and company names."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from washer.fakes import (
    addresses,
    companies,
    company_addresses,
    company_names,
    emails,
    fake_emails,
    fake_emails_by_value,
    first_names,
    last_names,
    normalize_email,
    street_addresses,
)
from washer.fakes.emails import RESERVED_SUFFIXES
from washer.fakes.names import last_numbers, normalize_name, same_names

from ._helpers import KEY, OTHER_KEY, fold_word, seeds

RESERVED = re.compile(r"(^|\.)(example\.(com|net|org))$|\.(test|invalid|example)$")


def is_reserved(domain: str) -> bool:
    """RFC 2606 / 6761: example.com/.net/.org (and below); the .test/.invalid/.example TLDs."""
    return bool(RESERVED.search(domain))


names = st.one_of(st.none(), st.text(max_size=15))


@given(rows=st.lists(st.tuples(names, names, st.one_of(st.none(), seeds)), min_size=1, max_size=30))
def test_fake_emails_are_ascii_and_on_reserved_domains(
    rows: list[tuple[str | None, str | None, int | None]],
) -> None:
    first, last, seed = (list(x) for x in zip(*rows, strict=True))
    out = fake_emails(
        pl.Series(first, dtype=pl.String),
        pl.Series(last, dtype=pl.String),
        pl.Series(seed, dtype=pl.UInt64),
    ).to_list()
    for email, s in zip(out, seed, strict=True):
        if s is None:
            assert email is None
            continue
        local, _, domain = email.partition("@")
        assert is_reserved(domain)
        assert re.fullmatch(r"[a-z0-9][a-z0-9.\-]*[0-9]", local)


def test_local_part_is_the_folded_name() -> None:
    out = fake_emails(
        pl.Series(["Bjørn", "Anne Marie"]),
        pl.Series(["Ødegård", "O'Brien"]),
        pl.Series([1, 2], dtype=pl.UInt64),
    ).to_list()
    assert re.fullmatch(r"bjorn\.odegard\d+@.+", out[0])
    assert re.fullmatch(r"anne-marie\.o-brien\d+@.+", out[1])


def test_reserved_suffixes_are_all_reserved() -> None:
    for suffix in RESERVED_SUFFIXES:
        assert is_reserved(suffix.lstrip(".") if not suffix.startswith(".") else "x" + suffix)
    s = pl.Series(np.arange(3000, dtype=np.uint64))
    domains = fake_emails(first_names(s, None), last_names(s), s).str.split("@").list.last()
    assert len(set(domains.to_list())) >= 3
    assert all(is_reserved(d) for d in domains.to_list())


def test_fake_emails_by_value_is_per_normalised_address_and_keyed() -> None:
    s = pl.Series(["Ola@X.no", " ola@x.no ", "kari@x.no", None])
    out = fake_emails_by_value(s, KEY).to_list()
    assert out[0] == out[1] != out[2]
    assert out[3] is None
    assert fake_emails_by_value(s, OTHER_KEY).to_list()[0] != out[0]
    assert normalize_email(pl.Series([" A@B.NO "]))[0] == "a@b.no"


@settings(max_examples=15)
@given(column=st.lists(st.one_of(st.none(), seeds), max_size=12))
def test_addresses_and_companies_keep_nulls_and_are_per_seed(column: list[int | None]) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    for fn in (street_addresses, company_names, company_addresses):
        out = fn(s)
        assert out.is_null().to_list() == s.is_null().to_list()
        assert out.to_list() == [fn(s[i : i + 1])[0] for i in range(len(s))]


def test_street_addresses_look_norwegian() -> None:
    out = street_addresses(pl.Series(np.arange(5000, dtype=np.uint64))).to_list()
    pattern = re.compile(r"[A-ZÆØÅ][a-zæøåé]+ [1-9][0-9]{0,2}[A-D]?")
    assert all(pattern.fullmatch(a) for a in out)
    assert len(set(out)) > 4000
    suffixes = ("gata", "veien", "vegen", "stien", "bakken", "lia", "tunet")
    assert sum(a.split(" ")[0].endswith(suffixes) for a in out) > 500


def test_company_names_and_addresses() -> None:
    s = pl.Series(np.arange(2000, dtype=np.uint64))
    forms = ("AS", "ASA", "ANS", "DA", "SA")
    names = company_names(s).to_list()
    assert all(n.endswith(forms) for n in names)
    assert len(set(names)) > 1500
    for address in company_addresses(s).to_list():
        assert re.fullmatch(r"[A-ZÆØÅ][a-zæøåé]+ \d+[A-D]?, \d{4} [A-ZÆØÅ ]+", address)


@settings(max_examples=20)
@given(column=st.lists(seeds, min_size=1, max_size=30))
@example(column=[121486])  # its first redraw fell on the same company name again
def test_avoid_gives_another_address_and_company(column: list[int]) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    address, company = street_addresses(s), company_names(s)
    again = street_addresses(s, avoid=address.str.to_uppercase())
    assert not any(fold_word(a) == fold_word(b) for a, b in zip(again, address, strict=True))
    assert (company_names(s, avoid=company) != company).all()


def _street_addresses_checked_whole(seeds: pl.Series, avoid: pl.Series) -> pl.Series:
    """street_addresses with ``avoid`` as it was: every fake compared with its original."""
    numbers = addresses._house_numbers(seeds)
    out = addresses._street(seeds, numbers)
    same = same_names(out, avoid, numbered=True).to_numpy()
    if same.any():
        out = addresses._street(seeds, numbers + same.astype(np.int64))
    return out.alias("street_address")


@given(column=st.lists(seeds | st.none(), min_size=1, max_size=30), data=st.data())
def test_avoided_addresses_are_found_by_house_number_as_by_comparing_all(
    column: list[int | None], data: st.DataObject
) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    own = street_addresses(s).to_list()
    # The fakes themselves, written otherwise, with another number, or something else.
    forms = [
        lambda a: a,
        lambda a: a.upper(),
        lambda a: a.replace(" ", "  "),
        lambda a: re.sub(r"\d+", lambda m: str(int(m.group()) + 1), a),
        lambda a: re.sub(r"\d+", lambda m: "0" + m.group(), a),
        lambda a: a + " 99999999999999999999",
    ]
    avoid = pl.Series(
        [
            data.draw(st.sampled_from(forms))(a) if a and data.draw(st.booleans()) else None
            for a in own
        ],
        dtype=pl.String,
    )
    found = street_addresses(s, avoid=avoid)
    assert found.equals(_street_addresses_checked_whole(s, avoid))
    # With their last numbers known (from the distinct originals), and gathered as a clash
    # round gathers them.
    numbered = addresses.Numbered(avoid, last_numbers(avoid))
    assert street_addresses(s, avoid=numbered).equals(found)
    rows = np.arange(len(column))[::-2]
    assert street_addresses(s.gather(rows), avoid=numbered.gather(rows)).equals(
        street_addresses(s.gather(rows), avoid=avoid.gather(rows))
    )
    # The house numbers as drawn are the addresses' last numbers, with and without avoiding.
    for avoided in (avoid, None):
        drawn = addresses.street_addresses_numbered(s, avoid=avoided)
        assert drawn.values.equals(street_addresses(s, avoid=avoided))
        assert (drawn.numbers == last_numbers(drawn.values)).all()


def _company_names_redrawn_whole(seeds: pl.Series, avoid: pl.Series) -> pl.Series:
    """company_names with ``avoid`` as it was: every name drawn again each attempt."""
    out = companies._company(seeds, "company")
    wanted = normalize_name(avoid)
    for attempt in range(1, 33):
        same = (normalize_name(out) == wanted).fill_null(False)
        if not same.any():
            break
        other = companies._company(seeds, f"company/again/{attempt}")
        out = pl.select(pl.when(same).then(other).otherwise(out)).to_series()
    return out.alias("company_name")


# Seeds whose first redrawn company name is their first name again (13 of the first two
# million): avoiding that name takes a second round.
_REDRAWN_TWICE = [5090, 99447, 244148, 384288, 470158, 524916, 528835, 716152, 937449]


def test_a_redraw_that_falls_on_the_avoided_name_again_is_drawn_once_more() -> None:
    s = pl.Series(_REDRAWN_TWICE, dtype=pl.UInt64)
    own = companies._company(s, "company")
    again = companies._company(s, "company/again/1")
    assert (normalize_name(again) == normalize_name(own)).all()  # the case the seeds hold
    found = company_names(s, avoid=own)
    assert (normalize_name(found) != normalize_name(own)).all()
    assert found.equals(_company_names_redrawn_whole(s, own))


@settings(max_examples=30)
@given(
    column=st.lists(seeds | st.none() | st.sampled_from(_REDRAWN_TWICE), min_size=1, max_size=30),
    data=st.data(),
)
def test_avoided_company_names_drawn_again_as_when_all_were(
    column: list[int | None], data: st.DataObject
) -> None:
    s = pl.Series(column, dtype=pl.UInt64)
    # Originals the fakes often equal: their own names, and names of the first redraws.
    own = companies._company(s, "company").to_list()
    again = companies._company(s, "company/again/1").to_list()
    avoid = pl.Series(
        [
            data.draw(st.sampled_from([a, b, None, "Other AS"]))
            for a, b in zip(own, again, strict=True)
        ],
        dtype=pl.String,
    )
    found = company_names(s, avoid=avoid)
    assert found.equals(_company_names_redrawn_whole(s, avoid))


@given(column=st.lists(seeds | st.none(), min_size=1, max_size=30), data=st.data())
def test_emails_of_names_drawn_from_the_pools_are_those_of_the_names(
    column: list[int | None], data: st.DataObject
) -> None:
    from washer.fakes.emails import fake_emails, fake_emails_drawn
    from washer.fakes.keyed import derive_seeds
    from washer.fakes.names import first_names_drawn, last_names_drawn

    s = pl.Series(column, dtype=pl.UInt64)
    female = pl.Series([data.draw(st.none() | st.booleans()) for _ in column], dtype=pl.Boolean)
    first = first_names_drawn(s, female)
    last = last_names_drawn(derive_seeds(s, "other"), female=female)
    email_seeds = derive_seeds(s, "email")
    expected = fake_emails(first.names(), last.names(), email_seeds)
    assert fake_emails_drawn(first, last, email_seeds).equals(expected)


def _emails_joined_then_stripped(first: pl.Series, last: pl.Series, seeds: pl.Series) -> pl.Series:
    """The e-mails as they were built: the local part joined, stripped of a dot left by a
    part that folded to nothing, then written with the number and domain."""
    from washer.fakes._draw import below, null_where, stream
    from washer.fakes._pools import pools

    u, valid = stream(seeds, "email_number")
    d, _ = stream(seeds, "email_domain")
    number = pl.Series(below(u, 99) + 1).cast(pl.String)
    domains = pools().email_domains
    domain = domains.gather(pl.Series(below(d, len(domains))))
    local = pl.select(
        pl.concat_str([first, last], separator=".", ignore_nulls=True)
        .str.strip_chars(".")
        .replace("", "post")
        .fill_null("post")
    ).to_series()
    email = pl.select(pl.concat_str([local, number, pl.lit("@"), domain])).to_series()
    return null_where(email, valid, "email")


_LOCAL_FORMS = st.one_of(st.none(), st.text("ab9-", max_size=4))


@given(
    rows=st.lists(st.tuples(_LOCAL_FORMS, _LOCAL_FORMS, st.one_of(st.none(), seeds)), max_size=20)
)
def test_emails_are_those_joined_then_stripped(
    rows: list[tuple[str | None, str | None, int | None]],
) -> None:
    first = pl.Series([f for f, _, _ in rows], dtype=pl.String)
    last = pl.Series([x for _, x, _ in rows], dtype=pl.String)
    s = pl.Series([v for _, _, v in rows], dtype=pl.UInt64)
    expected = _emails_joined_then_stripped(first, last, s)
    assert emails._emails(first, last, s).equals(expected)
    # And where every part is written (the fast path).
    written = [i for i, (f, x, _) in enumerate(rows) if f and x]
    parts = (first.gather(written), last.gather(written), s.gather(written))
    assert emails._emails(*parts).equals(_emails_joined_then_stripped(*parts))
