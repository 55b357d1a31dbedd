"""Complete flows over HTTP, one per client authentication method."""

from __future__ import annotations

import pytest
from oidc_rp import Callback, Page

from identity.oidc.runtime import RUNTIME_STATE_KEY
from identity.oidc.scopes import ACR_STANDARD


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"])
async def test_complete_flow_per_auth_method(auth_method, rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory(auth_method)
    callback = await rp.login(citizen)
    assert callback.location.startswith(rp.client.redirect_uri + "?")
    assert callback.params["state"] == rp.state
    assert callback.params["iss"] == rp.issuer
    tokens = (await rp.token(callback.params["code"])).json()
    assert tokens["token_type"] == "Bearer" and tokens["refresh_token"]
    claims = await rp.verify_id_token(tokens["id_token"])
    assert claims["header"]["alg"] == "ES256"
    assert claims["sub"] == str(citizen.account_id)
    assert claims["acr"] == ACR_STANDARD and claims["amr"] == ["pwd", "otp"]
    assert claims["nonce"] == rp.nonce and isinstance(claims["auth_time"], int)
    assert claims["given_name"] == "Test" and claims["family_name#ar"] == "مواطن"
    assert "cpr" not in claims
    info = await rp.userinfo(tokens["access_token"])
    assert info.status_code == 200, info.text
    assert info.json()["sub"] == str(citizen.account_id) and info.json()["birthdate"]


@pytest.mark.parametrize("skip_consent", [True, False])
async def test_sign_in_survives_the_client_cache_expiring_mid_request(  # type: ignore[no-untyped-def]
    skip_consent, app, rp_factory, make_citizen, monkeypatch
):
    """A handler looks the client up once and hands that record to authlib. authlib used to look it up again in
    the cache: an entry that expired in between failed the sign-in with invalid_client (a benchmark of 3,000
    rounds hit it at the OTP step). With a cache that expires at once, every step takes that path."""
    citizen = await make_citizen()
    rp = await rp_factory(skip_consent=skip_consent)
    assert isinstance(await rp.authorize(), Page)  # the provider's runtime (and its cache) now exists
    monkeypatch.setattr(app.state[RUNTIME_STATE_KEY].clients, "ttl", 0.0)
    callback = await rp.login(citizen)
    assert "code" in callback.params, callback.params
    tokens = (await rp.token(callback.params["code"])).json()
    assert (await rp.verify_id_token(tokens["id_token"]))["sub"] == str(citizen.account_id)
    again = await rp.authorize()  # the SSO session answers at once: the authorization response's own look-up
    assert isinstance(again, Callback) and "code" in again.params, again
