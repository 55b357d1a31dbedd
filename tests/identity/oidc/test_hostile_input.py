"""Hostile values at every eKey endpoint get a 4xx (an OAuth error, an error page or a problem document), never a
5xx: a seeded sweep of the endpoints that the OpenAPI sweep (tests/platform/test_bad_input.py) cannot see, with the
values that once broke them (a NUL, which PostgreSQL refuses; non-ASCII, which authlib refuses to quote in an error
description; a scheme with no credentials, which broke authlib's Basic parser) and the usual suspects.

It runs on whichever database the suite runs on: several of these were 500s on PostgreSQL only.
"""

from __future__ import annotations

import base64
import random

HOSTILE = [
    "", "\x00", "a\x00b", "é", "عميل", "\u202e", "\r\n", " ", "A" * 1100, "null", "[]", "{}", "' OR 1=1 --",
    "..%2f..%2f", "%00", "-1", "99999999999999999999", "1e309", "a.b.c", "x.", ".y", "eyJhbGciOiJub25lIn0.e30.",
    "https://evil.example/cb", "code", "plain", "S256", "none", "openid", "openid cpr",
]  # fmt: skip
PARAMETERS = [
    "response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
    "code_challenge_method", "prompt", "max_age", "acr_values", "login_hint", "ui_locales", "request_uri",
    "id_token_hint", "post_logout_redirect_uri", "grant_type", "code", "code_verifier", "refresh_token", "token",
    "token_type_hint", "client_secret", "client_assertion", "client_assertion_type", "csrf_token", "cpr", "password",
    "otp", "decision",
]  # fmt: skip
ENDPOINTS = [
    ("GET", "/oidc/auth"), ("POST", "/oidc/auth"), ("POST", "/oidc/token"), ("POST", "/oidc/token/revocation"),
    ("POST", "/oidc/token/introspection"), ("GET", "/oidc/me"), ("POST", "/oidc/par"), ("GET", "/oidc/session/end"),
    ("POST", "/oidc/session/end/confirm"), ("GET", "/login/abc"), ("POST", "/login/abc"), ("POST", "/login/abc/otp"),
    ("POST", "/login/abc/consent"), ("GET", "/lang/en"), ("GET", "/lang/%00"),
]  # fmt: skip
# What an HTTP client lets into a header (httpx refuses non-ASCII and line breaks there).
IN_HEADERS = [v for v in HOSTILE if v.isascii() and "\r" not in v and "\n" not in v]
REQUESTS = 600


async def test_no_ekey_endpoint_answers_5xx_to_hostile_values(client, make_client) -> None:  # type: ignore[no-untyped-def]
    registered = await make_client("client_secret_basic")
    rng = random.Random(20261206)
    failures = []
    for _ in range(REQUESTS):
        method, path = rng.choice(ENDPOINTS)
        values = {rng.choice(PARAMETERS): rng.choice(HOSTILE) for _ in range(rng.randint(0, 6))}
        if rng.random() < 0.4:  # a real client, so the checks past client look-up run too
            values.update(client_id=registered.client_id, redirect_uri=registered.redirect_uri)
        headers = {}
        roll = rng.random()
        if roll < 0.2:
            user = registered.client_id if rng.random() < 0.5 else rng.choice(HOSTILE)
            pair = f"{user}:{rng.choice([registered.client_secret or '', *HOSTILE])}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        elif roll < 0.3:
            headers["Authorization"] = rng.choice(["Basic ", "Bearer ", "Basic", "Bearer a.b.c", "Negotiate x"])
        if rng.random() < 0.15:
            headers["Cookie"] = f"bawaba_ix={rng.choice(IN_HEADERS)}; bawaba_sso={rng.choice(IN_HEADERS)}"
        if method == "GET":
            response = await client.get(path, params=values, headers=headers, follow_redirects=False)
        else:
            response = await client.post(path, data=values, headers=headers, follow_redirects=False)
        if response.status_code >= 500:
            failures.append(f"{method} {path} {values!r} {headers!r} -> {response.status_code}: {response.text[:160]}")
    client.cookies.clear()
    assert not failures, "\n".join(failures[:20])
