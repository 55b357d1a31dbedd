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

from sqlalchemy import case, or_, update

from identity.accounts.models import EkeyAccount

if TYPE_CHECKING:
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


async def register_failure(
    session: AsyncSession, account_id: UUID, now: dt.datetime, config: IdentityConfig
) -> int | None:
    """Count one failure; returns the lock duration in seconds if this failure locked the account."""
    table = EkeyAccount.__table__
    stale = or_(
        table.c.last_failure_at.is_(None),
        table.c.last_failure_at < now - dt.timedelta(seconds=config.lockout_forget_seconds),
    )
    row = (
        await session.execute(
            update(table)
            .where(table.c.id == account_id)
            .values(
                failed_attempts=case((stale, 1), else_=table.c.failed_attempts + 1),
                lockouts=case((stale, 0), else_=table.c.lockouts),
                last_failure_at=now,
            )
            .returning(table.c.failed_attempts, table.c.lockouts)
        )
    ).one()
    failures, lockouts = row
    if failures < config.lockout_threshold:
        return None
    wait = backoff_seconds(config, lockouts + 1)
    await session.execute(
        update(table)
        .where(table.c.id == account_id)
        .values(failed_attempts=0, lockouts=lockouts + 1, locked_until=now + dt.timedelta(seconds=wait))
    )
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
