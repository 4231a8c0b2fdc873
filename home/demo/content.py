"""The demo desk's content beyond ``catalog.json`` (which holds what the seed guide shows).

Everything here that is not from the seed guide carries the mark ``(نمونه)`` / ``(demo)`` so
that nobody takes it for a real office, app or service.
"""

import json
from pathlib import Path

CATALOG = json.loads((Path(__file__).parent / "catalog.json").read_text(encoding="utf-8"))

DEMO_FA = "(نمونه)"
DEMO_EN = "(demo)"

HOME = {
    "fa": {
        "title": "شرکت توزیع نیروی برق (نمونه)",
        "intro": "به وبگاه نمونه شرکت توزیع نیروی برق خوش آمدید. برای دریافت خدمات "
        "الکترونیک از منوی «میز خدمات الکترونیک» استفاده کنید.",
    },
    "en": {
        "title": "Electricity Distribution Company (demo)",
        "intro": "Welcome to the demo website of an electricity distribution company. "
        "Use the “E-Services Desk” menu entry for the company's e-services.",
    },
}

DESK = {
    "fa": {
        "title": "میز خدمات الکترونیک",
        "intro": "<p>فهرست خدمت‌های الکترونیک شرکت. برای دیدن خدمت‌های هر گروه، "
        "روی عنوان گروه بزنید.</p>",
    },
    "en": {
        "title": "E-Services Desk",
        "intro": "<p>The company's catalog of e-services. Open a group to see its services.</p>",
    },
}

# One bundled icon per group of catalog.json, in its order.
GROUP_ICONS = [
    "file-invoice",
    "plug-connected",
    "gauge",
    "building-community",
    "shield-check",
    "solar-panel",
    "bulb-off",
    "chart-bar",
    "building-factory-2",
    "book",
    "school",
    "briefcase",
    "message-report",
    "leaf",
]

SEED_GUIDE_FA = (
    "<p>فیلدهای ستاره‌دار (*) الزامی هستند. کد ملی را ده رقمی و شماره همراه را به شکل "
    "09xxxxxxxxx وارد کنید؛ رقم‌های فارسی هم پذیرفته می‌شوند. پس از ثبت، شماره رهگیری "
    "را نگه دارید تا در سربرگ «پیگیری» وضعیت درخواست را ببینید. (راهنمای نمونه)</p>"
)
SEED_GUIDE_EN = (
    "<p>Fields marked with a star (*) are required. Enter the 10-digit national code and the "
    "mobile number as 09xxxxxxxxx; Persian digits are accepted. After submitting, keep the "
    "tracking number to follow the request in the “Follow-up” tab. (demo guide)</p>"
)

# The guide gives the complaint service's response time: "۱ ساعت کاری" (1 working hour).
SEED_RESPONSE_TIMES = {"13031986101": (1, "working_hours")}

# English text of the seed services (their Persian text is in catalog.json).
SEED_SERVICES_EN = {
    "13031986100": {
        "description": "Applicants can send a letter or correspondence to the company.",
    },
    "13031986101": {
        "description": "In this service, applicants can file a complaint about any of the "
        "company's staff or services.",
    },
}
SEED_SERVICES_FA = {
    "13031986100": {
        "description": "در این خدمت، متقاضیان می توانند نامه یا مکاتبه خود را برای شرکت "
        "ارسال نمایند. (توضیح نمونه)",
    },
}

