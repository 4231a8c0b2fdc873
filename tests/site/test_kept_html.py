"""``{% kept_html %}`` (eservices_tags): fragments every visitor sees alike, kept under the page
cache's version; never one that holds a request's own CSRF token or nonce."""

import pytest
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import RequestFactory

from eservices.catalog.pagecache import clear_page_cache

pytestmark = pytest.mark.django_db

TEMPLATE = Template(
    "{% load eservices_tags %}{% kept_html 'probe' part %}{{ text }}{% endkept_html %}"
)
WITH_TOKEN = Template(
    "{% load eservices_tags %}{% kept_html 'probe-form' %}{% csrf_token %}{% endkept_html %}"
)


def render(template, **context):
    request = RequestFactory().get("/")
    context = {"request": request, "csrf_token": get_token(request), **context}
    return template.render(Context(context)), request


def test_a_fragment_is_kept_per_part_until_the_version_changes():
    """Catches: the parts left out of the key (one page's fragment on another), or the
    version left out (an edited page's old fragment)."""
    assert render(TEMPLATE, part=1, text="یک")[0] == "یک"
    assert render(TEMPLATE, part=1, text="دیگر")[0] == "یک"  # kept
    assert render(TEMPLATE, part=2, text="دو")[0] == "دو"
    clear_page_cache()
    assert render(TEMPLATE, part=1, text="تازه")[0] == "تازه"


def test_a_fragment_with_a_csrf_token_is_never_kept():
    """Catches: ``keep_if`` dropped (one visitor's token shown to the next)."""
    first, _request = render(WITH_TOKEN)
    second, _request = render(WITH_TOKEN)
    assert "csrfmiddlewaretoken" in first and first != second
