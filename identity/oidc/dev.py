"""Dev-profile conveniences (the prod profile never reaches these): persona picker, visible TOTP, silent login."""

from __future__ import annotations

import functools
import importlib
from typing import Any
from uuid import UUID

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.cpr import is_valid_cpr
from identity.accounts.registry import citizen_by_cpr


@functools.lru_cache(maxsize=4)
def _personas(seeds_dir: str) -> tuple[Any, ...]:
    """The accounts area's demo personas, read once per process (the file is part of the release)."""
    module = importlib.import_module("identity.accounts.personas")
    return tuple(module.load_personas(seeds_dir))


def persona_buttons(seeds_dir: str) -> list[dict[str, str]]:
    return [
        {"cpr": p.cpr, "password": p.password, "label": f"{p.label_en} / {p.label_ar}", "level": p.level}
        for p in _personas(seeds_dir)
    ]


def dev_totp_code(seeds_dir: str, cpr: str | None) -> str | None:
    for p in _personas(seeds_dir):
        if p.cpr == cpr:
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
