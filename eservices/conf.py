"""The plugin's settings, each with a documented default.

Read them as ``from eservices.conf import settings; settings.ESERVICES_BASE_TEMPLATE``. A host
project overrides any of them in its Django settings; nothing else in the plugin reads
``django.conf.settings`` for an ``ESERVICES_*`` name.
"""

from typing import Any

from django.conf import settings as django_settings

DEFAULTS: dict[str, Any] = {
    # The template every public page of the desk extends. It must define the blocks
    # ``title``, ``content`` and ``extra_css``/``extra_js``.
    "ESERVICES_BASE_TEMPLATE": "base.html",
    # Allowed only in development settings: load_demo_desk then creates an admin user
    # and prints its credentials.
    "ESERVICES_DEMO_ADMIN": False,
    "ESERVICES_DEMO_ADMIN_USERNAME": "admin",
    "ESERVICES_DEMO_ADMIN_PASSWORD": "admin",
    # How many reverse proxies the operator trusts to append to X-Forwarded-For (0: none, the
    # client IP is REMOTE_ADDR).
    "ESERVICES_TRUSTED_PROXY_COUNT": 0,
    # Status lookups (R2): per client IP and per tracking number.
    "ESERVICES_LOOKUP_IP_LIMIT": 10,
    "ESERVICES_LOOKUP_IP_WINDOW": 10 * 60,
    "ESERVICES_LOOKUP_FAILURE_LIMIT": 5,
    "ESERVICES_LOOKUP_FAILURE_WINDOW": 60 * 60,
    # The identity gate (docs/security.md O1–O9).
    "ESERVICES_OTP_VALIDITY": 120,  # seconds a code is valid
    "ESERVICES_OTP_MAX_ATTEMPTS": 5,  # wrong tries per code, then it is dead
    "ESERVICES_OTP_THROTTLE_FACTOR": 0,  # django-otp's exponential delay; attempts cap instead
    "ESERVICES_OTP_COOLDOWN": 60,  # first resend wait, doubling with each SMS in the hour
    "ESERVICES_OTP_LOCK_FAILURES": 5,  # failures → 15-minute lockout of mobile and code
    "ESERVICES_OTP_LOCK_DAY_FAILURES": 10,  # failures in 24 h → 24-hour lockout
    "ESERVICES_OTP_SMS_PER_HOUR": 5,  # per mobile
    "ESERVICES_OTP_SMS_PER_DAY": 10,  # per mobile
    "ESERVICES_OTP_IP_PER_HOUR": 10,  # send requests per client IP
    "ESERVICES_OTP_IP_PER_DAY": 30,
    "ESERVICES_OTP_MOBILES_PER_SESSION": 3,  # distinct mobiles per session per hour
    "ESERVICES_SMS_DAILY_BUDGET": 2000,  # SMS per day for the whole site; warning at half
    "ESERVICES_IDENTITY_IDLE": 15 * 60,  # a verified identity lapses after this idle time
    "ESERVICES_IDENTITY_MAX_AGE": 2 * 60 * 60,  # and after this long in any case
    # Captchas (docs/security.md O11): new images from the "new image" button per client IP.
    "ESERVICES_CAPTCHA_REFRESH_IP_LIMIT": 30,
    "ESERVICES_CAPTCHA_REFRESH_IP_WINDOW": 10 * 60,
    # Forms anyone may post (O11): accepted requests of services without the identity gate,
    # and ideas where the participation box has no gate, per client IP. A counter office
    # files many requests behind one address: about one every few minutes at each desk.
    "ESERVICES_OPEN_REQUEST_IP_LIMIT": 30,
    "ESERVICES_OPEN_REQUEST_IP_WINDOW": 60 * 60,
    "ESERVICES_IDEA_IP_LIMIT": 10,
    "ESERVICES_IDEA_IP_WINDOW": 60 * 60,
    # The page cache of the public catalog (eservices/catalog/pagecache.py): seconds an entry
    # lives at most (it is dropped at once when a page or snippet it shows changes); 0 turns
    # the cache off.
    "ESERVICES_PAGE_CACHE_TIMEOUT": 600,
    # View-tab lookups (S11) per client IP.
    "ESERVICES_VIEW_IP_LIMIT": 30,
    "ESERVICES_VIEW_IP_WINDOW": 10 * 60,
    # How many tracking numbers a browser session remembers for its follow-up tab.
    "ESERVICES_SESSION_ISSUED_MAX": 20,
    # The status (by code) a "not satisfied" survey answer moves a request back to, when the
    # service asks for it and the request's status allows that move.
    "ESERVICES_REOPEN_STATUS": "in_review",
    # Attachments (docs/security.md R4): the largest single file, in bytes.
    "ESERVICES_UPLOAD_MAX_FILE_SIZE": 5 * 1024 * 1024,
    # Attachments: the most files one submission may carry.
    "ESERVICES_UPLOAD_MAX_FILES": 5,
    # Attachments: the largest total size of one submission's files, in bytes.
    "ESERVICES_UPLOAD_MAX_TOTAL_SIZE": 20 * 1024 * 1024,
    # Attachments: the most pixels an image may have, read from its header before it is
    # decoded (decoding and re-encoding cost time and memory in proportion). 25 megapixels
    # takes a 24-megapixel phone photo and an A4 page scanned in colour at 300 dpi (8.7 MP).
    "ESERVICES_UPLOAD_MAX_PIXELS": 25_000_000,
    # Attachments: the extensions accepted by default. Only those also in
    # ``eservices.core.files.uploads.ALLOWED_TYPES`` count; others are ignored.
    "ESERVICES_UPLOAD_EXTENSIONS": ("pdf", "jpg", "jpeg", "png"),
    # Attachments (R5): the folder of private storage, outside MEDIA_ROOT and never served by
    # the web server. None means ``<parent of MEDIA_ROOT>/private``.
    "ESERVICES_PRIVATE_MEDIA_ROOT": None,
    # Antivirus (R6): clamd's address, a Unix socket path or ``tcp://host:port``. None means
    # no scanner, and attachments stay "unscanned".
    "ESERVICES_CLAMD_SOCKET": None,
    # Antivirus: the seconds one scan may take, connecting included, before the file is left
    # "pending".
    "ESERVICES_CLAMD_TIMEOUT": 10,
    # SMS (eservices.sms): the seconds one HTTP request to the provider may wait for each step
    # (connecting, answering) before it counts as failed.
    "ESERVICES_SMS_TIMEOUT": 5,
    # SMS: how many more times a copy is tried after a connection error, timeout or 5xx
    # answer (never after a 4xx); 0 means one attempt only.
    "ESERVICES_SMS_RETRIES": 2,
    # SMS: the seconds before the first retry; each later retry waits twice as long.
    "ESERVICES_SMS_RETRY_BACKOFF": 0.5,
    # SMS tasks (eservices.sms.tasks): how many more times a queue that can run a task later
    # (not the immediate backend) tries an SMS whose provider was down, slow or failing.
    "ESERVICES_SMS_TASK_RETRIES": 5,
    # SMS tasks: the seconds before the first such retry; each later one waits twice as long
    # (30 s, 1, 2, 4 and 8 minutes by default).
    "ESERVICES_SMS_TASK_BACKOFF": 30,
    # Task queue (eservices.sms.tasks.requeue_stranded): the seconds after which an SMS task
    # still marked "running" counts as stranded by a worker that died, and is queued again.
    # Far above what one try can take (ESERVICES_SMS_TIMEOUT per step, a few steps).
    "ESERVICES_TASK_LEASE": 300,
    # Dotted paths of the host's own tasks that may run again after a worker died mid-task.
    "ESERVICES_RERUNNABLE_TASKS": (),
    # SMS, Kavenegar backend: the account's API key (sent in the URL path; never logged).
    "ESERVICES_SMS_KAVENEGAR_API_KEY": "",
    # SMS, Kavenegar backend: the line number to send from; empty means the account's default.
    "ESERVICES_SMS_KAVENEGAR_SENDER": "",
    # SMS, Kavenegar backend: the API's base URL (tests point it at a local server).
    "ESERVICES_SMS_KAVENEGAR_URL": "https://api.kavenegar.com",
    # SMS, generic HTTP backend: for GET a template with {to} and {text} (and optionally
    # {from}), each replaced URL-quoted; for POST a plain URL. Never logged.
    "ESERVICES_SMS_HTTP_URL": "",
    # SMS, generic HTTP backend: "GET" or "POST".
    "ESERVICES_SMS_HTTP_METHOD": "POST",
    # SMS, generic HTTP backend: the Authorization header's value (e.g. "Bearer xyz"), or empty.
    "ESERVICES_SMS_HTTP_AUTH_HEADER": "",
    # SMS, generic HTTP backend: how a POST carries its fields, "form" or "json".
    "ESERVICES_SMS_HTTP_BODY": "form",
    # SMS, generic HTTP backend: the POST field names of the recipient and the text.
    "ESERVICES_SMS_HTTP_TO_FIELD": "to",
    "ESERVICES_SMS_HTTP_TEXT_FIELD": "text",
    # SMS, generic HTTP backend: the POST field name of the sender, or None to send none.
    "ESERVICES_SMS_HTTP_FROM_FIELD": None,
    # Lookups, datasets (eservices.lookups.importer): the most rows one uploaded file may hold.
    "ESERVICES_DATASET_MAX_ROWS": 200_000,
    # Lookups, datasets: the largest uploaded CSV or XLSX file, in bytes.
    "ESERVICES_DATASET_MAX_BYTES": 20 * 1024 * 1024,
    # Lookups, remote services: the seconds a lookup waits for the whole answer when the
    # source's config names no timeout (a source may set up to 30).
    "ESERVICES_LOOKUP_HTTP_TIMEOUT": 5,
    # Lookups, remote services: {name: config} of the JSON services view forms may ask; editors
    # pick one by name and never enter URLs. See ``eservices.lookups.sources.HttpJsonSource``.
    "ESERVICES_LOOKUP_HTTP_SOURCES": {},
    # Service levels (eservices.core.servicelevels): {weekday: ("HH:MM", "HH:MM")}, the
    # opening and closing time of each working weekday (Python's weekday(): Monday 0 … Sunday
    # 6). Weekdays left out are not working days. Default Saturday to Wednesday 08:00–16:00;
    # add 3: ("08:00", "12:00") for a half-day Thursday.
    "ESERVICES_WORKING_HOURS": {
        5: ("08:00", "16:00"),
        6: ("08:00", "16:00"),
        0: ("08:00", "16:00"),
        1: ("08:00", "16:00"),
        2: ("08:00", "16:00"),
    },
    # Staff sign-in (docs/security.md D3, eservices.staffauth): "off"; "optional" (staff
    # who enrolled an authenticator app type its code after the password, others may enrol);
    # "required" (every staff user enrols at the next sign-in and verifies each session).
    "ESERVICES_STAFF_TOTP": "optional",
}


class Settings:
    """Attribute access to ``ESERVICES_*`` settings with the defaults above."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(django_settings, name, DEFAULTS[name])


settings = Settings()
