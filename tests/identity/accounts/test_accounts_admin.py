"""The admin API (bearer token): list, look up, lock, unlock, disable; and the persona endpoints of the dev profile."""

from __future__ import annotations

import datetime as dt

from litestar.testing import AsyncTestClient

from bawaba.app import create_app
from identity.accounts.authn import authenticate_password, authenticate_totp
from identity.accounts.personas import load_personas
from identity.accounts.registry import are_relatives, citizen_by_cpr, identity_claims
from tests.conftest import TEST_BASE_URL, make_settings
from tests.identity.accounts.conftest import ADMIN, code_at


async def test_admin_api_needs_the_token(client) -> None:
    assert (await client.get(f"{ADMIN}/accounts")).status_code == 401
    wrong = await client.get(f"{ADMIN}/accounts", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["content-type"].startswith("application/problem+json")


async def test_lock_unlock_disable(client, admin_headers, session_maker, config, new_account) -> None:
    account = await new_account(level="advanced")
    detail = await client.get(f"{ADMIN}/accounts/{account.cpr}", headers=admin_headers)
    assert detail.status_code == 200
    assert detail.json()["account"]["level"] == "advanced" and detail.json()["password_scheme"] == "argon2id"

    locked = await client.post(f"{ADMIN}/accounts/{account.cpr}/lock", headers=admin_headers)
    assert locked.status_code == 200 and locked.json()["account"]["status"] == "locked"
    async with session_maker() as session:
        outcome = await authenticate_password(session, account.cpr, account.password, config=config)
    assert (outcome.reason, outcome.retry_after) == ("locked", None)

    unlocked = await client.post(f"{ADMIN}/accounts/{account.cpr}/unlock", headers=admin_headers)
    assert unlocked.json()["account"]["status"] == "active"
    async with session_maker() as session:
        assert (await authenticate_password(session, account.cpr, account.password, config=config)).ok

    disabled = await client.post(f"{ADMIN}/accounts/{account.cpr}/disable", headers=admin_headers)
    assert disabled.json()["account"]["status"] == "disabled"
    assert (await client.post(f"{ADMIN}/accounts/{account.cpr}/unlock", headers=admin_headers)).status_code == 409
    async with session_maker() as session:
        assert (await authenticate_password(session, account.cpr, account.password, config=config)).reason == "disabled"


async def test_unlock_clears_a_backoff_lock(client, admin_headers, session_maker, config, new_account) -> None:
    account = await new_account()
    async with session_maker() as session:
        for _ in range(5):
            outcome = await authenticate_password(session, account.cpr, "wrong-wrong", config=config)
    assert outcome.reason == "locked"
    await client.post(f"{ADMIN}/accounts/{account.cpr}/unlock", headers=admin_headers)
    async with session_maker() as session:
        assert (await authenticate_password(session, account.cpr, account.password, config=config)).ok


async def test_list_and_filters(client, admin_headers) -> None:
    page = await client.get(f"{ADMIN}/accounts", params={"origin": "persona", "limit": 100}, headers=admin_headers)
    assert page.status_code == 200
    cprs = {item["cpr"] for item in page.json()["items"]}
    assert {p.cpr for p in load_personas()} <= cprs
    locked = await client.get(
        f"{ADMIN}/accounts", params={"status": "locked", "origin": "persona"}, headers=admin_headers
    )
    assert all(item["status"] == "locked" for item in locked.json()["items"]) and locked.json()["total"] >= 1
    for params in ({"limit": 0}, {"limit": 500}, {"status": "sleepy"}, {"offset": -1}):
        assert (await client.get(f"{ADMIN}/accounts", params=params, headers=admin_headers)).status_code == 400, params
    assert (await client.get(f"{ADMIN}/accounts/000000000", headers=admin_headers)).status_code == 404


def persona(key: str):
    return next(p for p in load_personas() if p.key == key)


async def test_personas_behave_as_documented(session_maker, config) -> None:
    async with session_maker() as session:
        for key, reason in (("advanced", "ok"), ("standard", "ok"), ("locked", "locked"), ("deceased", "disabled"),
                            ("pending", "pending_activation"), ("expired_id", "ok"), ("resident", "ok")):  # fmt: skip
            p = persona(key)
            assert (await authenticate_password(session, p.cpr, p.password, config=config)).reason == reason, key
        business = await citizen_by_cpr(session, persona("business").cpr)
        expired = await identity_claims(session, (await citizen_by_cpr(session, persona("expired_id").cpr)).id)
        resident = await citizen_by_cpr(session, persona("resident").cpr)
        minor = await citizen_by_cpr(session, persona("minor").cpr)
        senior = await citizen_by_cpr(session, persona("senior").cpr)
        deceased = await citizen_by_cpr(session, persona("deceased").cpr)
        assert business.cr_number and expired.id_card_expired and resident.nationality != "BHR"
        assert (dt.date.today() - minor.birthdate).days < 18 * 365 and (
            dt.date.today() - senior.birthdate
        ).days > 65 * 365
        assert deceased.deceased and deceased.deceased_on is not None
        advanced = await identity_claims(session, (await citizen_by_cpr(session, persona("advanced").cpr)).id)
        assert advanced.level == "advanced" and advanced.name_ar and advanced.governorate_en == "Capital Governorate"
        related = [("senior", "deceased"), ("advanced", "deceased"), ("minor", "standard"), ("advanced", "standard")]
        for a, b in related:
            assert await are_relatives(session, persona(a).cpr, persona(b).cpr), (a, b)
            assert await are_relatives(session, persona(b).cpr, persona(a).cpr), (b, a)
        assert not await are_relatives(session, persona("resident").cpr, persona("deceased").cpr)
        assert not await are_relatives(session, persona("advanced").cpr, persona("advanced").cpr)


async def test_dev_personas_endpoint_creates_working_accounts(client, session_maker, config) -> None:
    listed = await client.get("/dev/personas")
    assert listed.status_code == 200 and {p["key"] for p in listed.json()} >= {"advanced", "deceased", "business"}
    created = await client.post("/dev/personas", json={"level": "advanced"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) >= {"cpr", "password", "totp_secret", "account_id"} and body["level"] == "advanced"
    async with session_maker() as session:
        outcome = await authenticate_password(session, body["cpr"], body["password"], config=config)
        second = await authenticate_totp(
            session, outcome.account_id, code_at(body["totp_secret"], dt.datetime.now(dt.UTC)), config=config
        )
        await session.commit()
    assert outcome.ok and second.ok
    assert (await client.post("/dev/personas", json={"level": "root"})).status_code == 400


async def test_prod_profile_has_no_dev_endpoints(settings, tmp_path) -> None:
    prod = make_settings(
        settings.database_url, tmp_path, profile="prod", dev_features=False,
        secret_key="p" * 48, admin_token="a" * 32, issuer="https://ekey.example",
    )  # fmt: skip
    async with AsyncTestClient(app=create_app(prod), base_url=TEST_BASE_URL) as prod_client:
        for method, path in (("GET", "/dev/personas"), ("POST", "/dev/personas"), ("GET", "/dev/sms")):
            assert (await prod_client.request(method, path)).status_code in (404, 405), path
