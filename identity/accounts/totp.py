"""TOTP (RFC 6238: SHA-1, 6 digits, 30 s) with one step of drift and a per-account replay guard."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from uuid import UUID

import msgspec
import pyotp
import segno
from pyotp.exceptions import OTPVerificationError
from sqlalchemy import bindparam, or_, update

from identity.accounts.models import EkeyAccount
from identity.prepared import Prepared

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.ext.asyncio import AsyncSession

DIGITS = 6
INTERVAL = 30
DRIFT_STEPS = 1  # accept the previous and next step (network delay, clock drift)


class TotpEnrolment(msgspec.Struct, frozen=True, kw_only=True):
    secret: str
    otpauth_uri: str
    qr_svg: str  # inline SVG of the otpauth URI, for the authenticator app to scan


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits


def enrolment(secret: str, cpr: str, issuer: str) -> TotpEnrolment:
    uri = pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(name=cpr, issuer_name=issuer)
    # segno's SVG output is the cheapest pure-Python QR rendering (performance.md §4).
    return TotpEnrolment(secret=secret, otpauth_uri=uri, qr_svg=segno.make(uri, error="m").svg_inline(scale=4))


def matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step a code belongs to (within the drift window), or None. `now` must be aware UTC."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    try:
        return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).verify_and_get_timecode(
            code, for_time=now, valid_window=DRIFT_STEPS
        )
    except (OTPVerificationError, ValueError):
        return None


_TABLE = EkeyAccount.__table__
# Built once (statement construction per request was a measurable share of a sign-in's CPU).
_ACCEPT_STATEMENT = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("p_id"))
    .where(or_(_TABLE.c.totp_last_step.is_(None), _TABLE.c.totp_last_step < bindparam("p_step")))
    .values(totp_last_step=bindparam("p_step"), updated_at=bindparam("p_now"))
)
_ACCEPT = Prepared(_ACCEPT_STATEMENT)
# The same, for a completed sign-in: the step is taken and the lockout counters reset in one statement.
_ACCEPT_LOGIN = Prepared(
    _ACCEPT_STATEMENT.values(
        failed_attempts=0, lockouts=0, locked_until=None, last_failure_at=None, last_login_at=bindparam("p_now")
    )
)


async def accept_step(
    session: AsyncSession, account_id: UUID, step: int, *, login_at: dt.datetime | None = None
) -> bool:
    """Record `step` as used; False when this or a later step was already accepted (a replay).

    One conditional UPDATE: of two concurrent sign-ins with the same code exactly one matches the row. With
    `login_at`, the same UPDATE also records the completed sign-in (lockout.register_success), so a replay
    changes nothing.
    """
    return await session.run_sync(lambda sync: take_step(sync.connection(), account_id, step, login_at=login_at))


def take_step(conn: Connection, account_id: UUID, step: int, *, login_at: dt.datetime | None = None) -> bool:
    """``accept_step`` on a sync connection (inside ``AsyncSession.run_sync``)."""
    if login_at is None:
        result = _ACCEPT.execute(conn, {"p_id": account_id, "p_step": step, "p_now": dt.datetime.now(dt.UTC)})
    else:
        result = _ACCEPT_LOGIN.execute(conn, {"p_id": account_id, "p_step": step, "p_now": login_at})
    return result.rowcount == 1
