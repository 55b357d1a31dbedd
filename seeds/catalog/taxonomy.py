"""Reference tables: entities (design §5), categories and events (§4), apps, channels, national systems, laws.

Names are real (cabinet list of 2 Jul 2024 and the entities' own pages, as collected in catalog.md §5); websites are
given only where the domain is well known, otherwise left empty rather than guessed.
"""

# ruff: noqa: E501
from __future__ import annotations

# fmt: off
# code, English, Arabic, short English, short Arabic, type, parent code, website
ENTITIES: list[tuple[str, str, str, str, str, str, str | None, str | None]] = [
    ("MOI", "Ministry of Interior", "وزارة الداخلية", "Interior", "الداخلية", "ministry", None, "https://www.interior.gov.bh"),
    ("MOFA", "Ministry of Foreign Affairs", "وزارة الخارجية", "Foreign Affairs", "الخارجية", "ministry", None, "https://www.mofa.gov.bh"),
    ("MOFNE", "Ministry of Finance and National Economy", "وزارة المالية والاقتصاد الوطني", "Finance", "المالية", "ministry", None, "https://www.mofne.gov.bh"),
    ("MOL", "Ministry of Labour", "وزارة العمل", "Labour", "العمل", "ministry", None, "https://www.mol.gov.bh"),
    ("MPA", "Ministry of Shura and Representatives Councils Affairs", "وزارة شؤون مجلسي الشورى والنواب", "Councils Affairs", "شؤون المجلسين", "ministry", None, None),
    ("MMAA", "Ministry of Municipalities Affairs and Agriculture", "وزارة شؤون البلديات والزراعة", "Municipalities", "البلديات", "ministry", None, "https://www.mun.gov.bh"),
    ("MOOE", "Ministry of Oil and Environment", "وزارة النفط والبيئة", "Oil and Environment", "النفط والبيئة", "ministry", None, None),
    ("MTT", "Ministry of Transportation and Telecommunications", "وزارة المواصلات والاتصالات", "Transportation", "المواصلات", "ministry", None, "https://www.mtt.gov.bh"),
    ("MOW", "Ministry of Works", "وزارة الأشغال", "Works", "الأشغال", "ministry", None, "https://www.works.gov.bh"),
    ("MLA", "Ministry of Legal Affairs", "وزارة الشؤون القانونية", "Legal Affairs", "الشؤون القانونية", "ministry", None, None),
    ("MSD", "Ministry of Social Development", "وزارة التنمية الاجتماعية", "Social Development", "التنمية الاجتماعية", "ministry", None, "https://www.social.gov.bh"),
    ("MEWA", "Ministry of Electricity and Water Affairs", "وزارة شؤون الكهرباء والماء", "Electricity Affairs", "شؤون الكهرباء", "ministry", None, None),
    ("MOH", "Ministry of Health", "وزارة الصحة", "Health", "الصحة", "ministry", None, "https://www.moh.gov.bh"),
    ("MOJ", "Ministry of Justice, Islamic Affairs and Waqf", "وزارة العدل والشؤون الإسلامية والأوقاف", "Justice", "العدل", "ministry", None, "https://www.moj.gov.bh"),
    ("MCA", "Ministry of Cabinet Affairs", "وزارة شؤون مجلس الوزراء", "Cabinet Affairs", "شؤون مجلس الوزراء", "ministry", None, "https://www.cabinet.gov.bh"),
    ("MOHUP", "Ministry of Housing and Urban Planning", "وزارة الإسكان والتخطيط العمراني", "Housing", "الإسكان", "ministry", None, "https://www.housing.gov.bh"),
    ("MOSD", "Ministry of Sustainable Development", "وزارة التنمية المستدامة", "Sustainable Development", "التنمية المستدامة", "ministry", None, None),
    ("MOT", "Ministry of Tourism", "وزارة السياحة", "Tourism", "السياحة", "ministry", None, None),
    ("MOINF", "Ministry of Information", "وزارة الإعلام", "Information", "الإعلام", "ministry", None, "https://www.mia.gov.bh"),
    ("MOE", "Ministry of Education", "وزارة التربية والتعليم", "Education", "التربية والتعليم", "ministry", None, "https://www.moe.gov.bh"),
    ("MOIC", "Ministry of Industry and Commerce", "وزارة الصناعة والتجارة", "Industry and Commerce", "الصناعة والتجارة", "ministry", None, "https://www.moic.gov.bh"),
    ("MYA", "Ministry of Youth Affairs", "وزارة شؤون الشباب", "Youth Affairs", "شؤون الشباب", "ministry", None, None),
    ("IGA", "Information & eGovernment Authority", "هيئة المعلومات والحكومة الإلكترونية", "iGA", "هيئة المعلومات", "authority", None, "https://www.iga.gov.bh"),
    ("LMRA", "Labour Market Regulatory Authority", "هيئة تنظيم سوق العمل", "LMRA", "هيئة تنظيم سوق العمل", "authority", None, "https://www.lmra.gov.bh"),
    ("NPRA", "Nationality, Passports & Residence Affairs", "شؤون الجنسية والجوازات والإقامة", "NPRA", "الجنسية والجوازات", "directorate", "MOI", "https://www.npra.gov.bh"),
    ("GDT", "General Directorate of Traffic", "الإدارة العامة للمرور", "Traffic", "المرور", "directorate", "MOI", None),
    ("EWA", "Electricity and Water Authority", "هيئة الكهرباء والماء", "EWA", "هيئة الكهرباء والماء", "authority", "MEWA", "https://www.ewa.bh"),
    ("SLRB", "Survey and Land Registration Bureau", "جهاز المساحة والتسجيل العقاري", "SLRB", "المساحة والتسجيل العقاري", "authority", None, "https://www.slrb.gov.bh"),
    ("RERA", "Real Estate Regulatory Authority", "مؤسسة التنظيم العقاري", "RERA", "التنظيم العقاري", "authority", None, "https://www.rera.gov.bh"),
    ("NBR", "National Bureau for Revenue", "الجهاز الوطني للإيرادات", "NBR", "الجهاز الوطني للإيرادات", "authority", None, "https://www.nbr.gov.bh"),
    ("SIO", "Social Insurance Organization", "الهيئة العامة للتأمين الاجتماعي", "SIO", "التأمين الاجتماعي", "authority", None, "https://www.sio.gov.bh"),
    ("NHRA", "National Health Regulatory Authority", "الهيئة الوطنية لتنظيم المهن والخدمات الصحية", "NHRA", "تنظيم المهن الصحية", "authority", None, "https://www.nhra.bh"),
    ("SCH", "Supreme Council of Health", "المجلس الأعلى للصحة", "SCH", "المجلس الأعلى للصحة", "council", None, "https://www.sch.gov.bh"),
    ("PHC", "Primary Healthcare Centres", "مراكز الرعاية الصحية الأولية", "PHC", "الرعاية الأولية", "directorate", "SCH", None),
    ("GH", "Government Hospitals", "المستشفيات الحكومية", "Government Hospitals", "المستشفيات الحكومية", "authority", "SCH", None),
    ("UPDA", "Urban Planning & Development Authority", "هيئة التخطيط والتطوير العمراني", "UPDA", "التخطيط العمراني", "authority", None, "https://www.upda.gov.bh"),
    ("BTEA", "Bahrain Tourism & Exhibitions Authority", "هيئة البحرين للسياحة والمعارض", "BTEA", "السياحة والمعارض", "authority", None, "https://www.btea.bh"),
    ("BACA", "Bahrain Authority for Culture & Antiquities", "هيئة البحرين للثقافة والآثار", "BACA", "الثقافة والآثار", "authority", None, "https://culture.gov.bh"),
    ("TRA", "Telecommunications Regulatory Authority", "هيئة تنظيم الاتصالات", "TRA", "تنظيم الاتصالات", "authority", None, "https://www.tra.org.bh"),
    ("BQA", "Education & Training Quality Authority", "هيئة جودة التعليم والتدريب", "BQA", "جودة التعليم", "authority", None, "https://www.bqa.gov.bh"),
    ("CSB", "Civil Service Bureau", "ديوان الخدمة المدنية", "CSB", "الخدمة المدنية", "authority", None, "https://www.csb.gov.bh"),
    ("TB", "Tender Board", "مجلس المناقصات والمزايدات", "Tender Board", "مجلس المناقصات", "council", None, "https://www.tenderboard.gov.bh"),
    ("TMK", "Labour Fund (Tamkeen)", "صندوق العمل (تمكين)", "Tamkeen", "تمكين", "authority", None, "https://www.tamkeen.bh"),
    ("CBB", "Central Bank of Bahrain", "مصرف البحرين المركزي", "CBB", "المصرف المركزي", "authority", None, "https://www.cbb.gov.bh"),
    ("LLOC", "Legislation & Legal Opinion Commission", "هيئة التشريع والرأي القانوني", "LLOC", "هيئة التشريع", "authority", None, None),
    ("SEA", "Sustainable Energy Authority", "هيئة الطاقة المستدامة", "SEA", "الطاقة المستدامة", "authority", None, None),
    ("SCE", "Supreme Council for Environment", "المجلس الأعلى للبيئة", "SCE", "المجلس الأعلى للبيئة", "council", None, None),
    ("CUS", "Customs Affairs", "شؤون الجمارك", "Customs", "الجمارك", "directorate", "MOI", None),
    ("CAPM", "Capital Trustees (Capital Municipality)", "أمانة العاصمة", "Capital Trustees", "أمانة العاصمة", "municipality", "MMAA", None),
    ("MUHM", "Muharraq Municipality", "بلدية المحرق", "Muharraq Municipality", "بلدية المحرق", "municipality", "MMAA", None),
    ("NRTM", "Northern Area Municipality", "بلدية المنطقة الشمالية", "Northern Municipality", "البلدية الشمالية", "municipality", "MMAA", None),
    ("STHM", "Southern Area Municipality", "بلدية المنطقة الجنوبية", "Southern Municipality", "البلدية الجنوبية", "municipality", "MMAA", None),
    ("UOB", "University of Bahrain", "جامعة البحرين", "UoB", "جامعة البحرين", "authority", None, "https://www.uob.edu.bh"),
    ("HEC", "Higher Education Council", "مجلس التعليم العالي", "HEC", "مجلس التعليم العالي", "council", None, None),
    ("SCW", "Supreme Council for Women", "المجلس الأعلى للمرأة", "SCW", "المجلس الأعلى للمرأة", "council", None, "https://www.scw.bh"),
    ("PP", "Public Prosecution", "النيابة العامة", "Public Prosecution", "النيابة العامة", "authority", None, "https://www.ppb.gov.bh"),
    ("EB", "Eskan Bank (Housing Bank)", "بنك الإسكان", "Eskan Bank", "بنك الإسكان", "bank", None, "https://www.eskanbank.com"),
]

