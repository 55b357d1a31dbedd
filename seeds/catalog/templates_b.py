"""Service templates, part B: education, housing, municipal, utilities, revenue, social, justice and the rest.

Same shape as templates_a. The four municipalities share one object list (MUNICIPAL_OBJS).
"""

# ruff: noqa: E501
from __future__ import annotations

# fmt: off
MUNICIPAL_OBJS = [
    ("Municipal Fees", "الرسوم البلدية", "pay inquire", "v", {"cat": "tax-customs-payments"}),
    ("Commercial Signboard Permit", "تصريح اللوحة الإعلانية التجارية", "issue renew", 20, {"aud": "b", "sys": "tasareeh"}),
    ("Temporary Tent Permit", "تصريح إقامة الخيام المؤقتة", "issue", 10, {"sys": "tasareeh"}),
    ("Building Debris Removal", "إزالة مخلفات البناء", "apply", 15, {}),
    ("Property Number Certificate", "شهادة رقم العقار", "issue", 2, {"cat": "housing-real-estate"}),
    ("Submit a Municipal Complaint", "تقديم شكوى بلدية", "-", 0, {"out": "response", "aud": "crb"}),
]

BLOCKS_B: dict[str, dict] = {
    "MOE": dict(cat="education-youth", ev=("starting-school-university",), apps=(), aud="cr", kiosk=False, objs=[
        ("Register a Child in a Public School", "تسجيل طفل في مدرسة حكومية", "-", 0, {"out": "registration"}),
        ("School Transfer", "النقل بين المدارس", "apply track", 0, {"ev": ("moving-housing",)}),
        ("Examination Results", "نتائج الامتحانات", "inquire print", 0, {}),
        ("School Leaving Certificate", "شهادة إتمام الدراسة", "issue replace verify", 1, {}),
        ("School Certificate Equivalency", "معادلة الشهادات المدرسية", "apply track", 5, {}),
        ("Private School Licence", "ترخيص المدارس الخاصة", "issue renew", 500, {"aud": "b"}),
        ("Scholarships and Grants", "البعثات والمنح الدراسية", "apply inquire", 0, {"aud": "c"}),
        ("Register for School Transport", "التسجيل في النقل المدرسي", "-", 0, {"out": "registration"}),
        ("Kindergarten Licence", "ترخيص رياض الأطفال", "issue renew", 200, {"aud": "b"}),
        ("Adult Education Enrolment", "الالتحاق بتعليم الكبار", "apply", 0, {}),
    ]),
    "MYA": dict(cat="education-youth", ev=(), apps=("ishabab",), aud="c", kiosk=False, objs=[
        ("Register for Youth Programmes", "التسجيل في البرامج الشبابية", "-", 0, {"out": "registration"}),
        ("Youth Centre Membership", "عضوية المراكز الشبابية", "apply renew", 5, {}),
        ("Youth Initiative Funding", "دعم المبادرات الشبابية", "apply", 0, {}),
        ("Register as a Volunteer", "التسجيل في العمل التطوعي", "-", 0, {"out": "registration"}),
        ("Sports Facility", "المرافق الرياضية", "book", 5, {}),
    ]),
    "UOB": dict(cat="education-youth", ev=("starting-school-university",), apps=(), aud="cr", kiosk=False, objs=[
        ("University Admission", "القبول الجامعي", "apply track", 10, {}),
        ("Academic Transcript", "كشف الدرجات الأكاديمي", "issue verify", 3, {}),
        ("Graduation Certificate", "شهادة التخرج", "issue replace verify", 5, {}),
        ("Tuition Fees", "الرسوم الدراسية", "pay", "v", {}),
        ("University ID Card", "البطاقة الجامعية", "replace", 3, {}),
    ]),
    "HEC": dict(cat="education-youth", ev=("starting-school-university",), apps=(), aud="cr", kiosk=False, objs=[
        ("Higher Education Qualification Equivalency", "معادلة مؤهلات التعليم العالي", "apply track verify", 20, {}),
        ("Private Higher Education Institution Licence", "ترخيص مؤسسات التعليم العالي الخاصة", "issue renew", 1000, {"aud": "b"}),
    ]),
    "BQA": dict(cat="education-youth", ev=(), apps=(), aud="crb", kiosk=False, objs=[
        ("School Review Report", "تقرير مراجعة أداء المدارس", "inquire", 0, {"ekey": "none"}),
        ("National Qualifications Framework Placement", "الإدراج في الإطار الوطني للمؤهلات", "apply", 100, {"aud": "b"}),
    ]),
    "MOHUP": dict(cat="housing-real-estate", ev=("moving-housing",), apps=(), aud="c", kiosk=False, objs=[
        ("Housing Service Application", "طلب الخدمة الإسكانية", "apply amend track cancel", 0, {}),
        ("Housing Allowance", "علاوة السكن", "apply inquire", 0, {}),
        ("Housing Unit Allocation", "تخصيص الوحدة السكنية", "inquire", 0, {}),
        ("Housing Instalments", "الأقساط الإسكانية", "pay inquire", "v", {}),
        ("Mazaya Housing Programme", "برنامج مزايا الإسكاني", "apply", 0, {}),
        ("Request Maintenance of a Housing Unit", "طلب صيانة الوحدة السكنية", "-", 0, {"out": "response"}),
    ]),
    "EB": dict(cat="housing-real-estate", ev=("moving-housing",), apps=(), aud="c", kiosk=False, objs=[
        ("Housing Loan", "القرض الإسكاني", "apply inquire", 0, {}),
        ("Loan Instalments", "أقساط القرض", "pay", "v", {}),
        ("Loan Clearance Certificate", "شهادة براءة الذمة من القرض", "issue", 5, {}),
    ]),
    "SLRB": dict(cat="housing-real-estate", ev=("moving-housing",), apps=(), aud="crb", kiosk=False, objs=[
        ("Property Title Deed", "وثيقة الملكية العقارية", "issue replace inquire print", 10, {"adv": True, "sys": "aqari"}),
        ("Property Sale Registration", "تسجيل بيع العقار", "apply track", "v", {"adv": True}),
        ("Property Mortgage", "رهن العقار", "register cancel", 50, {"adv": True}),
        ("Cadastral Survey Map", "خريطة المسح العقاري", "issue", 10, {"sys": "national-gis"}),
        ("Property Boundary Demarcation", "تحديد حدود العقار", "apply", 20, {}),
        ("Search Real-Estate Transactions (Aqari)", "البحث في المعاملات العقارية (عقاري)", "-", 0, {"sys": "aqari", "out": "response", "ekey": "none"}),
        ("Property Information Report (Aqari)", "تقرير المعلومات العقارية (عقاري)", "-", 5, {"sys": "aqari"}),
    ]),
    "RERA": dict(cat="housing-real-estate", ev=(), apps=(), aud="b", kiosk=False, objs=[
        ("Real Estate Broker Licence", "ترخيص الوسيط العقاري", "issue renew", 200, {"sys": "rera-licensing"}),
        ("Real Estate Developer Licence", "ترخيص المطور العقاري", "issue renew", 1000, {"sys": "rera-licensing"}),
        ("Property Valuer Licence", "ترخيص المثمن العقاري", "issue renew", 200, {"sys": "rera-licensing"}),
        ("Property Manager Licence", "ترخيص مدير العقارات", "issue renew", 200, {"sys": "rera-licensing"}),
        ("Off-Plan Sale Project", "مشروع البيع على الخارطة", "register", 500, {}),
        ("Submit a Real Estate Complaint", "تقديم شكوى عقارية", "-", 0, {"aud": "crb", "out": "response"}),
        ("Owners' Association", "اتحاد الملاك", "register", 50, {"aud": "cb"}),
    ]),
    "MMAA": dict(cat="environment-agriculture", ev=(), apps=(), aud="crb", kiosk=False, objs=[
        ("Plant Import Permit", "تصريح استيراد النباتات", "issue", 5, {"ev": ("importing-exporting",)}),
        ("Veterinary Health Certificate", "الشهادة الصحية البيطرية", "issue", 5, {}),
        ("Fishing Licence", "رخصة الصيد", "issue renew", 10, {}),
        ("Pet Import Permit", "تصريح استيراد الحيوانات الأليفة", "issue", 5, {}),
        ("Agricultural Land Registration", "تسجيل الأراضي الزراعية", "apply", 0, {}),
    ]),
    "CAPM": dict(cat="municipal-building-planning", ev=(), apps=(), aud="crb", kiosk=False, objs=MUNICIPAL_OBJS),
    "MUHM": dict(cat="municipal-building-planning", ev=(), apps=(), aud="crb", kiosk=False, objs=MUNICIPAL_OBJS),
    "NRTM": dict(cat="municipal-building-planning", ev=(), apps=(), aud="crb", kiosk=False, objs=MUNICIPAL_OBJS),
    "STHM": dict(cat="municipal-building-planning", ev=(), apps=(), aud="crb", kiosk=False, objs=MUNICIPAL_OBJS),
    "UPDA": dict(cat="municipal-building-planning", ev=("building-renovating",), apps=(), aud="crb", kiosk=False, objs=[
        ("Zoning Certificate", "شهادة التصنيف التخطيطي", "issue", 10, {"sys": "takhteet"}),
        ("Land Subdivision", "تقسيم الأراضي", "apply track", 50, {"sys": "takhteet"}),
        ("Planning Requirements", "الاشتراطات التخطيطية", "inquire", 0, {"sys": "takhteet", "ekey": "none"}),
        ("Re-zoning", "إعادة التصنيف التخطيطي", "apply", 100, {"sys": "takhteet"}),
        ("Land Plot Merger", "دمج قطع الأراضي", "apply", 50, {"sys": "takhteet"}),
    ]),
    "EWA": dict(cat="electricity-water", ev=("moving-housing",), apps=(), aud="crb", kiosk=True, objs=[
        ("Electricity and Water Bill", "فاتورة الكهرباء والماء", "pay inquire", "v", {"ekey": "none"}),
        ("Electricity Connection", "توصيل التيار الكهربائي", "apply track", 50, {"ev": ("building-renovating",)}),
        ("Water Connection", "توصيل المياه", "apply track", 30, {"ev": ("building-renovating",)}),
        ("Submit a Meter Reading", "تسجيل قراءة العداد", "-", 0, {"out": "response"}),
        ("Electricity and Water Account", "حساب الكهرباء والماء", "transfer cancel", 5, {}),
        ("EWA Clearance Certificate", "شهادة براءة الذمة من هيئة الكهرباء والماء", "issue", 2, {}),
        ("Report a Power or Water Outage", "الإبلاغ عن انقطاع الكهرباء أو الماء", "-", 0, {"out": "response", "ekey": "none"}),
        ("Electricity Meter Test", "فحص عداد الكهرباء", "apply", 10, {}),
    ]),
    "MEWA": dict(cat="electricity-water", ev=(), apps=(), aud="crb", kiosk=False, objs=[
        ("Electricity and Water Tariffs", "تعرفة الكهرباء والماء", "inquire", 0, {"ekey": "none"}),
    ]),
    "SEA": dict(cat="electricity-water", ev=("building-renovating",), apps=(), aud="b", kiosk=False, objs=[
        ("Solar Energy Contractor Registration", "تسجيل مقاولي الطاقة الشمسية", "apply renew", 100, {}),
        ("Rooftop Solar Net Metering", "صافي القياس للطاقة الشمسية على الأسطح", "apply", 0, {"aud": "cb"}),
    ]),
    "NBR": dict(cat="tax-customs-payments", ev=("tax-obligations",), apps=(), aud="b", kiosk=False, objs=[
        ("VAT Registration", "التسجيل في ضريبة القيمة المضافة", "apply amend cancel", 0, {}),
        ("File a VAT Return", "تقديم إقرار ضريبة القيمة المضافة", "-", 0, {"out": "receipt"}),
        ("Value Added Tax", "ضريبة القيمة المضافة", "pay", "v", {}),
        ("Tax Residency Certificate", "شهادة الإقامة الضريبية", "issue", 20, {}),
        ("Excise Tax Registration", "التسجيل في الضريبة الانتقائية", "apply", 0, {}),
        ("File an Excise Tax Return", "تقديم إقرار الضريبة الانتقائية", "-", 0, {"out": "receipt"}),
        ("VAT Group Registration", "تسجيل المجموعة الضريبية", "apply", 0, {}),
    ]),
    "CUS": dict(cat="tax-customs-payments", ev=("importing-exporting",), apps=(), aud="b", kiosk=False, objs=[
        ("Submit a Customs Declaration", "تقديم البيان الجمركي", "-", 0, {"out": "e-document"}),
        ("Customs Duties", "الرسوم الجمركية", "pay", "v", {}),
        ("Customs Clearance Status", "حالة التخليص الجمركي", "inquire", 0, {}),
        ("Customs Broker Licence", "رخصة المخلص الجمركي", "issue renew", 200, {}),
        ("Importer Code", "رمز المستورد", "register", 10, {}),
        ("Personal Shipment Clearance", "تخليص الشحنات الشخصية", "apply", "v", {"aud": "cr"}),
        ("Customs Duty Exemption", "الإعفاء الجمركي", "apply track", 0, {}),
    ]),
    "MOFNE": dict(cat="tax-customs-payments", ev=(), apps=(), aud="bg", kiosk=False, objs=[
        ("Government Supplier", "مورد حكومي", "register", 0, {}),
        ("Government Payment Status", "حالة المدفوعات الحكومية", "inquire", 0, {}),
    ]),
    "TB": dict(cat="business-commerce", ev=(), apps=(), aud="b", kiosk=False, objs=[
        ("Tender Documents", "وثائق المناقصات", "pay", "v", {}),
        ("Tender Board Supplier", "مورد مجلس المناقصات", "register", 0, {}),
        ("Submit a Tender Bid", "تقديم عطاء في مناقصة", "-", 0, {"out": "receipt"}),
        ("Tender Results", "نتائج المناقصات", "inquire", 0, {"ekey": "none"}),
    ]),
    "SIO": dict(cat="social-support-insurance", ev=("retirement",), apps=(), aud="crb", kiosk=False, objs=[
        ("Retirement Pension", "المعاش التقاعدي", "apply inquire", 0, {"aud": "c"}),
        ("Insurance Contribution Statement", "كشف الاشتراكات التأمينية", "print", 0, {}),
        ("Employer Insurance Contributions", "اشتراكات صاحب العمل التأمينية", "pay", "v", {"aud": "b"}),
        ("Insured Person", "المؤمن عليه", "register", 0, {"aud": "b", "ev": ("hiring-expatriates",)}),
        ("Unemployment Compensation", "تعويض التعطل", "apply inquire", 0, {"ev": ("looking-for-a-job",)}),
        ("End-of-Service Benefits", "مكافأة نهاية الخدمة", "apply", 0, {"aud": "r"}),
        ("Pension Certificate", "شهادة المعاش", "issue", 0, {"aud": "c"}),
        ("Purchase of Service Years", "شراء سنوات الخدمة", "apply", "v", {"aud": "c"}),
    ]),
    "MSD": dict(cat="social-support-insurance", ev=(), apps=(), aud="c", kiosk=False, objs=[
        ("Social Assistance", "المساعدات الاجتماعية", "apply inquire", 0, {}),
        ("Disability Allowance", "علاوة الإعاقة", "apply", 0, {}),
        ("Cost-of-Living Allowance", "علاوة الغلاء", "apply inquire update", 0, {}),
        ("Non-Governmental Organisation", "الجمعية الأهلية", "register", 0, {"aud": "cb"}),
        ("Fundraising Licence", "ترخيص جمع المال", "issue", 0, {"aud": "b"}),
        ("Join the Productive Families Programme", "الانضمام إلى برنامج الأسر المنتجة", "-", 0, {"out": "registration"}),
        ("Nursery Licence", "ترخيص دور الحضانة", "issue renew", 50, {"aud": "b"}),
    ]),
    "SCW": dict(cat="social-support-insurance", ev=("marriage",), apps=(), aud="c", kiosk=False, objs=[
        ("Family Counselling Session", "جلسة الإرشاد الأسري", "book", 0, {}),
    ]),
    "MOJ": dict(cat="justice-notary-awqaf", ev=(), apps=(), aud="cr", kiosk=False, objs=[
        ("Marriage Contract", "عقد الزواج", "register print", 5, {"ev": ("marriage",), "aud": "c"}),
        ("Power of Attorney", "الوكالة", "issue cancel verify", 10, {"adv": True}),
        ("File a Lawsuit", "رفع دعوى قضائية", "-", "v", {"out": "receipt", "adv": True}),
        ("Court Case Status", "حالة الدعوى القضائية", "inquire", 0, {}),
        ("Court Fees", "الرسوم القضائية", "pay", "v", {}),
        ("Notary Public", "الكاتب العدل", "book", 0, {}),
        ("Hajj Registration", "التسجيل للحج", "apply", 0, {"aud": "c"}),
        ("Lawyer Practice Licence", "ترخيص مزاولة مهنة المحاماة", "issue renew", 100, {}),
        ("Court Judgment Copy", "نسخة الحكم القضائي", "issue", 5, {}),
        ("Enforcement Case", "قضية التنفيذ", "inquire", 0, {}),
        ("Inheritance Determination Deed", "إعلام الوراثة", "apply", 5, {"ev": ("death-of-a-relative",)}),
        ("Zakat", "الزكاة", "pay", "v", {}),
    ]),
    "PP": dict(cat="justice-notary-awqaf", ev=(), apps=(), aud="cr", kiosk=False, objs=[
        ("Criminal Case Status", "حالة القضية الجنائية", "inquire", 0, {}),
        ("Public Prosecution Penal Orders", "الأوامر الجنائية للنيابة العامة", "pay", "v", {}),
        ("Submit a Complaint to the Public Prosecution", "تقديم بلاغ إلى النيابة العامة", "-", 0, {"out": "response"}),
    ]),
    "LLOC": dict(cat="justice-notary-awqaf", ev=(), apps=(), aud="crbg", kiosk=False, objs=[
        ("Search Bahraini Legislation", "البحث في التشريعات البحرينية", "-", 0, {"out": "response", "ekey": "none"}),
        ("Request a Legal Opinion (Government Entities)", "طلب رأي قانوني (للجهات الحكومية)", "-", 0, {"aud": "g"}),
    ]),
    "MLA": dict(cat="justice-notary-awqaf", ev=(), apps=(), aud="crb", kiosk=False, objs=[
        ("Certified Legal Translation", "الترجمة القانونية المعتمدة", "apply", 10, {}),
    ]),
    "MOFA": dict(cat="nationality-passports-residence", ev=("travelling-abroad",), apps=(), aud="crb", kiosk=False, objs=[
        ("Document Attestation", "تصديق المستندات", "apply track verify", 4, {}),
        ("Registration of Citizens Abroad", "تسجيل المواطنين في الخارج", "-", 0, {"aud": "c", "out": "registration"}),
        ("Diplomatic and Service Visa", "التأشيرة الدبلوماسية وتأشيرة المهمة", "apply", 0, {"aud": "g"}),
    ]),
    "MCA": dict(cat="feedback-appointments", ev=(), apps=(), aud="crb", kiosk=False, objs=[
        ("Search Cabinet Decisions", "البحث في قرارات مجلس الوزراء", "-", 0, {"out": "response", "ekey": "none"}),
    ]),
    "MPA": dict(cat="feedback-appointments", ev=(), apps=(), aud="g", kiosk=False, objs=[
        ("Follow Up Parliamentary Questions", "متابعة الأسئلة البرلمانية", "-", 0, {"out": "response"}),
    ]),
    "CSB": dict(cat="labour-employment", ev=("looking-for-a-job",), apps=(), aud="c", kiosk=False, objs=[
        ("Government Job", "الوظيفة الحكومية", "apply track", 0, {}),
        ("Salary Certificate", "شهادة الراتب", "issue", 0, {"aud": "g"}),
        ("Government Employee Service Record", "سجل خدمة الموظف الحكومي", "print", 0, {"aud": "g"}),
    ]),
    "TMK": dict(cat="labour-employment", ev=("starting-a-business",), apps=(), aud="cb", kiosk=False, objs=[
        ("Tamkeen Enterprise Support", "دعم تمكين للمؤسسات", "apply track", 0, {"aud": "b"}),
        ("Training Support", "دعم التدريب", "apply", 0, {}),
        ("Wage Support", "دعم الأجور", "apply", 0, {"aud": "b", "ev": ("hiring-expatriates",)}),
    ]),
    "CBB": dict(cat="business-commerce", ev=(), apps=(), aud="b", kiosk=False, objs=[
        ("Financial Institution Licence", "ترخيص المؤسسات المالية", "apply", 1000, {}),
        ("Submit a Complaint against a Financial Institution", "تقديم شكوى ضد مؤسسة مالية", "-", 0, {"aud": "cr", "out": "response"}),
        ("Credit Report", "التقرير الائتماني", "apply", 3, {"aud": "cr"}),
    ]),
    "TRA": dict(cat="business-commerce", ev=(), apps=(), aud="b", kiosk=False, objs=[
        ("Radio Spectrum Licence", "ترخيص الطيف الترددي", "issue renew", 100, {}),
        ("Telecommunications Equipment Type Approval", "اعتماد أجهزة الاتصالات", "apply", 50, {}),
        ("Submit a Telecommunications Complaint", "تقديم شكوى اتصالات", "-", 0, {"aud": "cr", "out": "response"}),
    ]),
    "MTT": dict(cat="traffic-vehicles", ev=(), apps=(), aud="crb", kiosk=False, objs=[
        ("Ship Registration", "تسجيل السفن", "apply renew", 100, {"aud": "b"}),
        ("Seafarer Certificate", "شهادة البحار", "issue", 10, {}),
        ("Post Office Box", "صندوق البريد", "apply renew", 10, {"cat": "feedback-appointments"}),
        ("Taxi Licence", "رخصة سيارات الأجرة", "issue renew", 50, {}),
        ("Port Entry Permit", "تصريح دخول الميناء", "issue", 5, {"aud": "b"}),
    ]),
    "MOW": dict(cat="municipal-building-planning", ev=("building-renovating",), apps=(), aud="b", kiosk=False, objs=[
        ("Road Works Permit", "تصريح أعمال الطرق", "issue", 20, {}),
        ("Infrastructure Services", "خدمات البنية التحتية", "inquire", 0, {"sys": "national-gis"}),
        ("Sewer Network Connection", "التوصيل بشبكة الصرف الصحي", "apply track", 30, {"aud": "cb"}),
    ]),
    "MOOE": dict(cat="environment-agriculture", ev=(), apps=(), aud="b", kiosk=False, objs=[
        ("Fuel Station Licence", "ترخيص محطات الوقود", "issue renew", 500, {}),
    ]),
    "SCE": dict(cat="environment-agriculture", ev=("building-renovating",), apps=(), aud="b", kiosk=False, objs=[
        ("Environmental Permit", "التصريح البيئي", "issue renew", 100, {}),
        ("Environmental Impact Assessment", "تقييم الأثر البيئي", "apply", 200, {}),
        ("Report an Environmental Violation", "الإبلاغ عن مخالفة بيئية", "-", 0, {"aud": "cr", "out": "response"}),
        ("Hazardous Waste Transport Permit", "تصريح نقل النفايات الخطرة", "issue", 50, {}),
    ]),
    "MOSD": dict(cat="environment-agriculture", ev=(), apps=(), aud="bg", kiosk=False, objs=[
        ("Submit a Sustainable Development Initiative", "تقديم مبادرة للتنمية المستدامة", "-", 0, {"out": "response"}),
    ]),
    "MOT": dict(cat="tourism-culture-media", ev=(), apps=(), aud="b", kiosk=False, objs=[
        ("Tourism Investment Opportunities", "فرص الاستثمار السياحي", "inquire", 0, {"ekey": "none"}),
    ]),
    "BTEA": dict(cat="tourism-culture-media", ev=(), apps=(), aud="b", kiosk=False, objs=[
        ("Hotel Licence", "ترخيص الفنادق", "issue renew", 500, {}),
        ("Tourism Event Permit", "تصريح الفعاليات السياحية", "apply", 50, {}),
        ("Exhibition Space", "مساحة المعارض", "book", "v", {}),
        ("Tour Guide Licence", "ترخيص المرشد السياحي", "issue renew", 20, {"aud": "cr"}),
    ]),
    "BACA": dict(cat="tourism-culture-media", ev=(), apps=(), aud="crv", kiosk=False, objs=[
        ("Archaeological Site Visit", "زيارة المواقع الأثرية", "book", 2, {}),
        ("Filming Permit at Heritage Sites", "تصريح التصوير في المواقع التراثية", "issue", 20, {"aud": "b"}),
    ]),
    "MOINF": dict(cat="tourism-culture-media", ev=(), apps=(), aud="b", kiosk=False, objs=[
        ("Media Organisation Licence", "ترخيص المؤسسات الإعلامية", "issue renew", 200, {}),
        ("Press Card", "بطاقة الصحافة", "issue renew", 10, {"aud": "cr"}),
        ("Publication Approval", "إجازة المطبوعات", "apply", 5, {}),
    ]),
}
