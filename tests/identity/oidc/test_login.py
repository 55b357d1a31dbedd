"""Sign-in pages: CSRF, no user enumeration, TOTP replay, lockout, rate limits, dev-only conveniences."""

from __future__ import annotations

import asyncio
import statistics
import time
from urllib.parse import quote, urlencode

from oidc_rp import Callback, Page

from identity.oidc.pages import STRINGS


async def test_missing_or_wrong_csrf_token_is_refused(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    page = await rp.authorize()
    assert isinstance(page, Page)
    missing = await rp.post(page.action, data={"cpr": citizen.cpr, "password": citizen.password})
    assert missing.status_code == 403 and 'data-error-code="csrf"' in missing.text
    wrong = await rp.post(page.action, data={"csrf_token": "0" * 40, "cpr": citizen.cpr, "password": citizen.password})
    assert wrong.status_code == 403
    # Another browser (no interaction cookie) cannot continue this sign-in even with the token.
    stranger = await rp_factory(registered=rp.client)
    stolen = await stranger.post(page.action, data={"csrf_token": page.csrf, "cpr": citizen.cpr, "password": "x"})
    assert stolen.status_code == 400 and 'data-error-code="interaction_expired"' in stolen.text


async def test_unknown_cpr_and_wrong_password_look_the_same(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    page = await rp.authorize()
    assert isinstance(page, Page)
    timings: dict[str, list[float]] = {"unknown": [], "wrong": []}
    answers = {}
    for _ in range(3):
        for kind, cpr in (("unknown", "000000019"), ("wrong", citizen.cpr)):
            t0 = time.perf_counter()
            result = await rp.submit(page, cpr=cpr, password="not-the-password")
            timings[kind].append(time.perf_counter() - t0)
            assert isinstance(result, Page) and result.status == 200
            answers[kind] = result.text.replace(result.csrf, "")
    assert STRINGS["ar"]["bad_credentials"] in answers["wrong"]
    assert answers["unknown"] == answers["wrong"]
    # Both pay one argon2 verify: medians within a factor of three even on a busy machine.
    ratio = statistics.median(timings["unknown"]) / statistics.median(timings["wrong"])
    assert 1 / 3 < ratio < 3, timings


async def test_totp_code_cannot_be_replayed(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    code = citizen.otp()
    page = await rp.authorize()
    page = await rp.submit(page, cpr=citizen.cpr, password=citizen.password)
    assert isinstance(page, Page)
    first = await rp.submit(page, otp=code)
    assert not (isinstance(first, Page) and 'name="otp"' in first.text)
    other = await rp_factory(registered=rp.client)  # a second browser, same account, same code
    page = await other.authorize()
    page = await other.submit(page, cpr=citizen.cpr, password=citizen.password)
    assert isinstance(page, Page)
    replay = await other.submit(page, otp=code)
    assert isinstance(replay, Page) and 'name="otp"' in replay.text
    assert STRINGS["ar"]["bad_otp"] in replay.text


async def test_one_totp_code_posted_by_two_browsers_at_once_signs_in_one(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    """The replay guard is one conditional UPDATE, so it holds when both posts are in flight together."""
    citizen = await make_citizen()
    browsers = [await rp_factory(), None]
    browsers[1] = await rp_factory(registered=browsers[0].client)
    pages = []
    for rp in browsers:
        page = await rp.authorize()
        page = await rp.submit(page, cpr=citizen.cpr, password=citizen.password)
        assert isinstance(page, Page) and 'name="otp"' in page.text
        pages.append(page)
    code = citizen.otp()
    results = await asyncio.gather(*(rp.submit(page, otp=code) for rp, page in zip(browsers, pages, strict=True)))
    signed_in = [r for r in results if not (isinstance(r, Page) and 'name="otp"' in r.text)]
    assert len(signed_in) == 1, results


async def test_lockout_refuses_even_the_right_password(rp_factory, make_citizen, identity_config):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    page = await rp.authorize()
    assert isinstance(page, Page)
    for _ in range(identity_config.lockout_threshold):
        result = await rp.submit(page, cpr=citizen.cpr, password="wrong-password")
        assert isinstance(result, Page) and 'name="password"' in result.text
    locked = await rp.submit(page, cpr=citizen.cpr, password=citizen.password)
    assert isinstance(locked, Page) and 'name="otp"' not in locked.text
    assert STRINGS["ar"]["bad_credentials"] in locked.text  # same words as any failure: no enumeration


async def test_login_rate_limit_per_ip(rp_factory, make_citizen, session_maker, identity_config):  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from identity.oidc.models import RateCounter
    from identity.oidc.ratelimit import RATES

    rp = await rp_factory()
    page = await rp.authorize()
    assert isinstance(page, Page)
    first = await rp.submit(page, cpr="000000019", password="x")
    assert isinstance(first, Page) and first.status == 200
    async with session_maker() as session:  # this IP's window is already full
        await session.execute(update(RateCounter.__table__).where(RATES.c.key.like("login:%"))
                              .values(hits=identity_config.login_rate_limit + 1))  # fmt: skip
        await session.commit()
    limited = await rp.submit(page, cpr="000000019", password="x")
    assert isinstance(limited, Page) and limited.status == 429
    async with session_maker() as session:
        await session.execute(update(RateCounter.__table__).where(RATES.c.key.like("login:%")).values(hits=0))
        await session.commit()


async def test_dev_silent_login_with_login_hint(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    result = await rp.authorize(login_hint=citizen.cpr)
    assert isinstance(result, Callback) and result.params.get("code"), result
    tokens = (await rp.token(result.params["code"])).json()
    assert (await rp.verify_id_token(tokens["id_token"]))["sub"] == str(citizen.account_id)
    unknown = await rp_factory(registered=rp.client)
    page = await unknown.authorize(login_hint="000000019")
    assert isinstance(page, Page) and 'name="password"' in page.text


async def test_prod_profile_refuses_silent_login_and_persona_picker(settings, make_citizen, make_client, tmp_path):  # type: ignore[no-untyped-def]
    from litestar.testing import AsyncTestClient
    from oidc_rp import RelyingParty

    from bawaba.app import create_app
    from tests.conftest import TEST_BASE_URL, make_settings

    citizen = await make_citizen()
    registered = await make_client()
    prod = make_settings(
        settings.database_url, tmp_path, profile="prod", dev_features=False, secret_key="prod-secret-" + "p" * 40,
        admin_token="a" * 30,
    )  # fmt: skip
    async with AsyncTestClient(app=create_app(prod), base_url=TEST_BASE_URL) as http:
        rp = RelyingParty(http, registered, TEST_BASE_URL)
        page = await rp.authorize(login_hint=citizen.cpr)
        assert isinstance(page, Page) and 'name="password"' in page.text  # no silent login
        assert 'data-testid="persona-picker"' not in page.text
        assert "Secure" in page.headers["set-cookie"] and "HttpOnly" in page.headers["set-cookie"]


async def test_dev_persona_picker_signs_a_persona_in(rp_factory, identity_config):  # type: ignore[no-untyped-def]
    import re

    from identity.accounts.personas import load_personas

    persona = next(p for p in load_personas(identity_config.seeds_dir) if p.status == "active")
    rp = await rp_factory()
    page = await rp.authorize()
    assert isinstance(page, Page) and 'data-testid="persona-picker"' in page.text
    assert f'data-testid="persona-{persona.cpr}"' in page.text
    otp_page = await rp.submit(page, cpr=persona.cpr, password=persona.password)  # what the persona button posts
    assert isinstance(otp_page, Page)
    shown = re.search(r'data-testid="dev-code">[^<]*<code>(\d{6})</code>', otp_page.text)
    assert shown, otp_page.text[-800:]
    result = await rp.submit(otp_page, otp=shown.group(1))
    if isinstance(result, Page):
        result = await rp.submit(result, decision="approve")
    assert isinstance(result, Callback) and result.params.get("code")


async def test_cached_page_renderings_never_mix_browsers_and_escape_request_values(rp_factory):  # type: ignore[no-untyped-def]
    """Sign-in pages are rendered once per variant with per-request slots (identity.oidc.pages.render): each
    browser must get its own interaction id and CSRF token, and values taken from the request stay escaped."""
    first = await rp_factory()
    second = await rp_factory(registered=first.client)
    hostile = '"><script>alert(1)</script>'
    page_a = await first.authorize(state=hostile)
    page_b = await second.authorize(state="plain-state")
    assert isinstance(page_a, Page) and isinstance(page_b, Page)
    assert page_a.csrf != page_b.csrf and page_a.action != page_b.action
    assert page_b.csrf not in page_a.text and page_a.csrf not in page_b.text
    assert "<script>" not in page_a.text and "\ue000" not in page_a.text + page_b.text
    # The language switch carries this request's own return address, percent-encoded then HTML-escaped.
    assert "plain-state" in page_b.text and "plain-state" not in page_a.text
    assert "%2522%253E%253Cscript%253E" in page_a.text  # the query was already percent-encoded once


async def test_steps_accept_multipart_and_charset_qualified_urlencoded_forms(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    """Urlencoded bodies are parsed by the provider itself; other encodings still reach the steps intact."""
    citizen = await make_citizen()
    rp = await rp_factory()
    page = await rp.authorize()
    assert isinstance(page, Page)
    fields = {"csrf_token": page.csrf, "cpr": citizen.cpr, "password": citizen.password}
    multipart = await rp.post(page.action, files={k: (None, v) for k, v in fields.items()})  # multipart/form-data
    assert multipart.status_code == 200 and 'name="otp"' in multipart.text
    body = urlencode({"csrf_token": page.csrf, "otp": citizen.otp(), "ignored": "محمد"}).encode()
    headers = {"content-type": "application/x-www-form-urlencoded; charset=UTF-8"}
    done = await rp.post(page.action + "/otp", content=body, headers=headers)
    past_otp = done.status_code == 303 or (done.status_code == 200 and 'name="decision"' in done.text)  # consent
    assert past_otp, done.text[:500]


async def test_the_last_of_repeated_fields_counts_and_blank_ones_are_kept(rp_factory, make_citizen):  # type: ignore[no-untyped-def]
    citizen = await make_citizen()
    rp = await rp_factory()
    page = await rp.authorize()
    assert isinstance(page, Page)
    body = f"csrf_token=wrong&csrf_token={page.csrf}&cpr={citizen.cpr}&password=&password=x".encode()
    headers = {"content-type": "application/x-www-form-urlencoded"}
    answer = await rp.post(page.action, content=body, headers=headers)
    assert answer.status_code == 200 and STRINGS["ar"]["bad_credentials"] in answer.text  # CSRF passed, "x" checked
    body = f"csrf_token={page.csrf}&cpr={citizen.cpr}&password=&password={quote(citizen.password)}".encode()
    answer = await rp.post(page.action, content=body, headers=headers)
    assert answer.status_code == 200 and 'name="otp"' in answer.text
