"""The ``washer`` command line: a thin click layer over the library.

Each command lives in its own module, opens its inputs, calls one library function and prints
the result. Library errors (:class:`washer.errors.WasherError`) become one ``Error:`` line and
their exit code; nothing here prints a traceback for a user's mistake.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from washer._version import __version__
from washer.cli._errors import WasherGroup

# Command name -> module and attribute: a command's module (and the library behind it) is
# imported only when that command runs, so `washer mock` does not load the audit.
_COMMANDS = {
    "audit": ("washer.cli.audit", "audit"),
    "generate": ("washer.cli.generate", "generate"),
    "keygen": ("washer.cli.keygen", "keygen"),
    "mock": ("washer.cli.mock", "mock"),
    "rules": ("washer.cli.rules", "rules_group"),
    "wash": ("washer.cli.wash", "wash_command"),
}


class _LazyGroup(WasherGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        module, attribute = _COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="washer")
def main() -> None:
    """Wash HDIR innreise extracts into safe, realistic test data.

    \b
    Example:
        washer keygen washer.key
        washer wash extract.csv --rules rules/innreise.toml --key-file washer.key --out washed/
    """


def run(*args: Any) -> None:  # pragma: no cover - console entry point helper
    main(*args)


__all__ = ["main"]
