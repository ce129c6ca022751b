"""pytest plugin: run the washer mock of the Fiks innreise API inside your tests.

Installed with washer (entry point ``pytest11``), it adds two fixtures:

* ``washer_mock``: the mock in-process (no socket): ``washer_mock.client`` is an
  ``httpx.Client`` calling the ASGI app directly; ``washer_mock.app`` is the app itself, for
  your own ASGI-aware client.
* ``washer_mock_server``: the mock under uvicorn on a free port of 127.0.0.1 in a thread, for
  clients that need a URL (``washer_mock_server.url``).

Both serve the demo dataset and demo integrations unless configured, by (strongest first)
indirect parametrisation, a marker, or ini options::

    @pytest.mark.parametrize("washer_mock", [{"data": "washed/"}], indirect=True)
    @pytest.mark.washer_mock(data="washed/", today="2021-09-10", integrations="tenants.toml")

    [pytest]  (or [tool.pytest.ini_options])
    washer_mock_data = washed/
    washer_mock_integrations = tenants.toml
    washer_mock_today = 2021-09-10

Relative ``data`` and ``integrations`` paths are taken from pytest's rootdir wherever they
are given, so a run started from a subdirectory finds the same files.

``washer_mock.headers("Oslo kommune")`` gives the three auth headers of the integration acting
for that organisation (or pass an integration id). Loaded datasets are cached for the session.
A ``timeout`` drill holds a request for ``fault_timeout`` seconds (default 1, not the CLI's 30,
so a test cannot hang). The fixtures need ``httpx`` (in washer's ``test`` extra).

The module imports nothing but pytest until a fixture is used, so it costs nothing in test
runs that do not use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import httpx

    from washer.mock.app import MockApp
    from washer.mock.index import Index

__all__ = ["WasherMock", "washer_mock", "washer_mock_server"]

_OPTIONS = (
    "data",
    "integrations",
    "today",
    "rebase",
    "fail_rate",
    "fail_with",
    "seed",
    "fault_timeout",
)
_INDEXES: dict[tuple[str | None, str | None, str], Index] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("washer_mock_data", "washer mock: washed file or folder (default: demo data)")
    parser.addini("washer_mock_integrations", "washer mock: integrations TOML (default: demo)")
    parser.addini("washer_mock_today", "washer mock: the date it lives on, YYYY-MM-DD")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "washer_mock(data=None, integrations=None, today=None, rebase=None, fail_rate=0, "
        "fail_with='500', seed=None, fault_timeout=1.0): configure the washer mock fixtures "
        "for a test",
    )


class WasherMock:
    """A running mock: ``app``, ``client`` (httpx) and ``url``, plus helpers."""

    def __init__(self, app: MockApp, client: httpx.Client, url: str) -> None:
        self.app = app
        self.client = client
        self.url = url

    def headers(self, who: str | None = None, *, token: str | None = None) -> dict[str, str]:
        """The auth headers of an integration: by id or organisation name; default the first
        integration acting for a single organisation."""
        from washer.mock.auth import make_token

        tenants = self.app.mock.tenants
        integrations = list(tenants.integrations.values())
        if who is None:
            chosen = next((i for i in integrations if len(i.organizations) == 1), integrations[0])
        else:
            wanted = who.lower()
            found = [
                i
                for i in integrations
                if i.id == wanted
                or any(tenants.organizations[o].name.lower() == wanted for o in i.organizations)
            ]
            if not found:
                raise LookupError(f"no integration with id or organisation {who!r}")
            chosen = min(found, key=lambda i: len(i.organizations))
        return {
            "Authorization": f"Bearer {token or make_token()}",
            "IntegrasjonId": chosen.id,
            "IntegrasjonPassord": chosen.password,
        }

    def requests(self) -> list[dict[str, Any]]:
        """The journal of requests the mock answered (secrets redacted)."""
        return self.app.mock.journal.entries()

    def reset(self) -> None:
        """Clear the journal and restart the fail-rate draws."""
        self.app.mock.journal.clear()
        self.app.mock.drills.reset()


def _settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    config = request.config
    settings: dict[str, Any] = {}
    for name in ("data", "integrations", "today"):
        value = config.getini(f"washer_mock_{name}")
        if value:
            settings[name] = value
    marker = request.node.get_closest_marker("washer_mock")
    if marker is not None:
        settings.update(marker.kwargs)
    param = getattr(request, "param", None)
    if isinstance(param, dict):
        settings.update(param)
    unknown = set(settings) - set(_OPTIONS)
    if unknown:
        raise pytest.UsageError(f"washer_mock: unknown option(s) {sorted(unknown)}")
    for name in ("data", "integrations"):  # relative paths: from the rootdir, wherever given
        if isinstance(settings.get(name), (str, PurePath)):
            settings[name] = str(config.rootpath / settings[name])
    return settings


def _app(settings: dict[str, Any]) -> MockApp:
    from datetime import date, timedelta

    from washer.mock import DrillConfig, create_app, load_index
    from washer.mock._time import oslo_today

    today = settings.get("today")
    if isinstance(today, str):
        today = date.fromisoformat(today)
    data = settings.get("data")
    rebase = settings.get("rebase")
    if rebase is None:
        rebase = data is None  # as the CLI: the demo dataset always ends yesterday
    rebase_to: date | None = (today or oslo_today()) if rebase else None
    first_day = (today or oslo_today()) - timedelta(days=10)  # earlier: never served
    key = (
        None if data is None else str(Path(data).resolve()),
        None if rebase_to is None else rebase_to.isoformat(),
        first_day.isoformat(),
    )
    if key not in _INDEXES:
        _INDEXES[key] = load_index(data, rebase_to=rebase_to, first_day=first_day)
    drills = DrillConfig(
        fail_rate=float(settings.get("fail_rate", 0.0)),
        fail_with=str(settings.get("fail_with", "500")),
        seed=settings.get("seed"),
        fault_timeout_s=float(settings.get("fault_timeout", 1.0)),
    )
    return create_app(
        integrations=settings.get("integrations"), today=today, index=_INDEXES[key], drills=drills
    )


@pytest.fixture
def washer_mock(request: pytest.FixtureRequest) -> Iterator[WasherMock]:
    """The washer mock in-process: ``.client`` (httpx, no socket), ``.app``, ``.headers()``."""
    from washer.testing.asgi import asgi_client

    app = _app(_settings(request))
    with asgi_client(app) as client:
        yield WasherMock(app, client, str(client.base_url))


@pytest.fixture
def washer_mock_server(request: pytest.FixtureRequest) -> Iterator[WasherMock]:
    """The washer mock on a free 127.0.0.1 port in a thread: ``.url``, ``.client``."""
    import httpx

    from washer.mock.serve import ServerThread

    app = _app(_settings(request))
    with ServerThread(app) as url, httpx.Client(base_url=url) as client:
        yield WasherMock(app, client, url)
