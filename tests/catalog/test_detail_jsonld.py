"""GET /api/v1/services/{code|slug}: the full record, CPSV-AP 3.2.0 JSON-LD, 404s, snapshot refresh."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select, update

from catalog import models as m

API = "/api/v1/services"
CPSV_CONTEXT = "https://semiceu.github.io/uri.semic.eu-generated/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld"


async def a_paid_service(client: Any) -> dict[str, Any]:
    listing = (await client.get(API, params={"fee": "paid", "channel": "app", "limit": 1})).json()
    return (await client.get(f"{API}/{listing['data'][0]['code']}")).json()


async def test_detail_by_code_and_slug(client: Any, session_maker: Any) -> None:
    detail = await a_paid_service(client)
    by_slug = await client.get(f"{API}/{detail['slug']}")
    assert by_slug.status_code == 200 and by_slug.json() == detail
    async with session_maker() as session:
        row = (await session.execute(select(m.Service).where(m.Service.code == detail["code"]))).scalar_one()
        cost_rows = (await session.execute(select(m.Cost).where(m.Cost.service_id == row.id))).scalars().all()
    assert detail["name"] == {"en": row.name_en, "ar": row.name_ar}
    assert detail["version"] == row.version and detail["id"] == str(row.id)
    assert sorted(c["amount_fils"] for c in detail["costs"]) == sorted(c.amount_fils for c in cost_rows)
    for cost in detail["costs"]:
        whole, _, fils = cost["amount_bhd"].partition(".")
        assert len(fils) == 3 and int(whole) * 1000 + int(fils) == cost["amount_fils"]
    assert detail["channels"] and detail["entity"]["key"] and detail["categories"]
    assert sum(c["is_primary"] for c in detail["categories"]) == 1


async def test_unknown_service_is_404_problem(client: Any) -> None:
    res = await client.get(f"{API}/BH-SVC-9999")
    assert res.status_code == 404
    assert res.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"{API}/BH-SVC-0001", params={"format": "xml"})).status_code == 400
    assert (await client.get(f"{API}/BH-SVC-0001", params={"expand": "all"})).status_code == 400


async def test_jsonld_shape(client: Any) -> None:
    detail = await a_paid_service(client)
    res = await client.get(f"{API}/{detail['code']}", headers={"accept": "application/ld+json"})
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("application/ld+json")
    doc = res.json()
    assert doc["@context"][0] == CPSV_CONTEXT
    assert doc["@type"] == "PublicService"
    assert doc["@id"].endswith(f"/api/v1/services/{detail['code']}")
    assert doc["PublicService.identifier"] == detail["code"]
    names = {v["@language"]: v["@value"] for v in doc["PublicService.name"]}
    assert names == detail["name"]
    (authority,) = doc["PublicService.hasCompetentAuthority"]
    assert authority["@type"] == "PublicOrganization"
    assert authority["@id"].endswith(f"/entities/{detail['entity']['key']}")
    assert {c["Channel.identifier"] for c in doc["PublicService.hasChannel"]} == {c["code"] for c in detail["channels"]}
    assert all(c["@type"] == "Channel" for c in doc["PublicService.hasChannel"])
    costs = doc["PublicService.hasCost"]
    assert [c["Cost.hasValue"] for c in costs] == [c["amount_bhd"] for c in detail["costs"]]
    assert all(c["@type"] == "Cost" and c["Cost.currency"].endswith("/BHD") for c in costs)
    channel_ids = {c["@id"] for c in doc["PublicService.hasChannel"]}
    assert all(c["Cost.ifAccessedThrough"] in channel_ids for c in costs if "Cost.ifAccessedThrough" in c)
    assert len(doc["PublicService.thematicArea"]) == len(detail["categories"])
    assert len(doc["bawaba:step"]) == len(detail["steps"])
    assert doc["bawaba:ekeyLevel"] == detail["ekey_level"]
    # ?format=jsonld is the same document; its ETag differs from the JSON representation's.
    same = await client.get(f"{API}/{detail['code']}", params={"format": "jsonld"})
    assert same.content == res.content and same.headers["etag"] == res.headers["etag"]
    plain = await client.get(f"{API}/{detail['code']}")
    assert plain.headers["etag"] != res.headers["etag"]
    again = await client.get(
        f"{API}/{detail['code']}", headers={"accept": "application/ld+json", "if-none-match": res.headers["etag"]}
    )
    assert again.status_code == 304


async def test_json_preferred_when_accept_ranks_it_higher(client: Any) -> None:
    code = (await client.get(API, params={"limit": 1})).json()["data"][0]["code"]
    res = await client.get(f"{API}/{code}", headers={"accept": "application/json, application/ld+json;q=0.5"})
    assert res.headers["content-type"].startswith("application/json")


async def test_snapshot_follows_database_changes(client: Any, session_maker: Any) -> None:
    """Another worker (or an import) changes a service: this process notices within refresh_interval."""
    code = (await client.get(API, params={"sort": "-popularity", "limit": 1})).json()["data"][0]["code"]
    before = await client.get(f"{API}/{code}")
    async with session_maker() as session:
        row = (await session.execute(select(m.Service).where(m.Service.code == code))).scalar_one()
        original = (row.name_en, row.version, row.updated_at)
        await session.execute(
            update(m.Service)
            .where(m.Service.id == row.id)
            .values(name_en="Renamed for a test", version=row.version + 1)
        )
        await session.commit()
    try:
        changed = None
        for _ in range(40):
            await asyncio.sleep(0.1)
            res = await client.get(f"{API}/{code}")
            if res.json()["name"]["en"] == "Renamed for a test":
                changed = res
                break
        assert changed is not None, "the snapshot was not refreshed"
        assert changed.headers["etag"] != before.headers["etag"]
        stale = await client.get(f"{API}/{code}", headers={"if-none-match": before.headers["etag"]})
        assert stale.status_code == 200
        found = (await client.get(API, params={"q": "Renamed for a test", "limit": 1})).json()["data"]
        assert found and found[0]["code"] == code
    finally:
        async with session_maker() as session:
            await session.execute(
                update(m.Service)
                .where(m.Service.code == code)
                .values(name_en=original[0], version=original[1], updated_at=original[2])
            )
            await session.commit()
    for _ in range(40):
        await asyncio.sleep(0.1)
        res = await client.get(f"{API}/{code}")
        if res.headers["etag"] == before.headers["etag"]:
            break
    assert res.content == before.content


# Terms and classes of the published CPSV-AP 3.2.0 context (releases/3.2.0/context/cpsv-ap_en.jsonld) that the
# export uses; anything else must live under the bawaba: namespace.
CPSV_TERMS = {
    "PublicService": {
        "identifier",
        "name",
        "description",
        "status",
        "spatial",
        "language",
        "hasCompetentAuthority",
        "thematicArea",
        "isGroupedBy",
        "addressee",
        "hasChannel",
        "hasCost",
        "holdsRequirement",
        "hasInput",
        "produces",
        "hasLegalResource",
        "contactPoint",
        "requires",
        "relatedService",
        "processingTime",
    },
    "PublicOrganization": {"preferredLabel", "spatial"},
    "Channel": {"identifier", "type", "processingTime", "description"},
    "Cost": {"identifier", "hasValue", "currency", "ifAccessedThrough", "description", "isDefinedBy"},
    "Requirement": {"identifier", "name", "type"},
    "Evidence": {"identifier", "name", "description"},
    "Output": {"identifier", "name", "type"},
    "ContactPoint": {"hasEmail", "hasTelephone", "contactPage"},
    "Event": {"name"},
}


def _walk(node: Any, found: list[tuple[str | None, str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node.get("@type"), key))
            _walk(value, found)
    elif isinstance(node, list):
        for item in node:
            _walk(item, found)


async def test_jsonld_uses_only_cpsv_terms_or_the_bawaba_namespace(client: Any) -> None:
    codes = [i["code"] for i in (await client.get(API, params={"sort": "-popularity", "limit": 25})).json()["data"]]
    for code in codes:
        doc = (await client.get(f"{API}/{code}", params={"format": "jsonld"})).json()
        found: list[tuple[str | None, str]] = []
        _walk({k: v for k, v in doc.items() if k != "@context"}, found)
        for owner, key in found:
            if key.startswith(("@", "bawaba:")):
                continue
            cls, _, term = key.partition(".")
            assert cls in CPSV_TERMS and term in CPSV_TERMS[cls], (code, key)
            assert owner == cls, (code, owner, key)  # a term is used on an object of its own class
        for value in doc["PublicService.name"] + doc["PublicService.description"]:
            assert set(value) == {"@language", "@value"} and value["@language"] in {"en", "ar"}
