"""Issuance, revocation, status lists and online verification: the rules of life and the database work."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass
from uuid import UUID

import anyio
from advanced_alchemy.mixins.uuid import uuid7
from litestar.exceptions import ClientException, NotFoundException, PermissionDeniedException
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.registry import CitizenRecord, are_relatives, citizen_by_cpr
from identity.certificates import cose, documents, payload, statuslist, verifier
from identity.certificates.keys import KeyRing
from identity.certificates.models import Certificate, CertificateRendering, StatusList
from identity.certificates.payload import CertificateClaims

SLOT_PROBES = 8  # random candidate indices tried per allocation before opening a new list
ISSUE_ATTEMPTS = 4  # a serial or slot taken by a concurrent issuance: draw again
STATUS_LIST_TTL = 900  # seconds a verifier may cache a status list (revocations reach it within 15 min)
STATUS_LIST_MAX_AGE = 86_400  # exp of a status list token: offline verifiers refuse older lists


@dataclass(frozen=True, slots=True)
class Requester:
    account_id: UUID
    cpr: str
    level: str  # "standard" | "advanced"


def problem(status: int, problem_type: str, detail: str) -> ClientException:
    return ClientException(status_code=status, detail=detail, extra={"problem_type": problem_type})


async def ready(session: AsyncSession, ring: KeyRing, *, fresh: bool = True) -> KeyRing:
    """The key ring, loaded (and re-checked against the key table when fresh); a clear 503 if never seeded."""
    try:
        await (ring.ensure_current(session) if fresh else ring.ensure_loaded(session))
    except LookupError as exc:
        raise problem(HTTP_503_SERVICE_UNAVAILABLE, "certificate-keys-missing", str(exc)) from exc
    return ring


def status_list_uri(issuer: str, list_id: int) -> str:
    # Short on purpose: it is inside every QR code.
    return f"{issuer.rstrip('/')}/sl/{list_id}"


def to_subject(record: CitizenRecord) -> documents.Subject:
    return documents.Subject(
        cpr=record.cpr,
        name_en=record.name_en,
        name_ar=record.name_ar,
        nationality=record.nationality,
        birth_date=record.birthdate,
        card_number=record.id_card_number,
        card_expiry=record.id_card_expiry,
        date_of_death=record.deceased_on,
    )


async def resolve_subject(
    session: AsyncSession, requester: Requester, doc_type: str, subject_cpr: str | None, today: dt.date
) -> CitizenRecord:
    """Who the document is about, or a 4xx that says plainly why it cannot be issued."""
    cpr = subject_cpr or requester.cpr
    if doc_type == "id-card-statement":
        if cpr != requester.cpr:
            raise PermissionDeniedException(
                detail="An identity card statement can only be requested by the card holder.",
                extra={"problem_type": "not-card-holder"},
            )
        record = await citizen_by_cpr(session, cpr)
        if record is None:
            raise NotFoundException(detail="Your CPR is not in the population register.")
        if record.deceased:
            raise problem(
                HTTP_409_CONFLICT,
                "subject-deceased",
                f"The register records this person as deceased on "
                f"{record.deceased_on}; no identity card statement can be issued. A relative may request a "
                "death certificate instead.",
            )
        if record.id_card_expiry < today:
            raise problem(
                HTTP_409_CONFLICT,
                "id-card-expired",
                f"Your identity card expired on "
                f"{record.id_card_expiry}. Renew the card first; a statement cannot vouch for an expired card.",
            )
        return record
    if doc_type == "death-certificate" and subject_cpr is None:
        raise problem(400, "subject-required", "A death certificate needs subject_cpr: the deceased person's CPR.")
    # Authorisation before existence, so the answer never reveals whether a stranger's CPR exists.
    allowed = cpr == requester.cpr or requester.level == "advanced" or await are_relatives(session, requester.cpr, cpr)
    if doc_type == "death-certificate" and cpr == requester.cpr:
        allowed = False
    if not allowed:
        raise PermissionDeniedException(
            detail=f"A {doc_type.replace('-', ' ')} for someone else is issued only to a relative or to an Advanced "
            "eKey account.",
            extra={"problem_type": "not-a-relative"},
        )
    record = await citizen_by_cpr(session, cpr)
    if record is None:
        raise NotFoundException(detail="No person with this CPR is in the population register.")
    if doc_type == "death-certificate" and not record.deceased:
        raise problem(
            HTTP_409_CONFLICT,
            "subject-not-deceased",
            "The register does not record this person as deceased; no death certificate can be issued.",
        )
    return record


async def current_list(session: AsyncSession, ring: KeyRing, doc_type: str) -> tuple[int, int] | None:
    """(id, size) of the type's newest status list; remembered per worker (lists change only when one fills)."""
    if doc_type not in ring.status_lists:
        row = (
            await session.execute(
                select(StatusList.id, StatusList.size)
                .where(StatusList.doc_type == doc_type)
                .order_by(StatusList.id.desc())
                .limit(1)
            )
        ).one_or_none()
        if row is None:
            return None
        ring.status_lists[doc_type] = (row[0], row[1])
    return ring.status_lists[doc_type]


