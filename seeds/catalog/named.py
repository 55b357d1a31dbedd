"""Services named by the iGA H1 2024 report, the Sijilat 3.0 and Benayat service sets, and the popularity anchors.

`prov`: "report" = the service is named in the report; "synthetic" = filler needed to reach a count the report gives
(e.g. 9 new iGA services of which it names 4) — its title is plausible, not sourced. The report gives launches only as
"H1 2024", so every `launched` date is synthetic within January-June 2024.
"""

from __future__ import annotations

# entity, English, Arabic, extras (same keys as the templates plus launched / prov / fee), object group for descriptions
NAMED: list[tuple[str, str, str, dict]] = [
    # --- iGA: 9 new services (report names the QR statement, death certificates, birth-certificate status, seniors) ---
    (
        "IGA",
        "Print ID Card Statement Stamped with a QR Code",
        "طباعة إفادة بطاقة الهوية المزودة برمز الاستجابة السريعة (QR)",
        {"launched": "2024-02-11", "prov": "report", "fee": 1, "out": "certificate", "kiosk": True},
    ),
    (
        "IGA",
        "Issue Death Certificate",
        "إصدار شهادة وفاة",
        {
            "launched": "2024-03-17",
            "prov": "report",
            "fee": 2,
            "out": "certificate",
            "sys": "death-registration",
            "ev": ("death-of-a-relative",),
            "adv": True,
        },
    ),
    (
        "IGA",
        "Replace Lost or Damaged Death Certificate",
        "بدل فاقد أو تالف لشهادة الوفاة",
        {
            "launched": "2024-03-17",
            "prov": "report",
            "fee": 2,
            "out": "certificate",
            "sys": "death-registration",
            "ev": ("death-of-a-relative",),
            "adv": True,
        },
    ),
    (
        "IGA",
        "Inquire about the Status of a Death Certificate Application",
        "الاستعلام عن حالة طلب شهادة الوفاة",
        {
            "launched": "2024-03-17",
            "prov": "report",
            "fee": 0,
            "out": "response",
            "sys": "death-registration",
            "ev": ("death-of-a-relative",),
        },
    ),
    (
        "IGA",
        "Inquire about the Status of Birth Certificate Applications",
        "الاستعلام عن حالة طلبات شهادة الميلاد",
        {
            "launched": "2024-01-21",
            "prov": "report",
            "fee": 0,
            "out": "response",
            "ev": ("having-a-baby",),
            "ekey": "none",
        },
    ),
    (
        "IGA",
        "Renew ID Card for Senior Citizens",
        "تجديد بطاقة الهوية لكبار المواطنين",
        {
            "launched": "2024-04-28",
            "prov": "report",
            "fee": 0,
            "out": "e-document",
            "aud": "c",
            "kiosk": True,
            "ev": ("retirement", "getting-id-ekey"),
        },
    ),
    (
        "IGA",
        "Register a Death Notification",
        "تسجيل إشعار الوفاة",
        {
            "launched": "2024-03-17",
            "prov": "synthetic",
            "fee": 0,
            "out": "registration",
            "sys": "death-registration",
            "ev": ("death-of-a-relative",),
            "aud": "cg",
        },
    ),
    (
        "IGA",
        "Request Home Delivery of the ID Card",
        "طلب توصيل بطاقة الهوية إلى المنزل",
        {"launched": "2024-05-19", "prov": "synthetic", "fee": 1, "out": "receipt"},
    ),
    (
        "IGA",
        "Verify a QR-Stamped Document",
        "التحقق من مستند مزود برمز الاستجابة السريعة",
        {"launched": "2024-02-11", "prov": "synthetic", "fee": 0, "out": "response", "ekey": "none", "aud": "crbvg"},
    ),
    # --- MOIC in the Tajer app: 3 new services (report) ---
    (
        "MOIC",
        "Request a Video-Call Consultation",
        "طلب استشارة بالاتصال المرئي",
        {"launched": "2024-04-14", "prov": "report", "fee": 0, "out": "appointment", "apps": ("tajer",), "tajer": True},
    ),
    (
        "MOIC",
        "Digital Business Advisor",
        "مستشار الأعمال الرقمي",
        {"launched": "2024-05-05", "prov": "report", "fee": 0, "out": "response", "apps": ("tajer",), "tajer": True},
    ),
    (
        "MOIC",
        "Create a Commercial Registration without a Licence",
        "إنشاء سجل تجاري من غير ترخيص",
        {
            "launched": "2024-06-02",
            "prov": "report",
            "fee": 20,
            "out": "registration",
            "apps": ("tajer",),
            "tajer": True,
            "sys": "sijilat-3",
            "adv": True,
        },
    ),
    # --- one new service each for NPRA, MOHUP (named) and MOJ ---
    (
        "NPRA",
        "Extend a Visit Visa",
        "تمديد تأشيرة الزيارة",
        {
            "launched": "2024-02-25",
            "prov": "synthetic",
            "fee": 25,
            "out": "permit",
            "aud": "vr",
            "cat": "nationality-passports-residence",
            "ev": ("travelling-abroad",),
        },
    ),
    (
        "MOHUP",
        "Apply for Renovation Financing",
        "تقديم طلب تمويل الترميم",
        {
            "launched": "2024-03-03",
            "prov": "report",
            "fee": 0,
            "out": "e-document",
            "aud": "c",
            "cat": "housing-real-estate",
            "ev": ("building-renovating", "moving-housing"),
        },
    ),
    (
        "MOJ",
        "Notarise a Power of Attorney Remotely",
        "توثيق الوكالة عن بعد",
        {
            "launched": "2024-05-26",
            "prov": "synthetic",
            "fee": 10,
            "out": "certificate",
            "adv": True,
            "cat": "justice-notary-awqaf",
        },
    ),
    # --- iShabab: scholarship and programme registration, added to the app in H1 2024 (report) ---
    (
        "MYA",
        "Register for Scholarships and Programmes (iShabab)",
        "التسجيل في المنح الدراسية والبرامج (أي شباب)",
        {
            "launched": "2024-01-28",
            "prov": "report",
            "fee": 0,
            "out": "registration",
            "apps": ("ishabab",),
            "cat": "education-youth",
            "aud": "c",
            "ev": ("starting-school-university",),
        },
    ),
    # --- RERA: two services of the new real estate regulation licences system ---
    (
        "RERA",
        "Amend a Real Estate Licence",
        "تعديل الترخيص العقاري",
        {
            "launched": "2024-04-21",
            "prov": "synthetic",
            "fee": 50,
            "out": "licence",
            "sys": "rera-licensing",
            "cat": "housing-real-estate",
            "aud": "b",
        },
    ),
    (
        "RERA",
        "Print a Real Estate Licence Certificate",
        "طباعة شهادة الترخيص العقاري",
        {
            "launched": "2024-04-21",
            "prov": "synthetic",
            "fee": 0,
            "out": "certificate",
            "sys": "rera-licensing",
            "cat": "housing-real-estate",
            "aud": "b",
        },
    ),
]

