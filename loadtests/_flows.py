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
from urllib.parse import urlencode, urlsplit

from _personas import CitizenPool, Persona, WrongPasswordPool, wrong_password_for
from _web import Form, basic_auth, first_ekey_form, hop_name, pkce_pair, query_of, resolve

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

    def __init__(self, message: str, status: int | None = None, retry_after: str | None = None) -> None:
        super().__init__(message)
        self.status, self.retry_after = status, retry_after

    @property
    def retryable(self) -> bool:
        """What makes a person try again: the server failed or shed load (5xx, 429), or nothing came back (0)."""
        return self.status is not None and (self.status in (0, 429) or self.status >= 500)


def _failed(response, message: str) -> FlowError:
    response.failure(message)
    headers = response.headers or {}  # None when nothing came back (timeout, refused connection)
    return FlowError(message, response.status_code, headers.get("retry-after"))


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
        method, url, name=hop_name(url), allow_redirects=False, catch_response=True, **kwargs
    ) as response:
        if response.status_code not in expect:
            raise _failed(response, f"{method} {hop_name(url)}: HTTP {response.status_code}, expected {sorted(expect)}")
        response.success()
        return response


def _location(response, base: str) -> str:
    location = response.headers.get("location") or response.headers.get("Location")
    if not location:
        raise FlowError("redirect without Location")
    return resolve(base, location)


def _ekey_form(url: str, html: str) -> Form:
    form = first_ekey_form(html)
    if form is None:
        raise FlowError(f"{hop_name(url)}: no eKey form on the page")
    return form


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


def _values(form: Form, persona: Persona, pool: CitizenPool) -> dict[str, str]:
    kind = form.kind()
    if kind == "login":
        return {"cpr": persona.cpr, "password": persona.password}
    if kind == "totp":
        return {"otp": pool.totp(persona)}
    return {"decision": "approve"}


def _submit(client, page_url: str, form: Form, values: dict[str, str]):
    """POST a step's form. The answer is the next page (200, its form returned parsed) or a redirect; the same
    form again means refused."""
    url = resolve(page_url, form.action)
    body = urlencode({**form.fields, **values})
    with client.request(form.method.upper(), url, name=hop_name(url), data=body, headers=FORM,
                        allow_redirects=False, catch_response=True) as response:  # fmt: skip
        status, kind = response.status_code, form.kind()
        following = first_ekey_form(response.text) if status == 200 else None
        if following is not None and following.kind() == kind:
            raise _failed(response, f"POST {hop_name(url)}: the {kind} step was refused")
        if status != 200 and status not in REDIRECTS:
            raise _failed(response, f"POST {hop_name(url)}: HTTP {status} at the {kind} step")
        response.success()
        return url, response, following


def browser_login(client, shared: Shared, rp: RelyingParty, persona: Persona, pool: CitizenPool) -> dict[str, Any]:
    """authorize → password → TOTP → consent (first time per client) → code at the RP → token → userinfo.

    Follows whatever the server answers, page by page: a 200 page holds the next form, a redirect the next URL;
    the relying party's redirect_uri ends the browser part (the RP itself is not running and is never requested).
    """
    pkce, state, nonce = pkce_pair(), secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    url = authorize_url(shared, rp, state, nonce, pkce.challenge)
    response, form = hop(client, "GET", url, {200} | REDIRECTS), None
    for _ in range(MAX_HOPS):
        if response.status_code in REDIRECTS:
            url = _location(response, url)
            if url.startswith(rp.redirect_uri):
                break
            response, form = hop(client, "GET", url, {200} | REDIRECTS), None
            continue
        form = form or _ekey_form(url, response.text)
        url, response, form = _submit(client, url, form, _values(form, persona, pool))
    else:
        raise FlowError("login did not reach the relying party")
    params = query_of(url)
    if params.get("state") != state or "code" not in params:
        raise FlowError(f"callback without code or with a wrong state: {sorted(params)}")
    grant = {"grant_type": "authorization_code", "code": params["code"], "redirect_uri": rp.redirect_uri,
             "code_verifier": pkce.verifier}  # fmt: skip
    tokens = token_request(client, shared, rp, grant)
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
        shared.portal_tokens.append((tokens["access_token"], persona.card_valid))
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
        if kind != "abandoned":
            # Counted before sending: a request that times out here may still count on the server.
            pool.record_failure(persona)
        _failed_attempt(client, shared, persona, kind)
    finally:
        pool.give_back(persona)


