"""Validity: are the fakes well-formed, and safe to hand to vendors' systems?

On the washed files alone:

* ``check_digits``: an 11-digit id whose check digits are wrong (classic and 2032 rule);
* ``not_synthetic``: an fnr or D-number without Skatteetaten's synthetic mark (month + 80),
  which could belong to a real person (unless the rules asked for realistic ids there);
* ``impossible_date``: a synthetic (or, where asked for, realistic) id whose date does not
  exist;
* ``id_date``: the date inside the id is not ``p_birth_date``;
* ``gender``: the first name is used for one gender only (fake-name pools) and the id's gender
  digit says the other;
* ``orgnr_check_digit``: an organisation number with a wrong check digit;
* ``email_domain``: an e-mail address not on a reserved domain (RFC 2606/6761), which could
  reach somebody.

A column ruled ``constant`` holds the placeholder the user asked for, not a fake: only its
e-mail addresses are checked.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from washer.audit import normalise as norm
from washer.audit._idcheck import id_checks, orgnr_valid
from washer.audit._pools import NamePools
from washer.audit._tables import Categories, Table, columns_of, flag
from washer.audit.report import Finding
from washer.categories import Category

C = Category
RESERVED_DOMAIN = r"(^|\.)(example\.(com|net|org)|test|invalid|example|localhost)$"


def _finding(
    table: Table,
    frame: pl.DataFrame,
    mask: pl.Expr,
    kind: str,
    column: str,
    what: str,
    max_rows: int,
) -> list[Finding]:
    n, rows = flag(frame, mask, max_rows)
    return [Finding("validity", kind, table.name, column, n, rows, f"{what}: {n}")] if n else []


def _bad_values(
    table: Table, column: str, bad: pl.Series, kind: str, what: str, max_rows: int
) -> list[Finding]:
    """Findings for the cells holding one of some (distinct) bad values."""
    if bad.is_empty():
        return []
    mask = pl.col(column).is_in(bad.implode())
    return _finding(table, table.frame, mask, kind, column, what, max_rows)


def _judged_ids(table: Table, column: str) -> pl.DataFrame:
    """(``v``, ``n``): the distinct ids of a column and their cells, placeholders left out
    (``0``, ``ukjent``: kept by the wash, no fake, nothing to judge)."""
    values = table.value_counts(column).drop_nulls("v")
    return values.filter(~pl.col("v").is_in(table.placeholders(column).implode()))


def _ids(
    table: Table,
    categories: Categories,
    pools: NamePools,
    max_rows: int,
    counts: dict[str, int],
    realistic: frozenset[str],
    constant: frozenset[str],
) -> list[Finding]:
    ids = [c for c in columns_of(table, categories, C.PERSON_ID) if c not in constant]
    if not ids:
        return []
    findings: list[Finding] = []
    # A placeholder birth date or first name says nothing of the ids' date or gender.
    birth = [c for c in columns_of(table, categories, C.BIRTH_DATE)[:1] if c not in constant]
    first = [c for c in columns_of(table, categories, C.FIRST_NAME)[:1] if c not in constant]
    births = None
    if birth:  # as the number ddmmyy (formatting a million dates as text is slow)
        d = pl.col("d")
        day, month, year = (part.cast(pl.Int64) for part in (d.dt.day(), d.dt.month(), d.dt.year()))
        ddmmyy = day * 10_000 + month * 100 + year % 100
        births = table.normal(birth[0], "date").to_frame("d").select(b=ddmmyy).to_series()
    female = []
    for column in ids:
        # Each distinct value is analysed once; rows are looked up only for bad values.
        values = _judged_ids(table, column)
        facts = id_checks(values["v"]).with_columns(n=values["n"])
        counts["ids checked"] = counts.get("ids checked", 0) + int(
            facts.filter("numeric")["n"].sum()
        )
        dated = pl.col("form").is_in(["fnr", "dnr"])
        # Realistic fakes (where the rules asked for them) are real-form numbers: no mark,
        # but their date must exist as much as a synthetic one's.
        marked = pl.lit(column not in realistic)
        checks = (
            (pl.col("numeric") & ~pl.col("valid"), "check_digits",
             "ids with invalid check digits"),
            (marked & dated & pl.col("valid") & ~pl.col("synthetic"), "not_synthetic",
             "fnr/D-numbers without the synthetic mark (month + 80)"),
            ((pl.col("synthetic") | ~marked & dated) & pl.col("valid") & ~pl.col("date_ok"),
             "impossible_date", "ids with a date that does not exist"),
        )  # fmt: skip
        for bad, kind, what in checks:
            wrong = facts.filter(bad.fill_null(False))["value"]
            findings += _bad_values(table, column, wrong, kind, what, max_rows)
        rows = table.align(column, facts.select("value", "ddmmyy", "female"))
        if births is not None:
            both = rows.with_columns(births)
            findings += _finding(
                table,
                both,
                pl.col("ddmmyy") != pl.col("b"),
                "id_date",
                f"{column}, {birth[0]}",
                f"ids whose date is not {birth[0]}",
                max_rows,
            )
        female.append(rows["female"])
    if first:
        findings += _gender(table, first[0], ids, female, pools, max_rows, counts)
    return findings


def _gender(
    table: Table,
    first: str,
    ids: list[str],
    female: list[pl.Series],
    pools: NamePools,
    max_rows: int,
    counts: dict[str, int],
) -> list[Finding]:
    genders = pl.DataFrame(
        {"word": list(pools.gender), "g": list(pools.gender.values())},
        schema={"word": pl.String, "g": pl.String},
    ).select(word=pl.col("word").hash(), g="g")
    frame = (
        pl.DataFrame({f"f{i}": s for i, s in enumerate(female)})
        .with_columns(word=table.first_word(first))
        .join(genders, on="word", how="left", maintain_order="left")
        .with_columns(female=pl.coalesce(pl.col(f"f{i}") for i in range(len(female))))
    )
    known = pl.col("g").is_not_null() & pl.col("female").is_not_null()
    counts["genders checked"] = counts.get("genders checked", 0) + frame.select(known.sum()).item()
    wrong = known & ((pl.col("g") == "F") != pl.col("female"))
    return _finding(
        table,
        frame,
        wrong,
        "gender",
        f"{first}, {ids[0]}",
        "first names used only for the other gender than the id's gender digit",
        max_rows,
    )


def _orgnr(
    table: Table, categories: Categories, max_rows: int, constant: frozenset[str]
) -> list[Finding]:
    findings: list[Finding] = []
    for column in columns_of(table, categories, C.ORGNR):
        if column in constant:
            continue
        # A blank cell (spaces, a tab: a padded export) holds no number; the wash keeps it.
        values = table.distinct(column)
        values = values.filter(values.str.strip_chars() != "")
        bad = values.filter(~orgnr_valid(values))
        what = "organisation numbers with a wrong check digit"
        findings += _bad_values(table, column, bad, "orgnr_check_digit", what, max_rows)
    return findings


def _emails(table: Table, categories: Categories, max_rows: int) -> list[Finding]:
    findings: list[Finding] = []
    for column in columns_of(table, categories, C.EMAIL):
        found = norm.email_rows(table.distinct(column).to_frame("v"), "v", "e")
        domain = pl.col("e").str.replace(r"^.*@", "")
        bad = found.filter(~domain.str.contains(RESERVED_DOMAIN))["v"].unique()
        what = "cells with an e-mail address not on a reserved domain"
        findings += _bad_values(table, column, bad, "email_domain", what, max_rows)
    return findings


def validity_findings(
    tables: Sequence[Table],
    categories: Categories,
    pools: NamePools,
    *,
    max_rows: int = 10,
    realistic: frozenset[str] = frozenset(),
    constant: frozenset[str] = frozenset(),
) -> tuple[list[Finding], dict[str, int]]:
    """Validity findings of the washed tables, and how many ids and genders were checked.
    ``realistic``: id columns whose fakes need no synthetic mark (the rules asked for them).
    ``constant``: columns holding a placeholder the rules asked for, no fake: their ids and
    organisation numbers are not checked (an e-mail address still is: it could reach
    somebody)."""
    findings: list[Finding] = []
    counts: dict[str, int] = {}
    for table in tables:
        findings += _ids(table, categories, pools, max_rows, counts, realistic, constant)
        findings += _orgnr(table, categories, max_rows, constant)
        findings += _emails(table, categories, max_rows)
    return findings, counts
