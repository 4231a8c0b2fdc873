"""Persian for the messages of the Iranian form fields (eservices/formbuilder/validators.py).

Read by ``tools/fill_po.py``; not used at run time.
"""

FA = {
    "Enter a valid national code.": "کد ملی معتبر نیست.",
    "Enter a valid national ID of a legal entity (11 digits).": (
        "شناسه ملی معتبر نیست؛ شناسه ملی اشخاص حقوقی ۱۱ رقم است."
    ),
    "Enter a valid mobile number in the form 09xxxxxxxxx.": (
        "شماره همراه معتبر نیست؛ به شکل 09xxxxxxxxx وارد کنید."
    ),
    "Enter a valid 10-digit postal code.": "کد پستی معتبر نیست؛ کد پستی ۱۰ رقم است.",
    "Enter a valid bill ID.": "شناسه قبض معتبر نیست.",
    "Enter a valid date in the form 1403/05/08.": "تاریخ معتبر نیست؛ به شکل ۱۴۰۳/۰۵/۰۸ وارد کنید.",
    "Enter an Iranian-calendar date with a year from %(min_year)s to %(max_year)s.": (
        "تاریخ را به تقویم شمسی وارد کنید، با سالی از %(min_year)s تا %(max_year)s."
    ),
}
