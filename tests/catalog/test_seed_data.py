"""The catalog seed: deterministic generation, the iGA H1 2024 totals (in the files and in the loaded database),
the services the report names, bilingual quality, and an idempotent load."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from catalog import models as m
from catalog.config import CatalogConfig
from catalog.seed import data_digest, load_catalog, seed_steps

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "seeds" / "catalog"
H1 = (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
# Latin tokens an Arabic text may legitimately carry.
LATIN_OK = re.compile(r"bahrain\.bh|QR|Sijilat|eKey|iGA|CPR|BenefitPay|VAT|IBAN", re.I)


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def rows(name: str) -> list[list]:
    return load(name)["rows"]


@pytest.fixture(scope="module")
def services() -> list[dict]:
    return load("services.json")


def generate(out: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-m", "seeds.catalog.generate", "--out", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_two_generations_are_byte_identical_and_match_the_committed_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", "1")
    generate(tmp_path / "b", "4242")  # a different str-hash salt must not matter
    names = sorted(p.name for p in (tmp_path / "a").glob("*.json"))
    assert len(names) == 12
    for name in names:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes(), name
        assert first == (DATA / name).read_bytes(), f"{name} is stale: run python -m seeds.catalog.generate"


def test_report_transaction_and_payment_totals_are_exact() -> None:
    stats = rows("stats_service_month.json")
    assert sum(r[3] for r in stats) == 4_000_000
    assert sum(r[4] for r in stats) == 374_000_000_000  # BHD 374 M in fils
    app = [r for r in stats if r[1].startswith("app:")]
    assert sum(r[3] for r in app) == 691_000
    assert sum(r[4] for r in app) == 32_000_000_000
    by_month = Counter()
    for r in stats:
        by_month[r[2]] += r[4]
    # Q1 payments as published: BHD 59.7 M, 49.6 M, 49.7 M.
    assert [by_month[f"2024-0{i}"] for i in (1, 2, 3)] == [59_700_000_000, 49_600_000_000, 49_700_000_000]
    assert set(by_month) == {f"2024-0{i}" for i in range(1, 7)}


def test_q1_financial_transactions_match_the_published_months(services: list[dict]) -> None:
    paid = {s["code"] for s in services if s["fee_type"] != "free"}
    by_month = Counter()
    for code, _chan, month, n, fils in rows("stats_service_month.json"):
        assert (fils > 0) == (code in paid and n > 0), code  # money only on paid services that were used
        if code in paid:
            by_month[month] += n
    q1 = [by_month[f"2024-0{i}"] for i in (1, 2, 3)]
    assert sum(q1) == 611_431  # Q1 2024 financial e-transactions
    assert [round(v, -2) for v in q1] == [213_500, 208_400, 189_400]


def test_app_users_downloads_and_tawasul_are_exact() -> None:
    users = Counter()
    downloads = 0
    for app, _month, n, d in rows("stats_app_month.json"):
        users[app] += n
        downloads += d
    assert users["etraffic"] == 230_000 * 6 and users["sehati"] == 136_000 * 6
    assert sum(users.values()) == 788_000 * 6  # average monthly usage across apps
    assert downloads == 902_000
    assert max(users, key=users.get) == "etraffic"
    tawasul = rows("tawasul_stats_month.json")
    cases = sum(r[3] for r in tawasul)
    within = sum(r[4] for r in tawasul)
    assert cases == 85_000 and within * 1000 == cases * 985  # 98.5 % within the service level
    rated, satisfied = sum(r[7] for r in tawasul), sum(r[8] for r in tawasul)
    assert satisfied * 100 == rated * 85
    assert all(r[4] <= r[3] and r[8] <= r[7] for r in tawasul)
    assert {"TRA", "EB"} <= {r[0] for r in tawasul}  # entities added to Tawasul in H1 2024


def test_counts_digitalisation_and_identifiers(services: list[dict]) -> None:
    active = [s for s in services if s["status"] == "active"]
    digital = [s for s in active if s["is_digital"]]
    assert len(digital) >= 700
    assert len(digital) * 100 == len(active) * 89  # 89 % digital transformation ratio
    assert len({s["entity"] for s in digital}) >= 50
    assert len(load("entities.json")) >= 56
    assert all(re.fullmatch(r"BH-SVC-\d{4}", s["code"]) for s in services)
    for key in ("code", "slug", "id"):
        assert len({s[key] for s in services}) == len(services), key
    # Statistics only for active digital services, never before launch.
    launched = {s["code"]: s["launched_on"] for s in services}
    allowed = {s["code"] for s in digital}
    for code, _chan, month, _n, _fils in rows("stats_service_month.json"):
        assert code in allowed
        if launched[code]:
            assert month >= launched[code][:7], (code, month)
    assert sum(1 for s in services if s["launched_on"] and H1[0].isoformat() <= s["launched_on"] <= "2024-06-30") == 35


def _one(services: list[dict], entity: str, name_en: str) -> dict:
    found = [s for s in services if s["entity"] == entity and s["name_en"] == name_en]
    assert len(found) == 1, (entity, name_en)
    return found[0]


def test_named_new_services_have_their_owners_and_h1_launch(services: list[dict]) -> None:
    named = {
        ("IGA", "Print ID Card Statement Stamped with a QR Code"),
        ("IGA", "Issue Death Certificate"),
        ("IGA", "Inquire about the Status of Birth Certificate Applications"),
        ("IGA", "Renew ID Card for Senior Citizens"),
        ("MOIC", "Request a Video-Call Consultation"),
        ("MOIC", "Digital Business Advisor"),
        ("MOIC", "Create a Commercial Registration without a Licence"),
        ("MOHUP", "Apply for Renovation Financing"),
        ("MMAA", "Building Permit for Major Additions"),
        ("MMAA", "Building Permit for Minor Additions"),
        ("MMAA", "Issue an Advertising Licence"),
        ("MMAA", "Issue a Road Occupancy Licence for Major Additions"),
    }
    for entity, name in named:
        s = _one(services, entity, name)
        assert H1[0] <= datetime.date.fromisoformat(s["launched_on"]) <= H1[1], name
        assert s["status"] == "active" and s["is_digital"]
    new = [s for s in services if s["launched_on"]]
    per_entity = Counter(s["entity"] for s in new)
    assert per_entity["IGA"] == 9 and per_entity["NPRA"] == 1 and per_entity["MOHUP"] == 1 and per_entity["MOJ"] == 1
    tajer_named = [
        s
        for s in new
        if s["entity"] == "MOIC"
        and s["provenance"] == "report"
        and any(c["channel"] == "app:tajer" for c in s["channels"])
    ]
    assert len(tajer_named) == 3
    sijilat = [s for s in services if s["national_system"] == "sijilat-3"]
    assert len(sijilat) == 29 and sum(1 for s in sijilat if s["launched_on"]) == 5
    assert all(s["entity"] == "MOIC" for s in sijilat)
    benayat_new = [s for s in services if s["national_system"] == "benayat" and s["launched_on"]]
    assert len(benayat_new) == 4
    assert all(s["processing_time_iso"] == "P2D" for s in benayat_new)  # a permit in 2 working days
    systems = {s["slug"] for s in load("national_systems.json")}
    assert {
        "sijilat-3",
        "benayat",
        "tawasul",
        "national-gis",
        "aqari",
        "death-registration",
        "rera-licensing",
        "correspondence-2",
    } <= systems
    assert {"etraffic", "sehati", "tajer", "ishabab", "tawasul"} <= {a["slug"] for a in load("apps.json")}


def _arabic(text: str) -> bool:
    letters = ARABIC.findall(text)
    latin = LATIN.findall(LATIN_OK.sub("", text))
    return bool(letters) and len(latin) * 10 <= len(letters)


def test_arabic_fields_are_arabic_and_english_fields_are_not(services: list[dict]) -> None:
    for s in services:
        for field in ("name_ar", "short_description_ar", "description_ar"):
            assert _arabic(s[field]), (s["code"], field, s[field])
        assert not ARABIC.search(s["name_en"] + s["description_en"]), s["code"]
        for part in ("requirements", "evidence", "outputs"):
            for item in s[part]:
                assert _arabic(item["name_ar"]) and not ARABIC.search(item["name_en"]), (s["code"], part)
        for step in s["steps"]:
            assert _arabic(step["text_ar"]), s["code"]
    for name in ("entities.json", "categories.json", "events.json", "apps.json", "national_systems.json"):
        for rec in load(name):
            assert _arabic(rec["name_ar"]) and not ARABIC.search(rec["name_en"]), (name, rec["name_en"])


def test_search_words_are_in_the_right_services(services: list[dict]) -> None:
    birth = [s for s in services if "birth certificate" in (s["name_en"] + s["description_en"]).lower()]
    assert len(birth) >= 4 and all(s["entity"] == "IGA" for s in birth)
    assert all("شهادة الميلاد" in s["name_ar"] and "شهادة ميلاد" in s["description_ar"] for s in birth)
    traffic = [s for s in services if s["entity"] == "GDT"]
    assert len(traffic) >= 30 and all("المرور" in s["description_ar"] for s in traffic)


async def test_database_holds_the_exact_totals(session_maker) -> None:
    async with session_maker() as session:
        tx, fils = (
            await session.execute(
                select(func.sum(m.StatsServiceMonth.transactions), func.sum(m.StatsServiceMonth.payments_fils))
            )
        ).one()
        app_tx, app_fils = (
            await session.execute(
                select(func.sum(m.StatsServiceMonth.transactions), func.sum(m.StatsServiceMonth.payments_fils))
                .join(m.Channel, m.Channel.id == m.StatsServiceMonth.channel_id)
                .where(m.Channel.kind == "app")
            )
        ).one()
        cases, within = (
            await session.execute(select(func.sum(m.TawasulStatsMonth.cases), func.sum(m.TawasulStatsMonth.within_sla)))
        ).one()
        users = (await session.execute(select(func.sum(m.StatsAppMonth.users)))).scalar_one()
        active_digital = (
            await session.execute(
                select(func.count()).where(
                    m.Service.status == "active", m.Service.is_digital.is_(True), m.Service.code.like("BH-SVC-%")
                )
            )
        ).scalar_one()
    assert (int(tx), int(fils)) == (4_000_000, 374_000_000_000)
    assert (int(app_tx), int(app_fils)) == (691_000, 32_000_000_000)
    assert (int(cases), int(within)) == (85_000, 83_725)
    assert int(users) == 788_000 * 6
    assert active_digital >= 700


CATALOG_TABLES = [
    "entity",
    "contact_point",
    "category",
    "event",
    "app",
    "channel",
    "national_system",
    "legal_resource",
    "service",
    "service_category",
    "service_event",
    "service_audience",
    "service_channel",
    "cost",
    "requirement",
    "evidence",
    "output",
    "step",
    "service_legal",
    "service_related",
    "stats_service_month",
    "stats_app_month",
    "tawasul_stats_month",
    "catalog_version",
]


async def _counts(session_maker) -> dict[str, int]:
    tables = m.Service.metadata.tables
    async with session_maker() as session:
        return {
            t: (await session.execute(select(func.count()).select_from(tables[t]))).scalar_one() for t in CATALOG_TABLES
        }


async def test_loading_twice_adds_nothing_and_prunes_stale_children(session_maker) -> None:
    before = await _counts(session_maker)
    assert before["service"] >= 803 and before["catalog_version"] >= 1
    await load_catalog(DATA, session_maker)
    assert await _counts(session_maker) == before
    # A different data set loaded earlier may have left child rows the current data lacks: the reload drops them.
    async with session_maker() as session, session.begin():
        svc = (await session.execute(select(m.Service.id).where(m.Service.code == "BH-SVC-0001"))).scalar_one()
        session.add(m.Requirement(service_id=svc, name_en="Stale", name_ar="قديم", type="eligibility", sort=99))
        session.add(
            m.CatalogVersion(
                etag="test-older-import",
                source_digest="0" * 64,
                services=1,
                published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
            )
        )
    await load_catalog(DATA, session_maker)
    async with session_maker() as session, session.begin():
        stale = (await session.execute(select(func.count()).where(m.Requirement.name_en == "Stale"))).scalar_one()
        await session.execute(delete(m.CatalogVersion).where(m.CatalogVersion.etag == "test-older-import"))
    assert stale == 0
    assert await _counts(session_maker) == before


def test_seed_steps_are_keyed_by_the_data_digest() -> None:
    steps = seed_steps(CatalogConfig(seeds_dir=str(ROOT / "seeds")))
    assert [s.name for s in steps] == ["catalog.data", "catalog.search_index"]
    assert steps[0].digest == data_digest(DATA)
    assert steps[1].digest != steps[0].digest
