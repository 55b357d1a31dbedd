"""Tables of the OpenID Connect provider: relying parties, signing keys, SSO sessions, consents, grants, rate limits.

The ORM classes define the schema (and feed Alembic's metadata); the hot paths use Core statements on their
``__table__`` so one hop costs one round trip (performance.md §6).
"""

from __future__ import annotations

import datetime
import uuid

from advanced_alchemy.base import orm_registry
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import JSON, Boolean, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class OidcBase(DeclarativeBase):
    """Plain declarative base on the shared registry: natural keys, no audit columns on hot tables."""

    registry = orm_registry
    __abstract__ = True


class OAuthClient(OidcBase):
    """A registered relying party (government portal or app)."""

    __tablename__ = "oidc_clients"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # SHA-256 of the secret: secrets are 256-bit random strings, so a slow hash would add nothing but CPU.
    secret_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    auth_method: Mapped[str] = mapped_column(String(32))
    redirect_uris: Mapped[list[str]] = mapped_column(JSON)
    post_logout_redirect_uris: Mapped[list[str]] = mapped_column(JSON, default=list)
    jwks_uri: Mapped[str | None] = mapped_column(String(500), nullable=True)
    jwks: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    id_token_alg: Mapped[str] = mapped_column(String(10), default="ES256")
    # Consent is skipped for first-party portals the operator marks as trusted.
    skip_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    subject_type: Mapped[str] = mapped_column(String(16), default="public", server_default="public")
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))


class SigningKey(OidcBase):
    """A provider signing key; the private JWK is sealed with a key derived from BAWABA_SECRET_KEY."""

    __tablename__ = "oidc_signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(String(10))
    sealed_private_jwk: Mapped[bytes] = mapped_column(LargeBinary)
    public_jwk: Mapped[dict] = mapped_column(JSON)
    # active: used for signing; retired: still published in the JWKS so tokens already issued verify.
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))


class SsoSession(OidcBase):
    """The eKey single sign-on session behind the browser cookie (the cookie holds the id, we store its hash)."""

    __tablename__ = "oidc_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Public handle, used as the ID token's `sid` (never the cookie value).
    sid: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[uuid.UUID] = mapped_column(GUID(length=16))
    acr: Mapped[str] = mapped_column(String(100))
    auth_time: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    ended_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)


class Consent(OidcBase):
    """A citizen's recorded approval for one relying party and a set of scopes."""

    __tablename__ = "oidc_consents"

    account_id: Mapped[uuid.UUID] = mapped_column(GUID(length=16), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))


class Grant(OidcBase):
    """One authorization: its code, its refresh token and the identity snapshot both are issued from.

    Codes and refresh tokens are ``<grant id>.<secret>``: every lookup is by primary key, and a replayed code or
    an already-rotated refresh token finds its grant and revokes it (RFC 6749 §4.1.2, RFC 9700 §4.14).
    """

    __tablename__ = "oidc_grants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[uuid.UUID] = mapped_column(GUID(length=16))
    sid: Mapped[str | None] = mapped_column(String(32), nullable=True)
    code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code_expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    code_used_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    redirect_uri: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(Text)
    nonce: Mapped[str | None] = mapped_column(String(512), nullable=True)
    code_challenge: Mapped[str] = mapped_column(String(128))
    acr: Mapped[str] = mapped_column(String(100))
    amr: Mapped[list[str]] = mapped_column(JSON)
    auth_time: Mapped[int] = mapped_column(Integer)
    # Identity claims captured at sign-in; the ID token and userinfo are built from it without another lookup.
    claims: Mapped[dict] = mapped_column(JSON)
    refresh_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))

    __table_args__ = (
        Index("ix_oidc_grants_sid", "sid"),
        Index("ix_oidc_grants_account_client", "account_id", "client_id"),
    )


class UsedJti(OidcBase):
    """`jti` values of accepted private_key_jwt client assertions, kept until the assertion expires."""

    __tablename__ = "oidc_used_jti"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)


class RateCounter(OidcBase):
    """Fixed-window request counters per (endpoint, client IP), shared by every worker."""

    __tablename__ = "oidc_rate_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window: Mapped[int] = mapped_column(Integer)
    hits: Mapped[int] = mapped_column(Integer)
