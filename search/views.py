"""Site search over the desk's services, with Persian digits and letters normalised."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale

from eservices.catalog.models import ServiceDeskPage, ServiceGroupPage, ServicePage
from eservices.core.persian import clean_user_text

MAX_QUERY_LENGTH = 100


def search(request):
    query = clean_user_text(request.GET.get("query", ""))[:MAX_QUERY_LENGTH].strip()
    # Only words reach the search backend: quotes and operators are search syntax for some
    # backends (SQLite's FTS fails on a lone quote), never what a citizen means.
    words = " ".join(re.findall(r"\w+", query))
    results = ServicePage.objects.none()
    if words:
        services = ServicePage.objects.live().public().filter(locale=Locale.get_active())
        if words.isascii() and words.isdigit():
            results = services.filter(national_id__startswith=words)
        else:
            results = services.search(words)
    paginator = Paginator(results, 20)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page, "services": catalog_rows(page)},
    )


def catalog_rows(page) -> list[ServicePage]:
    """The page's results as the catalog's rows need them: channels and identity document
    prefetched, each with ``catalog_group`` and ``catalog_desk`` (its parent and grandparent),
    in a fixed number of queries."""
    order = [result.pk for result in page.object_list]
    if not order:
        return []
    found = {
        service.pk: service for service in ServicePage.objects.filter(pk__in=order).for_catalog()
    }
    services = [found[pk] for pk in order if pk in found]
    step = ServicePage.steplen
    groups = {
        group.path: group
        for group in ServiceGroupPage.objects.filter(
            path__in={service.path[:-step] for service in services}
        )
    }
    desks = {
        desk.path: desk
        for desk in ServiceDeskPage.objects.filter(
            path__in={service.path[: -2 * step] for service in services}
        )
    }
    for service in services:
        service.catalog_group = groups.get(service.path[:-step])
        service.catalog_desk = desks.get(service.path[: -2 * step])
    return services
