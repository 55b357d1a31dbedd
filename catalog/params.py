"""Query-parameter checks shared by the catalog endpoints: unknown names, enumerations, dates, cursors.

Every failure is a 400 problem document with a stable `type` and an `errors` list naming the parameter, so a
client can tell a typo (`?catgory=`) from a bad value.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from collections.abc import Iterable
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ClientException

from catalog.models import AUDIENCES, SERVICE_STATUSES


class ParamError(msgspec.Struct, frozen=True):
    name: str
    message: str
    source: str = "query"


def bad_request(problem_type: str, errors: list[ParamError], detail: str | None = None) -> ClientException:
    return ClientException(
        status_code=400,
        detail=detail or "; ".join(f"{e.name}: {e.message}" for e in errors),
        extra={"problem_type": problem_type, "errors": [msgspec.structs.asdict(e) for e in errors]},
    )


def reject_unknown(request: Request[Any, Any, Any], allowed: frozenset[str]) -> None:
    """A parameter the endpoint does not define is an error, not something to ignore silently."""
    unknown = sorted(set(request.query_params.keys()) - allowed)
    if unknown:
        raise bad_request(
            "unknown-parameter",
            [ParamError(name, "unknown parameter") for name in unknown],
            detail=f"Unknown query parameter(s): {', '.join(unknown)}. Allowed: {', '.join(sorted(allowed))}.",
        )


def split_values(values: Iterable[str] | None) -> tuple[str, ...]:
    """Repeated parameters and comma-separated lists both give several values (ORed)."""
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(dict.fromkeys(out))


def check_enum(name: str, values: tuple[str, ...], allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise bad_request(
            "invalid-parameter",
            [ParamError(name, f"{v!r} is not one of: {', '.join(allowed)}") for v in wrong],
        )


EKEY_VALUES = ("none", "standard", "basic", "advanced")
FEE_VALUES = ("free", "paid", "fixed", "variable", "per_unit")
STATUS_VALUES = SERVICE_STATUSES
AUDIENCE_VALUES = AUDIENCES
LANG_VALUES = ("en", "ar", "both")
SORT_VALUES = ("relevance", "name", "-popularity", "-updated")


def parse_date(name: str, value: str | None) -> datetime.date | None:
    if value is None or value == "":
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise bad_request("invalid-parameter", [ParamError(name, f"{value!r} is not a date (YYYY-MM-DD)")]) from None


def parse_instant(name: str, value: str | None) -> datetime.datetime | None:
    """ISO 8601 date or date-time; a naive value is taken as UTC."""
    if value is None or value == "":
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(
            "invalid-parameter", [ParamError(name, f"{value!r} is not an ISO 8601 date or date-time")]
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.UTC)


def parse_month(name: str, value: str | None, default: str) -> str:
    value = value or default
    try:
        datetime.datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise bad_request("invalid-parameter", [ParamError(name, f"{value!r} is not a month (YYYY-MM)")]) from None
    return value


def encode_cursor(sort: str, key: tuple[Any, ...]) -> str:
    raw = msgspec.json.encode([sort, *key])
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(value: str, sort: str) -> tuple[Any, ...]:
    """Decode an opaque cursor; it must come from a page of the same sort order."""
    error = bad_request("invalid-cursor", [ParamError("cursor", "not a cursor returned by this endpoint")])
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        decoded = msgspec.json.decode(raw)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise error from None
    if not isinstance(decoded, list) or len(decoded) < 2 or decoded[0] != sort:
        raise error
    key = tuple(decoded[1:])
    if not all(isinstance(part, int | str) and not isinstance(part, bool) for part in key):
        raise error
    return key
