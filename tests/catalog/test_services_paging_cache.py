"""Keyset pagination, sort orders, parameter validation, ETag / 304 and caching headers on the catalog API."""

from __future__ import annotations

from typing import Any

import pytest

API = "/api/v1/services"


async def pages(client: Any, limit: int, **params: Any) -> list[list[str]]:
    out: list[list[str]] = []
    cursor = None
    while True:
        res = await client.get(API, params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        assert res.status_code == 200, res.text
        body = res.json()
        out.append([i["code"] for i in body["data"]])
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            return out
        assert body["links"]["next"].startswith(API + "?") and "cursor=" in body["links"]["next"]
        assert len(out) < 200


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "name"},
        {"sort": "name", "lang": "ar"},
        {"sort": "-popularity"},
        {"sort": "-updated"},
        {"q": "certificate"},
        {"q": "شهادة"},
        {"q": "renewal", "sort": "name", "fee": "paid"},
    ],
)
async def test_pagination_has_no_gap_or_duplicate(client: Any, params: dict[str, str]) -> None:
    small = await pages(client, 7, **params)
    big = await pages(client, 100, **params)
    flat_small = [c for page in small for c in page]
    flat_big = [c for page in big for c in page]
    assert flat_small == flat_big  # same order, nothing skipped or repeated at page boundaries
    assert len(flat_small) == len(set(flat_small))
    assert all(len(p) == 7 for p in small[:-1])


async def test_sort_orders(client: Any) -> None:
    by_pop = (await client.get(API, params={"sort": "-popularity", "limit": 50})).json()["data"]
    ranks = [i["popularity_rank"] for i in by_pop]
    ranked = [r for r in ranks if r > 0]
    assert ranked == sorted(ranked) and ranked[0] == 1
    by_updated = (await client.get(API, params={"sort": "-updated", "limit": 50})).json()["data"]
    stamps = [i["updated_at"] for i in by_updated]
    assert stamps == sorted(stamps, reverse=True)
    by_name = (await client.get(API, params={"sort": "name", "limit": 100})).json()["data"]
    names = [i["name"]["en"].casefold() for i in by_name]
    assert names == sorted(names)


async def test_default_sort_is_relevance_with_query_and_popularity_without(client: Any) -> None:
    no_q = (await client.get(API, params={"limit": 5})).json()["data"]
    assert no_q == (await client.get(API, params={"limit": 5, "sort": "-popularity"})).json()["data"]
    with_q = (await client.get(API, params={"q": "passport", "limit": 20})).json()["data"]
    scores = [i["score"] for i in with_q]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"colour": "blue"}, "unknown-parameter"),
        ({"q": "x", "catgory": "health"}, "unknown-parameter"),
        ({"limit": "101"}, None),
        ({"limit": "0"}, None),
        ({"limit": "many"}, None),
        ({"sort": "price"}, "invalid-parameter"),
        ({"ekey": "gold"}, "invalid-parameter"),
        ({"fee": "cheap"}, "invalid-parameter"),
        ({"status": "dead"}, "invalid-parameter"),
        ({"audience": "aliens"}, "invalid-parameter"),
        ({"lang": "fr"}, "invalid-parameter"),
        ({"facets": "colour"}, "invalid-parameter"),
        ({"launched_after": "2024-13-01"}, "invalid-parameter"),
        ({"updated_since": "yesterday"}, "invalid-parameter"),
        ({"cursor": "not-a-cursor"}, "invalid-cursor"),
    ],
)
async def test_bad_parameters_are_400_problem_documents(client: Any, params: dict[str, str], problem: str) -> None:
    res = await client.get(API, params=params)
    assert res.status_code == 400, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    body = res.json()
    assert body["status"] == 400 and body["errors"]
    if problem:
        assert body["type"] == f"/problems/{problem}"


async def test_cursor_of_another_sort_is_rejected(client: Any) -> None:
    first = (await client.get(API, params={"sort": "name", "limit": 3})).json()
    res = await client.get(API, params={"sort": "-updated", "limit": 3, "cursor": first["meta"]["next_cursor"]})
    assert res.status_code == 400 and res.json()["type"] == "/problems/invalid-cursor"


async def test_list_etag_and_304(client: Any) -> None:
    params = {"q": "licence", "entity": "GDT", "facets": "channel"}
    first = await client.get(API, params=params)
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"].startswith("public") and "max-age" in first.headers["cache-control"]
    assert "accept" in first.headers["vary"].lower() and "accept-language" in first.headers["vary"].lower()
    again = await client.get(API, params=params, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    # Same meaning, other parameter order: same representation, same tag.
    reordered = await client.get(API, params={"facets": "channel", "entity": "GDT", "q": "licence"})
    assert reordered.headers["etag"] == etag and reordered.content == first.content
    other = await client.get(API, params={**params, "limit": 5}, headers={"if-none-match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    weak = await client.get(API, params=params, headers={"if-none-match": f'"nope", W/{etag}'})
    assert weak.status_code == 304


async def test_detail_etag_and_304(client: Any) -> None:
    code = (await client.get(API, params={"limit": 1})).json()["data"][0]["code"]
    res = await client.get(f"{API}/{code}")
    etag = res.headers["etag"]
    assert res.status_code == 200 and etag.startswith(f'"{code}-')
    cached = await client.get(f"{API}/{code}", headers={"if-none-match": etag})
    assert cached.status_code == 304 and cached.content == b""
    assert cached.headers["cache-control"] == res.headers["cache-control"]
    assert (await client.get(f"{API}/{code}", headers={"if-none-match": '"stale"'})).status_code == 200
    assert (await client.get(f"{API}/{code}", headers={"if-none-match": "*"})).status_code == 304


async def test_reference_lists_are_etagged(client: Any) -> None:
    for path in ("entities", "categories", "events", "channels", "apps", "systems"):
        res = await client.get(f"/api/v1/{path}")
        assert res.status_code == 200 and res.json()["data"], path
        again = await client.get(f"/api/v1/{path}", headers={"if-none-match": res.headers["etag"]})
        assert again.status_code == 304, path
        assert (await client.get(f"/api/v1/{path}", params={"x": "1"})).status_code == 400


async def test_identical_requests_give_identical_bytes(client: Any) -> None:
    params = {"q": "شهادة ميلاد", "facets": "entity,category,channel,ekey,fee"}
    a = await client.get(API, params=params)
    b = await client.get(API, params=params)
    assert a.content == b.content and a.headers["etag"] == b.headers["etag"]


async def test_oversized_inputs_are_400_not_slow(client: Any) -> None:
    assert (await client.get(API, params={"q": "شهادة " * 100})).status_code == 400
    assert (await client.get(API, params={"cursor": "A" * 2000})).status_code == 400
    assert (await client.get("/api/v1/search/suggest", params={"q": "x" * 500})).status_code == 400
    many = " ".join(f"word{i}" for i in range(30))
    assert (await client.get(API, params={"q": many})).status_code == 200
