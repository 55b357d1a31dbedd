"""Complete flows over HTTP, one per client authentication method."""

from __future__ import annotations

import pytest

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
