"""The catalog's rows, written in Python (issue 15).

At 14 groups × 50 services the rows were 700 template includes of some 40 nodes each, with a
URL reversed, a static path resolved and a dozen strings translated in every row: about a second
to the first byte. ``RowWriter`` translates, reverses and resolves what every row shares once
per page, and writes each row with plain string formatting and ``escape``. It is the one
implementation of a row: the catalog tables use it through ``ServiceDeskPage``/
``ServiceGroupPage``, the site search through ``catalog/blocks/service_row.html``
(``{% catalog_row %}``).

The shared tooltip texts and the info dialog the rows point at are in
``catalog/blocks/catalog_shared.html``, once per page.

A row reads a service's columns, ``channel_list``, ``is_web``, ``response_time_display`` and
``reverse_subpage``: a service page or the catalog's plain ``CatalogEntry``. Values are escaped
with the standard library's ``html.escape`` (what Django's ``escape`` calls, without its lazy
wrapper, which was a tenth of a row's time).
"""

from html import escape

from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from eservices.core.persian import normalize_digits, to_persian_digits

from .choices import ChannelKind


class RowWriter:
    """Writes the rows of one page: build it once per request, then call ``row`` per service."""

    def __init__(self, request, desk=None):
        self.request = request
        self.desk = desk
        self._urls: dict[tuple, str] = {}
        sprite = escape(static("eservices/icons/sprite.svg"))
        icon = '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>'
        self.icons = {
            name: icon.format(css, sprite, name)
            for name, css in [
                ("download", "icon icon-sm"),
                ("world", "icon"),
                ("phone", "icon"),
                ("building-store", "icon"),
                ("device-mobile", "icon"),
                ("info-circle", "icon"),
            ]
        }
        t = {
            "id": gettext("Service ID"),
            "title": gettext("Service title"),
            "group": gettext("Service group"),
            "channels": gettext("Delivery channels"),
            "web": gettext("Web"),
            "phone": gettext("Phone"),
            "counter": gettext("Government counter offices"),
            "app": gettext("Mobile app"),
            "info": gettext("Information"),
        }
        self.t = {key: escape(text) for key, text in t.items()}
        # The reader's digits (the ``local_digits`` filter), decided once for the page.
        self.persian = (get_language() or "").startswith("fa")

    def digits(self, value) -> str:
        """``value`` in the reader's digits, escaped."""
        text = str(value)
        return escape(to_persian_digits(text) if self.persian else normalize_digits(text))

    # URLs shared by rows, each made once per page -------------------------------------------

    def _url(self, key: tuple, make) -> str:
        if key not in self._urls:
            self._urls[key] = make()
        return self._urls[key]

    def desk_url(self, desk) -> str:
        return self._url(("desk", desk.pk), lambda: desk.get_url(request=self.request) or "")

    def offices_url(self, desk) -> str:
        return self._url(
            ("offices", desk.pk), lambda: self.desk_url(desk) + desk.reverse_subpage("offices")
        )

    def app_url(self, desk, app_id: int) -> str:
        return self._url(
            ("app", desk.pk, app_id),
            lambda: self.desk_url(desk) + desk.reverse_subpage("app", args=[app_id]),
        )

    def info_suffix(self, service) -> str:
        return self._url(("info", type(service)), lambda: service.reverse_subpage("info"))

    # One row ------------------------------------------------------------------------------

    def row(
        self,
        service,
        number: int,
        service_url: str | None = None,
        desk=None,
        show_group: bool = False,
    ) -> SafeString:
        """The ``<tr>`` of ``service``; ``service_url`` saves a URL lookup when the caller
        knows it (the group's URL and the slug)."""
        desk = desk or self.desk
        t = self.t
        raw_url = service_url or service.get_url(request=self.request) or ""
        url = escape(raw_url)
        info_url = escape(raw_url + self.info_suffix(service))
        is_web = service.is_web
        national_id = self.digits(service.national_id)

        data = ""
        if service.response_time_display:
            data += ' data-time="%s"' % self.digits(service.response_time_display)
        if service.required_documents:
            data += ' data-documents="%s"' % self.digits(service.required_documents)
        if service.fee:
            data += ' data-fee="%s"' % self.digits(service.fee)
        if service.notes:
            data += ' data-notes="%s"' % self.digits(service.notes)

        if service.identity_document:
            id_cell = (
                '<span class="tipped" data-tip="tip-document"><a href="%s" download '
                'aria-describedby="tip-document">%s<span dir="ltr">%s</span></a></span>'
                % (escape(service.identity_document.url), self.icons["download"], national_id)
            )
        else:
            id_cell = (
                '<span class="tipped" data-tip="tip-id"><span tabindex="0" '
                'aria-describedby="tip-id" dir="ltr">%s</span></span>' % national_id
            )

        name = '%s. <span class="service-name">%s</span>' % (
            self.digits(number),
            escape(service.title),
        )
        dialog = "" if is_web else ' data-dialog="info-dialog"'
        href = url if is_web else info_url
        if service.description:
            tip_id = "tip-s%d" % service.pk
            title_cell = (
                '<span class="tipped"><a href="%s"%s aria-describedby="%s">%s</a>'
                '<span class="tip" role="tooltip" id="%s">%s</span></span>'
                % (href, dialog, tip_id, name, tip_id, escape(service.description))
            )
        else:
            tip_id = "tip-form" if is_web else "tip-info-title"
            title_cell = (
                '<span class="tipped" data-tip="%s"><a href="%s"%s aria-describedby="%s">%s'
                "</a></span>" % (tip_id, href, dialog, tip_id, name)
            )

        group_cell = ""
        if show_group:
            group = getattr(service, "catalog_group", None)
            inner = ""
            if group is not None:
                inner = '<a href="%s">%s</a> <span dir="ltr">(%s)</span>' % (
                    escape(group.get_url(request=self.request) or ""),
                    escape(group.title),
                    self.digits(group.national_id),
                )
            group_cell = '<td class="service-group" data-label="%s">%s</td>' % (t["group"], inner)

        channels = []
        for channel in service.channel_list:
            kind = channel.kind
            if kind == ChannelKind.WEB:
                link = (
                    '<a href="%s" aria-describedby="tip-web">%s<span class="channel-label">%s'
                    "</span></a>"
                    % (
                        url,
                        self.icons["world"],
                        t["web"],
                    )
                )
            elif kind == ChannelKind.PHONE:
                tel = escape(channel.phone.replace(" ", "").replace("-", ""))
                link = (
                    '<a href="tel:%s" aria-describedby="tip-phone">%s<span class="channel-text" '
                    'dir="ltr">%s</span><span class="visually-hidden">%s</span></a>'
                    % (tel, self.icons["phone"], self.digits(channel.phone), t["phone"])
                )
            elif kind == ChannelKind.COUNTER:
                link = (
                    '<a href="%s" aria-describedby="tip-counter">%s<span class="channel-label">'
                    "%s</span></a>"
                    % (escape(self.offices_url(desk)), self.icons["building-store"], t["counter"])
                )
            elif kind == ChannelKind.APP and channel.app_id:
                link = (
                    '<a href="%s" aria-describedby="tip-app">%s<span class="channel-label">%s'
                    "</span></a>"
                    % (
                        escape(self.app_url(desk, channel.app_id)),
                        self.icons["device-mobile"],
                        t["app"],
                    )
                )
            elif kind == ChannelKind.INFO:
                link = (
                    '<a href="%s" data-dialog="info-dialog" aria-describedby="tip-info">%s'
                    '<span class="channel-label">%s</span></a>'
                    % (info_url, self.icons["info-circle"], t["info"])
                )
            else:
                continue
            channels.append(
                '<li class="tipped channel-%s" data-tip="tip-%s">%s</li>' % (kind, kind, link)
            )

        return mark_safe(  # noqa: S308  (every value above is escaped)
            '<tr id="service-%s">\n<td class="service-id" data-label="%s">%s</td>\n'
            '<td class="service-title" data-label="%s"%s>%s</td>\n%s'
            '<td class="service-channels" data-label="%s"><ul class="channels">%s</ul></td>\n'
            "</tr>\n"
            % (
                escape(service.national_id),
                t["id"],
                id_cell,
                t["title"],
                data,
                title_cell,
                group_cell,
                t["channels"],
                "".join(channels),
            )
        )

    def rows(self, services, parent_url: str | None = None) -> SafeString:
        """The rows of ``services`` numbered from 1; ``parent_url`` is their group's URL, when
        they are all its children (their URLs are then the group's and their slugs)."""
        return mark_safe(  # noqa: S308  (rows are built escaped)
            "".join(
                self.row(
                    service,
                    number,
                    service_url=(parent_url + service.slug + "/") if parent_url else None,
                )
                for number, service in enumerate(services, start=1)
            )
        )