def _failed_attempt(client, shared: Shared, persona: Persona, kind: str) -> None:
    pkce, state, nonce = pkce_pair(), secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    url = authorize_url(shared, shared.portal, state, nonce, pkce.challenge)
    response = hop(client, "GET", url, {200} | REDIRECTS)
    while response.status_code in REDIRECTS:  # a deployment may put the login page behind a redirect
        url = _location(response, url)
        response = hop(client, "GET", url, {200})
    form = _ekey_form(url, response.text)
    if kind == "abandoned":
        return  # the citizen looked at the login page and left
    if kind == "wrong_password":
        _refused(client, url, form, {"cpr": persona.cpr, "password": wrong_password_for(persona)})
        return
    url, response, totp_form = _submit(client, url, form, {"cpr": persona.cpr, "password": persona.password})
    while response.status_code in REDIRECTS:
        url = _location(response, url)
        response, totp_form = hop(client, "GET", url, {200}), None
    totp_form = totp_form or _ekey_form(url, response.text)
    _refused(client, url, totp_form, {"otp": _wrong_code(shared.wrong_password.totp(persona))})


def _wrong_code(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def _refused(client, page_url: str, form: Form, values: dict[str, str]) -> None:
    """The server must refuse: the same form again (a 200 or 4xx page, or a redirect back to it), never a way in."""
    kind = form.kind()
    url = resolve(page_url, form.action)
    body = urlencode({**form.fields, **values})
    with client.request(form.method.upper(), url, name=hop_name(url), data=body, headers=FORM,
                        allow_redirects=False, catch_response=True) as response:  # fmt: skip
        status = response.status_code
        if status in REDIRECTS:
            ok = hop_name(resolve(url, response.headers.get("location") or "")) == hop_name(page_url)
        else:
            again = first_ekey_form(response.text)
            ok = status in (200, 400, 401, 403, 422) and again is not None and again.kind() == kind
        if not ok:
            raise _failed(response, f"a wrong {kind} was not refused with the {kind} form (HTTP {status})")
        response.success()


# --- catalog, certificates, relying-party back end -------------------------------------------------------------------
def catalog_visit(client) -> None:
    """A bahrain.bh visit: type-ahead, search, a service's detail, its entity (4 calls)."""
    term = random.choice(SEARCH_TERMS)
    hop(client, "GET", f"/api/v1/search/suggest?{urlencode({'q': term[:4]})}", {200})
    found = json.loads(hop(client, "GET", f"/api/v1/services?{urlencode({'q': term, 'limit': 20})}", {200}).text)
    services = found.get("data") or json.loads(hop(client, "GET", "/api/v1/services?limit=20", {200}).text)["data"]
    if not services:
        raise FlowError("the catalog is empty")
    service = random.choice(services)
    _get_object(client, f"/api/v1/services/{service['slug']}", "/api/v1/services/[slug]")
    entity = service.get("entity") or {}
    code = entity.get("code") or entity.get("key")
    if code:  # the competent authority, with its contacts and its other services
        _get_object(client, f"/api/v1/entities/{code}", "/api/v1/entities/[code]")


def _get_object(client, url: str, name: str) -> None:
    with client.request("GET", url, name=name, catch_response=True) as response:
        if response.status_code != 200 or not response.text.startswith("{"):
            raise _failed(response, f"GET {name}: HTTP {response.status_code}")
        response.success()


def certificate_cycle(client, shared: Shared) -> None:
    """Issue a QR-stamped certificate with a citizen's token, download it, verify its QR."""
    tokens = [token for token, card_valid in shared.portal_tokens if card_valid]
    if not tokens:
        raise NotReady("no token yet of a citizen with a valid identity card")
    token = random.choice(tokens)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    issued = json.loads(
        hop(client, "POST", "/api/v1/certificates", {200, 201}, json=shared.certificate_body, headers=headers).text
    )
    qr = issued.get("qr") or issued.get("qr_text")
    if not qr:
        raise FlowError("issued certificate without QR text")
    download = (issued.get("links") or {}).get("pdf")
    if download:
        # The link is absolute on the public issuer URL; the load goes to --host.
        with client.request("GET", urlsplit(download).path, name="/api/v1/certificates/[id]/pdf",
                            headers=headers, catch_response=True) as response:  # fmt: skip
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                raise _failed(response, f"certificate PDF HTTP {response.status_code}")
            response.success()
    verify(client, qr)
    shared.qr_codes.append(qr)


def verify(client, qr: str) -> None:
    result = json.loads(hop(client, "POST", "/api/v1/certificates/verify", {200}, json={"qr": qr}).text)
    if result.get("status") != "valid":
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
    if not shared.app_tokens.get(app):
        # Early in a run not every app has had a login yet: use one that has.
        ready = [n for n in names if shared.app_tokens.get(n)]
        if not ready:
            raise NotReady("no app refresh token yet")
        app = random.choice(ready)
    cache = shared.app_tokens[app]
    refresh_token = cache.popleft()
    rp = shared.apps[app]
    tokens = token_request(client, shared, rp, {"grant_type": "refresh_token", "refresh_token": refresh_token})
    cache.append(tokens.get("refresh_token") or refresh_token)  # rotated when the provider rotates
    userinfo(client, shared, tokens["access_token"])
