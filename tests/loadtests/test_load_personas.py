"""`bawaba seed --load-personas N`: population accounts that can log in, the load relying parties, the export."""

from __future__ import annotations

import asyncio
import csv
import json
import secrets
import stat
from pathlib import Path

import click
import pytest
from sqlalchemy import select

from bawaba.cli.loadtest import LOAD_CLIENTS, personas_needed, seed_load_personas
from bawaba.settings import Settings, load_settings
from identity.accounts.models import Citizen
from identity.accounts.population import derived_credentials, population_cpr, population_person
from identity.oidc.clients import ClientCache


def test_load_personas_are_population_accounts_with_derived_credentials(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "load" / "personas.csv"
    seed_load_personas(settings, 30, out)
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 30
    assert [r["pool"] for r in rows].count("wrong_password") == 3  # a separate 10 % for failed attempts
    for i, row in enumerate(rows):
        person = population_person(settings.secret_key, i)
        assert row["cpr"] == person.cpr == population_cpr(settings.secret_key, i)
        assert (row["password"], row["totp_secret"]) == derived_credentials(settings.secret_key, row["cpr"])
        assert row["id_card_expiry"] == person.id_card_expiry.isoformat()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    clients = json.loads((out.parent / "clients.json").read_text())
    assert set(clients["apps"]) | {"portal"} == set(LOAD_CLIENTS)
    assert clients["portal"]["redirect_uri"].startswith("http://127.0.0.1/")
    # Idempotent: a second export gives the same relying-party secrets (derived from the server secret).
    seed_load_personas(settings, 30, out)
    assert json.loads((out.parent / "clients.json").read_text()) == clients


async def test_load_personas_exist_in_the_register_and_clients_are_registered(settings: Settings, session_maker,
                                                                                tmp_path: Path) -> None:  # fmt: skip
    # The CLI function runs its own event loop: call it from a thread, as the command line would.
    await asyncio.to_thread(seed_load_personas, settings, 12, tmp_path / "personas.csv")
    cprs = [population_cpr(settings.secret_key, i) for i in range(12)]
    async with session_maker() as session:
        found = set((await session.execute(select(Citizen.cpr).where(Citizen.cpr.in_(cprs)))).scalars())
        assert found == set(cprs)
        record = await ClientCache().get(session, "load-portal")
    assert record is not None
    secret = json.loads((tmp_path / "clients.json").read_text())["portal"]["client_secret"]
    assert record.check_client_secret(secret)
    assert not record.check_client_secret(secret + "x")


def test_the_prod_profile_refuses_to_export_credentials(tmp_path: Path) -> None:
    prod = load_settings(
        environ={},
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
        profile="prod",
        secret_key=secrets.token_urlsafe(40),
        admin_token=secrets.token_urlsafe(30),
        dev_features=False,
        issuer="https://ekey.example",
    )
    with pytest.raises(click.ClickException, match="prod"):
        seed_load_personas(prod, 10, tmp_path / "personas.csv")
    assert not (tmp_path / "personas.csv").exists()


def test_persona_pool_is_sized_for_the_busiest_minute() -> None:
    import _scenarios as scenarios

    # ~120 personas per login/s (two TOTP steps, twice over) plus the wrong-password tenth.
    surge = personas_needed(scenarios.build("surge-x10", minutes=37))
    assert 3_400 <= surge <= 3_700
    assert personas_needed(scenarios.build("peak-hour", minutes=2)) < surge
