"""Authorization endpoint rules: PKCE, redirect URIs, prompt, acr, max_age, SSO, headers."""

from __future__ import annotations

from oidc_rp import Callback, Page

from identity.oidc.scopes import ACR_ADVANCED, ACR_STANDARD


async def test_missing_pkce_is_rejected(rp_factory):  # type: ignore[no-untyped-def]
    rp = await rp_factory()
    result = await rp.authorize(code_challenge=None, code_challenge_method=None)
    assert isinstance(result, Callback)
    assert result.params["error"] == "invalid_request" and "PKCE" in result.params["error_description"]
    assert result.params["state"] == rp.state and result.params["iss"] == rp.issuer


async def test_plain_pkce_is_rejected(rp_factory):  # type: ignore[no-untyped-def]
    rp = await rp_factory("none")
    result = await rp.authorize(code_challenge=rp.verifier, code_challenge_method="plain")
    assert isinstance(result, Callback) and result.params["error"] == "invalid_request"
    missing_method = await rp.authorize(code_challenge_method=None)
    assert isinstance(missing_method, Callback) and missing_method.params["error"] == "invalid_request"


async def test_unregistered_redirect_uri_gets_an_error_page_never_a_redirect(rp_factory):  # type: ignore[no-untyped-def]
    rp = await rp_factory()
    for uri in ("https://evil.example/callback", rp.client.redirect_uri + "/extra", rp.client.redirect_uri + "?x=1"):
        result = await rp.authorize(redirect_uri=uri)
        assert isinstance(result, Page) and result.status == 400, result
        assert "location" not in result.headers
    unknown = await rp.authorize(client_id="no-such-client")
    assert isinstance(unknown, Page) and unknown.status == 400 and 'data-error-code="invalid_client"' in unknown.text


async def test_prompt_none_without_session_gives_login_required(rp_factory):  # type: ignore[no-untyped-def]
    rp = await rp_factory()
    result = await rp.authorize(prompt="none")
    assert isinstance(result, Callback) and result.params["error"] == "login_required"
    assert result.params["state"] == rp.state


