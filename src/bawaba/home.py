"""The landing page: where each kind of user starts (the demo portal will grow from here)."""

from __future__ import annotations

from litestar import MediaType, Response, get
from litestar.datastructures import State

PAGE = """<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>بوابة · Bawaba</title>
<style>
 body {{ font-family: system-ui, "Noto Naskh Arabic", sans-serif; margin: 2rem auto; max-width: 60rem;
        padding: 0 1rem; line-height: 1.6; color: #1b1b1b; }}
 h1 {{ color: #ce1126; margin-bottom: 0 }}
 .en {{ direction: ltr; text-align: left; }}
 section {{ border-top: 1px solid #ddd; padding: .5rem 0; }}
 code {{ background: #f4f4f4; padding: 0 .3rem; }}
 input {{ padding: .4rem; width: 60%; }}
</style>
</head>
<body>
<h1>بوابة</h1>
<p>محاكاة منصة الحكومة الإلكترونية في مملكة البحرين: دليل الخدمات الإلكترونية، المفتاح الإلكتروني، والشهادات
الموثقة برمز الاستجابة السريعة.</p>
<div class="en" lang="en">
<h1>Bawaba</h1>
<p>A simulation of Bahrain's e-government platform: the e-service catalog, the eKey national digital identity
and QR-stamped certificates, faithful to the iGA report on H1 2024.</p>

<section>
<h2>Find a service · ابحث عن خدمة</h2>
<form action="/api/v1/services" method="get">
<input name="q" placeholder="شهادة ميلاد / birth certificate" aria-label="search"> <button>Search</button>
</form>
<p><a href="/api/v1/stats/summary">H1 2024 statistics</a> · <a href="/api/v1/entities">entities</a> ·
<a href="/schema">API documentation (OpenAPI)</a></p>
</section>

<section>
<h2>eKey · المفتاح الإلكتروني</h2>
<p>OpenID Connect discovery: <a href="{issuer}/.well-known/openid-configuration">
<code>{issuer}/.well-known/openid-configuration</code></a>. Relying parties register with
<code>uv run bawaba clients create --name N --redirect-uri URI --json</code>.
Demo identities (CPR, password, TOTP secret): <code>docs/personas.md</code>.</p>
</section>

<section>
<h2>Certificates · الشهادات</h2>
<p><a href="/verify">Verify a QR-stamped certificate</a> · <a href="/.well-known/bawaba-trust-list">trust list</a></p>
</section>

<section>
<h2>Operations</h2>
<p><a href="/health">health</a> · <a href="/ready">readiness</a> · <a href="/metrics">metrics</a></p>
</section>
</div>
</body>
</html>
"""


@get("/", include_in_schema=False, media_type=MediaType.HTML, sync_to_thread=False, cache=False)
def home(state: State) -> Response[str]:
    issuer = state["settings"].issuer
    return Response(
        PAGE.format(issuer=issuer),
        media_type=MediaType.HTML,
        headers={"content-security-policy": "default-src 'self'; style-src 'unsafe-inline'"},
    )
