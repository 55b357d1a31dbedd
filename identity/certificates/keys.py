"""Signer and anchor keys: generated once, sealed in the database, loaded (and cached) by every worker.

A worker re-reads the table every RELOAD_SECONDS, and at once (throttled) when it meets an unknown kid, so
a rotation made by another worker or by `bawaba keys rotate` is picked up without a restart. A worker may
keep signing with the previous signer for up to RELOAD_SECONDS after a rotation; verifiers accept that
because the signer's issuing period ends with a 5-minute leeway (verifier.LEEWAY_SECONDS).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field

import anyio
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from identity.certificates import cose
from identity.certificates.models import CertificateKey
from identity.certificates.payload import DOC_TYPES
from identity.certificates.trustlist import TrustedKey, TrustStore, sign_trust_list

RELOAD_SECONDS = 60.0
CHECK_SECONDS = 1.0  # issuance re-checks the key table at most this often
MISS_RELOAD_SECONDS = 2.0  # an unknown kid triggers a reload at most this often (garbage must not hammer the DB)
SIGNER, ANCHOR = "signer", "anchor"
_AAD = b"bawaba/certificates/private-key"


def _sealing_key(secret_key: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"bawaba/certificates/key-sealing").derive(
        secret_key.encode()
    )
    return AESGCM(key)


def seal(secret_key: str, private_key: cose.PrivateKey) -> bytes:
    der = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    nonce = os.urandom(12)
    return nonce + _sealing_key(secret_key).encrypt(nonce, der, _AAD)


def unseal(secret_key: str, blob: bytes) -> cose.PrivateKey:
    try:
        der = _sealing_key(secret_key).decrypt(blob[:12], blob[12:], _AAD)
    except Exception as exc:  # InvalidTag: the secret changed or the row was tampered with
        raise RuntimeError("a certificate key cannot be unsealed: did BAWABA_SECRET_KEY change?") from exc
    return serialization.load_der_private_key(der, password=None)  # type: ignore[return-value]


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


async def create_key(session: AsyncSession, secret_key: str, purpose: str, now: dt.datetime) -> CertificateKey:
    private_key = ec.generate_private_key(ec.SECP256R1())
    public = private_key.public_key()
    row = CertificateKey(
        kid=cose.key_id(public),
        purpose=purpose,
        alg="ES256",
        public_key=public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo),
        sealed_private_key=seal(secret_key, private_key),
        not_before=now,
    )
    session.add(row)
    await session.flush()
    return row


async def ensure_keys(session: AsyncSession, secret_key: str, now: dt.datetime | None = None) -> int:
    """Create the anchor and a current signer when missing (seed step); returns how many were created."""
    now = now or dt.datetime.now(dt.UTC)
    rows = (await session.execute(select(CertificateKey).where(CertificateKey.withdrawn_at.is_(None)))).scalars().all()
    created = 0
    if not any(r.purpose == ANCHOR for r in rows):
        await create_key(session, secret_key, ANCHOR, now)
        created += 1
    if not any(r.purpose == SIGNER and r.issuing_until is None for r in rows):
        await create_key(session, secret_key, SIGNER, now)
        created += 1
    return created


async def rotate_signer(session: AsyncSession, secret_key: str, now: dt.datetime | None = None) -> CertificateKey:
    """Retire the current signer (it stays in the trust list) and introduce a new one."""
    now = now or dt.datetime.now(dt.UTC)
    await session.execute(
        update(CertificateKey)
        .where(CertificateKey.purpose == SIGNER, CertificateKey.issuing_until.is_(None))
        .values(issuing_until=now, updated_at=now)
    )
    return await create_key(session, secret_key, SIGNER, now)


async def withdraw(session: AsyncSession, secret_key: str, kid: bytes, now: dt.datetime | None = None) -> int:
    """Stop trusting a signer at once (compromise): it leaves the trust list and what it signed fails with
    unknown_key. A withdrawn current signer is replaced first, so issuance never stops. Returns rows withdrawn."""
    now = now or dt.datetime.now(dt.UTC)
    rows = (
        (
            await session.execute(
                select(CertificateKey).where(
                    CertificateKey.kid == kid, CertificateKey.purpose == SIGNER, CertificateKey.withdrawn_at.is_(None)
                )
            )
        )
        .scalars()
        .all()
    )
    if any(row.issuing_until is None for row in rows):
        await rotate_signer(session, secret_key, now)
    for row in rows:
        row.withdrawn_at = now
        row.updated_at = now
    await session.flush()
    return len(rows)


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: bytes
    private_key: cose.PrivateKey


@dataclass
class KeyRing:
    """One per worker (app.state): the decrypted current signer and anchor, the trust store and signed trust list."""

    secret_key: str
    issuer: str
    signer: SigningKey | None = None
    anchor: SigningKey | None = None
    trust: TrustStore = field(default_factory=TrustStore)
    trusted: list[TrustedKey] = field(default_factory=list)
    trust_list: str = ""
    loaded_at: float = 0.0
    fingerprint: tuple = ()
    checked_at: float = 0.0
    status_lists: dict[str, tuple[int, int]] = field(default_factory=dict)  # doc type -> current (id, size)
    last_miss_reload: float = 0.0
    _lock: anyio.Lock = field(default_factory=anyio.Lock)

    async def ensure_loaded(self, session: AsyncSession) -> None:
        if self.signer is not None and time.monotonic() - self.loaded_at < RELOAD_SECONDS:
            return
        async with self._lock:
            if self.signer is None or time.monotonic() - self.loaded_at >= RELOAD_SECONDS:
                await self.load(session)

    async def ensure_current(self, session: AsyncSession) -> None:
        """Reload if any key row changed since the last check (one aggregate query, at most every
        CHECK_SECONDS): issuance signs with the newest signer and the trust list shows a rotation within a
        second, on every worker."""
        if self.signer is not None and time.monotonic() - self.checked_at < CHECK_SECONDS:
            return
        self.checked_at = time.monotonic()
        if self.fingerprint != await _fingerprint(session):
            async with self._lock:
                await self.load(session)
        else:
            await self.ensure_loaded(session)

    async def reload_for_unknown_kid(self, session: AsyncSession, kid: bytes) -> bool:
        """True if a reload made the kid known (a signer introduced by another worker since the last load)."""
        if self.trust.signer_keys(kid) or time.monotonic() - self.last_miss_reload < MISS_RELOAD_SECONDS:
            return bool(self.trust.signer_keys(kid))
        self.last_miss_reload = time.monotonic()
        async with self._lock:
            await self.load(session)
        return bool(self.trust.signer_keys(kid))

    async def load(self, session: AsyncSession) -> None:
        fingerprint = await _fingerprint(session)
        rows = (
            (
                await session.execute(
                    select(CertificateKey)
                    .where(CertificateKey.withdrawn_at.is_(None))
                    .order_by(CertificateKey.not_before)
                )
            )
            .scalars()
            .all()
        )
        trust = TrustStore(issued_at=int(time.time()))
        trusted: list[TrustedKey] = []
        signer = anchor = None
        for row in rows:
            public = serialization.load_der_public_key(row.public_key)
            if row.purpose == ANCHOR:
                trust.add_anchor(public)  # type: ignore[arg-type]
                anchor = SigningKey(row.kid, unseal(self.secret_key, row.sealed_private_key))
                continue
            key = TrustedKey(
                kid=row.kid,
                public_key=public,  # type: ignore[arg-type]
                types=frozenset(DOC_TYPES),
                not_before=int(_utc(row.not_before).timestamp()),
                issuing_until=None if row.issuing_until is None else int(_utc(row.issuing_until).timestamp()),
            )
            trust.add_signer(key)
            trusted.append(key)
            if row.issuing_until is None:  # ordered by not_before: the newest current signer wins on every worker
                signer = SigningKey(row.kid, unseal(self.secret_key, row.sealed_private_key))
        if signer is None or anchor is None:
            raise LookupError("no certificate signer or trust anchor: run `bawaba seed` (or `bawaba keys rotate`)")
        self.signer, self.anchor, self.trust, self.trusted = signer, anchor, trust, trusted
        seq = max(k.issuing_until or k.not_before for k in trusted)
        self.trust_list = sign_trust_list(self.issuer, trusted, anchor.private_key, trust.issued_at, seq)
        self.loaded_at = time.monotonic()
        self.fingerprint = fingerprint


async def _fingerprint(session: AsyncSession) -> tuple:
    row = (
        await session.execute(select(func.count(), func.max(CertificateKey.updated_at)).select_from(CertificateKey))
    ).one()
    return tuple(row)
