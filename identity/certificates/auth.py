"""Who is calling the certificates API: a citizen's bearer access token with scope `certificates`, or (for
revocation only) the admin token."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from uuid import UUID

from litestar import Request
from litestar.exceptions import PermissionDeniedException
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.registry import identity_claims
from identity.admin import presented_bearer_token
from identity.certificates.service import Requester
from identity.config import IdentityConfig
from identity.deps import DbSession

SCOPE = "certificates"


@dataclass(frozen=True, slots=True)
class Caller:
    is_admin: bool
    account_id: UUID | None


async def _principal(request: Request, db_session: AsyncSession):  # -> identity.oidc.bearer.AccessPrincipal
    """The OIDC area's access-token check (signature, typ, iss, aud, exp, grant not revoked, scope)."""
    from identity.oidc.bearer import require_scopes

    return await require_scopes(SCOPE).dependency(request=request, db_session=db_session)


async def certificate_requester(request: Request, db_session: DbSession) -> Requester:
    principal = await _principal(request, db_session)
    try:
        claims = await identity_claims(db_session, principal.account_id)
    except LookupError as exc:
        raise PermissionDeniedException(detail="The access token's account no longer exists.") from exc
    if claims.status != "active":
        raise PermissionDeniedException(
            detail="This eKey account is not active.", extra={"problem_type": "account-inactive"}
        )
    return Requester(account_id=principal.account_id, cpr=claims.cpr, level=claims.level)


async def certificate_caller(request: Request, db_session: DbSession) -> Caller:
    config: IdentityConfig = request.app.state["identity_config"]
    token = presented_bearer_token(request)
    if token is not None and hmac.compare_digest(token.encode(), config.admin_token.encode()):
        return Caller(is_admin=True, account_id=None)
    principal = await _principal(request, db_session)
    return Caller(is_admin=False, account_id=principal.account_id)
