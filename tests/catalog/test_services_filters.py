"""GET /api/v1/services: every filter, OR within a filter, AND across filters, facet counts, cross-checked by SQL."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from catalog import models as m

API = "/api/v1/services"


async def fetch_all(client: Any, **params: Any) -> list[dict[str, Any]]:
    """Every page of a listing, following next_cursor; asserts the pages never repeat an item."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        query = {**params, "limit": 100, **({"cursor": cursor} if cursor else {})}
        res = await client.get(API, params=query)
        assert res.status_code == 200, res.text
        body = res.json()
        items.extend(body["data"])
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            assert len(items) == body["meta"]["total"]
            break
    codes = [i["code"] for i in items]
    assert len(codes) == len(set(codes))
    return items


async def facet(client: Any, field: str, **params: Any) -> dict[str, int]:
    res = await client.get(API, params={**params, "facets": field, "limit": 1})
    assert res.status_code == 200, res.text
    return {f["value"]: f["count"] for f in res.json()["facets"][field]}


async def sql_codes(session_maker: Any, stmt: Any) -> set[str]:
    async with session_maker() as session:
        return set((await session.execute(stmt)).scalars().all())


async def test_unfiltered_list_is_whole_catalog(client: Any, session_maker: Any) -> None:
    items = await fetch_all(client)
    assert {i["code"] for i in items} == await sql_codes(session_maker, select(m.Service.code))
    assert len(items) >= 700


async def test_entity_filter_or_and_facets(client: Any, session_maker: Any) -> None:
    counts = await facet(client, "entity")
    (a, na), (b, nb) = sorted(counts.items(), key=lambda kv: -kv[1])[:2]
    one = await fetch_all(client, entity=a)
    assert len(one) == na and {i["entity"]["key"] for i in one} == {a}
    expected = await sql_codes(
        session_maker,
        select(m.Service.code).join(m.Entity, m.Entity.id == m.Service.entity_id).where(m.Entity.code == a),
    )
    assert {i["code"] for i in one} == expected
    both = await fetch_all(client, entity=[a, b])  # repeated values are ORed
    assert len(both) == na + nb
    assert len(await fetch_all(client, entity=f"{a},{b}")) == na + nb  # comma form too
    assert await fetch_all(client, entity="NO-SUCH-ENTITY") == []


async def test_category_filter(client: Any, session_maker: Any) -> None:
    counts = await facet(client, "category")
    slug, n = max(counts.items(), key=lambda kv: kv[1])
    items = await fetch_all(client, category=slug)
    assert len(items) == n and all(slug in i["categories"] for i in items)
    expected = await sql_codes(
        session_maker,
        select(m.Service.code)
        .join(m.ServiceCategory, m.ServiceCategory.service_id == m.Service.id)
        .join(m.Category, m.Category.id == m.ServiceCategory.category_id)
        .where(m.Category.slug == slug),
    )
    assert {i["code"] for i in items} == expected


async def test_event_filter(client: Any, session_maker: Any) -> None:
    counts = await facet(client, "event")
    assert counts, "the seed links services to life events"
    slug = sorted(counts)[0]
    items = await fetch_all(client, event=slug)
    expected = await sql_codes(
        session_maker,
        select(m.Service.code)
        .join(m.ServiceEvent, m.ServiceEvent.service_id == m.Service.id)
        .join(m.Event, m.Event.id == m.ServiceEvent.event_id)
        .where(m.Event.slug == slug),
    )
    assert {i["code"] for i in items} == expected and len(items) == counts[slug]


async def test_channel_filter_by_code_and_kind(client: Any, session_maker: Any) -> None:
    by_kind = await fetch_all(client, channel="app")
    assert by_kind and all(any(c.startswith("app:") for c in i["channels"]) for i in by_kind)
    expected = await sql_codes(
        session_maker,
        select(m.Service.code)
        .join(m.ServiceChannel, m.ServiceChannel.service_id == m.Service.id)
        .join(m.Channel, m.Channel.id == m.ServiceChannel.channel_id)
        .where(m.Channel.kind == "app"),
    )
    assert {i["code"] for i in by_kind} == expected
    code = next(c for c in by_kind[0]["channels"] if c.startswith("app:"))
    exact = await fetch_all(client, channel=code)
    assert exact and all(code in i["channels"] for i in exact)
    assert len(exact) <= len(by_kind)


async def test_app_filter(client: Any, session_maker: Any) -> None:
    counts = await facet(client, "app")
    slug, n = max(counts.items(), key=lambda kv: kv[1])
    items = await fetch_all(client, app=slug)
    expected = await sql_codes(
        session_maker,
        select(m.Service.code)
        .join(m.ServiceChannel, m.ServiceChannel.service_id == m.Service.id)
        .join(m.Channel, m.Channel.id == m.ServiceChannel.channel_id)
        .join(m.App, m.App.id == m.Channel.app_id)
        .where(m.App.slug == slug),
    )
    assert {i["code"] for i in items} == expected and len(items) == n


