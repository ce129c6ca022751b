"""``washer rules check FILE [INPUT]`` and ``washer rules transforms``."""

from __future__ import annotations

from pathlib import Path

import click

from washer.io import open_input
from washer.plan import plan_run
from washer.rules import Option, load_rules
from washer.transforms import SPECS


@click.group("rules")
def rules_group() -> None:
    """Check rule files and list the transforms they may use."""


@rules_group.command("check")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
def check(file: Path, inputs: tuple[Path, ...]) -> None:
    """Check rule FILE, and that it names every column of each INPUT.

    \b
    Example:
        washer rules check rules/innreise.toml fixtures/extract-sample.csv
    """
    rules = load_rules(file)
    entities = ", ".join(f"[{name}]" for name in rules.entities) or "no entities"
    click.echo(f"{file}: OK ({len(rules.columns)} column rules; {entities})")
    sources = [(path, open_input(path).columns) for path in inputs]
    if sources:  # as a wash of these inputs would: one plan for all of them
        plan_run(rules, [(str(path), columns) for path, columns in sources])
    for path, columns in sources:
        unused = [c for c in rules.columns if c not in columns]
        note = f"; {len(unused)} rules name columns it lacks" if unused else ""
        click.echo(f"{path}: OK, every one of its {len(columns)} columns has a rule{note}")


@rules_group.command("transforms")
def transforms() -> None:
    """List the transforms a rule file may name, with their options."""
    for name, spec in SPECS.items():
        category = spec.category.value if spec.category else "the field's own"
        click.echo(f"{name}  [{category}]")
        click.echo(f"    {spec.summary}")
        for option in spec.options:
            click.echo(f"    {option.name} = {_values(option)}: {option.help}")


def _values(option: Option) -> str:
    """What an option may be set to: ``"a" (default) or "b"``, or ``...`` for any text."""
    if not option.choices:
        return f'... (default "{option.default}")' if option.default != "" else "..."
    shown = [f'"{c}"' + (" (default)" if c == option.default else "") for c in option.choices]
    return ", ".join(shown[:-1]) + " or " + shown[-1]


__all__ = ["rules_group"]
