"""The service page (S3–S4): one e-service, its delivery channels and its info panel."""

from collections import defaultdict
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.routable_page.models import path
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from eservices.conf import settings
from eservices.core.composition import PagePart, panels_for
from eservices.core.servicelevels import ResponseTimeUnit
from eservices.formbuilder.conditions import check_conditions, show_condition_labels
from eservices.formbuilder.models import OPTION_TYPES, FieldRole
from eservices.identity.mixins import IdentityGateMixin
from eservices.lookups.mixins import ViewFormMixin
from eservices.participation.mixins import ParticipationMixin
from eservices.requests.mixins import RequestFormMixin
from eservices.requests.retention import RetentionMixin
from eservices.survey.mixins import SurveyMixin

from ..choices import ChannelKind, ServiceKind
from ..fields import PhoneNumberField
from ..pagecache import cache_this_page
from ..panels import field_names, for_kinds
from .national_id import NationalIdMixin
from .routing import RouteCachedPage


class ServiceInfoMixin(PagePart, models.Model):
    """The info panel of a service (اطلاع رسانی, S4): response time, documents, fee, notes.

    The response time is stored as an amount and a unit so that later parts (expected
    completion dates, service levels) can compute with it; ``response_time_display`` is the
    reader's text.
    """

    response_time_amount = models.PositiveSmallIntegerField(
        _("response time"), null=True, blank=True
    )
    response_time_unit = models.CharField(
        _("response time unit"),
        max_length=16,
        choices=ResponseTimeUnit.choices,
        default=ResponseTimeUnit.WORKING_HOURS,
    )
    required_documents = models.TextField(
        _("required documents"), blank=True, help_text=_("One document per line.")
    )
    fee = models.CharField(_("payable fee"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    service_panels = {
        "content": [
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("response_time_amount"), FieldPanel("response_time_unit")]
                    ),
                    FieldPanel("required_documents"),
                    FieldPanel("fee"),
                    FieldPanel("notes"),
                ],
                heading=_("Info panel"),
            )
        ]
    }

    class Meta:
        abstract = True

    @property
    def response_time_display(self) -> str:
        amount = self.response_time_amount
        if not amount:
            return ""
        unit = self.response_time_unit
        if unit == ResponseTimeUnit.WORKING_DAYS:
            text = ngettext("%(n)s working day", "%(n)s working days", amount)
        elif unit == ResponseTimeUnit.DAYS:
            text = ngettext("%(n)s day", "%(n)s days", amount)
        else:
            text = ngettext("%(n)s working hour", "%(n)s working hours", amount)
        return text % {"n": amount}

    @property
    def required_documents_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]


