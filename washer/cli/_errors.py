"""Turn library errors into one ``Error:`` line and an exit code."""

from __future__ import annotations

from typing import Any

import click

from washer.errors import WasherError


class WasherGroup(click.Group):
    """A click group that reports :class:`WasherError` as ``Error: <message>``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WasherError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            ctx.exit(130)
