"""Leak scan: is any identifying value of the originals anywhere in the washed output?

Every distinct value of every washed column is read three ways, each a join against the
normalised originals (:mod:`washer.audit._targets`), never a loop over cells:

* digit runs (dates cut out first; ``+47 912 34 567`` is one run) as phone, id, organisation
  number and digit string, and the numbers formed by neighbouring groups of a longer run
  (``912 34 567 22 33 44 55`` holds two phone numbers);
* e-mail addresses inside the value;
* normalised words (case, accents, spacing, mojibake) matched as whole words, and phrases
  (addresses, employers) matched as whole word sequences.

Only columns and row numbers are reported, never the value found.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from washer.audit import normalise as norm
from washer.audit._targets import Targets
from washer.audit._tables import Table
from washer.audit.report import Finding

_HITS = {"vid": pl.UInt32, "kind": pl.String}
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
    cand = uniq.filter(pl.col("value").str.count_matches(r"\d") >= 6)
    runs = cand.select("vid", run=norm.digit_runs(pl.col("value"))).explode("run").drop_nulls()
    runs = runs.with_columns(d=norm.digits(pl.col("run")), plus=pl.col("run").str.starts_with("+"))
    bare, size = ~pl.col("plus"), pl.col("d").str.len_bytes()
    keys = runs.select(
        "vid",
        key=pl.concat_list(
            pl.lit("p:") + norm.phone_from_digits(pl.col("run")),
            pl.when(bare & (size == 11)).then(pl.lit("i:") + pl.col("d")),
            pl.when(bare & (size == 9)).then(pl.lit("o:") + pl.col("d")),
            pl.when(bare & (size >= 6)).then(pl.lit("d:") + pl.col("d")),
        ),
    ).explode("key")
    keys = pl.concat([keys.drop_nulls(), _group_numbers(runs.filter(bare))])
    return keys.join(targets.numbers, on="key").select("vid", "kind")


def _group_numbers(runs: pl.DataFrame) -> pl.DataFrame:
    """Numbers made of neighbouring digit groups of a run: 8 digits (phone), 9, 11."""
    groups = runs.with_columns(g=pl.col("run").str.extract_all(r"\d+"))
    groups = groups.filter(pl.col("g").list.len() >= 2).select("vid", "d", "g").with_row_index()
    parts = groups.explode("g").with_columns(size=pl.col("g").str.len_bytes())
    parts = parts.with_columns(end=pl.col("size").cum_sum().over("index"))
    parts = parts.with_columns(start=pl.col("end") - pl.col("size"))
    spans = parts.select("index", "vid", "d", "start").join(
        parts.select("index", "end"), on="index"
    )
    size = pl.col("end") - pl.col("start")
    spans = spans.filter(size.is_in([8, 9, 11]))
    part = pl.col("d").str.slice(pl.col("start"), size)
    key = (
        pl.when(size == 8)
        .then(pl.lit("p:47") + part)
        .when(size == 9)
        .then(pl.lit("o:") + part)
        .otherwise(pl.lit("i:") + part)
    )
    return spans.select("vid", key=key)


def _email_hits(uniq: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    if targets.emails.is_empty():
        return pl.DataFrame(schema=_HITS)
    cand = uniq.filter(pl.col("value").str.contains("@", literal=True))
    keys = cand.select("vid", key=norm.emails(pl.col("value"))).explode("key").drop_nulls()
    return keys.join(targets.emails, on="key").select("vid", "kind")


def _text_hits(uniq: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    if targets.words.is_empty() and targets.phrases.is_empty():
        return pl.DataFrame(schema=_HITS)
    texts = uniq.filter(pl.col("value").str.contains(r"\p{L}"))
    texts = texts.select("vid", text=norm.text(pl.col("value"))).drop_nulls()
    words = texts.select("vid", word=pl.col("text").str.split(" ")).explode("word")
    found = [words.join(targets.words, left_on="word", right_on="key").select("vid", "kind")]
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
    targets: Targets, tables: Sequence[Table], *, max_rows: int = 10
) -> tuple[list[Finding], dict[str, int]]:
    """Findings per (file, column, kind) and how much was scanned."""
    cells = _distinct_cells(tables)
    uniq = cells.select("value").unique().with_row_index("vid")
    counts = {
        "washed cells scanned": sum(
            t.frame.height * t.frame.width - sum(t.frame.null_count().row(0)) for t in tables
        ),
        "distinct washed values scanned": uniq.height,
        "original values searched for": targets.size,
    }
    hits = pl.concat(
        [_number_hits(uniq, targets), _email_hits(uniq, targets), _text_hits(uniq, targets)]
    ).unique()
    if hits.is_empty():
        return [], counts
    matched = cells.join(uniq, on="value").join(hits, on="vid").select("t", "c", "value", "kind")
    findings: list[Finding] = []
    for (t, c), part in sorted(matched.partition_by("t", "c", as_dict=True).items()):
        table = tables[int(t)]  # type: ignore[call-overload]
        findings += _findings(table, str(c), part.select("value", "kind").unique(), max_rows)
    return findings, counts
