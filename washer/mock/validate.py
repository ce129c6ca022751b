"""Read and check a request against the published spec, field by field.

Patterns, enums and required fields are taken from the spec itself, and patterns are applied
the way JSON Schema validators do: a search (so the unanchored ``fiksOrg`` pattern accepts what
contains a UUID) with ECMA-262's meaning (``\\d`` is an ASCII digit, ``$`` the end of the
text). A violation is a 400 whose message names the field and the rule; values that are valid
but odd (a negative ``limit`` or ``offset``) are clamped rather than refused. A body that is not
sent as JSON is a 415.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from washer.mock._time import parse_rfc3339
from washer.mock.errors import ApiError
from washer.schema import load_spec

__all__ = ["Common", "CountRequest", "SearchRequest", "parse_common", "parse_count", "parse_search"]

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_JSON_MEDIA = re.compile(r"application/([^/\s]+\+)?json")
_DATETIME_HINT = "et tidspunkt i RFC 3339-format med tidssone, f.eks. 2021-09-04T22:05:37+02:00"


class Common(NamedTuple):
    """The query parameters both operations take."""

    fiks_org: str | None
    tjeneste: str | None


class SearchRequest(NamedTuple):
    """``InnreiseRequest``, checked."""

    person_id: str | None
    kommunenr: tuple[str, ...]
    updated_after_us: int | None
    limit: int | None
    offset: int


class CountRequest(NamedTuple):
    """``InnreiserAntallRequest``, checked."""

    kommunenr: str
    from_us: int | None
    to_us: int | None


def _ecma(pattern: str) -> re.Pattern[str]:
    """A spec pattern as JSON Schema validators read it. Python's own reading differs: its
    ``$`` also matches before a final newline, its ``\\d`` any Unicode digit."""
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern), re.ASCII)


@cache
def _rules() -> dict[str, Any]:
    spec = load_spec()
    params = spec["paths"]["/innreise/api/v1/hentInnreiser"]["post"]["parameters"]
    by_name = {p["name"]: p["schema"] for p in params}
    schemas = spec["components"]["schemas"]
    return {
        "fiksOrg": by_name["fiksOrg"]["pattern"],
        "tjeneste": tuple(by_name["tjeneste"]["enum"]),
        "personId": schemas["InnreiseRequest"]["properties"]["personId"]["pattern"],
        "antall_kommunenr": schemas["InnreiserAntallRequest"]["properties"]["kommunenr"]["pattern"],
        "antall_required": tuple(schemas["InnreiserAntallRequest"].get("required", ())),
    }


_FIKS_ORG = _ecma(_rules()["fiksOrg"])
_PERSON_ID = _ecma(_rules()["personId"])
_ANTALL_KOMMUNENR = _ecma(_rules()["antall_kommunenr"])


def _bad(field: str, why: str) -> ApiError:
    return ApiError(400, f"Ugyldig forespørsel: {field} {why}")


def _single(query: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = query.get(name, ())
    if len(values) > 1:
        raise _bad(name, "er gitt mer enn én gang")
    return values[0] if values else None


_NO_COMMON = Common(None, None)


def parse_common(query: Mapping[str, Sequence[str]]) -> Common:
    """Check ``fiksOrg`` (the spec's pattern) and ``tjeneste`` (the spec's enum)."""
    if not query:
        return _NO_COMMON
    rules = _rules()
    fiks_org = _single(query, "fiksOrg")
    if fiks_org is not None and not _FIKS_ORG.search(fiks_org):
        raise _bad("fiksOrg", f"må matche mønsteret {rules['fiksOrg']} (en UUID)")
    tjeneste = _single(query, "tjeneste")
    if tjeneste is not None and tjeneste not in rules["tjeneste"]:
        raise _bad("tjeneste", "må være en av " + ", ".join(rules["tjeneste"]))
    return Common(fiks_org, tjeneste)


def _check_media_type(raw: bytes, content_type: str | None) -> None:
    """415 unless the body is JSON, as the platform's Jackson reader decides: the media type
    ``application/json`` or ``application/*+json``; a body without a ``Content-Type`` is
    ``application/octet-stream`` (no body and no type: the 400 for a missing body instead)."""
    if content_type == "application/json" or (content_type is None and not raw):
        return
    if _JSON_MEDIA.fullmatch((content_type or "").split(";", 1)[0].strip().lower()):
        return
    given = "mangler" if content_type is None else "er ikke JSON"
    raise ApiError(
        415,
        f"Content-Type {given}: body må sendes som application/json",
        headers={"Accept": "application/json"},
    )


def _body(raw: bytes, content_type: str | None) -> dict[str, Any]:
    _check_media_type(raw, content_type)
    if not raw or raw.isspace():
        raise _bad("body", "mangler (et JSON-objekt er påkrevd)")
    head = raw[:4]
    try:
        if b"\x00" in head or head.startswith(_BOMS):  # UTF-16/32 or a BOM: json knows them
            value = json.loads(raw)
        else:  # UTF-8, decoded as json would (surrogatepass), without its detour
            try:
                text = raw.decode()
            except UnicodeDecodeError:
                text = raw.decode("utf-8", "surrogatepass")
            value = json.loads(text)
    except (ValueError, RecursionError):
        raise _bad("body", "er ikke gyldig JSON") from None
    if not isinstance(value, dict):
        raise _bad("body", "må være et JSON-objekt")
    return value


def _string(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if name in body and not isinstance(value, str):
        raise _bad(name, "må være en streng")
    return value


def _instant(body: dict[str, Any], name: str) -> int | None:
    text = _string(body, name)
    if text is None:
        return None
    instant = parse_rfc3339(text)
    if instant is None:
        raise _bad(name, f"må være {_DATETIME_HINT}")
    return instant


def _integer(body: dict[str, Any], name: str, bounds: tuple[int, int], kind: str) -> int | None:
    if name not in body:
        return None
    value = body[name]
    # JSON true/false and 1.0 are not integers to the spec's JSON Schema validators either
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(name, f"må være et heltall ({kind})")
    if not bounds[0] <= value <= bounds[1]:
        raise _bad(name, f"må ligge innenfor {kind} ({bounds[0]} til {bounds[1]})")
    return value


def parse_search(raw: bytes, content_type: str | None) -> SearchRequest:
    """Check an ``InnreiseRequest`` body."""
    # written out field by field: this runs on every search, and calls cost
    body = _body(raw, content_type)
    person_id = body.get("personId")
    if "personId" in body:
        if not isinstance(person_id, str):
            raise _bad("personId", "må være en streng")
        if not _PERSON_ID.search(person_id):
            raise _bad("personId", f"må matche mønsteret {_rules()['personId']}")
    kommunenr = body.get("kommunenr", ())
    if not isinstance(kommunenr, (list, tuple)):
        raise _bad("kommunenr", "må være en liste av strenger")
    for kommune in kommunenr:
        if not isinstance(kommune, str):
            raise _bad("kommunenr", "må være en liste av strenger")
    limit = _integer(body, "limit", _INT32, "int32") if "limit" in body else None
    offset = _integer(body, "offset", _INT64, "int64") if "offset" in body else None
    updated = _instant(body, "oppdatertEtter") if "oppdatertEtter" in body else None
    return SearchRequest(
        person_id,
        tuple(kommunenr),
        updated,
        None if limit is None else max(limit, 0),
        0 if offset is None else max(offset, 0),
    )


def parse_count(raw: bytes, content_type: str | None) -> CountRequest:
    """Check an ``InnreiserAntallRequest`` body."""
    body = _body(raw, content_type)
    for name in _rules()["antall_required"]:
        if name not in body:
            raise _bad(name, "er påkrevd")
    kommunenr = _string(body, "kommunenr")
    assert kommunenr is not None  # required, checked above
    if not _ANTALL_KOMMUNENR.search(kommunenr):
        raise _bad("kommunenr", f"må matche mønsteret {_rules()['antall_kommunenr']}")
    return CountRequest(kommunenr, _instant(body, "fraDato"), _instant(body, "tilDato"))
