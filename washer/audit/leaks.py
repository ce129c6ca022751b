"""Leak scan: is any identifying value of the originals anywhere in the washed output?

Every distinct value of every washed column is read three ways, each a join against the
normalised originals (:mod:`washer.audit._targets`), never a loop over cells:

* digit runs (dates and trunk marks ``(0)`` cut out first; ``+47 912 34 567`` is one run) as
  id, organisation number, digit string and phone number (with ``+`` or ``00``, as eight
  digits, or as 47 and eight digits; any run in a phone column; a foreign number as written
  at home, ``070-123 45 67``), and in text the numbers spelled inside a longer run
  (``912 34 567 22 33 44 55`` holds two phone numbers);
* e-mail addresses inside the value;
* normalised words (case, accents, spacing, mojibake) matched as whole words, and phrases
  (addresses, employers) matched as whole word sequences;
* passports written in other groups (``XK 471 1093`` for ``XK4711093``): consecutive words
  joined, in the values whose digits hold a passport's.

Only columns and row numbers are reported, never the value found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import polars as pl

from washer.audit import normalise as norm
from washer.audit._forms import TEXT
from washer.audit._spans import spelled
from washer.audit._tables import STRUCTURED, Categories, Table, category, combined
from washer.audit._targets import Targets
from washer.audit.report import Finding
from washer.categories import Category
from washer.fakes._tokens import visible

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


def _column_cells(table: Table, column: str, cat: Category) -> pl.LazyFrame:
    """(value, text, coded): the distinct non-null values of one column to search.

    A cell of a date column that is nothing but a date or a time stamp holds no identifying
    value and is left out before the distinct values are found (anything else in a date
    column is searched). Text columns take their text from the table's map; ids, codes and
    phone numbers are text only where they hold a letter.
    """
    lettered = pl.col("value").str.contains(r"\p{L}")
    if cat not in STRUCTURED:
        cells = table.normal_map(column, "text").lazy()
        return cells.select("value", coded=pl.lit(False), text=pl.when(lettered).then("new"))
    if cat is C.PERSON_ID:  # found once for validity too; a placeholder is kept by the wash
        held = table.placeholders(column).implode()
        values = table.distinct(column).to_frame("value").lazy()
        values = values.filter(~pl.col("value").is_in(held))
    else:
        values = table.frame.lazy().select(pl.col(column).alias("value")).drop_nulls()
        if cat in (C.BIRTH_DATE, C.EVENT_DATE):
            only_date = f"^\\s*(?:{norm.DATETIME_PATTERN})\\s*$"
            values = values.filter(~pl.col("value").str.contains(only_date))
        values = values.unique()
    # A single token of an id, code or phone column is read only as what the column holds.
    single = ~pl.col("value").str.contains(r"\S\s+\S")  # whitespace inside, not around
    # Which values hold a letter, read once (in each filter below it would be read again).
    values = values.with_columns(coded=single, lettered=lettered)
    return pl.concat(
        [
            values.filter(~pl.col("lettered")).select(
                "value", "coded", text=pl.lit(None, pl.String)
            ),
            values.filter("lettered").select("value", "coded", text=TEXT),
        ]
    )


def _distinct_cells(
    tables: Sequence[Table], categories: Categories, constant: frozenset[str]
) -> pl.DataFrame:
    """(vid, t, c, value, text, coded, and what the column holds): each distinct searched
    value of each column (``t``: index of the table, ``c``: of the column in it)."""
    plans = []
    for i, table in enumerate(tables):
        for j, column in enumerate(table.columns):
            cat = category(categories, column)
            cells = _column_cells(table, column, cat)
            if column in constant:
                # A placeholder is no fake of the column's kind: read it every way, as text
                # is (somebody's phone number as an id placeholder is a leak).
                cells = cells.with_columns(coded=pl.lit(False))
            plans.append(
                cells.with_columns(
                    t=pl.lit(i, pl.UInt32),
                    c=pl.lit(j, pl.UInt32),
                    phone_column=pl.lit(cat is C.PHONE),
                    orgnr_column=pl.lit(cat is C.ORGNR),
                    id_column=pl.lit(cat in (C.PERSON_ID, C.REFERENCE_CODE)),
                )
            )
    if not plans:
        return pl.DataFrame(schema=_CELLS)
    return pl.concat(pl.collect_all(plans)).with_row_index("vid")


_CELLS = {
    "vid": pl.UInt32, "value": pl.String, "coded": pl.Boolean, "text": pl.String,
    "t": pl.UInt32, "c": pl.UInt32, "phone_column": pl.Boolean, "orgnr_column": pl.Boolean,
    "id_column": pl.Boolean,
}  # fmt: skip


_DATED_ID = (
    rf"(?-u:\b)[0-9]{{2}}[./][0-9]{{2}}[./](?:18|19|20)[0-9]{{2}}{norm.GAP}[0-9]{{5}}(?-u:\b)"
)


_FLAGS = ("vid", "coded", "phone_column", "orgnr_column", "id_column")
# Eight digits with a slash or the first three in brackets, eleven as date/serial: the digit
# runs read by DIGIT_RUN_PATTERN stop at "/" and ")".
_SLASHED = (
    rf"(?-u:\b)(?:[0-9]{{3}}/[0-9]{{5}}|[0-9]{{4}}/[0-9]{{4}}|[0-9]{{6}}\s*/\s*[0-9]{{5}})(?-u:\b)"
    rf"|\([0-9]{{3}}\)\s*[0-9](?:{norm.GAP}[0-9]){{4}}(?-u:\b)"
)


# Digits alone (most ids and phone numbers, maybe after a "+"), or groups of digits joined by
# one dash or dot (reference codes): one run as it stands, unless a date is written in it.
_WHOLE_RUN = r"^\+?[0-9]+(?:[-.][0-9]+)*$"
# What every match of DATETIME_PATTERN starts with. Asked only of values of ASCII digits,
# "+", "-" and "." (with _WHOLE_RUN), where \d reads as [0-9]: and the regex engine finds
# \d{4} faster (a third less time over the distinct values of a million-row file).
_MAY_HOLD_DATE = r"\d{4}-\d{2}-\d{2}"


def _runs(uniq: pl.DataFrame) -> pl.DataFrame:
    """(``vid``, what the column holds, ``run``, ``d``): the runs of digits of each value, in
    order within a value, dates and trunk marks cut out first; ``d``: the run's digits."""
    # A value of ASCII digits alone or in groups (no invisible character, no trunk mark, no
    # date) is one run as it stands, read without the expressions below.
    value = pl.col("value")
    whole = value.str.contains(_WHOLE_RUN) & ~value.str.contains(_MAY_HOLD_DATE)
    marked = uniq.with_columns(plain=whole)
    spelt = marked.filter(~pl.col("plain")).select(
        *_FLAGS,
        # "+46 (0)70 123 45 67": the trunk zero in brackets is no part of the number.
        run=norm.without_datetimes(visible(value))
        .str.replace_all("(0)", "", literal=True)
        .str.extract_all(norm.DIGIT_RUN_PATTERN),
    )
    # Its digits without a regular expression: all it holds besides them is "+", "-", ".".
    digits = value.str.replace_all("-", "", literal=True).str.replace_all(".", "", literal=True)
    plain = marked.filter("plain").select(*_FLAGS, run=value, d=digits.str.strip_prefix("+"))
    # A phone or id written with a slash or brackets (912/34567, (912) 34 567, 150885/45610):
    # also read as one run.
    slashed = marked.filter(value.str.contains("[/(]")).select(
        *_FLAGS, run=visible(value).str.extract_all(_SLASHED)
    )
    spelt, slashed = (
        f.explode("run").drop_nulls("run").with_columns(d=pl.col("run").str.replace_all(r"\D+", ""))
        for f in (spelt, slashed)
    )
    return pl.concat([plain, spelt, slashed])


