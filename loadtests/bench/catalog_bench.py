"""Catalog benchmark: server CPU per request and requests/s for search, detail and 304 answers.

Starts a real `bawaba serve` (loadtests/bench/_harness.py), warms it, then sends bounded batches from a minimal
asyncio HTTP/1.1 client (8 keep-alive connections) to 127.0.0.1 only. Searches cycle through Arabic and English
queries with filters and facets (the server keeps no response cache, so every search is ranked afresh); details
cycle through every service; 304s send each detail's current ETag back.

    uv run python -m loadtests.bench.catalog_bench                      # SQLite, 1 worker
    uv run python -m loadtests.bench.catalog_bench --postgres           # a fresh PostgreSQL database
    uv run python -m loadtests.bench.catalog_bench --n 3000 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import httpx

from loadtests.bench._harness import Measurement, ServerUnderTest, drop_postgres, fresh_postgres_database

SEARCHES = [
    {"q": "شهاده الميلاد"},
    {"q": "شهادة ميلاد"},
    {"q": "birth certificate"},
    {"q": "المرور"},
    {"q": "renew vehicle registration"},
    {"q": "تجديد رخصة السياقة"},
    {"q": "commercial registration", "facets": "entity,channel,fee"},
    {"q": "سجل تجاري", "lang": "ar"},
    {"q": "passport", "fee": "paid"},
    {"q": "pasport"},
    {"q": "electricity bill", "channel": "app"},
    {"q": "الكهرباء"},
    {"q": "good conduct certificate"},
    {"q": "building permit", "facets": "entity,category,channel,ekey,fee"},
    {"q": "work permit", "sort": "-popularity"},
    {"q": "health", "limit": "50"},
    {"q": "الإقامة"},
    {"q": "cert"},
    {"entity": "GDT", "facets": "category,channel"},
    {"category": "health", "sort": "name"},
]
CONCURRENCY = 8


class Connection:
    """A minimal HTTP/1.1 keep-alive client: a few microseconds per request, so the load generator (which shares
    the two cores with the server) saturates the server instead of being the bottleneck, as httpx would be."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, url: str) -> Connection:
        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer, parts.netloc)

    async def get(self, target: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self.writer.write(f"GET {target} HTTP/1.1\r\nhost: {self.host}\r\n{extra}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if status in (204, 304):
            length = 0
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    def close(self) -> None:
        self.writer.close()


Request = Callable[[int], tuple[str, dict[str, str]]]


async def drive(url: str, n: int, request: Request, expect: int) -> None:
    counter = itertools.count()

    async def worker() -> None:
        conn = await Connection.open(url)
        try:
            while (i := next(counter)) < n:
                target, headers = request(i)
                status, body = await conn.get(target, headers)
                if status != expect:
                    raise RuntimeError(f"{target}: unexpected {status}: {body[:300]!r}")
        finally:
            conn.close()

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


def run(server: ServerUnderTest, name: str, n: int, request: Request, expect: int = 200) -> Measurement:
    asyncio.run(drive(server.url, min(n, 300), request, expect))  # warm-up: snapshot, indexes, code paths
    with server.measure(name, n) as m:
        asyncio.run(drive(server.url, n, request, expect))
    return m


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="requests per operation (bounded)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--postgres", action="store_true", help="run against a fresh PostgreSQL database")
    args = parser.parse_args()
    n = max(100, min(args.n, 20_000))

    db_url, db_name = fresh_postgres_database() if args.postgres else (None, None)
    try:
        with ServerUnderTest(workers=args.workers, database_url=db_url) as server:
            codes = _codes(server.url)
            etags = {c: httpx.get(f"{server.url}/api/v1/services/{c}").headers["etag"] for c in codes}

            searches = ["/api/v1/services?" + urlencode(p) for p in SEARCHES]

            def search(i: int) -> tuple[str, dict[str, str]]:
                return searches[i % len(searches)], {}

            def detail(i: int) -> tuple[str, dict[str, str]]:
                return f"/api/v1/services/{codes[i % len(codes)]}", {}

            def not_modified(i: int) -> tuple[str, dict[str, str]]:
                code = codes[i % len(codes)]
                return f"/api/v1/services/{code}", {"if-none-match": etags[code]}

            results = [
                run(server, "search (GET /services?q=...)", n, search),
                run(server, "detail (GET /services/{code})", n, detail),
                run(server, "304 (detail with If-None-Match)", n, not_modified, expect=304),
            ]
            backend = "PostgreSQL" if args.postgres else "SQLite"
            print(f"catalog bench: {len(codes)} services, {backend}, {args.workers} worker(s), n={n} per operation")
            for m in results:
                print("  " + m.report())
    finally:
        if db_name:
            drop_postgres(db_name)


def _codes(url: str) -> list[str]:
    codes: list[str] = []
    cursor = None
    while True:
        params = {"limit": "100", "sort": "name", **({"cursor": cursor} if cursor else {})}
        body = httpx.get(f"{url}/api/v1/services", params=params, timeout=30).json()
        codes += [i["code"] for i in body["data"]]
        cursor = body["meta"]["next_cursor"]
        if not cursor:
            return codes


if __name__ == "__main__":
    main()
