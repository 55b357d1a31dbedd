"""From a register record to signed, rendered documents. Pure and synchronous: runs in a worker thread."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from identity.certificates import cose, payload, qr
from identity.certificates.keys import SigningKey
from identity.certificates.payload import DOC_TYPES, CertificateClaims

ISSUER_CLAIM = "BH"  # CWT iss: the country code, as HCERT does; the signer key says which authority signed
ID_STATEMENT_DAYS = 90  # short validity plus the status list (design §1)


@dataclass(frozen=True, slots=True)
class Subject:
    """What a certificate says about its subject (filled from the citizen register)."""

    cpr: str
    name_en: str
    name_ar: str
    nationality: str
    birth_date: dt.date
    card_number: str
    card_expiry: dt.date
    date_of_death: dt.date | None


@dataclass(frozen=True, slots=True)
class Rendered:
    claims: CertificateClaims
    kid: bytes
    qr_text: str
    qr_version: int
    pdf: bytes


def new_serial(doc_type: str) -> str:
    return payload.serial_from_cti(DOC_TYPES[doc_type], secrets.token_bytes(8))


def expiry(doc_type: str, subject: Subject, now: dt.datetime) -> dt.datetime | None:
    """ID statements: 90 days, never past the card's own expiry. Birth and death certificates do not expire."""
    if doc_type != "id-card-statement":
        return None
    card_end = dt.datetime.combine(subject.card_expiry, dt.time(23, 59, 59), dt.UTC)
    return min(now + dt.timedelta(days=ID_STATEMENT_DAYS), card_end)


def build_claims(
    doc_type: str,
    subject: Subject,
    serial: str,
    now: dt.datetime,
    status_uri: str,
    status_idx: int,
    purpose: str | None,
) -> CertificateClaims:
    expires = expiry(doc_type, subject, now)
    is_statement = doc_type == "id-card-statement"
    return CertificateClaims(
        type=doc_type,
        serial=serial,
        issuer=ISSUER_CLAIM,
        issued_at=int(now.timestamp()),
        expires_at=None if expires is None else int(expires.timestamp()),
        status_list_uri=status_uri,
        status_idx=status_idx,
        cpr=subject.cpr,
        name_en=subject.name_en,
        name_ar=subject.name_ar,
        nationality=subject.nationality,
        birth_date=subject.birth_date.isoformat(),
        card_number=subject.card_number if is_statement else None,
        card_expiry=subject.card_expiry.isoformat() if is_statement else None,
        purpose=purpose or None,
        date_of_death=subject.date_of_death.isoformat()
        if doc_type == "death-certificate" and subject.date_of_death
        else None,
    )


def sign_claims(claims: CertificateClaims, signer: SigningKey) -> str:
    return payload.encode_text(cose.sign1(payload.claims_to_cwt(claims), signer.private_key, signer.kid))


def render(claims: CertificateClaims, signer: SigningKey, verify_url: str, lang: str) -> Rendered:
    """Sign, encode, draw the QR and the PDF: the CPU-heavy part of issuance, done once and stored."""
    # reportlab, the Arabic shaper and the fonts load on the first issuance (in the worker thread that runs this),
    # not at server start: ~30 ms of a start with compiled bytecode, ~0.35 s without.
    from identity.certificates import pdf

    text = sign_claims(claims, signer)
    symbol = qr.encode(text)
    return Rendered(
        claims=claims,
        kid=signer.kid,
        qr_text=text,
        qr_version=symbol.version,
        pdf=pdf.render_pdf(claims, symbol, verify_url, lang),
    )
