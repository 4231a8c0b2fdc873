"""The company's home page: the site root, whose menu leads to the desk (S1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["menu_pages"] = self.get_children().live().public().in_menu().specific()
        return context
