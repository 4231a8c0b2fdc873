"""Persian for the survey, participation and View tab (read by tools/fill_po.py)."""

FA = {
    "Excellent": "عالی",
    "Good": "خوب",
    "Average": "متوسط",
    "Poor": "ضعیف",
    "Very poor": "خیلی ضعیف",
    "question": "پرسش",
    "answers": "پاسخ‌ها",
    "One answer per line, best first. Empty: Excellent … Very poor.": "هر پاسخ در یک سطر، از بهترین به بدترین. خالی: عالی … خیلی ضعیف.",
    "optional comment": "توضیح اختیاری",
    "survey question": "پرسش نظرسنجی",
    "survey questions": "پرسش‌های نظرسنجی",
    "respondent": "پاسخ‌دهنده",
    "A digest of the verified national code, for services without requests.": "چکیده کد ملی تأییدشده، برای خدمت‌های بدون درخواست.",
    "answered": "زمان پاسخ",
    "reopened the request": "درخواست را بازگشایی کرد",
    "survey response": "پاسخ نظرسنجی",
    "survey responses": "پاسخ‌های نظرسنجی",
    "answer": "پاسخ",
    "comment": "توضیح",
    "survey answer": "پاسخ پرسش",
    "survey answers": "پاسخ پرسش‌ها",
    "Choose an answer.": "یک پاسخ را انتخاب کنید.",
    "Comment": "توضیح",
    "a “not satisfied” answer reopens the request": "پاسخ «ناراضی» درخواست را بازگشایی کند",
    "No request matches this tracking number and national code.": "هیچ درخواستی با این شماره رهگیری و کد ملی یافت نشد.",
    "Verify your mobile and national code to answer.": "برای پاسخ دادن، شماره همراه و کد ملی خود را تأیید کنید.",
    "This survey has already been answered. Thank you.": "به این نظرسنجی پیش‌تر پاسخ داده شده است. سپاسگزاریم.",
    "Thank you: your answers were recorded.": "سپاسگزاریم؛ پاسخ‌های شما ثبت شد.",
    "reference number": "شماره پیگیری",
    "text": "متن",
    "mobile": "شماره همراه",
    "email": "ایمیل",
    "sent": "زمان ارسال",
    "idea": "ایده",
    "ideas": "ایده‌ها",
    "idea attachment": "پیوست ایده",
    "idea attachments": "پیوست‌های ایده",
    "Your idea or solution": "ایده یا راهکار شما",
    "Documents": "مستندات",
    "Name (optional)": "نام (اختیاری)",
    "Mobile (optional)": "شماره همراه (اختیاری)",
    "Email (optional)": "ایمیل (اختیاری)",
    "participation box": "بخش مشارکت",
    "documents per idea": "تعداد مستندات هر ایده",
    "Thank you. Your idea was received with reference number %(number)s.": "سپاسگزاریم. ایده شما با شماره پیگیری %(number)s دریافت شد.",
    "Survey questions": "پرسش‌های نظرسنجی",
    "Survey": "نظرسنجی",
    "Dear user, here you can give your qualitative answer to the defined questions.": "کاربر گرامی، شما می توانید در این بخش پاسخ کیفی خود را نسبت به پرسش های تعریف شده بیان فرمایید.",
    "Participation": "مشارکت",
    "Dear user, here you can send your new ideas and solutions for a better service.": "کاربر گرامی، شما می توانید در این بخش در جهت ارائه خدمت شایسته تر، ایده ها و راهکارهای جدید خود را ارسال نمایید.",
    "Send": "ارسال",
    "View": "مشاهده",
    "This service shows no information on the web at the moment.": "این خدمت در حال حاضر اطلاعاتی را در وب نمایش نمی‌دهد.",
}

FA.update(
    {
        "Nothing was found for what you entered. Check it and try again.": "برای آنچه وارد کردید چیزی یافت نشد. آن را بررسی کنید و دوباره تلاش کنید.",
        "The information cannot be shown right now. Please try again later.": "نمایش اطلاعات در این لحظه ممکن نیست. لطفاً بعداً دوباره تلاش کنید.",
        "The information service did not answer in time. Please try again in a minute.": "سامانه اطلاعات به موقع پاسخ نداد. یک دقیقه دیگر دوباره تلاش کنید.",
        "source": "منبع داده",
        "Where the View tab reads its answers. Its first form field is the key.": "منبعی که سربرگ «مشاهده» پاسخ را از آن می‌خواند. نخستین فیلد فرم، کلید جستجو است.",
        "remote service": "سرویس راه دور",
        "For the remote source: a service name the operator configured.": "برای منبع راه دور: نام سرویسی که راهبر سامانه تنظیم کرده است.",
    }
)
FA["View tab data source"] = "منبع داده سربرگ مشاهده"
FA.update(
    {
        "%(count)s rows were imported into “%(name)s”.": "%(count)s سطر در «%(name)s» بارگذاری شد.",
        "Upload rows": "بارگذاری سطرها",
        "A CSV (UTF-8) or XLSX file whose header names the key column “%(key)s” and the dataset's columns. Nothing is imported if any line is wrong.": "فایل CSV (با کدگذاری UTF-8) یا XLSX که سطر سرستون آن ستون کلید «%(key)s» و ستون‌های مجموعه داده را دارد. اگر حتی یک سطر نادرست باشد، هیچ سطری بارگذاری نمی‌شود.",
        "Upload": "بارگذاری",
        "Rows": "سطرها",
    }
)
FA[
    "For services without requests: a digest of the verified national code, or of the browser session where the service has no identity gate."
] = "برای خدمت‌های بدون درخواست: چکیده کد ملی تأییدشده، یا چکیده نشست مرورگر در خدمت‌های بدون احراز هویت."
