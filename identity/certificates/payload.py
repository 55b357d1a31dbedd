"""The QR payload: CWT claims (RFC 8392) -> COSE_Sign1 -> zlib -> base45 (RFC 9285) -> "BH1:" prefix.

This is the EU DCC/HCERT pipeline with Bawaba's prefix and a private claim (-70001) holding short keys, so a
worst-case certificate (long four-part names in both scripts) stays within a version-20 QR at level Q.
Layout and sizes: docs/certificates.md.
"""

from __future__ import annotations

import base64
import struct
import unicodedata
import zlib
from collections.abc import Mapping

import base45
import cbor2
import msgspec

from identity.certificates import cose

PREFIX = "BH1:"
MAX_TEXT = 4096  # a V40-L QR holds 4,296 alphanumerics; anything longer is not ours
MAX_INFLATED = 4096  # zip-bomb guard: a real payload inflates to ~450 bytes

CWT_ISS, CWT_EXP, CWT_IAT, CWT_CTI = 1, 4, 6, 7
CWT_STATUS = 65535  # Token Status List reference claim
CWT_BAWABA = -70001  # private claim: the document itself

DOC_TYPES = {"id-card-statement": "IDCS", "death-certificate": "DC", "birth-certificate": "BC"}
TYPE_NAMES = {code: name for name, code in DOC_TYPES.items()}

# Document claim -> short CBOR key. Order is the wire order.
_SHORT = {
    "cpr": "cpr",
    "name_en": "ne",
    "name_ar": "na",
    "nationality": "nat",
    "birth_date": "dob",
    "card_number": "cn",
    "card_expiry": "ce",
    "purpose": "p",
    "date_of_death": "dod",
}


class MalformedPayload(ValueError):
    """The text or bytes are not a Bawaba QR payload."""


class CertificateClaims(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    type: str
    serial: str
    issuer: str
    issued_at: int
    status_list_uri: str
    status_idx: int
    cpr: str
    name_en: str
    name_ar: str
    nationality: str
    birth_date: str
    expires_at: int | None = None
    card_number: str | None = None
    card_expiry: str | None = None
    purpose: str | None = None
    date_of_death: str | None = None


def serial_from_cti(code: str, cti: bytes) -> str:
    """IDCS-ABCD-EFGH-IJKLM: the type code and 8 random bytes in base32 (random, so serials leak no volume)."""
    b32 = base64.b32encode(cti).decode().rstrip("=")
    return f"{code}-{b32[:4]}-{b32[4:8]}-{b32[8:]}"


def cti_from_serial(serial: str) -> bytes:
    b32 = "".join(serial.split("-")[1:])
    return base64.b32decode(b32 + "=" * (-len(b32) % 8))


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def claims_to_cwt(claims: CertificateClaims) -> bytes:
    doc: dict[str, object] = {"v": 1, "t": DOC_TYPES[claims.type]}
    for field, short in _SHORT.items():
        value = getattr(claims, field)
        if value is not None:
            doc[short] = _nfc(value)
    cwt: dict[int, object] = {CWT_ISS: claims.issuer, CWT_IAT: claims.issued_at}
    if claims.expires_at is not None:
        cwt[CWT_EXP] = claims.expires_at
    cwt[CWT_CTI] = cti_from_serial(claims.serial)
    cwt[CWT_STATUS] = {"status_list": {"idx": claims.status_idx, "uri": claims.status_list_uri}}
    cwt[CWT_BAWABA] = doc
    return cbor2.dumps(cwt)


def _want(value: object, kind: type, what: str) -> object:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise MalformedPayload(f"claim {what} has the wrong type")
    return value


def cwt_to_claims(payload: bytes) -> CertificateClaims:
    try:
        cwt = cose.strict_loads(payload)
    except Exception as exc:
        raise MalformedPayload("claims are not valid CBOR") from exc
    if not isinstance(cwt, Mapping):
        raise MalformedPayload("claims are not a CBOR map")
    doc = cwt.get(CWT_BAWABA)
    status = cwt.get(CWT_STATUS)
    if not isinstance(doc, Mapping) or doc.get("v") != 1 or doc.get("t") not in TYPE_NAMES:
        raise MalformedPayload("not a Bawaba document claim (version 1)")
    if not isinstance(status, Mapping) or not isinstance(status.get("status_list"), Mapping):
        raise MalformedPayload("missing status list reference")
    ref = status["status_list"]
    cti = _want(cwt.get(CWT_CTI), bytes, "cti")
    exp = cwt.get(CWT_EXP)
    values: dict[str, object] = {
        field: _want(doc[short], str, short) for field, short in _SHORT.items() if short in doc
    }
    for required in ("cpr", "name_en", "name_ar", "nationality", "birth_date"):
        if required not in values:
            raise MalformedPayload(f"claim {_SHORT[required]} is missing")
    code = doc["t"]
    return CertificateClaims(
        type=TYPE_NAMES[code],
        serial=serial_from_cti(code, cti),
        issuer=_want(cwt.get(CWT_ISS), str, "iss"),
        issued_at=_want(cwt.get(CWT_IAT), int, "iat"),
        expires_at=None if exp is None else _want(exp, int, "exp"),
        status_list_uri=_want(ref.get("uri"), str, "status uri"),
        status_idx=_want(ref.get("idx"), int, "status idx"),
        **values,
    )


_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_VALUES = {ord(ch): i for i, ch in enumerate(_B45)}


def b45decode(text: str) -> bytes:
    """RFC 9285 base45 decoding, ~8x faster than the `base45` package's loop (the verifier's hottest step)."""
    try:
        values = text.translate(_B45_VALUES).encode("latin-1")
    except UnicodeEncodeError as exc:  # a character outside the alphabet was left untranslated
        raise ValueError("invalid base45") from exc
    if len(values) != len(text) or len(text) % 3 == 1 or any(ch not in _B45_VALUES for ch in map(ord, set(text))):
        raise ValueError("invalid base45")
    full = len(values) - len(values) % 3
    words = [
        a + b * 45 + c * 2025 for a, b, c in zip(values[0:full:3], values[1:full:3], values[2:full:3], strict=True)
    ]
    try:
        out = struct.pack(f">{len(words)}H", *words)  # struct.error when a triple exceeds 0xFFFF
        if full < len(values):
            out += struct.pack(">B", values[full] + values[full + 1] * 45)
    except struct.error as exc:
        raise ValueError("invalid base45") from exc
    return out


def encode_text(sign1: bytes) -> str:
    return PREFIX + base45.b45encode(zlib.compress(sign1, 9)).decode("ascii")


def decode_text(text: str) -> bytes:
    """QR text -> COSE bytes, refusing anything oversized before doing work proportional to it."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise MalformedPayload("not a Bawaba certificate code (too long)")
    # Only line breaks are stripped: a space is a base45 digit and may legitimately end the text.
    text = text.strip("\r\n")
    if not text.startswith(PREFIX):
        raise MalformedPayload(f"not a Bawaba certificate code (expected the prefix {PREFIX})")
    try:
        compressed = b45decode(text[len(PREFIX) :])
    except ValueError as exc:
        raise MalformedPayload("not valid base45") from exc
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(compressed, MAX_INFLATED)
    except zlib.error as exc:
        raise MalformedPayload("not valid zlib data") from exc
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise MalformedPayload("compressed data is truncated, oversized or followed by junk")
    return data
