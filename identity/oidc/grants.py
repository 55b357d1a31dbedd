"""The grant engine's policy: authorization code + PKCE S256 only, OpenID Connect, refresh rotation,
client authentication (secret basic/post, private_key_jwt with jti replay checks, none), revocation and
introspection. Every database touch goes through ``server.on_unit`` to the request's unit of work.
"""

from __future__ import annotations

import datetime
import time

import httpx
from authlib.oauth2.rfc6749 import InvalidRequestError, grants
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oidc.core import OpenIDCode
from joserfc.jwk import KeySet
from sqlalchemy.util import await_

from identity.oidc import store
from identity.oidc.crypto import random_handle
from identity.oidc.keys import KeyRing
from identity.oidc.scopes import AMR, claims_for_scope
from identity.oidc.server import CURRENT, LitestarAuthorizationServer, on_unit
from identity.oidc.subjects import SubjectMinter
from identity.oidc.tokens import TokenPolicy, decode_access_token, issue_access_token

CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]


class S256Only(CodeChallenge):
    """PKCE for every client, S256 only (authlib alone enforces it for public clients and defaults to plain)."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):  # type: ignore[no-untyped-def]
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge with code_challenge_method=S256.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256 (plain is not accepted).")
        return super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS
    server: LitestarAuthorizationServer

    def generate_authorization_code(self) -> str:
        # '<grant id>.<secret>': the token endpoint finds the grant by primary key, and a replay finds it too.
        return f"{random_handle(12)}.{random_handle(32)}"

    def save_authorization_code(self, code: str, request) -> None:  # type: ignore[no-untyped-def]
        # The handler inserts this row on the event loop once authlib returns (no thread round trip needed).
        user = request.user
        now = store.utcnow()
        CURRENT.get().pending_grant = {
            "id": code.partition(".")[0],
            "client_id": request.client.client_id,
            "account_id": user.account_id,
            "sid": user.sid,
            "code_hash": store.sha256_hex(code),
            "code_expires_at": now + datetime.timedelta(seconds=self.server.code_ttl),
            "redirect_uri": request.payload.redirect_uri,
            "scope": request.scope,
            "nonce": request.payload.data.get("nonce"),
            "code_challenge": request.payload.data["code_challenge"],
            "acr": user.acr,
            "amr": list(AMR),
            "auth_time": user.auth_time,
            "claims": self.server.subjects.claims_for(  # type: ignore[attr-defined]
                user.claims, request.client.subject_type, request.client.redirect_uris
            ),
            "expires_at": now + datetime.timedelta(seconds=self.server.code_ttl),
            "created_at": now,
        }

    def query_authorization_code(self, code: str, client):  # type: ignore[no-untyped-def]
        # The first refresh token is minted here so the UPDATE that consumes the code also stores it.
        refresh_token = f"{code.partition('.')[0]}.{random_handle(32)}"
        refresh_expires = store.utcnow() + datetime.timedelta(seconds=self.server.refresh_ttl)
        return on_unit(store.consume_code, code, client.client_id, refresh_token, refresh_expires)

    def delete_authorization_code(self, authorization_code) -> None:  # type: ignore[no-untyped-def]
        return None  # consumed atomically by query_authorization_code

    def authenticate_user(self, authorization_code):  # type: ignore[no-untyped-def]
        return authorization_code


class RefreshGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str):  # type: ignore[no-untyped-def]
        client = self.request.client
        parts = store.split_handle(refresh_token)
        new_token = f"{parts[0] if parts else 'x'}.{random_handle(32)}"
        return on_unit(store.rotate_refresh_token, refresh_token, client.client_id, new_token)

    def authenticate_user(self, refresh_token):  # type: ignore[no-untyped-def]
        return refresh_token

    def revoke_old_credential(self, refresh_token) -> None:  # type: ignore[no-untyped-def]
        return None  # rotated atomically by authenticate_refresh_token


class OpenIDConnect(OpenIDCode):
    def __init__(self, server: LitestarAuthorizationServer) -> None:
        super().__init__(require_nonce=False)  # optional in the code flow (OIDC Core §3.1.2.1); bound when sent
        self.server = server

    def exists_nonce(self, nonce: str, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def resolve_client_private_key(self, client):  # type: ignore[no-untyped-def]
        return self.server.keys.key_for(client.id_token_signed_response_alg)  # pre-imported joserfc key

    def get_client_algorithm(self, client) -> str:  # type: ignore[no-untyped-def]
        return client.id_token_signed_response_alg

    def get_encode_header(self, client):  # type: ignore[no-untyped-def]
        alg = client.id_token_signed_response_alg
        return {"alg": alg, "kid": self.server.keys.kid_for(alg), "typ": "JWT"}

    def get_client_claims(self, client):  # type: ignore[no-untyped-def]
        now = int(time.time())
        return {
            "iss": self.server.issuer,
            "aud": [client.client_id],
            "iat": now,
            "exp": now + self.server.policy.id_token_ttl,
        }

    def get_authorization_code_claims(self, authorization_code):  # type: ignore[no-untyped-def]
        claims = super().get_authorization_code_claims(authorization_code)
        if authorization_code.sid:
            claims["sid"] = authorization_code.sid
        return claims

    def generate_user_info(self, user, scope):  # type: ignore[no-untyped-def]
        return claims_for_scope(user.claims, scope)


class PrivateKeyJwt(JWTBearerClientAssertion):
    CLIENT_AUTH_METHOD = "private_key_jwt"
    JWKS_CACHE_SECONDS = 300

    def __init__(self, server: LitestarAuthorizationServer) -> None:
        super().__init__(validate_jti=True, leeway=30)
        self.server = server
        self._jwks_cache: dict[str, tuple[float, KeySet]] = {}

    def get_audiences(self) -> list[str]:
        base = self.server.issuer
        return [base, f"{base}/oidc/token", f"{base}/oidc/token/revocation", f"{base}/oidc/token/introspection"]

    def validate_jti(self, claims, jti) -> bool:  # type: ignore[no-untyped-def]
        if not str(jti).isprintable():  # stored as text: PostgreSQL refuses a NUL, and no sane jti holds one
            return False
        exp = datetime.datetime.fromtimestamp(int(claims["exp"]) + self.leeway, datetime.UTC)
        return on_unit(store.use_jti, str(claims["sub"]), str(jti), exp)

    def resolve_client_public_key(self, client):  # type: ignore[no-untyped-def]
        if client.jwks:
            return KeySet.import_key_set(client.jwks)
        cached = self._jwks_cache.get(client.jwks_uri)
        if cached is not None and time.monotonic() - cached[0] < self.JWKS_CACHE_SECONDS:
            return cached[1]
        # The engine runs in a greenlet on the event loop: await the fetch instead of blocking the loop.
        keys = KeySet.import_key_set(await_(_fetch_jwks(client.jwks_uri)))
        self._jwks_cache[client.jwks_uri] = (time.monotonic(), keys)
        return keys


async def _fetch_jwks(uri: str) -> dict:
    async with httpx.AsyncClient(timeout=5.0, follow_redirects=False) as http:
        response = await http.get(uri)
        response.raise_for_status()
        return response.json()


class TokenRef:
    """A presented access or refresh token resolved to its grant (for revocation and introspection)."""

    def __init__(self, kind: str, state: store.GrantState, claims: dict | None) -> None:
        self.kind = kind
        self.state = state
        self.claims = claims

    def check_client(self, client) -> bool:  # type: ignore[no-untyped-def]
        return self.state.client_id == client.client_id

    def is_expired(self) -> bool:
        if self.kind == "access_token":
            return self.claims is None or int(self.claims["exp"]) < time.time()
        return self.state.expires_at < store.utcnow()

    def is_revoked(self) -> bool:
        return not self.state.active


def find_token(server: LitestarAuthorizationServer, token: str, hint: str | None) -> TokenRef | None:
    if token.count(".") == 2:
        claims = decode_access_token(server.keys, server.policy, token, verify_exp=False)
        if claims is None:
            return None
        state = on_unit(lambda unit, gid: store.read_grant_state(unit.connection(), gid), claims["gid"])
        return TokenRef("access_token", state, claims) if state is not None else None
    state = on_unit(store.refresh_token_grant, token)
    return TokenRef("refresh_token", state, None) if state is not None else None


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def query_token(self, token_string, token_type_hint):  # type: ignore[no-untyped-def]
        return find_token(self.server, token_string, token_type_hint)

    def revoke_token(self, token, request) -> None:  # type: ignore[no-untyped-def]
        # Revocation works per grant: the refresh token and every access token issued from it (RFC 7009 §2.1).
        on_unit(store.revoke_grant, token.state.grant_id)


class Introspection(IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def query_token(self, token_string, token_type_hint):  # type: ignore[no-untyped-def]
        return find_token(self.server, token_string, token_type_hint)

    def check_permission(self, token, client, request) -> bool:  # type: ignore[no-untyped-def]
        return token.check_client(client)

    def introspect_token(self, token) -> dict:  # type: ignore[no-untyped-def]
        payload = {
            "active": True,
            "client_id": token.state.client_id,
            "scope": token.state.scope,
            "sub": token.state.claims["sub"],
            "token_type": "Bearer" if token.kind == "access_token" else "refresh_token",
            "iss": self.server.issuer,
        }
        if token.claims is not None:
            payload.update({k: token.claims[k] for k in ("exp", "iat", "aud", "jti", "acr", "auth_time")})
        else:
            payload["exp"] = int(token.state.expires_at.timestamp())
        return payload


def build_server(
    server: LitestarAuthorizationServer,
    keys: KeyRing,
    policy: TokenPolicy,
    *,
    code_ttl: int,
    refresh_ttl: int,
    subjects: SubjectMinter,
) -> LitestarAuthorizationServer:
    server.keys = keys  # type: ignore[attr-defined]
    server.subjects = subjects  # type: ignore[attr-defined]
    server.policy = policy  # type: ignore[attr-defined]
    server.code_ttl = code_ttl  # type: ignore[attr-defined]
    server.refresh_ttl = refresh_ttl  # type: ignore[attr-defined]

    def generate_token(grant_type, client, user=None, scope=None, expires_in=None, include_refresh_token=True):  # type: ignore[no-untyped-def]
        token = {
            "token_type": "Bearer",
            "access_token": issue_access_token(keys, policy, grant=user, client_id=client.client_id, scope=scope),
            "expires_in": policy.access_ttl,
            "scope": scope,
        }
        if include_refresh_token and user.refresh_token:
            token["refresh_token"] = user.refresh_token
        return token

    server.register_token_generator("default", generate_token)
    server.register_grant(CodeGrant, [S256Only(required=True), OpenIDConnect(server)])
    server.register_grant(RefreshGrant)
    server.register_client_auth_method(PrivateKeyJwt.CLIENT_AUTH_METHOD, PrivateKeyJwt(server))
    server.register_endpoint(Revocation)
    server.register_endpoint(Introspection)
    return server
