"""Name pools for the synthetic population: (English, Arabic) pairs, common names, no real individuals intended."""

from __future__ import annotations

ARAB_MALE = (
    ("Mohamed", "محمد"), ("Ahmed", "أحمد"), ("Ali", "علي"), ("Hasan", "حسن"), ("Hussain", "حسين"),
    ("Abdulla", "عبدالله"), ("Khalid", "خالد"), ("Yousif", "يوسف"), ("Ebrahim", "إبراهيم"), ("Isa", "عيسى"),
    ("Salman", "سلمان"), ("Hamad", "حمد"), ("Jassim", "جاسم"), ("Mahmood", "محمود"), ("Abbas", "عباس"),
    ("Jaffar", "جعفر"), ("Nasser", "ناصر"), ("Rashid", "راشد"), ("Saeed", "سعيد"), ("Faisal", "فيصل"),
    ("Omar", "عمر"), ("Sayed", "سيد"), ("Adel", "عادل"), ("Fahad", "فهد"), ("Mansoor", "منصور"),
    ("Hameed", "حميد"), ("Waleed", "وليد"), ("Majeed", "مجيد"), ("Sami", "سامي"), ("Tariq", "طارق"),
    ("Ammar", "عمار"), ("Qassim", "قاسم"), ("Redha", "رضا"), ("Habib", "حبيب"), ("Mubarak", "مبارك"),
    ("Sultan", "سلطان"), ("Nabeel", "نبيل"), ("Ghazi", "غازي"), ("Zakariya", "زكريا"), ("Mustafa", "مصطفى"),
)
ARAB_FEMALE = (
    ("Fatema", "فاطمة"), ("Maryam", "مريم"), ("Zainab", "زينب"), ("Aysha", "عائشة"), ("Noora", "نورة"),
    ("Sara", "سارة"), ("Latifa", "لطيفة"), ("Amina", "آمنة"), ("Khadija", "خديجة"), ("Hessa", "حصة"),
    ("Mona", "منى"), ("Layla", "ليلى"), ("Huda", "هدى"), ("Eman", "إيمان"), ("Zahra", "زهراء"),
    ("Shaikha", "شيخة"), ("Reem", "ريم"), ("Dana", "دانة"), ("Hanan", "حنان"), ("Asma", "أسماء"),
    ("Muneera", "منيرة"), ("Ghada", "غادة"), ("Sawsan", "سوسن"), ("Nada", "ندى"), ("Rabab", "رباب"),
    ("Jameela", "جميلة"), ("Suad", "سعاد"), ("Wafa", "وفاء"), ("Lulwa", "لولوة"), ("Hajar", "هاجر"),
)
ARAB_FAMILY = (
    ("Al Khalifa", "آل خليفة"), ("Al Dossary", "الدوسري"), ("Al Mahmood", "المحمود"), ("Al Sayed", "السيد"),
    ("Al Aali", "العالي"), ("Al Jishi", "الجشي"), ("Al Qassab", "القصاب"), ("Al Musawi", "الموسوي"),
    ("Kanoo", "كانو"), ("Fakhro", "فخرو"), ("Al Zayani", "الزياني"), ("Al Moayyed", "المؤيد"),
    ("Al Shirawi", "الشيراوي"), ("Al Binali", "البنعلي"), ("Al Rumaihi", "الرميحي"), ("Al Noaimi", "النعيمي"),
    ("Al Hashimi", "الهاشمي"), ("Al Ansari", "الأنصاري"), ("Al Mannai", "المناعي"), ("Al Jalahma", "الجلاهمة"),
    ("Al Fardan", "الفردان"), ("Al Shehabi", "الشهابي"), ("Al Arrayed", "العريض"), ("Al Khaja", "الخاجة"),
    ("Bukhammas", "بوخماس"), ("Al Shaikh", "الشيخ"), ("Al Kooheji", "الكوهجي"), ("Janahi", "جناحي"),
    ("Al Mahroos", "المحروس"), ("Al Bahrani", "البحراني"), ("Al Hayki", "الحايكي"), ("Al Buainain", "البوعينين"),
)
SOUTH_ASIAN_MALE = (
    ("Rajesh", "راجيش"), ("Suresh", "سوريش"), ("Anil", "أنيل"), ("Vijay", "فيجاي"), ("Imran", "عمران"),
    ("Asif", "آصف"), ("Rahul", "راهول"), ("Sanjay", "سانجاي"), ("Arjun", "أرجون"), ("Kamal", "كمال"),
    ("Rafiq", "رفيق"), ("Shahid", "شاهد"), ("Ravi", "رافي"), ("Naveed", "نويد"), ("Manoj", "مانوج"),
)
SOUTH_ASIAN_FEMALE = (
    ("Priya", "بريا"), ("Anjali", "أنجالي"), ("Sunita", "سونيتا"), ("Ayesha", "عائشة"), ("Fatima", "فاطمة"),
    ("Deepa", "ديبا"), ("Nisha", "نيشا"), ("Rukhsana", "رخسانة"), ("Lakshmi", "لاكشمي"), ("Shabana", "شبانة"),
)
SOUTH_ASIAN_FAMILY = (
    ("Kumar", "كومار"), ("Nair", "ناير"), ("Menon", "مينون"), ("Pillai", "بيلاي"), ("Khan", "خان"),
    ("Sharma", "شارما"), ("Hussain", "حسين"), ("Rahman", "رحمن"), ("Iyer", "آيير"), ("Qureshi", "قريشي"),
    ("Chowdhury", "تشودري"), ("Thomas", "توماس"), ("Varghese", "فارغيز"), ("Siddiqui", "صديقي"),
)
FILIPINO_MALE = (
    ("Jose", "خوسيه"), ("Mark", "مارك"), ("John", "جون"), ("Paolo", "باولو"), ("Ramon", "رامون"),
    ("Angelo", "أنجيلو"), ("Rodel", "روديل"), ("Jericho", "جيريكو"),
)
FILIPINO_FEMALE = (
    ("Maria", "ماريا"), ("Grace", "غريس"), ("Joy", "جوي"), ("Kristine", "كريستين"), ("Rowena", "روينا"),
    ("Maricel", "ماريسيل"), ("Jasmine", "ياسمين"), ("Cherry", "تشيري"),
)
FILIPINO_FAMILY = (
    ("Santos", "سانتوس"), ("Reyes", "رييس"), ("Cruz", "كروز"), ("Bautista", "باوتيستا"), ("Garcia", "غارسيا"),
    ("Mendoza", "ميندوزا"), ("Villanueva", "فيلانويفا"), ("Dela Cruz", "ديلا كروز"),
)
WESTERN_MALE = (
    ("James", "جيمس"), ("David", "ديفيد"), ("Michael", "مايكل"), ("Thomas", "توماس"), ("Daniel", "دانيال"),
    ("Richard", "ريتشارد"), ("Andrew", "أندرو"), ("Peter", "بيتر"),
)
WESTERN_FEMALE = (
    ("Emma", "إيما"), ("Sarah", "سارة"), ("Laura", "لورا"), ("Emily", "إميلي"), ("Helen", "هيلين"),
    ("Claire", "كلير"), ("Anna", "آنا"), ("Rachel", "رايتشل"),
)
WESTERN_FAMILY = (
    ("Smith", "سميث"), ("Jones", "جونز"), ("Brown", "براون"), ("Taylor", "تايلور"), ("Wilson", "ويلسون"),
    ("Evans", "إيفانز"), ("Walker", "ووكر"), ("Miller", "ميلر"),
)

