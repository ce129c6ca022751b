"""Failure drills for vendors' tests: never on unless asked for.

Per request, by header (API paths only):

* ``X-Mock-Delay-Ms: N``: answer N ms later (at most 60 000).
* ``X-Mock-Status: S``: answer with status S (400-599) and an ErrorMessage, before any check.
* ``X-Mock-Fault: reset``: drop the connection without an answer (TCP reset under uvicorn).
* ``X-Mock-Fault: timeout``: answer nothing; drop the connection after ``fault_timeout_s``
  (or as soon as the client gives up).

At start-up: ``fail_rate`` (0-1) of API requests fail with ``fail_with`` (a status, ``reset``
or ``timeout``), drawn from a random generator seeded with ``seed`` (reproducible runs).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from washer.mock.errors import ApiError

__all__ = ["MAX_DELAY_MS", "DrillConfig", "Drills", "MockConnectionReset", "Plan", "drop"]

MAX_DELAY_MS = 60_000
_FAULTS = ("reset", "timeout")


class MockConnectionReset(ConnectionResetError):
    """Raised in-process (no socket to reset) where a real server drops the connection."""


@dataclass(frozen=True)
class DrillConfig:
    """Start-up drills; the defaults fail nothing."""

    fail_rate: float = 0.0
    fail_with: str = "500"
    seed: int | None = None
    fault_timeout_s: float = 30.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.fail_rate <= 1.0:
            raise ValueError("fail_rate must be between 0 and 1")
        if self.fail_with not in _FAULTS and not _is_error_status(self.fail_with):
            raise ValueError("fail_with must be a status 400-599, 'reset' or 'timeout'")
        if self.fault_timeout_s < 0:
            raise ValueError("fault_timeout_s must not be negative")


@dataclass(frozen=True)
class Plan:
    """What to do to one request before (instead of) answering it."""

    delay_ms: int = 0
    status: int | None = None
    fault: str | None = None

    def describe(self) -> str:
        parts = [f"delay {self.delay_ms} ms"] if self.delay_ms else []
        if self.status is not None:
            parts.append(f"status {self.status}")
        if self.fault is not None:
            parts.append(self.fault)
        return ", ".join(parts)


def _is_error_status(text: str) -> bool:
    return text.isascii() and text.isdigit() and 400 <= int(text) <= 599


def _bad(header: str, why: str) -> ApiError:
    return ApiError(400, f"Ugyldig {header}: {why}")


class Drills:
    """Turns drill headers and the start-up fail rate into a :class:`Plan` per request."""

    def __init__(self, config: DrillConfig | None = None) -> None:
        self.config = config or DrillConfig()
        self.reset()

    def reset(self) -> None:
        """Start the fail-rate draws again from the seed."""
        self._rng = random.Random(self.config.seed)

    def plan(self, headers: Mapping[str, str]) -> Plan | None:
        """The drill for a request, or None. Malformed drill headers are a 400."""
        delay_ms, status, fault = 0, None, None
        if (raw := headers.get("x-mock-delay-ms")) is not None:
            if not (raw.strip().isascii() and raw.strip().isdigit()):
                raise _bad("X-Mock-Delay-Ms", "må være et heltall millisekunder")
            delay_ms = int(raw)
            if delay_ms > MAX_DELAY_MS:
                raise _bad("X-Mock-Delay-Ms", f"kan være høyst {MAX_DELAY_MS}")
        if (raw := headers.get("x-mock-status")) is not None:
            if not _is_error_status(raw.strip()):
                raise _bad("X-Mock-Status", "må være en statuskode fra 400 til 599")
            status = int(raw)
        if (raw := headers.get("x-mock-fault")) is not None:
            fault = raw.strip().lower()
            if fault not in _FAULTS:
                raise _bad("X-Mock-Fault", "må være reset eller timeout")
        drawn = status is None and fault is None and self.config.fail_rate > 0
        if drawn and self._rng.random() < self.config.fail_rate:
            fail_with = self.config.fail_with
            if fail_with in _FAULTS:
                fault = fail_with
            else:
                status = int(fail_with)
        if not delay_ms and status is None and fault is None:
            return None
        return Plan(delay_ms, status, fault)


async def drop(send: Any) -> None:
    """Drop the connection without an answer: a TCP reset under uvicorn, an exception
    in-process (an ASGI test transport has no connection to drop)."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        raise MockConnectionReset("washer mock drill: connection dropped without an answer")
    if transport.is_closing():  # the client has gone already
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:  # linger 0: close with RST, like a crashed peer or a proxy cutting off
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    await asyncio.sleep(0)  # let the server notice before the app returns


async def hold(receive: Any, seconds: float) -> bool:
    """Wait until the client disconnects (True) or ``seconds`` pass (False)."""

    async def until_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    try:
        await asyncio.wait_for(until_disconnect(), timeout=seconds)
    except TimeoutError:
        return False
    return True
