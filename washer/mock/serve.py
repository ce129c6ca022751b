"""Run a mock under uvicorn: in the foreground (the CLI) or in a background thread (tests).

The thread server listens on a free loopback port, for clients that cannot call an ASGI app
in-process (a Java or .NET client under test, a browser, curl).
"""

from __future__ import annotations

import gc
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import uvicorn

from washer.errors import WasherError

__all__ = ["ServerThread", "listen", "serve"]


def _config(app: Any, host: str, port: int, *, access_log: bool, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        ws="none",
        lifespan="off",
        loop="asyncio",
        access_log=access_log,
        log_level=log_level,
        server_header=False,
    )


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: a free one), for :func:`serve`. Bound before
    anything is printed, so a port in use is one ``Error:`` line, not a start-up banner for
    a server that never runs."""
    # the family and options uvicorn itself binds with
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except (OSError, UnicodeError) as exc:  # in use, not this machine's, no such host
        sock.close()
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise WasherError(f"cannot listen on {host}:{port} ({reason})") from None
    return sock


def serve(
    app: Any,
    host: str,
    port: int,
    *,
    access_log: bool = True,
    on_started: Callable[[], object] | None = None,
    sock: socket.socket | None = None,
) -> None:
    """Serve ``app`` until interrupted (Ctrl-C); call ``on_started`` once it listens. With
    ``sock`` (from :func:`listen`), on that socket."""
    gc.collect()
    gc.freeze()  # the loaded index never changes: keep the collector from walking it
    server = uvicorn.Server(_config(app, host, port, access_log=access_log, log_level="info"))
    if on_started is not None:
        threading.Thread(
            target=_when_started, args=(server, on_started), name="washer-mock-started", daemon=True
        ).start()
    server.run(sockets=None if sock is None else [sock])


def _when_started(server: uvicorn.Server, call: Callable[[], object]) -> None:
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.01)
    call()


class ServerThread:
    """``with ServerThread(app) as url:`` serves ``app`` on a free port of 127.0.0.1."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host, self.port = self._sock.getsockname()[:2]
        config = _config(app, self.host, self.port, access_log=False, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout_s: float = 10.0) -> str:
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the washer mock server did not start")
            time.sleep(0.01)
        return self.url

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
