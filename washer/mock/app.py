"""The FastAPI application: ``create_app(...)`` builds a mock ready to serve.

Requests to the two API operations go through, in order: drills (only when asked for), the
journal, authentication (401), request checks (400; 415 for a body not sent as JSON), the
organisation (403 or 400), the kommune (403), then the index. ``OPTIONS`` answers ``Allow``
on every path, ``HEAD`` is ``GET`` without the body where ``GET`` is served.
``/openapi.json`` serves the published spec plus the auth additions; ``/_mock/*`` is the
mock's own control surface (no auth, no drills, not journalled).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, MutableMapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse

from washer.mock._time import day_date, oslo_today
from washer.mock.drills import DrillConfig, Plan, drop, hold
from washer.mock.errors import ApiError, error_bytes
from washer.mock.index import Index
from washer.mock.operations import (
    COUNT_PATH,
    SEARCH_PATH,
    answer,
    request_headers,
    serve_operation,
)
from washer.mock.query import WINDOW_DAYS, visible_days
from washer.mock.spec import served_spec_bytes
from washer.mock.state import MockState, default_tenants, load_index
from washer.mock.tenants import Tenants

__all__ = ["API_PATHS", "COUNT_PATH", "SEARCH_PATH", "MockApp", "create_app"]

API_PATHS = (COUNT_PATH, SEARCH_PATH)
_JSON = "application/json"
Scope = MutableMapping[str, Any]


def _error_response(status: int, message: str, path: str, headers: dict[str, str]) -> Response:
    return Response(error_bytes(status, message, path), status, headers, media_type=_JSON)


async def _send_error(send: Any, status: int, message: str, path: str) -> None:
    body = error_bytes(status, message, path)
    headers = [(b"content-type", _JSON.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class MockApp(FastAPI):
    """FastAPI with the mock's outermost layer: drills and journal around the API paths."""

    mock: MockState

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/_mock/") or path == "/openapi.json":
            await super().__call__(scope, receive, send)
            return
        await self._journalled(scope, receive, send, path)

    async def _journalled(self, scope: Scope, receive: Any, send: Any, path: str) -> None:
        started = time.perf_counter()
        headers = request_headers(scope["headers"])
        try:
            plan = self.mock.drills.plan(headers)
        except ApiError as exc:
            plan = None
            failed: ApiError | None = exc
        else:
            failed = None
        if plan is None and failed is None and scope["method"] == "POST" and path in API_PATHS:
            # the common case, straight through
            status: int | None = None
            body = b""
            try:
                status, body = await serve_operation(self.mock, scope, receive, send, headers)
            finally:
                self.mock.journal.record(
                    scope, body, status, (time.perf_counter() - started) * 1000, None
                )
            return
        await self._wrapped(scope, receive, send, path, headers, started, plan, failed)

    async def _wrapped(
        self,
        scope: Scope,
        receive: Any,
        send: Any,
        path: str,
        headers: dict[str, str],
        started: float,
        plan: Plan | None,
        failed: ApiError | None,
    ) -> None:
        """Drills, bad drill headers, and anything but ``POST`` to the operations."""
        chunks: list[bytes] = []
        status: list[int | None] = []

        async def receive_body() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
            return message

        async def send_status(message: Any) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        try:
            if failed is not None:
                await _send_error(send_status, failed.status, failed.message, scope["path"])
                return
            if plan is not None and not await self._drill(
                plan, scope, receive_body, send, send_status
            ):
                return
            if scope["method"] == "POST" and path in API_PATHS:
                await serve_operation(self.mock, scope, receive_body, send_status, headers)
            else:
                await super().__call__(scope, receive_body, send_status)
        finally:
            self.mock.journal.record(
                scope,
                b"".join(chunks),
                status[0] if status else None,
                (time.perf_counter() - started) * 1000,
                None if plan is None else plan.describe(),
            )

    async def _drill(
        self, plan: Plan, scope: Scope, receive: Any, raw_send: Any, send: Any
    ) -> bool:
        """Carry out a drill; True when the request should still be answered normally."""
        if plan.delay_ms:
            await asyncio.sleep(plan.delay_ms / 1000)
        if plan.fault == "timeout" and await hold(receive, self.mock.drills.config.fault_timeout_s):
            return False  # the client gave up: nothing left to drop
        if plan.fault is not None:
            await drop(raw_send)  # the raw send: under uvicorn it leads to the connection
            return False
        if plan.status is not None:
            message = f"Feil fremprovosert av washer mock (drill): status {plan.status}"
            await _send_error(send, plan.status, message, scope["path"])
            return False
        return True


async def _operation(request: Request) -> Response:
    """The FastAPI route of both operations (MockApp answers POSTs before routing)."""
    status, body, headers = answer(
        request.app.mock,
        request.url.path,
        {k.lower(): v for k, v in request.headers.items()},
        {k: request.query_params.getlist(k) for k in request.query_params},
        await request.body(),
    )
    return Response(body, status, headers, media_type=_JSON)