# slug, English, Arabic, COFOG
CATEGORIES = [
    ("identity-civil-records", "Identity and civil records", "الهوية والسجل المدني", "01.3"),
    ("nationality-passports-residence", "Nationality, passports and residence", "الجنسية والجوازات والإقامة", "03.1"),
    ("traffic-vehicles", "Traffic and vehicles", "المرور والمركبات", "04.5"),
    ("business-commerce", "Business and commerce", "الأعمال والتجارة", "04.1"),
    ("labour-employment", "Labour and employment", "العمل والتوظيف", "04.1"),
    ("health", "Health", "الصحة", "07"),
    ("education-youth", "Education and youth", "التعليم والشباب", "09"),
    ("housing-real-estate", "Housing and real estate", "الإسكان والعقار", "06.1"),
    ("municipal-building-planning", "Municipal, building and planning", "البلديات والبناء والتخطيط", "06.2"),
    ("electricity-water", "Electricity and water", "الكهرباء والماء", "04.3"),
    ("justice-notary-awqaf", "Justice, notary and awqaf", "العدل والتوثيق والأوقاف", "03.3"),
    ("social-support-insurance", "Social support and insurance", "الرعاية الاجتماعية والتأمين", "10"),
    ("tax-customs-payments", "Tax, customs and payments", "الضرائب والجمارك والمدفوعات", "01.1"),
    ("tourism-culture-media", "Tourism, culture and media", "السياحة والثقافة والإعلام", "08"),
    ("environment-agriculture", "Environment and agriculture", "البيئة والزراعة", "05"),
    ("feedback-appointments", "Feedback and appointments", "التواصل والمواعيد", "01.3"),
]

