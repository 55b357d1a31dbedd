"""Health, readiness, metrics, request ids and the OpenAPI document."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.asyncio


async def test_health_is_alive(client) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_checks_database_and_migration_head(client) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "head"}


async def test_request_id_is_minted_and_echoed(client) -> None:
    minted = await client.get("/health")
    assert len(minted.headers["x-request-id"]) == 16
    echoed = await client.get("/health", headers={"X-Request-ID": "trace-abc.123"})
    assert echoed.headers["x-request-id"] == "trace-abc.123"
    # A hostile id (header injection, oversized) is replaced, never reflected.
    hostile = await client.get("/health", headers={"X-Request-ID": "a" * 300})
    assert hostile.headers["x-request-id"] != "a" * 300


async def test_unmatched_routes_carry_a_request_id_too(client) -> None:
    response = await client.get("/definitely/not/here")
    assert response.status_code == 404
    assert response.headers["x-request-id"]


async def test_metrics_count_requests_in_prometheus_format(client) -> None:
    await client.get("/health")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    series = 'bawaba_http_requests_total{method="GET",route="/health",status="200"}'
    line = next(x for x in response.text.splitlines() if x.startswith(series))
    assert float(line.rsplit(" ", 1)[1]) >= 1


async def test_metrics_count_an_unknown_method_once_as_other_and_by_increment(client) -> None:  # type: ignore[no-untyped-def]
    def count(text: str, series: str) -> float:
        line = next((x for x in text.splitlines() if x.startswith(series)), None)
        return float(line.rsplit(" ", 1)[1]) if line else 0.0

    series = 'bawaba_http_requests_total{method="OTHER",route="unmatched",status="404"}'
    before = count((await client.get("/metrics")).text, series)
    for method in ("BREW", "WHEN"):  # any token is a valid request method: they share one series
        await client.request(method, "/no-such-page")
    text = (await client.get("/metrics")).text
    assert count(text, series) == before + 2
    assert 'method="BREW"' not in text and 'method="WHEN"' not in text
    await client.get("/health")  # a cached series still counts every request
    await client.get("/health")
    health = 'bawaba_http_requests_total{method="GET",route="/health",status="200"}'
    assert count((await client.get("/metrics")).text, health) == count(text, health) + 2


async def test_openapi_is_valid_3_1(client) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    validate(document)
    ui = await client.get("/schema")
    assert ui.status_code == 200 and "<html" in ui.text.lower()


async def test_landing_page_links_each_entry_point(client) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    for link in ("/api/v1/services", "/schema", "/verify", "/.well-known/openid-configuration"):
        assert link in response.text
        assert (await client.get(link)).status_code == 200, link
