"""Server-rendered sign-in pages: language choice, bilingual strings, and the headers every page carries."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.enums import MediaType
from markupsafe import Markup, escape

from identity.oidc.responses import FastResponse

LANG_COOKIE = "bawaba_lang"
LANGS = ("ar", "en")

# Framing is refused twice (CSP for current browsers, X-Frame-Options for old ones): clickjacking a sign-in form.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

STRINGS: dict[str, dict[str, str]] = {
    "ar": {
        "title": "المفتاح الإلكتروني",
        "switch": "English",
        "sign_in_to": "تسجيل الدخول إلى",
        "cpr": "الرقم الشخصي",
        "password": "كلمة المرور",
        "continue": "متابعة",
        "otp_title": "رمز التحقق",
        "otp_help": "أدخل الرمز المكوّن من ستة أرقام من تطبيق المصادقة.",
        "otp": "رمز التحقق",
        "verify": "تحقق",
        "consent_title": "طلب مشاركة البيانات",
        "consent_intro": "تطلب الجهة التالية الوصول إلى بياناتك:",
        "approve": "موافقة",
        "deny": "رفض",
        "error_title": "تعذّر إكمال الطلب",
        "bad_credentials": "الرقم الشخصي أو كلمة المرور غير صحيحة.",
        "bad_otp": "رمز التحقق غير صحيح أو مستخدم من قبل.",
        "try_later": "محاولات كثيرة. حاول مرة أخرى لاحقاً.",
        "expired": "انتهت صلاحية جلسة تسجيل الدخول. ارجع إلى الخدمة وابدأ من جديد.",
        "csrf": "تعذّر التحقق من النموذج. ارجع إلى الخدمة وابدأ من جديد.",
        "back_to_service": "العودة إلى الخدمة",
        "personas": "شخصيات تجريبية (بيئة التطوير فقط)",
        "dev_code": "رمز التطوير الحالي",
        "signed_out": "تم تسجيل الخروج.",
        "sign_out": "تسجيل الخروج",
        "sign_out_confirm": "هل تريد تسجيل الخروج من المفتاح الإلكتروني؟",
        "level_required": (
            "تتطلب هذه الخدمة المفتاح الإلكتروني المتقدم. يرجى زيارة أحد الأكشاك أو مراكز الخدمة للترقية."
        ),
    },
    "en": {
        "title": "eKey",
        "switch": "العربية",
        "sign_in_to": "Sign in to",
        "cpr": "Personal number (CPR)",
        "password": "Password",
        "continue": "Continue",
        "otp_title": "Verification code",
        "otp_help": "Enter the six-digit code from your authenticator app.",
        "otp": "Verification code",
        "verify": "Verify",
        "consent_title": "Data sharing request",
        "consent_intro": "The following service asks to access your data:",
        "approve": "Approve",
        "deny": "Deny",
        "error_title": "The request could not be completed",
        "bad_credentials": "The personal number or password is incorrect.",
        "bad_otp": "The verification code is incorrect or was already used.",
        "try_later": "Too many attempts. Try again later.",
        "expired": "The sign-in session has expired. Return to the service and start again.",
        "csrf": "The form could not be verified. Return to the service and start again.",
        "back_to_service": "Return to the service",
        "personas": "Demo personas (development profile only)",
        "dev_code": "Current development code",
        "signed_out": "You are signed out.",
        "sign_out": "Sign out",
        "sign_out_confirm": "Do you want to sign out of eKey?",
        "level_required": "This service requires eKey Advanced. Visit an eKiosk or a service centre to upgrade.",
    },
}

SCOPE_LABELS = {
    "ar": {
        "openid": "هويتك في المفتاح الإلكتروني",
        "profile": "الاسم وتاريخ الميلاد والجنس والجنسية",
        "cpr": "الرقم الشخصي",
        "address": "العنوان",
        "phone": "رقم الهاتف",
        "offline_access": "الوصول أثناء عدم وجودك",
    },
    "en": {
        "openid": "Your eKey identity",
        "profile": "Name, birth date, gender and nationality",
        "cpr": "Personal number (CPR)",
        "address": "Address",
        "phone": "Phone number",
        "offline_access": "Access while you are away",
    },
}


_COOKIE_SAFE = re.compile(r"[A-Za-z0-9._~+/=:-]*")


class FastCookie(Cookie):
    """A Cookie whose Set-Cookie header is built directly: Litestar goes through http.cookies.SimpleCookie
    (~70 µs a cookie, three or four cookies per sign-in). Values outside the token alphabet take the stock path."""

    def to_encoded_header(self) -> tuple[bytes, bytes]:
        value = self.value or ""
        if self.domain or self.expires is not None or not _COOKIE_SAFE.fullmatch(value):
            return super().to_encoded_header()
        parts = [f"{self.key}={value}"]
        if self.path:
            parts.append(f"Path={self.path}")
        if self.max_age is not None:
            parts.append(f"Max-Age={self.max_age}")
        if self.secure:
            parts.append("Secure")
        if self.httponly:
            parts.append("HttpOnly")
        parts.append(f"SameSite={self.samesite}")
        return b"set-cookie", "; ".join(parts).encode("latin-1")


def choose_lang(request: Request, ui_locales: str | None = None) -> str:
    """Cookie choice first, then the relying party's ui_locales, then Arabic."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen  # type: ignore[return-value]
    for tag in (ui_locales or "").split():
        base = tag.split("-")[0].lower()
        if base in LANGS:
            return base
    return "ar"


# Rendered pages with a slot where each per-request value goes (interaction id, CSRF token, language-switch link,
# dev TOTP code): a sign-in page differs between two browsers only there, so Jinja runs once per variant and a
# request costs a few str.replace calls (~20 µs instead of ~500 µs). Values are HTML-escaped into their slots.
PER_REQUEST = ("iid", "csrf_token", "dev_code")
_pages: dict[tuple[str, str, tuple[str, ...], str], str] = {}
MAX_CACHED_PAGES = 512


def _slot(name: str) -> str:
    return f"\ue000{name}\ue001"  # private-use characters: never in a template, never produced by escaping


def render(
    request: Request,
    name: str,
    lang: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    cookies: list[Cookie] | None = None,
) -> Response:
    other_lang = "en" if lang == "ar" else "ar"
    here = context.get("switch_next") or (request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    values = {"switch_href": f"/lang/{other_lang}?next={quote(here, safe='/')}"}
    values.update((k, str(context[k])) for k in PER_REQUEST if context.get(k) is not None)
    stable = {k: v for k, v in context.items() if k not in PER_REQUEST and k != "switch_next"}
    key = (name, lang, tuple(values), repr(sorted(stable.items())))
    page = _pages.get(key)
    if page is None:
        full = {
            "lang": lang,
            "dir": "rtl" if lang == "ar" else "ltr",
            "t": STRINGS[lang],
            "scope_labels": SCOPE_LABELS[lang],
            "other_lang": other_lang,
            **stable,
            **{k: Markup(_slot(k)) for k in values},
        }
        page = request.app.template_engine.engine.get_template(name).render(full)  # type: ignore[union-attr]
        if len(_pages) >= MAX_CACHED_PAGES:
            _pages.clear()
        _pages[key] = page
    for k, v in values.items():
        page = page.replace(_slot(k), str(escape(v)))
    html = page.encode()
    return FastResponse(
        html, media_type=MediaType.HTML, status_code=status, headers=PAGE_HEADERS, cookies=cookies or []
    )
