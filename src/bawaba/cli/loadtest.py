"""`bawaba loadtest SCENARIO`: run a Locust scenario headless with SLO gates; `seed --load-personas N` support.

Locust runs in a subprocess (it monkey-patches with gevent on import), on the scenario's locustfile in loadtests/.
The run writes Locust's CSV and HTML reports plus `<prefix>_verdict.json` and `<prefix>_summary.md`, and exits 0
(pass), 2 (SLO breach) or 3 (invalid run: the generator was the bottleneck). docs/LOADTESTING.md explains it all.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import hashlib
import hmac
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bawaba.settings import Settings

SCENARIO_FILES = {
    "average-day": "average_day.py",
    "peak-hour": "peak_hour.py",
    "surge-x10": "surge_x10.py",
    "half-year-replay": "half_year_replay.py",
    "soak": "soak.py",
}
# The relying parties the load users log in through: the portal, and the apps of the report (weighted by monthly
# users in loadtests/_volume.py). Apps ask for offline_access so their back ends can refresh.
LOAD_CLIENTS = ("portal", "etraffic", "sehati", "tajer", "ishabab", "tawasul")
PORTAL_SCOPE = "openid profile cpr certificates"
APP_SCOPE = "openid profile offline_access"
WRONG_PASSWORD_SHARE = 0.10  # of the personas, kept apart for failed attempts
PERSONAS_PER_LOGIN_PER_SECOND = 120  # two 30 s TOTP steps × 2 safety (load-model.md §8)


def loadtests_dir() -> Path:
    """The checkout's loadtests/ (the locustfiles are not part of the installed package)."""
    for candidate in (os.environ.get("BAWABA_LOADTESTS_DIR"), Path.cwd() / "loadtests",
                      Path(__file__).resolve().parents[3] / "loadtests"):  # fmt: skip
        if candidate and (Path(candidate) / "_scenarios.py").is_file():
            return Path(candidate).resolve()
    raise click.ClickException("loadtests/ not found: run from the repository root or set BAWABA_LOADTESTS_DIR")


def _plan(scenario: str, minutes: float | None, rate_scale: float | None):
    # The scenario modules are plain Python (no Locust): safe to import here for sizing and defaults.
    directory = str(loadtests_dir())
    if directory not in sys.path:
        sys.path.insert(0, directory)
    import _scenarios

    return _scenarios.build(scenario, minutes, rate_scale)


def personas_needed(plan) -> int:
    """Citizen personas for the plan's busiest sustained minute, plus the wrong-password slice."""
    per_minute = [sum(plan.rate("login", s) for s in range(m, min(m + 60, plan.duration_s))) / 60
                  for m in range(0, plan.duration_s, 60)]  # fmt: skip
    citizens = PERSONAS_PER_LOGIN_PER_SECOND * max(per_minute) + 100
    return math.ceil(citizens / (1 - WRONG_PASSWORD_SHARE))


# --- personas and relying parties -----------------------------------------------------------------------------------
def _client_secret(secret_key: str, name: str) -> str:
    # Derived from the server secret, so re-seeding gives the same secret and nothing has to be stored in clear.
    return hmac.new(secret_key.encode(), f"bawaba/loadtest/client/{name}".encode(), hashlib.sha256).hexdigest()


def _client_entry(settings: Settings, name: str) -> dict[str, str]:
    return {
        "name": name,
        "client_id": f"load-{name}",
        "client_secret": _client_secret(settings.secret_key, name),
        "redirect_uri": f"http://127.0.0.1/load/{name}/callback",
        "scope": PORTAL_SCOPE if name == "portal" else APP_SCOPE,
    }


async def _ensure_population_and_clients(settings: Settings, count: int) -> int:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from bawaba.db import create_engine
    from identity.accounts.bulk import seed_population
    from identity.oidc.clients import ClientCreate, client_exists, create_client

    engine = create_engine(settings.database_url)
    session_maker = async_sessionmaker(engine, expire_on_commit=False)
    try:
        created = await seed_population(session_maker, settings.secret_key, count)
        async with session_maker() as session:
            for name in LOAD_CLIENTS:
                entry = _client_entry(settings, name)
                if await client_exists(session, entry["client_id"]):
                    continue
                await create_client(
                    session,
                    ClientCreate(
                        name=f"Load test: {name}",
                        redirect_uris=[entry["redirect_uri"]],
                        auth_method="client_secret_basic",
                        client_id=entry["client_id"],
                        client_secret=entry["client_secret"],
                    ),
                )
            await session.commit()
        return created
    finally:
        await engine.dispose()


