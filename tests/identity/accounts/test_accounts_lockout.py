"""Lockout after 5 consecutive failures, growing back-off capped at 15 minutes, forgotten after 12 hours."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from identity.accounts.audit import cpr_hash
from identity.accounts.authn import authenticate_password, authenticate_totp
from identity.accounts.models import LoginAudit
from tests.identity.accounts.conftest import code_at, step_start

T0 = dt.datetime(2026, 3, 1, 8, 0, 10, tzinfo=dt.UTC)


async def fail_password(session, config, account, now, times=1):
    outcome = None
    for _ in range(times):
        outcome = await authenticate_password(session, account.cpr, "definitely-wrong", config=config, now=now)
    return outcome


async def test_fifth_failure_locks_for_a_minute(session_maker, config, new_account) -> None:
    account = await new_account()
    async with session_maker() as session:
        fourth = await fail_password(session, config, account, T0, times=4)
        fifth = await fail_password(session, config, account, T0)
        right_but_locked = await authenticate_password(
            session, account.cpr, account.password, config=config, now=T0 + dt.timedelta(seconds=30)
        )
        after = await authenticate_password(
            session, account.cpr, account.password, config=config, now=T0 + dt.timedelta(seconds=61)
        )
    assert fourth.reason == "invalid_credentials"
    assert (fifth.reason, fifth.retry_after) == ("locked", 60)
    assert (right_but_locked.ok, right_but_locked.reason, right_but_locked.retry_after) == (False, "locked", 30)
    assert after.ok


async def test_backoff_grows_a_minute_a_step_up_to_fifteen(session_maker, config, new_account) -> None:
    account = await new_account()
    now = T0
    waits = []
    async with session_maker() as session:
        for _ in range(17):
            outcome = await fail_password(session, config, account, now, times=5)
            waits.append(outcome.retry_after)
            now += dt.timedelta(seconds=outcome.retry_after + 1)
    assert waits[:3] == [60, 120, 180]
    assert waits[14] == 900 and waits[16] == 900  # capped at 15 minutes


async def test_failures_are_forgotten_after_twelve_quiet_hours(session_maker, config, new_account) -> None:
    account = await new_account()
    async with session_maker() as session:
        first_lock = await fail_password(session, config, account, T0, times=5)
        later = T0 + dt.timedelta(minutes=2)
        await fail_password(session, config, account, later, times=4)
        much_later = later + dt.timedelta(hours=12, seconds=1)
        after_quiet = await fail_password(session, config, account, much_later, times=4)
        fresh_lock = await fail_password(session, config, account, much_later)
    assert first_lock.retry_after == 60
    assert after_quiet.reason == "invalid_credentials"  # 4 + 4 failures did not lock: the first 4 were forgotten
    assert fresh_lock.retry_after == 60  # and so was the earlier lockout: back to the first step


async def test_wrong_otps_count_and_a_full_login_resets(session_maker, config, new_account) -> None:
    account = await new_account()
    now = step_start()
    async with session_maker() as session:
        await fail_password(session, config, account, now, times=3)
        ok = await authenticate_password(session, account.cpr, account.password, config=config, now=now)
        assert ok.ok  # a correct password alone does not reset the count...
        wrong_otp = await authenticate_totp(session, account.account_id, "000000", config=config, now=now)
        locked = await authenticate_totp(session, account.account_id, "000001", config=config, now=now)
        assert wrong_otp.reason in ("invalid_code", "replayed") and (locked.reason, locked.retry_after) == (
            "locked",
            60,
        )

        other = await new_account()
        await fail_password(session, config, other, now, times=4)
        await authenticate_password(session, other.cpr, other.password, config=config, now=now)
        done = await authenticate_totp(
            session, other.account_id, code_at(other.totp_secret, now), config=config, now=now
        )
        await session.commit()
        assert done.ok  # ...a completed sign-in does
        after = await fail_password(session, config, other, now, times=4)
    assert after.reason == "invalid_credentials"


async def test_every_attempt_is_audited_without_the_cpr(session_maker, config, new_account) -> None:
    account = await new_account()
    now = step_start()
    async with session_maker() as session:
        await authenticate_password(
            session, account.cpr, "nope-nope", config=config, client_id="portal", ip="10.0.0.7", now=now
        )
        await authenticate_password(
            session, account.cpr, account.password, config=config, client_id="portal", ip="10.0.0.7", now=now
        )
        await authenticate_totp(
            session, account.account_id, code_at(account.totp_secret, now), config=config, client_id="portal", now=now
        )
        await session.commit()
        rows = (
            (
                await session.execute(
                    select(LoginAudit)
                    .where(LoginAudit.cpr_hash == cpr_hash(config, account.cpr))
                    .order_by(LoginAudit.id)
                )
            )
            .scalars()
            .all()
        )
    assert [(r.step, r.outcome, r.reason) for r in rows] == [
        ("password", "failure", "wrong_password"),
        ("password", "success", "ok"),
        ("totp", "success", "ok"),
    ]
    assert rows[0].client_id == "portal" and rows[0].ip == "10.0.0.7"
    assert all(account.cpr not in (r.cpr_hash, r.client_id, r.ip) for r in rows)


async def test_audit_rows_cannot_be_changed_or_deleted(session_maker, config, new_account) -> None:
    account = await new_account()
    async with session_maker() as session:
        await authenticate_password(session, account.cpr, "nope-nope", config=config)
        row_id = await session.scalar(select(LoginAudit.id).where(LoginAudit.cpr_hash == cpr_hash(config, account.cpr)))
    for statement in (
        "UPDATE ekey_login_audit SET reason = 'ok' WHERE id = :id",
        "DELETE FROM ekey_login_audit WHERE id = :id",
    ):
        async with session_maker() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                await session.execute(text(statement), {"id": row_id})
            await session.rollback()


async def test_login_statistics_count_completed_sign_ins(
    client, admin_headers, session_maker, config, new_account
) -> None:
    account = await new_account()
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    async with session_maker() as session:
        await authenticate_password(session, account.cpr, account.password, config=config, client_id="stats-rp")
        await authenticate_totp(
            session,
            account.account_id,
            code_at(account.totp_secret, dt.datetime.now(dt.UTC)),
            config=config,
            client_id="stats-rp",
        )
        await session.commit()
    response = await client.get(
        "/api/admin/ekey/login-stats", params={"since": since.isoformat()}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    stats = response.json()
    assert stats["logins_by_client"]["stats-rp"] == 1
    assert stats["successful_logins"] >= 1
    bad = await client.get("/api/admin/ekey/login-stats", params={"since": "yesterday"}, headers=admin_headers)
    assert bad.status_code == 400