# slug, kind, English, Arabic
EVENTS = [
    ("having-a-baby", "life", "Having a baby", "ولادة طفل"),
    ("starting-school-university", "life", "Starting school or university", "الالتحاق بالمدرسة أو الجامعة"),
    ("getting-id-ekey", "life", "Getting an ID card and eKey", "الحصول على بطاقة الهوية والمفتاح الإلكتروني"),
    ("marriage", "life", "Getting married", "الزواج"),
    ("owning-a-vehicle", "life", "Owning a vehicle", "امتلاك مركبة"),
    ("looking-for-a-job", "life", "Looking for a job", "البحث عن عمل"),
    ("moving-housing", "life", "Moving and housing", "الانتقال والسكن"),
    ("travelling-abroad", "life", "Travelling abroad", "السفر إلى الخارج"),
    ("health-care", "life", "Health care", "الرعاية الصحية"),
    ("retirement", "life", "Retirement", "التقاعد"),
    ("death-of-a-relative", "life", "Death of a relative", "وفاة أحد الأقارب"),
    ("starting-a-business", "business", "Starting a business", "بدء نشاط تجاري"),
    ("hiring-expatriates", "business", "Hiring expatriate workers", "استقدام العمالة الأجنبية"),
    ("building-renovating", "business", "Building or renovating", "البناء أو الترميم"),
    ("tax-obligations", "business", "VAT and tax obligations", "الالتزامات الضريبية"),
    ("importing-exporting", "business", "Importing and exporting", "الاستيراد والتصدير"),
    ("closing-a-business", "business", "Closing a business", "إغلاق النشاط التجاري"),
]

