"""SSO session cookie, RP-initiated logout, nonce binding, the admin API's validation."""

from __future__ import annotations

import pytest
from joserfc.errors import JoseError
from oidc_rp import Callback, Page


async def test_sso_cookie_flags(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    page = await rp.authorize()
    page = await rp.submit(page, cpr=citizen.cpr, password=citizen.password)
    response = await rp.post(page.action, data={"csrf_token": page.csrf, "otp": citizen.otp()})
    sso = next(c for c in response.headers.get_list("set-cookie") if c.startswith("bawaba_sso="))
    assert "HttpOnly" in sso and "SameSite=lax" in sso.replace("Lax", "lax") and "Path=/" in sso
    assert "Secure" in sso  # the test issuer is https; only a plain-http dev issuer drops it


async def test_nonce_is_bound_and_optional(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    tokens = await rp.full_flow(citizen)
    assert (await rp.verify_id_token(tokens["id_token"]))["nonce"] == rp.nonce
    rp.nonce = "a-different-nonce"
    with pytest.raises(JoseError):
        await rp.verify_id_token(tokens["id_token"])  # a relying party comparing nonces catches a swapped token
    callback = await rp.authorize(nonce=None)  # SSO session: straight back with a code
    assert isinstance(callback, Callback)
    claims = (await rp.token(callback.params["code"])).json()
    from joserfc import jwt

    assert "nonce" not in jwt.decode(claims["id_token"], (await _keys(rp))).claims


async def _keys(rp):  # type: ignore[no-untyped-def]
    from joserfc.jwk import KeySet

    return KeySet.import_key_set((await rp.get("/oidc/jwks")).json())


async def test_rp_initiated_logout_ends_session_and_revokes(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory(post_logout_redirect_uris=["https://rp.example.bh/bye"])
    tokens = await rp.full_flow(citizen)
    hint = tokens["id_token"]
    bad_target = await rp.get(
        "/oidc/session/end", params={"id_token_hint": hint, "post_logout_redirect_uri": "https://evil.example/"}
    )
    assert bad_target.status_code == 400
    forged = await rp.get("/oidc/session/end", params={"id_token_hint": tokens["id_token"][:-4] + "AAAA"})
    assert forged.status_code == 400
    params = {"id_token_hint": hint, "state": "s1", "post_logout_redirect_uri": "https://rp.example.bh/bye"}
    out = await rp.get("/oidc/session/end", params=params)
    assert out.status_code == 303 and out.headers["location"] == "https://rp.example.bh/bye?state=s1"
    assert (await rp.userinfo(tokens["access_token"])).status_code == 401
    again = await rp.authorize(prompt="none")
    assert isinstance(again, Callback) and again.params["error"] == "login_required"


async def test_logout_without_hint_asks_for_confirmation(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    await rp.full_flow(citizen)
    confirm = await rp.get("/oidc/session/end")
    assert confirm.status_code == 200 and 'data-testid="logout-form"' in confirm.text
    page = Page(confirm.status_code, confirm.text, confirm.headers)
    refused = await rp.post("/oidc/session/end/confirm", data={"csrf_token": "0" * 40})
    assert refused.status_code == 403
    done = await rp.post("/oidc/session/end/confirm", data={"csrf_token": page.csrf})
    assert done.status_code == 200 and 'data-testid="signed-out"' in done.text
    result = await rp.authorize(prompt="none")
    assert isinstance(result, Callback) and result.params["error"] == "login_required"


async def test_admin_api_validates_registrations(client, settings):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {settings.admin_token}"}
    bad = await client.post("/api/admin/oidc/clients", headers=headers,
                            json={"name": "x", "redirect_uris": ["http://rp.example.bh/cb"]})  # fmt: skip
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")
    extra = {"name": "x", "redirect_uris": ["https://a.bh/cb"], "secret": "s"}
    unknown_field = await client.post("/api/admin/oidc/clients", headers=headers, json=extra)
    assert unknown_field.status_code == 400
    # Text PostgreSQL cannot store, or no client would send, is refused by the rules (it was a 500 on PostgreSQL).
    for body in ({"name": "a\x00b", "redirect_uris": ["https://a.bh/cb"]},
                 {"name": "x", "redirect_uris": ["https://a.bh/cb\x00"]},
                 {"name": "x", "redirect_uris": ["https://a.bh/مسار"]}):  # fmt: skip
        refused = await client.post("/api/admin/oidc/clients", headers=headers, json=body)
        assert refused.status_code == 400 and "problem" in refused.headers["content-type"], refused.text
    unknown_id = await client.get("/api/admin/oidc/clients/a%00b", headers=headers)
    assert unknown_id.status_code == 404 and "problem" in unknown_id.headers["content-type"], unknown_id.text
    public = {"name": "Public app", "redirect_uris": ["bh.gov.app:/cb"], "auth_method": "none"}
    ok = await client.post("/api/admin/oidc/clients", headers=headers, json=public)
    assert ok.status_code == 201 and ok.json()["client_secret"] is None
    listed = await client.get(f"/api/admin/oidc/clients/{ok.json()['client_id']}", headers=headers)
    assert listed.status_code == 200 and "secret_hash" not in listed.text
