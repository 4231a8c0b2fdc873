"""National IDs of groups and services (S14) and their uniqueness rule."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail_localize.fields import SynchronizedField

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

    override_translatable_fields = [SynchronizedField("national_id")]

    class Meta:
        abstract = True

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