def export_personas(settings: Settings, count: int, directory: Path) -> tuple[Path, Path]:
    """personas.csv (cpr, password, totp_secret, pool, id_card_expiry) and clients.json for the Locust users."""
    from identity.accounts.population import derived_credentials, population_person

    directory.mkdir(parents=True, exist_ok=True)
    personas, clients = directory / "personas.csv", directory / "clients.json"
    wrong = max(1, round(count * WRONG_PASSWORD_SHARE))
    with open(personas, "w", newline="", encoding="utf-8") as handle:
        os.chmod(personas, 0o600)  # synthetic credentials, but credentials: not world-readable
        writer = csv.writer(handle)
        writer.writerow(["cpr", "password", "totp_secret", "pool", "id_card_expiry"])
        for i in range(count):
            person = population_person(settings.secret_key, i)
            password, totp_secret = derived_credentials(settings.secret_key, person.cpr)
            pool = "wrong_password" if i >= count - wrong else "citizen"
            writer.writerow([person.cpr, password, totp_secret, pool, person.id_card_expiry.isoformat()])
    entries = {name: _client_entry(settings, name) for name in LOAD_CLIENTS}
    clients.write_text(json.dumps({"portal": entries.pop("portal"), "apps": entries}, indent=2))
    os.chmod(clients, 0o600)
    return personas, clients


def seed_load_personas(settings: Settings, count: int, out: Path | None) -> None:
    """`bawaba seed --load-personas N`: population members 0..N-1, the load relying parties, and the export."""
    if settings.is_prod:
        raise click.ClickException("load personas export credentials: refused in the prod profile")
    directory = out.parent if out is not None and out.suffix else (out or Path(settings.var_dir) / "load")
    created = asyncio.run(_ensure_population_and_clients(settings, count))
    personas, clients = export_personas(settings, count, directory)
    if out is not None and out.suffix and out != personas:
        personas.replace(out)
        personas = out
    click.echo(f"load personas: {count} ({created} created), written to {personas} and {clients}")


# --- the command ----------------------------------------------------------------------------------------------------
@click.command("loadtest")
@click.argument("scenario", type=click.Choice(list(SCENARIO_FILES)))
@click.option("--host", required=True, help="Base URL of the server under test, e.g. http://127.0.0.1:8000.")
@click.option("--minutes", type=click.FloatRange(0.1), default=None, help="Run length (default: the scenario's).")
@click.option("--rate-scale", type=click.FloatRange(0.0, min_open=True), default=None, help="× the real rates.")
@click.option("--arrivals", type=click.Choice(["regular", "poisson"]), default="regular", show_default=True,
              help="Evenly spaced arrivals (k6-style) or a Poisson process.")  # fmt: skip
@click.option("--skip-flows", default="", help="Comma-separated flows to leave out (login, failed_login, "
              "catalog_visit, certificate, verification, app_transaction).")  # fmt: skip
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Locust worker processes on this machine (a master plus N workers when > 1).")  # fmt: skip
@click.option("--master", "role", flag_value="master", help="Be the master of workers on other hosts.")
@click.option("--worker", "role", flag_value="worker", help="Be a worker of --master-host.")
@click.option("--expect-workers", type=click.IntRange(1), default=1, show_default=True, help="With --master.")
@click.option("--master-host", default="127.0.0.1", show_default=True, help="With --worker.")
@click.option("--load-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where personas.csv and clients.json are (default: $BAWABA_VAR_DIR/load).")  # fmt: skip
@click.option("--prepare/--no-prepare", default=True, show_default=True,
              help="Seed enough load personas and load relying parties first (needs the database).")  # fmt: skip
