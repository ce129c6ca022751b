"""Full names: a washed full name that is, or holds, an original full name of the run is a
finding (the wash's guarantee, :mod:`washer.fullnames`), whatever its spelling."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from washer.audit import AuditOptions, audit_frames
from washer.audit._tables import as_table
from washer.audit.fullnames import full_name_findings, original_full_names
from washer.audit.report import Finding
from washer.categories import DEFAULT_CATEGORIES
from washer.errors import AuditFailure
from washer.fullnames import words_form
from washer.gate import audit_gate
from washer.keys import Key
from washer.wash import StagedRun, WashOptions, wash

F, L, CP = "p_first_name", "p_last_name", "a_employer_contact_person"
PAIR = f"{F}, {L}"
ROOT = Path(__file__).resolve().parents[2]


def _named(extract: pl.DataFrame, washed: pl.DataFrame) -> list[Finding]:
    report = audit_frames([extract], [washed], options=AuditOptions(max_rows=1000))
    return [f for f in report.findings if f.kind == "full_name"]


def _with(washed: pl.DataFrame, row: int, **cells: str) -> pl.DataFrame:
    """A copy of the washed frame with cells of one row replaced."""
    return washed.with_columns(washed[c].scatter(row, v).alias(c) for c, v in cells.items())


def _other_row(extract: pl.DataFrame, source: int) -> int:
    """A row of another name than ``source``'s (where the name is planted)."""
    name = extract[F][source], extract[L][source]
    return next(r for r in range(1, extract.height) if (extract[F][r], extract[L][r]) != name)


def _accented_row(extract: pl.DataFrame) -> int:
    return next(r for r in range(extract.height) if not f"{extract[F][r]}{extract[L][r]}".isascii())


def _ascii(name: str) -> str:
    folded = name.translate(str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae"}))
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if c.isascii())


def _mojibake(name: str) -> str:
    return name.encode("utf-8").decode("cp1252", errors="replace")


SPELLINGS: dict[str, Callable[[str, str], tuple[str, str]]] = {
    "as written": lambda f, la: (f, la),
    "upper case": lambda f, la: (f.upper(), la.upper()),
    "lower case": lambda f, la: (f.lower(), la.lower()),
    "no accents": lambda f, la: (_ascii(f), _ascii(la)),
    "mojibake": lambda f, la: (_mojibake(f), _mojibake(la)),
    "spaced": lambda f, la: (f"  {f} ", f" {la}  "),
}


