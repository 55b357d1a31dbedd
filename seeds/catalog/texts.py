"""Bilingual descriptive text for a service: descriptions, requirements, evidence, outputs and steps.

Every sentence exists in English and Arabic with the same meaning; variable parts (names, entity, channels) are
inserted in both languages from the same data.
"""

from __future__ import annotations

import random

from seeds.catalog.verbs import OUTPUT_WORDS

EKEY_WORDS = {"standard": ("Standard", "الأساسي"), "advanced": ("Advanced", "المتقدم")}

# Evidence pools per category: (English, Arabic).
EVIDENCE = {
    "identity-civil-records": [
        ("Valid passport copy", "نسخة من جواز السفر ساري المفعول"),
        ("Recent personal photograph", "صورة شخصية حديثة"),
        ("Hospital birth notification", "إشعار الولادة الصادر من المستشفى"),
        ("Proof of address (electricity bill or lease)", "إثبات العنوان (فاتورة كهرباء أو عقد إيجار)"),
    ],
    "nationality-passports-residence": [
        ("Passport valid for at least six months", "جواز سفر ساري لمدة ستة أشهر على الأقل"),
        ("Recent personal photograph", "صورة شخصية حديثة"),
        ("Sponsor's letter", "خطاب الكفيل"),
        ("Health insurance certificate", "شهادة التأمين الصحي"),
    ],
    "traffic-vehicles": [
        ("Vehicle insurance certificate", "شهادة تأمين المركبة"),
        ("Technical inspection report", "تقرير الفحص الفني"),
        ("Eye test result", "نتيجة فحص النظر"),
        ("Vehicle ownership card", "بطاقة ملكية المركبة"),
    ],
    "business-commerce": [
        ("Memorandum of association", "عقد التأسيس"),
        ("Lease contract of the business premises", "عقد إيجار مقر النشاط"),
        ("Partners' identity documents", "وثائق هوية الشركاء"),
        ("Board resolution", "قرار مجلس الإدارة"),
    ],
    "labour-employment": [
        ("Employment contract", "عقد العمل"),
        ("Worker's passport copy", "نسخة من جواز سفر العامل"),
        ("Academic or professional qualification", "المؤهل الدراسي أو المهني"),
        ("Medical fitness certificate", "شهادة اللياقة الطبية"),
    ],
    "health": [
        ("Medical referral letter", "خطاب الإحالة الطبية"),
        ("Previous medical reports", "التقارير الطبية السابقة"),
        ("Professional qualification certificates", "شهادات المؤهلات المهنية"),
    ],
    "education-youth": [
        ("Previous school certificate", "الشهادة المدرسية السابقة"),
        ("Child's vaccination record", "سجل تطعيمات الطفل"),
        ("Attested academic certificates", "الشهادات الأكاديمية المصدقة"),
    ],
    "housing-real-estate": [
        ("Title deed copy", "نسخة من وثيقة الملكية"),
        ("Salary certificate", "شهادة الراتب"),
        ("Family register", "السجل العائلي"),
        ("Professional indemnity insurance", "تأمين المسؤولية المهنية"),
    ],
    "municipal-building-planning": [
        ("Engineering drawings", "المخططات الهندسية"),
        ("Title deed copy", "نسخة من وثيقة الملكية"),
        ("Site survey map", "خريطة مسح الموقع"),
        ("Contractor's commercial registration", "السجل التجاري للمقاول"),
    ],
    "electricity-water": [
        ("Title deed or lease contract", "وثيقة الملكية أو عقد الإيجار"),
        ("Building completion certificate", "شهادة إتمام البناء"),
        ("Last meter reading", "آخر قراءة للعداد"),
    ],
    "justice-notary-awqaf": [
        ("Statement of claim", "صحيفة الدعوى"),
        ("Supporting documents", "المستندات المؤيدة"),
        ("Witnesses' identity cards", "بطاقات هوية الشهود"),
    ],
    "social-support-insurance": [
        ("Salary certificate", "شهادة الراتب"),
        ("Family register", "السجل العائلي"),
        ("Bank account certificate (IBAN)", "شهادة الحساب المصرفي (الآيبان)"),
    ],
    "tax-customs-payments": [
        ("Commercial invoice", "الفاتورة التجارية"),
        ("Bill of lading", "بوليصة الشحن"),
        ("Financial statements", "البيانات المالية"),
    ],
    "tourism-culture-media": [
        ("Event or project description", "وصف الفعالية أو المشروع"),
        ("Site plan", "مخطط الموقع"),
    ],
    "environment-agriculture": [
        ("Environmental study", "الدراسة البيئية"),
        ("Health certificate from the country of origin", "الشهادة الصحية من بلد المنشأ"),
    ],
    "feedback-appointments": [("Supporting attachments (optional)", "مرفقات داعمة (اختياري)")],
}

CHANNEL_WORDS = {
    "portal": ("the national portal bahrain.bh", "البوابة الوطنية bahrain.bh"),
    "app": ("the {app} app", "تطبيق {app}"),
    "kiosk": ("eGovernment kiosks", "أجهزة الخدمة الذاتية"),
    "entity_site": ("the entity's website", "الموقع الإلكتروني للجهة"),
    "centre": ("government service centres", "مراكز الخدمات الحكومية"),
    "contact_centre": ("the contact centre 80008001", "مركز الاتصال الوطني 80008001"),
}


def _join(parts: list[str], conj_en: str) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {conj_en} " + parts[-1]


