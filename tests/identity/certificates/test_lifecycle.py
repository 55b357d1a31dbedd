"""Expiry, key rotation, offline verification with the CLI, concurrency and durability, the /verify page."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from identity.certificates import documents, keys, statuslist
from identity.certificates.models import Certificate
from identity.certificates.payload import cwt_to_claims, decode_text
from identity.certificates.service import status_list_uri
from tests.conftest import PROJECT_ROOT, server_env
from tests.identity.certificates.conftest import bearer

API = "/api/v1/certificates"


async def verify(client, text: str) -> dict:  # type: ignore[no-untyped-def]
    response = await client.post(f"{API}/verify", json={"qr": text})
    assert response.status_code < 500
    return response.json()


async def issue(client, token: str, **body) -> dict:  # type: ignore[no-untyped-def]
    response = await client.post(API, json={"type": "id-card-statement", **body}, headers=bearer(token))
    assert response.status_code == 201, response.text
    return response.json()


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bawaba", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


async def test_past_expiry_is_expired(client, session_maker, settings, identity_config) -> None:
    """A statement signed 100 days ago by the signer of that time (since retired) has expired."""
    past = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=100)
    async with session_maker() as session:
        old = await keys.create_key(session, settings.secret_key, keys.SIGNER, past)
        old.issuing_until = past + dt.timedelta(days=5)
        signer = keys.SigningKey(old.kid, keys.unseal(settings.secret_key, old.sealed_private_key))
        subject = documents.Subject("850101234", "Fatima Ali", "فاطمة علي", "BHR", dt.date(1985, 1, 1), "123456789",
                                    dt.date(2031, 1, 1), None)  # fmt: skip
        idx = secrets.randbelow(statuslist.DEFAULT_SIZE)
        claims = documents.build_claims("id-card-statement", subject, documents.new_serial("id-card-statement"),
                                        past, status_list_uri(identity_config.issuer, 1), idx, None)  # fmt: skip
        text = documents.sign_claims(claims, signer)
        session.add(Certificate(serial=claims.serial, doc_type=claims.type, subject_cpr=subject.cpr,
                                owner_account_id=old.id, issued_at=past,
                                expires_at=dt.datetime.fromtimestamp(claims.expires_at, dt.UTC), status_list_id=1,
                                status_idx=idx, kid=old.kid, qr_text=text, qr_version=0))  # fmt: skip
        await session.commit()
    verdict = await verify(client, text)
    for _ in range(3):  # the verifier reloads keys on an unknown kid at most every 2 s
        if verdict["status"] != "unknown_key":
            break
        await asyncio.sleep(keys.MISS_RELOAD_SECONDS + 0.1)
        verdict = await verify(client, text)
    assert verdict["status"] == "expired", verdict


async def test_rotation_keeps_old_certificates_valid_and_offline_cli(
    client, token_for, make_person, settings, tmp_path: Path
) -> None:
    token = await token_for(await make_person())
    old = await issue(client, token)
    old_kid = (await verify(client, old["qr"]))["kid"]

    rotated = cli("keys", "rotate", "--purpose", "certificates", env=server_env(settings))
    assert rotated.returncode == 0, rotated.stderr
    new = await issue(client, token)
    new_verdict = await verify(client, new["qr"])
    assert new_verdict["status"] == "valid" and new_verdict["kid"] != old_kid
    assert (await verify(client, old["qr"]))["status"] == "valid"  # signed by the retired key: still trusted

    trust = tmp_path / "trust-list.jws"
    trust.write_bytes((await client.get("/.well-known/bawaba-trust-list")).content)
    status = tmp_path / "status-1.jwt"
    status.write_bytes((await client.get("/sl/1")).content)
    offline = ["certificates", "verify", "--offline", "--trust-list", str(trust), "--status-list", str(status)]
    for text in (old["qr"], new["qr"]):
        result = cli(*offline, text)
        assert result.returncode == 0 and json.loads(result.stdout)["status"] == "valid", result.stdout + result.stderr

    png = tmp_path / "qr.png"
    png.write_bytes((await client.get(f"{API}/{old['id']}/qr.png", headers=bearer(token))).content)
    assert json.loads(cli(*offline, str(png)).stdout)["status"] == "valid"  # an image decoded with zxing-cpp

    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=120)).isoformat()
    expired = cli(*offline, "--at", later, "--max-age", str(200 * 86400), old["qr"])
    assert expired.returncode == 1 and json.loads(expired.stdout)["status"] == "expired"
    no_status = cli("certificates", "verify", "--offline", "--trust-list", str(trust), old["qr"])
    assert json.loads(no_status.stdout)["status"] == "status_unknown"  # never "valid" without a status list

    assert (await client.post(f"{API}/{old['id']}/revoke", headers=bearer(token))).status_code == 200
    status.write_bytes((await client.get("/sl/1")).content)
    revoked = cli(*offline, old["qr"])
    assert revoked.returncode == 1 and json.loads(revoked.stdout)["status"] == "revoked"


async def test_concurrent_issuance_unique_serials_all_committed(client, token_for, make_person, session_maker) -> None:
    token = await token_for(await make_person())
    responses = await asyncio.gather(*(client.post(API, json={"type": "id-card-statement"}, headers=bearer(token))
                                       for _ in range(12)))  # fmt: skip
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses if r.status_code != 201]
    bodies = [r.json() for r in responses]
    serials = {b["serial"] for b in bodies}
    slots = {(c.status_list_uri, c.status_idx) for c in (cwt_to_claims_of(b["qr"]) for b in bodies)}
    assert len(serials) == 12 and len(slots) == 12
    async with session_maker() as session:  # another connection sees every acknowledged certificate
        count = await session.scalar(select(func.count()).where(Certificate.serial.in_(serials)))
    assert count == 12


def cwt_to_claims_of(text: str):  # type: ignore[no-untyped-def]
    from identity.certificates.cose import parse_sign1

    return cwt_to_claims(parse_sign1(decode_text(text)).payload)


async def test_verify_page_text_and_image(client, token_for, make_person) -> None:
    token = await token_for(await make_person())
    body = await issue(client, token)
    page = await client.get("/verify")
    assert page.status_code == 200 and 'name="image"' in page.text
    pasted = await client.post("/verify", files={"qr": (None, body["qr"])})
    assert pasted.status_code == 200 and 'data-status="valid"' in pasted.text
    png = (await client.get(f"{API}/{body['id']}/qr.png", headers=bearer(token))).content
    uploaded = await client.post("/verify", files={"image": ("scan.png", png, "image/png")})
    assert uploaded.status_code == 200 and 'data-status="valid"' in uploaded.text and body["serial"] in uploaded.text
    junk = await client.post("/verify", files={"image": ("scan.png", b"not an image", "image/png")})
    assert junk.status_code == 400 and 'data-status="malformed"' in junk.text
    dob = (await verify(client, body["qr"]))["claims"]["birth_date"]
    by_serial = await client.post("/verify", files={"serial": (None, body["serial"]), "birth_date": (None, dob)})
    assert by_serial.status_code == 200 and 'data-status="valid"' in by_serial.text
    wrong_dob = await client.post(
        "/verify", files={"serial": (None, body["serial"]), "birth_date": (None, "1900-01-01")}
    )
    assert wrong_dob.status_code == 404 and 'data-testid="claims"' not in wrong_dob.text  # nothing disclosed
    hostile = await client.post("/verify", files={"qr": (None, "<script>alert(1)</script>")})
    assert hostile.status_code == 400 and "<script>alert" not in hostile.text  # echoed text is escaped


async def test_withdrawn_key_fails_with_unknown_key(client, token_for, make_person, settings) -> None:
    token = await token_for(await make_person())
    body = await issue(client, token)
    kid = (await verify(client, body["qr"]))["kid"]
    withdrawn = cli("keys", "withdraw", kid, env=server_env(settings))
    assert withdrawn.returncode == 0, withdrawn.stderr
    await asyncio.sleep(keys.CHECK_SECONDS + 0.1)  # workers re-check the key table at most once a second
    assert (await verify(client, body["qr"]))["status"] == "unknown_key"
    fresh = await issue(client, token)  # the withdrawn signer was current: a new one took over
    assert (await verify(client, fresh["qr"]))["status"] == "valid"
    trust = (await client.get("/.well-known/bawaba-trust-list")).content
    from identity.certificates.trustlist import parse_trust_list

    _, listed = parse_trust_list(trust)
    assert kid not in {s["kid"] for s in listed["signers"]}


async def test_cli_verifies_online_against_a_real_server(client, token_for, make_person, live_server) -> None:
    body = await issue(client, await token_for(await make_person()))
    result = cli("certificates", "verify", body["qr"], "--server", live_server.url)
    assert result.returncode == 0 and json.loads(result.stdout)["status"] == "valid", result.stdout + result.stderr
    tampered = body["qr"][:-8] + ("00000000" if body["qr"][-8:] != "00000000" else "11111111")
    assert cli("certificates", "verify", tampered, "--server", live_server.url).returncode == 1
