"""Tables of the accounts area (Alembic branch `accounts`).

The citizen registry and the eKey account are separate tables sharing one primary key: the registry holds who a
person is (CPR, names, card, family links), the account how they sign in. One UUID per person keeps the 768 K-row
population seed to a single id per row pair.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from advanced_alchemy.base import (
    AdvancedDeclarativeBase,
    CommonTableAttributes,
    UUIDv7AuditBase,
    UUIDv7Base,
)
from advanced_alchemy.mixins import AuditColumns
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import Mapped, mapped_column


class Citizen(UUIDv7AuditBase):
    """A person in the (synthetic) population register, keyed by the 9-digit CPR personal number."""

    __tablename__ = "citizens"

    cpr: Mapped[str] = mapped_column(String(9), unique=True)
    given_name_en: Mapped[str] = mapped_column(String(64))
    middle_name_en: Mapped[str] = mapped_column(String(64), default="")
    family_name_en: Mapped[str] = mapped_column(String(64))
    given_name_ar: Mapped[str] = mapped_column(String(64))
    middle_name_ar: Mapped[str] = mapped_column(String(64), default="")
    family_name_ar: Mapped[str] = mapped_column(String(64))
    birthdate: Mapped[dt.date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(1))  # "M" | "F"
    nationality: Mapped[str] = mapped_column(String(3))  # ISO 3166-1 alpha-3, "BHR" for Bahrainis
    governorate: Mapped[str] = mapped_column(String(16))  # capital | muharraq | northern | southern
    block: Mapped[str] = mapped_column(String(4))
    road: Mapped[str] = mapped_column(String(5))
    building: Mapped[str] = mapped_column(String(5))
    mobile: Mapped[str] = mapped_column(String(16))  # where the simulated SMS codes "go"
    id_card_number: Mapped[str] = mapped_column(String(12))
    id_card_expiry: Mapped[dt.date] = mapped_column(Date)
    deceased_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # Family links by CPR (not foreign keys: a parent may be outside the simulated register).
    father_cpr: Mapped[str | None] = mapped_column(String(9), default=None)
    mother_cpr: Mapped[str | None] = mapped_column(String(9), default=None)
    spouse_cpr: Mapped[str | None] = mapped_column(String(9), default=None)
    # Commercial registration of a business owner (sole proprietor), if any.
    cr_number: Mapped[str | None] = mapped_column(String(16), default=None)
    # "population" (bawaba seed --citizens), "persona" (dev personas) or "created" (CLI, admin, /dev/personas).
    origin: Mapped[str] = mapped_column(String(12), default="created")


class EkeyAccount(CommonTableAttributes, AuditColumns, AdvancedDeclarativeBase, AsyncAttrs):
    """The eKey credential of a citizen. `id` is the citizen's id."""

    __tablename__ = "ekey_accounts"

    id: Mapped[UUID] = mapped_column(GUID, ForeignKey("citizens.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), default="standard")  # standard | advanced
    status: Mapped[str] = mapped_column(String(20), default="active")  # pending_activation | active | locked | disabled
    # NULL: a synthetic population account whose password is derived from the server secret and the CPR
    # (population.derived_credentials); replaced by an argon2id hash at the first successful login.
    password_hash: Mapped[str | None] = mapped_column(String(160), default=None)
    # NULL: the TOTP secret is derived from the server secret and the CPR (synthetic accounts).
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    # Last accepted TOTP time step: a code is accepted only for a strictly later step (RFC 6238 §5.2).
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, default=None)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class LoginAudit(CommonTableAttributes, AdvancedDeclarativeBase):
    """Append-only record of every sign-in attempt (UPDATE and DELETE are refused by triggers)."""

    __tablename__ = "ekey_login_audit"
    __table_args__ = (Index("ix_ekey_login_audit_occurred_at", "occurred_at"),)

    # BIGSERIAL on PostgreSQL, the rowid on SQLite: no separate sequence object to migrate.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)

    occurred_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    # HMAC-SHA256(server secret, CPR), hex, truncated: links attempts on one person without storing the CPR.
    cpr_hash: Mapped[str] = mapped_column(String(32))
    client_id: Mapped[str | None] = mapped_column(String(64), default=None)
    ip: Mapped[str | None] = mapped_column(String(45), default=None)
    step: Mapped[str] = mapped_column(String(12))  # password | totp | activation | reset
    outcome: Mapped[str] = mapped_column(String(8))  # success | failure
    reason: Mapped[str] = mapped_column(String(24))


class AccountChallenge(UUIDv7Base):
    """A one-time SMS code for activation or password reset (the SMS itself is simulated)."""

    __tablename__ = "ekey_challenges"

    purpose: Mapped[str] = mapped_column(String(12))  # activation | reset
    # NULL when the CPR and card number matched nobody: the challenge exists so the answer looks the same.
    account_id: Mapped[UUID | None] = mapped_column(GUID, ForeignKey("ekey_accounts.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    consumed_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    # The code in clear, kept only in the dev profile for the simulated SMS outbox (GET /dev/sms).
    dev_message: Mapped[str | None] = mapped_column(String(200), default=None)
    mobile_hint: Mapped[str | None] = mapped_column(String(16), default=None)
