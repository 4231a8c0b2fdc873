"""The site's header and footer: the top menu (S1), the language switcher and the footer links.

They read the same rows for every visitor of a site in a language, so each keeps plain values
(titles, URLs, paths) in the page cache's versioned store (``eservices.catalog.pagecache.kept``):
saving, publishing, moving or deleting any page or site draws a new version and they are read
again."""

from django import template
from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from eservices.catalog.pagecache import kept
from home.models import InfoPage

register = template.Library()


def _link(page: Page, request) -> dict:
    return {"title": page.title, "url": page.get_url(request=request), "path": page.path}


def _frame(request) -> dict:
    """The site's root page in the reader's language, its children shown in menus and the
    information pages shown in the footer, as links."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"root": None, "menu": [], "footer": []}

    def build() -> dict:
        root = site.root_page.localized
        children = root.get_children().live().public()
        footer = InfoPage.objects.child_of(root).live().public().filter(show_in_footer=True)
        return {
            "root": _link(root, request),
            "menu": [_link(page, request) for page in children.in_menu()],
            "footer": [_link(page, request) for page in footer],
        }

    return kept(request, "site-frame", (site.pk,), build)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The root page and its children marked "show in menus", in the reader's language."""
    frame = _frame(context.get("request"))
    current = context.get("page")
    current_path = getattr(current, "path", "")
    return {
        "root": frame["root"],
        "items": [(item, current_path.startswith(item["path"])) for item in frame["menu"]],
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page in the other languages; on a sub-route of a routable page the
    same sub-route of the translation; elsewhere the translated home page."""
    request = context.get("request")
    page = context.get("page")
    suffix = ""
    if isinstance(page, Page):
        page_url = page.get_url(request=request) or ""
        if request is not None and page_url and request.path.startswith(page_url):
            suffix = request.path[len(page_url) :]
    else:
        site = Site.find_for_request(request) if request else None
        page = site.root_page if site is not None else None
    links = []
    if page is not None:

        def build() -> list[tuple[str, str]]:
            translations = page.get_translations(inclusive=True).live().select_related("locale")
            return [
                (translation.locale.language_code, translation.get_url(request=request))
                for translation in translations
            ]

        links = [
            (code, url + suffix)
            for code, url in kept(request, "translations", (page.pk,), build)
            if url
        ]
    active = get_supported_content_language_variant(get_language())
    return {
        "links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "active": code == active,
            }
            for code, url in sorted(links, key=lambda item: item[0] != "fa")
        ]
    }


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The information pages marked "show in footer" under the root, in the reader's language."""
    return {"pages": _frame(context.get("request"))["footer"]}
