"""Expand templates and named services into the full service list (codes, channels, fees, eKey, launch dates)."""

from __future__ import annotations

import datetime

from seeds.catalog._util import rng_for, slugify
from seeds.catalog.named import ANCHORS, NAMED
from seeds.catalog.taxonomy import ENTITIES
from seeds.catalog.templates_a import BLOCKS_A
from seeds.catalog.templates_b import BLOCKS_B
from seeds.catalog.verbs import VERBS, name_pair, output_type

TARGET_ACTIVE = 800  # 712 of them digital: 712 / 800 = 89 % digitalisation (iGA H1 2024)
TARGET_DIGITAL = 712
NEW_IN_H1_2024 = 35
H1_START = datetime.date(2024, 1, 1)
AUDIENCE_LETTERS = {"c": "citizen", "r": "resident", "b": "business", "v": "visitor", "g": "government"}
BLOCKS = {**BLOCKS_A, **BLOCKS_B}
ENTITY_NAMES = {code: (en, ar) for code, en, ar, *_ in ENTITIES}
ENTITY_WEBSITE = {code: site for code, *_, site in ENTITIES}
# Entities whose service centres take Mawaeed bookings.
MAWAEED_ENTITIES = {"IGA", "NPRA", "GDT", "LMRA", "MOI", "MOJ", "EWA", "SIO", "MOL", "MOHUP", "SLRB", "MOFA"}
# Entities without walk-in customers (no Mawaeed appointment service).
NO_APPOINTMENTS = {"IGA", "MPA", "MCA", "LLOC", "MOSD", "MOT", "MEWA"}
# Entities whose count of new H1 2024 services the report fixes: no filler goes to them.
FIXED_NEW = {"IGA", "NPRA", "MOHUP", "MOJ", "MOIC", "MMAA", "RERA", "MYA"}
GDT_EXTRA = ("A traffic service of the General Directorate of Traffic.", "من خدمات المرور لدى الإدارة العامة للمرور.")
BIRTH_EXTRA = (
    "It concerns the birth certificate of a child registered in Bahrain.",
    "الخدمة خاصة بطلب شهادة ميلاد لطفل مسجل في مملكة البحرين.",
)
# Retired and upcoming services keep the status filter honest (the flexible work permit ended; the skills platform
# is "about to launch" in the report).
EXTRA_STATUS = [
    ("LMRA", "Issue Flexible Work Permit", "إصدار تصريح العمل المرن", "inactive", "issue"),
    ("LMRA", "Renew Flexible Work Permit", "تجديد تصريح العمل المرن", "inactive", "renew"),
    ("MOL", "Register on the Skills for Employment Platform", "التسجيل في منصة مهارات التوظيف", "planned", "-"),
]


def _spec(entity: str, verb: str, obj_en: str, obj_ar: str, x: dict, block: dict, *, named: bool) -> dict:
    name_en, name_ar = name_pair(verb, obj_en, obj_ar)
    if BLOCKS[entity]["objs"] is BLOCKS_B["CAPM"]["objs"]:  # the four municipalities share names: qualify them
        name_en += f" – {ENTITY_NAMES[entity][0]}"
        name_ar += f" – {ENTITY_NAMES[entity][1]}"
    cat = x.get("cat", block["cat"])
    fee = x.get("fee", 0)
    fee_applies = VERBS[verb][6]
    if fee == "v":
        fee_type, fee_fils = ("variable", 0) if fee_applies or verb == "-" else ("free", 0)
    elif fee and (fee_applies or named):
        fee_type, fee_fils = "fixed", round(float(fee) * 1000)
    else:
        fee_type, fee_fils = "free", 0
    adv = x.get("adv", False)
    ekey = x.get("ekey") or ("advanced" if adv and verb not in ("verify", "book") else VERBS[verb][7])
    if x.get("aud", block["aud"]) == "g" and ekey == "none":
        ekey = "standard"
    out = output_type(verb, obj_en, x.get("out"))
    pt = x.get("pt") or ("PT0S" if verb == "-" and out in ("response", "appointment", "receipt") else VERBS[verb][3])
    return {
        "entity": entity,
        "verb": verb,
        "object_en": obj_en,
        "name_en": name_en,
        "name_ar": name_ar,
        "category": cat,
        "events": tuple(x.get("ev", block["ev"])),
        "apps": tuple(x.get("apps", block["apps"])),
        "audience": [AUDIENCE_LETTERS[c] for c in "crbvg" if c in x.get("aud", block["aud"])],
        "system": x.get("sys"),
        "output_type": out,
        "fee_type": fee_type,
        "fee_fils": fee_fils,
        "ekey_level": ekey,
        "processing_time_iso": pt,
        "kiosk": x.get("kiosk", block["kiosk"]),
        "launched_on": x.get("launched"),
        "provenance": x.get("prov", "template") if named else "template",
        "named": named,
        "status": "active",
        "is_digital": True,
    }


