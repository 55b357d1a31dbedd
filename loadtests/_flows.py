"""The flows, hop by hop, on a FastHttpSession: eKey login, failed attempts, catalog, certificates, RP back end.

Every request is sent with allow_redirects=False and catch_response=True, named by its path (the query string would
explode the statistics table), and validated: an unexpected status or page fails the hop and aborts the flow with
FlowError. Expected refusals (a wrong password answered with the login form again) count as successes.
"""

from __future__ import annotations

import json
import random
import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from _personas import CitizenPool, Persona, WrongPasswordPool, wrong_password_for
from _web import Form, basic_auth, parse_forms, path_of, pkce_pair, query_of, resolve

REDIRECTS = frozenset({301, 302, 303, 307, 308})
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
MAX_HOPS = 8  # authorize → login → totp → consent → callback is 5; more means a loop
SEARCH_TERMS = (
    "passport", "cpr", "birth certificate", "traffic fine", "driving licence", "health", "commercial registration",
    "housing", "electricity bill", "visa", "death certificate", "scholarship", "building permit", "complaint",
    "جواز", "مرور", "شهادة ميلاد", "سجل تجاري", "إسكان", "بطاقة هوية",
)  # fmt: skip


class FlowError(Exception):
    """A hop failed validation; the hop itself is already recorded as a failure."""


class NotReady(Exception):
    """The flow needs something an earlier flow provides (a token, a QR code) and none exists yet: skipped."""


@dataclass(frozen=True)
class RelyingParty:
    name: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scope: str = "openid profile"


@dataclass
class Endpoints:
    authorization: str
    token: str
    userinfo: str


@dataclass
class Shared:
    """Per-process state the flows share: endpoints, clients, persona pools, recent tokens and QR codes."""

    endpoints: Endpoints
    portal: RelyingParty
    apps: dict[str, RelyingParty]
    app_weights: dict[str, float]
    citizens: CitizenPool
    wrong_password: WrongPasswordPool
    failure_mix: dict[str, float]
    certificate_body: dict[str, Any] = field(default_factory=lambda: {"type": "id-card-statement"})
    portal_tokens: deque = field(default_factory=lambda: deque(maxlen=500))
    app_tokens: dict[str, deque] = field(default_factory=dict)
    qr_codes: deque = field(default_factory=lambda: deque(maxlen=500))
    counters: dict[str, int] = field(default_factory=dict)

    def count(self, name: str) -> None:
        self.counters[name] = self.counters.get(name, 0) + 1


def hop(client, method: str, url: str, expect: set[int] | frozenset[int], **kwargs: Any):
    """One validated request. Returns the response; raises FlowError when the status is not expected."""
    with client.request(
        method, url, name=path_of(url), allow_redirects=False, catch_response=True, **kwargs
    ) as response:
        if response.status_code not in expect:
            response.failure(f"{method} {path_of(url)}: HTTP {response.status_code}, expected {sorted(expect)}")
            raise FlowError(f"{method} {path_of(url)} answered {response.status_code}")
        response.success()
        return response


def _location(response, base: str) -> str:
    location = response.headers.get("location") or response.headers.get("Location")
    if not location:
        raise FlowError("redirect without Location")
    return resolve(base, location)


def _single_form(client_url: str, html: str) -> Form:
    forms = [f for f in parse_forms(html) if f.kind() != "unknown"]
    if len(forms) != 1:
        raise FlowError(f"{path_of(client_url)}: expected one eKey form, found {len(forms)}")
    return forms[0]


def _submit(client, page_url: str, form: Form, values: dict[str, str], expect=REDIRECTS):
    body = {**form.fields, **values}
    return hop(client, form.method.upper(), resolve(page_url, form.action), expect, data=urlencode(body), headers=FORM)


