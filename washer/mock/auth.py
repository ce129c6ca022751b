"""Fiks integration authentication, as strict as production (except the JWT signature).

Every call carries three headers: ``Authorization: Bearer <Maskinporten token>``,
``IntegrasjonId`` and ``IntegrasjonPassord``. The token must be a well-formed JWT whose ``scope``
includes ``ks:fiks`` and whose ``exp``, if present, lies in the future; its **signature is not
checked** (the mock has no Maskinporten keys). An unknown integration and a wrong password get
the same answer, and passwords are compared in constant time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
import time
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from washer.mock.errors import ApiError
from washer.mock.tenants import Integration, Organization, Tenants

__all__ = [
    "SCOPE",
    "TOKEN_INVALID",
    "authenticate",
    "make_token",
    "resolve_organization",
    "validate_token",
]

SCOPE = "ks:fiks"
TOKEN_INVALID = "Klarte ikke å validere access_token"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DUMMY = Integration("", "\x00" * 32, ())  # compared against when the id is unknown


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _json_segment(segment: str) -> dict[str, Any] | None:
    try:
        value = json.loads(_b64url(segment))
    except (binascii.Error, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _expiry(token: str) -> float | None:
    """The ``exp`` of a well-formed token with the scope (None: none given), else 401."""
    parts = token.split(".")
    if len(parts) != 3 or not all(p.isascii() for p in parts):
        raise ApiError(401, TOKEN_INVALID)
    header, claims = _json_segment(parts[0]), _json_segment(parts[1])
    if header is None or claims is None or not isinstance(header.get("alg"), str):
        raise ApiError(401, TOKEN_INVALID)
    scope = claims.get("scope")
    if not isinstance(scope, str) or SCOPE not in scope.split():
        raise ApiError(401, TOKEN_INVALID)
    if "exp" not in claims:
        return None
    exp = claims["exp"]
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        raise ApiError(401, TOKEN_INVALID)
    if isinstance(exp, float) and not math.isfinite(exp):  # NaN, Infinity: not JSON numbers
        raise ApiError(401, TOKEN_INVALID)
    # a JSON integer can be beyond any float: kept as an int (it compares with the clock)
    return exp


_CHECKED: dict[str, float | None] = {}  # well-formed tokens seen -> exp; clients reuse tokens
_REMEMBERED = 4096


def _token_expiry(authorization: str | None) -> float | None:
    """The ``exp`` of a Bearer JWT with scope ``ks:fiks`` (None: none given), else 401."""
    if authorization is None:
        raise ApiError(401, TOKEN_INVALID)
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer":
        raise ApiError(401, TOKEN_INVALID)
    if token in _CHECKED:
        return _CHECKED[token]
    exp = _expiry(token)
    if len(_CHECKED) >= _REMEMBERED:
        _CHECKED.clear()
    _CHECKED[token] = exp
    return exp


def _check_expiry(exp: float | None, now: float | None = None) -> None:
    if exp is not None and exp <= (time.time() if now is None else now):
        raise ApiError(401, TOKEN_INVALID)


def validate_token(authorization: str | None, now: float | None = None) -> None:
    """Accept a Bearer JWT with scope ``ks:fiks`` that has not expired, else 401."""
    _check_expiry(_token_expiry(authorization), now)


@lru_cache(maxsize=1024)  # clients send the same password again and again
def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).digest()


def authenticate(headers: Mapping[str, str], tenants: Tenants) -> Integration:
    """The calling integration, after checking the token, the id and the password."""
    authorization = headers.get("authorization")
    given_id = headers.get("integrasjonid")
    password = headers.get("integrasjonpassord")
    # headers accepted before are accepted again as long as the token lives
    login = (authorization, given_id, password)
    known = tenants.logins.get(login)
    if known is not None:
        _check_expiry(known[1])
        return known[0]
    exp = _token_expiry(authorization)
    _check_expiry(exp)
    if given_id is None:
        raise ApiError(401, "Autentisering feilet: header IntegrasjonId mangler")
    if password is None:
        raise ApiError(401, "Autentisering feilet: header IntegrasjonPassord mangler")
    found = tenants.integrations.get(given_id.strip().lower())
    candidate = found or _DUMMY
    # compare digests (equal lengths) even for an unknown id: the answer time tells nothing
    same = hmac.compare_digest(_digest(password), _digest(candidate.password))
    if found is None or not same:
        # echo the id only when it looks like one: a password pasted into the wrong header
        # must not come back in the answer
        shown = given_id.strip() if _UUID.fullmatch(given_id.strip()) else "(ugyldig id)"
        raise ApiError(401, f"Autentisering feilet for integrasjon med id {shown}")
    if len(tenants.logins) >= _REMEMBERED:
        tenants.logins.clear()
    tenants.logins[login] = (found, exp)
    return found


def resolve_organization(
    integration: Integration, fiks_org: str | None, tenants: Tenants
) -> Organization:
    """The organisation a call acts for: ``fiksOrg`` when given, else the only one."""
    if fiks_org is not None:
        org_id = fiks_org.strip().lower()
        if org_id not in integration.organizations:
            raise ApiError(
                403,
                f"Integrasjon {integration.id} har ikke tilgang til organisasjon {fiks_org}",
            )
        return tenants.organizations[org_id]
    if len(integration.organizations) > 1:
        raise ApiError(
            400,
            f"Integrasjon {integration.id} har tilgang til flere organisasjoner: "
            "angi hvilken med query-parameteren fiksOrg",
        )
    if not integration.organizations:  # the file format forbids it; kept for safety
        raise ApiError(403, f"Integrasjon {integration.id} har ingen organisasjon")
    return tenants.organizations[integration.organizations[0]]


def _segment(value: dict[str, Any]) -> str:
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def make_token(
    *, scope: str = SCOPE, exp: float | None = None, lifetime_s: float = 365 * 86_400
) -> str:
    """An unsigned (``alg: none``) JWT the mock accepts: for demos and tests only.

    ``exp`` defaults to ``lifetime_s`` from now; pass ``lifetime_s`` negative for an expired one.
    """
    claims: dict[str, Any] = {
        "iss": "washer-mock",
        "scope": scope,
        "client_id": "washer-mock-demo",
        "exp": int(time.time() + lifetime_s) if exp is None else exp,
    }
    return f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{_segment(claims)}."
