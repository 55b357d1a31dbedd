"""IETF Token Status List (draft-ietf-oauth-status-list): 2 bits per certificate, zlib, signed as CWT or JWT.

Index 0 sits in the least significant bits of byte 0 (the draft's bit order). Status values: 0 VALID,
1 INVALID (revoked), 2 SUSPENDED. The list is signed by the trust anchor, whose key the trust list carries,
so an offline verifier needs only the trust list to check it.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import cbor2
from joserfc import jws
from joserfc.jwk import ECKey

from identity.certificates import cose

VALID, INVALID, SUSPENDED = 0, 1, 2
BITS = 2
DEFAULT_SIZE = 1 << 20  # >= 2^20 entries: random indices hide issue order and volume (herd privacy)
MAX_LIST_BYTES = 1 << 24  # a verifier refuses to inflate more than 16 MiB

CWT_SUB, CWT_EXP, CWT_IAT, CWT_TTL, CWT_STATUS_LIST = 2, 4, 6, 65534, 65533
CWT_TYP = "application/statuslist+cwt"
JWT_TYP = "statuslist+jwt"


class StatusListError(ValueError):
    """The status list token is malformed, wrongly signed or unusable."""


def pack(size: int, entries: Iterable[tuple[int, int]], bits: int = BITS) -> bytes:
    """Raw list bytes with each (index, status) set; everything else VALID."""
    raw = bytearray(size * bits // 8)
    per_byte = 8 // bits
    for idx, value in entries:
        byte, slot = divmod(idx, per_byte)
        raw[byte] |= (value & ((1 << bits) - 1)) << (slot * bits)
    return bytes(raw)


def status_at(raw: bytes, idx: int, bits: int = BITS) -> int | None:
    """The status at idx, or None when the index lies outside the list."""
    per_byte = 8 // bits
    byte, slot = divmod(idx, per_byte)
    if idx < 0 or byte >= len(raw):
        return None
    return (raw[byte] >> (slot * bits)) & ((1 << bits) - 1)


@dataclass(frozen=True, slots=True)
class StatusListToken:
    uri: str
    issued_at: int
    expires_at: int | None
    ttl: int | None
    bits: int
    raw: bytes

    def status(self, idx: int) -> int | None:
        return status_at(self.raw, idx, self.bits)


def sign_cwt(uri: str, raw: bytes, iat: int, exp: int, ttl: int, key: cose.PrivateKey, kid: bytes) -> bytes:
    claims = {
        CWT_SUB: uri,
        CWT_IAT: iat,
        CWT_EXP: exp,
        CWT_TTL: ttl,
        CWT_STATUS_LIST: {"bits": BITS, "lst": zlib.compress(raw, 9)},
    }
    return cose.sign1(cbor2.dumps(claims), key, kid, {cose.HEADER_TYP: CWT_TYP})


def sign_jwt(uri: str, raw: bytes, iat: int, exp: int, ttl: int, key: cose.PrivateKey, kid: bytes) -> str:
    lst = base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode()
    claims = {"sub": uri, "iat": iat, "exp": exp, "ttl": ttl, "status_list": {"bits": BITS, "lst": lst}}
    header = {"alg": "ES256", "typ": JWT_TYP, "kid": base64.b64encode(kid).decode()}
    return jws.serialize_compact(header, json.dumps(claims).encode(), ECKey.import_key(key), algorithms=["ES256"])


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(data, MAX_LIST_BYTES)
    except zlib.error as exc:
        raise StatusListError("status list is not valid zlib data") from exc
    if inflater.unconsumed_tail or not inflater.eof:
        raise StatusListError("status list is truncated or larger than 16 MiB")
    return raw


def _build(uri: object, iat: object, exp: object, ttl: object, sl: object, lst: bytes | None) -> StatusListToken:
    if not isinstance(uri, str) or not isinstance(iat, int) or not isinstance(sl, Mapping) or lst is None:
        raise StatusListError("status list claims are incomplete")
    bits = sl.get("bits")
    if bits not in (1, 2, 4, 8):
        raise StatusListError("status list bits must be 1, 2, 4 or 8")
    return StatusListToken(
        uri=uri,
        issued_at=iat,
        expires_at=exp if isinstance(exp, int) else None,
        ttl=ttl if isinstance(ttl, int) else None,
        bits=bits,
        raw=_inflate(lst),
    )


KeyLookup = Callable[[bytes], list[cose.PublicKey]]


def parse_token(data: bytes, keys_for: KeyLookup) -> StatusListToken:
    """Verify and decode a status list token in either form (a JWT starts with "ey", a CWT is binary CBOR)."""
    if data[:2] == b"ey":
        return _parse_jwt(data.strip(), keys_for)
    try:
        sign1 = cose.parse_sign1(data)
    except cose.MalformedCose as exc:
        raise StatusListError(f"status list token: {exc}") from exc
    if sign1.headers.get(cose.HEADER_TYP) != CWT_TYP:
        raise StatusListError("not a status list CWT (typ)")
    if not any(sign1.verify(key) for key in keys_for(sign1.kid)):
        raise StatusListError("status list signature does not verify against the trust anchor")
    try:
        claims = cose.strict_loads(sign1.payload)
    except Exception as exc:
        raise StatusListError("status list claims are not valid CBOR") from exc
    if not isinstance(claims, Mapping):
        raise StatusListError("status list claims are not a map")
    sl = claims.get(CWT_STATUS_LIST)
    lst = sl.get("lst") if isinstance(sl, Mapping) and isinstance(sl.get("lst"), bytes) else None
    return _build(claims.get(CWT_SUB), claims.get(CWT_IAT), claims.get(CWT_EXP), claims.get(CWT_TTL), sl, lst)


def _parse_jwt(data: bytes, keys_for: KeyLookup) -> StatusListToken:
    try:
        header = json.loads(base64.urlsafe_b64decode(data.split(b".")[0] + b"==="))
        kid = base64.b64decode(header["kid"])
    except Exception as exc:
        raise StatusListError("status list JWT header is malformed") from exc
    if header.get("typ") != JWT_TYP:
        raise StatusListError("not a status list JWT (typ)")
    for key in keys_for(kid):
        try:
            claims = json.loads(jws.deserialize_compact(data, ECKey.import_key(key), algorithms=["ES256"]).payload)
            break
        except Exception:  # joserfc raises BadSignatureError and friends; try the next key with this kid
            continue
    else:
        raise StatusListError("status list signature does not verify against the trust anchor")
    sl = claims.get("status_list")
    lst = None
    if isinstance(sl, Mapping) and isinstance(sl.get("lst"), str):
        try:
            lst = base64.urlsafe_b64decode(sl["lst"] + "=" * (-len(sl["lst"]) % 4))
        except ValueError as exc:
            raise StatusListError("status list lst is not base64url") from exc
    return _build(claims.get("sub"), claims.get("iat"), claims.get("exp"), claims.get("ttl"), sl, lst)
