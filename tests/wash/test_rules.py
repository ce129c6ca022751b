"""Rule files: the default rules, the format, and errors that name file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from washer.categories import IDENTIFYING, category_of
from washer.errors import RuleError
from washer.rules import load_rules
from washer.rules._lines import find_line, key_at
from washer.schema import INNREISER_FIELDS
from washer.transforms import REGISTRY, SPECS

HEAD = """version = 1
[dates]
anchor = "a_date"
[person]
ids = ["p_unique_id"]
names = ["p_first_name"]
birth_date = "p_birth_date"
"""
HEAD_COLUMNS = """p_unique_id = "person_id"
p_first_name = "first_name"
p_birth_date = "birth_date"
a_date = "event_date"
"""


def test_default_rules_cover_every_field_with_its_category(rules_path: Path) -> None:
    rules = load_rules(rules_path)
    assert list(rules.columns) == list(INNREISER_FIELDS)
    assert {c: r.category for c, r in rules.columns.items()} == {
        c: category_of(c) for c in INNREISER_FIELDS
    }


def test_default_rules_wash_every_identifying_field(rules_path: Path) -> None:
    rules = load_rules(rules_path)
    for column, rule in rules.columns.items():
        if rule.category in IDENTIFYING:
            assert rule.transform not in ("keep", "drop"), column
    assert rules.identifying_columns() == tuple(
        c for c in INNREISER_FIELDS if category_of(c) in IDENTIFYING
    )


def test_every_registered_transform_has_a_documented_spec() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for name in REGISTRY:
        spec = SPECS[name]
        assert spec.summary
        assert f"`{name}`" in readme, f"transform {name} is not in the README"
        for option in spec.options:
            assert option.help


def _rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "r.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEAD + '[columns]\np_phone = { transform = "fone" }\n',
            '{p}, line 9: columns.p_phone.transform: unknown transform "fone" '
            '(did you mean "phone"?)',
        ),
        (
            HEAD + '[columns]\na = "keep"\nb = "zzz"\n',
            '{p}, line 10: columns.b.transform: unknown transform "zzz"',
        ),
        (
            HEAD + '[columns.p_phone]\ntransform = "phone"\ncolour = "red"\n',
            '{p}, line 10: columns.p_phone.colour: unknown option for transform "phone"',
        ),
        (
            HEAD + '[columns]\nx = { transform = "person_id", style = "fancy" }\n',
            '{p}, line 9: columns.x.style: must be one of "synthetic", "realistic"',
        ),
        (
            HEAD + '[columns]\nx = { transform = "constant", value = 3 }\n',
            "{p}, line 9: columns.x.value: must be a string",
        ),
        (
            HEAD + '[columns]\nx = { transform = "company_name" }\n',
            '{p}, line 9: columns.x.transform: transform "company_name" needs a [employer] '
            "table in this file",
        ),
        (
            '[columns]\nx = { transform = "person_id", style = "realistic" }\ny = "person_id"\n',
            '{p}, line 3: columns.y.style: "synthetic", but columns.x (line 2) has "realistic": '
            "every person_id column takes the same style, so equal ids get equal fakes",
        ),
        (
            HEAD.replace('birth_date = "p_birth_date"\n', "")
            + "[columns]\n"
            + HEAD_COLUMNS.replace('p_birth_date = "birth_date"', 'p_birth_date = "keep"')
            + 'born = "birth_date"\n',
            '{p}, line 12: columns.born.transform: transform "birth_date" washes the [person] '
            'table\'s birth_date column, which is not set: add birth_date = "born" to [person]',
        ),
        (
            HEAD + "[columns]\n" + HEAD_COLUMNS + 'child_born = "birth_date"\n',
            '{p}, line 13: columns.child_born.transform: transform "birth_date" washes the '
            '[person] table\'s birth_date column, which is "p_birth_date": a person has one '
            "birth date",
        ),
        (
            '[columns]\np_birth_date = "birth_date"\n',
            '{p}, line 2: columns.p_birth_date.transform: transform "birth_date" needs a '
            "[person] table in this file",
        ),
        (
            HEAD + '[columns]\nx = { of = "person" }\n',
            "{p}, line 9: columns.x: no transform",
        ),
        (
            HEAD + "[columns]\nx = 3\n",
            "{p}, line 9: columns.x: a column rule is a transform name or a table like "
            '{{ transform = "keep" }}',
        ),
        (
            HEAD + '[colums]\nx = "keep"\n',
            '{p}, line 8: colums: unknown key (did you mean "columns"?)',
        ),
        (HEAD, "{p}: no [columns] table: name a transform for every column"),
        (
            "version = 2\n[columns]\n",
            "{p}, line 1: version: this washer reads rule files of version 1",
        ),
        (
            "version = true\n[columns]\n",
            "{p}, line 1: version: this washer reads rule files of version 1",
        ),
        (
            "version = 1.0\n[columns]\n",
            "{p}, line 1: version: this washer reads rule files of version 1",
        ),
        (
            '[person]\nids = "p_unique_id"\n[columns]\n',
            "{p}, line 2: person.ids: must be a list of column names",
        ),
        (
            '[person]\nname = ["a"]\n[columns]\n',
            "{p}, line 2: person.name: unknown key (the [person] table takes ids, names, "
            "birth_date, contacts)",
        ),
        (
            '[dates]\nanchor = "a"\nzone = "x"\n[columns]\n',
            "{p}, line 3: dates.zone: unknown key (the [dates] table takes anchor)",
        ),
        (
            '[columns]\n__washer_x = "keep"\n',
            "{p}, line 2: columns.__washer_x: column names starting with __washer are reserved",
        ),
        (
            HEAD.replace('ids = ["p_unique_id"]', 'ids = ["p_unqiue_id"]')
            + "[columns]\n"
            + HEAD_COLUMNS,
            '{p}, line 5: person.ids: column "p_unqiue_id" has no rule under [columns] '
            '(did you mean "p_unique_id"?)',
        ),
        (
            HEAD.replace('birth_date = "p_birth_date"', 'birth_date = "p_birth_dat"')
            + "[columns]\n"
            + HEAD_COLUMNS,
            '{p}, line 7: person.birth_date: column "p_birth_dat" has no rule under [columns] '
            '(did you mean "p_birth_date"?)',
        ),
        (
            HEAD + '[employer]\nnames = ["a_employer_name"]\n[columns]\n' + HEAD_COLUMNS,
            '{p}, line 9: employer.names: column "a_employer_name" has no rule under [columns]',
        ),
        (
            HEAD.replace('anchor = "a_date"', 'anchor = "a_dat"') + "[columns]\n" + HEAD_COLUMNS,
            '{p}, line 3: dates.anchor: column "a_dat" has no rule under [columns] '
            '(did you mean "a_date"?)',
        ),
        (
            HEAD.replace('anchor = "a_date"', 'anchor = "p_first_name"')
            + "[columns]\n"
            + HEAD_COLUMNS,
            '{p}, line 3: dates.anchor: column "p_first_name" is no event date (its rule is '
            '"first_name"): the anchor must be a column ruled "event_date" (or kept, with '
            'category "event_date")',
        ),
        (
            '[columns]\nx = "keep"\na_updated = "event_date"\n',
            '{p}, line 3: columns.a_updated.transform: transform "event_date" moves dates by '
            "the run's one offset, but no [dates] anchor column says by how much",
        ),
        (
            '[columns]\nx = "keep"\ny = "keep"\nx = "null"\n',
            "{p}, line 4: columns.x: set twice (first on line 2; a key takes one value)",
        ),
        (
            '[columns]\nx = "keep"\n[columns.x]\ntransform = "null"\n',
            "{p}, line 3: columns.x: set twice (first on line 2; a key takes one value)",
        ),
        (
            '[columns]\nx = "keep"\n[columns]\ny = "keep"\n',
            "{p}, line 3: columns: set twice (first on line 1; a key takes one value)",
        ),
        ('[columns]\nx = "keep"\ny = \n', "{p}, line 3: not valid TOML (Invalid value)"),
        (
            "[columns\n",
            "{p}, line 1: not valid TOML (Expected ']' at the end of a table declaration)",
        ),
    ],
)
def test_rule_errors_name_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = _rules(tmp_path, text)
    with pytest.raises(RuleError) as info:
        load_rules(path)
    assert str(info.value) == message.format(p=path)


def test_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"^rule file .*nope.toml does not exist$"):
        load_rules(tmp_path / "nope.toml")


def test_string_shorthand_and_defaults(tmp_path: Path) -> None:
    text = HEAD + '[columns]\na = "keep"\nb = { transform = "person_id" }\n' + HEAD_COLUMNS
    rules = load_rules(_rules(tmp_path, text))
    assert rules.columns["a"].transform == "keep"
    assert rules.columns["b"].options == {"style": "synthetic"}
    assert rules.columns["b"].line == 10


def test_keep_takes_the_fields_category_so_a_kept_identifier_is_still_audited(
    tmp_path: Path,
) -> None:
    rules = load_rules(
        _rules(
            tmp_path,
            '[columns]\np_phone = "keep"\nx = { transform = "keep", category = "email" }\n',
        )
    )
    assert rules.columns["p_phone"].category == "phone"
    assert rules.columns["x"].category == "email"


_KEY = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)


@given(
    tables=st.lists(_KEY, min_size=1, max_size=4, unique=True),
    keys=st.lists(_KEY, min_size=1, max_size=4, unique=True),
    inline=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_find_line_locates_keys_in_any_layout(
    tables: list[str], keys: list[str], inline: bool
) -> None:
    lines: list[str] = []
    expected: dict[tuple[str, ...], int] = {}
    for table in tables:
        lines.append(f"[{table}]")
        for k in keys:
            if inline:
                lines.append(f'{k} = {{ transform = "keep", x = 1 }}')
                expected[(table, k, "x")] = len(lines)
            else:
                lines.append(f'{k} = "v"  # comment')
            expected[(table, k)] = len(lines)
    text = "\n".join(lines)
    for path, line in expected.items():
        assert find_line(text, path) == line
        if len(path) == 2:
            assert key_at(text, line) == path


@pytest.mark.parametrize(
    ("anchor", "rule"),
    [
        ("arrived", '"event_date"'),
        ("a_date", '"keep"'),  # a kept a_date is still an event date
        ("arrived", '{ transform = "keep", category = "event_date" }'),
    ],
)
def test_an_event_date_column_moved_or_kept_anchors(tmp_path: Path, anchor: str, rule: str) -> None:
    text = (
        HEAD.replace('anchor = "a_date"', f'anchor = "{anchor}"')
        + "[columns]\n"
        + HEAD_COLUMNS.replace('a_date = "event_date"\n', f"{anchor} = {rule}\n")
    )
    assert load_rules(_rules(tmp_path, text)).anchor == anchor
