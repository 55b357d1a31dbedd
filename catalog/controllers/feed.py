"""Change feed and bulk export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.spec import Example
from litestar.params import Parameter
from litestar.response import Stream

from catalog import schemas as s
from catalog.http import CACHE_PUBLIC, NDJSON, VARY, conditional, etag_matches
from catalog.openapi import responses
from catalog.params import ParamError, bad_request, parse_instant, reject_unknown
from catalog.snapshot import Snapshot, strong_etag

_encoder = msgspec.json.Encoder()
MAX_CHANGES = 1000


@get(
    "/changes",
    responses=responses("changes"),
    tags=["Feeds"],
    summary="Change feed",
    description=(
        "Services updated at or after `since`, oldest first, each with its version. Page with `meta.next_since`: "
        "the boundary instant is repeated (never skipped), so deduplicate on (code, version). Services are never "
        "hard-deleted; a withdrawn service is an upsert with status `inactive`."
    ),
)
async def changes(
    request: Request[Any, Any, Any],
    snap: NamedDependency[Snapshot],
    since: Annotated[str, Parameter(description="ISO 8601 instant.", examples=[Example(value="2024-06-01T00:00:00Z")])],
    limit: Annotated[int, Parameter(ge=1, le=MAX_CHANGES, description="At most 1,000.")] = 500,
) -> Response[s.ChangeList]:
    reject_unknown(request, frozenset({"since", "limit"}))
    instant = parse_instant("since", since)
    if instant is None:
        raise bad_request("invalid-parameter", [ParamError("since", "required")])
    etag = strong_etag(snap.digest, "changes", instant.isoformat(), limit)
    if etag_matches(request.headers.get("if-none-match"), etag):
        return conditional(request, etag, b"")
    recs = sorted(
        (rec for rec in snap.services if rec.summary.updated_at >= instant),
        key=lambda rec: (rec.summary.updated_at, rec.code),
    )
    page = recs[:limit]
    data = [
        s.Change(
            id=rec.summary.id, code=rec.code, op="upsert", version=rec.detail.version, updated_at=rec.summary.updated_at
        )
        for rec in page
    ]
    next_since = page[-1].summary.updated_at if len(recs) > limit else None
    body = _encoder.encode(
        s.ChangeList(data=data, meta=s.ChangeMeta(since=instant, next_since=next_since, catalog_version=snap.version))
    )
    return conditional(request, etag, body)


@get(
    "/export.jsonl",
    responses=responses("service", media_type=NDJSON),
    tags=["Feeds"],
    summary="Every service, one full record per line (JSON Lines), streamed",
    media_type=NDJSON,
)
async def export_jsonl(request: Request[Any, Any, Any], snap: NamedDependency[Snapshot]) -> Response[Any] | Stream:
    reject_unknown(request, frozenset())
    etag = strong_etag(snap.digest, "export")
    if etag_matches(request.headers.get("if-none-match"), etag):
        return conditional(request, etag, b"", media_type=NDJSON)
    services = snap.services

    def lines() -> Iterator[bytes]:
        # Batches of 50 lines: fewer ASGI messages than one per line, still streamed.
        for start in range(0, len(services), 50):
            yield b"".join(rec.detail_body + b"\n" for rec in services[start : start + 50])

    return Stream(
        lines(),
        media_type=NDJSON,
        headers={"etag": etag, "cache-control": CACHE_PUBLIC, "vary": VARY},
    )