def channel_phrases(channels: list[tuple[str, str, str]]) -> tuple[str, str]:
    """channels: (kind, app English name, app Arabic name) -> ('a, b and c', 'أ و ب و ج')."""
    en, ar = [], []
    for kind, app_en, app_ar in channels:
        w_en, w_ar = CHANNEL_WORDS[kind]
        en.append(w_en.format(app=app_en))
        ar.append(w_ar.format(app=app_ar))
    return _join(en, "and"), " و".join(ar)


def describe(svc: dict, entity: tuple[str, str], channels: tuple[str, str]) -> dict[str, str]:
    out_en, out_ar = OUTPUT_WORDS[svc["output_type"]]
    ent_en, ent_ar = entity
    short_en = f"{svc['name_en']} with the {ent_en}."
    short_ar = f"خدمة {svc['name_ar']} لدى {ent_ar}."
    desc_en = (
        f"This service is provided by the {ent_en} through {channels[0]}. "
        f"Once the request is complete the applicant receives the {out_en}."
    )
    desc_ar = f"تتوفر هذه الخدمة لدى {ent_ar} عبر {channels[1]}. يحصل مقدم الطلب على {out_ar} بعد استكمال الطلب."
    if svc["fee_type"] != "free":
        desc_en += " The prescribed fees are paid online."
        desc_ar += " تُدفع الرسوم المقررة إلكترونياً."
    if svc["ekey_level"] != "none":
        lvl_en, lvl_ar = EKEY_WORDS[svc["ekey_level"]]
        desc_en += f" Log-in requires an eKey at the {lvl_en} level."
        desc_ar += f" يتطلب الدخول المفتاح الإلكتروني بالمستوى {lvl_ar}."
    extra_en, extra_ar = svc.get("extra_en", ""), svc.get("extra_ar", "")
    if extra_en:
        desc_en += " " + extra_en
        desc_ar += " " + extra_ar
    return {
        "short_description_en": short_en,
        "short_description_ar": short_ar,
        "description_en": desc_en,
        "description_ar": desc_ar,
    }


def requirements(svc: dict) -> list[dict]:
    aud = svc["audience"]
    reqs = []
    if "business" in aud and len(aud) <= 2:
        reqs.append(("Active commercial registration", "سجل تجاري ساري المفعول", "eligibility"))
    elif "government" in aud and len(aud) == 1:
        reqs.append(("Authorised government employee", "موظف حكومي مفوض", "eligibility"))
    else:
        reqs.append(("Valid identity card (CPR)", "بطاقة هوية سارية (الرقم الشخصي)", "eligibility"))
    if svc["ekey_level"] != "none":
        lvl_en, lvl_ar = EKEY_WORDS[svc["ekey_level"]]
        reqs.append((f"eKey account at the {lvl_en} level", f"حساب في المفتاح الإلكتروني بالمستوى {lvl_ar}", "access"))
    if svc["fee_type"] != "free":
        reqs.append(("Payment of the prescribed fees", "سداد الرسوم المقررة", "payment"))
    return [{"name_en": en, "name_ar": ar, "type": t} for en, ar, t in reqs]


def evidence(svc: dict, rng: random.Random) -> list[dict]:
    if svc["output_type"] in ("response", "receipt", "appointment") or svc["verb"] in ("inquire", "verify", "pay"):
        return []
    pool = EVIDENCE[svc["category"]]
    picked = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
    return [
        {"name_en": en, "name_ar": ar, "type": "document", "is_mandatory": i == 0} for i, (en, ar) in enumerate(picked)
    ]


def output(svc: dict) -> dict:
    out_en, out_ar = OUTPUT_WORDS[svc["output_type"]]
    return {"name_en": out_en.capitalize(), "name_ar": out_ar, "type": svc["output_type"]}


def steps(svc: dict, first_app: tuple[str, str] | None) -> list[dict]:
    out_en, out_ar = OUTPUT_WORDS[svc["output_type"]]
    if not svc["is_digital"]:
        pairs = [
            (
                "Book an appointment through Mawaeed or the contact centre 80008001",
                "احجز موعداً عبر تطبيق مواعيد أو مركز الاتصال الوطني 80008001",
            ),
            ("Visit the service centre with the original documents", "راجع مركز الخدمة مع المستندات الأصلية"),
            (f"Receive the {out_en} at the counter", f"استلم {out_ar} من موظف الخدمة"),
        ]
    else:
        if svc["ekey_level"] == "none":
            first = ("Open the service page on bahrain.bh", "افتح صفحة الخدمة في البوابة الوطنية bahrain.bh")
        elif first_app:
            first = (
                f"Log in with your eKey on bahrain.bh or in the {first_app[0]} app",
                f"سجّل الدخول بالمفتاح الإلكتروني في bahrain.bh أو في تطبيق {first_app[1]}",
            )
        else:
            first = ("Log in with your eKey on bahrain.bh", "سجّل الدخول بالمفتاح الإلكتروني في bahrain.bh")
        pairs = [first, (f"Choose the service “{svc['name_en']}”", f"اختر خدمة «{svc['name_ar']}»")]
        if svc["evidence_count"]:
            pairs.append(
                ("Fill in the application and attach the required documents", "املأ الطلب وأرفق المستندات المطلوبة")
            )
        else:
            pairs.append(("Enter the requested details", "أدخل البيانات المطلوبة"))
        if svc["fee_type"] != "free":
            pairs.append(
                (
                    "Pay online by BenefitPay, debit card or credit card",
                    "ادفع إلكترونياً عبر بنفت باي أو بطاقة الخصم أو البطاقة الائتمانية",
                )
            )
        pairs.append(
            (f"Receive the {out_en} by e-mail or download it", f"استلم {out_ar} عبر البريد الإلكتروني أو نزّله")
        )
    return [{"n": i + 1, "text_en": en, "text_ar": ar} for i, (en, ar) in enumerate(pairs)]
