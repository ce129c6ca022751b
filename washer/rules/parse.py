"""Read a rule file (TOML) into a :class:`~washer.rules.model.RuleSet`, or say what is wrong.

Every error is a :class:`~washer.errors.RuleError` naming the file, the line and the key, e.g.
``rules/x.toml, line 12: columns.p_phone.transform: unknown transform "fone"``.

The format (see README, "Rule files")::

    version = 1
    [dates]
    anchor = "a_date"
    [person]
    ids = ["p_unique_id", "p_dnr", "p_fh_number"]
    names = ["p_first_name", "p_last_name"]
    birth_date = "p_birth_date"
    contacts = ["p_email", "p_phone"]
    [employer]
    ids = ["a_employer_org_number"]
    names = ["a_employer_name"]
    [columns]
    p_phone = { transform = "phone" }
    a_destination_id = "keep"
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from washer.categories import Category
from washer.errors import RuleError
from washer.rules._lines import find_line, key_at
from washer.rules.model import (
    ENTITY_NAMES,
    ColumnRule,
    EntityName,
    EntitySpec,
    OptionValue,
    RuleSet,
)
from washer.rules.registry import TransformSpec, suggest

RULES_VERSION = 1
RESERVED_PREFIX = "__washer"
_TOP_KEYS = ("version", "dates", "person", "employer", "columns")
_ENTITY_KEYS: dict[EntityName, tuple[str, ...]] = {
    "person": ("ids", "names", "birth_date", "contacts"),
    "employer": ("ids", "names", "contacts"),
}
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TWICE = re.compile(r"Cannot (overwrite a value|declare .* twice)")


class _Context:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def line(self, *key: str) -> int:
        return find_line(self.text, key) or 0

    def error(self, key: tuple[str, ...], message: str) -> RuleError:
        dotted = ".".join(key)
        line = self.line(*key)
        where = f"{self.path}, line {line}" if line else f"{self.path}"
        return RuleError(f"{where}: {dotted}: {message}" if dotted else f"{where}: {message}")


def load_rules(path: str | Path, specs: Mapping[str, TransformSpec] | None = None) -> RuleSet:
    """Read and check the rule file at ``path``."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise RuleError(f"rule file {p} does not exist") from None
    except IsADirectoryError:
        raise RuleError(f"rule file {p} is a directory") from None
    except OSError as exc:
        raise RuleError(f"rule file {p} cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RuleError(f"{p}: a rule file must be UTF-8 text") from None
    return parse_rules(text, p, specs, sha256=hashlib.sha256(raw).hexdigest())


def parse_rules(
    text: str,
    path: Path,
    specs: Mapping[str, TransformSpec] | None = None,
    *,
    sha256: str | None = None,
) -> RuleSet:
    """Check rule-file ``text`` (``path`` is for messages and the manifest)."""
    if specs is None:
        from washer.transforms import SPECS

        specs = SPECS
    ctx = _Context(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_LINE.search(message)
        reason = _TOML_LINE.sub("", message).strip()
        where = f"{path}, line {found.group(1)}" if found else str(path)
        twice = _set_twice(ctx, int(found.group(1))) if found and _TWICE.match(reason) else None
        raise RuleError(f"{where}: {twice or f'not valid TOML ({reason})'}") from None
    for key in data:
        if key not in _TOP_KEYS:
            raise ctx.error((key,), "unknown key" + suggest(key, dict.fromkeys(_TOP_KEYS)))
    version = data.get("version", RULES_VERSION)
    if type(version) is not int or version != RULES_VERSION:  # true and 1.0 equal 1 in Python
        raise ctx.error(("version",), f"this washer reads rule files of version {RULES_VERSION}")
    entities = {name: _entity(ctx, name, data[name]) for name in ENTITY_NAMES if name in data}
    anchor = _anchor(ctx, data.get("dates"))
    columns = data.get("columns")
    if columns is None:
        raise ctx.error((), "no [columns] table: name a transform for every column")
    if not isinstance(columns, dict):
        raise ctx.error(("columns",), "must be a table of column rules")
    rules = {
        name: _column_rule(ctx, name, value, specs, entities) for name, value in columns.items()
    }
    _check_entity_columns(ctx, entities, rules)
    _check_anchor(ctx, anchor, rules)
    _check_id_styles(ctx, rules)
    _check_birth_dates(ctx, entities.get("person"), rules)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return RuleSet(path, digest, rules, entities, anchor, ctx.line("dates", "anchor"))


def _set_twice(ctx: _Context, line: int) -> str | None:
    """``columns.a: set twice (first on line 3)`` for a key TOML refused to set again."""
    key = key_at(ctx.text, line)
    first = find_line(ctx.text, key) if key else None
    if key is None or first is None or first >= line:
        return None
    return f"{'.'.join(key)}: set twice (first on line {first}; a key takes one value)"


def _anchor(ctx: _Context, dates: object) -> str | None:
    if dates is None:
        return None
    if not isinstance(dates, dict):
        raise ctx.error(("dates",), "must be a table")
    for key in dates:
        if key != "anchor":
            raise ctx.error(("dates", key), "unknown key (the [dates] table takes anchor)")
    anchor = dates.get("anchor")
    if anchor is not None and not isinstance(anchor, str):
        raise ctx.error(("dates", "anchor"), "must be a column name")
    return anchor


def _check_entity_columns(
    ctx: _Context, entities: Mapping[EntityName, EntitySpec], rules: Mapping[str, ColumnRule]
) -> None:
    """Every column an entity table names must be ruled: else it is a typo that would
    silently leave the entity recognised by fewer columns than the file says."""
    for name, spec in entities.items():
        for key in _ENTITY_KEYS[name]:
            value = getattr(spec, key) or ()
            for column in (value,) if isinstance(value, str) else value:
                if column not in rules:
                    raise ctx.error(
                        (name, key),
                        f'column "{column}" has no rule under [columns]' + suggest(column, rules),
                    )


def _check_anchor(ctx: _Context, anchor: str | None, rules: Mapping[str, ColumnRule]) -> None:
    """The anchor must be a ruled event-date column; moving dates needs an anchor."""
    if anchor is None:
        moving = [rule for rule in rules.values() if rule.transform == "event_date"]
        if moving:
            raise ctx.error(
                ("columns", moving[0].column, "transform"),
                'transform "event_date" moves dates by the run\'s one offset, but no [dates] '
                "anchor column says by how much",
            )
        return
    rule = rules.get(anchor)
    if rule is None:
        raise ctx.error(
            ("dates", "anchor"),
            f'column "{anchor}" has no rule under [columns]' + suggest(anchor, rules),
        )
    if rule.transform != "event_date" and rule.category is not Category.EVENT_DATE:
        raise ctx.error(
            ("dates", "anchor"),
            f'column "{anchor}" is no event date (its rule is "{rule.transform}"): the anchor '
            'must be a column ruled "event_date" (or kept, with category "event_date")',
        )


def _check_id_styles(ctx: _Context, rules: Mapping[str, ColumnRule]) -> None:
    """One style for every person_id column: a D-number in p_unique_id and in p_dnr must get
    the same fake, and fakes of different styles never agree."""
    first: ColumnRule | None = None
    for rule in rules.values():
        if rule.transform != "person_id":
            continue
        if first is None:
            first = rule
        elif rule.options["style"] != first.options["style"]:
            raise ctx.error(
                ("columns", rule.column, "style"),
                f'"{rule.options["style"]}", but columns.{first.column} (line {first.line}) has '
                f'"{first.options["style"]}": every person_id column takes the same style, so '
                "equal ids get equal fakes",
            )


def _check_birth_dates(
    ctx: _Context, person: EntitySpec | None, rules: Mapping[str, ColumnRule]
) -> None:
    """A birth_date rule washes the [person] table's birth_date column: any other column
    would get the person's washed birth date, and without that column a person whose ids
    hold no date (FH-number, passport) would have it emptied."""
    own = person.birth_date if person else None
    for rule in rules.values():
        if rule.transform == "birth_date" and rule.column != own:
            which = (
                f'"{own}": a person has one birth date'
                if own
                else (f'not set: add birth_date = "{rule.column}" to [person]')
            )
            raise ctx.error(
                ("columns", rule.column, "transform"),
                'transform "birth_date" washes the [person] table\'s birth_date column, which '
                f"is {which}",
            )


def _entity(ctx: _Context, name: EntityName, value: object) -> EntitySpec:
    if not isinstance(value, dict):
        raise ctx.error((name,), "must be a table")
    allowed = _ENTITY_KEYS[name]
    fields: dict[str, Any] = {}
    for key, item in value.items():
        if key not in allowed:
            raise ctx.error(
                (name, key), f"unknown key (the [{name}] table takes {', '.join(allowed)})"
            )
        if key == "birth_date":
            if not isinstance(item, str):
                raise ctx.error((name, key), "must be a column name")
            fields[key] = item
        else:
            if not isinstance(item, list) or not all(isinstance(v, str) for v in item):
                raise ctx.error((name, key), "must be a list of column names")
            fields[key] = tuple(item)
    spec = EntitySpec(name=name, line=ctx.line(name), **fields)
    if not spec.columns:
        raise ctx.error((name,), "names no columns")
    return spec


def _column_rule(
    ctx: _Context,
    column: str,
    value: object,
    specs: Mapping[str, TransformSpec],
    entities: Mapping[EntityName, EntitySpec],
) -> ColumnRule:
    key = ("columns", column)
    if column.startswith(RESERVED_PREFIX):
        raise ctx.error(key, f"column names starting with {RESERVED_PREFIX} are reserved")
    if isinstance(value, str):
        value = {"transform": value}
    if not isinstance(value, dict):
        raise ctx.error(
            key, 'a column rule is a transform name or a table like { transform = "keep" }'
        )
    name = value.get("transform")
    if name is None:
        raise ctx.error(key, "no transform")
    if not isinstance(name, str):
        raise ctx.error((*key, "transform"), "must be a transform name")
    spec = specs.get(name)
    if spec is None:
        raise ctx.error((*key, "transform"), f'unknown transform "{name}"' + suggest(name, specs))
    options: dict[str, OptionValue] = {}
    for opt_name, opt_value in value.items():
        if opt_name == "transform":
            continue
        option = spec.option(opt_name)
        if option is None:
            known = {o.name: o for o in spec.options}
            raise ctx.error(
                (*key, opt_name),
                f'unknown option for transform "{name}"' + suggest(opt_name, known),
            )
        try:
            options[opt_name] = option.check(opt_value)
        except ValueError as exc:
            raise ctx.error((*key, opt_name), str(exc)) from None
    for option in spec.options:
        options.setdefault(option.name, option.default)
    if spec.entity is not None:
        of = options.get("of", spec.entity)
        if of not in entities:
            where = (*key, "of") if "of" in value else (*key, "transform")
            raise ctx.error(where, f'transform "{name}" needs a [{of}] table in this file')
    category = spec.category_for(column, options)
    return ColumnRule(column, name, options, category, ctx.line(*key))


__all__ = ["RULES_VERSION", "load_rules", "parse_rules"]
