"""A synchronous httpx client that calls an ASGI app in-process (no server, no socket).

Starlette's ``TestClient`` warns about httpx; this is the small part of it washer needs:
requests run on an event loop in a helper thread (an anyio blocking portal), so a plain
``httpx.Client`` can drive the app from synchronous tests. Exceptions the app raises (such as
a ``reset`` drill's :class:`washer.mock.MockConnectionReset`) reach the caller.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import anyio.from_thread
import httpx

__all__ = ["asgi_client"]


class _PortalTransport(httpx.BaseTransport):
    def __init__(self, app: Any) -> None:
        self._stack = ExitStack()
        self._portal = self._stack.enter_context(anyio.from_thread.start_blocking_portal())
        self._inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()

        async def call() -> httpx.Response:
            forwarded = httpx.Request(
                request.method, request.url, headers=request.headers, content=content
            )
            response = await self._inner.handle_async_request(forwarded)
            body = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=body)

        return self._portal.call(call)

    def close(self) -> None:
        self._stack.close()


def asgi_client(app: Any, base_url: str = "http://washer-mock", **kwargs: Any) -> httpx.Client:
    """An ``httpx.Client`` whose requests go straight to ``app``; close it when done."""
    return httpx.Client(transport=_PortalTransport(app), base_url=base_url, **kwargs)
