"""Reading seeds/catalog/*.json into table rows: decoded and validated with msgspec (catalog.seed_records)."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from pathlib import Path
from typing import Any

import msgspec

from catalog import seed_records as r

# created_at of reference rows: fixed, so a reload never changes a row (the import time lives in catalog_version).
EPOCH = datetime.datetime(2024, 6, 30, tzinfo=datetime.UTC)


def data_digest(directory: Path) -> str:
    """The manifest lists every file's SHA-256, so its own hash identifies the whole data set."""
    return hashlib.sha256((directory / "manifest.json").read_bytes()).hexdigest()


def _decode(directory: Path, name: str, kind: Any) -> Any:
    return msgspec.json.decode((directory / name).read_bytes(), type=kind)


def _table(directory: Path, name: str, columns: list[str]) -> list[list[Any]]:
    table = _decode(directory, name, r.Table)
    if table.columns != columns:
        raise ValueError(f"{name}: columns {table.columns} != expected {columns}")
    return table.rows


def _u(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


class CatalogData:
    """Every row of the seed as {table: [row dict]}, with natural references resolved to ids."""

    def __init__(self, directory: Path) -> None:
        self.digest = data_digest(directory)
        manifest = _decode(directory, "manifest.json", r.Manifest)
        if manifest.schema_version != 1:
            raise ValueError(f"unsupported catalog seed schema {manifest.schema_version}")
        for name, sha in manifest.files.items():
            if hashlib.sha256((directory / name).read_bytes()).hexdigest() != sha:
                raise ValueError(f"{name} does not match manifest.json (regenerate: python -m seeds.catalog.generate)")
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self._reference(directory)
        self._services(_decode(directory, "services.json", list[r.ServiceRec]))
        self._stats(directory)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def _reference(self, d: Path) -> None:
        entities = _decode(d, "entities.json", list[r.EntityRec])
        self.entity = {e.code: uuid.UUID(e.id) for e in entities}
        for e in entities:
            cp = e.contact_point
            self.add(
                "entity",
                {
                    **_plain(e, "contact_point", "parent"),
                    "id": self.entity[e.code],
                    "parent_id": self.entity[e.parent] if e.parent else None,
                    "created_at": EPOCH,
                    "updated_at": EPOCH,
                },
            )
            self.add(
                "contact_point",
                {**_plain(cp), "id": uuid.UUID(cp.id), "entity_id": self.entity[e.code], "service_id": None},
            )
        cats = _decode(d, "categories.json", list[r.CategoryRec])
        self.category = {c.slug: uuid.UUID(c.id) for c in cats}
        for c in cats:
            self.add(
                "category",
                {
                    **_plain(c, "parent"),
                    "id": self.category[c.slug],
                    "parent_id": self.category[c.parent] if c.parent else None,
                },
            )
        events = _decode(d, "events.json", list[r.EventRec])
        self.event = {e.slug: uuid.UUID(e.id) for e in events}
        for e in events:
            self.add("event", {**_plain(e), "id": self.event[e.slug]})
        apps = _decode(d, "apps.json", list[r.AppRec])
        self.app = {a.slug: uuid.UUID(a.id) for a in apps}
        for a in apps:
            self.add("app", {**_plain(a, "entity"), "id": self.app[a.slug], "entity_id": self.entity[a.entity]})
        channels = _decode(d, "channels.json", list[r.ChannelRec])
        self.channel = {c.code: uuid.UUID(c.id) for c in channels}
        for c in channels:
            self.add(
                "channel",
                {**_plain(c, "app"), "id": self.channel[c.code], "app_id": self.app[c.app] if c.app else None},
            )
        systems = _decode(d, "national_systems.json", list[r.NationalSystemRec])
        self.system = {s.slug: uuid.UUID(s.id) for s in systems}
        for s in systems:
            self.add(
                "national_system",
                {**_plain(s, "entity"), "id": self.system[s.slug], "entity_id": self.entity[s.entity]},
            )
        legal = _decode(d, "legal_resources.json", list[r.LegalRec])
        self.legal = {x.slug: uuid.UUID(x.id) for x in legal}
        for x in legal:
            self.add("legal_resource", {**_plain(x), "id": self.legal[x.slug]})

    def _services(self, services: list[r.ServiceRec]) -> None:
        self.service = {s.code: uuid.UUID(s.id) for s in services}
        nested = (
            "entity",
            "national_system",
            "categories",
            "events",
            "audience",
            "related",
            "channels",
            "costs",
            "requirements",
            "evidence",
            "outputs",
            "steps",
            "legal",
        )
        for s in services:
            sid = self.service[s.code]
            self.add(
                "service",
                {
                    **_plain(s, *nested),
                    "id": sid,
                    "entity_id": self.entity[s.entity],
                    "national_system_id": self.system[s.national_system] if s.national_system else None,
                    "created_at": EPOCH,
                },
            )
            for i, slug in enumerate(s.categories):
                self.add(
                    "service_category", {"service_id": sid, "category_id": self.category[slug], "is_primary": i == 0}
                )
            for slug in s.events:
                self.add("service_event", {"service_id": sid, "event_id": self.event[slug]})
            for aud in s.audience:
                self.add("service_audience", {"service_id": sid, "audience": aud})
            for rel in s.related:
                self.add("service_related", {"service_id": sid, "related_id": self.service[rel.code], "kind": rel.kind})
            for ch in s.channels:
                self.add(
                    "service_channel",
                    {**_plain(ch, "channel"), "service_id": sid, "channel_id": self.channel[ch.channel]},
                )
            for c in s.costs:
                self.add(
                    "cost",
                    {
                        **_plain(c, "channel", "defined_by"),
                        "id": uuid.UUID(c.id),
                        "service_id": sid,
                        "channel_id": self.channel[c.channel] if c.channel else None,
                        "defined_by_entity_id": self.entity[c.defined_by] if c.defined_by else None,
                    },
                )
            for kind, items in (("requirement", s.requirements), ("output", s.outputs)):
                for it in items:
                    self.add(kind, {**_plain(it), "id": uuid.UUID(it.id), "service_id": sid})
            for ev in s.evidence:
                self.add(
                    "evidence",
                    {
                        **_plain(ev, "channel"),
                        "id": uuid.UUID(ev.id),
                        "service_id": sid,
                        "channel_id": self.channel[ev.channel] if ev.channel else None,
                    },
                )
            for st in s.steps:
                self.add("step", {**_plain(st), "service_id": sid})
            for slug in s.legal:
                self.add("service_legal", {"service_id": sid, "legal_resource_id": self.legal[slug]})

    def _stats(self, d: Path) -> None:
        cols = ["service", "channel", "month", "transactions", "payments_fils"]
        for code, chan, month, n, fils in _table(d, "stats_service_month.json", cols):
            self.add(
                "stats_service_month",
                {
                    "service_id": self.service[code],
                    "channel_id": self.channel[chan],
                    "month": month,
                    "transactions": n,
                    "payments_fils": fils,
                },
            )
        for slug, month, users, downloads in _table(d, "stats_app_month.json", ["app", "month", "users", "downloads"]):
            self.add(
                "stats_app_month", {"app_id": self.app[slug], "month": month, "users": users, "downloads": downloads}
            )
        cols = [
            "entity",
            "month",
            "case_type",
            "cases",
            "within_sla",
            "sla_hours",
            "mean_close_hours",
            "rated",
            "satisfied",
        ]
        for e, month, *rest in _table(d, "tawasul_stats_month.json", cols):
            self.add(
                "tawasul_stats_month",
                {"entity_id": self.entity[e], "month": month, **dict(zip(cols[2:], rest, strict=True))},
            )


def _plain(rec: msgspec.Struct, *skip: str) -> dict[str, Any]:
    return {f: getattr(rec, f) for f in rec.__struct_fields__ if f not in skip and f != "id"}


# Load order respects foreign keys; `prune` tables lose rows of seeded services that the data no longer has.
