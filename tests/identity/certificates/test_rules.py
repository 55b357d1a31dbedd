"""Rules follow life: who may get which document, with a clear reason when not."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from identity.accounts.models import Citizen
from tests.identity.certificates.conftest import bearer

API = "/api/v1/certificates"


async def _issue(client, token: str, **body):  # type: ignore[no-untyped-def]
    return await client.post(API, json=body, headers=bearer(token))


async def test_no_id_statement_for_an_expired_card(client, token_for, make_person) -> None:
    holder = await make_person(card_expiry=dt.date(2024, 3, 31))
    response = await _issue(client, await token_for(holder), type="id-card-statement")
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "/problems/id-card-expired" and "2024-03-31" in problem["detail"]


async def test_no_id_statement_for_someone_else(client, token_for, make_person) -> None:
    holder, other = await make_person(), await make_person(account=False)
    response = await _issue(client, await token_for(holder), type="id-card-statement", subject_cpr=other.cpr)
    assert response.status_code == 403 and response.json()["type"] == "/problems/not-card-holder"


async def test_no_id_statement_for_a_deceased_person(client, token_for, make_person, session_maker) -> None:
    # The death is registered after the token was issued (sign-in itself refuses a deceased person).
    holder = await make_person()
    token = await token_for(holder)
    async with session_maker() as session:
        await session.execute(update(Citizen).where(Citizen.cpr == holder.cpr).values(deceased_on=dt.date(2026, 10, 2)))
        await session.commit()
    response = await _issue(client, token, type="id-card-statement")
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/subject-deceased" and "2026-10-02" in response.json()["detail"]


async def test_death_certificate_for_a_deceased_parent(client, token_for, make_person) -> None:
    parent = await make_person(account=False, deceased_on=dt.date(2026, 8, 15))
    child = await make_person(father_cpr=parent.cpr)
    response = await _issue(client, await token_for(child), type="death-certificate", subject_cpr=parent.cpr)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["serial"].startswith("DC-") and body["expires_at"] is None and body["subject_cpr"] == parent.cpr
    verdict = (await client.post(f"{API}/verify", json={"qr": body["qr"]})).json()
    assert verdict["status"] == "valid" and verdict["claims"]["date_of_death"] == "2026-08-15"


async def test_death_certificate_refused_to_a_stranger_allowed_to_advanced(client, token_for, make_person) -> None:
    deceased = await make_person(account=False, deceased_on=dt.date(2026, 7, 1))
    stranger = await make_person()
    response = await _issue(client, await token_for(stranger), type="death-certificate", subject_cpr=deceased.cpr)
    assert response.status_code == 403 and response.json()["type"] == "/problems/not-a-relative"
    official = await make_person(level="advanced")
    response = await _issue(client, await token_for(official), type="death-certificate", subject_cpr=deceased.cpr)
    assert response.status_code == 201, response.text


async def test_death_certificate_only_for_the_deceased(client, token_for, make_person) -> None:
    mother = await make_person(account=False)
    child = await make_person(mother_cpr=mother.cpr)
    token = await token_for(child)
    response = await _issue(client, token, type="death-certificate", subject_cpr=mother.cpr)
    assert response.status_code == 409 and response.json()["type"] == "/problems/subject-not-deceased"
    missing = await _issue(client, token, type="death-certificate")
    assert missing.status_code == 400 and missing.json()["type"] == "/problems/subject-required"


async def test_birth_certificate_for_self_and_for_a_child(client, token_for, make_person) -> None:
    parent = await make_person()
    child = await make_person(account=False, mother_cpr=parent.cpr)
    token = await token_for(parent)
    mine = await _issue(client, token, type="birth-certificate", lang="ar")
    assert mine.status_code == 201 and mine.json()["serial"].startswith("BC-")
    theirs = await _issue(client, token, type="birth-certificate", subject_cpr=child.cpr)
    assert theirs.status_code == 201 and theirs.json()["subject_cpr"] == child.cpr
    stranger = await make_person(account=False)
    assert (await _issue(client, token, type="birth-certificate", subject_cpr=stranger.cpr)).status_code == 403


async def test_bad_bodies_are_clear_4xx(client, token_for, make_person) -> None:
    token = await token_for(await make_person())
    for body in (
        {"type": "passport"},
        {"type": "id-card-statement", "subject_cpr": "12"},
        {"type": "id-card-statement", "purpose": "x" * 61},
        {"type": "id-card-statement", "colour": "blue"},
        {"type": "id-card-statement", "lang": "fr"},
    ):
        response = await client.post(API, json=body, headers=bearer(token))
        assert response.status_code == 400, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