# --- eKey login ------------------------------------------------------------------------------------------------------
def authorize_url(shared: Shared, rp: RelyingParty, state: str, nonce: str, challenge: str) -> str:
    query = {
        "response_type": "code",
        "client_id": rp.client_id,
        "redirect_uri": rp.redirect_uri,
        "scope": rp.scope,
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return f"{shared.endpoints.authorization}?{urlencode(query)}"


def browser_login(client, shared: Shared, rp: RelyingParty, persona: Persona, pool: CitizenPool) -> dict[str, Any]:
    """authorize → login (CPR + password) → TOTP → consent when asked → code at the RP → token → userinfo."""
    pkce, state, nonce = pkce_pair(), secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    response = hop(client, "GET", authorize_url(shared, rp, state, nonce, pkce.challenge), REDIRECTS)
    url = _location(response, shared.endpoints.authorization)
    for _ in range(MAX_HOPS):
        if url.startswith(rp.redirect_uri):
            break
        page = hop(client, "GET", url, {200} | REDIRECTS)
        if page.status_code in REDIRECTS:
            url = _location(page, url)
            continue
        form = _single_form(url, page.text)
        kind = form.kind()
        if kind == "login":
            values = {"cpr": persona.cpr, "password": persona.password}
        elif kind == "totp":
            values = {"otp": pool.totp(persona)}
        else:
            values = {"decision": "approve"}
        url = _location(_submit(client, url, form, values), url)
    else:
        raise FlowError("login did not reach the relying party")
    params = query_of(url)
    if params.get("state") != state or "code" not in params:
        raise FlowError(f"callback without code or with a wrong state: {sorted(params)}")
    tokens = token_request(
        client,
        shared,
        rp,
        {
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": rp.redirect_uri,
            "code_verifier": pkce.verifier,
        },
    )
    if "id_token" not in tokens:
        raise FlowError("token response without id_token")
    userinfo(client, shared, tokens["access_token"])
    return tokens


def token_request(client, shared: Shared, rp: RelyingParty, form: dict[str, str]) -> dict[str, Any]:
    headers = {**FORM, "Authorization": basic_auth(rp.client_id, rp.client_secret), "Accept": "application/json"}
    response = hop(client, "POST", shared.endpoints.token, {200}, data=urlencode(form), headers=headers)
    tokens = json.loads(response.text)
    if not tokens.get("access_token"):
        raise FlowError("token response without access_token")
    return tokens


def userinfo(client, shared: Shared, access_token: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
    claims = json.loads(hop(client, "GET", shared.endpoints.userinfo, {200}, headers=headers).text)
    if not claims.get("sub"):
        raise FlowError("userinfo without sub")
    return claims


def citizen_login(client, shared: Shared) -> None:
    """A successful login by the portal or, weighted by monthly users, by one of the apps; keeps the tokens."""
    app = _pick_login_client(shared)
    rp = shared.portal if app is None else shared.apps[app]
    persona = shared.citizens.take()
    try:
        tokens = browser_login(client, shared, rp, persona, shared.citizens)
    finally:
        shared.citizens.give_back(persona)
    if app is None:
        shared.portal_tokens.append(tokens["access_token"])
    elif tokens.get("refresh_token"):
        shared.app_tokens.setdefault(app, deque(maxlen=200)).append(tokens["refresh_token"])


def _pick_login_client(shared: Shared) -> str | None:
    # Apps carry 691 K of the 4 M e-transactions (17 %): the same share of logins goes through an app.
    if not shared.apps or random.random() >= 691 / 4000:
        return None
    names = list(shared.app_weights)
    return random.choices(names, weights=[shared.app_weights[n] for n in names])[0]


# --- failed attempts -------------------------------------------------------------------------------------------------
def failed_login(client, shared: Shared) -> None:
    """A wrong password, a wrong TOTP or an abandoned login (load-model.md §4), from the separate pool."""
    pool = shared.wrong_password
    persona = pool.take()
    try:
        if pool.needs_reset(persona):
            # A successful login sets the server's consecutive-failure counter back to zero.
            browser_login(client, shared, shared.portal, persona, pool)
            pool.record_reset(persona)
            shared.count("lockout_resets")
            return
        kind = random.choices(list(shared.failure_mix), weights=list(shared.failure_mix.values()))[0]
        _failed_attempt(client, shared, persona, kind)
        if kind != "abandoned":
            pool.record_failure(persona)
    finally:
        pool.give_back(persona)


def _failed_attempt(client, shared: Shared, persona: Persona, kind: str) -> None:
    rp = shared.portal
    pkce, state, nonce = pkce_pair(), secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    response = hop(client, "GET", authorize_url(shared, rp, state, nonce, pkce.challenge), REDIRECTS)
    url = _location(response, shared.endpoints.authorization)
    page = hop(client, "GET", url, {200})
    form = _single_form(url, page.text)
    if kind == "abandoned":
        return
    if kind == "wrong_password":
        _refused(client, url, form, {"cpr": persona.cpr, "password": wrong_password_for(persona)}, "login")
        return
    next_url = _location(_submit(client, url, form, {"cpr": persona.cpr, "password": persona.password}), url)
    page = hop(client, "GET", next_url, {200})
    totp_form = _single_form(next_url, page.text)
    _refused(client, next_url, totp_form, {"otp": _wrong_code(shared.wrong_password.totp(persona))}, "totp")


def _wrong_code(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def _refused(client, page_url: str, form: Form, values: dict[str, str], again: str) -> None:
    """The server must refuse: the same form again (any 2xx/4xx page, or a redirect back to it), never a way in."""
    body = urlencode({**form.fields, **values})
    url = resolve(page_url, form.action)
    with client.request(
        form.method.upper(), url, name=path_of(url), data=body, headers=FORM, allow_redirects=False, catch_response=True
    ) as response:
        status = response.status_code
        if status in REDIRECTS:
            target = path_of(response.headers.get("location") or "")
            ok = target == path_of(page_url)
        else:
            ok = status in (200, 400, 401, 403, 422, 429) and any(f.kind() == again for f in parse_forms(response.text))
        if ok:
            response.success()
        else:
            response.failure(f"a wrong {again} was not refused with the {again} form (HTTP {status})")
            raise FlowError("wrong credentials not refused")


# --- catalog, certificates, relying-party back end -------------------------------------------------------------------
def catalog_visit(client) -> None:
    """A bahrain.bh visit: type-ahead, search, a service's detail, the entity's other services (4 calls)."""
    term = random.choice(SEARCH_TERMS)
    hop(client, "GET", f"/api/v1/search/suggest?{urlencode({'q': term[:4]})}", {200})
    found = json.loads(hop(client, "GET", f"/api/v1/services?{urlencode({'q': term, 'limit': 20})}", {200}).text)
    services = found.get("data") or json.loads(hop(client, "GET", "/api/v1/services?limit=20", {200}).text)["data"]
    if not services:
        raise FlowError("the catalog is empty")
    service = random.choice(services)
    with client.request(
        "GET", f"/api/v1/services/{service['slug']}", name="/api/v1/services/[slug]", catch_response=True
    ) as response:
        if response.status_code != 200 or not response.text.startswith("{"):
            response.failure(f"service detail HTTP {response.status_code}")
            raise FlowError("service detail failed")
        response.success()
    code = (service.get("entity") or {}).get("code")
    if code:
        name = "/api/v1/entities/[code]/services"
        with client.request("GET", f"/api/v1/entities/{code}/services", name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"entity services HTTP {response.status_code}")
                raise FlowError("entity services failed")
            response.success()


def certificate_cycle(client, shared: Shared) -> None:
    """Issue a QR-stamped certificate with a citizen's token, download it, verify its QR."""
    if not shared.portal_tokens:
        raise NotReady("no citizen token yet: no portal login has completed")
    token = random.choice(shared.portal_tokens)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    issued = json.loads(
        hop(client, "POST", "/api/v1/certificates", {200, 201}, json=shared.certificate_body, headers=headers).text
    )
    qr = issued.get("qr") or issued.get("qr_text")
    if not qr:
        raise FlowError("issued certificate without QR text")
    download = (issued.get("links") or {}).get("pdf") or issued.get("pdf_url")
    if download:
        with client.request("GET", download, name="/api/v1/certificates/[id].pdf", headers=headers,
                            catch_response=True) as response:  # fmt: skip
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"certificate PDF HTTP {response.status_code}")
                raise FlowError("download failed")
            response.success()
    verify(client, qr)
    shared.qr_codes.append(qr)


def verify(client, qr: str) -> None:
    result = json.loads(hop(client, "POST", "/api/v1/certificates/verify", {200}, json={"qr": qr}).text)
    if result.get("valid") is not True:
        raise FlowError(f"a freshly issued certificate did not verify: {result}")


def verification_scan(client, shared: Shared) -> None:
    """A third party scans a certificate's QR (no login)."""
    if not shared.qr_codes:
        raise NotReady("no certificate issued yet")
    verify(client, random.choice(shared.qr_codes))


def app_transaction(client, shared: Shared) -> None:
    """An app's back end refreshes its citizen's token and reads userinfo; app chosen by monthly users."""
    names = list(shared.app_weights)
    app = random.choices(names, weights=[shared.app_weights[n] for n in names])[0]
    cache = shared.app_tokens.get(app)
    if not cache:
        raise NotReady(f"no {app} refresh token yet")
    refresh_token = cache.popleft()
    rp = shared.apps[app]
    tokens = token_request(client, shared, rp, {"grant_type": "refresh_token", "refresh_token": refresh_token})
    cache.append(tokens.get("refresh_token") or refresh_token)  # rotated when the provider rotates
    userinfo(client, shared, tokens["access_token"])
