"""Public verification is rate limited per client address, on a real server (the limit lives in the shared store,
so it holds across workers)."""

from __future__ import annotations

import httpx


def test_verify_is_rate_limited(live_server) -> None:  # type: ignore[no-untyped-def]
    statuses = []
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        for _ in range(700):
            response = http.post("/api/v1/certificates/verify", json={"qr": "BH1:NOT-A-CODE"})
            statuses.append(response.status_code)
            if response.status_code == 429:
                break
    assert statuses[0] == 400 and statuses[-1] == 429, statuses[-3:]
    assert 500 <= len(statuses) <= 601  # 600 per minute per address (some may fall in the previous minute window)
    assert response.headers["content-type"].startswith("application/problem+json")