def expand() -> list[dict]:
    named_by_entity: dict[str, list] = {}
    for entity, en, ar, x in NAMED:
        named_by_entity.setdefault(entity, []).append((en, ar, x))
    specs: list[dict] = []
    for code, *_ in ENTITIES:
        block = BLOCKS.get(code)
        if block is None:
            continue
        for en, ar, x in named_by_entity.pop(code, []):
            specs.append(_spec(code, "-", en, ar, x, block, named=True))
        for obj_en, obj_ar, verbs, fee, x in block["objs"]:
            for verb in verbs.split():
                specs.append(_spec(code, verb, obj_en, obj_ar, {**x, "fee": fee}, block, named=False))
        if code not in NO_APPOINTMENTS:
            x = {
                "cat": "feedback-appointments",
                "apps": ("mawaeed",),
                "out": "appointment",
                "fee": 0,
                "ev": (),
                "pt": "PT0S",
            }
            en, ar = ENTITY_NAMES[code]
            specs.append(
                _spec(code, "-", f"Book an Appointment with the {en}", f"حجز موعد لدى {ar}", x, block, named=False)
            )
        for ent, en, ar, status, verb in EXTRA_STATUS:
            if ent == code:
                obj = en.split(" ", 1)[1] if verb != "-" else en
                obj_ar = ar.split(" ", 1)[1] if verb != "-" else ar
                s = _spec(code, verb, obj, obj_ar, {"fee": 0 if status == "planned" else 60}, block, named=False)
                s["status"], s["provenance"] = status, "synthetic"
                specs.append(s)
    if named_by_entity:
        raise ValueError(f"named services for entities without a block: {sorted(named_by_entity)}")
    return specs


def _top_up(specs: list[dict]) -> list[dict]:
    """Add 'track application' and 'inquire about' services (common bahrain.bh patterns) until exactly TARGET_ACTIVE
    services are active."""
    active = [s for s in specs if s["status"] == "active"]
    missing = TARGET_ACTIVE - len(active)
    if missing < 0:
        raise ValueError(f"templates give {len(active)} active services, more than {TARGET_ACTIVE}")
    seen = {(s["entity"], s["object_en"], s["verb"]) for s in specs}
    candidates: list[tuple[dict, str]] = []
    for s in specs:
        for verb, sources in (("track", ("issue", "apply", "register", "renew")), ("inquire", ("issue", "renew"))):
            key = (s["entity"], s["object_en"], verb)
            if s["verb"] in sources and not s["named"] and s["status"] == "active" and key not in seen:
                seen.add(key)
                candidates.append((s, verb))
    candidates.sort(key=lambda c: rng_for(f"{c[1]}:{c[0]['entity']}:{c[0]['object_en']}").random())
    if len(candidates) < missing:
        raise ValueError(f"only {len(candidates)} candidates for {missing} missing services")
    chosen: dict[int, list[str]] = {}
    for s, verb in candidates[:missing]:
        chosen.setdefault(id(s), []).append(verb)
    out: list[dict] = []
    for s in specs:
        out.append(s)
        for verb in sorted(chosen.get(id(s), [])):
            block = BLOCKS[s["entity"]]
            obj = next(o for o in block["objs"] if o[0] == s["object_en"])
            x = {
                **obj[4],
                "cat": s["category"],
                "ev": s["events"],
                "apps": s["apps"],
                "sys": s["system"],
                "aud": "".join(k for k, v in AUDIENCE_LETTERS.items() if v in s["audience"]),
                "fee": 0,
            }
            out.append(_spec(s["entity"], verb, s["object_en"], obj[1], x, block, named=False))
    return out


