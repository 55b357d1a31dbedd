"""Generate seeds/catalog/*.json: the Bawaba e-service catalog and its H1 2024 statistics, deterministically.

    uv run python -m seeds.catalog.generate            # rewrite the committed files
    uv run python -m seeds.catalog.generate --out DIR  # write elsewhere (tests compare two runs byte for byte)
    uv run python -m seeds.catalog.generate --check    # exit 1 when the committed files differ from a fresh run

Same output on every machine and run: one seed, per-object random streams from SHA-256, sorted iteration, exact
integer allocation, stable JSON (sorted keys, UTF-8, fixed separators). See seeds/catalog/README.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from seeds.catalog import texts
from seeds.catalog._util import SEED, dumps, dumps_lines, dumps_table, rng_for, slugify, uid, write
from seeds.catalog.build import ENTITY_NAMES, build_services
from seeds.catalog.stats import app_month_stats, service_month_stats
from seeds.catalog.tawasul import tawasul_month_stats
from seeds.catalog.taxonomy import (
    APPS,
    CATEGORIES,
    CHANNELS,
    ENTITIES,
    EVENTS,
    LEGAL,
    LEGAL_BY_CATEGORY,
    NATIONAL_SYSTEMS,
)

SCHEMA_VERSION = 1
HERE = Path(__file__).resolve().parent
TIME_TEXT = {
    "PT0S": ("Immediate", "فوري"),
    "PT1H": ("1 hour", "ساعة واحدة"),
    "P1D": ("1 working day", "يوم عمل واحد"),
    "P2D": ("2 working days", "يوما عمل"),
    "P3D": ("3 working days", "3 أيام عمل"),
    "P5D": ("5 working days", "5 أيام عمل"),
    "P10D": ("10 working days", "10 أيام عمل"),
}
APP_NAMES = {slug: (en, ar) for slug, en, ar, *_ in APPS}
CHANNEL_KIND = {code: kind for code, kind, *_ in CHANNELS}
WEBSITE = {code: site for code, *_, site in ENTITIES}
HOURS = ("Sunday to Thursday, 7:00 to 14:00", "من الأحد إلى الخميس، من 7:00 إلى 14:00")


def reference_tables() -> dict[str, list[dict]]:
    entities = []
    for sort, (code, en, ar, short_en, short_ar, kind, parent, site) in enumerate(ENTITIES):
        entities.append(
            {
                "id": uid("entity", code),
                "code": code,
                "slug": slugify(en),
                "name_en": en,
                "name_ar": ar,
                "short_name_en": short_en,
                "short_name_ar": short_ar,
                "type": kind,
                "parent": parent,
                "website": site,
                "email": None,
                "phone": "80008001",
                "spatial": "BH",
                "sort": sort,
                "contact_point": {
                    "id": uid("contact_point", code),
                    "phone": "80008001",
                    "email": None,
                    "url": site,
                    "opening_hours_en": HOURS[0],
                    "opening_hours_ar": HOURS[1],
                },
            }
        )
    categories = [
        {
            "id": uid("category", slug),
            "slug": slug,
            "name_en": en,
            "name_ar": ar,
            "parent": None,
            "description_en": f"Government services for {en.lower()}",
            "description_ar": f"خدمات {ar}",
            "cofog_code": cofog,
            "sort": i,
        }
        for i, (slug, en, ar, cofog) in enumerate(CATEGORIES)
    ]
    events = [
        {
            "id": uid("event", slug),
            "slug": slug,
            "kind": kind,
            "name_en": en,
            "name_ar": ar,
            "eu_code": None,
            "description_en": f"Services you may need: {en.lower()}",
            "description_ar": f"الخدمات التي قد تحتاجها عند {ar}",
            "sort": i,
        }
        for i, (slug, kind, en, ar) in enumerate(EVENTS)
    ]
    apps = [
        {
            "id": uid("app", slug),
            "slug": slug,
            "name_en": en,
            "name_ar": ar,
            "entity": owner,
            "description_en": d_en,
            "description_ar": d_ar,
            "store_url": "https://www.bahrain.bh/apps",
            "launched_on": None,
            "sort": i,
        }
        for i, (slug, en, ar, owner, d_en, d_ar) in enumerate(APPS)
    ]
    channels = [
        {
            "id": uid("channel", code),
            "code": code,
            "kind": kind,
            "name_en": en,
            "name_ar": ar,
            "europass_type": ctype,
            "app": code.split(":", 1)[1] if kind == "app" else None,
            "url": url,
            "is_electronic": elec,
            "sort": i,
        }
        for i, (code, kind, en, ar, ctype, url, elec) in enumerate(CHANNELS)
    ]
    systems = [
        {
            "id": uid("national_system", slug),
            "slug": slug,
            "name_en": en,
            "name_ar": ar,
            "entity": owner,
            "launched_on": f"{month}-01" if month else None,
            "description_en": d_en,
            "description_ar": d_ar,
            "sort": i,
        }
        for i, (slug, en, ar, owner, month, d_en, d_ar) in enumerate(NATIONAL_SYSTEMS)
    ]
    legal = [
        {
            "id": uid("legal_resource", slug),
            "slug": slug,
            "title_en": en,
            "title_ar": ar,
            "eli_or_url": None,
            "number": number,
            "year": year,
        }
        for slug, en, ar, number, year in LEGAL
    ]
    return {
        "entities": entities,
        "categories": categories,
        "events": events,
        "apps": apps,
        "channels": channels,
        "national_systems": systems,
        "legal_resources": legal,
    }


def _categories(s: dict) -> list[str]:
    cats = [s["category"]]
    if s["verb"] == "pay" and s["category"] != "tax-customs-payments":
        cats.append("tax-customs-payments")
    if s["verb"] == "book" and s["category"] != "feedback-appointments":
        cats.append("feedback-appointments")
    return cats


def _related(specs: list[dict]) -> dict[str, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for s in specs:
        key = (s["entity"], s["system"]) if s["named"] and s["system"] else (s["entity"], s["object_en"])
        groups.setdefault(key, []).append(s)
    out: dict[str, list[dict]] = {}
    for members in groups.values():
        head = members[0]
        for s in members[1:]:
            kind = "requires" if s["verb"] in ("track", "print") and head["verb"] in ("issue", "apply") else "related"
            out.setdefault(s["code"], []).append({"code": head["code"], "kind": kind})
    return out


def service_record(s: dict, rank: int, related: list[dict]) -> dict:
    code = s["code"]
    rng = rng_for(f"service:{code}")
    chan_rows = []
    for c in s["channels"]:
        kind = CHANNEL_KIND[c]
        in_person_id = s["entity"] == "IGA" and "Identity Card" in s["name_en"] and kind == "centre"
        chan_rows.append(
            {
                "channel": c,
                "url": WEBSITE[s["entity"]] if kind == "entity_site" else None,
                # iGA SLA: ID renewal 3 business days online, 1 hour in person.
                "processing_time_iso": "PT1H" if in_person_id else None,
                "ekey_level_override": "none" if kind in ("centre", "kiosk", "contact_centre") else None,
                "notes_en": None,
                "notes_ar": None,
            }
        )
    costs = []
    if s["fee_type"] == "fixed":
        paid_channels = [c for c in s["channels"] if CHANNEL_KIND[c] != "contact_centre"]
        costs = [
            {
                "id": uid("cost", f"{code}:{c}"),
                "channel": c,
                "amount_fils": s["fee_fils"],
                "currency": "BHD",
                "description_en": "Service fee",
                "description_ar": "رسوم الخدمة",
                "defined_by": s["entity"],
                "sort": i,
            }
            for i, c in enumerate(paid_channels)
        ]
    elif s["fee_type"] == "variable":
        costs = [
            {
                "id": uid("cost", f"{code}:*"),
                "channel": None,
                "amount_fils": 0,
                "currency": "BHD",
                "description_en": "Variable amount, shown before payment",
                "description_ar": "مبلغ متغير يظهر قبل الدفع",
                "defined_by": s["entity"],
                "sort": 0,
            }
        ]
    ev = texts.evidence(s, rng)
    s["evidence_count"] = len(ev)
    first_app = next((APP_NAMES[c.split(":", 1)[1]] for c in s["channels"] if c.startswith("app:")), None)
    chan_words = [(CHANNEL_KIND[c], *APP_NAMES.get(c.split(":", 1)[-1], ("", ""))) for c in s["channels"]]
    launched = s["launched_on"]
    updated = launched or (
        f"2023-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.5
        else f"2024-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
    )
    law = LEGAL_BY_CATEGORY.get(s["category"])
    legal = sorted({law} if law else set()) + (["law-30-2018-pdp"] if s["ekey_level"] == "advanced" else [])
    t_en, t_ar = TIME_TEXT[s["processing_time_iso"]]
    record = {
        "id": uid("service", code),
        "code": code,
        "slug": s["slug"],
        "entity": s["entity"],
        "national_system": s["system"],
        "name_en": s["name_en"],
        "name_ar": s["name_ar"],
        **texts.describe(s, ENTITY_NAMES[s["entity"]], texts.channel_phrases(chan_words)),
        "status": s["status"],
        "is_digital": s["is_digital"],
        "ekey_level": s["ekey_level"],
        "processing_time_iso": s["processing_time_iso"],
        "processing_time_text_en": t_en,
        "processing_time_text_ar": t_ar,
        "fee_type": s["fee_type"],
        "launched_on": launched,
        "updated_at": f"{updated}T08:00:00+00:00",
        "version": 1 if launched else 1 + rng.randrange(4),
        "popularity_rank": rank,
        "provenance": s["provenance"],
        "categories": _categories(s),
        "events": sorted(s["events"]),
        "audience": s["audience"],
        "related": related,
        "channels": chan_rows,
        "costs": costs,
        "requirements": [
            {"id": uid("requirement", f"{code}:{i}"), "description_en": None, "description_ar": None, "sort": i, **r}
            for i, r in enumerate(texts.requirements(s))
        ],
        "evidence": [
            {
                "id": uid("evidence", f"{code}:{i}"),
                "channel": None,
                "description_en": None,
                "description_ar": None,
                "sort": i,
                **e,
            }
            for i, e in enumerate(ev)
        ],
        "outputs": [
            {
                "id": uid("output", f"{code}:0"),
                "description_en": None,
                "description_ar": None,
                "sort": 0,
                **texts.output(s),
            }
        ],
        "steps": texts.steps(s, first_app),
        "legal": legal,
    }
    return record


def build() -> dict[str, str]:
    """All catalog files as {file name: text}."""
    specs = build_services()
    active_digital = [s for s in specs if s["status"] == "active" and s["is_digital"]]
    stats_rows = service_month_stats(active_digital, CHANNEL_KIND)
    volume: dict[str, int] = {}
    for code, _c, _m, n, _f in stats_rows:
        volume[code] = volume.get(code, 0) + n
    by_code = {s["code"]: s for s in specs}
    ranked = sorted(specs, key=lambda s: (-volume.get(s["code"], 0), s["code"]))
    ranks = {s["code"]: i for i, s in enumerate(ranked, start=1)}
    related = _related(specs)
    services = [service_record(s, ranks[s["code"]], related.get(s["code"], [])) for s in specs]
    entity_tx = {code: 0 for code, *_ in ENTITIES}
    for code, n in volume.items():
        entity_tx[by_code[code]["entity"]] += n
    files = {f"{name}.json": dumps(rows) for name, rows in reference_tables().items()}
    files["services.json"] = dumps_lines(services)
    files["stats_service_month.json"] = dumps_table(
        ["service", "channel", "month", "transactions", "payments_fils"], stats_rows
    )
    files["stats_app_month.json"] = dumps_table(["app", "month", "users", "downloads"], app_month_stats())
    files["tawasul_stats_month.json"] = dumps_table(
        ["entity", "month", "case_type", "cases", "within_sla", "sla_hours", "mean_close_hours", "rated", "satisfied"],
        tawasul_month_stats(entity_tx),
    )
    return files


def write_all(out: Path) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    files = build()
    digests = {name: write(out / name, text) for name, text in sorted(files.items())}
    manifest = {"schema_version": SCHEMA_VERSION, "seed": SEED, "generator": "seeds.catalog.generate", "files": digests}
    write(out / "manifest.json", dumps(manifest))
    return digests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output directory (default: seeds/catalog)")
    parser.add_argument("--check", action="store_true", help="compare a fresh run with the files in --out")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_all(Path(tmp))
            names = sorted(p.name for p in Path(tmp).glob("*.json"))
            stale = [n for n in names if (Path(tmp) / n).read_bytes() != (args.out / n).read_bytes()]
        print("up to date" if not stale else f"stale: {', '.join(stale)}")
        return 1 if stale else 0
    digests = write_all(args.out)
    print(f"wrote {len(digests) + 1} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
