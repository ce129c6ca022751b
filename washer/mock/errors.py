"""Fiks ``ErrorMessage`` bodies, and the exception the mock raises to answer with one.

Every error the mock answers, from a bad field to an unknown path, has the body the real API
uses: ``timestamp`` (ms since epoch), ``status``, ``error`` (the reason phrase), ``errorId``
(a fresh UUID), ``path``, ``originalPath`` and ``message``. Fields without a value are left out,
never ``null``: the spec declares none of them nullable.
"""

from __future__ import annotations

import json
import time
import uuid
from http import HTTPStatus
from typing import Any

__all__ = ["ApiError", "error_body", "error_bytes", "reason_phrase"]


class ApiError(Exception):
    """Answer the current request with ``status`` and an ErrorMessage saying ``message``."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def reason_phrase(status: int) -> str:
    """The standard reason phrase of a status code (``Bad Request``), or ``Error``."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_body(status: int, message: str, path: str) -> dict[str, Any]:
    """The ErrorMessage of one failed request."""
    return {
        "timestamp": int(time.time() * 1000),
        "status": status,
        "error": reason_phrase(status),
        "errorId": str(uuid.uuid4()),
        "path": path,
        "originalPath": path,
        "message": message,
    }


def error_bytes(status: int, message: str, path: str) -> bytes:
    """:func:`error_body` as UTF-8 JSON."""
    body = error_body(status, message, path)
    try:
        return json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:  # a lone surrogate from the request's JSON (its "\ud800")
        return json.dumps(body).encode()  # the same text, every non-ASCII character escaped
