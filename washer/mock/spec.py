"""The spec the mock serves at ``/openapi.json``.

The published spec's paths and schemas are kept unchanged. Added, so that schemathesis and
Swagger UI can call the mock the way production is called:

* the three authentication headers as security schemes, required on every operation;
* the 403 answer (the platform's "not authorised for this organisation or kommune");
* this server as the only server, so "Try it out" can never reach KS's hosts.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from washer.schema import load_spec

__all__ = ["SECURITY_SCHEMES", "served_spec", "served_spec_bytes"]

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "maskinporten": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Maskinporten access token with scope ks:fiks (the mock checks its form, "
        "scope and expiry, not its signature).",
    },
    "integrasjonId": {
        "type": "apiKey",
        "in": "header",
        "name": "IntegrasjonId",
        "description": "The Fiks integration's id (UUID).",
    },
    "integrasjonPassord": {
        "type": "apiKey",
        "in": "header",
        "name": "IntegrasjonPassord",
        "description": "The Fiks integration's password.",
    },
}

_FORBIDDEN = {
    "description": "Ingen tilgang: integrasjonen har ikke tilgang til organisasjonen eller "
    "kommunen",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorMessage"}}},
}


def served_spec() -> dict[str, Any]:
    """A fresh copy of the published spec plus the mock's additions."""
    spec = load_spec()
    spec["servers"] = [{"url": "/", "description": "washer mock (this server)"}]
    spec["components"]["securitySchemes"] = json.loads(json.dumps(SECURITY_SCHEMES))
    spec["security"] = [{name: [] for name in SECURITY_SCHEMES}]
    for item in spec["paths"].values():
        for operation in item.values():
            responses = operation["responses"]
            responses.setdefault("403", json.loads(json.dumps(_FORBIDDEN)))
            operation["responses"] = dict(sorted(responses.items()))
    return spec


@cache
def served_spec_bytes() -> bytes:
    """:func:`served_spec` as the UTF-8 JSON served."""
    return json.dumps(served_spec(), ensure_ascii=False, indent=2).encode()
