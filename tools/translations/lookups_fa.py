"""Persian for the lookups of view forms: datasets, their upload and the sources (read by
tools/fill_po.py). ``LookupResult.message`` texts are for staff logs and stay in English."""

FA = {
    # models.py
    "Text": "متن",
    "Number": "عدد",
    "Date": "تاریخ",
    "Jalali date": "تاریخ شمسی",
    "Amount of money": "مبلغ",
    "The columns must be a list.": "ستون‌ها باید به صورت فهرست باشند.",
    "Column %(number)s needs a key, a label and a type among %(types)s.": "ستون %(number)s باید کلید، عنوان و نوعی از میان %(types)s داشته باشد.",
    "The column %(key)s is declared twice.": "ستون %(key)s دو بار تعریف شده است.",
    "name": "نام",
    "key column": "ستون کلید",
    "The header of the column citizens search by, such as the bill ID.": "عنوان ستونی که شهروندان با آن جستجو می‌کنند، مانند شناسه قبض.",
    "columns": "ستون‌ها",
    'The columns shown to citizens, in order: a list of {"key": header, "label": label, "type": type}, the type being one of text, number, date, jalali_date and money.': 'ستون‌هایی که به ترتیب به شهروندان نشان داده می‌شوند: فهرستی از {"key": عنوان ستون در فایل, "label": برچسب, "type": نوع}، که نوع یکی از text، number، date، jalali_date و money است.',
    "uploaded at": "زمان بارگذاری",
    "number of rows": "تعداد سطرها",
    "dataset": "مجموعه داده",
    "datasets": "مجموعه‌های داده",
    "key": "کلید",
    "data": "داده",
    "dataset row": "سطر مجموعه داده",
    "dataset rows": "سطرهای مجموعه داده",
    # importer.py
    "CSV or XLSX": "CSV یا XLSX",
    "The dataset's columns are not well defined; correct them first.": "ستون‌های مجموعه داده درست تعریف نشده‌اند؛ ابتدا آن‌ها را اصلاح کنید.",
    "The file is larger than %(limit)s MB.": "حجم فایل بیشتر از %(limit)s مگابایت است.",
    "Upload a %(types)s file.": "یک فایل %(types)s بارگذاری کنید.",
    "The file is not UTF-8 text; save it as “CSV UTF-8” and upload it again.": "فایل متن UTF-8 نیست؛ آن را با قالب «CSV UTF-8» ذخیره و دوباره بارگذاری کنید.",
    "This line is not valid CSV.": "این سطر CSV معتبر نیست.",
    "The file could not be read as an Excel (XLSX) workbook.": "فایل به عنوان کارپوشه اکسل (XLSX) خوانده نشد.",
    "The file is empty.": "فایل خالی است.",
    "The column %(column)s appears twice in the header.": "ستون %(column)s دو بار در سطر عنوان آمده است.",
    "The header has no %(column)s column, the dataset's key.": "سطر عنوان ستون %(column)s را که کلید مجموعه داده است ندارد.",
    "The header lacks these columns: %(columns)s.": "این ستون‌ها در سطر عنوان نیستند: %(columns)s.",
    "The file has more than %(limit)s rows.": "فایل بیش از %(limit)s سطر دارد.",
    "The file has no rows under its header.": "فایل زیر سطر عنوان هیچ سطری ندارد.",
    "This line has more cells than the header has columns (%(columns)s).": "این سطر بیش از تعداد ستون‌های سطر عنوان (%(columns)s) خانه دارد.",
    "The key is empty.": "کلید خالی است.",
    "The key is longer than %(limit)s characters.": "کلید بیش از %(limit)s نویسه است.",
    "The key %(key)s is already on line %(line)s.": "کلید %(key)s پیش‌تر در سطر %(line)s آمده است.",
    "Column %(column)s: “%(value)s” is not a number.": "ستون %(column)s: «%(value)s» عدد نیست.",
    "Column %(column)s: “%(value)s” is not a date like 2024-07-29 or 1403/05/08.": "ستون %(column)s: «%(value)s» تاریخی مانند 2024-07-29 یا 1403/05/08 نیست.",
    # forms.py
    "File": "فایل",
    "A %(types)s file of at most %(limit)s MB whose first line names the columns.": "فایل %(types)s با حجم حداکثر %(limit)s مگابایت که سطر اول آن نام ستون‌ها است.",
    "line %(line)s: %(message)s": "سطر %(line)s: %(message)s",
    # sources.py
    "Uploaded dataset": "مجموعه داده بارگذاری‌شده",
    "Remote service (JSON over HTTP)": "سرویس بیرونی (JSON روی HTTP)",
}

FA_PLURAL = {
    "… and %(count)s more error.": "… و %(count)s خطای دیگر.",
}
