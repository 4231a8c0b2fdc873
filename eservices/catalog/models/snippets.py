"""Snippets the channels point at: government counter offices and the company's mobile apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..choices import Province
from ..fields import PhoneNumberField


class CounterOffice(TranslatableMixin, index.Indexed, models.Model):
    """A government counter office (دفتر پیشخوان دولت) that files requests for citizens."""

    name = models.CharField(_("name"), max_length=200)
    province = models.CharField(_("province"), max_length=32, choices=Province.choices)
    city = models.CharField(_("city"), max_length=100)
    address = models.TextField(_("address"))
    phone = PhoneNumberField(_("phone"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active offices are listed to citizens.")
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("province"), FieldPanel("city")]),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("is_active"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("city"),
        index.SearchField("address"),
        index.FilterField("province"),
        index.FilterField("is_active"),
        index.FilterField("locale_id"),
    ]
    override_translatable_fields = [SynchronizedField("phone")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("counter office")
        verbose_name_plural = _("counter offices")
        ordering = ["province", "city", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class MobileApp(TranslatableMixin, models.Model):
    """A mobile application through which services are delivered; the app channel links here."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    bazaar_url = models.URLField(_("Cafe Bazaar"), blank=True)
    myket_url = models.URLField(_("Myket"), blank=True)
    google_play_url = models.URLField(_("Google Play"), blank=True)
    app_store_url = models.URLField(_("App Store"), blank=True)
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("installation file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An installation file citizens can download from this site."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("bazaar_url"),
                FieldPanel("myket_url"),
                FieldPanel("google_play_url"),
                FieldPanel("app_store_url"),
            ],
            heading=_("Store links"),
        ),
        FieldPanel("file"),
    ]
    override_translatable_fields = [
        SynchronizedField("bazaar_url"),
        SynchronizedField("myket_url"),
        SynchronizedField("google_play_url"),
        SynchronizedField("app_store_url"),
        SynchronizedField("file"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("mobile app")
        verbose_name_plural = _("mobile apps")

    def __str__(self) -> str:
        return self.name

    @property
    def store_links(self) -> list[tuple[str, str]]:
        """(label, url) of every store the app is published in, in display order."""
        fields = ["bazaar_url", "myket_url", "google_play_url", "app_store_url"]
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in fields
            if getattr(self, name)
        ]