# slug, English, Arabic, owner, English description, Arabic description
APPS = [
    ("etraffic", "eTraffic", "خدمات المرور", "GDT", "Traffic services: fines, vehicle registration and licences", "خدمات المرور: المخالفات وتسجيل المركبات ورخص القيادة"),
    ("sehati", "Sehati", "صحتي", "MOH", "Health records, appointments and vaccinations", "السجل الصحي والمواعيد والتطعيمات"),
    ("tajer", "Tajer", "التاجر", "MOIC", "Services for traders and commercial registrations", "خدمات التجار والسجلات التجارية"),
    ("ishabab", "iShabab", "أي شباب", "MYA", "Youth programmes and scholarship registration", "برامج الشباب والتسجيل في المنح الدراسية"),
    ("tawasul", "Tawasul", "تواصل", "IGA", "National suggestions and complaints system", "النظام الوطني للمقترحات والشكاوى"),
    ("mawaeed", "Mawaeed", "مواعيد", "IGA", "Appointments at government service centres", "حجز المواعيد في مراكز الخدمات الحكومية"),
    ("beaware", "BeAware Bahrain", "مجتمع واعي", "IGA", "Health alerts and certificates", "التنبيهات والشهادات الصحية"),
]

# fmt: on
# code, kind, English, Arabic, CPSV channel type, url, electronic
CHANNELS = [
    (
        "portal",
        "portal",
        "National portal bahrain.bh",
        "البوابة الوطنية bahrain.bh",
        "Website",
        "https://www.bahrain.bh",
        True,
    ),
    *[
        (f"app:{slug}", "app", f"{en} app", f"تطبيق {ar}", "MobileApp", "https://www.bahrain.bh/apps", True)
        for slug, en, ar, *_ in APPS
    ],
    ("kiosk", "kiosk", "eGovernment kiosks", "أجهزة الخدمة الذاتية", "Kiosk", None, True),
    ("entity-site", "entity_site", "Entity website", "الموقع الإلكتروني للجهة", "Website", None, True),
    ("centre", "centre", "Government service centres", "مراكز الخدمات الحكومية", "PhysicalLocation", None, False),
    (
        "contact-centre",
        "contact_centre",
        "Government contact centre 80008001",
        "مركز الاتصال الوطني 80008001",
        "Telephone",
        "tel:+97380008001",
        False,
    ),
]

# fmt: off
# slug, English, Arabic, owner, launched in H1 2024 (month) or None, English description, Arabic description
NATIONAL_SYSTEMS = [
    ("sijilat-3", "Sijilat 3.0", "سجلات 3.0", "MOIC", None, "Commercial registration system; phase 2 brought a new interface and a document library (dashboard)", "نظام السجل التجاري؛ وفرت المرحلة الثانية واجهة جديدة ومكتبة المستندات"),
    ("benayat", "Benayat", "بنايات", "MMAA", None, "Building permits system used by about 1,400 engineering offices, owners and entities", "نظام إصدار رخص البناء الذي يستفيد منه حوالي 1400 من المكاتب الهندسية والملاك والجهات"),
    ("tawasul", "Tawasul", "تواصل", "IGA", None, "National suggestions and complaints system", "النظام الوطني للمقترحات والشكاوى"),
    ("national-gis", "National GIS database", "قاعدة المعلومات الجغرافية الوطنية", "IGA", None, "National geographic information database serving Benayat, Tasareeh and Takhteet", "قاعدة المعلومات الجغرافية الوطنية التي تخدم أنظمة بنايات وتصاريح وتخطيط"),
    ("aqari", "Aqari", "عقاري", "SLRB", None, "Real-estate information bank platform", "منصة بنك المعلومات العقارية"),
    ("death-registration", "National death registration system", "النظام الوطني لتسجيل الوفيات", "IGA", "2024-03", "National system for registering deaths and issuing death certificates", "النظام الوطني لتسجيل الوفيات وإصدار شهادات الوفاة"),
    ("rera-licensing", "Real estate regulation licences system", "نظام تراخيص التنظيم العقاري", "RERA", "2024-04", "Licensing of brokers, developers, valuers and property managers", "ترخيص الوسطاء والمطورين والمثمنين ومديري العقارات"),
    ("correspondence-2", "National correspondence system 2.0", "النظام الوطني للمراسلات 2.0", "IGA", "2024-05", "Official correspondence between government entities", "المراسلات الرسمية بين الجهات الحكومية"),
    ("tasareeh", "Tasareeh", "تصاريح", "MMAA", None, "Municipal permits system", "نظام التصاريح البلدية"),
    ("takhteet", "Takhteet", "تخطيط", "UPDA", None, "Urban planning services platform", "المنصة الإلكترونية لخدمات التخطيط العمراني"),
    ("ekey", "eKey 2.0", "المفتاح الإلكتروني المطور", "IGA", None, "National digital identity", "الهوية الرقمية الوطنية"),
]

