"""FastResponse: the same bytes on the wire as Litestar's own conversion, and its general path when a route adds
headers of its own."""

from __future__ import annotations

from litestar import Litestar, Response, get
from litestar.datastructures import Cookie, ResponseHeader
from litestar.enums import MediaType
from litestar.testing import TestClient

from identity.oidc.responses import FastResponse

PAGE = "<p>مرحبا</p>".encode()


def page_answer(response_class: type[Response]) -> Response:
    """The same page, headers and cookie, built by either class."""
    return response_class(
        PAGE, media_type=MediaType.HTML, status_code=201, headers={"X-Frame-Options": "DENY"},
        cookies=[Cookie(key="ix", value="abc", path="/login/x", httponly=True, samesite="lax")],
    )  # fmt: skip


@get("/fast", sync_to_thread=False)
def fast() -> Response:
    return page_answer(FastResponse)


@get("/litestar", sync_to_thread=False)
def litestar_own() -> Response:
    return page_answer(Response)


@get("/json", sync_to_thread=False)
def json_answer() -> Response:
    return FastResponse({"sub": "1", "name#ar": "اختبار"}, headers={"Cache-Control": "no-store"})


@get("/route-header", sync_to_thread=False, response_headers=[ResponseHeader(name="X-Route", value="yes")])
def route_header() -> Response:
    return FastResponse(b"x", media_type=MediaType.TEXT)


def test_fast_response_matches_litestars_own_conversion() -> None:
    with TestClient(Litestar([fast, litestar_own, json_answer, route_header])) as client:
        ours, theirs = client.get("/fast"), client.get("/litestar")
        assert (ours.status_code, ours.content) == (theirs.status_code, theirs.content) == (201, PAGE)
        for name in ("content-type", "content-length", "x-frame-options", "set-cookie"):
            assert ours.headers[name] == theirs.headers[name], name
        assert ours.headers["content-type"] == "text/html; charset=utf-8"

        answer = client.get("/json")
        assert answer.json() == {"sub": "1", "name#ar": "اختبار"}
        assert answer.headers["content-type"] == "application/json"
        assert answer.headers["cache-control"] == "no-store"

        routed = client.get("/route-header")  # the route's own header is kept (Litestar's general path)
        assert routed.headers["x-route"] == "yes" and routed.content == b"x"


async def test_a_head_request_gets_the_headers_without_the_body() -> None:
    app = FastResponse(PAGE, media_type=MediaType.HTML).to_asgi_response(None, None)  # type: ignore[arg-type]
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    await app({"type": "http", "method": "HEAD"}, None, send)  # type: ignore[arg-type]
    assert (b"content-length", str(len(PAGE)).encode()) in sent[0]["headers"]
    assert sent[1]["body"] == b""