async def test_audience_filter(client: Any, session_maker: Any) -> None:
    items = await fetch_all(client, audience="business")
    expected = await sql_codes(
        session_maker,
        select(m.Service.code)
        .join(m.ServiceAudience, m.ServiceAudience.service_id == m.Service.id)
        .where(m.ServiceAudience.audience == "business"),
    )
    assert {i["code"] for i in items} == expected


@pytest.mark.parametrize("level", ["none", "standard", "advanced"])
async def test_ekey_filter(client: Any, session_maker: Any, level: str) -> None:
    items = await fetch_all(client, ekey=level)
    assert all(i["ekey_level"] == level for i in items)
    expected = await sql_codes(session_maker, select(m.Service.code).where(m.Service.ekey_level == level))
    assert {i["code"] for i in items} == expected


async def test_ekey_basic_is_an_alias_of_standard(client: Any) -> None:
    a = await client.get(API, params={"ekey": "basic", "limit": 1})
    b = await client.get(API, params={"ekey": "standard", "limit": 1})
    assert a.json()["meta"]["total"] == b.json()["meta"]["total"] > 0


async def test_fee_filter_partitions_the_catalog(client: Any, session_maker: Any) -> None:
    free = await fetch_all(client, fee="free")
    paid = await fetch_all(client, fee="paid")
    everything = await fetch_all(client)
    assert len(free) + len(paid) == len(everything)
    assert all(i["fee"]["min_fils"] in (None, 0) for i in free)
    assert all(i["fee"]["min_fils"] is None or i["fee"]["min_fils"] >= 0 for i in paid)
    paid_sql = await sql_codes(
        session_maker,
        select(m.Service.code).join(m.Cost, m.Cost.service_id == m.Service.id).where(m.Cost.amount_fils > 0),
    )
    assert paid_sql <= {i["code"] for i in paid}


async def test_status_filter(client: Any, session_maker: Any) -> None:
    counts = await facet(client, "status")
    for status, n in counts.items():
        items = await fetch_all(client, status=status)
        assert len(items) == n and all(i["status"] == status for i in items)
        assert {i["code"] for i in items} == await sql_codes(
            session_maker, select(m.Service.code).where(m.Service.status == status)
        )


async def test_system_filter(client: Any, session_maker: Any) -> None:
    counts = await facet(client, "system")
    slug, n = max(counts.items(), key=lambda kv: kv[1])
    items = await fetch_all(client, system=slug)
    expected = await sql_codes(
        session_maker,
        select(m.Service.code)
        .join(m.NationalSystem, m.NationalSystem.id == m.Service.national_system_id)
        .where(m.NationalSystem.slug == slug),
    )
    assert {i["code"] for i in items} == expected and len(items) == n


async def test_launch_date_filters(client: Any, session_maker: Any) -> None:
    items = await fetch_all(client, launched_after="2024-01-01", launched_before="2024-06-30")
    expected = await sql_codes(
        session_maker,
        select(m.Service.code).where(
            m.Service.launched_on >= datetime.date(2024, 1, 1), m.Service.launched_on <= datetime.date(2024, 6, 30)
        ),
    )
    assert {i["code"] for i in items} == expected
    assert len(items) == 35  # the report's new e-services of H1 2024


async def test_updated_since_filter(client: Any, session_maker: Any) -> None:
    async with session_maker() as session:
        newest = (await session.execute(select(func.max(m.Service.updated_at)))).scalar_one()
    since = newest.replace(tzinfo=datetime.UTC) if newest.tzinfo is None else newest
    items = await fetch_all(client, updated_since=since.isoformat())
    assert items and all(datetime.datetime.fromisoformat(i["updated_at"]) >= since for i in items)
    future = await fetch_all(client, updated_since="2999-01-01T00:00:00Z")
    assert future == []


async def test_filters_are_anded_and_facets_exclude_their_own_field(client: Any) -> None:
    entities = await facet(client, "entity")
    top = max(entities, key=lambda k: entities[k])
    fees_within = await facet(client, "fee", entity=top)
    combined = await fetch_all(client, entity=top, fee="paid")
    assert len(combined) == fees_within.get("paid", 0)
    assert all(i["entity"]["key"] == top for i in combined)
    # The entity facet ignores the entity filter itself (exclude_field_filter), but honours the others.
    res = await client.get(API, params={"entity": top, "fee": "paid", "facets": "entity,fee", "limit": 1})
    body = res.json()
    entity_counts = {f["value"]: f["count"] for f in body["facets"]["entity"]}
    assert entity_counts[top] == len(combined)
    assert sum(entity_counts.values()) == (await facet(client, "fee"))["paid"]
    assert all(f["label"]["en"] and f["label"]["ar"] for f in body["facets"]["entity"])


async def test_facet_counts_sum_to_total_for_single_valued_fields(client: Any) -> None:
    total = (await client.get(API, params={"limit": 1})).json()["meta"]["total"]
    for field in ("entity", "ekey", "fee", "status"):
        assert sum((await facet(client, field)).values()) == total
