"""The site's header and footer kept in the page cache's versioned store (issue 15;
home/templatetags/site_tags.py): read once for every visitor of a site in a language, and read
again as soon as an editor changes a page they show.

Each test renders a page (which keeps the frame), changes a page the way an editor does, and
renders again: a stale link is the failure."""

import re

import pytest
from wagtail.models import Locale

from eservices.catalog.models import ServicePage
from home.models import InfoPage
from tests.factories import make_complaint, site_root

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"


def part(client, tag: str, url: str = URL) -> str:
    """The page's ``<header>`` or ``<footer>``, after two requests (the first may create the
    site's settings row, which draws a new version)."""
    client.get(url)
    html = client.get(url).content.decode()
    return re.search(r"<%s\b.*?</%s>" % (tag, tag), html, re.S).group(0)


@pytest.fixture
def statement():
    make_complaint()
    page = InfoPage(
        title="بیانیه دسترس‌پذیری",
        slug="accessibility",
        body="<p>متن</p>",
        show_in_menus=True,
        show_in_footer=True,
    )
    site_root().add_child(instance=page)
    return page


def test_a_renamed_menu_and_footer_page_shows_at_once(client, statement):
    """Catches: the frame kept without the page cache's version in its key."""
    assert "بیانیه دسترس‌پذیری" in part(client, "header")
    assert "بیانیه دسترس‌پذیری" in part(client, "footer")
    page = InfoPage.objects.get(pk=statement.pk)
    page.title = "دسترس‌پذیری سایت"
    page.save_revision().publish()
    assert '<a href="/accessibility/">دسترس‌پذیری سایت</a>' in part(client, "header")
    assert '<a href="/accessibility/">دسترس‌پذیری سایت</a>' in part(client, "footer")


def test_an_unpublished_page_leaves_the_menu_and_footer_at_once(client, statement):
    """Catches: no ``page_unpublished`` receiver behind the frame (unpublishing saves only
    what Wagtail's signal announces)."""
    assert "/accessibility/" in part(client, "header")
    InfoPage.objects.get(pk=statement.pk).unpublish()
    assert "/accessibility/" not in part(client, "header")
    assert "/accessibility/" not in part(client, "footer")


def test_the_current_menu_item_is_marked_for_each_page(client, statement):
    """Catches: the menu kept with one page's ``aria-current`` and shown on every page."""
    assert 'aria-current="page"' not in part(client, "header")
    header = part(client, "header", "/accessibility/")
    assert '<a href="/accessibility/" aria-current="page">' in header


def test_the_language_switcher_follows_a_translation_at_once(client):
    """Catches: a page's translations kept without the version (an unpublished translation
    still offered)."""
    make_complaint(english=True)
    assert 'href="/en%s" lang="en"' % URL in part(client, "header")
    english = ServicePage.objects.get(
        national_id="13031986101", locale=Locale.objects.get(language_code="en")
    )
    english.unpublish()
    assert 'lang="en"' not in part(client, "header")