# Services that are not in the guide: one more request service, a view service (bill inquiry)
# and a service without a web channel (its title opens the info panel).
DEMO_SERVICES = [
    {
        "group": "13031466000",
        "national_id": "13031466101",
        "slug": "change-of-name",
        "kind": "request",
        "fa": {
            "title": "درخواست تغییر نام مشترک (نمونه)",
            "description": "مشترک می تواند تغییر نام صاحب انشعاب را درخواست کند.",
            "required_documents": "تصویر کارت ملی مالک جدید\nسند مالکیت یا اجاره‌نامه\n"
            "تصویر آخرین قبض برق",
            "fee": "۵۰۰٬۰۰۰ ریال",
            "notes": "پس از بررسی، نتیجه پیامک می شود.",
        },
        "en": {
            "title": "Change of the subscriber's name (demo)",
            "description": "A subscriber can ask for the connection to be put in a new name.",
            "required_documents": "Copy of the new owner's national card\n"
            "Title deed or lease\nCopy of the latest electricity bill",
            "fee": "500,000 rials",
            "notes": "You receive the result by SMS after review.",
        },
        "response_time": (3, "working_days"),
        "channels": [("web", ""), ("counter", ""), ("info", "")],
    },
    {
        "group": "13031465000",
        "national_id": "13031465101",
        "slug": "bill-inquiry",
        "kind": "view",
        "fa": {
            "title": "استعلام صورتحساب برق (نمونه)",
            "description": "با وارد کردن شناسه قبض، مبلغ و مهلت پرداخت آخرین صورتحساب را ببینید.",
            "required_documents": "شناسه قبض",
            "fee": "رایگان",
            "notes": "",
        },
        "en": {
            "title": "Electricity bill inquiry (demo)",
            "description": "Enter the bill ID to see the amount and due date of the latest bill.",
            "required_documents": "Bill ID",
            "fee": "Free",
            "notes": "",
        },
        "response_time": (None, "working_hours"),
        "channels": [("web", ""), ("phone", "1521"), ("app", ""), ("info", "")],
    },
    {
        "group": "13031980000",
        "national_id": "13031980101",
        "slug": "report-outage",
        "kind": "request",
        "fa": {
            "title": "اعلام خاموشی و حوادث برق (نمونه)",
            "description": "خاموشی یا خطر برق را از طریق تلفن ۱۲۱ یا اپلیکیشن اعلام کنید.",
            "required_documents": "",
            "fee": "رایگان",
            "notes": "در شرایط خطر جانی، از سیم و تجهیزات برق فاصله بگیرید.",
        },
        "en": {
            "title": "Report an outage or electrical hazard (demo)",
            "description": "Report an outage or a hazard by phone (121) or through the app.",
            "required_documents": "",
            "fee": "Free",
            "notes": "If there is danger to life, keep away from wires and equipment.",
        },
        "response_time": (2, "working_hours"),
        "channels": [("phone", "121"), ("app", ""), ("info", "")],
    },
]

OFFICES = [
    {
        "province": "tehran",
        "is_active": True,
        "phone": "021-66001234",
        "fa": {
            "name": "دفتر پیشخوان دولت شماره ۱۰۱ (نمونه)",
            "city": "تهران",
            "address": "تهران، خیابان آزادی، پلاک ۱۲",
        },
        "en": {
            "name": "Government counter office no. 101 (demo)",
            "city": "Tehran",
            "address": "No. 12, Azadi Street, Tehran",
        },
    },
    {
        "province": "tehran",
        "is_active": True,
        "phone": "021-55004321",
        "fa": {
            "name": "دفتر پیشخوان دولت شماره ۲۰۲ (نمونه)",
            "city": "ری",
            "address": "شهر ری، میدان نماز، پلاک ۵",
        },
        "en": {
            "name": "Government counter office no. 202 (demo)",
            "city": "Rey",
            "address": "No. 5, Namaz Square, Rey",
        },
    },
    {
        "province": "isfahan",
        "is_active": True,
        "phone": "031-32001122",
        "fa": {
            "name": "دفتر پیشخوان دولت شماره ۳۰۳ (نمونه)",
            "city": "اصفهان",
            "address": "اصفهان، خیابان چهارباغ، پلاک ۴۰",
        },
        "en": {
            "name": "Government counter office no. 303 (demo)",
            "city": "Isfahan",
            "address": "No. 40, Chaharbagh Street, Isfahan",
        },
    },
    {
        "province": "razavi_khorasan",
        "is_active": True,
        "phone": "051-38005566",
        "fa": {
            "name": "دفتر پیشخوان دولت شماره ۴۰۴ (نمونه)",
            "city": "مشهد",
            "address": "مشهد، بلوار وکیل آباد، پلاک ۸",
        },
        "en": {
            "name": "Government counter office no. 404 (demo)",
            "city": "Mashhad",
            "address": "No. 8, Vakilabad Boulevard, Mashhad",
        },
    },
    {
        "province": "fars",
        "is_active": False,
        "phone": "071-32007788",
        "fa": {
            "name": "دفتر پیشخوان دولت شماره ۵۰۵ (نمونه، غیرفعال)",
            "city": "شیراز",
            "address": "شیراز، خیابان زند، پلاک ۳",
        },
        "en": {
            "name": "Government counter office no. 505 (demo, inactive)",
            "city": "Shiraz",
            "address": "No. 3, Zand Street, Shiraz",
        },
    },
]

