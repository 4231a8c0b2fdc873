"""Persian for the staff sign-in pages of eservices/staffauth (lockout, two-step verification).

"Sign out" is shared with the identity gate and translated in identity_fa.py.
Fill a catalogue with: python tools/fill_po.py <django.po>
"""

FA = {
    # Lockout page (django-axes).
    "Sign-in locked": "ورود موقتاً مسدود است",
    "After %(limit)s wrong passwords, signing in with this username from your network is locked for %(minutes)s minutes.": (
        "پس از %(limit)s بار وارد کردن گذرواژهٔ نادرست، ورود با این نام کاربری از شبکهٔ شما "
        "به مدت %(minutes)s دقیقه مسدود شده است."
    ),
    "Try again after that. If you have forgotten your password, ask an administrator to reset it.": (
        "پس از آن دوباره تلاش کنید. اگر گذرواژهٔ خود را فراموش کرده‌اید، از مدیر سایت بخواهید "
        "آن را بازنشانی کند."
    ),
    "Back to sign-in": "بازگشت به صفحهٔ ورود",
    # Two-step verification.
    "Two-step verification": "تأیید دومرحله‌ای",
    "Ask for a code from an authenticator app on your phone at sign-in.": (
        "هنگام ورود، افزون بر گذرواژه، کدی از برنامهٔ احراز هویت گوشی‌تان خواسته شود."
    ),
    "Verification code": "کد تأیید",
    "Type the 6-digit code.": "کد ۶ رقمی را وارد کنید.",
    "The code is wrong or has expired. Type the code your app shows now.": (
        "کد نادرست است یا منقضی شده است. کدی را که برنامه هم‌اکنون نشان می‌دهد وارد کنید."
    ),
    "Too many wrong codes. Try again in %(seconds)s seconds.": (
        "کدهای نادرست زیادی وارد شده است. %(seconds)s ثانیهٔ دیگر دوباره تلاش کنید."
    ),
    "Open the authenticator app on your phone and type the 6-digit code it shows for this site.": (
        "برنامهٔ احراز هویت را در گوشی خود باز کنید و کد ۶ رقمی‌ای را که برای این سایت نشان "
        "می‌دهد وارد کنید."
    ),
    "Verify": "تأیید",
    "Set up two-step verification": "راه‌اندازی تأیید دومرحله‌ای",
    "Staff of this site must use two-step verification. Set up an authenticator app to continue.": (
        "کارکنان این سایت باید از تأیید دومرحله‌ای استفاده کنند. برای ادامه، یک برنامهٔ احراز "
        "هویت راه‌اندازی کنید."
    ),
    "Install an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or FreeOTP.": (
        "یک برنامهٔ احراز هویت، مانند Google Authenticator، Microsoft Authenticator یا FreeOTP، "
        "روی گوشی خود نصب کنید."
    ),
    "Scan this QR code with the app, or type the key below into it.": (
        "این کد QR را با برنامه اسکن کنید یا کلید زیر را در آن وارد کنید."
    ),
    "Type the 6-digit code the app shows.": "کد ۶ رقمی‌ای را که برنامه نشان می‌دهد وارد کنید.",
    "QR code for the authenticator app": "کد QR برای برنامهٔ احراز هویت",
    "Setup key": "کلید راه‌اندازی",
    "Turn on": "فعال‌سازی",
    "Back to the dashboard": "بازگشت به پیشخوان",
    "Two-step verification is on: after your password, this site asks for the code of your authenticator app.": (
        "تأیید دومرحله‌ای فعال است: پس از گذرواژه، این سایت کد برنامهٔ احراز هویت شما را می‌پرسد."
    ),
    "Turn off two-step verification": "غیرفعال کردن تأیید دومرحله‌ای",
    "Two-step verification is on for your account.": "تأیید دومرحله‌ای برای حساب شما فعال شد.",
    "Two-step verification is off for your account.": "تأیید دومرحله‌ای برای حساب شما غیرفعال شد.",
    "Two-step verification is required on this site.": "در این سایت تأیید دومرحله‌ای الزامی است.",
}
