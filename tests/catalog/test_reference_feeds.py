"""Reference lists, entity detail, change feed, JSON Lines export, OpenAPI coverage."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec
from openapi_spec_validator import validate
from sqlalchemy import func, select

from catalog import models as m

V1 = "/api/v1"


async def test_entities_match_database(client: Any, session_maker: Any) -> None:
    body = (await client.get(f"{V1}/entities")).json()
    async with session_maker() as session:
        codes = set((await session.execute(select(m.Entity.code))).scalars())
        per_entity = dict(
            (await session.execute(select(m.Service.entity_id, func.count()).group_by(m.Service.entity_id))).all()
        )
        ids = dict((await session.execute(select(m.Entity.code, m.Entity.id))).all())
    assert {e["code"] for e in body["data"]} == codes and body["meta"]["total"] == len(codes) >= 50
    for e in body["data"]:
        assert e["services"] == per_entity.get(ids[e["code"]], 0)
        assert e["name"]["en"] and e["name"]["ar"]


async def test_entity_detail(client: Any) -> None:
    entities = (await client.get(f"{V1}/entities")).json()["data"]
    busiest = max(entities, key=lambda e: e["services"])
    res = await client.get(f"{V1}/entities/{busiest['code'].lower()}")
    assert res.status_code == 200
    body = res.json()
    assert body["entity"]["code"] == busiest["code"] and len(body["services"]) == busiest["services"]
    assert (await client.get(f"{V1}/entities/NOPE")).status_code == 404


async def test_reference_counts_agree_with_filters(client: Any) -> None:
    for path, field, key in (
        ("categories", "category", "slug"),
        ("events", "event", "slug"),
        ("channels", "channel", "code"),
        ("apps", "app", "slug"),
        ("systems", "system", "slug"),
    ):
        data = (await client.get(f"{V1}/{path}")).json()["data"]
        assert data, path
        sample = max(data, key=lambda d: d["services"])
        total = (await client.get(f"{V1}/services", params={field: sample[key], "limit": 1})).json()["meta"]["total"]
        assert total == sample["services"], path


async def test_change_feed(client: Any, session_maker: Any) -> None:
    since = "2000-01-01T00:00:00Z"
    first = await client.get(f"{V1}/changes", params={"since": since, "limit": 300})
    assert first.status_code == 200
    body = first.json()
    stamps = [c["updated_at"] for c in body["data"]]
    assert stamps == sorted(stamps) and all(c["op"] == "upsert" and c["version"] >= 1 for c in body["data"])
    seen = {c["code"] for c in body["data"]}
    cursor = body["meta"]["next_since"]
    while cursor:
        page = (await client.get(f"{V1}/changes", params={"since": cursor, "limit": 300})).json()
        assert page["data"][0]["updated_at"] <= page["data"][-1]["updated_at"]
        seen |= {c["code"] for c in page["data"]}
        if page["meta"]["next_since"] == cursor:
            break
        cursor = page["meta"]["next_since"]
    async with session_maker() as session:
        assert seen == set((await session.execute(select(m.Service.code))).scalars())
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    assert (await client.get(f"{V1}/changes", params={"since": later.isoformat()})).json()["data"] == []
    assert (await client.get(f"{V1}/changes")).status_code == 400
    assert (await client.get(f"{V1}/changes", params={"since": "soon"})).status_code == 400


async def test_export_jsonl_streams_every_full_record(client: Any) -> None:
    res = await client.get(f"{V1}/export.jsonl")
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/x-ndjson")
    lines = res.content.splitlines()
    total = (await client.get(f"{V1}/services", params={"limit": 1})).json()["meta"]["total"]
    assert len(lines) == total
    first = msgspec.json.decode(lines[0])
    detail = (await client.get(f"{V1}/services/{first['code']}")).json()
    assert first == detail
    again = await client.get(f"{V1}/export.jsonl", headers={"if-none-match": res.headers["etag"]})
    assert again.status_code == 304


async def test_every_catalog_endpoint_is_documented_with_examples(client: Any) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/services",
        "/api/v1/services/{key}",
        "/api/v1/search/suggest",
        "/api/v1/entities",
        "/api/v1/entities/{code}",
        "/api/v1/categories",
        "/api/v1/events",
        "/api/v1/channels",
        "/api/v1/apps",
        "/api/v1/systems",
        "/api/v1/changes",
        "/api/v1/export.jsonl",
        "/api/v1/stats/summary",
        "/api/v1/stats/services/{code}",
        "/api/v1/stats/channels",
        "/api/v1/stats/apps",
        "/api/v1/stats/tawasul",
    ):
        assert path in paths, path
        ok = paths[path]["get"]["responses"]["200"]
        (media,) = ok["content"].values()
        assert media.get("examples"), f"{path} has no response example"
        assert "304" in paths[path]["get"]["responses"] and "400" in paths[path]["get"]["responses"]
    params = {p["name"]: p for p in paths["/api/v1/services"]["get"]["parameters"]}
    for name in ("q", "entity", "category", "channel", "ekey", "fee", "sort", "limit", "cursor", "facets"):
        assert name in params, name
    assert params["q"].get("examples")
    assert paths["/api/v1/services"]["get"]["responses"]["200"]["content"]
    validate(schema)  # the whole document is valid OpenAPI
