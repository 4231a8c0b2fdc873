"""``{% catalog_row %}``: one catalog row outside the catalog's own tables (the site search),
written by the catalog's ``RowWriter`` (eservices/catalog/rows.py)."""

from django import template

from eservices.catalog.rows import RowWriter

register = template.Library()


@register.simple_tag(takes_context=True)
def catalog_row(context, service, number, desk=None, show_group=False):
    """The ``<tr>`` of ``service``; one writer per request shares its translations and URLs."""
    request = context.get("request")
    writer = getattr(request, "_eservices_row_writer", None)
    if writer is None:
        writer = RowWriter(request, desk=desk)
        if request is not None:
            request._eservices_row_writer = writer
    return writer.row(service, number, desk=desk, show_group=show_group)
