"""The iGA H1 2024 report's figures, read back exactly through the statistics API (../shared/seed/FACTS.md)."""

from __future__ import annotations

from typing import Any

import pytest

STATS = "/api/v1/stats"
H1 = {"from": "2024-01", "to": "2024-06"}


async def get(client: Any, path: str, **params: Any) -> dict[str, Any]:
    res = await client.get(f"{STATS}/{path}", params=params)
    assert res.status_code == 200, res.text
    return res.json()


async def test_h1_summary_matches_the_report(client: Any) -> None:
    s = await get(client, "summary", **H1)
    assert s["months"] == 6 and [x["month"] for x in s["by_month"]] == [f"2024-0{i}" for i in range(1, 7)]
    assert s["transactions"] == 4_000_000
    assert s["payments"] == {"fils": 374_000_000_000, "bhd": "374000000.000"}
    assert s["app_transactions"] == 691_000
    assert s["app_payments"]["fils"] == 32_000_000_000
    assert s["new_services"] == 35
    assert s["live_services"] >= 700
    assert sum(x["transactions"] for x in s["by_month"]) == s["transactions"]
    assert sum(x["payments"]["fils"] for x in s["by_month"]) == s["payments"]["fils"]


async def test_default_period_is_h1_2024(client: Any) -> None:
    assert await get(client, "summary") == await get(client, "summary", **H1)


async def test_sub_periods_add_up(client: Any) -> None:
    q1 = await get(client, "summary", **{"from": "2024-01", "to": "2024-03"})
    q2 = await get(client, "summary", **{"from": "2024-04", "to": "2024-06"})
    h1 = await get(client, "summary", **H1)
    assert q1["transactions"] + q2["transactions"] == h1["transactions"]
    assert q1["payments"]["fils"] + q2["payments"]["fils"] == h1["payments"]["fils"]
    empty = await get(client, "summary", **{"from": "2019-01", "to": "2019-12"})
    assert empty["transactions"] == 0 and empty["by_month"] == []


async def test_channels_add_up_to_the_total(client: Any) -> None:
    channels = await get(client, "channels", **H1)
    total = sum(c["transactions"] for c in channels["data"])
    assert total == 4_000_000
    app = sum(c["transactions"] for c in channels["data"] if c["kind"] == "app")
    assert app == 691_000
    assert sum(c["payments"]["fils"] for c in channels["data"]) == 374_000_000_000


async def test_apps(client: Any) -> None:
    apps = await get(client, "apps", **H1)
    assert apps["transactions"] == 691_000
    assert apps["payments"]["fils"] == 32_000_000_000
    assert apps["average_monthly_users"] == 788_000
    assert apps["downloads"] == 902_000
    by_slug = {a["app"]: a for a in apps["data"]}
    etraffic = next(a for slug, a in by_slug.items() if "traffic" in slug)
    sehati = next(a for slug, a in by_slug.items() if "sehati" in slug)
    assert etraffic["average_monthly_users"] >= 230_000
    assert sehati["average_monthly_users"] >= 136_000
    assert max(apps["data"], key=lambda a: a["average_monthly_users"]) is etraffic  # the most used app


async def test_tawasul(client: Any) -> None:
    t = await get(client, "tawasul", **H1)
    assert t["cases"] == 85_000
    assert t["cases"] - t["within_sla"] == 1_275
    assert t["sla_compliance"] == "0.985"
    assert t["satisfaction"] == "0.850"
    assert sum(x["cases"] for x in t["by_type"]) == t["cases"]
    assert sum(t["by_entity"].values()) == t["cases"]


async def test_service_stats_reconcile_with_summary(client: Any) -> None:
    top = (await client.get("/api/v1/services", params={"sort": "-popularity", "limit": 3})).json()["data"]
    channels = await get(client, "channels", **H1)
    assert channels["data"]
    previous = None
    for item in top:
        s = await get(client, f"services/{item['code']}", **H1)
        assert s["code"] == item["code"]
        assert s["transactions"] == sum(x["transactions"] for x in s["by_month"])
        assert s["transactions"] == sum(x["transactions"] for x in s["by_channel"])
        assert s["payments"]["fils"] == sum(x["payments"]["fils"] for x in s["by_month"])
        if previous is not None:
            assert s["transactions"] <= previous  # popularity rank follows H1 volume
        previous = s["transactions"]
    assert (await client.get(f"{STATS}/services/BH-SVC-9999")).status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"from": "2024-13"}, {"to": "June"}, {"from": "2024-06", "to": "2024-01"}, {"granularity": "day"}],
)
async def test_bad_periods_are_400(client: Any, params: dict[str, str]) -> None:
    res = await client.get(f"{STATS}/summary", params=params)
    assert res.status_code == 400 and res.headers["content-type"].startswith("application/problem+json")
