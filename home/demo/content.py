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

# Services whose citizens see a check-your-answers step before a request is sent.
CHECK_ANSWERS_SERVICES = {"13031986101"}

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

# The accessibility statement and the privacy notice (InfoPage), linked in every page's footer.
# What they say is what this desk does; an operator edits them for the company's own contacts.
INFO_PAGES = [
    {
        "slug": "accessibility",
        "fa": {
            "title": "بیانیه دسترس‌پذیری",
            "body": (
                "<p>این میز خدمات الکترونیک برای همه شهروندان ساخته شده است، از جمله کسانی که "
                "با صفحه‌خوان، بزرگ‌نمایی یا فقط صفحه‌کلید کار می‌کنند. هدف ما رعایت سطح AA "
                "رهنمودهای دسترس‌پذیری محتوای وب (WCAG 2.2) است.</p>"
                "<h2>آنچه انجام شده است</h2><ul>"
                "<li>همه بخش‌ها با صفحه‌کلید (Tab، Enter و فاصله) کار می‌کنند و فوکوس دیده می‌شود.</li>"
                "<li>هر فیلد برچسب دیدنی دارد؛ گزینه‌های نظرسنجی و فرم‌ها در گروه‌هایی با عنوان "
                "آمده‌اند و خطاها کنار فیلد و در فهرستی بالای فرم با پیوند به همان فیلد "
                "اعلام می‌شوند.</li>"
                "<li>کانال‌های ارائه خدمت نوشته دیدنی دارند؛ راهنمای شناور (tooltip) فقط توضیح "
                "بیشتر است و هیچ کاری را به آن وابسته نکرده‌ایم.</li>"
                "<li>عبارت امنیتی (کپچا) پخش صوتی هم دارد.</li>"
                "<li>صفحه‌ها در گوشی همراه بدون پیمایش افقی خوانده می‌شوند.</li>"
                "<li>هر تغییر با آزمون خودکار axe-core و آزمون صفحه‌کلید در مرورگر بررسی می‌شود.</li>"
                "</ul><h2>محدودیت‌های شناخته‌شده</h2><ul>"
                "<li>پخش صوتی عبارت امنیتی رقم‌ها را به انگلیسی می‌خواند.</li>"
                "<li>ورود به خدمت‌های درخواستی به کد پیامکی روی گوشی همراه نیاز دارد.</li>"
                "<li>پرونده‌هایی که کارکنان بارگذاری می‌کنند (مانند سند شناسه خدمت) ممکن است "
                "دسترس‌پذیر نباشند؛ در این صورت نسخه دیگری از ما بخواهید.</li>"
                "<li>آزمون‌ها خودکارند و هنوز کاربران فناوری‌های کمکی این میز را نیازموده‌اند.</li>"
                "</ul><h2>تماس با ما</h2>"
                "<p>اگر بخشی از این وبگاه برای شما قابل استفاده نیست، از بخش «مشارکت» در زبانه "
                "پیگیری هر خدمت یا با تلفن ۱۵۲۱ به ما خبر دهید؛ ظرف ۵ روز کاری پاسخ می‌دهیم.</p>"
            ),
        },
        "en": {
            "title": "Accessibility statement",
            "body": (
                "<p>This e-services desk is meant for every citizen, including people who use a "
                "screen reader, magnification or only a keyboard. We aim at level AA of the Web "
                "Content Accessibility Guidelines (WCAG 2.2).</p>"
                "<h2>What we have done</h2><ul>"
                "<li>Everything works with a keyboard (Tab, Enter and Space) and focus is "
                "visible.</li>"
                "<li>Every field has a visible label; survey and form options are grouped under a "
                "heading, and errors are shown beside each field and in a list above the form "
                "that links to the field.</li>"
                "<li>Delivery channels are named in visible text; tooltips only add detail and "
                "nothing depends on them.</li>"
                "<li>The security phrase (captcha) can be played as audio.</li>"
                "<li>Pages read on a phone without scrolling sideways.</li>"
                "<li>Every change is checked with axe-core and a keyboard test in a browser.</li>"
                "</ul><h2>Known limitations</h2><ul>"
                "<li>The audio security phrase reads the digits in English.</li>"
                "<li>Request services need a code sent by SMS to a mobile phone.</li>"
                "<li>Files staff upload (such as a service's ID document) may not be accessible; "
                "ask us for another format.</li>"
                "<li>The tests are automatic; users of assistive technology have not yet tried "
                "this desk.</li>"
                "</ul><h2>Contact us</h2>"
                "<p>If part of this site does not work for you, tell us through “Participation” "
                "on any service's Follow-up tab or by phone on 1521; we answer within 5 working "
                "days.</p>"
            ),
        },
    },
    {
        "slug": "privacy",
        "fa": {
            "title": "اطلاعیه حریم خصوصی",
            "body": (
                "<p>این صفحه می‌گوید میز خدمات الکترونیک چه اطلاعاتی از شما نگه می‌دارد، برای چه، "
                "تا کی و چه کسی آن را می‌بیند.</p>"
                "<h2>چه اطلاعاتی نگه می‌داریم</h2><ul>"
                "<li><strong>کد ملی و شماره همراه</strong>: برای تأیید هویت با کد پیامکی و ثبت "
                "درخواست به نام شما. کد پیامکی فقط به صورت درهم‌سازی‌شده نگه داشته می‌شود و ۱۲۰ "
                "ثانیه اعتبار دارد؛ تأیید هویت پس از ۱۵ دقیقه بی‌کاری یا ۲ ساعت از بین می‌رود.</li>"
                "<li><strong>پاسخ‌های فرم درخواست و پیوست‌ها</strong>: برای رسیدگی به درخواست. "
                "پیوست‌ها بیرون از بخش عمومی وبگاه نگه داشته و از نظر بدافزار بررسی "
                "می‌شوند.</li>"
                "<li><strong>پاسخ نظرسنجی</strong>: همراه شماره رهگیری درخواست، برای بهبود "
                "خدمت.</li>"
                "<li><strong>ایده‌ها در بخش مشارکت</strong>: با نام، شماره همراه و رایانامه "
                "اگر آن‌ها را بنویسید (اختیاری).</li>"
                "<li>نشانی IP شما فقط برای محدود کردن تلاش‌های پیاپی، چند دقیقه تا یک روز در "
                "حافظه موقت شمرده می‌شود و کنار درخواست ذخیره نمی‌شود.</li>"
                "</ul><h2>برای چه</h2>"
                "<p>فقط برای رسیدگی به درخواست شما، اعلام وضعیت آن با پیامک، پاسخ به پیگیری "
                "و جلوگیری از سوءاستفاده. اطلاعات شما فروخته یا برای تبلیغ به کار برده نمی‌شود.</p>"
                "<h2>چه کسی می‌بیند</h2>"
                "<p>فقط کارکنانی از شرکت که اجازه کار روی گروه خدمت مربوط را دارند. سامانه پیامک "
                "شماره همراه و متن پیامک را دریافت می‌کند. در گزارش‌های رویداد، کد ملی پوشیده "
                "نوشته می‌شود.</p>"
                "<h2>تا کی</h2>"
                "<p>هر خدمت مدت نگهداری خود را دارد: پس از بسته شدن درخواست و گذشت آن مدت، "
                "درخواست ناشناس می‌شود (پاسخ‌ها، کد ملی، شماره همراه و پیوست‌ها پاک می‌شوند) یا "
                "به طور کامل حذف می‌شود. تا وقتی مدتی برای خدمتی تعیین نشده، درخواست‌های آن "
                "نگه داشته می‌شوند.</p>"
                "<h2>تماس</h2>"
                "<p>برای پرسش درباره اطلاعات خود یا درخواست اصلاح آن، از بخش «مشارکت» در زبانه "
                "پیگیری هر خدمت یا با تلفن ۱۵۲۱ با ما تماس بگیرید.</p>"
            ),
        },
        "en": {
            "title": "Privacy notice",
            "body": (
                "<p>This page says what personal data the e-services desk keeps, for what, for "
                "how long and who sees it.</p>"
                "<h2>What we keep</h2><ul>"
                "<li><strong>National code and mobile number</strong>: to verify who you are "
                "with an SMS code and to register requests in your name. The SMS code is kept "
                "only as a hash and is valid for 120 seconds; a verification lapses after 15 "
                "idle minutes or 2 hours.</li>"
                "<li><strong>Your answers on a request form and its attachments</strong>: to work "
                "on the request. Attachments are kept outside the public part of the site and "
                "checked for malware.</li>"
                "<li><strong>Survey answers</strong>: with the request's tracking number, to "
                "improve the service.</li>"
                "<li><strong>Ideas sent through Participation</strong>: with your name, mobile "
                "and e-mail if you give them (optional).</li>"
                "<li>Your IP address is only counted in a temporary cache, for minutes up to a "
                "day, to limit repeated attempts; it is not stored with requests.</li>"
                "</ul><h2>For what</h2>"
                "<p>Only to work on your request, tell you its status by SMS, answer your "
                "follow-up and prevent abuse. Your data is not sold or used for advertising.</p>"
                "<h2>Who sees it</h2>"
                "<p>Only the company's staff who may work on the service's group. The SMS "
                "provider receives your mobile number and the message. Audit logs show national "
                "codes masked.</p>"
                "<h2>How long</h2>"
                "<p>Each service has its retention period: once a request is closed and the "
                "period is over, the request is anonymised (answers, national code, mobile and "
                "attachments removed) or deleted. While a service has no period set, its "
                "requests are kept.</p>"
                "<h2>Contact</h2>"
                "<p>To ask about your data or have it corrected, contact us through "
                "“Participation” on any service's Follow-up tab or by phone on 1521.</p>"
            ),
        },
    },
]