class ServiceChannel(Orderable):
    """One delivery channel of a service. A service has one or more, each kind at most once."""

    page = ParentalKey("eservices.ServicePage", on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("channel"), max_length=16, choices=ChannelKind.choices)
    phone = PhoneNumberField(
        _("phone number"), blank=True, help_text=_("For the phone channel, e.g. 1521.")
    )
    app = models.ForeignKey(
        "eservices.MobileApp",
        verbose_name=_("mobile app"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For the mobile app channel."),
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("phone"), FieldPanel("app")])]

    class Meta(Orderable.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        super().clean()
        if self.kind == ChannelKind.PHONE and not self.phone:
            raise ValidationError({"phone": _("Enter the phone number of the phone channel.")})
        if self.kind == ChannelKind.APP and not self.app_id:
            raise ValidationError({"app": _("Choose the app of the mobile app channel.")})
        if self.kind != ChannelKind.PHONE:
            self.phone = ""
        if self.kind != ChannelKind.APP:
            self.app = None


class ServicePageForm(WagtailAdminFormPageForm):
    """Checks the channels as a whole (at least one, each kind once) and that a request form
    has exactly one field for the registrant's national code, which the follow-up asks for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_condition_labels(self.formsets.get("form_fields"))

    def clean(self):
        cleaned_data = super().clean()
        self.clean_registrant_field(cleaned_data)
        check_conditions(self.formsets.get("form_fields"))
        formset = self.formsets.get("channels")
        if formset is None or not formset.is_valid():
            # The formset reports its own errors beside its fields.
            return cleaned_data
        kinds = [
            form.cleaned_data.get("kind")
            for form in formset.forms
            if form.cleaned_data and not formset._should_delete_form(form)
        ]
        if not kinds:
            self.add_error(None, _("Give the service at least one channel."))
        duplicates = sorted({kind for kind in kinds if kinds.count(kind) > 1})
        if duplicates:
            self.add_error(
                None,
                _("Each channel may be given only once: %(channels)s.")
                % {"channels": ", ".join(str(ChannelKind(k).label) for k in duplicates)},
            )
        return cleaned_data

    def clean_registrant_field(self, cleaned_data) -> None:
        formset = self.formsets.get("form_fields")
        if formset is None or not formset.is_valid():
            return
        fields = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not formset._should_delete_form(form)
        ]
        # A role counts only on the types that use it: the designer hides it on the others
        # and the field's ``clean()`` empties it there.
        fields = [
            {**f, "role": f.get("role") if f.get("field_type") in OPTION_TYPES["role"] else ""}
            for f in fields
        ]
        if not fields or cleaned_data.get("kind") != ServiceKind.REQUEST:
            return
        codes = [f for f in fields if f.get("role") == FieldRole.REGISTRANT_NATIONAL_CODE]
        if len(codes) != 1 or codes[0].get("field_type") != "national_code":
            self.add_error(
                None,
                _(
                    "A request form needs exactly one field of type “National code” with the "
                    "role “Registrant's national code”: citizens follow their request with it."
                ),
            )
        mobiles = [f for f in fields if f.get("role") == FieldRole.REGISTRANT_MOBILE]
        if len(mobiles) > 1 or any(f.get("field_type") != "mobile" for f in mobiles):
            self.add_error(
                None,
                _(
                    "Only one field, of type “Mobile number”, can have the registrant's "
                    "mobile role."
                ),
            )


#: The columns a catalog table's row reads (eservices/catalog/rows.py), in ``CatalogEntry``'s
#: order; the rest of a service's many fields stay in the database (issue 15).
CATALOG_ROW_FIELDS = (
    "id",
    "path",
    "slug",
    "title",
    "national_id",
    "description",
    "identity_document_id",
    "response_time_amount",
    "response_time_unit",
    "required_documents",
    "fee",
    "notes",
)

#: The delivery channels in the guide's order (web, phone, counter offices, app, info).
CHANNEL_ORDER = {kind: position for position, kind in enumerate(ChannelKind.values)}


def in_guide_order(channels) -> list:
    """``channels`` (anything with a ``kind``) sorted in the guide's order."""
    return sorted(channels, key=lambda channel: CHANNEL_ORDER[channel.kind])


class CatalogChannel(NamedTuple):
    """A channel as a catalog row reads it."""

    kind: str
    phone: str
    app_id: int | None


class CatalogEntry:
    """A service as a catalog table reads it: its row's columns and channels as plain values.

    At 14 × 50 services, 700 page and about 3,500 channel instances were half of the catalog's
    time to the first byte uncached (issue 15); the rows need none of what an instance brings.
    ``eservices/catalog/rows.py`` writes a row from either this or a service page.
    """

    __slots__ = (*CATALOG_ROW_FIELDS, "identity_document", "channel_list")

    response_time_display = ServiceInfoMixin.response_time_display

    def __init__(self, values: tuple, channels: list, documents: dict):
        for name, value in zip(CATALOG_ROW_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.identity_document = documents.get(self.identity_document_id)
        self.channel_list = in_guide_order(channels)

    @property
    def pk(self) -> int:
        return self.id

    @property
    def is_web(self) -> bool:
        return any(channel.kind == ChannelKind.WEB for channel in self.channel_list)

    def reverse_subpage(self, name: str, args=None, kwargs=None) -> str:
        """The service page's route ``name``, as ``ServicePage.reverse_subpage`` gives it."""
        return ServicePage.get_resolver().reverse(name, *(args or []), **(kwargs or {}))


class ServicePageQuerySet(PageQuerySet):
    def for_catalog(self):
        """Pages with what a catalog row reads prefetched (the site search's rows), in a fixed
        number of queries whatever the row count."""
        return self.select_related("identity_document").prefetch_related(
            Prefetch(
                "channels",
                queryset=ServiceChannel.objects.only(
                    "id", "page_id", "sort_order", "kind", "phone", "app_id"
                ),
            )
        )

    def catalog_entries(self) -> list[CatalogEntry]:
        """The services as catalog rows (``CatalogEntry``), in this queryset's order: two
        queries, a third when some have an identity document, whatever the row count."""
        rows = list(self.values_list(*CATALOG_ROW_FIELDS))
        if not rows:
            return []
        channels = defaultdict(list)
        for page_id, *channel in (
            ServiceChannel.objects.filter(page__in=self.order_by().values("pk"))
            .order_by("sort_order")
            .values_list("page_id", "kind", "phone", "app_id")
        ):
            channels[page_id].append(CatalogChannel(*channel))
        document_ids = {row[CATALOG_ROW_FIELDS.index("identity_document_id")] for row in rows}
        document_ids.discard(None)
        documents = get_document_model().objects.in_bulk(document_ids) if document_ids else {}
        return [CatalogEntry(row, channels[row[0]], documents) for row in rows]


class AbstractServicePage(
    RouteCachedPage,
    IdentityGateMixin,
    ViewFormMixin,
    SurveyMixin,
    ParticipationMixin,
    RequestFormMixin,
    NationalIdMixin,
    ServiceInfoMixin,
    RetentionMixin,
    Page,
):
    """An e-service (S3): its catalog data, and the tabs its parts add.

    As ``wagtail.contrib.forms`` offers ``AbstractForm``, the desk offers this page without
    its relations; ``ServicePage`` adds none of its own but is the concrete model the channels,
    form fields and survey questions point at. A host site that wants more on its services
    subclasses ``ServicePage``: groups accept the subclass and the catalog lists it. Any page
    type built from these parts is checked by ``eservices.E003``/``E004``. Each part brings
    its own panels (``service_panels``); the editor's tabs are built from them in
    ``get_edit_handler``.
    """

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences; shown as the tooltip of the title in the catalog."),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=ServiceKind.choices, default=ServiceKind.REQUEST
    )
    identity_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("identity document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The service's identity document (شناسنامه خدمت), downloaded from its ID."),
    )
    form_guide = RichTextField(
        _("form guide"),
        blank=True,
        help_text=_("How to fill in the form; opened by the “Help” button."),
    )

    objects = PageManager.from_queryset(ServicePageQuerySet)()

    # Wagtail names a template after each page class (``<app>/<model>.html``); a subclass
    # uses its own when the host project has one, else the desk's (``get_template``).
    desk_template = "eservices/catalog/service_page.html"
    landing_page_template = "eservices/requests/receipt.html"

    base_form_class = ServicePageForm
    parent_page_types = ["eservices.ServiceGroupPage"]
    subpage_types: list[str] = []

    # The page's own panels come first in their tab, then those of its parts, in the order of
    # its bases.
    service_panels = {
        "content": [
            FieldRowPanel([FieldPanel("national_id"), FieldPanel("kind")]),
            FieldPanel("description"),
            FieldPanel("identity_document"),
            InlinePanel("channels", label=_("Channels"), min_num=1, max_num=len(ChannelKind)),
        ],
        "form": [FieldPanel("form_guide")],
    }
    page_requires = ("channels",)
    serve_prefetch = ("form_fields", "channels")  # read several times per tab (requests/mixins.py)
    #: Fields that apply to one kind of service only: a panel that edits only such fields is
    #: shown for that kind (``catalog/panels.py``), e.g. the data source for view services.
    kind_fields = {
        ServiceKind.VIEW: {"lookup_source", "lookup_dataset", "lookup_http_source"},
        ServiceKind.REQUEST: {
            "survey_reopens_request",
            "retention_days",
            "retention_action",
            "check_answers",
        },
    }
    tabs = (("content", _("Content")), ("form", _("Form")), ("follow_up", _("Follow-up")))

    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("national_id"),
        index.AutocompleteField("national_id"),
    ]

    class Meta:
        abstract = True

    @cached_classmethod
    def get_edit_handler(cls):
        """The editor's tabs: each holds the panels the page and its parts declare for it."""
        own = vars(AbstractServicePage)["service_panels"]
        tabs = []
        for name, heading in cls.tabs:
            panels = own.get(name, []) + [
                panel for panel in panels_for(cls, name) if panel not in own.get(name, [])
            ]
            panels = [cls.fit_kind(panel) for panel in panels]
            if name == "content":
                panels = [*Page.content_panels, *panels]
            if panels:
                tabs.append(ObjectList(panels, heading=heading))
        tabs += [
            ObjectList(cls.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    @classmethod
    def fit_kind(cls, panel):
        """``panel``, shown only for the kind of service its fields apply to, if one."""
        names = field_names(panel)
        for kind, fields in cls.kind_fields.items():
            if names and names <= fields:
                return for_kinds(panel, [kind])
        return panel

    def get_template(self, request, *args, **kwargs):
        return [self.template, self.desk_template]

    def get_primary_tab(self) -> str | None:
        if not self.is_web:
            return None
        return "view" if self.kind == ServiceKind.VIEW else "register"

    def serve_primary_tab(self, request):
        if self.get_primary_tab() == "view":
            return self.render_tab(request, "view", **self.view_tab_context(request))
        # No form on it (not on the web, or no fields yet): the same page for everyone, which
        # the page cache may keep once it has checked the response (catalog/pagecache.py).
        cache_this_page(request)
        return super().serve_primary_tab(request)

    def accepts_requests(self) -> bool:
        return (
            self.kind == ServiceKind.REQUEST and self.is_web and bool(list(self.get_form_fields()))
        )

    # Channels -----------------------------------------------------------------------------

    @property
    def channel_list(self) -> list[ServiceChannel]:
        """Channels in the guide's order (web, phone, counter offices, app, info)."""
        return in_guide_order(self.channels.all())

    def has_channel(self, kind: str) -> bool:
        return any(channel.kind == kind for channel in self.channels.all())

    @property
    def is_web(self) -> bool:
        return self.has_channel(ChannelKind.WEB)

    # Routes -------------------------------------------------------------------------------

    def get_base_template(self) -> str:
        return settings.ESERVICES_BASE_TEMPLATE

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = self.get_base_template()
        group = context["group"] = self.get_parent().specific
        desk = context["desk"] = group.get_parent().specific
        context["breadcrumbs"] = [
            (desk.title, desk.get_url(request=request)),
            (group.title, group.get_url(request=request)),
            (self.title, self.get_url(request=request)),
        ]
        return context

    @path("info/", name="info")
    def info(self, request):
        """The info panel as a page of its own: the catalog's dialog without JavaScript."""
        cache_this_page(request)
        context = self.get_context(request)
        context["breadcrumbs"].append((_("Information"), None))
        return TemplateResponse(request, "eservices/catalog/service_info.html", context)


class ServicePage(AbstractServicePage):
    """The desk's service page; a host site may use it as it is or subclass the abstract one."""

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