def _choose_non_digital(specs: list[dict]) -> None:
    anchors = set(ANCHORS)
    pool = [
        s
        for s in specs
        if s["status"] == "active"
        and not s["named"]
        and s["system"] is None
        and (s["entity"], s["name_en"]) not in anchors
        and s["verb"] in ("issue", "replace", "apply", "register", "transfer", "amend", "book", "renew")
    ]
    pool.sort(key=lambda s: rng_for(f"digital:{s['entity']}:{s['name_en']}").random())
    n = TARGET_ACTIVE - TARGET_DIGITAL
    for s in pool[:n]:
        s["is_digital"] = False


def _choose_new(specs: list[dict]) -> None:
    named_new = sum(1 for s in specs if s["launched_on"])
    pool = [
        s
        for s in specs
        if s["status"] == "active"
        and s["is_digital"]
        and not s["named"]
        and s["entity"] not in FIXED_NEW
        and (s["entity"], s["name_en"]) not in set(ANCHORS)
    ]
    pool.sort(key=lambda s: rng_for(f"new:{s['entity']}:{s['name_en']}").random())
    for s in pool[: NEW_IN_H1_2024 - named_new]:
        day = rng_for(f"launch:{s['entity']}:{s['name_en']}").randrange(0, 180)
        s["launched_on"] = (H1_START + datetime.timedelta(days=day)).isoformat()
        s["provenance"] = "synthetic"


def _channels(s: dict) -> list[str]:
    rng = rng_for(f"channels:{s['entity']}:{s['name_en']}")
    if s["status"] == "planned":
        return ["portal"]
    if not s["is_digital"]:
        return ["centre"] + (["contact-centre"] if rng.random() < 0.5 else [])
    chans = ["portal"] + [f"app:{a}" for a in s["apps"]]
    if s["verb"] == "book" and s["entity"] in MAWAEED_ENTITIES and "app:mawaeed" not in chans:
        chans.append("app:mawaeed")
    if s["kiosk"] and s["verb"] in ("pay", "renew", "print", "inquire", "replace", "-"):
        chans.append("kiosk")
    if ENTITY_WEBSITE[s["entity"]] and rng.random() < 0.3:
        chans.append("entity-site")
    if s["verb"] in ("issue", "replace", "renew", "apply", "transfer", "register", "book") and rng.random() < 0.4:
        chans.append("centre")
    if s["verb"] in ("inquire", "track") and rng.random() < 0.3:
        chans.append("contact-centre")
    return chans


def build_services() -> list[dict]:
    specs = _top_up(expand())
    _choose_non_digital(specs)
    _choose_new(specs)
    slugs: set[str] = set()
    for n, s in enumerate(specs, start=1):
        s["code"] = f"BH-SVC-{n:04d}"
        slug = slugify(s["name_en"])[:150]
        if slug in slugs:
            slug = f"{slug}-{s['entity'].lower()}"
        if slug in slugs:
            raise ValueError(f"duplicate slug {slug}")
        slugs.add(slug)
        s["slug"] = slug
        s["channels"] = _channels(s)
        if s["entity"] == "GDT":
            s["extra_en"], s["extra_ar"] = GDT_EXTRA
        elif "Birth Certificate" in s["name_en"]:
            s["extra_en"], s["extra_ar"] = BIRTH_EXTRA
    missing = set(ANCHORS) - {(s["entity"], s["name_en"]) for s in specs}
    if missing:
        raise ValueError(f"anchors not generated: {sorted(missing)}")
    return specs
