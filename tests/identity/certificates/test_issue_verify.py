"""Issue over HTTP, render, rasterize, decode with zxing-cpp, verify: and every way it must fail."""

from __future__ import annotations

import zlib

import base45
import pypdfium2
from cryptography.hazmat.primitives.asymmetric import ec

from identity.certificates import cose, documents, payload
from identity.certificates.keys import SigningKey
from identity.certificates.pdf import shape_arabic
from tests.identity.certificates.conftest import bearer, decode_qr_image, png_image

API = "/api/v1/certificates"
ARABIC_PRESENTATION_FORMS = range(0xFE70, 0xFF00)


async def verify(client, text: str) -> dict:  # type: ignore[no-untyped-def]
    response = await client.post(f"{API}/verify", json={"qr": text})
    assert response.status_code < 500, response.text
    return response.json()


async def issue_statement(client, token_for, make_person, **person) -> tuple[dict, str]:  # type: ignore[no-untyped-def]
    holder = await make_person(**person)
    token = await token_for(holder)
    response = await client.post(API, json={"type": "id-card-statement", "purpose": "Opening a bank account"},
                                 headers=bearer(token))  # fmt: skip
    assert response.status_code == 201, response.text
    return response.json(), token


async def test_issue_render_rasterize_decode_verify(client, token_for, make_person) -> None:
    body, token = await issue_statement(client, token_for, make_person, long_names=True)
    assert body["type"] == "id-card-statement" and body["serial"].startswith("IDCS-")
    assert body["qr"].startswith("BH1:") and body["qr_version"] <= 20
    assert body["links"]["pdf"].endswith("/pdf")

    pdf = await client.get(f"{API}/{body['id']}/pdf", headers=bearer(token))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(pdf.content)
    page = document[0]
    width, height = page.get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = page.get_textpage().get_text_range()
    assert "Identity Card Statement" in text and body["serial"] in text
    # Right-to-left words come back intact (letters in logical order: bidi applied), and the drawn glyphs are
    # the joined presentation forms (shaping applied; pdfium maps them back to base letters when extracting).
    assert all(word in text for word in ("الدوسري", "عبدالرحمن", "إفادة", "الهوية"))
    assert any(ord(ch) in ARABIC_PRESENTATION_FORMS for ch in shape_arabic("إفادة بطاقة الهوية"))

    dpi = 150
    raster = page.render(scale=dpi / 72).to_pil()
    found = [r for r in __import__("zxingcpp").read_barcodes(raster) if r.text.startswith("BH1:")]
    assert [r.text for r in found] == [body["qr"]]
    corners = found[0].position
    side_px = abs(corners.top_right.x - corners.top_left.x)
    assert side_px / dpi * 25.4 >= 30  # the printed symbol is at least 30 mm wide

    png = await client.get(f"{API}/{body['id']}/qr.png", headers=bearer(token))
    assert png.headers["content-type"] == "image/png"
    assert decode_qr_image(png_image(png.content)) == [body["qr"]]
    svg = await client.get(f"{API}/{body['id']}/qr.svg", headers=bearer(token))
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.startswith("<svg")

    verdict = await verify(client, found[0].text)
    assert verdict["status"] == "valid", verdict
    assert verdict["claims"]["serial"] == body["serial"]
    assert verdict["claims"]["name_ar"] == "محمد عبدالرحمن خليفة عبدالله الدوسري"


def _tamper_claim(text: str, old: str, new: str) -> str:
    """Change one character inside the signed claims and re-encode correctly: only the signature can tell."""
    sign1 = zlib.decompress(base45.b45decode(text[4:]))
    assert len(old) == len(new) and sign1.count(old.encode()) == 1
    return "BH1:" + base45.b45encode(zlib.compress(sign1.replace(old.encode(), new.encode()))).decode()


async def test_one_changed_character_is_invalid_signature(client, token_for, make_person) -> None:
    body, _ = await issue_statement(client, token_for, make_person)
    cpr = body["subject_cpr"]
    forged_cpr = cpr[:-1] + ("0" if cpr[-1] != "0" else "1")
    verdict = await verify(client, _tamper_claim(body["qr"], cpr, forged_cpr))
    assert verdict["status"] == "invalid_signature", verdict
    # A one-character change in the printed text itself is never accepted either.
    text = body["qr"]
    for position in range(10, len(text), max(1, len(text) // 12)):
        flipped = text[:position] + ("A" if text[position] != "A" else "B") + text[position + 1 :]
        assert (await verify(client, flipped))["status"] in {"invalid_signature", "malformed"}


async def test_unknown_key_id(client, token_for, make_person) -> None:
    body, _ = await issue_statement(client, token_for, make_person)
    claims = payload.cwt_to_claims(cose.parse_sign1(payload.decode_text(body["qr"])).payload)
    stranger = ec.generate_private_key(ec.SECP256R1())  # a well-formed signature by a key nobody trusts
    forged = documents.sign_claims(claims, SigningKey(cose.key_id(stranger.public_key()), stranger))
    verdict = await verify(client, forged)
    assert verdict["status"] == "unknown_key" and verdict["kid"]


async def test_revoked_by_owner_flips_the_status_bit(client, token_for, make_person) -> None:
    from identity.certificates import statuslist
    from identity.certificates.trustlist import parse_trust_list

    body, token = await issue_statement(client, token_for, make_person)
    claims = (await verify(client, body["qr"]))["claims"]
    list_path = "/sl/" + claims["status_list_uri"].rsplit("/", 1)[1]
    store, _ = parse_trust_list((await client.get("/.well-known/bawaba-trust-list")).content)
    before = statuslist.parse_token((await client.get(list_path)).content, store.anchor_keys)
    assert before.status(claims["status_idx"]) == statuslist.VALID

    stranger_token = await token_for(await make_person())
    denied = await client.post(f"{API}/{body['id']}/revoke", headers=bearer(stranger_token))
    assert denied.status_code == 404  # not yours: indistinguishable from absent
    revoked = await client.post(f"{API}/{body['id']}/revoke", headers=bearer(token))
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"

    assert (await verify(client, body["qr"]))["status"] == "revoked"
    after = statuslist.parse_token((await client.get(list_path)).content, store.anchor_keys)
    assert after.status(claims["status_idx"]) == statuslist.INVALID


async def test_admin_can_revoke(client, token_for, make_person, identity_config) -> None:
    body, _ = await issue_statement(client, token_for, make_person)
    assert (await client.post(f"{API}/{body['id']}/revoke")).status_code == 401
    admin = {"Authorization": f"Bearer {identity_config.admin_token}"}
    response = await client.post(f"{API}/{body['id']}/revoke", headers=admin)
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert (await verify(client, body["qr"]))["status"] == "revoked"


async def test_issuance_needs_the_certificates_scope(client, token_for, make_person) -> None:
    person = await make_person()
    assert (await client.post(API, json={"type": "id-card-statement"})).status_code == 401
    token = await token_for(person, scope="openid profile")
    response = await client.post(API, json={"type": "id-card-statement"}, headers=bearer(token))
    assert response.status_code == 403
