"""The append-only login audit: every attempt, with a keyed hash of the CPR instead of the CPR itself."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import TYPE_CHECKING

import msgspec
from sqlalchemy import func, insert, select

from identity.accounts.models import LoginAudit
from identity.prepared import Prepared

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.ext.asyncio import AsyncSession

    from identity.config import IdentityConfig


# Built once; the values come as parameters (building an insert().values() per attempt cost measurable CPU).
_INSERT = insert(LoginAudit.__table__)
_COLUMNS = ("occurred_at", "cpr_hash", "client_id", "ip", "step", "outcome", "reason")
_PREPARED_INSERT = Prepared(_INSERT, column_keys=_COLUMNS)  # the sign-in steps' form (``write``)


_keyed: dict[str, hmac.HMAC] = {}


def cpr_hash(config: IdentityConfig, cpr: str) -> str:
    # The keyed HMAC state is built once per secret and copied: keying it per call cost ~0.1 ms per audit row.
    keyed = _keyed.get(config.secret_key)
    if keyed is None:
        keyed = _keyed[config.secret_key] = hmac.new(config.secret_key.encode(), b"bawaba/audit/cpr|", hashlib.sha256)
    digest = keyed.copy()
    digest.update(cpr.encode())
    return digest.hexdigest()[:32]


def _row(
    config: IdentityConfig, *, cpr: str, step: str, reason: str, now: dt.datetime, client_id: str | None, ip: str | None
) -> dict:
    return {
        "occurred_at": now,
        "cpr_hash": cpr_hash(config, cpr),
        "client_id": (client_id or None) and client_id[:64],
        "ip": (ip or None) and ip[:45],
        "step": step,
        "outcome": "success" if reason == "ok" else "failure",
        "reason": reason,
    }


async def record(
    session: AsyncSession,
    config: IdentityConfig,
    *,
    cpr: str,
    step: str,
    reason: str,
    now: dt.datetime,
    client_id: str | None,
    ip: str | None,
) -> None:
    await session.execute(_INSERT, _row(config, cpr=cpr, step=step, reason=reason, now=now, client_id=client_id, ip=ip))


def write(
    conn: Connection,
    config: IdentityConfig,
    *,
    cpr: str,
    step: str,
    reason: str,
    now: dt.datetime,
    client_id: str | None,
    ip: str | None,
) -> None:
    """``record`` on a sync connection (inside ``AsyncSession.run_sync``)."""
    _PREPARED_INSERT.execute(conn, _row(config, cpr=cpr, step=step, reason=reason, now=now, client_id=client_id, ip=ip))


class LoginStatistics(msgspec.Struct, frozen=True, kw_only=True):
    since: dt.datetime
    until: dt.datetime
    # A login = a completed sign-in (password then TOTP), the unit of the iGA report's "successful logins".
    successful_logins: int
    distinct_people: int
    failed_attempts: int
    failures_by_reason: dict[str, int]
    logins_by_client: dict[str, int]


async def login_statistics(session: AsyncSession, since: dt.datetime, until: dt.datetime) -> LoginStatistics:
    table = LoginAudit.__table__
    window = (table.c.occurred_at >= since) & (table.c.occurred_at < until)
    logins = window & (table.c.step == "totp") & (table.c.outcome == "success")
    count, people = (
        await session.execute(select(func.count(), func.count(table.c.cpr_hash.distinct())).where(logins))
    ).one()
    failures = dict(
        (
            await session.execute(
                select(table.c.reason, func.count())
                .where(window & (table.c.outcome == "failure"))
                .group_by(table.c.reason)
            )
        ).all()
    )
    by_client = {
        client or "-": n
        for client, n in (
            await session.execute(select(table.c.client_id, func.count()).where(logins).group_by(table.c.client_id))
        ).all()
    }
    return LoginStatistics(
        since=since,
        until=until,
        successful_logins=count,
        distinct_people=people,
        failed_attempts=sum(failures.values()),
        failures_by_reason=failures,
        logins_by_client=by_client,
    )