def _health(request: Request) -> dict[str, Any]:
    state: MockState = request.app.mock
    first, last = visible_days(state.today_day())
    return {
        "status": "ok",
        "records": state.index.loaded,
        "visible_records": state.visible_count(),
        "today": state.today_date().isoformat(),
        "visible_a_date": [day_date(first).isoformat(), day_date(last).isoformat()],
        "startup_seconds": round(state.index.build_seconds, 3),
        "warm": state.index.texts.warm,
        "encoded_records": state.index.texts.encoded,
        "requests": state.journal.total,
        "drills": {
            "fail_rate": state.drills.config.fail_rate,
            "fail_with": state.drills.config.fail_with,
            "seed": state.drills.config.seed,
            "fault_timeout_s": state.drills.config.fault_timeout_s,
        },
        "uptime_seconds": round(time.time() - state.started_at, 3),
    }


def _requests(request: Request) -> Any:
    raw = request.query_params.get("limit")
    limit = int(raw) if raw is not None and raw.isdigit() else None
    return request.app.mock.journal.entries(limit)


def _reset(request: Request) -> dict[str, str]:
    state: MockState = request.app.mock
    state.journal.clear()
    state.drills.reset()
    return {"status": "reset"}


_GET = ["GET", "HEAD"]  # HEAD is GET without the body, as on any HTTP server
_METHOD_RANK = {m: i for i, m in enumerate(("GET", "HEAD", "POST", "OPTIONS"))}


def _allow(methods: Iterable[str]) -> str:
    """An ``Allow`` value, always in the same order."""
    return ", ".join(
        sorted(set(methods), key=lambda m: (_METHOD_RANK.get(m, len(_METHOD_RANK)), m))
    )


def _answer_options(app: MockApp) -> None:
    """``OPTIONS`` on every path: 200 with ``Allow`` and no body (as Spring answers it), no
    credentials needed (a browser's preflight has none)."""
    allowed: dict[str, set[str]] = {}
    for route in app.routes:
        if isinstance(route, APIRoute):
            allowed.setdefault(route.path, set()).update(route.methods or ())
    for path, methods in allowed.items():
        allow = _allow([*methods, "OPTIONS"])
        app.add_api_route(
            path,
            lambda allow=allow: Response(headers={"Allow": allow}),
            methods=["OPTIONS"],
            include_in_schema=False,
        )


def _install(app: MockApp) -> None:
    for path in API_PATHS:
        app.add_api_route(path, _operation, methods=["POST"], include_in_schema=False)
    app.add_api_route(
        "/openapi.json",
        lambda: Response(served_spec_bytes(), media_type=_JSON),
        methods=_GET,
        include_in_schema=False,
    )
    app.add_api_route("/_mock/health", _health, methods=_GET, include_in_schema=False)
    app.add_api_route("/_mock/requests", _requests, methods=_GET, include_in_schema=False)
    app.add_api_route("/_mock/reset", _reset, methods=["POST"], include_in_schema=False)
    app.add_api_route(
        "/_mock/docs",
        lambda: get_swagger_ui_html(openapi_url="/openapi.json", title="washer mock"),
        methods=_GET,
        include_in_schema=False,
        response_class=HTMLResponse,
    )
    _answer_options(app)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(exc.status, exc.message, request.url.path, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {404: "Fant ikke ressursen", 405: f"Metoden {request.method} er ikke støttet"}
        message = messages.get(exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        if "Allow" in headers:  # Starlette joins a set: its order changes with the hash seed
            headers["Allow"] = _allow(headers["Allow"].split(", "))
        return _error_response(exc.status_code, message, request.url.path, headers)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        message = f"Systemfeil i washer mock ({type(exc).__name__})"
        return _error_response(500, message, request.url.path, {})


def create_app(
    data: Path | str | pl.DataFrame | None = None,
    integrations: Path | str | None = None,
    *,
    today: date | None = None,
    index: Index | None = None,
    tenants: Tenants | None = None,
    rebase: bool | None = None,
    drills: DrillConfig | None = None,
    journal_size: int = 1000,
    warm_up: bool = True,
) -> MockApp:
    """Build a mock of the Fiks innreise API.

    ``data``: a washed file or folder, or records as a polars frame (None: the demo
    dataset); ``integrations``: an
    integrations TOML file (None: the demo integrations). ``today`` fixes the date the
    10-day window ends on (None: the real date). ``rebase`` moves event dates so the newest
    ``a_date`` is the day before ``today`` (default: only for the demo dataset). ``index`` and
    ``tenants`` skip loading (e.g. to share one loaded dataset between tests). A large dataset
    is laid out for fast answers in a background thread, started at once unless ``warm_up`` is
    False (then ``app.mock.index.texts.encode_in_background()`` starts it: the CLI does once
    the server listens). Until then answers are correct, only slower.
    """
    if index is None:
        if rebase is None:
            rebase = data is None
        day = today or oslo_today()
        first_day = day - timedelta(days=WINDOW_DAYS)  # earlier records are never served
        index = load_index(
            data, rebase_to=day if rebase else None, first_day=first_day, background=warm_up
        )
    demo_credentials = False
    if tenants is None:
        tenants, demo_credentials = default_tenants(integrations)
    app = MockApp(
        title="washer mock: Fiks innreise",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
    )
    app.mock = MockState.build(
        index,
        tenants,
        today=today,
        drills=drills,
        journal_size=journal_size,
        demo_credentials=demo_credentials,
    )
    _install(app)
    return app
