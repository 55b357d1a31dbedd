"""Storage of grants, SSO sessions and used assertion ids (Core statements); consents are in ``consents``, rate
counters in ``ratelimit``.

Every hot operation is one statement addressed by primary key; codes and refresh tokens are consumed with a
conditional UPDATE ... RETURNING, so single use holds across workers without locks held in Python.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Update, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc.crypto import sha256_hex
from identity.oidc.models import Grant, SsoSession, UsedJti
from identity.prepared import Prepared
from identity.units import Unit

GRANTS = Grant.__table__
SESSIONS = SsoSession.__table__
JTIS = UsedJti.__table__


# The statements of a login round are built once at import, with bind parameters (names prefixed "p_" so they
# never clash with the automatic ones of VALUES / SET): building them per request was the largest avoidable
# share of a sign-in's CPU. They run as ``Prepared`` statements, on the session's connection and transaction.
_GRANT_COLUMNS = (
    "id", "client_id", "account_id", "sid", "code_hash", "code_expires_at", "redirect_uri", "scope", "nonce",
    "code_challenge", "acr", "amr", "auth_time", "claims", "expires_at", "created_at",
)  # fmt: skip
_INSERT_GRANT = Prepared(insert(GRANTS), column_keys=_GRANT_COLUMNS)
_INSERT_SESSION = Prepared(
    insert(SESSIONS), column_keys=("id_hash", "sid", "account_id", "acr", "auth_time", "expires_at")
)


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@dataclass(frozen=True, slots=True)
class GrantSnapshot:
    """A consumed code or a rotated refresh token: what authlib needs to issue tokens, nothing lazy."""

    grant_id: str
    client_id: str
    account_id: uuid.UUID
    sid: str | None
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str
    acr: str
    amr: tuple[str, ...]
    auth_time: int
    claims: dict
    refresh_token: str | None  # the newly issued refresh token, in clear (only its hash is stored)

    # authlib's AuthorizationCodeMixin / TokenMixin surface
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return list(self.amr)

    def check_client(self, client: object) -> bool:
        return self.client_id == client.get_client_id()  # type: ignore[attr-defined]

    @property
    def code_challenge_method(self) -> str:
        return "S256"


_SNAPSHOT_COLUMNS = (
    GRANTS.c.id, GRANTS.c.client_id, GRANTS.c.account_id, GRANTS.c.sid, GRANTS.c.redirect_uri, GRANTS.c.scope,
    GRANTS.c.nonce, GRANTS.c.code_challenge, GRANTS.c.acr, GRANTS.c.amr, GRANTS.c.auth_time, GRANTS.c.claims,
)  # fmt: skip


def _snapshot(r: Any, refresh_token: str | None) -> GrantSnapshot:
    return GrantSnapshot(
        grant_id=r.id, client_id=r.client_id, account_id=r.account_id, sid=r.sid, redirect_uri=r.redirect_uri,
        scope=r.scope, nonce=r.nonce, code_challenge=r.code_challenge, acr=r.acr, amr=tuple(r.amr),
        auth_time=r.auth_time, claims=r.claims, refresh_token=refresh_token,
    )  # fmt: skip


# Grant ids are random_handle()s: base64url. Anything else is no handle of ours and never reaches the database.
_GRANT_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


def split_handle(value: str | None) -> tuple[str, str] | None:
    """Codes and refresh tokens are '<grant id>.<secret>'."""
    if not value or len(value) > 200:
        return None
    gid, dot, secret = value.partition(".")
    if not dot or not secret or _GRANT_ID.fullmatch(gid) is None:
        return None
    return gid, secret


def insert_grant(conn: Connection, values: dict) -> None:
    _INSERT_GRANT.execute(conn, values)


def _live_grant_update(*conditions: ColumnElement[bool], **values: Any) -> Update:
    """UPDATE of the client's unrevoked grant ``p_gid`` where ``conditions`` hold: codes and refresh tokens are
    consumed, rotated and their replays revoked with one such statement each."""
    return (
        update(GRANTS)
        .where(
            GRANTS.c.id == bindparam("p_gid"),
            GRANTS.c.client_id == bindparam("p_client_id"),
            GRANTS.c.revoked_at.is_(None),
            *conditions,
        )
        .values(**values)
    )


_CODE_MATCHES = GRANTS.c.code_hash == bindparam("p_code_hash")
_CONSUME_CODE = Prepared(
    _live_grant_update(
        _CODE_MATCHES,
        GRANTS.c.code_used_at.is_(None),
        GRANTS.c.code_expires_at > bindparam("p_now"),
        code_used_at=bindparam("p_now"), refresh_hash=bindparam("p_refresh_hash"), expires_at=bindparam("p_exp"),
    ).returning(*_SNAPSHOT_COLUMNS)
)  # fmt: skip
_REVOKE_REPLAYED_CODE = Prepared(
    _live_grant_update(_CODE_MATCHES, GRANTS.c.code_used_at.is_not(None), revoked_at=bindparam("p_now"))
)


def consume_code(
    unit: Unit, code: str, client_id: str, refresh_token: str, refresh_expires: datetime.datetime
) -> GrantSnapshot | None:
    """Mark the code used and attach the first refresh token, in one statement; None when unusable.

    A second presentation of a used code revokes the grant, and with it every token issued from it. That
    revocation is committed at once: the request itself fails and its transaction is rolled back. Runs in the
    token endpoint's greenlet, on the request's unit of work.
    """
    parts = split_handle(code)
    if parts is None:
        return None
    gid, _ = parts
    now = utcnow()
    params = {"p_gid": gid, "p_code_hash": sha256_hex(code), "p_client_id": client_id, "p_now": now}
    conn = unit.connection()
    row = _CONSUME_CODE.execute(
        conn, {**params, "p_refresh_hash": sha256_hex(refresh_token), "p_exp": refresh_expires}
    ).first()
    if row is not None:
        return _snapshot(row, refresh_token)
    if _REVOKE_REPLAYED_CODE.execute(conn, params).rowcount:
        unit.commit()
    return None


_ROTATE_REFRESH = Prepared(
    _live_grant_update(
        GRANTS.c.refresh_hash == bindparam("p_refresh_hash"),
        GRANTS.c.expires_at > bindparam("p_now"),
        refresh_hash=bindparam("p_new_hash"),
    ).returning(*_SNAPSHOT_COLUMNS)
)
_REVOKE_REUSED_REFRESH = Prepared(_live_grant_update(GRANTS.c.refresh_hash.is_not(None), revoked_at=bindparam("p_now")))


def rotate_refresh_token(unit: Unit, presented: str, client_id: str, new_token: str) -> GrantSnapshot | None:
    """Swap the refresh token for a new one atomically; reuse of a rotated-out token revokes the grant."""
    parts = split_handle(presented)
    if parts is None:
        return None
    gid, _ = parts
    params = {"p_gid": gid, "p_client_id": client_id, "p_now": utcnow()}
    conn = unit.connection()
    row = _ROTATE_REFRESH.execute(
        conn, {**params, "p_refresh_hash": sha256_hex(presented), "p_new_hash": sha256_hex(new_token)}
    ).first()
    if row is not None:
        return _snapshot(row, new_token)
    # The grant exists for this client but the token is not its current one: a stolen, rotated-out token.
    if _REVOKE_REUSED_REFRESH.execute(conn, params).rowcount:
        unit.commit()  # the request fails and rolls back; the revocation must stay
    return None


@dataclass(frozen=True, slots=True)
class GrantState:
    grant_id: str
    client_id: str
    account_id: uuid.UUID
    scope: str
    claims: dict
    active: bool
    expires_at: datetime.datetime


_GRANT_STATE = Prepared(
    select(
        GRANTS.c.id, GRANTS.c.client_id, GRANTS.c.account_id, GRANTS.c.scope, GRANTS.c.claims, GRANTS.c.revoked_at,
        GRANTS.c.expires_at,
    ).where(GRANTS.c.id == bindparam("p_gid"))
)  # fmt: skip


def read_grant_state(conn: Connection, gid: str) -> GrantState | None:
    """The grant behind an access token (revoked or expired: not ``active``), on a sync connection."""
    row = _GRANT_STATE.execute(conn, {"p_gid": gid}).first()
    if row is None:
        return None
    return GrantState(
        grant_id=row.id,
        client_id=row.client_id,
        account_id=row.account_id,
        scope=row.scope,
        claims=row.claims,
        active=row.revoked_at is None and row.expires_at > utcnow(),
        expires_at=row.expires_at,
    )


_REVOKE_GRANT = Prepared(
    update(GRANTS)
    .where(GRANTS.c.id == bindparam("p_gid"), GRANTS.c.revoked_at.is_(None))
    .values(revoked_at=bindparam("p_now"))
)
_REFRESH_HASH = Prepared(select(GRANTS.c.refresh_hash).where(GRANTS.c.id == bindparam("p_gid")))


def revoke_grant(unit: Unit, gid: str) -> bool:
    return bool(_REVOKE_GRANT.execute(unit.connection(), {"p_gid": gid, "p_now": utcnow()}).rowcount)


def refresh_token_grant(unit: Unit, token: str) -> GrantState | None:
    parts = split_handle(token)
    if parts is None:
        return None
    conn = unit.connection()
    state = read_grant_state(conn, parts[0])
    if state is None:
        return None
    row = _REFRESH_HASH.execute(conn, {"p_gid": parts[0]}).first()
    return state if row is not None and row.refresh_hash == sha256_hex(token) else None


# --- SSO sessions -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionState:
    id_hash: str
    sid: str
    account_id: uuid.UUID
    acr: str
    auth_time: int


def insert_sso_session(
    conn: Connection, cookie_value: str, sid: str, account_id: uuid.UUID, acr: str, auth_time: int, ttl: int
) -> None:
    """A new SSO session, on a sync connection (the TOTP step's unit of work, or ``AsyncSession.run_sync``)."""
    _INSERT_SESSION.execute(
        conn,
        {
            "id_hash": sha256_hex(cookie_value), "sid": sid, "account_id": account_id, "acr": acr,
            "auth_time": auth_time, "expires_at": utcnow() + datetime.timedelta(seconds=ttl),
        },
    )  # fmt: skip


_LOAD_SSO_SESSION = select(SESSIONS.c.sid, SESSIONS.c.account_id, SESSIONS.c.acr, SESSIONS.c.auth_time).where(
    SESSIONS.c.id_hash == bindparam("p_id_hash"),
    SESSIONS.c.ended_at.is_(None),
    SESSIONS.c.expires_at > bindparam("p_now"),
)


async def load_sso_session(session: AsyncSession, cookie_value: str | None) -> SessionState | None:
    if not cookie_value or len(cookie_value) > 100:
        return None
    id_hash = sha256_hex(cookie_value)
    row = (await session.execute(_LOAD_SSO_SESSION, {"p_id_hash": id_hash, "p_now": utcnow()})).first()
    if row is None:
        return None
    return SessionState(id_hash=id_hash, sid=row.sid, account_id=row.account_id, acr=row.acr, auth_time=row.auth_time)


async def end_sso_session(session: AsyncSession, *, id_hash: str | None = None, sid: str | None = None) -> int:
    """End the session and revoke the grants issued within it (RP-initiated logout)."""
    now = utcnow()
    cond = SESSIONS.c.id_hash == id_hash if id_hash is not None else SESSIONS.c.sid == sid
    rows = (
        await session.execute(
            update(SESSIONS).where(cond, SESSIONS.c.ended_at.is_(None)).values(ended_at=now).returning(SESSIONS.c.sid)
        )
    ).all()
    for row in rows:
        await session.execute(
            update(GRANTS).where(GRANTS.c.sid == row.sid, GRANTS.c.revoked_at.is_(None)).values(revoked_at=now)
        )
    return len(rows)


# --- private_key_jwt replay guard ------------------------------------------------------------------------------


_SWEEP_JTIS = Prepared(delete(JTIS).where(JTIS.c.expires_at < bindparam("p_before")))
_INSERT_JTI = Prepared(
    {
        name: dialect.insert(JTIS)
        .values(key=bindparam("p_key"), expires_at=bindparam("p_exp"))
        .on_conflict_do_nothing()
        for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
    }
)


def use_jti(unit: Unit, client_id: str, jti: str, expires: datetime.datetime) -> bool:
    """True the first time an assertion id is seen for this client; expired ids are swept on the way."""
    conn = unit.connection()
    _SWEEP_JTIS.execute(conn, {"p_before": utcnow() - datetime.timedelta(minutes=5)})
    return bool(_INSERT_JTI.execute(conn, {"p_key": f"{client_id}:{jti}"[:300], "p_exp": expires}).rowcount)
