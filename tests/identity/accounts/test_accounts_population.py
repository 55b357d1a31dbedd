"""The synthetic population (deterministic, valid unique CPRs, idempotent seed) and the CLI's JSON output."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from identity.accounts.authn import authenticate_password, authenticate_totp
from identity.accounts.bulk import seed_population
from identity.accounts.cpr import is_valid_cpr, make_cpr
from identity.accounts.population import (
    derived_credentials,
    population_cpr,
    population_people,
    population_person,
    schedule,
)
from identity.accounts.registry import citizen_by_cpr
from tests.conftest import PROJECT_ROOT, server_env
from tests.identity.accounts.conftest import code_at

SECRET = "a-test-secret-that-is-long-enough-000000"


def test_same_secret_same_people_other_secret_other_people() -> None:
    first = list(population_people(SECRET, 0, 200))
    assert first == list(population_people(SECRET, 0, 200))
    assert population_person(SECRET, 123) == first[123]
    other = list(population_people(SECRET + "!", 0, 200))
    assert sum(a.cpr == b.cpr for a, b in zip(first, other, strict=True)) < 20
    assert derived_credentials(SECRET, first[0].cpr) == derived_credentials(SECRET, first[0].cpr)
    assert derived_credentials(SECRET, first[0].cpr) != derived_credentials(SECRET + "!", first[0].cpr)


def test_cprs_are_valid_unique_and_encode_the_birth_month() -> None:
    people = list(population_people(SECRET, 0, 60_000))
    assert len({p.cpr for p in people}) == len(people)
    for person in people[::97]:
        assert is_valid_cpr(person.cpr)
        assert person.cpr[:4] == f"{person.birthdate.year % 100:02d}{person.birthdate.month:02d}"
        assert int(person.cpr[4:8]) < 8000  # the population's serial range
    assert [population_cpr(SECRET, i) for i in (0, 59_999)] == [people[0].cpr, people[-1].cpr]


def test_capacity_is_bounded_and_reported() -> None:
    capacity = schedule(SECRET).capacity
    assert capacity > 768_000
    population_cpr(SECRET, capacity - 1)
    with pytest.raises(ValueError):
        population_cpr(SECRET, capacity)


def test_cpr_check_digit() -> None:
    cpr = make_cpr(dt.date(1990, 4, 1), 1234)
    assert cpr.startswith("90041234") and is_valid_cpr(cpr)
    assert not is_valid_cpr(cpr[:8] + str((int(cpr[8]) + 1) % 10))
    assert not is_valid_cpr("901312345") and not is_valid_cpr("12345678") and not is_valid_cpr("９００４１２３４５")


async def test_seed_is_idempotent_and_everyone_can_log_in(session_maker, config) -> None:
    await seed_population(session_maker, config.secret_key, 120, batch=50)
    again = await seed_population(session_maker, config.secret_key, 120, batch=50)
    assert again == 0
    cpr = population_cpr(config.secret_key, 119)
    async with session_maker() as session:
        record = await citizen_by_cpr(session, cpr)
        assert record is not None and record.has_account and not record.deceased
        password, totp_secret = derived_credentials(config.secret_key, cpr)
        outcome = await authenticate_password(session, cpr, password, config=config)
        second = await authenticate_totp(
            session, outcome.account_id, code_at(totp_secret, dt.datetime.now(dt.UTC)), config=config
        )
        await session.commit()
    assert outcome.ok and (second.ok or second.reason == "replayed")


def run_cli(settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bawaba", *args], cwd=PROJECT_ROOT, env=server_env(settings),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


async def test_cli_create_prints_json_credentials_that_work(settings, session_maker, config) -> None:
    result = run_cli(settings, "citizens", "create", "--level", "advanced", "--json")
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout.strip().splitlines()[-1])
    assert created["level"] == "advanced" and is_valid_cpr(created["cpr"])
    async with session_maker() as session:
        outcome = await authenticate_password(session, created["cpr"], created["password"], config=config)
        second = await authenticate_totp(
            session, outcome.account_id, code_at(created["totp_secret"], dt.datetime.now(dt.UTC)), config=config
        )
        await session.commit()
    assert outcome.ok and second.ok


async def test_cli_seed_citizens_creates_the_population(settings, session_maker, config) -> None:
    result = run_cli(settings, "seed", "--citizens", "150")
    assert result.returncode == 0, result.stderr
    assert "population: 150 people" in result.stdout
    async with session_maker() as session:
        assert await citizen_by_cpr(session, population_cpr(config.secret_key, 149)) is not None
