"""Form posts (the sign-in steps, the token, revocation and introspection endpoints).

An urlencoded body is parsed here with the standard library, exactly as Litestar parses it (Latin-1 bytes,
percent-escapes as UTF-8, blank values kept): Litestar's ``Request.form`` also builds a multidict per request,
~80 µs inside a sign-in request against ~15 µs. Any other content type (multipart) goes through Litestar.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from litestar import Request

URLENCODED = "application/x-www-form-urlencoded"


def is_urlencoded(request: Request) -> bool:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower() == URLENCODED


async def form_fields(request: Request) -> dict[str, list[str]]:
    """Every text field of the posted form with its values in order (file parts are left out)."""
    if is_urlencoded(request):
        fields: dict[str, list[str]] = {}
        for key, value in parse_qsl((await request.body()).decode("latin-1"), keep_blank_values=True, separator="&"):
            fields.setdefault(key, []).append(value)
        return fields
    return {k: [v for v in vals if isinstance(v, str)] for k, vals in (await request.form()).dict().items()}
