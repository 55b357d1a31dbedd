"""Pairwise subject identifiers (OIDC Core §8): one `sub` per sector, stable, the same in every token and answer."""

from __future__ import annotations

import pytest
from oidc_rp import Callback, Page

from identity.oidc.clients import ClientCreate, ClientRegistrationError, create_client


async def _sub_everywhere(rp, citizen, otp_step: int = 0) -> str:  # type: ignore[no-untyped-def]
    """Log in; the sub of the ID token, userinfo, introspection and a refreshed access token must agree. A citizen
    signing in again within 30 s uses a later TOTP step (each step is accepted once)."""
    page = await rp.submit(await rp.authorize(), cpr=citizen.cpr, password=citizen.password)
    callback = await rp.submit(page, otp=citizen.otp(otp_step))
    if isinstance(callback, Page) and 'name="decision"' in callback.text:
        callback = await rp.submit(callback, decision="approve")
    assert isinstance(callback, Callback), callback
    tokens = (await rp.token(callback.params["code"])).json()
    sub = (await rp.verify_id_token(tokens["id_token"]))["sub"]
    assert (await rp.userinfo(tokens["access_token"])).json()["sub"] == sub
    assert (await rp.introspect(tokens["access_token"])).json()["sub"] == sub
    refreshed = (await rp.refresh(tokens["refresh_token"])).json()
    assert (await rp.userinfo(refreshed["access_token"])).json()["sub"] == sub
    return sub


async def test_pairwise_sub_is_per_sector_and_stable(rp_factory, make_client, make_citizen, client) -> None:  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    pairwise_a = await make_client(subject_type="pairwise")  # each test client has its own host
    pairwise_b = await make_client(subject_type="pairwise")
    sub_a = await _sub_everywhere(await rp_factory(registered=pairwise_a), citizen, otp_step=-1)
    sub_b = await _sub_everywhere(await rp_factory(registered=pairwise_b), citizen, otp_step=0)
    assert sub_a != sub_b and str(citizen.account_id) not in (sub_a, sub_b)
    assert len(sub_a) == 43  # 256 bits, base64url
    again = await _sub_everywhere(await rp_factory(registered=pairwise_a), citizen, otp_step=1)
    assert again == sub_a  # the next login, the same sub

    other = await make_citizen()
    assert await _sub_everywhere(await rp_factory(registered=pairwise_a), other) != sub_a
    public_citizen = await make_citizen()
    assert await _sub_everywhere(await rp_factory(), public_citizen) == str(public_citizen.account_id)

    discovery = (await client.get("/.well-known/openid-configuration")).json()
    assert discovery["subject_types_supported"] == ["public", "pairwise"]


async def test_a_pairwise_client_needs_one_sector(session_maker) -> None:  # type: ignore[no-untyped-def]
    hosts = ["https://a.example.bh/cb", "https://b.example.bh/cb"]
    async with session_maker() as session:
        with pytest.raises(ClientRegistrationError, match="share one host"):
            await create_client(session, ClientCreate(name="Two hosts", redirect_uris=hosts, subject_type="pairwise"))
        with pytest.raises(ClientRegistrationError, match="subject_type"):
            await create_client(session, ClientCreate(name="Odd", redirect_uris=hosts[:1], subject_type="ppid"))
        same_host = ["https://a.example.bh/cb", "https://a.example.bh/other"]
        created = await create_client(
            session, ClientCreate(name="One host", redirect_uris=same_host, subject_type="pairwise")
        )
        assert created.subject_type == "pairwise"
        await session.rollback()


async def test_the_admin_api_registers_and_shows_the_subject_type(client, settings) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {settings.admin_token}"}
    two_hosts = {"name": "x", "redirect_uris": ["https://a.bh/cb", "https://b.bh/cb"], "subject_type": "pairwise"}
    refused = await client.post("/api/admin/oidc/clients", headers=headers, json=two_hosts)
    assert refused.status_code == 400 and "one host" in refused.json()["detail"]
    one_host = {**two_hosts, "redirect_uris": ["https://a.bh/cb"]}
    created = await client.post("/api/admin/oidc/clients", headers=headers, json=one_host)
    assert created.status_code == 201 and created.json()["subject_type"] == "pairwise"
    shown = await client.get(f"/api/admin/oidc/clients/{created.json()['client_id']}", headers=headers)
    assert shown.json()["subject_type"] == "pairwise"
