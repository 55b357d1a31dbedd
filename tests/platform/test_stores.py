"""Shared stores: what one worker writes, another reads (database by default, Redis when configured)."""

from __future__ import annotations

import asyncio
import secrets

import pytest
import redis

from bawaba.app import create_app
from bawaba.stores import STORE_NAMES

pytestmark = pytest.mark.asyncio


def redis_available() -> bool:
    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["database", "redis"])
def two_workers(request, settings):
    """Two independent app instances on the same backing store, as two granian workers would be."""
    if request.param == "redis":
        if not redis_available():
            pytest.skip("Redis is not running on 127.0.0.1:6379")
        settings = type(settings)(
            **{
                **{f: getattr(settings, f) for f in settings.__struct_fields__},
                "redis_url": "redis://127.0.0.1:6379/15",
            }
        )
    return create_app(settings), create_app(settings)


async def test_a_value_written_by_one_worker_is_read_by_another(two_workers) -> None:
    first, second = two_workers
    for name in STORE_NAMES:
        key = f"test-{secrets.token_hex(6)}"
        await first.stores.get(name).set(key, b"shared", expires_in=60)
        assert await second.stores.get(name).get(key) == b"shared"
        await second.stores.get(name).delete(key)
        assert await first.stores.get(name).get(key) is None


async def test_entries_expire(two_workers) -> None:
    first, second = two_workers
    key = f"test-{secrets.token_hex(6)}"
    await first.stores.get("rate_limit").set(key, b"1", expires_in=1)
    assert await second.stores.get("rate_limit").get(key) == b"1"
    await asyncio.sleep(1.2)
    assert await second.stores.get("rate_limit").get(key) is None


async def test_namespaces_do_not_collide(two_workers) -> None:
    first, _ = two_workers
    key = f"test-{secrets.token_hex(6)}"
    await first.stores.get("sessions").set(key, b"session", expires_in=60)
    assert await first.stores.get("state").get(key) is None
