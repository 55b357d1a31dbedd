"""Bad input on any documented route yields a 4xx, never a 5xx: every operation of the OpenAPI document is
called with hostile path values, unknown parameters, malformed and mistyped bodies."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.asyncio

HOSTILE_SEGMENTS = ["%00", "..%2F..%2Fetc%2Fpasswd", "x" * 600, "' OR 1=1 --", "%F0%9F%92%A9", "-1", "9" * 40]
BODIES = [
    (b"{not json", "application/json"),
    (b"[]", "application/json"),
    (b'{"unexpected": [1, {"deep": null}]}', "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"a=1&b=%ZZ", "application/x-www-form-urlencoded"),
    (b"<xml/>", "application/xml"),
]


async def operations(client) -> list[tuple[str, str]]:
    document = (await client.get("/schema/openapi.json")).json()
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]


def fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


@pytest.mark.parametrize("as_admin", [False, True], ids=["anonymous", "admin"])
async def test_no_documented_operation_answers_5xx_to_bad_input(client, settings, as_admin) -> None:
    """Anonymous, most operations stop at their guard; with the admin token, the admin API's handlers, and the
    database behind them, see the hostile values too (a NUL reaching PostgreSQL was a 500)."""
    auth = {"authorization": f"Bearer {settings.admin_token}"} if as_admin else {}
    failures = []
    for method, path in await operations(client):
        if path in ("/metrics",):
            continue
        attempts = [fill(path, segment) for segment in HOSTILE_SEGMENTS] if "{" in path else [path]
        for url in attempts:
            requests = [("?zz_unknown=1&limit=-5&cursor=%%%&since=notadate", None, None)]
            if method in ("POST", "PUT", "PATCH"):
                requests += [("", body, ctype) for body, ctype in BODIES]
            for query, body, ctype in requests:
                headers = {**auth, "content-type": ctype} if ctype else dict(auth)
                response = await client.request(method, url + query, content=body, headers=headers)
                if response.status_code >= 500:
                    failures.append(f"{method} {url}{query} [{ctype}] -> {response.status_code}: {response.text[:200]}")
    assert not failures, "\n".join(failures)
