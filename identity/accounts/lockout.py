"""Lockout: consecutive failures (password or OTP) lock an account with a growing back-off.

Counters live on the account row and change through single UPDATE ... RETURNING statements, so two concurrent
failures cannot both read the old count (PostgreSQL and SQLite alike). Only a completed sign-in (password and TOTP)
resets them: resetting on a correct password alone would let someone holding the password try OTPs forever.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING
from uuid import UUID

from sqlalchemy import bindparam, case, or_, update

from identity.accounts.models import EkeyAccount

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.ext.asyncio import AsyncSession

    from identity.config import IdentityConfig


def retry_after(status: str, locked_until: dt.datetime | None, now: dt.datetime) -> tuple[bool, int | None]:
    """(locked?, seconds to wait). An administrative lock (status "locked") has no end: retry_after is None."""
    if status == "locked":
        return True, None
    if locked_until is not None and locked_until > now:
        return True, max(1, math.ceil((locked_until - now).total_seconds()))
    return False, None


def backoff_seconds(config: IdentityConfig, lockouts: int) -> int:
    return min(config.lockout_step_seconds * lockouts, config.lockout_max_seconds)


_TABLE = EkeyAccount.__table__
# Built once: the failure count is one UPDATE ... RETURNING; "now" and the forgetting horizon are parameters.
# A failure older than the horizon is forgotten: the count starts again.
_STALE = or_(_TABLE.c.last_failure_at.is_(None), _TABLE.c.last_failure_at < bindparam("p_forget"))
_COUNT_FAILURE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("p_id"))
    .values(
        failed_attempts=case((_STALE, 1), else_=_TABLE.c.failed_attempts + 1),
        lockouts=case((_STALE, 0), else_=_TABLE.c.lockouts),
        last_failure_at=bindparam("p_now"),
    )
    .returning(_TABLE.c.failed_attempts, _TABLE.c.lockouts)
)
_LOCK = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("p_id"))
    .values(failed_attempts=0, lockouts=bindparam("p_lockouts"), locked_until=bindparam("p_until"))
)


async def register_failure(
    session: AsyncSession, account_id: UUID, now: dt.datetime, config: IdentityConfig
) -> int | None:
    """Count one failure; returns the lock duration in seconds if this failure locked the account."""
    return await session.run_sync(lambda sync: count_failure(sync.connection(), account_id, now, config))


def count_failure(conn: Connection, account_id: UUID, now: dt.datetime, config: IdentityConfig) -> int | None:
    """``register_failure`` on a sync connection (inside ``AsyncSession.run_sync``)."""
    forget = now - dt.timedelta(seconds=config.lockout_forget_seconds)
    failures, lockouts = conn.execute(_COUNT_FAILURE, {"p_id": account_id, "p_forget": forget, "p_now": now}).one()
    if failures < config.lockout_threshold:
        return None
    wait = backoff_seconds(config, lockouts + 1)
    conn.execute(_LOCK, {"p_id": account_id, "p_lockouts": lockouts + 1, "p_until": now + dt.timedelta(seconds=wait)})
    return wait


async def register_success(session: AsyncSession, account_id: UUID, now: dt.datetime) -> None:
    table = EkeyAccount.__table__
    await session.execute(
        update(table)
        .where(table.c.id == account_id)
        .values(failed_attempts=0, lockouts=0, locked_until=None, last_failure_at=None, last_login_at=now)
    )


async def clear(session: AsyncSession, account_id: UUID) -> None:
    """Forget failures and any back-off (admin unlock, completed password reset)."""
    table = EkeyAccount.__table__
    await session.execute(
        update(table)
        .where(table.c.id == account_id)
        .values(failed_attempts=0, lockouts=0, locked_until=None, last_failure_at=None)
    )
