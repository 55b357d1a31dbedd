"""Request and response bodies of the certificates API (msgspec Structs: the wire contract)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from identity.certificates.payload import CertificateClaims

DocType = Literal["id-card-statement", "birth-certificate", "death-certificate"]
Cpr = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{9}$", description="9-digit CPR personal number")]
Verdict = Literal["valid", "revoked", "expired", "invalid_signature", "unknown_key", "malformed"]


class IssueRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    type: DocType
    subject_cpr: Cpr | None = None
    # Printed and signed; bounded so that the QR stays within version 20 at level Q.
    purpose: Annotated[str, msgspec.Meta(min_length=1, max_length=60)] | None = None
    lang: Literal["en", "ar"] = "en"


class CertificateLinks(msgspec.Struct, kw_only=True):
    self: str
    pdf: str
    png: str
    svg: str
    revoke: str
    verify: str


class CertificateRead(msgspec.Struct, kw_only=True):
    id: UUID
    serial: str
    type: DocType
    status: Literal["valid", "revoked"]
    subject_cpr: str
    issued_at: dt.datetime
    expires_at: dt.datetime | None
    qr: str  # the exact text inside the QR code
    qr_version: int
    links: CertificateLinks
    revoked_at: dt.datetime | None = None


class VerifyRequest(msgspec.Struct, forbid_unknown_fields=True):
    qr: Annotated[str, msgspec.Meta(max_length=8192)]


class VerifyResult(msgspec.Struct, kw_only=True, omit_defaults=True):
    status: Literal["valid", "revoked", "expired", "invalid_signature", "unknown_key", "malformed"]
    detail: str
    claims: CertificateClaims | None = None
    kid: str | None = None


class BirthRegistrationStatus(msgspec.Struct, kw_only=True):
    application_no: str
    status: Literal["submitted", "under_review", "documents_required", "approved", "registered", "rejected"]
    status_note_en: str
    status_note_ar: str
    submitted_on: dt.date
    status_changed_on: dt.date
    # Registered: the child's birth certificate can now be requested (POST /api/v1/certificates).
    certificate_available: bool
