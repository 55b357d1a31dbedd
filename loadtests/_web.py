"""What a browser and a relying party need to read eKey's pages and redirects: forms, hidden CSRF inputs, PKCE.

Standard library only (html.parser), so the unit tests can exercise it without Locust.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # named inputs with their values (hidden ones included)
    buttons: dict[str, list[str]] = field(default_factory=dict)  # submit buttons: name → values offered

    def kind(self) -> str:
        """Which eKey step this form is: login (CPR + password), totp, consent, or unknown."""
        names = set(self.fields) | set(self.buttons)
        if {"cpr", "password"} <= names:
            return "login"
        if "otp" in names:
            return "totp"
        if "decision" in names:
            return "consent"
        return "unknown"


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._current)
        elif self._current is None or "name" not in a:
            return
        elif tag == "button" or (tag == "input" and a.get("type", "").lower() == "submit"):
            self._current.buttons.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag in ("input", "textarea", "select"):
            if a.get("type", "").lower() in ("checkbox", "radio") and "checked" not in a:
                return
            self._current.fields[a["name"]] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def first_ekey_form(html: str) -> Form | None:
    """The first login, TOTP or consent form of a page, parsing one <form> element at a time.

    The form a person fills in comes first (dev builds append persona shortcut forms), so this usually parses a
    few hundred bytes instead of the whole page: html.parser costs ~1.2 ms for eKey's 6 KB login page, which
    would make page parsing the load generator's largest cost.
    """
    lower = html.lower()
    start = lower.find("<form")
    while start != -1:
        end = lower.find("</form>", start)
        chunk = html[start : (end + 7) if end != -1 else len(html)]
        for form in parse_forms(chunk):
            if form.kind() != "unknown":
                return form
        if end == -1:
            return None
        start = lower.find("<form", end)
    return None


def resolve(base_url: str, target: str) -> str:
    """Absolute URL of a form action or Location header (an empty action posts back to the page itself)."""
    return urljoin(base_url, target) if target else base_url


def path_of(url: str) -> str:
    """The path of a URL, used to name a hop in Locust's statistics (query strings would explode the table)."""
    return urlsplit(url).path or "/"


_ID_SEGMENT = re.compile(r"^[A-Za-z0-9_-]{12,}$")


def hop_name(url: str) -> str:
    """A hop's row name: the path, with random identifiers (interaction ids) folded into [id]."""
    segments = path_of(url).split("/")
    return "/".join(
        # Random ids mix digits or capitals; slugs and endpoint names are lower case.
        "[id]" if _ID_SEGMENT.match(seg) and any(c.isdigit() or c.isupper() for c in seg) else seg
        for seg in segments
    )


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def same_origin(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str


def pkce_pair() -> Pkce:
    verifier = secrets.token_urlsafe(48)  # 64 characters, within RFC 7636's 43..128
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii"))


def basic_auth(client_id: str, client_secret: str) -> str:
    from urllib.parse import quote

    # RFC 6749 §2.3.1: form-urlencode both parts before base64.
    raw = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def loopback_aliases(host: str, count: int) -> list[str]:
    """`count` source addresses in 127.0.0.0/8 when the target is on loopback, else none.

    eKey limits sign-in posts per client address and minute; a nation logs in from many addresses, a single
    load generator from one. On loopback every 127.x.y.z is the local machine, so each visitor can have its own
    address, as each citizen has their own device. A remote target sees the generator's real address: raise the
    limits there (docs/LOADTESTING.md).
    """
    hostname = urlsplit(host).hostname or ""
    try:
        if count <= 0 or not ipaddress.ip_address(hostname).is_loopback or ipaddress.ip_address(hostname).version != 4:
            return []
    except ValueError:
        return []
    # Last octet 1..254 (no network or broadcast-looking addresses), then 256 values, then 127.1-254.
    return [f"127.{1 + i // (254 * 256) % 254}.{i // 254 % 256}.{1 + i % 254}" for i in range(count)]
