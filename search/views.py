"""Site search over the desk's services, with Persian digits and letters normalised."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale

from eservices.catalog.models import ServicePage
from eservices.persian import normalize_text

MAX_QUERY_LENGTH = 100


def search(request):
    query = normalize_text(request.GET.get("query", ""))[:MAX_QUERY_LENGTH].strip()
    results = ServicePage.objects.none()
    if query:
        services = ServicePage.objects.live().public().filter(locale=Locale.get_active())
        if query.isascii() and query.isdigit():
            results = services.filter(national_id__startswith=query)
        else:
            results = services.search(query)
    paginator = Paginator(results, 20)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": page}
    )
