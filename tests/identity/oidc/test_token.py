"""Token endpoint rules: PKCE verifier, redirect_uri, single-use codes, expiry, refresh rotation, revocation."""

from __future__ import annotations

import asyncio
import datetime as dt

from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import update

from identity.oidc.models import Grant


async def test_wrong_or_missing_verifier_fails(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    callback = await rp.login(citizen)
    wrong = await rp.token(callback.params["code"], code_verifier="x" * 50)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    missing = await rp.token(callback.params["code"], code_verifier=None)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    # A failed attempt does not burn the code for its rightful owner.
    assert (await rp.token(callback.params["code"])).status_code == 200


async def test_redirect_uri_must_match_at_token(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    callback = await rp.login(citizen)
    response = await rp.token(callback.params["code"], redirect_uri=rp.client.redirect_uri + "x")
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


async def test_code_replay_fails_and_revokes_tokens(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    callback = await rp.login(citizen)
    first = await rp.token(callback.params["code"])
    assert first.status_code == 200
    tokens = first.json()
    assert (await rp.userinfo(tokens["access_token"])).status_code == 200
    second = await rp.token(callback.params["code"])
    assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
    revoked = await rp.userinfo(tokens["access_token"])
    assert revoked.status_code == 401 and 'error="invalid_token"' in revoked.headers["www-authenticate"]
    assert (await rp.refresh(tokens["refresh_token"])).json()["error"] == "invalid_grant"


async def test_expired_and_unknown_codes_fail_cleanly(rp_factory, make_citizen, session_maker):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    callback = await rp.login(citizen)
    gid = callback.params["code"].partition(".")[0]
    async with session_maker() as session:  # age the code past its 60 s lifetime
        await session.execute(update(Grant.__table__).where(Grant.__table__.c.id == gid).values(
            code_expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))  # fmt: skip
        await session.commit()
    expired = await rp.token(callback.params["code"])
    assert expired.status_code == 400 and expired.json()["error"] == "invalid_grant"
    for bogus in ("nope", "a.b", "x" * 300, gid + ".wrong-secret"):
        response = await rp.token(bogus)
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant", bogus


async def test_code_is_bound_to_its_client(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    callback = await rp.login(citizen)
    thief = await rp_factory()
    thief.verifier = rp.verifier
    stolen = await thief.token(callback.params["code"], redirect_uri=rp.client.redirect_uri)
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    assert (await rp.token(callback.params["code"])).status_code == 200


async def test_client_authentication_failures(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory("client_secret_basic")
    callback = await rp.login(citizen)
    rp.client.client_secret = "wrong"
    bad = await rp.token(callback.params["code"])
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    # A confidential client cannot fall back to "none".
    rp.client.auth_method = "none"
    assert (await rp.token(callback.params["code"])).json()["error"] == "invalid_client"


async def test_private_key_jwt_rejects_replayed_assertion(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory("private_key_jwt")
    assertion = rp.client_assertion(jti="fixed-jti-1")
    data = {"grant_type": "authorization_code", "redirect_uri": rp.client.redirect_uri, "code_verifier": rp.verifier,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion}  # fmt: skip
    first = await rp.post("/oidc/token", data={**data, "code": (await rp.login(citizen)).params["code"]})
    assert first.status_code == 200, first.text
    second_code = (await rp.authorize()).params["code"]  # the SSO session answers at once
    replay = await rp.post("/oidc/token", data={**data, "code": second_code})
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_client", replay.text


async def test_refresh_rotation_and_reuse_detection(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    tokens = await rp.full_flow(citizen)
    rotated = await rp.refresh(tokens["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()
    assert new["refresh_token"] != tokens["refresh_token"] and new["access_token"] != tokens["access_token"]
    assert (await rp.userinfo(new["access_token"])).status_code == 200
    # The old refresh token is dead, and presenting it again revokes the whole grant (stolen-token signal).
    reused = await rp.refresh(tokens["refresh_token"])
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    assert (await rp.refresh(new["refresh_token"])).status_code == 400
    assert (await rp.userinfo(new["access_token"])).status_code == 401


async def test_revocation_and_introspection(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory("client_secret_post")
    tokens = await rp.full_flow(citizen)
    info = (await rp.introspect(tokens["access_token"])).json()
    assert (
        info["active"] is True and info["sub"] == str(citizen.account_id) and info["client_id"] == rp.client.client_id
    )
    assert (await rp.introspect(tokens["refresh_token"])).json()["active"] is True
    other = await rp_factory("client_secret_post")
    assert (await other.introspect(tokens["access_token"])).json() == {"active": False}
    assert (await rp.revoke(tokens["refresh_token"])).status_code == 200
    assert (await rp.introspect(tokens["access_token"])).json() == {"active": False}
    assert (await rp.userinfo(tokens["access_token"])).status_code == 401
    assert (await rp.refresh(tokens["refresh_token"])).status_code == 400
    assert (await rp.revoke("garbage")).status_code == 200  # RFC 7009 §2.2: unknown tokens are not an error


async def test_rs256_client_and_access_token_shape(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory(id_token_alg="RS256")
    rp.scope = "openid profile cpr"
    tokens = await rp.full_flow(citizen)
    claims = await rp.verify_id_token(tokens["id_token"])
    assert claims["header"]["alg"] == "RS256" and claims["cpr"] == citizen.cpr
    jwks = KeySet.import_key_set((await rp.get("/oidc/jwks")).json())
    access = jwt.decode(tokens["access_token"], jwks, algorithms=["ES256"])
    assert access.header["typ"] == "at+jwt"
    assert access.claims["client_id"] == rp.client.client_id and access.claims["exp"] - access.claims["iat"] <= 300
    assert (await rp.userinfo(tokens["access_token"])).json()["cpr"] == citizen.cpr
    # An ID token is not an access token.
    assert (await rp.userinfo(tokens["id_token"])).status_code == 401


async def test_private_key_jwt_with_jwks_uri(rp_factory, make_citizen, make_client):  # type: ignore[no-untyped-def]
    """The client's keys are fetched from its jwks_uri (a real HTTP server on 127.0.0.1), not stored inline."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from joserfc.jwk import ECKey

    key = ECKey.generate_key("P-256", parameters={"kid": "rp-uri-key"}, private=True)
    body = json.dumps({"keys": [key.as_dict(private=False)]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = HTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        jwks_uri = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
        registered = await make_client("private_key_jwt", jwks_uri=jwks_uri, jwks=None)
        registered.private_key = key
        rp = await rp_factory(registered=registered)
        citizen = await make_citizen()
        tokens = await rp.full_flow(citizen)
        assert (await rp.verify_id_token(tokens["id_token"]))["sub"] == str(citizen.account_id)
        other = ECKey.generate_key("P-256", parameters={"kid": "rp-uri-key"}, private=True)
        rp.client.private_key = other  # a key the jwks_uri does not publish
        refused = await rp.refresh(tokens["refresh_token"])
        assert refused.status_code in (400, 401) and refused.json()["error"] == "invalid_client"
    finally:
        server.shutdown()


async def test_malformed_client_credentials_are_invalid_client_never_a_500(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    """A scheme with no credentials broke authlib's Basic parser, and a NUL in client_id broke PostgreSQL's
    query: both were 500s; both are plain authentication failures."""
    citizen = await make_citizen()
    rp = await rp_factory("client_secret_post")
    code = (await rp.login(citizen)).params["code"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": rp.client.redirect_uri,
            "code_verifier": rp.verifier}  # fmt: skip
    for header in ("Basic ", "Bearer ", "Basic", "Basic  \t"):
        answer = await rp.post("/oidc/token", data=form, headers={"Authorization": header})
        assert answer.status_code == 401 and answer.json()["error"] == "invalid_client", (header, answer.text)
    for client_id in ("a\x00b", "é"):  # credentials in the form: 400, as RFC 6749 §5.2 allows
        answer = await rp.post("/oidc/token", data={**form, "client_id": client_id, "client_secret": "x"})
        assert answer.status_code == 400 and answer.json()["error"] == "invalid_client", (client_id, answer.text)
    # A code whose grant id is not one of ours never reaches the database either.
    for bad_code in ("\x00." + code.partition(".")[2], "é." + code.partition(".")[2]):
        answer = await rp.post(
            "/oidc/token", data={**form, "code": bad_code, "client_id": rp.client.client_id,
                                 "client_secret": rp.client.client_secret},
        )  # fmt: skip
        assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant", answer.text
    # The real code was not burned by any of the failures above.
    good = await rp.token(code)
    assert good.status_code == 200, good.text


async def test_a_code_presented_twice_at_once_is_exchanged_once(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    """Single use holds under concurrency: the code is consumed by one conditional UPDATE ... RETURNING."""
    citizen = await make_citizen()
    rp = await rp_factory()
    code = (await rp.login(citizen)).params["code"]
    answers = await asyncio.gather(rp.token(code), rp.token(code))
    assert sorted(a.status_code for a in answers) == [200, 400], [a.text for a in answers]
    loser = next(a for a in answers if a.status_code == 400)
    assert loser.json()["error"] == "invalid_grant"
