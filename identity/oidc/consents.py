"""Consents: which scopes an account approved for a client (asked once per client, again for new scopes)."""

from __future__ import annotations

import uuid

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc.models import Consent
from identity.oidc.store import utcnow
from identity.prepared import Prepared

CONSENTS = Consent.__table__

_CONSENT_SCOPE = Prepared(
    select(CONSENTS.c.scope).where(
        CONSENTS.c.account_id == bindparam("p_account_id"), CONSENTS.c.client_id == bindparam("p_client_id")
    )
)


def _consent_upsert(dialect_insert):  # type: ignore[no-untyped-def]
    """One statement records the approval, replacing an earlier one for the same client (was DELETE + INSERT)."""
    ins = dialect_insert(CONSENTS)
    return ins.on_conflict_do_update(
        index_elements=[CONSENTS.c.account_id, CONSENTS.c.client_id],
        set_={"scope": ins.excluded.scope, "created_at": ins.excluded.created_at},
    )


_CONSENT_UPSERT = Prepared(
    {"postgresql": _consent_upsert(postgresql.insert), "sqlite": _consent_upsert(sqlite.insert)},
    column_keys=("account_id", "client_id", "scope", "created_at"),
)


async def has_consent(session: AsyncSession, account_id: uuid.UUID, client_id: str, scope: str) -> bool:
    return await session.run_sync(lambda sync: consent_covers(sync.connection(), account_id, client_id, scope))


def consent_covers(conn: Connection, account_id: uuid.UUID, client_id: str, scope: str) -> bool:
    """``has_consent`` on a sync connection (the TOTP step's unit of work, or ``AsyncSession.run_sync``)."""
    row = _CONSENT_SCOPE.execute(conn, {"p_account_id": account_id, "p_client_id": client_id}).first()
    return row is not None and set(scope.split()) <= set(row.scope.split())


async def save_consent(session: AsyncSession, account_id: uuid.UUID, client_id: str, scope: str) -> None:
    values = {"account_id": account_id, "client_id": client_id, "scope": scope, "created_at": utcnow()}
    await session.run_sync(lambda sync: _CONSENT_UPSERT.execute(sync.connection(), values))