async def allocate_slot(session: AsyncSession, ring: KeyRing, doc_type: str, probe: bool) -> tuple[int, int]:
    """A random free index in the type's current status list (random: indices must not leak issue order).

    First attempt: a random index, no query (the unique (list, index) constraint catches the rare clash).
    After a clash: probe candidates against the table, and open the next list if the current one is crowded.
    """
    current = await current_list(session, ring, doc_type)
    if current is not None and not probe:
        return current[0], secrets.randbelow(current[1])
    if current is not None:
        list_id, size = current
        candidates = {secrets.randbelow(size) for _ in range(SLOT_PROBES)}
        taken = set(
            (
                await session.execute(
                    select(Certificate.status_idx).where(
                        Certificate.status_list_id == list_id, Certificate.status_idx.in_(candidates)
                    )
                )
            ).scalars()
        )
        free = sorted(candidates - taken)
        if free:
            return list_id, secrets.choice(free)
    # No list yet, or the current one is crowded (8 probes all taken means > ~60 % full): open the next one.
    ring.status_lists.pop(doc_type, None)
    next_id = ((await session.execute(select(func.max(StatusList.id)))).scalar() or 0) + 1
    now = dt.datetime.now(dt.UTC)
    session.add(StatusList(id=next_id, doc_type=doc_type, size=statuslist.DEFAULT_SIZE, created_at=now))
    await session.flush()
    return next_id, secrets.randbelow(statuslist.DEFAULT_SIZE)


async def issue(
    session: AsyncSession,
    ring: KeyRing,
    issuer: str,
    requester: Requester,
    doc_type: str,
    subject_cpr: str | None,
    purpose: str | None,
    lang: str,
) -> Certificate:
    await ready(session, ring)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    record = await resolve_subject(session, requester, doc_type, subject_cpr, now.date())
    subject = to_subject(record)
    verify_url = f"{issuer.rstrip('/')}/verify"
    for attempt in range(ISSUE_ATTEMPTS):
        list_id, idx = await allocate_slot(session, ring, doc_type, probe=attempt > 0)
        claims = documents.build_claims(
            doc_type, subject, documents.new_serial(doc_type), now, status_list_uri(issuer, list_id), idx, purpose
        )
        signer = ring.signer
        assert signer is not None  # ready() answers 503 otherwise
        rendered = await anyio.to_thread.run_sync(documents.render, claims, signer, verify_url, lang)
        certificate = Certificate(
            id=uuid7(),  # set here so both rows go out in one flush
            serial=claims.serial,
            doc_type=doc_type,
            subject_cpr=subject.cpr,
            owner_account_id=requester.account_id,
            issued_at=now,
            expires_at=None if claims.expires_at is None else dt.datetime.fromtimestamp(claims.expires_at, dt.UTC),
            status_list_id=list_id,
            status_idx=idx,
            status=statuslist.VALID,
            kid=rendered.kid,
            qr_text=rendered.qr_text,
            qr_version=rendered.qr_version,
            lang=lang,
            purpose=purpose,
        )
        session.add(certificate)
        session.add(CertificateRendering(certificate_id=certificate.id, pdf=rendered.pdf))
        try:
            # Committed here, not by the before-send hook: the 201 must only go out once the certificate is
            # durable, and a failed commit must become a clear answer rather than a half-sent response.
            await session.commit()
        except IntegrityError:
            await session.rollback()  # a concurrent issuance took this serial, slot or new list: draw again
            ring.status_lists.pop(doc_type, None)
            continue
        return certificate
    raise problem(HTTP_503_SERVICE_UNAVAILABLE, "issuance-contended", "Could not allocate a serial; try again.")


