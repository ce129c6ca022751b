"""Turn library errors into one ``Error:`` line and an exit code."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click

from washer.errors import WasherError


class Terminated(BaseException):
    """SIGTERM (``kill``, a CI job's timeout, a container stopping), raised in the main thread
    so that the command cleans up as after Ctrl-C: no staging directory is left behind."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _terminable() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class WasherGroup(click.Group):
    """A click group that reports :class:`WasherError` as ``Error: <message>``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _terminable():
                return super().invoke(ctx)
        except WasherError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            ctx.exit(130)
        except Terminated:
            click.echo("Error: terminated", err=True)
            ctx.exit(128 + signal.SIGTERM)
