"""The ``washer`` command line: a thin click layer over the library.

Each command lives in its own module, opens its inputs, calls one library function and prints
the result. Library errors (:class:`washer.errors.WasherError`) become one ``Error:`` line and
their exit code; nothing here prints a traceback for a user's mistake.
"""

from __future__ import annotations

from typing import Any

import click

from washer._version import __version__
from washer.cli._errors import WasherGroup
from washer.cli.audit import audit
from washer.cli.generate import generate
from washer.cli.keygen import keygen
from washer.cli.mock import mock
from washer.cli.rules import rules_group
from washer.cli.wash import wash_command


@click.group(cls=WasherGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="washer")
def main() -> None:
    """Wash HDIR innreise extracts into safe, realistic test data.

    \b
    Example:
        washer keygen washer.key
        washer wash extract.csv --rules rules/innreise.toml --key-file washer.key --out washed/
    """


main.add_command(keygen)
main.add_command(mock)
main.add_command(generate)
main.add_command(wash_command)
main.add_command(rules_group)
main.add_command(audit)


def run(*args: Any) -> None:  # pragma: no cover - console entry point helper
    main(*args)


__all__ = ["main"]
