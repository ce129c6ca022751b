"""A bounded journal of the requests the mock answered, for vendors' tests to inspect.

Secrets never enter it: ``Authorization`` and ``IntegrasjonPassord`` (and any header that looks
like a credential) are replaced by ``[redacted]``, and any integration password that turns up in
another header, a query string or a body is masked too.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

__all__ = ["REDACTED", "Journal", "redact_headers"]

REDACTED = "[redacted]"
_SECRET_HEADERS = frozenset(
    {"authorization", "integrasjonpassord", "cookie", "proxy-authorization"}
)
_SECRET_WORDS = ("passord", "password", "secret", "token", "api-key", "apikey")
_MAX_BODY = 16_384


def redact_headers(headers: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Request headers as a dict with every credential replaced by :data:`REDACTED`."""
    found: dict[str, str] = {}
    for raw_name, raw_value in headers:
        name = raw_name.decode("latin-1").lower()
        secret = name in _SECRET_HEADERS or any(w in name for w in _SECRET_WORDS)
        found[name] = REDACTED if secret else raw_value.decode("latin-1")
    return found


class Journal:
    """The last ``size`` requests, oldest first; thread-safe (a server thread may write)."""

    def __init__(self, size: int = 1000, secrets: Iterable[str] = ()) -> None:
        self._entries: deque[tuple[Any, ...]] = deque(maxlen=max(size, 0))
        self._secrets = tuple(s for s in secrets if s)
        self._lock = threading.Lock()
        self.total = 0

    def _mask(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def _body(self, body: bytes, size: int) -> Any:
        if not body:
            return None
        text = self._mask(body[:_MAX_BODY].decode("utf-8", errors="replace"))
        if size > _MAX_BODY:
            return f"{text}... ({size} bytes)"
        try:
            value = json.loads(text)
            # a "\ud800" escape decodes to a lone surrogate, which no JSON answer can carry
            json.dumps(value, ensure_ascii=False).encode()
        except (ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
            return text
        return value

    def record(
        self,
        scope: Mapping[str, Any],
        body: bytes,
        status: int | None,
        duration_ms: float,
        drill: str | None,
    ) -> None:
        """Add one answered (or dropped: ``status`` None) request. Cheap: the entry is only
        formatted (and redacted) when read. Called from the server's thread only: appending
        to a deque is atomic, so no lock here."""
        self._entries.append(
            (
                time.time(),
                scope["method"],
                scope["path"],
                scope.get("query_string", b""),
                list(scope.get("headers", ())),
                body[: _MAX_BODY + 1],
                len(body),
                status,
                duration_ms,
                drill,
            )
        )
        self.total += 1

    def _format(self, raw: tuple[Any, ...]) -> dict[str, Any]:
        when, method, path, query, headers, body, size, status, duration_ms, drill = raw
        entry = {
            "time": datetime.fromtimestamp(when, UTC).isoformat(timespec="milliseconds"),
            "method": method,
            "path": path,
            "query": self._mask(query.decode("latin-1")),
            # a password sent in the wrong header (IntegrasjonId) is masked like one in a body
            "headers": {k: self._mask(v) for k, v in redact_headers(headers).items()},
            "body": self._body(body, size),
            "status": status,
            "duration_ms": round(duration_ms, 3),
        }
        if drill is not None:
            entry["drill"] = drill
        return entry

    def entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The newest ``limit`` entries (all when None), oldest first."""
        with self._lock:
            items = list(self._entries)
        items = items if limit is None else items[max(len(items) - limit, 0) :]
        return [self._format(raw) for raw in items]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.total = 0
