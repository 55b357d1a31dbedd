"""Operations: request ids, one structured log line per request, Prometheus metrics, health and readiness."""

from __future__ import annotations

import logging
import os
import random
import re
import time
from typing import TYPE_CHECKING, Any

import msgspec
from litestar import Response, get
from litestar.datastructures import MutableScopeHeaders
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess

from bawaba.migrate import is_at_head

if TYPE_CHECKING:
    from litestar.datastructures import State
    from litestar.types import ASGIApp, Message, Receive, Scope, Send
    from sqlalchemy.ext.asyncio import AsyncEngine

access_log = logging.getLogger("bawaba.access")
REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

REQUESTS = Counter("bawaba_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "bawaba_http_request_duration_seconds",
    "Time from request start to the last body byte",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


def _route_label(scope: Scope) -> str:
    handler = scope.get("route_handler")
    paths = getattr(handler, "paths", None)
    return sorted(paths)[0] if paths else "unmatched"


# The labelled children of the two request metrics, per (method, route, status): prometheus_client's labels()
# validates and hashes its arguments on every call (~3 % of a sign-in request's CPU). Bounded: routes are the app's,
# statuses three digits, and a method outside HTTP's own is labelled OTHER (any token is a valid request method,
# and each would otherwise add a series).
_children: dict[tuple, tuple[Any, Any]] = {}
_METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"))


def _metric_children(method: str, route: str, status: int) -> tuple[Any, Any]:
    method = method if method in _METHODS else "OTHER"
    key = (method, route, status)
    children = _children.get(key)
    if children is None:
        children = _children[key] = (REQUESTS.labels(method, route, str(status)), LATENCY.labels(method, route))
    return children


class AccessLog(msgspec.Struct):
    method: str
    path: str
    status: int
    duration_ms: float
    request_id: str
    client: str | None
    msg: str = "request"


_encoder = msgspec.json.Encoder()


def request_context_middleware(app: ASGIApp) -> ASGIApp:
    """Adopts or mints the request id, echoes it, measures the request, logs one line, counts it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        incoming = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), "")
        # A correlation id, not a secret: the kernel's CSPRNG (a syscall per request) buys nothing here.
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else f"{random.getrandbits(64):016x}"
        scope["request_id"] = request_id  # type: ignore[typeddict-unknown-key]
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            counter, latency = _metric_children(scope["method"], _route_label(scope), status)
            counter.inc()
            latency.observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                record = AccessLog(
                    scope["method"],
                    scope["path"],
                    status,
                    round(elapsed * 1000, 3),
                    request_id,
                    client[0] if client else None,
                )
                access_log.info(_encoder.encode(record).decode())

    return middleware


class Health(msgspec.Struct):
    status: str


class Readiness(msgspec.Struct):
    status: str
    database: str
    migrations: str


@get("/health", tags=["operations"], summary="Liveness", sync_to_thread=False, include_in_schema=True)
def health() -> Health:
    return Health(status="ok")


@get("/ready", tags=["operations"], summary="Readiness: database reachable and at migration head")
async def ready(state: State) -> Response[Readiness]:
    engine: AsyncEngine = state["db_config"].get_engine()
    try:
        at_head = await is_at_head(engine, state["database_url"])
    except Exception:  # any driver error means not ready; the detail is in the log, not the answer
        logging.getLogger("bawaba.ops").warning("readiness check failed", exc_info=True)
        return Response(Readiness("unavailable", "unreachable", "unknown"), status_code=503)
    if not at_head:
        return Response(Readiness("unavailable", "ok", "behind"), status_code=503)
    return Response(Readiness("ok", "ok", "head"))


@get(
    "/metrics", tags=["operations"], summary="Prometheus metrics", sync_to_thread=False, media_type=CONTENT_TYPE_LATEST
)
def metrics() -> Response[bytes]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def ops_handlers() -> list[Any]:
    return [health, ready, metrics]
