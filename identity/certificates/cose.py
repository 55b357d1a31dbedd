"""COSE_Sign1 (RFC 9052) built by hand with cbor2 + cryptography.

Why not pycose: 1.1.0 cannot decode any message with cbor2 >= 6 and signs ES256 through the pure-Python
`ecdsa` package (~40x slower). A Sign1 envelope is four CBOR items; this module is the whole of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

ALG_ES256 = -7
ALG_ED25519 = -19  # RFC 9864 fully-specified Ed25519 (not the polymorphic -8 "EdDSA")
SUPPORTED_ALGS = frozenset({ALG_ES256, ALG_ED25519})
HEADER_ALG = 1
HEADER_KID = 4
HEADER_CONTENT_TYPE = 3
HEADER_TYP = 16  # RFC 9596
TAG_SIGN1 = 18
TAG_CWT = 61

PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


class MalformedCose(ValueError):
    """The bytes are not a COSE_Sign1 message this profile accepts."""


def key_id(public_key: PublicKey) -> bytes:
    """kid = the first 8 bytes of SHA-256 over the SubjectPublicKeyInfo DER (the DCC convention, over the key)."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).digest()[:8]


def alg_of(key: PrivateKey | PublicKey) -> int:
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return ALG_ED25519
    if isinstance(key.curve, ec.SECP256R1):
        return ALG_ES256
    raise ValueError("only P-256 and Ed25519 keys are supported")


def strict_loads(data: bytes) -> object:
    """CBOR decode that refuses what a signed document never needs (duplicates, indefinite lengths, deep nesting)."""
    return cbor2.loads(data, allow_duplicate_keys=False, allow_indefinite=False, max_depth=16)


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign1(payload: bytes, private_key: PrivateKey, kid: bytes, extra_protected: dict | None = None) -> bytes:
    alg = alg_of(private_key)
    protected = cbor2.dumps({HEADER_ALG: alg, HEADER_KID: kid, **(extra_protected or {})})
    to_sign = _sig_structure(protected, payload)
    if alg == ALG_ED25519:
        signature = private_key.sign(to_sign)
    else:
        r, s = decode_dss_signature(private_key.sign(to_sign, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")  # COSE wants raw r || s, not DER
    return cbor2.dumps(cbor2.CBORTag(TAG_SIGN1, [protected, {}, payload, signature]))


@dataclass(frozen=True, slots=True)
class Sign1:
    protected: bytes
    headers: dict
    payload: bytes
    signature: bytes

    @property
    def alg(self) -> int:
        return self.headers[HEADER_ALG]

    @property
    def kid(self) -> bytes:
        return self.headers[HEADER_KID]

    def verify(self, public_key: PublicKey) -> bool:
        to_sign = _sig_structure(self.protected, self.payload)
        try:
            if self.alg == ALG_ED25519:
                if not isinstance(public_key, ed25519.Ed25519PublicKey):
                    return False
                public_key.verify(self.signature, to_sign)
            else:
                if not isinstance(public_key, ec.EllipticCurvePublicKey) or len(self.signature) != 64:
                    return False
                der = encode_dss_signature(
                    int.from_bytes(self.signature[:32], "big"), int.from_bytes(self.signature[32:], "big")
                )
                public_key.verify(der, to_sign, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True


def parse_sign1(data: bytes) -> Sign1:
    """Structural checks only: tag 18 (optionally inside CWT tag 61), four items, known alg, 8-byte kid."""
    try:
        item = strict_loads(data)
    except Exception as exc:  # cbor2 raises several types on garbage; all mean "not CBOR we accept"
        raise MalformedCose("not valid CBOR") from exc
    if isinstance(item, cbor2.CBORTag) and item.tag == TAG_CWT:
        item = item.value
    if not (isinstance(item, cbor2.CBORTag) and item.tag == TAG_SIGN1):
        raise MalformedCose("not a COSE_Sign1 (CBOR tag 18)")
    parts = item.value
    if not isinstance(parts, list | tuple) or len(parts) != 4:
        raise MalformedCose("COSE_Sign1 must be an array of four items")
    protected, unprotected, payload, signature = parts
    if not all(isinstance(x, bytes) for x in (protected, payload, signature)) or not isinstance(unprotected, Mapping):
        raise MalformedCose("COSE_Sign1 items have the wrong types")
    try:
        headers = strict_loads(protected) if protected else {}
    except Exception as exc:
        raise MalformedCose("protected header is not valid CBOR") from exc
    if not isinstance(headers, Mapping):
        raise MalformedCose("protected header is not a map")
    # The kid may sit unprotected (HCERT allows it); the signature covers it anyway through the key choice.
    merged = {**unprotected, **headers}
    if merged.get(HEADER_ALG) not in SUPPORTED_ALGS:
        raise MalformedCose("unsupported or missing algorithm")
    kid = merged.get(HEADER_KID)
    if not isinstance(kid, bytes) or len(kid) != 8:
        raise MalformedCose("missing or malformed key id")
    return Sign1(protected=protected, headers=merged, payload=payload, signature=signature)