# Pool per nationality: (male given names, female given names, family names).
ARAB = (ARAB_MALE, ARAB_FEMALE, ARAB_FAMILY)
POOLS = {
    "BHR": ARAB, "SAU": ARAB, "EGY": ARAB, "JOR": ARAB, "SYR": ARAB,
    "IND": (SOUTH_ASIAN_MALE, SOUTH_ASIAN_FEMALE, SOUTH_ASIAN_FAMILY),
    "PAK": (SOUTH_ASIAN_MALE, SOUTH_ASIAN_FEMALE, SOUTH_ASIAN_FAMILY),
    "BGD": (SOUTH_ASIAN_MALE, SOUTH_ASIAN_FEMALE, SOUTH_ASIAN_FAMILY),
    "PHL": (FILIPINO_MALE, FILIPINO_FEMALE, FILIPINO_FAMILY),
    "GBR": (WESTERN_MALE, WESTERN_FEMALE, WESTERN_FAMILY),
    "USA": (WESTERN_MALE, WESTERN_FEMALE, WESTERN_FAMILY),
}
# Out of 256: the share of each nationality among eKey holders (a simulator assumption, not an iGA figure).
NATIONALITY_WEIGHTS = (
    ("BHR", 166), ("IND", 30), ("PAK", 10), ("BGD", 10), ("PHL", 12), ("EGY", 10), ("JOR", 4), ("SYR", 3),
    ("SAU", 4), ("GBR", 4), ("USA", 3),
)
# Governorates since 2014, with the block numbers used for synthetic addresses (first block, last block).
GOVERNORATES = (
    ("capital", 301, 370),
    ("muharraq", 101, 258),
    ("northern", 401, 599),
    ("southern", 701, 999),
)
