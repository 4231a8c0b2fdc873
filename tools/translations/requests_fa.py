"""Persian for the user-facing strings of eservices/requests/uploads.py.

Fill a catalogue with: python tools/fill_po.py tools/translations/requests_fa.py <django.po>
"""

FA = {
    "The file %(name)s is larger than %(limit)s MB.": (
        "حجم فایل %(name)s بیشتر از %(limit)s مگابایت است."
    ),
    "The file %(name)s is not of an allowed type. Allowed types: %(types)s.": (
        "نوع فایل %(name)s مجاز نیست. نوع‌های مجاز: %(types)s."
    ),
    "The file %(name)s is empty.": "فایل %(name)s خالی است.",
    "The content of the file %(name)s does not match its extension.": (
        "محتوای فایل %(name)s با پسوند آن هم‌خوانی ندارد."
    ),
    "The image %(name)s is damaged or cannot be read.": (
        "تصویر %(name)s آسیب دیده است یا خوانده نمی‌شود."
    ),
    "The image %(name)s is too large: at most %(limit)s megapixels are allowed.": (
        "ابعاد تصویر %(name)s بیش از حد بزرگ است؛ حداکثر %(limit)s مگاپیکسل مجاز است."
    ),
    "The files together are larger than %(limit)s MB.": (
        "حجم مجموع فایل‌ها بیشتر از %(limit)s مگابایت است."
    ),
}

FA_PLURAL = {
    "You can attach at most %(limit)d file.": "حداکثر %(limit)d فایل می‌توانید پیوست کنید.",
}
