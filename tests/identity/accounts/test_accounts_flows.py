"""Activation and password reset over HTTP, with the simulated SMS outbox of the dev profile."""

from __future__ import annotations

import datetime as dt
import re

import pyotp

from identity.accounts.authn import authenticate_password, authenticate_totp
from tests.identity.accounts.conftest import code_at

API = "/api/v1/ekey"


async def sms_code(client, challenge_id: str) -> str | None:
    outbox = (await client.get("/dev/sms")).json()
    for message in outbox:
        if message["challenge_id"] == challenge_id:
            return re.search(r"\b(\d{6})\b", message["text"]).group(1)
    return None


async def start(client, path: str, cpr: str, card: str) -> str:
    response = await client.post(f"{API}/{path}", json={"cpr": cpr, "id_card_number": card})
    assert response.status_code == 202, response.text
    return response.json()["challenge_id"]


async def test_activation_with_sms_code_sets_password_and_enrols_totp(
    client, session_maker, config, new_account
) -> None:
    account = await new_account(status="pending_activation", id_card_number="55667788")
    challenge = await start(client, "activation", account.cpr, "55667788")
    code = await sms_code(client, challenge)
    assert code is not None

    wrong = await client.post(f"{API}/activation/confirm",
                              json={"challenge_id": challenge, "code": "000000" if code != "000000" else "111111",
                                    "password": "a-new-password"})  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["type"].endswith("/invalid-sms-code")
    weak = await client.post(
        f"{API}/activation/confirm", json={"challenge_id": challenge, "code": code, "password": "short"}
    )
    assert weak.status_code == 400 and weak.json()["type"].endswith("/weak-password")

    done = await client.post(
        f"{API}/activation/confirm",
        json={"challenge_id": challenge, "code": code, "password": "my activation password"},
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "active"
    secret = body["totp"]["secret"]
    assert (
        body["totp"]["otpauth_uri"].startswith("otpauth://totp/") and f"secret={secret}" in body["totp"]["otpauth_uri"]
    )
    assert body["totp"]["qr_svg"].startswith("<svg")
    assert pyotp.parse_uri(body["totp"]["otpauth_uri"]).secret == secret

    reused = await client.post(
        f"{API}/activation/confirm", json={"challenge_id": challenge, "code": code, "password": "another password"}
    )
    assert reused.status_code == 400  # single use

    async with session_maker() as session:
        outcome = await authenticate_password(session, account.cpr, "my activation password", config=config)
        old = await authenticate_password(session, account.cpr, account.password, config=config)
        second = await authenticate_totp(
            session, outcome.account_id, code_at(secret, dt.datetime.now(dt.UTC)), config=config
        )
        await session.commit()
    assert outcome.ok and second.ok
    assert old.reason == "invalid_credentials"


async def test_mismatched_card_looks_the_same_but_never_confirms(client, new_account) -> None:
    account = await new_account(status="pending_activation", id_card_number="11112222")
    challenge = await start(client, "activation", account.cpr, "99999999")  # wrong card: same 202 answer
    unknown = await start(client, "activation", "000000000", "11112222")
    assert await sms_code(client, challenge) is None and await sms_code(client, unknown) is None
    for guess in ("123456", "000000"):
        response = await client.post(
            f"{API}/activation/confirm", json={"challenge_id": challenge, "code": guess, "password": "whatever-long"}
        )
        assert response.status_code == 400


async def test_active_account_cannot_be_activated_again(client, new_account) -> None:
    account = await new_account(id_card_number="33334444")
    challenge = await start(client, "activation", account.cpr, "33334444")
    assert await sms_code(client, challenge) is None


async def test_sms_code_dies_after_five_wrong_tries(client, new_account) -> None:
    account = await new_account(status="pending_activation", id_card_number="12121212")
    challenge = await start(client, "activation", account.cpr, "12121212")
    code = await sms_code(client, challenge)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = await client.post(
            f"{API}/activation/confirm", json={"challenge_id": challenge, "code": wrong, "password": "long enough pw"}
        )
        assert response.status_code == 400
    late = await client.post(
        f"{API}/activation/confirm", json={"challenge_id": challenge, "code": code, "password": "long enough pw"}
    )
    assert late.status_code == 400


async def test_password_reset_needs_sms_code_and_totp(client, session_maker, config, new_account) -> None:
    account = await new_account(id_card_number="45454545")
    challenge = await start(client, "password-reset", account.cpr, "45454545")
    code = await sms_code(client, challenge)
    no_totp = await client.post(f"{API}/password-reset/confirm",
                                json={"challenge_id": challenge, "code": code, "totp_code": "000000",
                                      "new_password": "brand new password"})  # fmt: skip
    assert no_totp.status_code == 400 and no_totp.json()["type"].endswith("/invalid-otp")

    challenge = await start(client, "password-reset", account.cpr, "45454545")
    code = await sms_code(client, challenge)
    totp_code = code_at(account.totp_secret, dt.datetime.now(dt.UTC))
    done = await client.post(f"{API}/password-reset/confirm",
                             json={"challenge_id": challenge, "code": code, "totp_code": totp_code,
                                   "new_password": "brand new password"})  # fmt: skip
    assert done.status_code == 200, done.text
    async with session_maker() as session:
        assert (await authenticate_password(session, account.cpr, "brand new password", config=config)).ok
        assert not (await authenticate_password(session, account.cpr, account.password, config=config)).ok


async def test_bad_bodies_are_400(client) -> None:
    for body in ({"cpr": "123"}, {"cpr": "850200007", "id_card_number": "1", "extra": 1}, [], "x"):
        response = await client.post(f"{API}/activation", json=body)
        assert response.status_code == 400, body
    response = await client.post(
        f"{API}/activation/confirm", json={"challenge_id": "nope", "code": "1", "password": "x"}
    )
    assert response.status_code == 400
