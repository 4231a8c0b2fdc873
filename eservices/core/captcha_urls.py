"""The captcha's URLs; a host project routes them with
``path("captcha/", include("eservices.core.captcha_urls"))``.

django-simple-captcha's image and audio views, and in place of its refresh view the desk's,
which binds the new key to the session and is limited per client IP (O11).
"""

from captcha import urls as captcha_urls
from django.urls import re_path

from .captcha import refresh

urlpatterns = [
    re_path(r"refresh/$", refresh, name="captcha-refresh"),
    *(pattern for pattern in captcha_urls.urlpatterns if pattern.name != "captcha-refresh"),
]
