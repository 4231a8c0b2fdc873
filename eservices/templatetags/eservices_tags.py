"""Template helpers of the desk: digits for the reader's language, the home-page link and
fragments kept under the page cache's version."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from eservices.catalog.models import DeskSettings
from eservices.catalog.pagecache import kept
from eservices.core import persian
from eservices.core.numbers import group_tracking_number
from eservices.core.persian import localize_digits

register = template.Library()


@register.filter
def local_digits(value: object) -> str:
    """Show the digits of ``value`` in the script of the active language (Persian in fa)."""
    if value is None:
        return ""
    return localize_digits(value)


@register.filter
def tracking_number(value: object) -> str:
    """A tracking number as the receipt, the follow-up and the SMS show it: grouped 4-4-5
    with hyphens, in the reader's digits (``eservices.core.numbers.group_tracking_number``)."""
    if not value:
        return ""
    return localize_digits(group_tracking_number(str(value)))


@register.simple_tag(takes_context=True)
def eservices_home_url(context) -> str:
    """The target of the "صفحه اصلی" link (S12): the site setting, else the site's root page.

    The root page is given in the reader's language when it has a translation. Kept in the
    page cache's versioned store (catalog/pagecache.py ``kept``).
    """
    request = context.get("request")
    if request is None:
        return "/"
    site = Site.find_for_request(request)
    if site is None:
        return "/"

    def build() -> str:
        configured = DeskSettings.for_site(site).home_url
        if configured:
            return configured
        return site.root_page.localized.get_url(request=request) or "/"

    # The setting and the pages are watched by the page cache's version.
    return kept(request, "home-url", (site.pk,), build)


@register.simple_tag
def icon(name: str, css_class: str = "icon") -> str:
    """An icon of the plugin's sprite, hidden from screen readers (label the control instead)."""
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        css_class,
        static("eservices/icons/sprite.svg"),
        name,
    )


@register.filter
def local_date(value) -> str:
    """A date (or moment) as the reader reads it: ``۱۴۰۳/۰۵/۰۸`` in Persian, ISO otherwise."""
    return persian.local_date(value)


@register.filter
def local_datetime(value) -> str:
    return persian.local_datetime(value)


@register.simple_tag
def held_file(form, name: str) -> str:
    """The name of the file held for ``form``'s field ``name`` (check-your-answers), or ""."""
    return getattr(form, "held_files", {}).get(name, "")


#: What a kept fragment must never hold: a form's CSRF token and a CSP nonce are one
#: request's own.
SECRETS = ("csrfmiddlewaretoken", 'nonce="')


class KeptHtmlNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        parts = tuple(part.resolve(context) for part in self.parts)
        html = kept(
            request,
            "html:" + self.name,
            parts,
            lambda: str(self.nodelist.render(context)),
            keep_if=lambda html: not any(secret in html for secret in SECRETS),
        )
        return mark_safe(html)


@register.tag
def kept_html(parser, token):
    """``{% kept_html "name" part … %}…{% endkept_html %}``: the enclosed HTML rendered once
    per host, language and parts and kept under the page cache's version
    (``eservices.catalog.pagecache.kept``), for parts of a page that every visitor sees alike
    (a service's description, info and channels; the site's header). The parts must tell
    apart everything the HTML depends on besides the watched rows (e.g. the page and the
    path); nothing of a visitor's own may be inside. HTML with a CSRF token or a nonce is
    never kept."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("kept_html needs a name")
    nodelist = parser.parse(("endkept_html",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return KeptHtmlNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
