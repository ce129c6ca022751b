"""A traveller without ids (an employer without organisation number) keeps one set of fakes
in every row and file, however each row spells the name: accents, transliterations, case,
decomposed letters, mojibake, and Windows-1252 or UTF-8 input."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.cli import main
from washer.dates import parse_dates
from washer.keys import Key
from washer.schema import INNREISER_FIELDS

from ._checks import read, wash_frames
from ._spellings import SYLLABLES, Syllables, consonants, spelling

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "innreise.toml"
SECRET = bytes(range(32))
KEY = Key(SECRET)
PERSON_FAKES = ("p_first_name", "p_last_name", "p_email", "a_location_address")
EMPLOYER_FAKES = ("a_employer_name", "a_employer_address", "a_employer_contact_person")


def _frame(rows: list[dict[str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{f: r.get(f) for f in INNREISER_FIELDS} for r in rows],
        schema=dict.fromkeys(INNREISER_FIELDS, pl.String),
    )


def _fakes(washed: pl.DataFrame, columns: tuple[str, ...]) -> list[tuple[object, ...]]:
    births = washed.select(parse_dates(pl.col("p_birth_date")))["p_birth_date"]
    return [(*row, birth) for row, birth in zip(washed.select(columns).rows(), births, strict=True)]


@given(
    persons=st.lists(
        st.tuples(SYLLABLES, SYLLABLES, st.sampled_from(["1985-08-15", "1990-01-01"])),
        min_size=1,
        max_size=3,
        unique_by=lambda p: (consonants(p[0]), consonants(p[1]), p[2]),
    ),
    data=st.data(),
)
@settings(max_examples=12, deadline=None)
def test_spellings_of_a_traveller_without_ids_get_one_set_of_fakes_in_every_file(
    persons: list[tuple[Syllables, Syllables, str]], data: st.DataObject
) -> None:
    rows: list[dict[str, str | None]] = []
    owner: list[int] = []
    for who, (first, last, birth) in enumerate(persons):
        for n in range(data.draw(st.integers(2, 3))):
            rows.append(
                {
                    "p_first_name": data.draw(spelling(first)),
                    "p_last_name": data.draw(spelling(last)),
                    "p_birth_date": birth if n % 2 else ".".join(reversed(birth.split("-"))),
                    "p_email": f"traveller{who}@example.org",
                    "a_location_address": f"Qvistbakken {who + 1}",
                    "a_date": f"2021-09-{10 + n:02d}",
                }
            )
            owner.append(who)
    in_second = [data.draw(st.booleans()) for _ in rows]
    files = [[i for i in range(len(rows)) if in_second[i] == second] for second in (False, True)]
    washed = wash_frames([_frame([rows[i] for i in f]) for f in files], RULES, KEY)
    fakes = dict(zip(files[0] + files[1], _fakes(pl.concat(washed), PERSON_FAKES), strict=True))
    for who in range(len(persons)):
        assert len({fakes[i] for i, o in enumerate(owner) if o == who}) == 1

    # The same rows in another order and split: the same fakes (no spelling comes first).
    order = data.draw(st.permutations(range(len(rows))))
    [again] = wash_frames([_frame([rows[i] for i in order])], RULES, KEY)
    assert dict(zip(order, _fakes(again, PERSON_FAKES), strict=True)) == fakes


def test_employers_without_organisation_number_are_one_however_their_name_is_spelled() -> None:
    names = ["Müller Bygg AS", "Mueller Bygg AS", "MULLER BYGG AS", "M\u00c3\u00bcller Bygg AS"]
    rows: list[dict[str, str | None]] = [
        {
            "p_unique_id": f"ID{i}",
            "a_employer_name": name,
            "a_employer_address": "Qvistbakken 3",
            "a_employer_contact_person": "Ola Zyrkon",
            "a_date": "2021-09-10",
        }
        for i, name in enumerate(names)
    ]
    rows.append({**rows[0], "a_employer_name": "Miller Bygg AS"})  # another employer
    [washed] = wash_frames([_frame(rows)], RULES, KEY)
    fakes = washed.select(EMPLOYER_FAKES).rows()
    assert len(set(fakes[:4])) == 1
    assert fakes[4][0] != fakes[0][0]


def test_windows_1252_and_utf8_inputs_of_one_traveller_wash_and_pass_the_audit(
    tmp_path: Path,
) -> None:
    def row(first: str, last: str, birth: str, day: str) -> dict[str, str | None]:
        return {
            "p_first_name": first,
            "p_last_name": last,
            "p_birth_date": birth,
            "p_email": "zolvejg@example.org",
            "a_date": day,
        }

    old = _frame([row("José", "Øvrebø", "1985-08-15", "2021-09-10")])
    new = _frame(
        [
            row("Jose", "Ovrebo", "15.08.1985", "2021-09-11"),
            row("JOSÉ", "Oevreboe", "1985-08-15", "2021-09-12"),
        ]
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "old.csv").write_bytes(old.write_csv().encode("cp1252"))
    (tmp_path / "in" / "new.csv").write_bytes(new.write_csv().encode("utf-8"))
    key_file = tmp_path / "k.key"
    key_file.write_text(SECRET.hex() + "\n")
    result = CliRunner().invoke(
        main,
        [
            "wash",
            str(tmp_path / "in" / "old.csv"),
            str(tmp_path / "in" / "new.csv"),
            "--rules",
            str(RULES),
            "--key-file",
            str(key_file),
            "--out",
            str(tmp_path / "out"),
            "--reference-date",
            "2024-05-17",
        ],
    )
    assert result.exit_code == 0, result.output
    washed = [read(tmp_path / "out" / name) for name in ("old.csv", "new.csv")]
    names = pl.concat(washed).select("p_first_name", "p_last_name", "p_email").rows()
    assert len(set(names)) == 1
    assert names[0] != ("José", "Øvrebø", "zolvejg@example.org")
