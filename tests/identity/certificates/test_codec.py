"""The wire format, checked against the specs independently of our own decoder, and the QR size budget."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import zlib

import base45
import cbor2
import pytest
import zxingcpp
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from identity.certificates import cose, documents, payload, qr, statuslist, trustlist, verifier
from identity.certificates.keys import SigningKey

NOW = int(time.time())


def signer(kind: str = "es256") -> SigningKey:
    key = ec.generate_private_key(ec.SECP256R1()) if kind == "es256" else ed25519.Ed25519PrivateKey.generate()
    return SigningKey(cose.key_id(key.public_key()), key)


def store_for(*keys: SigningKey, not_before: int = NOW - 3600, types=None) -> trustlist.TrustStore:  # type: ignore[no-untyped-def]
    store = trustlist.TrustStore(issued_at=NOW)
    for key in keys:
        store.add_signer(
            trustlist.TrustedKey(
                key.kid, key.private_key.public_key(), frozenset(types or payload.DOC_TYPES), not_before, None
            )
        )
    return store


def claims(
    doc_type: str = "id-card-statement",
    *,
    name_en: str = "Fatima Ali Al-Mahmood",
    name_ar: str = "فاطمة علي المحمود",
    purpose: str | None = None,
    issued: int = NOW,
) -> payload.CertificateClaims:
    subject = documents.Subject(
        "850101234",
        name_en,
        name_ar,
        "BHR",
        dt.date(1985, 1, 1),
        "123456789",
        dt.date(2031, 1, 1),
        dt.date(2026, 8, 15),
    )
    return documents.build_claims(
        doc_type,
        subject,
        documents.new_serial(doc_type),
        dt.datetime.fromtimestamp(issued, dt.UTC),
        "https://ekey.bawaba.bh/sl/1",
        123_456,
        purpose,
    )


def always_valid(_: payload.CertificateClaims) -> int:
    return statuslist.VALID


def test_cose_sign1_is_spec_exact() -> None:
    key = signer()
    text = documents.sign_claims(claims(), key)
    sign1 = zlib.decompress(base45.b45decode(text.removeprefix("BH1:")))
    tag = cbor2.loads(sign1)
    assert tag.tag == 18 and len(tag.value) == 4
    protected, unprotected, body, signature = tag.value
    assert cbor2.loads(protected) == {1: -7, 4: key.kid} and dict(unprotected) == {}
    assert len(signature) == 64  # raw r || s
    # Verify with cryptography directly over the RFC 9052 Sig_structure: no code of ours in the loop.
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", body])
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    key.private_key.public_key().verify(der, to_be_signed, ec.ECDSA(hashes.SHA256()))
    cwt = cbor2.loads(body)
    assert cwt[1] == "BH" and cwt[4] > cwt[6] and len(cwt[7]) == 8
    assert cwt[65535] == {"status_list": {"idx": 123_456, "uri": "https://ekey.bawaba.bh/sl/1"}}
    assert cwt[-70001]["t"] == "IDCS" and cwt[-70001]["na"] == "فاطمة علي المحمود"


def test_kid_is_first_8_bytes_of_sha256_of_the_key() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert cose.key_id(key.public_key()) == hashlib.sha256(spki).digest()[:8]


def test_ed25519_alg_minus_19_verifies() -> None:
    key = signer("ed25519")
    text = documents.sign_claims(claims(), key)
    assert cbor2.loads(cbor2.loads(zlib.decompress(base45.b45decode(text[4:]))).value[0])[1] == -19
    assert verifier.verify_text(text, store_for(key), always_valid, NOW).status == "valid"


@pytest.mark.parametrize("doc_type", ["id-card-statement", "death-certificate", "birth-certificate"])
def test_worst_case_fits_version_20_at_level_q(doc_type: str) -> None:
    """Long eight-part names in both scripts (65 + 50 characters) and the longest purpose allowed."""
    worst = claims(
        doc_type,
        name_en="Mohammed Abdulrahman Khalifa Abdullah Hassan Ebrahim Al-Dossary",
        name_ar="محمد عبدالرحمن خليفة عبدالله حسن إبراهيم الدوسري",
        purpose="P" * 60,
    )
    assert len(worst.name_en) >= 60 and len(worst.name_ar) >= 45
    text = documents.sign_claims(worst, signer())
    symbol = qr.encode(text)
    assert symbol.version <= 20, (len(text), symbol.version)
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    assert barcode.ec_level == "Q"


def test_signer_must_cover_issue_time_and_type() -> None:
    key = signer()
    early = documents.sign_claims(claims(issued=NOW - 7200), key)  # before the signer's period began
    assert verifier.verify_text(early, store_for(key), always_valid, NOW).status == "invalid_signature"
    death = documents.sign_claims(claims("death-certificate"), key)
    only_statements = store_for(key, types={"id-card-statement"})
    assert verifier.verify_text(death, only_statements, always_valid, NOW).status == "invalid_signature"


def test_kid_collision_tries_every_key() -> None:
    real, other = signer(), signer()
    store = store_for(real)
    store.signers[real.kid].insert(
        0,
        trustlist.TrustedKey(real.kid, other.private_key.public_key(), frozenset(payload.DOC_TYPES), NOW - 3600, None),
    )
    assert verifier.verify_text(documents.sign_claims(claims(), real), store, always_valid, NOW).status == "valid"


def test_malformed_inputs() -> None:
    store = store_for(signer())
    bomb = "BH1:" + base45.b45encode(zlib.compress(b"\0" * 5_000_000)).decode()
    not_sign1 = "BH1:" + base45.b45encode(zlib.compress(cbor2.dumps([1, 2, 3]))).decode()
    bad_alg = cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({1: -35, 4: b"12345678"}), {}, b"", b"x" * 64]))
    for text in (
        "",
        "HC1:ABC",
        "BH1:",
        "BH1:!!!",
        "BH1:" + base45.b45encode(b"\x78\x9c\x01").decode(),
        bomb,
        not_sign1,
        "BH1:" + base45.b45encode(zlib.compress(bad_alg)).decode(),
        "BH1:" + "A" * 5000,
    ):
        assert verifier.verify_text(text, store, always_valid, NOW).status == "malformed", text[:40]


def test_status_list_bit_order_matches_the_draft_example() -> None:
    # draft-ietf-oauth-status-list, 2-bit example: statuses 1,2,0,3,0,1,0,1,1,2,3,3 -> bytes C9 44 F9
    raw = statuslist.pack(12, enumerate([1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]))
    assert raw == bytes.fromhex("c944f9")
    assert [statuslist.status_at(raw, i) for i in range(12)] == [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]
    assert statuslist.status_at(raw, 12) is None


def test_trust_list_signature_and_anchor_pinning() -> None:
    anchor, key = ec.generate_private_key(ec.SECP256R1()), signer()
    entry = trustlist.TrustedKey(key.kid, key.private_key.public_key(), frozenset(payload.DOC_TYPES), NOW, None)
    token = trustlist.sign_trust_list("https://ekey.bawaba.bh", [entry], anchor, NOW, 1)
    store, body = trustlist.parse_trust_list(token, pinned_thumbprint=trustlist.thumbprint(anchor.public_key()))
    assert store.signer_keys(key.kid) and body["signers"][0]["status"] == "current"
    with pytest.raises(trustlist.TrustListError):
        trustlist.parse_trust_list(token, pinned_thumbprint="not-the-anchor")
    head, body_b64, sig = token.split(".")
    forged = body_b64[:-4] + ("AAAA" if body_b64[-4:] != "AAAA" else "BBBB")
    with pytest.raises(trustlist.TrustListError):
        trustlist.parse_trust_list(f"{head}.{forged}.{sig}")


def test_fast_base45_decoder_matches_the_reference_library() -> None:
    import os

    for n in range(0, 200):
        data = os.urandom(n)
        assert payload.b45decode(base45.b45encode(data).decode()) == data
    for bad in ("A", "GGW", "::::", "abc", "AB\u0661", "ÿÿÿ", "0000"):
        with pytest.raises(ValueError):
            payload.b45decode(bad)
