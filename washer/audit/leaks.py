"""Leak scan: is any identifying value of the originals anywhere in the washed output?

Every distinct value of every washed column is read three ways, each a join against the
normalised originals (:mod:`washer.audit._targets`), never a loop over cells:

* digit runs (dates cut out first; ``+47 912 34 567`` is one run) as id, organisation number,
  digit string and phone number (with ``+`` or ``00``, as eight digits, or as 47 and eight
  digits; any run in a phone column), and in text the numbers spelled inside a longer run
  (``912 34 567 22 33 44 55`` holds two phone numbers);
* e-mail addresses inside the value;
* normalised words (case, accents, spacing, mojibake) matched as whole words, and phrases
  (addresses, employers) matched as whole word sequences.

Only columns and row numbers are reported, never the value found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import polars as pl

from washer.audit import normalise as norm
from washer.audit._tables import STRUCTURED, Categories, Table, category
from washer.audit._targets import Targets
from washer.audit.report import Finding
from washer.categories import Category

_HITS = {"vid": pl.UInt32, "kind": pl.String}
C = Category
LABELS = {
    "person_id": "an original person id",
    "phone": "an original phone number",
    "email": "an original e-mail address",
    "address": "an original address",
    "orgnr": "an original organisation number",
    "employer_name": "an original employer name",
    "contact_person": "an original contact person",
    "reference_code": "an original reference code",
    "name": "a rare original name",
    "first_name": "an original first name",
    "last_name": "an original last name",
}


def _distinct_cells(tables: Sequence[Table]) -> pl.DataFrame:
    """(t, c, value): each distinct non-null value of each column of each table."""
    frames = [
        t.frame.lazy()
        .select(pl.col(c).alias("value"))
        .drop_nulls()
        .unique()
        .with_columns(t=pl.lit(i, pl.UInt32), c=pl.lit(c))
        for i, t in enumerate(tables)
        for c in t.frame.columns
    ]
    return pl.concat(pl.collect_all(frames))


def _number_hits(uniq: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    if targets.numbers.is_empty():
        return pl.DataFrame(schema=_HITS)
    cand = uniq.select("vid", v=norm.without_datetimes(pl.col("value")))
    runs = cand.select("vid", run=pl.col("v").str.extract_all(norm.DIGIT_RUN_PATTERN))
    runs = runs.explode("run").drop_nulls()
    runs = runs.with_columns(d=norm.digits(pl.col("run")), bare=~pl.col("run").str.starts_with("+"))
    runs = runs.with_columns(size=pl.col("d").str.len_bytes()).filter(pl.col("size") >= 6)
    runs = runs.join(uniq.select("vid", "cat", "single"), on="vid")
    bare, size, cat = pl.col("bare"), pl.col("size"), pl.col("cat")
    # A bare run is a phone number as Norway writes it (eight digits, or 47 and eight): an id
    # or a code serial is not read as a foreign number; "+" or "00" always marks a phone.
    explicit = ~bare | pl.col("d").str.starts_with("00")
    phone_like = explicit | (size == 8) | ((size == 10) & pl.col("d").str.starts_with("47"))
    # A single-token value of an id, code or phone column is read only as what that column
    # holds: a fake passport number "96590408" is not taken for somebody's phone number. Text
    # (several words) is text wherever it stands.
    text = ~pl.col("single") | ~cat.is_in([c.value for c in STRUCTURED])

    def space(name: str, condition: pl.Expr, key: pl.Expr) -> pl.LazyFrame:
        return runs.lazy().filter(condition).select("vid", space=pl.lit(name), key=key)

    parts = [
        space("p", explicit | (phone_like & text) | (cat == C.PHONE.value),
              norm.phone_from_digits(pl.col("run"))),
        space("i", bare & (size == 11), pl.col("d")),
        space("o", bare & (size == 9) & (text | (cat == C.ORGNR.value)), pl.col("d")),
        space("d", bare & (text | cat.is_in([C.PERSON_ID.value, C.REFERENCE_CODE.value])),
              pl.col("d")),
    ]  # fmt: skip
    # Several numbers written in one run of text: read them by their usual spelling.
    long_runs = cand.join(runs.filter(bare & (size > 11) & text).select("vid").unique(), on="vid")
    spelled = long_runs.select("vid", n=pl.col("v").str.extract_all(norm.SPELLED_NUMBER_PATTERN))
    spelled = spelled.explode("n").drop_nulls().with_columns(d=norm.digits(pl.col("n")))
    eight = pl.col("d").str.len_bytes() == 8
    parts.append(
        spelled.lazy().select(
            "vid",
            space=pl.when(eight).then(pl.lit("p")).otherwise(pl.lit("i")),
            key=pl.when(eight).then(pl.lit("47") + pl.col("d")).otherwise(pl.col("d")),
        )
    )
    keys = pl.concat(pl.collect_all(parts)).drop_nulls("key")
    return keys.join(targets.numbers, on=["space", "key"]).select("vid", "kind")


def _email_hits(uniq: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    if targets.emails.is_empty():
        return pl.DataFrame(schema=_HITS)
    cand = uniq.filter(pl.col("value").str.contains("@", literal=True))
    keys = cand.select("vid", key=norm.emails(pl.col("value"))).explode("key").drop_nulls()
    return keys.join(targets.emails, on="key").select("vid", "kind")


def _texts(cells: pl.DataFrame, tables: Sequence[Table], categories: Categories) -> pl.DataFrame:
    """(vid, text): the normalised text of each distinct cell with a letter in it.

    Text columns reuse their table's normal form (the row-by-row checks need it too);
    structured columns (ids, codes, phones, dates) normalise only their cells with letters.
    """
    lettered = cells.filter(pl.col("value").str.contains(r"\p{L}"))
    parts = []
    for (t, c), part in lettered.partition_by("t", "c", as_dict=True).items():
        table, column = tables[cast(int, t)], str(c)
        if category(categories, column) not in STRUCTURED:
            mapping = table.normal_map(column, "text").rename({"new": "text"})
            parts.append(part.join(mapping, on="value").select("vid", "text"))
        else:
            parts.append(part.select("vid", text=norm.text_values(part["value"])))
    schema = {"vid": pl.UInt32, "text": pl.String}
    return pl.concat([pl.DataFrame(schema=schema), *parts]).drop_nulls()


def _text_hits(uniq: pl.DataFrame, texts: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    if targets.words.is_empty() and targets.phrases.is_empty():
        return pl.DataFrame(schema=_HITS)
    words = texts.select("vid", word=pl.col("text").str.split(" ")).explode("word")
    found = [words.join(targets.words, left_on="word", right_on="key").select("vid", "kind")]
    # A name is not looked for inside an id, a code or a phone number ("IMA734672" is no Ima).
    coded = pl.col("single") & pl.col("cat").is_in([c.value for c in STRUCTURED])
    structured = uniq.filter(coded & pl.col("value").str.contains(r"\d"))["vid"]
    found[0] = found[0].filter(
        ~((pl.col("kind") == "name") & pl.col("vid").is_in(structured.implode()))
    )
    if not targets.phrases.is_empty():
        same_value = pl.col("vid").shift(-1) == pl.col("vid")
        heads = words.select(
            "vid", head=pl.when(same_value).then(pl.col("word") + " " + pl.col("word").shift(-1))
        ).drop_nulls()
        cand = heads.join(targets.phrases, on="head").join(texts, on="vid")
        padded = pl.lit(" ") + pl.col("text") + pl.lit(" ")
        inside = padded.str.contains(pl.lit(" ") + pl.col("key") + pl.lit(" "), literal=True)
        found.append(cand.filter(inside).select("vid", "kind"))
    return pl.concat(found)


def _findings(table: Table, column: str, hits: pl.DataFrame, max_rows: int) -> list[Finding]:
    rows = (
        table.frame.select(pl.col(column).alias("value"))
        .with_row_index("row", offset=1)
        .join(hits, on="value")
        .group_by("kind")
        .agg(pl.col("row").n_unique().alias("n"), pl.col("row").unique().sort().head(max_rows))
        .sort("kind")
    )
    return [
        Finding(
            check="leak",
            kind=kind,
            file=table.name,
            column=column,
            count=n,
            rows=tuple(found),
            message=f"{n} {'cells hold' if n != 1 else 'cell holds'} {LABELS.get(kind, kind)}",
        )
        for kind, n, found in rows.iter_rows()
    ]


def scan_leaks(
    targets: Targets, tables: Sequence[Table], categories: Categories, *, max_rows: int = 10
) -> tuple[list[Finding], dict[str, int]]:
    """Findings per (file, column, kind) and how much was scanned."""
    cells = _distinct_cells(tables).with_row_index("vid")
    kinds = {c: category(categories, c).value for c in cells["c"].unique().to_list()}
    uniq = cells.select(
        "vid",
        "value",
        cat=pl.col("c").replace_strict(kinds, return_dtype=pl.String),
        single=~pl.col("value").str.strip_chars().str.contains(r"\s"),
    )
    counts = {
        "washed cells scanned": sum(
            t.frame.height * t.frame.width - sum(t.frame.null_count().row(0)) for t in tables
        ),
        "distinct washed values scanned": uniq.height,
        "original values searched for": targets.size,
    }
    # A cell of a date column that is nothing but a date or a time stamp holds no identifying
    # value: it is left out of the search (anything else in a date column is searched).
    dates = [C.BIRTH_DATE.value, C.EVENT_DATE.value]
    only_date = pl.col("value").str.contains(f"^\\s*(?:{norm.DATETIME_PATTERN})\\s*$")
    dated = uniq.filter(pl.col("cat").is_in(dates)).filter(only_date)["vid"]
    uniq = uniq.filter(~pl.col("vid").is_in(dated.implode()))
    cells = cells.filter(~pl.col("vid").is_in(dated.implode()))
    texts = _texts(cells, tables, categories)
    hits = pl.concat(
        [_number_hits(uniq, targets), _email_hits(uniq, targets), _text_hits(uniq, texts, targets)]
    ).unique()
    if hits.is_empty():
        return [], counts
    matched = cells.join(hits, on="vid").select("t", "c", "value", "kind")
    findings: list[Finding] = []
    for (t, c), part in sorted(matched.partition_by("t", "c", as_dict=True).items()):
        table = tables[cast(int, t)]
        findings += _findings(table, str(c), part.select("value", "kind").unique(), max_rows)
    return findings, counts
