"""``washer mock``: serve washed (or demo) data as the Fiks innreise API."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

__all__ = ["mock"]


def _fail_with(ctx: click.Context, param: click.Parameter, value: str) -> str:
    text = value.strip().lower()
    if text in ("reset", "timeout") or (text.isdigit() and 400 <= int(text) <= 599):
        return text
    raise click.BadParameter("must be a status code 400-599, 'reset' or 'timeout'")


@click.command()
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="Washed file or folder (csv, parquet, jsonl, json). Default: the demo dataset.",
)
@click.option(
    "--integrations",
    type=click.Path(path_type=Path),
    help="Integrations TOML "
    "file (organisations, integrations, passwords). Default: demo integrations.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date the mock "
    "lives on: it serves a_date from today-10 to today-1. Default: the real date.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--rebase/--no-rebase",
    default=None,
    help="Move event dates so the newest "
    "a_date is the day before --today. Default: only for the demo dataset.",
)
@click.option(
    "--fail-rate",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of API requests that fail (a drill; 0 = none).",
)
@click.option(
    "--fail-with",
    default="500",
    show_default=True,
    callback=_fail_with,
    help="How drawn failures fail: a status 400-599, 'reset' or 'timeout'.",
)
@click.option("--seed", type=int, help="Seed for --fail-rate draws (reproducible runs).")
@click.option(
    "--fault-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds a 'timeout' drill holds a request before dropping it.",
)
@click.option(
    "--journal-size",
    default=1000,
    show_default=True,
    type=click.IntRange(0),
    help="Requests kept for /_mock/requests.",
)
@click.option(
    "--access-log/--no-access-log", default=True, show_default=True, help="Log every request."
)
@click.option("--check", is_flag=True, help="Load everything, print the summary, and exit.")
def mock(
    data: Path | None,
    integrations: Path | None,
    today: datetime | None,
    host: str,
    port: int,
    rebase: bool | None,
    fail_rate: float,
    fail_with: str,
    seed: int | None,
    fault_timeout: float,
    journal_size: int,
    access_log: bool,
    check: bool,
) -> None:
    """Serve washed data as a mock of KS's Fiks innreise API (same paths, auth and errors).

    Only records with a_date in the 10 days before --today are served, as in production.
    JWT signatures are not checked; everything else is as strict as production.

    \b
    Example:
        washer mock --today 2021-09-10 --port 8080
        washer mock --data washed/ --integrations integrations.toml
    """
    from washer.mock import DrillConfig, create_app
    from washer.mock.banner import banner
    from washer.mock.serve import listen, serve

    day: date | None = None if today is None else today.date()
    drills = DrillConfig(fail_rate, fail_with, seed, fault_timeout)
    app = create_app(
        data,
        integrations,
        today=day,
        rebase=rebase,
        drills=drills,
        journal_size=journal_size,
        warm_up=False,  # a large dataset is laid out once the server listens (below)
    )
    sock = None if check else listen(host, port)
    if sock is not None:
        port = sock.getsockname()[1]  # --port 0: the free port it got
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    shown_host = f"[{shown_host}]" if ":" in shown_host else shown_host  # an IPv6 URL
    base_url = f"http://{shown_host}:{port}"
    label = "demo dataset" if data is None else str(data)
    click.echo(banner(app, base_url, data_label=label))
    if fail_rate:
        click.echo(f"Drill: {fail_rate:.0%} of API requests fail with {fail_with}.\n")
    if app.mock.visible_count() == 0 and app.mock.index.loaded:
        click.echo(
            "Warning: no record has an a_date in the served window; pass --today (the "
            "day after the newest a_date) or --rebase.\n",
            err=True,
        )
    if not check:
        serve(
            app,
            host,
            port,
            access_log=access_log,
            on_started=app.mock.index.texts.encode_in_background,
            sock=sock,
        )
