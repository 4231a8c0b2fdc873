"""Persian for the back office's survey results and ideas inbox (eservices/backoffice/reports.py,
charts.py, report_hooks.py and templates/eservices/backoffice/{reports,ideas}/).

Fill a catalogue with: python tools/fill_po.py tools/translations/reports_fa.py <django.po>
"""

FA = {
    # Menu and headers
    "Survey results": "نتایج نظرسنجی",
    "Ideas": "ایده‌ها",
    # Filters
    "Service": "خدمت",
    "From date": "از تاریخ",
    "Until date": "تا تاریخ",
    "Reference number or mobile": "شماره پیگیری یا تلفن همراه",
    "The start of the period is after its end.": "تاریخ شروع بازه پس از تاریخ پایان آن است.",
    "Show results": "نمایش نتایج",
    "Filter": "اعمال فیلتر",
    # Survey results
    "None of the services you work on has a survey.": (
        "هیچ‌یک از خدمت‌هایی که با آن‌ها کار می‌کنید نظرسنجی ندارد."
    ),
    "Choose a service and a period.": "یک خدمت و یک بازه‌ی زمانی انتخاب کنید.",
    "Period": "بازه‌ی زمانی",
    "Responses": "پاسخ‌ها",
    "Requests reopened by a “not satisfied” answer": (
        "درخواست‌هایی که با پاسخ «ناراضی» دوباره باز شدند"
    ),
    "Answer": "پاسخ",
    "Count": "تعداد",
    "Percent": "درصد",
    "%(percent)s%%": "%(percent)s٪",
    "%(count)s (%(percent)s%%)": "%(count)s (%(percent)s٪)",
    "%(answer)s (no longer an option)": "%(answer)s (دیگر جزو گزینه‌ها نیست)",
    "Total": "جمع",
    "No answers in this period.": "در این بازه پاسخی ثبت نشده است.",
    "The latest %(limit)s are listed.": "%(limit)s مورد آخر نمایش داده شده است.",
    "This service has no survey questions.": "این خدمت پرسش نظرسنجی ندارد.",
    # Ideas inbox
    "Idea %(number)s": "ایده‌ی %(number)s",
    "Sent": "زمان ارسال",
    "Sender": "فرستنده",
    "Anonymous": "بی‌نام",
    "Files": "فایل‌ها",
    "No ideas match these filters.": "ایده‌ای با این فیلترها یافت نشد.",
    "Pages": "صفحه‌ها",
    "Page %(number)s of %(total)s": "صفحه‌ی %(number)s از %(total)s",
    "Previous": "قبلی",
    "Next": "بعدی",
    "“%(name)s” has not passed the virus scan (%(state)s) and cannot be opened.": (
        "«%(name)s» هنوز ویروس‌یابی نشده یا آلوده است (%(state)s) و باز نمی‌شود."
    ),
}

FA_PLURAL = {
    "%(number)s comment": "%(number)s توضیح",
    "%(number)s idea": "%(number)s ایده",
}
