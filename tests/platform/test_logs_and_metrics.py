"""Access logs and metrics of a live server: one JSON line per request with its id; every metric with workers > 1."""

from __future__ import annotations

import json
import time

import httpx

from bawaba.settings import Settings
from tests.conftest import run_server, server_env


def _access_lines(log: str) -> list[dict]:
    lines = []
    for line in log.splitlines():
        if " bawaba.access " in line:
            lines.append(json.loads(line.split(" bawaba.access ", 1)[1]))
    return lines


def test_every_request_gets_one_json_line_with_its_request_id(settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = server_env(settings, BAWABA_LOG_LEVEL="INFO", BAWABA_ACCESS_LOG="true")
    with run_server(env, tmp_path / "server.log") as server:
        chosen = httpx.get(f"{server.url}/health", headers={"X-Request-ID": "trace-me.42"})
        minted = httpx.get(f"{server.url}/api/v1/no-such-thing")
        assert chosen.headers["x-request-id"] == "trace-me.42"
        minted_id = minted.headers["x-request-id"]
        assert len(minted_id) == 16 and minted_id != "trace-me.42"
        deadline = time.monotonic() + 5  # lines are written by a thread every 50 ms
        while time.monotonic() < deadline:
            lines = {entry["request_id"]: entry for entry in _access_lines(server.log())}
            if {"trace-me.42", minted_id} <= lines.keys():
                break
            time.sleep(0.05)
        health, missing = lines["trace-me.42"], lines[minted_id]
        assert (health["method"], health["path"], health["status"]) == ("GET", "/health", 200)
        assert (missing["path"], missing["status"]) == ("/api/v1/no-such-thing", 404)
        assert health["duration_ms"] >= 0 and health["client"] == "127.0.0.1"
        assert sum(1 for entry in _access_lines(server.log()) if entry["request_id"] == "trace-me.42") == 1


def test_two_workers_publish_every_metric_including_the_domains(settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With workers > 1 metrics go through prometheus_client's multiprocess files; a metric created before the
    directory was set (the domains are imported while seeding) would silently stay out of /metrics."""
    with run_server(server_env(settings), tmp_path / "server.log", workers=2) as server:
        for _ in range(4):
            httpx.get(f"{server.url}/health")
        text = httpx.get(f"{server.url}/metrics").text
    assert "bawaba_http_requests_total{" in text
    assert "bawaba_password_hash_cpu_seconds_total" in text
