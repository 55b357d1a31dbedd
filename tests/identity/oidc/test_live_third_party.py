"""A maintained third-party OIDC client (authlib's httpx integration) against a real `bawaba serve` subprocess.

The relying party is registered through the admin API; the citizen signs in through the HTML pages like a
browser would; authlib discovers the provider, exchanges the code with PKCE and client_secret_basic, and
validates the ID token against the JWKS (signature, iss, aud, exp, nonce, at_hash).
"""

from __future__ import annotations

import re

import httpx
from authlib.integrations.base_client import BaseApp
from authlib.integrations.base_client.async_app import AsyncOAuth2Mixin
from authlib.integrations.base_client.async_openid import AsyncOpenIDMixin
from authlib.integrations.httpx_client import AsyncOAuth2Client

from identity.oidc.scopes import ACR_STANDARD

REDIRECT_URI = "http://127.0.0.1:9/callback"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ACTION_RE = re.compile(r'<form method="post" action="([^"]+)"')


class EkeyApp(AsyncOAuth2Mixin, AsyncOpenIDMixin, BaseApp):
    """authlib's framework-neutral async OIDC client app (what its Starlette integration is made of)."""

    client_cls = AsyncOAuth2Client


async def _submit(browser: httpx.AsyncClient, page: httpx.Response, **fields: str) -> httpx.Response:
    csrf, action = CSRF_RE.search(page.text).group(1), ACTION_RE.search(page.text).group(1)  # type: ignore[union-attr]
    return await browser.post(action, data={"csrf_token": csrf, **fields})


async def test_authlib_client_completes_the_flow_against_a_live_server(live_server, settings, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    async with httpx.AsyncClient(base_url=live_server.url) as admin:
        registered = await admin.post(
            "/api/admin/oidc/clients",
            headers={"Authorization": f"Bearer {settings.admin_token}"},
            json={"name": "Live RP", "redirect_uris": [REDIRECT_URI], "auth_method": "client_secret_basic"},
        )
        assert registered.status_code == 201, registered.text
        refused = await admin.post("/api/admin/oidc/clients", json={"name": "x", "redirect_uris": [REDIRECT_URI]})
        assert refused.status_code == 401
    creds = registered.json()

    app = EkeyApp(
        framework=None, name="ekey", client_id=creds["client_id"], client_secret=creds["client_secret"],
        server_metadata_url=f"{live_server.url}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile", "code_challenge_method": "S256",
                       "token_endpoint_auth_method": "client_secret_basic"},
    )  # fmt: skip
    metadata = await app.load_server_metadata()
    assert metadata["issuer"] == live_server.url
    start = await app.create_authorization_url(redirect_uri=REDIRECT_URI)
    assert "code_challenge=" in start["url"] and start["nonce"]

    async with httpx.AsyncClient(base_url=live_server.url) as browser:
        page = await browser.get(start["url"])
        assert page.status_code == 200
        page = await _submit(browser, page, cpr=citizen.cpr, password=citizen.password)
        page = await _submit(browser, page, otp=citizen.otp())
        callback = await _submit(browser, page, decision="approve")
    assert callback.status_code == 303
    params = dict(httpx.URL(callback.headers["location"]).params)
    assert params["state"] == start["state"] and params["iss"] == metadata["issuer"]  # RFC 9207 mix-up check

    token = await app.fetch_access_token(redirect_uri=REDIRECT_URI, code=params["code"],
                                         code_verifier=start["code_verifier"])  # fmt: skip
    claims = await app.parse_id_token(token, nonce=start["nonce"])
    assert claims["sub"] == str(citizen.account_id) and claims["acr"] == ACR_STANDARD
    assert claims["aud"] == [creds["client_id"]] or claims["aud"] == creds["client_id"]
    userinfo = await app.userinfo(token=token)
    assert userinfo["sub"] == claims["sub"] and userinfo["name"]
