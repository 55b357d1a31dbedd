"""RFC 9457 problem documents for every error the app raises (domains may override per router)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import msgspec
from litestar import MediaType, Response
from litestar.exceptions import HTTPException, ValidationException

if TYPE_CHECKING:
    from litestar import Request

log = logging.getLogger("bawaba.errors")
PROBLEM_MEDIA_TYPE = "application/problem+json"

# Stable problem types for the framework's own errors; domains choose theirs through extra={"problem_type": ...}.
_TYPES_BY_STATUS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-failed",
    429: "too-many-requests",
    500: "internal-error",
    503: "unavailable",
}


class FieldError(msgspec.Struct, omit_defaults=True):
    name: str
    reason: str
    location: str | None = None


class Problem(msgspec.Struct, omit_defaults=True):
    """An RFC 9457 problem document; extension members ride in ``extensions``, flattened on encoding."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


def problem_type(slug: str) -> str:
    return f"/problems/{slug}"


def _field_errors(extra: Any) -> list[FieldError] | None:
    if not isinstance(extra, list):
        return None
    errors = [
        FieldError(
            name=str(e.get("key") or e.get("name") or ""),
            reason=str(e.get("message") or e.get("reason") or ""),
            location=e.get("source") or e.get("location"),
        )
        for e in extra
        if isinstance(e, dict)
    ]
    return errors or None


def _is_overload(exc: Exception) -> bool:
    """The database is saturated (pool exhausted, SQLite busy beyond its timeout) or its connection was just lost
    (a restart in the middle of the request): shed load with a 503 that invites a retry, instead of a 500 that
    says the server is broken. The pool has already replaced the lost connection."""
    from sqlalchemy.exc import DBAPIError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    if isinstance(exc, PoolTimeout):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


# PostgreSQL's character_not_in_repertoire and untranslatable_character: text it cannot store (a NUL, above all).
# SQLite stores such text, so only PostgreSQL deployments would answer it with a 500.
_UNSTORABLE_TEXT = frozenset({"22021", "22P05"})


def _is_unstorable_text(exc: Exception) -> bool:
    """The request carried text the database refuses to store or compare: the client's error, not the server's."""
    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in _UNSTORABLE_TEXT


def problem_response(request: Request, exc: Exception) -> Response[bytes]:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = dict(getattr(exc, "headers", None) or {})
    unstorable = status == 500 and _is_unstorable_text(exc)
    if unstorable:
        log.info("refused unstorable text (%s) on %s %s", type(exc).__name__, request.method, request.url.path)
        status = 400
    elif status == 500 and _is_overload(exc):
        log.warning("overloaded: %s on %s %s", type(exc).__name__, request.method, request.url.path)
        status, headers = 503, {**headers, "Retry-After": "1"}
    extra = getattr(exc, "extra", None)
    slug = _TYPES_BY_STATUS.get(status, "error")
    members: dict[str, Any] = {}
    errors = None
    if isinstance(extra, dict):
        extra = dict(extra)
        slug = str(extra.pop("problem_type", slug))
        errors = _field_errors(extra.pop("errors", None))
        members = extra
    elif isinstance(exc, ValidationException):
        errors = _field_errors(extra)
    if status == 500:
        # Never leak internals: the detail is generic, the traceback goes to the log with the request id.
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        detail = "An unexpected error occurred; it has been logged."
    elif status == 503 and not isinstance(exc, HTTPException):
        detail = "The service is overloaded; retry after the time in Retry-After."
    elif unstorable:
        detail = "The request holds characters that cannot be stored, such as NUL."
    else:
        detail = _detail(exc)
    problem = Problem(
        type=problem_type(slug),
        title=HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error",
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=request.scope.get("request_id") if isinstance(request.scope, dict) else None,  # type: ignore[arg-type]
        errors=errors,
    )
    body = msgspec.json.encode(problem)
    if members:
        document = msgspec.json.decode(body)
        document.update({k: v for k, v in members.items() if k not in document})
        body = msgspec.json.encode(document)
    return Response(content=body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _detail(exc: Exception) -> str:
    detail = getattr(exc, "detail", None) or ""
    if isinstance(exc, HTTPException) and detail == HTTPStatus(exc.status_code).phrase and exc.status_code == 404:
        return "No resource at this address."
    return str(detail) or "The request could not be processed."


def html_aware_problem(request: Request, exc: Exception) -> Response[Any]:
    """Browsers outside /api get a readable page; everything else gets the problem document."""
    response = problem_response(request, exc)
    accepts_html = "text/html" in request.headers.get("accept", "")
    if accepts_html and not request.url.path.startswith("/api"):
        document = msgspec.json.decode(response.content)
        page = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>{title}</title>"
            "<body><h1>{status} {title}</h1><p>{detail}</p></body></html>"
        ).format(**{k: _escape(str(document.get(k, ""))) for k in ("title", "status", "detail")})
        return Response(
            content=page, status_code=response.status_code, media_type=MediaType.HTML, headers=dict(response.headers)
        )
    return response


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


exception_handlers = {Exception: html_aware_problem}
