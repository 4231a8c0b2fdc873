"""Site search over the desk's services, with Persian digits and letters normalised."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale

from eservices.catalog.models import ServicePage
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
        request, "search/search.html", {"search_query": query, "search_results": page}
    )
