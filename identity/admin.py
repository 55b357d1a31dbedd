"""The admin API's guard: a bearer token configured per deployment (BAWABA_ADMIN_TOKEN)."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from litestar.exceptions import NotAuthorizedException

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.handlers.base import BaseRouteHandler

    from identity.config import IdentityConfig


def presented_bearer_token(connection: ASGIConnection) -> str | None:
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def requires_admin(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    config: IdentityConfig = connection.app.state["identity_config"]
    token = presented_bearer_token(connection)
    if token is None or not hmac.compare_digest(token.encode(), config.admin_token.encode()):
        raise NotAuthorizedException(
            detail="The admin API needs 'Authorization: Bearer <admin token>'.",
            headers={"WWW-Authenticate": 'Bearer realm="bawaba-admin"'},
            extra={"problem_type": "admin-token-required"},
        )
