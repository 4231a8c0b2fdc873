"""The site's header: the top menu (S1) and the language switcher."""

from django import template
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page, Site

from home.models import InfoPage

register = template.Library()


def _site_root(request) -> Page | None:
    site = Site.find_for_request(request) if request else None
    return site.root_page.localized if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The root page and its children marked "show in menus", in the reader's language."""
    request = context.get("request")
    root = _site_root(request)
    items = list(root.get_children().live().public().in_menu()) if root else []
    current = context.get("page")
    current_path = current.path if current else ""
    return {
        "request": request,
        "root": root,
        "items": [(item, current_path.startswith(item.path)) for item in items],
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page in the other languages; on a sub-route of a routable page the
    same sub-route of the translation; elsewhere the translated home page."""
    request = context.get("request")
    page = context.get("page")
    links = []
    if page is not None:
        suffix = ""
        page_url = page.get_url(request=request) or ""
        if request is not None and page_url and request.path.startswith(page_url):
            suffix = request.path[len(page_url) :]
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            url = translation.get_url(request=request)
            if url:
                links.append((translation.locale, url + suffix))
    else:
        root = _site_root(request)
        if root is not None:
            for translation in (
                root.get_translations(inclusive=True).live().select_related("locale")
            ):
                links.append((translation.locale, translation.get_url(request=request)))
    active = Locale.get_active()
    return {
        "links": [
            {
                "code": locale.language_code,
                "name": get_language_info(locale.language_code)["name_local"],
                "url": url,
                "active": locale.pk == active.pk,
            }
            for locale, url in sorted(links, key=lambda item: item[0].language_code != "fa")
        ]
    }


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The information pages marked "show in footer" under the root, in the reader's language."""
    root = _site_root(context.get("request"))
    pages = []
    if root is not None:
        pages = list(InfoPage.objects.child_of(root).live().public().filter(show_in_footer=True))
    return {"request": context.get("request"), "pages": pages}
