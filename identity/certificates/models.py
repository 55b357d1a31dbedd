"""Tables of the certificates area (Alembic branch `certificates`)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from advanced_alchemy.base import AdvancedDeclarativeBase, CommonTableAttributes, UUIDv7AuditBase
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import Mapped, mapped_column


class _Base(CommonTableAttributes, AdvancedDeclarativeBase, AsyncAttrs):
    """Shared metadata, own primary key (not a generated UUID)."""

    __abstract__ = True


class CertificateKey(UUIDv7AuditBase):
    """A document signer (purpose "signer") or the trust anchor that signs trust and status lists ("anchor").

    Shared by every worker through the database; the private key is AES-GCM sealed with a key derived from
    BAWABA_SECRET_KEY, never regenerated per process.
    """

    __tablename__ = "certificate_keys"

    kid: Mapped[bytes] = mapped_column(LargeBinary(8), index=True)
    purpose: Mapped[str] = mapped_column(String(8))  # signer | anchor
    alg: Mapped[str] = mapped_column(String(8), default="ES256")
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # SubjectPublicKeyInfo DER
    sealed_private_key: Mapped[bytes] = mapped_column(LargeBinary)  # nonce || AES-GCM(PKCS#8 DER)
    not_before: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    # Set when a newer signer takes over: the key stays in the trust list so what it signed keeps verifying.
    issuing_until: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    # Set when the key must no longer be trusted at all (compromise): dropped from the trust list.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class StatusList(_Base):
    """One Token Status List: 2 bits per certificate; the bits are derived from the certificates' rows."""

    __tablename__ = "certificate_status_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    doc_type: Mapped[str] = mapped_column(String(24))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))


class Certificate(UUIDv7AuditBase):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("status_list_id", "status_idx", name="uq_certificates_status_slot"),)

    serial: Mapped[str] = mapped_column(String(32), unique=True)
    doc_type: Mapped[str] = mapped_column(String(24))
    subject_cpr: Mapped[str] = mapped_column(String(9), index=True)
    # The eKey account that asked for it (the owner who may revoke it). No foreign key: separate branch.
    owner_account_id: Mapped[UUID] = mapped_column(GUID, index=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    status_list_id: Mapped[int] = mapped_column(ForeignKey("certificate_status_lists.id"))
    status_idx: Mapped[int] = mapped_column(Integer)
    status: Mapped[int] = mapped_column(SmallInteger, default=0)  # 0 valid, 1 revoked, 2 suspended
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    revoked_by: Mapped[str | None] = mapped_column(String(64), default=None)  # "owner" | "admin"
    kid: Mapped[bytes] = mapped_column(LargeBinary(8))
    qr_text: Mapped[str] = mapped_column(Text)
    qr_version: Mapped[int] = mapped_column(SmallInteger)
    lang: Mapped[str] = mapped_column(String(2), default="en")
    purpose: Mapped[str | None] = mapped_column(String(80), default=None)


class CertificateRendering(_Base):
    """The PDF made once at issuance, kept out of the hot certificates table. The QR alone (PNG, SVG) is
    redrawn from `qr_text` on request: it is deterministic and costs ~6 ms, so issuance does not pay for it."""

    __tablename__ = "certificate_renderings"

    certificate_id: Mapped[UUID] = mapped_column(
        GUID, ForeignKey("certificates.id", ondelete="CASCADE"), primary_key=True
    )
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class BirthRegistration(UUIDv7AuditBase):
    """A birth registration application and where it stands (the status inquiry e-service)."""

    __tablename__ = "birth_registrations"

    application_no: Mapped[str] = mapped_column(String(20), unique=True)
    child_name_en: Mapped[str] = mapped_column(String(128))
    child_name_ar: Mapped[str] = mapped_column(String(128))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(1))
    place_of_birth_en: Mapped[str] = mapped_column(String(128))
    place_of_birth_ar: Mapped[str] = mapped_column(String(128))
    mother_cpr: Mapped[str | None] = mapped_column(String(9), index=True, default=None)
    father_cpr: Mapped[str | None] = mapped_column(String(9), index=True, default=None)
    # submitted | under_review | documents_required | approved | registered | rejected
    status: Mapped[str] = mapped_column(String(24))
    status_note_en: Mapped[str] = mapped_column(String(255), default="")
    status_note_ar: Mapped[str] = mapped_column(String(255), default="")
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    status_changed_on: Mapped[dt.date] = mapped_column(Date)
    child_cpr: Mapped[str | None] = mapped_column(String(9), default=None)  # once registered