def test_a_correct_wash_has_no_full_name_finding(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    assert _named(extract, washed) == []


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_another_travellers_full_name_is_found_however_spelled(
    extract: pl.DataFrame, washed: pl.DataFrame, spelling: str
) -> None:
    source = _accented_row(extract)
    row = _other_row(extract, source)
    first, last = SPELLINGS[spelling](extract[F][source], extract[L][source])
    findings = _named(extract, _with(washed, row, **{F: first, L: last}))
    assert [(f.check, f.column, f.rows) for f in findings] == [("leak", PAIR, (row + 1,))]
    assert extract[F][source] not in findings[0].line()  # never the value


def test_hyphens_commas_and_the_split_between_the_columns_do_not_hide_a_name(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    # An original "Anne-Lise Berg" is "anne lise berg" to a reader, however its parts are
    # spelled and parted between the first and the last name.
    original = _with(extract, 0, **{F: "Anne-Lise", L: "Berg"})
    planted = {3: ("Anne Lise", "BERG"), 5: ("Anne", "Lise-Berg"), 7: ("anne, lise", "berg")}
    tampered = washed
    for row, (first, last) in planted.items():
        tampered = _with(tampered, row, **{F: first, L: last})
    [finding] = _named(original, tampered)
    assert finding.rows == (4, 6, 8)
    assert finding.count == 3
    assert not audit_frames([original], [tampered]).ok  # a finding stops publication


def test_a_fake_holding_an_original_full_name_is_found(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    source = _accented_row(extract)
    first, last = extract[F][source], extract[L][source]
    tampered = _with(washed, 10, **{F: f"Martine {first}", L: last})  # without its first word
    tampered = _with(tampered, 20, **{F: first, L: f"{last}-Zyxwvut"})  # without its last word
    tampered = _with(tampered, 30, **{F: f"Qwxz {first}", L: f"{last} Zyxwvut"})  # in between
    tampered = _with(tampered, 40, **{F: f"Qwxz {first}", L: f"{last}-Vutsr Zyxwvut"})
    [finding] = _named(extract, tampered)
    # As the wash guarantees it: any run of two words or more of the fake.
    assert finding.rows == (11, 21, 31, 41)


def test_word_order_counts_as_the_wash_reads_it(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    # "Last First" is not "First Last" to the wash: in a generated million-row run, dozens
    # of correct fakes read as some traveller's name reversed.
    source = _accented_row(extract)
    row = _other_row(extract, source)
    tampered = _with(washed, row, **{F: extract[L][source], L: extract[F][source]})
    assert _named(extract, tampered) == []


def test_a_contact_person_that_is_an_original_full_name_is_found(
    extract: pl.DataFrame, washed: pl.DataFrame
) -> None:
    source = _accented_row(extract)
    traveller = f"{extract[L][source].upper()}, {extract[F][source].upper()}"
    contact = extract[CP].drop_nulls()[0]
    last, first = traveller.split(", ")
    tampered = _with(washed, 40, **{CP: f"{first.lower()} {last.lower()}"})
    tampered = _with(tampered, 50, **{CP: contact.upper()})
    tampered = _with(tampered, 60, **{CP: f"Qwxz {contact}"})
    [finding] = _named(extract, tampered)
    assert (finding.column, finding.rows) == (CP, (41, 51, 61))
    # ... and a traveller named as an original contact person
    first, last = contact.split(" ", 1)
    [finding] = _named(extract, _with(washed, 70, **{F: first, L: last}))
    assert (finding.column, finding.rows) == (PAIR, (71,))


def _oracle(extract: pl.DataFrame, washed: pl.DataFrame) -> set[int]:
    """Rows (0-based) whose washed full name is or holds an original one, row by row."""

    def form(value: str) -> str:
        return str(pl.select(words_form(pl.lit(value))).item())

    taken = {form(f"{f} {la}") for f, la in zip(extract[F], extract[L], strict=True)}
    taken |= {form(c) for c in extract[CP].drop_nulls()}
    taken = {t for t in taken if " " in t}

    def holds(full: str) -> bool:
        words = full.split(" ")
        n = len(words)
        runs = {" ".join(words[i:j]) for i in range(n) for j in range(i + 2, n + 1)}
        return bool(runs & taken)

    return {
        row
        for row, (f, la) in enumerate(zip(washed[F], washed[L], strict=True))
        if f is not None and la is not None and holds(form(f"{f} {la}"))
    }


_NAMES = st.sampled_from(["Qwxz", "Zyxwvut", "Anne-", "Lise", "Berg", "O'", "de la"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plants=st.lists(
        st.tuples(
            st.integers(0, 239),
            st.integers(0, 239),
            st.sampled_from(sorted(SPELLINGS)),
            st.lists(_NAMES, max_size=2),
            st.lists(_NAMES, max_size=2),
        ),
        max_size=6,
    )
)
def test_the_rows_found_are_the_rows_an_oracle_finds(
    extract: pl.DataFrame,
    washed: pl.DataFrame,
    plants: list[tuple[int, int, str, list[str], list[str]]],
) -> None:
    tampered = washed
    for row, source, spelling, before, after in plants:
        first, last = SPELLINGS[spelling](extract[F][source], extract[L][source])
        first = " ".join([*before, first])
        last = " ".join([last, *after])
        tampered = _with(tampered, row, **{F: first, L: last})
    taken = original_full_names([as_table("o", extract)], DEFAULT_CATEGORIES)
    table = as_table("w", tampered)
    table.prefetch_maps([CP])
    findings, _ = full_name_findings(taken, [table], DEFAULT_CATEGORIES, max_rows=1000)
    found = {r - 1 for f in findings if f.column == PAIR for r in f.rows}
    assert found == _oracle(extract, tampered)
    assert all(f.column == PAIR for f in findings)


def test_the_wash_does_not_publish_a_fake_that_is_somebodys_full_name(tmp_path: Path) -> None:
    sample = ROOT / "fixtures" / "extract-sample.csv"
    original = pl.read_csv(sample, infer_schema=False)
    source = _accented_row(original)
    row = _other_row(original, source)
    seen: list[str] = []

    def tamper_then_audit(run: StagedRun) -> str:
        staged = run.outputs[0].staged
        washed = pl.read_csv(staged, infer_schema=False)
        name = {F: original[F][source].upper(), L: original[L][source].lower()}
        _with(washed, row, **name).write_csv(staged)
        try:
            return audit_gate(report=tmp_path / "audit.json")(run)
        except AuditFailure as failure:
            seen.append(failure.message)
            raise

    options = WashOptions(
        rules=ROOT / "rules" / "innreise.toml",
        key=Key.from_file(ROOT / "fixtures" / "demo.key"),
        out_dir=tmp_path / "out",
        before_publish=tamper_then_audit,
    )
    with pytest.raises(AuditFailure):
        wash([sample], options)
    assert not (tmp_path / "out").exists()
    assert "1 leak" in seen[0]
    report = (tmp_path / "audit.json").read_text(encoding="utf-8")
    assert '"kind": "full_name"' in report
    assert original[L][source].lower() not in report.lower()
