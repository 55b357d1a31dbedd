"""The verification pipeline shared by POST /api/v1/certificates/verify, the /verify page and the offline CLI.

prefix -> base45 -> capped inflate -> strict CBOR -> COSE_Sign1 -> key(s) by kid -> signature -> claims ->
signer allowed for this type at iat -> clock -> status bits. Every failure is a verdict, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from identity.certificates import cose, payload, statuslist
from identity.certificates.payload import CertificateClaims
from identity.certificates.trustlist import TrustStore

VALID = "valid"
REVOKED = "revoked"
EXPIRED = "expired"
INVALID_SIGNATURE = "invalid_signature"
UNKNOWN_KEY = "unknown_key"
MALFORMED = "malformed"
STATUS_UNKNOWN = "status_unknown"  # offline only: no usable status list covers this certificate
LEEWAY_SECONDS = 300  # +-5 min clock tolerance (design §3)

# Returns the certificate's status bits (statuslist.VALID/INVALID/SUSPENDED), or None when unknown.
StatusLookup = Callable[[CertificateClaims], int | None]


@dataclass(frozen=True, slots=True)
class Verification:
    status: str
    detail: str
    claims: CertificateClaims | None = None
    kid: bytes | None = None


AUTHENTIC = "authentic"  # internal: signature and claims check out; the status bits decide the verdict


def authenticate(text: str, trust: TrustStore, now: int) -> Verification:
    """Everything but the status lookup. Returns AUTHENTIC with claims, or a final verdict."""
    try:
        sign1 = cose.parse_sign1(payload.decode_text(text))
    except (payload.MalformedPayload, cose.MalformedCose) as exc:
        return Verification(MALFORMED, str(exc))
    candidates = trust.signer_keys(sign1.kid)
    if not candidates:
        return Verification(UNKNOWN_KEY, "the signing key is not in the trust list", kid=sign1.kid)
    signers = [key for key in candidates if sign1.verify(key.public_key)]
    if not signers:
        return Verification(INVALID_SIGNATURE, "the signature does not match the content", kid=sign1.kid)
    try:
        claims = payload.cwt_to_claims(sign1.payload)
    except payload.MalformedPayload as exc:
        return Verification(MALFORMED, str(exc), kid=sign1.kid)
    if not any(key.covers(claims.issued_at, claims.type, LEEWAY_SECONDS) for key in signers):
        detail = "the signer was not allowed to sign this document type at its issue time"
        return Verification(INVALID_SIGNATURE, detail, claims, sign1.kid)
    if claims.issued_at > now + LEEWAY_SECONDS:
        return Verification(MALFORMED, "issued in the future: check this device's clock", claims, sign1.kid)
    return Verification(AUTHENTIC, "", claims, sign1.kid)


def conclude(verification: Verification, status: int | None, now: int) -> Verification:
    """Turn an AUTHENTIC result into the verdict, given the certificate's status bits (None: unknown)."""
    if verification.status != AUTHENTIC or verification.claims is None:
        return verification
    claims, kid = verification.claims, verification.kid
    expired = claims.expires_at is not None and claims.expires_at < now - LEEWAY_SECONDS
    if status is None:  # without a usable status list only expiry is conclusive; never answer "valid"
        if expired:
            return Verification(EXPIRED, "the certificate has expired", claims, kid)
        return Verification(STATUS_UNKNOWN, "no current status list covers this certificate", claims, kid)
    if status == statuslist.SUSPENDED:
        return Verification(REVOKED, "the certificate is suspended", claims, kid)
    if status != statuslist.VALID:
        return Verification(REVOKED, "the certificate has been revoked", claims, kid)
    if expired:
        return Verification(EXPIRED, "the certificate has expired", claims, kid)
    return Verification(VALID, "authentic, unaltered and not revoked", claims, kid)


def verify_text(text: str, trust: TrustStore, status_of: StatusLookup, now: int) -> Verification:
    verification = authenticate(text, trust, now)
    if verification.status != AUTHENTIC or verification.claims is None:
        return verification
    return conclude(verification, status_of(verification.claims), now)


def status_from_lists(lists: dict[str, statuslist.StatusListToken], now: int, max_age: int) -> StatusLookup:
    """A StatusLookup over downloaded status lists (offline): unknown when the list is missing, expired or stale."""

    def lookup(claims: CertificateClaims) -> int | None:
        token = lists.get(claims.status_list_uri)
        if token is None or (token.expires_at is not None and token.expires_at < now - LEEWAY_SECONDS):
            return None
        if token.issued_at < now - max_age:
            return None
        return token.status(claims.status_idx)

    return lookup