# Six digits anywhere in a value: fewer cannot make a run of the six a number must have.
_SIX_DIGITS = r"\d(?:\D*\d){5}"


def _number_hits(uniq: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    if not any(f.height for f in targets.numbers.values()):
        return pl.DataFrame(schema=_HITS)
    # Every run (and every dated id) is cut from a value's digits: the values with fewer
    # than six are left out at once (a third of them: names, addresses, e-mail addresses).
    uniq = uniq.filter(pl.col("value").str.contains(_SIX_DIGITS))
    runs = (
        _runs(uniq)
        .filter(pl.col("d").str.len_bytes() >= 6)
        .with_columns(
            size=pl.col("d").str.len_bytes(),
            bare=~pl.col("run").str.starts_with("+"),
            zeros=pl.col("d").str.starts_with("00"),
        )
    )
    bare, size, text = pl.col("bare"), pl.col("size"), ~pl.col("coded")
    # A bare run is a phone number as Norway writes it (eight digits, or 47 and eight): an id
    # or a code serial is not read as a foreign number; "+" or "00" always marks a phone.
    explicit = ~bare | pl.col("zeros")
    phone_like = explicit | (size == 8) | ((size == 10) & pl.col("d").str.starts_with("47"))
    # A single-token value of an id, code or phone column is read only as what that column
    # holds: a fake passport number "96590408" is not taken for somebody's phone number. Text
    # (several words) is text wherever it stands.
    # A foreign number as written at home: one trunk zero, then the national number.
    trunk = bare & ~pl.col("zeros") & pl.col("d").str.starts_with("0") & size.is_between(7, 13)
    reads = {
        "p": explicit | (phone_like & text) | pl.col("phone_column"),
        "n": trunk & (text | pl.col("phone_column")),
        "i": bare & (size == 11),
        "o": bare & (size == 9) & (text | pl.col("orgnr_column")),
        "d": bare & (text | pl.col("id_column")),
    }
    read_as = {
        "p": norm.canonical_phone(~pl.col("bare"), pl.col("d")),
        "n": pl.col("d").str.slice(1),
    }
    found = [
        runs.lazy()
        .filter(condition)
        .select("vid", key=read_as.get(space, pl.col("d")))
        .join(_space(targets, space), on="key")
        .select("vid", "kind")
        for space, condition in reads.items()
    ]
    # An id written with its date's year in full (01.01.1980-36735, 01/01/1980 36735): 13
    # digits, the century no part of the number.
    dated = (
        uniq.lazy()
        .select("vid", run=pl.col("value").str.extract_all(_DATED_ID))
        .explode("run")
        .select("vid", d=pl.col("run").str.replace_all(r"\D+", ""))
    )
    found.append(
        dated.select("vid", key=pl.col("d").str.slice(0, 4) + pl.col("d").str.slice(6))
        .join(_space(targets, "i"), on="key")
        .select("vid", "kind")
    )
    # Several numbers written in one run of text ("rom 310 91234567", "+47 91234567 2",
    # "912 34 567 22 33 44 55"): each is read where its groups of digits spell it as usual.
    grouped = text & (size > 8) & pl.col("run").str.contains(r"\d\D+\d")
    found += _spelled(runs.filter(grouped).select("vid", "run"), targets)
    return pl.concat(pl.collect_all(found))


def _spelled(runs: pl.DataFrame, targets: Targets) -> list[pl.LazyFrame]:
    """Hits of the numbers spelled inside runs of several numbers (:mod:`._spans`)."""
    read = spelled(runs.lazy(), "vid")
    phone = pl.col("space") == "p"
    keys = read.select(
        "vid", "space", key=pl.when(phone).then(pl.lit("47") + pl.col("d")).otherwise("d")
    )
    return [
        keys.filter(pl.col("space") == space)
        .join(_space(targets, space), on="key")
        .select("vid", "kind")
        for space in ("p", "o", "i")
    ]


def _space(targets: Targets, space: str) -> pl.LazyFrame:
    return targets.numbers[space].lazy()


_MAY_HOLD_EMAIL = r"@|(?i:[(\[{]\s*at\s*[)\]}])"  # an "@", or one spelled out


def _email_hits(uniq: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    if targets.emails.is_empty():
        return pl.DataFrame(schema=_HITS)
    cand = uniq.filter(pl.col("value").str.contains(_MAY_HOLD_EMAIL))
    keys = norm.email_rows(cand.select("vid", "value"), "value", "key")
    return keys.join(targets.emails, on="key").select("vid", "kind")


def _text_hits(uniq: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    if targets.words.is_empty() and targets.phrases.is_empty():
        return pl.DataFrame(schema=_HITS)
    texts = uniq.select("vid", "text", "coded").drop_nulls("text")
    words = texts.select("vid", "coded", word=pl.col("text").str.split(" ")).explode("word")
    found = words.join(targets.words, left_on="word", right_on="key")
    # A name is not looked for inside an id, a code or a phone number ("IMA734672" is no Ima):
    # asked only of the values a word was found in (few), not of every coded value.
    held = uniq.filter(pl.col("vid").is_in(found["vid"].implode()))
    coded = held.filter(pl.col("coded"), pl.col("value").str.contains(r"\d"))["vid"]
    in_code = (pl.col("kind") == "name") & pl.col("vid").is_in(coded.implode())
    hits = [found.filter(~in_code).select("vid", "kind")]
    if not targets.phrases.is_empty():
        hits.append(_phrase_hits(texts, words, targets))
        # "Storgata nr. 12": the street and its number read without the word between them
        numbered = texts.filter(pl.col("text").str.contains(_NUMBER_WORD)).with_columns(
            pl.col("text").str.replace_all(_NUMBER_WORD, " $1")
        )
        if numbered.height:
            split = numbered.select("vid", word=pl.col("text").str.split(" ")).explode("word")
            hits.append(_phrase_hits(numbered, split, targets))
    return pl.concat(hits)


_NUMBER_WORD = r" n[or] ([0-9])"  # in the text form: lower case, words apart


def _phrase_hits(texts: pl.DataFrame, words: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    """Hits of the phrases (addresses, employers) in ``texts`` (``vid``, ``text``; ``words``:
    ``vid``, ``word``, its words in order) as whole word sequences."""
    # Candidates by a 64-bit code of their first two words (no string built per word pair);
    # each is then read as text, so that a code shared by chance finds nothing more.
    same_value = pl.col("vid").shift(-1) == pl.col("vid")
    pair = combined(pl.col("h"), pl.col("h").shift(-1))
    heads = words.select("vid", h=pl.col("word").hash()).select(
        "vid", h=pl.when(same_value).then(pair)
    )
    first_two = pl.col("head").str.split(" ")
    phrases = targets.phrases.select(
        "key", "kind", h=combined(first_two.list.get(0).hash(), first_two.list.get(1).hash())
    )
    cand = heads.drop_nulls().join(phrases, on="h").join(texts.select("vid", "text"), on="vid")
    padded = pl.lit(" ") + pl.col("text") + pl.lit(" ")
    inside = padded.str.contains(pl.lit(" ") + pl.col("key") + pl.lit(" "), literal=True)
    return cand.filter(inside).select("vid", "kind")


# A passport's digits, joined, a value must hold before its words are joined: fewer would
# let most values through (its other spellings are still found as words).
_CODE_DIGITS = 5
_CODE_WORDS = 12  # a passport has at most 12 letters and digits


def _code_hits(uniq: pl.DataFrame, targets: Targets) -> pl.DataFrame:
    """Passports written in groups of their own: runs of consecutive words joined."""
    digits = targets.codes["key"].str.replace_all(r"\D+", "")
    probes = digits.filter(digits.str.len_bytes() >= _CODE_DIGITS).unique()
    if probes.is_empty():
        return pl.DataFrame(schema=_HITS)
    texts = uniq.select("vid", "text").drop_nulls("text")
    # A text holds a passport's digits only if it has as many: the others (most) are left out
    # before their digits are gathered.
    fewest = cast(int, probes.str.len_chars().min())
    enough = pl.col("text").str.contains(rf"\d(?:\D*\d){{{fewest - 1}}}")
    held = pl.col("text").str.replace_all(r"\D+", "").str.contains_any(probes.implode())
    words = (
        texts.filter(enough)
        .filter(held)
        .select("vid", word=pl.col("text").str.split(" "))
        .explode("word")
    )
    windows = []
    for width in range(2, _CODE_WORDS + 1):
        same = pl.col("vid").shift(-(width - 1)) == pl.col("vid")
        joined = pl.concat_str([pl.col("word").shift(-i) for i in range(width)])
        windows.append(words.lazy().select("vid", key=pl.when(same).then(joined)))
    # ... or glued to the word before it (passXK4711093: "passxk 4711093"), its letters the
    # last one to three of that word.
    same = pl.col("vid").shift(-1) == pl.col("vid")
    after = pl.col("word").shift(-1)
    glued = same & pl.col("word").str.contains("^[a-z]+$") & after.str.contains("^[0-9]+$")
    for letters in (1, 2, 3):
        tail = pl.col("word").str.slice(-letters)
        proper = pl.col("word").str.len_chars() > letters
        windows.append(words.lazy().select("vid", key=pl.when(glued & proper).then(tail + after)))
    found = pl.concat(windows).drop_nulls().join(targets.codes.lazy(), on="key")
    return found.select("vid", "kind").collect()


def _findings(table: Table, column: str, hits: pl.DataFrame, max_rows: int) -> list[Finding]:
    # The rows holding a hit value first (a lookup), then only those rows joined.
    where = table.frame.select(pl.col(column).is_in(hits["value"].implode()).fill_null(False))
    found = where.to_series().arg_true()
    rows = (
        pl.DataFrame({"row": found + 1, "value": table.frame[column].gather(found)})
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
    targets: Targets,
    tables: Sequence[Table],
    categories: Categories,
    *,
    max_rows: int = 10,
    constant: frozenset[str] = frozenset(),
) -> tuple[list[Finding], dict[str, int]]:
    """Findings per (file, column, kind) and how much was scanned; the values of ``constant``
    columns (a placeholder the rules asked for) are read as text is, for every kind."""
    uniq = _distinct_cells(tables, categories, constant)
    counts = {
        "washed cells scanned": sum(
            t.frame.height * t.frame.width - sum(t.frame.null_count().row(0)) for t in tables
        ),
        "distinct washed values scanned": uniq.height,
        "original values searched for": targets.size,
    }
    hits = pl.concat(
        [
            _number_hits(uniq, targets),
            _email_hits(uniq, targets),
            _text_hits(uniq, targets),
            _code_hits(uniq, targets),
        ]
    ).unique()
    if hits.is_empty():
        return [], counts
    matched = uniq.join(hits, on="vid").select("t", "c", "value", "kind")
    findings: list[Finding] = []
    for (t, c), part in sorted(matched.partition_by("t", "c", as_dict=True).items()):
        table = tables[cast(int, t)]
        column = table.columns[cast(int, c)]
        findings += _findings(table, column, part.select("value", "kind").unique(), max_rows)
    return findings, counts
