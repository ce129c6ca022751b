"""The two API operations, as plain functions of (headers, query, body) -> answer.

:class:`washer.mock.app.MockApp` calls :func:`serve_operation` straight from its ASGI entry
point for ``POST`` to the two paths (FastAPI's router and dependency machinery cost more than
the whole lookup); the FastAPI routes for the same paths call :func:`answer` too, answer
``OPTIONS`` and give other methods their 405.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

from washer.mock.auth import authenticate, resolve_organization
from washer.mock.errors import ApiError, error_bytes
from washer.mock.query import count, select
from washer.mock.state import MockState
from washer.mock.validate import parse_common, parse_count, parse_search

__all__ = [
    "COUNT_PATH",
    "MAX_BODY",
    "SEARCH_PATH",
    "answer",
    "parse_query",
    "request_headers",
    "serve_operation",
]

SEARCH_PATH = "/innreise/api/v1/hentInnreiser"
COUNT_PATH = "/innreise/api/v1/hentAntallInnreiser"
_JSON = b"application/json"
MAX_BODY = 1 << 20
"""Request bodies above 1 MiB are refused (a real request body is a few hundred bytes)."""
_log = logging.getLogger("washer.mock")


def _answer(
    state: MockState,
    path: str,
    headers: Mapping[str, str],
    query: Mapping[str, Sequence[str]],
    body: bytes,
) -> bytes:
    integration = authenticate(headers, state.tenants)
    common = parse_common(query)
    content_type = headers.get("content-type")
    if path == SEARCH_PATH:
        search_request = parse_search(body, content_type)
        org = resolve_organization(integration, common.fiks_org, state.tenants)
        found = select(state.index, search_request, org, state.today_day())
        return state.index.json_array(*found)
    count_request = parse_count(body, content_type)
    org = resolve_organization(integration, common.fiks_org, state.tenants)
    return b'{"antall":%d}' % count(state.index, count_request, org, state.today_day())


def answer(
    state: MockState,
    path: str,
    headers: Mapping[str, str],
    query: Mapping[str, Sequence[str]],
    body: bytes,
) -> tuple[int, bytes, dict[str, str]]:
    """Status, JSON body and extra headers for one call of an operation (``headers`` keys
    lower-case)."""
    try:
        return 200, _answer(state, path, headers, query, body), {}
    except ApiError as exc:
        return exc.status, error_bytes(exc.status, exc.message, path), exc.headers
    except Exception as exc:  # a bug: answer like the platform, keep the trace in the log
        _log.exception("washer mock failed on %s", path)
        message = f"Systemfeil i washer mock ({type(exc).__name__})"
        return 500, error_bytes(500, message, path), {}


_HEADERS = {
    name.encode(): name
    for name in (
        "authorization",
        "integrasjonid",
        "integrasjonpassord",
        "content-type",
        "x-mock-delay-ms",
        "x-mock-status",
        "x-mock-fault",
    )
}


def request_headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """The request headers the operations and drills read, by lower-case name (the last one
    when a header is repeated)."""
    found = {}
    for name, value in raw:
        key = _HEADERS.get(name) or _HEADERS.get(name.lower())
        if key is not None:
            found[key] = value.decode("latin-1")
    return found


def parse_query(raw: bytes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        found.setdefault(name, []).append(value)
    return found


async def serve_operation(
    state: MockState,
    scope: MutableMapping[str, Any],
    receive: Any,
    send: Any,
    headers: Mapping[str, str],
) -> tuple[int | None, bytes]:
    """Answer one ``POST`` to an operation's path, as a bare ASGI handler. Returns the status
    (None: the client went away first) and the request body."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None, b"".join(chunks)  # the client went away
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if not message.get("more_body") or size > MAX_BODY:
            break
    request_body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    extra: dict[str, str]
    if size > MAX_BODY:
        message_text = f"Ugyldig forespørsel: body er for stor (over {MAX_BODY} bytes)"
        status, body, extra = 400, error_bytes(400, message_text, scope["path"]), {}
    else:
        raw_query = scope.get("query_string", b"")
        query = parse_query(raw_query) if raw_query else {}
        status, body, extra = answer(state, scope["path"], headers, query, request_body)
    response_headers = [(b"content-type", _JSON), (b"content-length", b"%d" % len(body))]
    if extra:
        response_headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": status, "headers": response_headers})
    await send({"type": "http.response.body", "body": body})
    return status, request_body
