"""End to end: `bawaba loadtest peak-hour` for ~20 s against a real server, in subprocesses.

Locust is never imported here (it monkey-patches with gevent on import): the seed, the run and the server are
separate processes, and the test reads the verdict the run wrote.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _bawaba(args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bawaba", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.slow
def test_peak_hour_for_20_seconds_has_no_failures_and_hits_the_planned_rate(live_server, tmp_path: Path) -> None:
    load_dir = tmp_path / "load"
    seeded = _bawaba(["seed", "--load-personas", "600", "--out", str(load_dir / "personas.csv")], live_server.env, 300)
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    assert (load_dir / "clients.json").is_file()

    out = tmp_path / "report"
    args = ["loadtest", "peak-hour", "--host", live_server.url, "--minutes", "0.34", "--no-prepare",
            "--load-dir", str(load_dir), "--out", str(out)]  # fmt: skip
    discovery = httpx.get(f"{live_server.url}/.well-known/openid-configuration", timeout=10).json()
    if "certificates" not in discovery.get("scopes_supported", []):
        # Citizens cannot get a token for the certificates API until the provider offers the scope (a known gap
        # between the OIDC and certificates areas): run every other flow rather than fail on it.
        args += ["--skip-flows", "certificate,verification"]
    run = _bawaba(args, live_server.env, 240)
    summary = (out / "peak-hour_summary.md").read_text() if (out / "peak-hour_summary.md").is_file() else run.stderr
    failures = out / "peak-hour_failures.csv"
    summary += "\n" + (failures.read_text() if failures.is_file() else "")  # which hop failed, and why
    # 0 = pass, 2 = an SLO breach, 3 = invalid (the generator fell behind its schedule): latency on a shared 2-core
    # machine is not this test's business. 1 would be a crash.
    assert run.returncode in (0, 2, 3), summary
    verdict = json.loads((out / "peak-hour_verdict.json").read_text())
    for report in ("peak-hour_stats.csv", "peak-hour_stats_history.csv", "peak-hour.html"):
        assert (out / report).is_file(), report

    assert verdict["requests"] > 200, summary
    assert verdict["failures"] == 0, summary
    assert not verdict["generator"].get("pool_exhausted"), summary  # TOTP steps never reused
    login = verdict["flows"]["login"]
    assert login["target"] > 40, summary
    assert abs(login["started"] / login["target"] - 1) <= 0.10, summary
    planned = sum(flow["target"] for flow in verdict["flows"].values())
    started = sum(flow["started"] for flow in verdict["flows"].values())
    assert abs(started / planned - 1) <= 0.10, summary
    # Every hop of the login round is timed on its own row.
    hops = {f"{hop['method']} {hop['name']}" for hop in verdict["hops"]}
    assert {"GET /oidc/auth", "POST /login/[id]", "POST /login/[id]/otp", "POST /oidc/token"} <= hops, hops
