"""Bearer access tokens for eKey-protected APIs (userinfo here; the certificates API too).

    from identity.oidc.bearer import AccessPrincipal, require_scopes

    @get("/api/v1/certificates", dependencies={"principal": require_scopes("openid", "cpr")})
    async def mine(principal: AccessPrincipal) -> ...

The dependency checks the JWT (signature against the provider's key set, `typ` at+jwt, `iss`, `aud`, `exp`), then
that its grant is not revoked (code replay, logout, RFC 7009 revocation), then the scopes. Failures raise
Litestar's NotAuthorizedException (401, `WWW-Authenticate: Bearer error="invalid_token"`) or
PermissionDeniedException (403, `insufficient_scope`), which the root turns into problem documents under /api.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from litestar import Request
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc import store
from identity.oidc.tokens import decode_access_token

if TYPE_CHECKING:
    from identity.oidc.runtime import OidcRuntime


@dataclass(frozen=True, slots=True)
class AccessPrincipal:
    account_id: UUID
    client_id: str
    scopes: frozenset[str]
    acr: str
    # The identity claims captured at sign-in (OIDC names: sub, cpr, name, name#ar, birthdate, ...).
    claims: dict


class BearerError(Exception):
    def __init__(self, error: str, description: str, status: int) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    @property
    def www_authenticate(self) -> str:
        return f'Bearer realm="ekey", error="{self.error}", error_description="{self.description}"'


def presented_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def authenticate(
    rt: OidcRuntime, session: AsyncSession, token: str | None, scopes: tuple[str, ...]
) -> AccessPrincipal:
    """``principal_of`` in the request's session (the APIs that go on to use it)."""
    await rt.keys.ensure_loaded(session)
    return await session.run_sync(lambda sync: principal_of(rt, sync.connection(), token, scopes))


def principal_of(rt: OidcRuntime, conn: Connection, token: str | None, scopes: tuple[str, ...]) -> AccessPrincipal:
    """The principal of a bearer token, on a sync connection; raises BearerError. The keys must be loaded."""
    if token is None:
        raise BearerError("invalid_request", "An access token is required (Authorization: Bearer).", 401)
    claims = decode_access_token(rt.keys, rt.policy, token)
    if claims is None:
        raise BearerError("invalid_token", "The access token is invalid or expired.", 401)
    state = store.read_grant_state(conn, claims["gid"])
    if state is None or not state.active:
        raise BearerError("invalid_token", "The access token was revoked.", 401)
    granted = frozenset(str(claims.get("scope", "")).split())
    if not set(scopes) <= granted:
        raise BearerError("insufficient_scope", f"This API needs scope: {' '.join(scopes)}.", 403)
    return AccessPrincipal(
        account_id=state.account_id, client_id=state.client_id, scopes=granted, acr=str(claims.get("acr", "")),
        claims=state.claims,
    )  # fmt: skip


def require_scopes(*scopes: str) -> Provide:
    """A Litestar dependency yielding the AccessPrincipal of a valid bearer token holding ``scopes``."""

    async def principal(request: Request, db_session: AsyncSession) -> AccessPrincipal:
        from identity.oidc.runtime import provide_runtime

        rt = provide_runtime(request)
        try:
            return await authenticate(rt, db_session, presented_token(request), scopes)
        except BearerError as error:
            headers = {"WWW-Authenticate": error.www_authenticate}
            extra = {"problem_type": error.error.replace("_", "-")}
            if error.status == 403:
                raise PermissionDeniedException(detail=error.description, headers=headers, extra=extra) from None
            raise NotAuthorizedException(detail=error.description, headers=headers, extra=extra) from None

    return Provide(principal)