# Sijilat 3.0: 29 services (report), 5 of them new. The CR without a licence (above) is the fifth new one.
_SIJILAT = [
    ("Register a New Commercial Registration", "تسجيل سجل تجاري جديد", 50, None),
    ("Renew Commercial Registration", "تجديد السجل التجاري", 50, None),
    ("Amend Commercial Registration Activities", "تعديل أنشطة السجل التجاري", 10, None),
    ("Add a Branch to a Commercial Registration", "إضافة فرع للسجل التجاري", 20, None),
    ("Strike Off a Commercial Registration", "شطب السجل التجاري", 0, None),
    ("Transfer Commercial Registration Ownership", "نقل ملكية السجل التجاري", 50, None),
    ("Change Trade Name", "تغيير الاسم التجاري", 10, None),
    ("Reserve a Trade Name", "حجز اسم تجاري", 5, None),
    ("Print Commercial Registration Certificate", "طباعة شهادة السجل التجاري", 2, None),
    ("Inquire about a Commercial Registration", "الاستعلام عن سجل تجاري", 0, None),
    ("Amend Partners", "تعديل الشركاء", 10, None),
    ("Amend Company Capital", "تعديل رأس مال الشركة", 10, None),
    ("Appoint Authorised Signatories", "تعيين المفوضين بالتوقيع", 5, None),
    ("Change Company Legal Form", "تغيير الشكل القانوني للشركة", 20, None),
    ("Register a Virtual Commercial Registration (Sijili)", "تسجيل سجل تجاري افتراضي (سجلي)", 25, None),
    ("Renew a Virtual Commercial Registration (Sijili)", "تجديد السجل التجاري الافتراضي (سجلي)", 25, None),
    ("Change Commercial Address", "تغيير العنوان التجاري", 5, None),
    ("Issue a Commercial Data Certificate", "إصدار شهادة البيانات التجارية", 2, None),
    ("Liquidate a Company", "تصفية الشركة", 20, None),
    ("Merge Companies", "دمج الشركات", 50, None),
    ("Amend Memorandum of Association", "تعديل عقد التأسيس", 10, None),
    ("Register a Commercial Agency", "تسجيل وكالة تجارية", 50, None),
    ("Appoint an Auditor", "تعيين مدقق الحسابات", 5, None),
    ("Submit Annual Financial Statements", "تقديم البيانات المالية السنوية", 0, None),
    (
        "Download Documents from the Sijilat Document Library",
        "تنزيل المستندات من مكتبة المستندات في سجلات",
        0,
        "2024-03-10",
    ),
    ("Temporarily Suspend a Commercial Registration", "تعليق السجل التجاري مؤقتاً", 5, "2024-03-10"),
    ("Reactivate a Suspended Commercial Registration", "إعادة تفعيل السجل التجاري المعلق", 5, "2024-03-10"),
    ("Convert a Sole Proprietorship into a Company", "تحويل المؤسسة الفردية إلى شركة", 20, "2024-03-10"),
]
for _en, _ar, _fee, _launched in _SIJILAT:
    NAMED.append(
        (
            "MOIC",
            _en,
            _ar,
            {
                "launched": _launched,
                "prov": "report" if _launched is None else "synthetic",
                "fee": _fee,
                "sys": "sijilat-3",
                "cat": "business-commerce",
                "aud": "b",
                "apps": ("tajer",),
                "ev": ("closing-a-business",) if _en.startswith(("Strike", "Liquidate")) else ("starting-a-business",),
                "adv": _en.startswith(("Transfer", "Register a New", "Strike", "Liquidate")),
            },
        )
    )

