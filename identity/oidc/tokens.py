"""Access tokens: RFC 9068 JWTs signed with the provider's ES256 key, checked against their grant on use."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from joserfc import jwt
from joserfc.errors import JoseError

from identity.oidc.keys import KeyRing

ACCESS_TOKEN_ALG = "ES256"


@dataclass(frozen=True, slots=True)
class TokenPolicy:
    issuer: str
    audience: str
    access_ttl: int
    id_token_ttl: int


def issue_access_token(keys: KeyRing, policy: TokenPolicy, *, grant: object, client_id: str, scope: str) -> str:
    now = int(time.time())
    claims = {
        "iss": policy.issuer,
        "sub": grant.claims["sub"],  # type: ignore[attr-defined]
        "aud": policy.audience,
        "client_id": client_id,
        "iat": now,
        "exp": now + policy.access_ttl,
        "jti": secrets.token_urlsafe(16),
        "scope": scope,
        "auth_time": grant.auth_time,  # type: ignore[attr-defined]
        "acr": grant.acr,  # type: ignore[attr-defined]
        # Private claim: the grant the token came from, so revocation and code replay reach it.
        "gid": grant.grant_id,  # type: ignore[attr-defined]
    }
    header = {"typ": "at+jwt", "alg": ACCESS_TOKEN_ALG, "kid": keys.kid_for(ACCESS_TOKEN_ALG)}
    return jwt.encode(header, claims, keys.key_for(ACCESS_TOKEN_ALG), algorithms=[ACCESS_TOKEN_ALG])


_REGISTRY_OPTIONS = {"exp": {"essential": True}, "iat": {"essential": True}, "jti": {"essential": True}}


def decode_access_token(keys: KeyRing, policy: TokenPolicy, token: str, *, verify_exp: bool = True) -> dict | None:
    """The token's claims when its signature, type, issuer, audience and expiry hold; None otherwise."""
    if not token or len(token) > 4096 or token.count(".") != 2:
        return None
    try:
        decoded = jwt.decode(token, keys.public, algorithms=[ACCESS_TOKEN_ALG])
    except (JoseError, ValueError, TypeError):
        return None
    if decoded.header.get("typ") != "at+jwt":
        return None  # an ID token is not an access token (RFC 9068 §4)
    claims = decoded.claims
    registry = jwt.JWTClaimsRegistry(
        leeway=5,
        iss={"essential": True, "value": policy.issuer},
        aud={"essential": True, "value": policy.audience},
        **_REGISTRY_OPTIONS,
    )
    try:
        if verify_exp:
            registry.validate(claims)
    except JoseError:
        return None
    if not isinstance(claims.get("gid"), str) or not isinstance(claims.get("client_id"), str):
        return None
    return claims
