"""/ready answers 503 until the database is at every migration head."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient

from bawaba import migrate
from bawaba.app import create_app
from tests.conftest import TEST_BASE_URL, fresh_database, make_settings


def test_ready_is_503_when_the_schema_is_behind_and_200_at_head(tmp_path: Path) -> None:
    with fresh_database(tmp_path, "behind") as url:
        settings = make_settings(url, tmp_path / "var")
        migrate.upgrade(url, "0001base")
        with TestClient(create_app(settings), base_url=TEST_BASE_URL) as client:
            behind = client.get("/ready")
            assert behind.status_code == 503
            assert behind.json() == {"status": "unavailable", "database": "ok", "migrations": "behind"}
        migrate.upgrade(url)
        with TestClient(create_app(settings), base_url=TEST_BASE_URL) as client:
            assert client.get("/ready").status_code == 200


def test_ready_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    settings = make_settings("postgresql+asyncpg://nobody@127.0.0.1:1/none", tmp_path / "var")
    with TestClient(create_app(settings), base_url=TEST_BASE_URL) as client:
        response = client.get("/ready")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable"
        assert client.get("/health").status_code == 200


def test_quick_head_reading_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    alembic_heads = set(ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_heads())
    assert migrate.script_heads() == alembic_heads
    assert len(alembic_heads) >= 1