@click.option("--server-pid", type=int, default=None,
              help="PID of a local server (its whole process tree): report its CPU per login round.")  # fmt: skip
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Report directory (default: loadtests/reports/<scenario>-<UTC time>).")  # fmt: skip
def loadtest(
    scenario: str,
    host: str,
    minutes: float | None,
    rate_scale: float | None,
    arrivals: str,
    skip_flows: str,
    processes: int,
    role: str | None,
    expect_workers: int,
    master_host: str,
    load_dir: Path | None,
    prepare: bool,
    server_pid: int | None,
    out: Path | None,
) -> None:
    """Run SCENARIO headless against --host; print target vs achieved rates, per-hop percentiles and the SLO verdict."""
    from bawaba.cli.core import settings_or_exit

    plan = _plan(scenario, minutes, rate_scale)
    settings = settings_or_exit()
    load_dir = load_dir or Path(settings.var_dir) / "load"
    needed = personas_needed(plan)
    if prepare and role != "worker":
        seed_load_personas(settings, max(needed, _csv_rows(load_dir / "personas.csv")), load_dir)
    elif _csv_rows(load_dir / "personas.csv") < needed and role != "worker":
        click.echo(f"warning: {load_dir / 'personas.csv'} has fewer personas than this plan needs ({needed})", err=True)
    directory = loadtests_dir()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = out or directory / "reports" / f"{scenario}-{stamp}"
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / scenario
    dispatchers = expect_workers if role == "master" else processes
    command = [
        sys.executable, "-m", "locust", "-f", str(directory / SCENARIO_FILES[scenario]), "--headless",
        "--host", host, "--personas", str(load_dir / "personas.csv"), "--clients", str(load_dir / "clients.json"),
        "--arrivals", arrivals, "--dispatchers", str(dispatchers), "--persona-shards", str(dispatchers),
        "--csv", str(prefix), "--csv-full-history", "--html", f"{prefix}.html", "--verdict", str(prefix),
        "--only-summary", "--loglevel", "INFO", "--logfile", f"{prefix}.log",
    ]  # fmt: skip
    if minutes is not None:
        command += ["--scenario-minutes", str(minutes)]
    if rate_scale is not None:
        command += ["--rate-scale", str(rate_scale)]
    if skip_flows:
        command += ["--skip-flows", skip_flows]
    if role == "master":
        command += ["--master", "--expect-workers", str(expect_workers)]
    elif role == "worker":
        command = [c for c in command if c != "--headless"] + ["--worker", "--master-host", master_host]
    elif processes > 1:
        command += ["--processes", str(processes)]
    click.echo(f"{scenario}: {plan.duration_s} s planned, reports in {out}")
    click.echo(" ".join(command), err=True)
    cpu_before = _server_cpu(server_pid)
    code = subprocess.call(command, cwd=directory.parent)
    summary = Path(f"{prefix}_summary.md")
    if server_pid is not None and summary.is_file():
        _add_server_cpu(prefix, _server_cpu(server_pid) - cpu_before)
    if role == "worker":
        sys.exit(code)
    if not summary.is_file():
        click.echo(f"no verdict was written (locust exit {code}); see {prefix}.log", err=True)
        sys.exit(code or 3)
    click.echo("\n" + summary.read_text())
    click.echo(f"reports: {out} (CSV, HTML, verdict JSON, log); exit {code}")
    sys.exit(code)


def _server_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    sys.path.insert(0, str(loadtests_dir() / "bench"))
    from _harness import tree_cpu_seconds  # /proc accounting over the process tree (granian workers, threads)

    return tree_cpu_seconds(pid)


def _add_server_cpu(prefix: Path, cpu_s: float) -> None:
    """Server CPU over the run (includes the drain and idle time) per successful login round, into the verdict."""
    verdict_path, summary_path = Path(f"{prefix}_verdict.json"), Path(f"{prefix}_summary.md")
    verdict = json.loads(verdict_path.read_text())
    login = verdict["flows"].get("login", {})
    logins = max(0, login.get("completed", 0) - login.get("failed", 0))
    requests = verdict["requests"] or 1
    verdict["server_cpu"] = {"seconds": round(cpu_s, 2), "ms_per_login_round": round(1000 * cpu_s / max(1, logins), 1),
                             "ms_per_request": round(1000 * cpu_s / requests, 2),
                             "cores_busy": round(cpu_s / max(1.0, verdict["duration_s"]), 2)}  # fmt: skip
    verdict_path.write_text(json.dumps(verdict, indent=2, default=str))
    c = verdict["server_cpu"]
    line = (f"\nServer CPU: {c['seconds']} s over the run = {c['cores_busy']} cores busy on average, "
            f"{c['ms_per_request']} ms per request, {c['ms_per_login_round']} ms per successful login "
            "(all flows' CPU divided by logins).\n")  # fmt: skip
    summary_path.write_text(summary_path.read_text() + line)


def _csv_rows(path: Path) -> int:
    if not path.is_file():
        return 0
    with open(path, encoding="utf-8") as handle:
        return max(0, sum(1 for _ in handle) - 1)