async def owned_certificate(session: AsyncSession, certificate_id: UUID, account_id: UUID | None) -> Certificate:
    """The certificate, if it exists and (unless account_id is None: admin) belongs to the account."""
    certificate = await session.get(Certificate, certificate_id)
    if certificate is None or (account_id is not None and certificate.owner_account_id != account_id):
        raise NotFoundException(detail="No such certificate among yours.")
    return certificate


async def revoke(session: AsyncSession, certificate: Certificate, by: str) -> Certificate:
    if certificate.status != statuslist.INVALID:
        await session.execute(
            update(Certificate)
            .where(Certificate.id == certificate.id)
            .values(status=statuslist.INVALID, revoked_at=dt.datetime.now(dt.UTC), revoked_by=by)
        )
        await session.commit()  # durable before the answer: a revocation the owner saw must hold
        await session.refresh(certificate)
    return certificate


async def status_list_token(session: AsyncSession, ring: KeyRing, issuer: str, list_id: int, form: str) -> bytes:
    """The signed status list, built from the certificates' rows (the single source of truth)."""
    await ready(session, ring, fresh=False)
    status_list = await session.get(StatusList, list_id)
    if status_list is None:
        raise NotFoundException(detail="No such status list.")
    entries = (
        await session.execute(
            select(Certificate.status_idx, Certificate.status).where(
                Certificate.status_list_id == list_id, Certificate.status != statuslist.VALID
            )
        )
    ).all()
    anchor = ring.anchor
    assert anchor is not None
    iat = int(time.time())
    uri = status_list_uri(issuer, list_id)

    def build() -> bytes:
        raw = statuslist.pack(status_list.size, [(idx, value) for idx, value in entries])
        exp = iat + STATUS_LIST_MAX_AGE
        if form == "cwt":
            return statuslist.sign_cwt(uri, raw, iat, exp, STATUS_LIST_TTL, anchor.private_key, anchor.kid)
        return statuslist.sign_jwt(uri, raw, iat, exp, STATUS_LIST_TTL, anchor.private_key, anchor.kid).encode()

    return await anyio.to_thread.run_sync(build)


def claims_of(text: str) -> CertificateClaims | None:
    """The claims inside one of our own stored codes (no verification: the caller verifies separately)."""
    try:
        return payload.cwt_to_claims(cose.parse_sign1(payload.decode_text(text)).payload)
    except (payload.MalformedPayload, cose.MalformedCose):
        return None


async def verify_online(session: AsyncSession, ring: KeyRing, text: str) -> verifier.Verification:
    await ready(session, ring)  # a withdrawn key stops verifying within a second on every worker
    now = int(time.time())
    result = verifier.authenticate(text, ring.trust, now)
    if result.status == verifier.UNKNOWN_KEY and result.kid and await ring.reload_for_unknown_kid(session, result.kid):
        result = verifier.authenticate(text, ring.trust, now)
    if result.status != verifier.AUTHENTIC or result.claims is None:
        return result
    row = (
        await session.execute(
            select(Certificate.status, Certificate.status_list_id, Certificate.status_idx).where(
                Certificate.serial == result.claims.serial
            )
        )
    ).one_or_none()
    claims = result.claims
    # Signed by us but not in the register (or registered at another slot): never acknowledged, so not valid.
    # The slot is compared by list id, not by full URI, so a change of public base URL invalidates nothing.
    in_register = row is not None and claims.status_list_uri.endswith(f"/sl/{row[1]}") and row[2] == claims.status_idx
    status = row[0] if in_register else statuslist.INVALID
    return verifier.conclude(result, status, now)
