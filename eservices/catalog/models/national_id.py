"""National IDs of groups and services (S14) and their uniqueness rule."""

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail_localize.fields import SynchronizedField

from eservices.core.persian import localize_digits

from ..fields import NationalIdField


class NationalIdMixin(models.Model):
    """Gives a page the national 11-digit ID of an e-service group or e-service.

    An ID belongs to one page and its translations: the translations share it (it is a
    synchronised field for wagtail-localize), and no other group or service may use it in any
    locale. Override ``national_id_models`` to widen or narrow the set of models the rule spans.
    """

    national_id = NationalIdField(
        _("national ID"),
        help_text=_(
            "The 11-digit code assigned by the Management and Planning Organization. "
            "Persian digits are accepted."
        ),
    )

    override_translatable_fields = [SynchronizedField("national_id", overridable=False)]
    # Wagtail's Promote tab without the slug: the national ID is the page's slug.
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
            help_text=_("The page's address ends with its national ID, whatever its title."),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.slug = self.page_slug()
        return super().save(*args, **kwargs)

    def national_id_slug(self) -> str:
        """The national ID as a slug (ASCII digits), or "" while it is not valid."""
        try:
            value = self._meta.get_field("national_id").to_python(self.national_id)
        except ValidationError:
            return ""
        return value if value and re.fullmatch(r"[0-9]{11}", value) else ""

    def page_slug(self) -> str:
        """The slug the page gets: its national ID, unless it already has an ASCII slug (such
        as the demo's ``bill-inquiry``, kept so that existing addresses keep working). A slug
        made from a Persian title, which gives a percent-encoded URL, is replaced."""
        if self.slug and self.slug.isascii():
            return self.slug
        return self.national_id_slug() or self.slug

    def full_clean(self, *args, **kwargs):
        self.slug = self.page_slug()
        return super().full_clean(*args, **kwargs)

    def get_admin_display_title(self) -> str:
        """The title in the admin (page explorer, choosers, breadcrumbs) with the national ID,
        in the admin's digits."""
        title = super().get_admin_display_title()
        if not self.national_id:
            return title
        return "%s (%s)" % (title, localize_digits(self.national_id))

    @classmethod
    def national_id_models(cls) -> list[type[models.Model]]:
        """Every page type whose IDs share one national namespace (groups and services)."""
        return [
            model
            for model in apps.get_models()
            if issubclass(model, NationalIdMixin)
            and not any(issubclass(parent, NationalIdMixin) for parent in model._meta.parents)
        ]

    def clean(self) -> None:
        super().clean()
        self.national_id = self._meta.get_field("national_id").to_python(self.national_id)
        if not self.national_id:
            return
        for model in self.national_id_models():
            clash = model.objects.filter(national_id=self.national_id)
            if self.translation_key:
                clash = clash.exclude(translation_key=self.translation_key)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            other = clash.first()
            if other is not None:
                raise ValidationError(
                    {
                        "national_id": _(
                            "The national ID %(national_id)s is already used by “%(title)s”."
                        )
                        % {"national_id": self.national_id, "title": other.title}
                    }
                )
