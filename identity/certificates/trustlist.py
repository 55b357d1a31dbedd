"""The signed trust list: every certificate signer a verifier should accept, signed by the trust anchor.

Served at /.well-known/bawaba-trust-list as a compact JWS (ES256, typ "bawaba-trust-list+jwt"). The anchor's
public key rides in the JWS header (`jwk`); an offline verifier pins it by its RFC 7638 thumbprint, which
docs/certificates.md publishes, and the CLI prints. Retired signers stay listed so that what they signed keeps
verifying; a signer removed from the list (compromise) makes its documents fail with unknown_key.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

from joserfc import jws
from joserfc.jwk import ECKey, OKPKey

from identity.certificates import cose

TYP = "bawaba-trust-list+jwt"
REFRESH_SECONDS = 86_400  # verifiers refresh daily ...
MAX_AGE_SECONDS = 3 * 86_400  # ... and stop trusting a list older than 72 h (design §5)


class TrustListError(ValueError):
    """The trust list is malformed or its signature does not verify."""


def kid_text(kid: bytes) -> str:
    return base64.b64encode(kid).decode()


def public_jwk(key: cose.PublicKey) -> dict:
    if cose.alg_of(key) == cose.ALG_ED25519:
        return OKPKey.import_key(key).as_dict(private=False)
    return ECKey.import_key(key).as_dict(private=False)


def jwk_to_key(jwk: dict) -> cose.PublicKey:
    imported = OKPKey.import_key(jwk) if jwk.get("kty") == "OKP" else ECKey.import_key(jwk)
    return imported.public_key


def thumbprint(key: cose.PublicKey) -> str:
    jwk = ECKey.import_key(key) if cose.alg_of(key) == cose.ALG_ES256 else OKPKey.import_key(key)
    return jwk.thumbprint()


@dataclass(frozen=True, slots=True)
class TrustedKey:
    kid: bytes
    public_key: cose.PublicKey
    types: frozenset[str]
    not_before: int
    issuing_until: int | None  # None while the key is the current signer

    def covers(self, issued_at: int, doc_type: str, leeway: int) -> bool:
        """The signer was allowed to sign this document type at this time."""
        if doc_type not in self.types or issued_at < self.not_before - leeway:
            return False
        return self.issuing_until is None or issued_at <= self.issuing_until + leeway

    def entry(self) -> dict:
        return {
            "kid": kid_text(self.kid),
            "alg": "ES256" if cose.alg_of(self.public_key) == cose.ALG_ES256 else "Ed25519",
            "jwk": public_jwk(self.public_key),
            "types": sorted(self.types),
            "not_before": self.not_before,
            "issuing_until": self.issuing_until,
            "status": "current" if self.issuing_until is None else "retired",
        }


@dataclass(slots=True)
class TrustStore:
    """Keys by kid (several keys may share one: try them all) plus the anchor that signs lists."""

    signers: dict[bytes, list[TrustedKey]] = field(default_factory=dict)
    anchors: dict[bytes, list[cose.PublicKey]] = field(default_factory=dict)
    issued_at: int = 0

    def add_signer(self, key: TrustedKey) -> None:
        self.signers.setdefault(key.kid, []).append(key)

    def add_anchor(self, key: cose.PublicKey) -> None:
        self.anchors.setdefault(cose.key_id(key), []).append(key)

    def signer_keys(self, kid: bytes) -> list[TrustedKey]:
        return self.signers.get(kid, [])

    def anchor_keys(self, kid: bytes) -> list[cose.PublicKey]:
        return self.anchors.get(kid, [])


def sign_trust_list(issuer: str, signers: list[TrustedKey], anchor: cose.PrivateKey, iat: int, seq: int) -> str:
    anchor_public = anchor.public_key()
    anchor_kid = cose.key_id(anchor_public)
    body = {
        "iss": issuer,
        "iat": iat,
        "next_update": iat + REFRESH_SECONDS,
        "seq": seq,
        "anchor": {"kid": kid_text(anchor_kid), "jwk": public_jwk(anchor_public)},
        "signers": [key.entry() for key in signers],
    }
    header = {"alg": "ES256", "typ": TYP, "kid": kid_text(anchor_kid), "jwk": public_jwk(anchor_public)}
    return jws.serialize_compact(header, json.dumps(body).encode(), ECKey.import_key(anchor), algorithms=["ES256"])


def parse_trust_list(token: str | bytes, pinned_thumbprint: str | None = None) -> tuple[TrustStore, dict]:
    """Verify the trust list against its anchor (pinned by thumbprint when given) and build a TrustStore."""
    token = token.strip() if isinstance(token, bytes) else token.strip().encode()
    try:
        header = json.loads(base64.urlsafe_b64decode(token.split(b".")[0] + b"==="))
        anchor = jwk_to_key(header["jwk"])
    except Exception as exc:
        raise TrustListError("trust list is not a JWS with the anchor key in its header") from exc
    if header.get("typ") != TYP:
        raise TrustListError("not a Bawaba trust list (typ)")
    if pinned_thumbprint is not None and thumbprint(anchor) != pinned_thumbprint:
        raise TrustListError("trust list is signed by an anchor other than the pinned one")
    try:
        body = json.loads(jws.deserialize_compact(token, ECKey.import_key(anchor), algorithms=["ES256"]).payload)
        store = TrustStore(issued_at=int(body["iat"]))
        store.add_anchor(anchor)
        for entry in body["signers"]:
            public_key = jwk_to_key(entry["jwk"])
            if base64.b64decode(entry["kid"]) != cose.key_id(public_key):
                raise TrustListError("a signer's kid is not the hash of its key")
            store.add_signer(
                TrustedKey(
                    kid=cose.key_id(public_key),
                    public_key=public_key,
                    types=frozenset(entry["types"]),
                    not_before=int(entry["not_before"]),
                    issuing_until=None if entry["issuing_until"] is None else int(entry["issuing_until"]),
                )
            )
    except Exception as exc:  # bad signature, missing members, wrong types: all mean "do not trust this file"
        raise TrustListError(f"trust list does not verify or is malformed ({type(exc).__name__})") from exc
    return store, body