APP = {
    "bazaar_url": "https://example.com/demo/bargh-man/bazaar",
    "myket_url": "https://example.com/demo/bargh-man/myket",
    "fa": {
        "name": "برق من (نمونه)",
        "description": "اپلیکیشن نمونه برای دریافت خدمات برق روی تلفن همراه.",
    },
    "en": {
        "name": "My Electricity (demo)",
        "description": "A demo app for the company's services on your phone.",
    },
}

# Form fields. Catalog types map to the form builder's: national_id → national_code,
# text → singleline, textarea → multiline.
CATALOG_FIELD_TYPES = {
    "national_id": "national_code",
    "mobile": "mobile",
    "jalali_date": "jalali_date",
    "text": "singleline",
    "textarea": "multiline",
    "file": "file",
}
# English labels of the complaint form (13031986101), in the order of catalog.json.
COMPLAINT_LABELS_EN = [
    "National code of the registrant",
    "National code of the applicant",
    "Mobile number of the applicant",
    "Date of the request",
    "First name",
    "Last name",
    "Subject of the complaint",
    "Description of the complaint",
    "Attachment",
]

# Editor options of the complaint form's fields beyond catalog.json, by Persian label: the
# guide's picture shows the request date filled with the day's date.
COMPLAINT_FIELD_OPTIONS = {"تاریخ ثبت درخواست": {"default_today": True}}

# (label fa, label en, type, required, role, extra options)
DEMO_FORMS = {
    "13031986100": [
        (
            "شماره ملی ثبت کننده درخواست",
            "National code of the registrant",
            "national_code",
            True,
            "registrant_national_code",
            {},
        ),
        ("شماره تلفن همراه", "Mobile number", "mobile", True, "registrant_mobile", {}),
        ("موضوع نامه", "Subject of the letter", "singleline", True, "", {}),
        ("متن نامه", "Text of the letter", "multiline", True, "", {}),
        ("پیوست نامه", "Letter attachment", "file", False, "", {"allowed_extensions": "pdf"}),
    ],
    "13031466101": [
        (
            "شماره ملی ثبت کننده درخواست",
            "National code of the registrant",
            "national_code",
            True,
            "registrant_national_code",
            {},
        ),
        ("شماره تلفن همراه", "Mobile number", "mobile", True, "registrant_mobile", {}),
        ("شناسه قبض", "Bill ID", "bill_id", True, "", {}),
        ("کد پستی محل انشعاب", "Postal code of the connection", "postal_code", True, "", {}),
        ("نام و نام خانوادگی مالک جدید", "New owner's full name", "singleline", True, "", {}),
        ("کد ملی مالک جدید", "New owner's national code", "national_code", True, "", {}),
        ("تاریخ انتقال مالکیت", "Date of the transfer", "jalali_date", True, "", {}),
        (
            "سند مالکیت یا اجاره‌نامه",
            "Title deed or lease",
            "file",
            True,
            "",
            {"allowed_extensions": "pdf,jpg,jpeg,png"},
        ),
    ],
}

# Survey questions of both seed services (default five-point scale) — demo content.
SURVEY_QUESTIONS = [
    (
        "از سرعت رسیدگی به درخواست خود چقدر راضی هستید؟",
        "How satisfied are you with how fast your request was handled?",
        False,
    ),
    (
        "کیفیت پاسخ دریافتی را چگونه ارزیابی می‌کنید؟",
        "How do you rate the quality of the answer you received?",
        True,
    ),
]

# The bill inquiry's demo dataset: generated bills, keyed by a valid bill ID.
BILL_DATASET = {
    "name": "صورتحساب‌های نمونه (نمونه)",
    "key_column": "bill_id",
    "columns": [
        {"key": "bill_id", "label": "شناسه قبض", "type": "text"},
        {"key": "period", "label": "دوره", "type": "text"},
        {"key": "consumption", "label": "مصرف (کیلووات‌ساعت)", "type": "number"},
        {"key": "amount", "label": "مبلغ قابل پرداخت (ریال)", "type": "money"},
        {"key": "due_date", "label": "مهلت پرداخت", "type": "jalali_date"},
    ],
    "rows": 1000,
}

# Official holidays fixed in the solar calendar: (month, day, occasion).
SOLAR_HOLIDAYS = [
    (1, 1, "عید نوروز"),
    (1, 2, "عید نوروز"),
    (1, 3, "عید نوروز"),
    (1, 4, "عید نوروز"),
    (1, 12, "روز جمهوری اسلامی"),
    (1, 13, "روز طبیعت"),
    (3, 14, "رحلت امام خمینی"),
    (3, 15, "قیام ۱۵ خرداد"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 29, "ملی شدن صنعت نفت"),
]