# slug, English, Arabic, number, year
LEGAL = [
    ("dl-54-2018-e-transactions", "Decree-Law No. 54 of 2018 on Electronic Communications and Transactions", "مرسوم بقانون رقم 54 لسنة 2018 بإصدار قانون الخطابات والمعاملات الإلكترونية", "54", 2018),
    ("law-23-2014-traffic", "Law No. 23 of 2014 promulgating the Traffic Law", "قانون رقم 23 لسنة 2014 بإصدار قانون المرور", "23", 2014),
    ("law-27-2015-commercial-register", "Law No. 27 of 2015 on the Commercial Register", "قانون رقم 27 لسنة 2015 بشأن السجل التجاري", "27", 2015),
    ("law-19-2006-labour-market", "Law No. 19 of 2006 regulating the Labour Market", "قانون رقم 19 لسنة 2006 بشأن تنظيم سوق العمل", "19", 2006),
    ("law-36-2012-labour", "Law No. 36 of 2012 promulgating the Labour Law in the Private Sector", "قانون رقم 36 لسنة 2012 بإصدار قانون العمل في القطاع الأهلي", "36", 2012),
    ("law-27-2017-real-estate", "Law No. 27 of 2017 promulgating the Real Estate Regulation Law", "قانون رقم 27 لسنة 2017 بإصدار قانون تنظيم القطاع العقاري", "27", 2017),
    ("dl-48-2018-vat", "Decree-Law No. 48 of 2018 on Value Added Tax", "مرسوم بقانون رقم 48 لسنة 2018 بشأن ضريبة القيمة المضافة", "48", 2018),
    ("law-30-2018-pdp", "Law No. 30 of 2018 on Personal Data Protection", "قانون رقم 30 لسنة 2018 بإصدار قانون حماية البيانات الشخصية", "30", 2018),
    ("citizenship-act-1963", "Bahraini Citizenship Act of 1963", "قانون الجنسية البحرينية لسنة 1963", None, 1963),
    ("dl-13-1977-buildings", "Legislative Decree No. 13 of 1977 on the regulation of buildings", "مرسوم بقانون رقم 13 لسنة 1977 بإصدار قانون تنظيم المباني", "13", 1977),
    ("dl-24-1976-social-insurance", "Legislative Decree No. 24 of 1976 promulgating the Social Insurance Law", "مرسوم بقانون رقم 24 لسنة 1976 بإصدار قانون التأمين الاجتماعي", "24", 1976),
    ("law-46-2006-identity-card", "Law No. 46 of 2006 on the Identity Card", "قانون رقم 46 لسنة 2006 بشأن بطاقة الهوية", "46", 2006),
]

# Which law governs services of a category (service_legal is derived from this).
LEGAL_BY_CATEGORY = {
    "identity-civil-records": "law-46-2006-identity-card",
    "nationality-passports-residence": "citizenship-act-1963",
    "traffic-vehicles": "law-23-2014-traffic",
    "business-commerce": "law-27-2015-commercial-register",
    "labour-employment": "law-19-2006-labour-market",
    "housing-real-estate": "law-27-2017-real-estate",
    "municipal-building-planning": "dl-13-1977-buildings",
    "social-support-insurance": "dl-24-1976-social-insurance",
    "tax-customs-payments": "dl-48-2018-vat",
}
