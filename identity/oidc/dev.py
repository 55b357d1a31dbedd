"""Dev-profile conveniences (the prod profile never reaches these): persona picker, visible TOTP, silent login."""

from __future__ import annotations

import importlib
from typing import Any
from uuid import UUID

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.cpr import is_valid_cpr
from identity.accounts.registry import citizen_by_cpr


def _personas() -> list[Any]:
    try:
        module = importlib.import_module("identity.accounts.personas")
    except ImportError:
        return []
    loader = getattr(module, "load_personas", None) or getattr(module, "personas", None)
    found = loader() if callable(loader) else getattr(module, "PERSONAS", [])
    return list(found)


def persona_buttons() -> list[dict[str, str]]:
    return [
        {"cpr": p.cpr, "password": p.password, "label": getattr(p, "label", p.cpr), "level": getattr(p, "level", "")}
        for p in _personas()
    ]


def dev_totp_code(cpr: str | None) -> str | None:
    for p in _personas():
        if p.cpr == cpr and getattr(p, "totp_secret", None):
            return pyotp.TOTP(p.totp_secret).now()
    return None


async def account_for_login_hint(session: AsyncSession, login_hint: str) -> UUID | None:
    cpr = login_hint.strip()
    if not is_valid_cpr(cpr):
        return None
    record = await citizen_by_cpr(session, cpr)
    if record is None or not record.has_account or record.deceased:
        return None
    return record.id