async def test_sso_session_reuse_prompt_login_and_max_age(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    await rp.full_flow(citizen)
    # Same browser: the SSO session signs the user in silently (consent already given).
    again = await rp.authorize(prompt="none")
    assert isinstance(again, Callback) and again.params.get("code"), again
    tokens = (await rp.token(again.params["code"])).json()
    assert (await rp.verify_id_token(tokens["id_token"]))["sub"] == str(citizen.account_id)
    # prompt=login forces the password page even with a session.
    forced = await rp.authorize(prompt="login")
    assert isinstance(forced, Page) and 'name="password"' in forced.text
    # max_age=0 means the session is too old: with prompt=none that is login_required.
    too_old = await rp.authorize(prompt="none", max_age="0")
    assert isinstance(too_old, Callback) and too_old.params["error"] == "login_required"


async def test_consent_denied_gives_access_denied(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    callback = await rp.login(citizen, approve=False)
    assert callback.status == 303
    assert callback.params["error"] == "access_denied" and callback.params["state"] == rp.state
    assert "code" not in callback.params


async def test_prompt_none_without_consent_gives_consent_required(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    first = await rp_factory()
    await first.full_flow(citizen)
    other = await rp_factory()
    other.jar = first.jar  # same browser, second relying party never approved
    result = await other.authorize(prompt="none")
    assert isinstance(result, Callback) and result.params["error"] == "consent_required"


async def test_advanced_request_from_standard_account_fails_clearly(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    standard = await make_citizen("standard")
    rp = await rp_factory()
    page = await rp.authorize(acr_values=ACR_ADVANCED)
    assert isinstance(page, Page)
    result = await rp.submit(page, cpr=standard.cpr, password=standard.password)
    assert isinstance(result, Page) and result.status == 403
    assert 'data-error-code="level_required"' in result.text
    assert "unmet_authentication_requirements" in result.text  # the link back to the service carries the error
    advanced = await make_citizen("advanced")
    rp2 = await rp_factory()
    callback = await rp2.login(advanced, acr_values=ACR_ADVANCED)
    tokens = (await rp2.token(callback.params["code"])).json()
    assert (await rp2.verify_id_token(tokens["id_token"]))["acr"] == ACR_ADVANCED
    assert ACR_STANDARD != ACR_ADVANCED


async def test_login_pages_forbid_framing_and_are_arabic_by_default(rp_factory):  # type: ignore[no-untyped-def]
    rp = await rp_factory()
    page = await rp.authorize()
    assert isinstance(page, Page)
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert '<html lang="ar" dir="rtl">' in page.text
    english = await rp.authorize(ui_locales="en")
    assert isinstance(english, Page) and '<html lang="en" dir="ltr">' in english.text
    switch = await rp.get("/lang/en", params={"next": "/oidc/auth?x=1"})
    assert switch.status_code == 303 and switch.headers["location"] == "/oidc/auth?x=1"
    page = await rp.authorize()
    assert isinstance(page, Page) and '<html lang="en" dir="ltr">' in page.text
    evil = await rp.get("/lang/ar", params={"next": "//evil.example"})
    assert evil.headers["location"] == "/"


async def test_discovery_and_jwks(client):  # type: ignore[no-untyped-def]
    meta = (await client.get("/.well-known/openid-configuration")).json()
    assert meta["issuer"] == "https://testserver.local"
    assert meta["authorization_endpoint"] == "https://testserver.local/oidc/auth"
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["authorization_response_iss_parameter_supported"] is True
    assert set(meta["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic", "client_secret_post", "private_key_jwt", "none"}  # fmt: skip
    jwks = (await client.get("/oidc/jwks")).json()
    assert {k["alg"] for k in jwks["keys"]} >= {"ES256", "RS256"}
    assert all("d" not in k for k in jwks["keys"])  # never a private part


async def test_pushed_authorization_request(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory("client_secret_post")
    body, headers = rp.client_auth(rp.auth_params())
    pushed = await rp.post("/oidc/par", data=body, headers=headers)
    assert pushed.status_code == 201, pushed.text
    request_uri = pushed.json()["request_uri"]
    assert request_uri.startswith("urn:ietf:params:oauth:request_uri:") and pushed.json()["expires_in"] == 60
    page = await rp.get("/oidc/auth", params={"client_id": rp.client.client_id, "request_uri": request_uri})
    assert page.status_code == 200 and 'name="password"' in page.text
    foreign = await rp.get("/oidc/auth", params={"client_id": "someone-else", "request_uri": request_uri})
    assert foreign.status_code == 400 and "location" not in foreign.headers
    tampered = await rp.get("/oidc/auth", params={"client_id": rp.client.client_id, "request_uri": request_uri[:-3]})
    assert tampered.status_code == 400
    unauthenticated = await rp.post("/oidc/par", data=rp.auth_params())
    assert unauthenticated.status_code in (400, 401) and unauthenticated.json()["error"] == "invalid_client"
    no_pkce, headers = rp.client_auth(rp.auth_params(code_challenge=None, code_challenge_method=None))
    assert (await rp.post("/oidc/par", data=no_pkce, headers=headers)).json()["error"] == "invalid_request"
    # The pushed request completes like any other.
    page = Page(page.status_code, page.text, page.headers)
    page = await rp.submit(page, cpr=citizen.cpr, password=citizen.password)
    result = await rp.submit(page, otp=citizen.otp())
    if isinstance(result, Page):
        result = await rp.submit(result, decision="approve")
    assert isinstance(result, Callback) and result.params["state"] == rp.state
    assert (await rp.token(result.params["code"])).status_code == 200


async def test_authorization_endpoint_accepts_post(rp_factory):  # type: ignore[no-untyped-def]
    rp = await rp_factory()
    page = await rp.post("/oidc/auth", data=rp.auth_params())
    assert page.status_code == 200 and 'name="password"' in page.text
    no_pkce = await rp.post("/oidc/auth", data=rp.auth_params(code_challenge=None, code_challenge_method=None))
    assert no_pkce.status_code == 303 and "error=invalid_request" in no_pkce.headers["location"]


async def test_unprintable_or_non_ascii_request_values_get_an_error_page(rp_factory):  # type: ignore[no-untyped-def]
    """authlib quotes response_type and redirect_uri in its error descriptions and refuses to build one from
    anything but printable ASCII: such values were a 500. A NUL in client_id was one on PostgreSQL."""
    rp = await rp_factory()
    for overrides in (
        {"response_type": "é"},
        {"response_type": "code\x00"},
        {"redirect_uri": rp.client.redirect_uri + "/é"},
        {"client_id": "a\x00b"},
        {"client_id": "عميل"},
    ):
        result = await rp.authorize(**overrides)
        assert isinstance(result, Page) and result.status == 400, (overrides, result)
        assert "location" not in result.headers
    # Lenient where authlib is: an odd state still comes back to the client, as RFC 6749 §4.1.2.1 wants.
    odd_state = await rp.authorize(state="حالة", code_challenge_method="é")
    assert isinstance(odd_state, Callback) and odd_state.params["error"] == "invalid_request"
    assert odd_state.params["state"] == "حالة"


async def test_a_wider_scope_asks_again_and_the_new_approval_replaces_the_old(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    await rp.login(citizen, scope="openid")  # consent for openid
    wider = await rp.authorize(scope="openid profile")  # same browser, SSO session: only consent is missing
    assert isinstance(wider, Page) and 'name="decision"' in wider.text
    approved = await rp.submit(wider, decision="approve")  # the upsert replaces the first approval
    assert isinstance(approved, Callback) and "code" in approved.params
    again = await rp.authorize(scope="openid profile")
    assert isinstance(again, Callback) and "code" in again.params  # covered now: no consent page
    narrower = await rp.authorize(scope="openid")
    assert isinstance(narrower, Callback) and "code" in narrower.params