# Benayat: building permits in 2 working days; new in H1 2024: major and minor additions, advertising and
# road-occupancy licences for major additions (report).
_BENAYAT = [
    ("Issue a Building Permit for New Construction", "إصدار رخصة بناء جديد", 50, None),
    ("Renew a Building Permit", "تجديد رخصة البناء", 20, None),
    ("Issue a Demolition Permit", "إصدار رخصة هدم", 20, None),
    ("Issue a Boundary Wall Permit", "إصدار رخصة بناء سور", 10, None),
    ("Amend a Building Permit", "تعديل رخصة البناء", 10, None),
    ("Issue a Building Completion Certificate", "إصدار شهادة إتمام البناء", 20, None),
    ("Track a Building Permit Application", "متابعة حالة طلب رخصة البناء", 0, None),
    ("Issue a Renovation Permit", "إصدار رخصة ترميم", 10, None),
    ("Building Permit for Major Additions", "رخصة البناء للإضافات الكبيرة", 30, "2024-02-18"),
    ("Building Permit for Minor Additions", "رخصة البناء للإضافات الصغيرة", 15, "2024-02-18"),
    ("Issue an Advertising Licence", "إصدار رخصة الإعلان", 20, "2024-05-12"),
    (
        "Issue a Road Occupancy Licence for Major Additions",
        "إصدار رخصة إشغال الطريق للإضافات الكبيرة",
        20,
        "2024-05-12",
    ),
]
for _en, _ar, _fee, _launched in _BENAYAT:
    NAMED.append(
        (
            "MMAA",
            _en,
            _ar,
            {
                "launched": _launched,
                "prov": "report",
                "fee": _fee,
                "sys": "benayat",
                "cat": "municipal-building-planning",
                "aud": "cb",
                "ev": ("building-renovating",),
                "pt": "P2D" if _fee else "PT0S",
                "out": "response" if _en.startswith("Track") else None,
            },
        )
    )

# Popularity anchors (design §7.3), most used first: (entity, English name).
ANCHORS = [
    ("GDT", "Pay Traffic Contraventions"),
    ("EWA", "Pay Electricity and Water Bill"),
    ("GDT", "Renew Vehicle Registration"),
    ("IGA", "Pay Government Bills"),
    ("MOI", "Issue Certificate of Good Conduct"),
    ("IGA", "Renew Identity Card"),
    ("LMRA", "Renew Work Permit"),
    ("NPRA", "Renew Bahraini Passport"),
    ("MOIC", "Renew Commercial Registration"),
    ("GDT", "Inquire about Traffic Contraventions"),
    ("PHC", "Book Appointment for Health Centre Visit"),
    ("NPRA", "Renew Residence Permit"),
]

# Category priors for popularity (design §7.3: traffic, LMRA, NPRA, EWA heavy).
CATEGORY_PRIOR = {
    "traffic-vehicles": 3.0,
    "labour-employment": 2.0,
    "nationality-passports-residence": 2.0,
    "electricity-water": 2.5,
    "identity-civil-records": 1.8,
    "health": 1.6,
    "business-commerce": 1.4,
    "tax-customs-payments": 1.4,
    "housing-real-estate": 1.0,
    "feedback-appointments": 1.0,
    "municipal-building-planning": 0.8,
    "social-support-insurance": 0.9,
    "education-youth": 0.8,
    "justice-notary-awqaf": 0.7,
    "tourism-culture-media": 0.4,
    "environment-agriculture": 0.4,
}

# Typical amount paid per paid transaction, BHD, by category (seed for money raking; bills and fines are variable).
PAYMENT_PRIOR = {
    "traffic-vehicles": 40,
    "labour-employment": 180,
    "nationality-passports-residence": 60,
    "electricity-water": 55,
    "identity-civil-records": 3,
    "health": 15,
    "business-commerce": 90,
    "tax-customs-payments": 900,
    "housing-real-estate": 250,
    "feedback-appointments": 20,
    "municipal-building-planning": 60,
    "social-support-insurance": 400,
    "education-youth": 150,
    "justice-notary-awqaf": 60,
    "tourism-culture-media": 100,
    "environment-agriculture": 40,
}
