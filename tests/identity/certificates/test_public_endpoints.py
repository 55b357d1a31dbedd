"""Public endpoints over HTTP: trust list, status lists, verification of garbage, birth registration inquiry."""

from __future__ import annotations

import random
import string

from identity.certificates import statuslist
from identity.certificates.trustlist import parse_trust_list


async def test_trust_list_is_signed_and_lists_the_current_signer(client) -> None:
    response = await client.get("/.well-known/bawaba-trust-list")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/jose")
    store, body = parse_trust_list(response.content)
    assert [s["status"] for s in body["signers"]].count("current") == 1
    assert all(len(kid) == 8 for kid in store.signers)


async def test_status_list_in_both_forms_verifies_against_the_anchor(client) -> None:
    store, _ = parse_trust_list((await client.get("/.well-known/bawaba-trust-list")).content)
    jwt_form = await client.get("/sl/1")
    cwt_form = await client.get("/sl/1", headers={"Accept": "application/statuslist+cwt"})
    assert jwt_form.headers["content-type"].startswith("application/statuslist+jwt")
    assert cwt_form.headers["content-type"].startswith("application/statuslist+cwt")
    for token in (jwt_form.content, cwt_form.content):
        parsed = statuslist.parse_token(token, store.anchor_keys)
        assert parsed.uri.endswith("/sl/1") and parsed.bits == 2 and len(parsed.raw) == statuslist.DEFAULT_SIZE // 4
    assert (await client.get("/sl/999")).status_code == 404
    assert (await client.get("/sl/0")).status_code == 400


async def test_hundred_random_strings_are_malformed_and_4xx(client) -> None:
    rng = random.Random(6)
    alphabet = string.printable + "بوابة"
    for i in range(100):
        garbage = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        if i % 3 == 0:
            garbage = "BH1:" + garbage  # past the prefix check, into base45/zlib/CBOR
        response = await client.post(
            "/api/v1/certificates/verify", json={"qr": garbage}, headers={"X-Forwarded-For": f"10.0.0.{i}"}
        )
        assert 400 <= response.status_code < 500, (garbage, response.text)
        assert response.json()["status"] == "malformed"


async def test_birth_registration_inquiry(client) -> None:
    found = await client.get("/api/v1/civil/birth-registrations/BR-2026-405300")
    assert found.status_code == 200
    body = found.json()
    assert body["status"] == "registered" and body["certificate_available"] is True
    assert "child_name_en" not in body  # public inquiry: nothing personal
    rejected = (await client.get("/api/v1/civil/birth-registrations/BR-2026-452856")).json()
    assert rejected["status"] == "rejected" and rejected["certificate_available"] is False
    assert (await client.get("/api/v1/civil/birth-registrations/BR-2026-000000")).status_code == 404
    assert (await client.get("/api/v1/civil/birth-registrations/nonsense")).status_code == 400


async def test_discovery_offers_the_certificates_scope(client) -> None:  # type: ignore[no-untyped-def]
    metadata = (await client.get("/.well-known/openid-configuration")).json()
    assert "certificates" in metadata["scopes_supported"]
