"""Service name grammar (design §7.2): verb × object templates in English and Arabic, plus per-verb defaults.

Arabic objects are stored in their definite form (رخصة القيادة, السجل التجاري) so names read as an iḍāfa
(إصدار رخصة القيادة) and exercise the search analyzer's ال-prefix and ة-ending handling.
"""

from __future__ import annotations

from seeds.catalog._util import li

# verb: (English pattern, Arabic pattern, output type or None = from the object, ISO duration, EN time, AR time,
#        fee applies, default eKey level)
VERBS: dict[str, tuple[str, str, str | None, str, str, str, bool, str]] = {
    "issue": ("Issue {o}", "إصدار {o}", None, "P3D", "3 working days", "3 أيام عمل", True, "standard"),
    "renew": ("Renew {o}", "تجديد {o}", None, "P1D", "1 working day", "يوم عمل واحد", True, "standard"),
    "replace": (
        "Replace Lost or Damaged {o}",
        "بدل فاقد أو تالف {lo}",
        None,
        "P3D",
        "3 working days",
        "3 أيام عمل",
        True,
        "standard",
    ),
    "amend": ("Amend {o}", "تعديل {o}", None, "P2D", "2 working days", "يوما عمل", True, "standard"),
    "cancel": ("Cancel {o}", "إلغاء {o}", "e-document", "P1D", "1 working day", "يوم عمل واحد", False, "standard"),
    "inquire": ("Inquire about {o}", "الاستعلام عن {o}", "response", "PT0S", "Immediate", "فوري", False, "none"),
    "track": (
        "Track {o} Application",
        "متابعة حالة طلب {o}",
        "response",
        "PT0S",
        "Immediate",
        "فوري",
        False,
        "standard",
    ),
    "print": ("Print {o}", "طباعة {o}", "e-document", "PT0S", "Immediate", "فوري", True, "standard"),
    "pay": ("Pay {o}", "دفع {o}", "receipt", "PT0S", "Immediate", "فوري", True, "none"),
    "apply": ("Apply for {o}", "تقديم طلب {o}", None, "P5D", "5 working days", "5 أيام عمل", True, "standard"),
    "transfer": ("Transfer {o}", "نقل {o}", None, "P2D", "2 working days", "يوما عمل", True, "advanced"),
    "book": (
        "Book Appointment for {o}",
        "حجز موعد {lo}",
        "appointment",
        "PT0S",
        "Immediate",
        "فوري",
        False,
        "standard",
    ),
    "register": ("Register {o}", "تسجيل {o}", "registration", "P2D", "2 working days", "يوما عمل", True, "standard"),
    "verify": ("Verify {o}", "التحقق من {o}", "response", "PT0S", "Immediate", "فوري", False, "none"),
    "update": ("Update {o}", "تحديث {o}", "e-document", "P1D", "1 working day", "يوم عمل واحد", False, "standard"),
    "object": (
        "Object to {o}",
        "الاعتراض على {o}",
        "response",
        "P10D",
        "10 working days",
        "10 أيام عمل",
        False,
        "standard",
    ),
    "extend": ("Extend {o}", "تمديد {o}", None, "P2D", "2 working days", "يوما عمل", True, "standard"),
    # A custom service whose full name is the object itself.
    "-": ("{o}", "{a}", None, "P3D", "3 working days", "3 أيام عمل", True, "standard"),
}

# Output noun by type, for descriptions and steps.
OUTPUT_WORDS = {
    "certificate": ("certificate", "الشهادة"),
    "licence": ("licence", "الترخيص"),
    "permit": ("permit", "التصريح"),
    "e-document": ("electronic document", "المستند الإلكتروني"),
    "receipt": ("payment receipt", "إيصال الدفع"),
    "registration": ("registration confirmation", "تأكيد التسجيل"),
    "appointment": ("appointment confirmation", "تأكيد الموعد"),
    "response": ("response", "الرد"),
}


def name_pair(verb: str, en: str, ar: str) -> tuple[str, str]:
    pat_en, pat_ar = VERBS[verb][0], VERBS[verb][1]
    if verb == "-":
        return en, ar
    return pat_en.format(o=en), pat_ar.format(o=ar, lo=li(ar))


def output_type(verb: str, en: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    by_verb = VERBS[verb][2]
    if by_verb:
        return by_verb
    low = en.lower()
    for word, kind in (
        ("licen", "licence"),
        ("permit", "permit"),
        ("visa", "permit"),
        ("certificate", "certificate"),
        ("registration", "registration"),
        ("card", "e-document"),
        ("passport", "e-document"),
        ("deed", "certificate"),
        ("complaint", "response"),
        ("appointment", "appointment"),
    ):
        if word in low:
            return kind
    return "e-document"
