"""What ``washer mock`` prints at start-up: what is served, and how to call it.

With the demo integrations the credentials are printed with ready-to-paste curl examples (they
are public and valid only against the mock). With a real integrations file, passwords are
never printed: the examples say where to put them.
"""

from __future__ import annotations

import shlex

from washer.mock._time import day_date
from washer.mock.app import COUNT_PATH, SEARCH_PATH, MockApp
from washer.mock.auth import make_token
from washer.mock.query import visible_days
from washer.mock.tenants import Integration

__all__ = ["banner", "curl_example"]


def curl_example(
    base_url: str,
    path: str,
    integration_id: str,
    password: str,
    body: str,
    fiks_org: str | None = None,
) -> str:
    """A curl command calling one operation with the token in ``$TOKEN`` (ready to paste)."""
    url = f"{base_url}{path}" + (f"?fiksOrg={fiks_org}" if fiks_org else "")
    parts = [
        f"curl -s -X POST {shlex.quote(url)}",
        '-H "Authorization: Bearer $TOKEN"',
        f"-H {shlex.quote('IntegrasjonId: ' + integration_id)}",
        f"-H {shlex.quote('IntegrasjonPassord: ' + password)}",
        "-H 'Content-Type: application/json'",
        f"-d {shlex.quote(body)}",
    ]
    return " \\\n    ".join(parts)


def _describe(app: MockApp, integration: Integration) -> str:
    orgs = app.mock.tenants.organizations
    names = ", ".join(
        f"{orgs[o].name} ({', '.join(sorted(orgs[o].kommunenr))})"
        for o in integration.organizations
    )
    return f"{integration.id} -> {names}"


def _examples(app: MockApp, base_url: str) -> list[str]:
    state = app.mock
    integrations = list(state.tenants.integrations.values())
    single = next((i for i in integrations if len(i.organizations) == 1), integrations[0])
    password = single.password if state.demo_credentials else "<IntegrasjonPassord>"
    org = single.organizations[0]
    fiks_org = org if len(single.organizations) > 1 else None
    kommune = sorted(state.tenants.organizations[org].kommunenr)[0]
    search_body, count_body = '{"limit": 2}', f'{{"kommunenr": "{kommune}"}}'
    lines = [
        "  " + curl_example(base_url, SEARCH_PATH, single.id, password, search_body, fiks_org),
        "",
        "  " + curl_example(base_url, COUNT_PATH, single.id, password, count_body, fiks_org),
    ]
    multi = next((i for i in integrations if len(i.organizations) > 1), None)
    if multi is not None and state.demo_credentials:
        lines += [
            "",
            "  # an integration serving several organisations names one with ?fiksOrg=",
            "  "
            + curl_example(
                base_url,
                SEARCH_PATH,
                multi.id,
                multi.password,
                search_body,
                multi.organizations[-1],
            ),
        ]
    return lines


def banner(app: MockApp, base_url: str, *, data_label: str) -> str:
    """The start-up text for a mock reachable at ``base_url``."""
    state = app.mock
    first, last = visible_days(state.today_day())
    lines = [
        f"washer mock: Fiks innreise API at {base_url}",
        f"  data: {data_label}, {state.index.loaded} records, loaded in "
        f"{state.index.build_seconds:.2f} s",
        f"  served today ({state.today_date()}): {state.visible_count()} records with a_date "
        f"{day_date(first)} .. {day_date(last)}",
        f"  spec: {base_url}/openapi.json   Swagger UI: {base_url}/_mock/docs",
        f"  mock control: {base_url}/_mock/health, /_mock/requests, POST /_mock/reset",
        f"  integrations ({state.tenants.source}):",
        *(f"    {_describe(app, i)}" for i in state.tenants.integrations.values()),
        "  JWT signatures are not checked: any unexpired JWT with scope ks:fiks is accepted.",
        "",
        "Try (credentials valid only against this mock):" if state.demo_credentials else "Try:",
        f"  TOKEN={make_token()}",
        "",
        *_examples(app, base_url),
    ]
    return "\n".join(lines) + "\n"
