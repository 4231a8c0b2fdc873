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


class InfoPage(Page):
    """A page of text under the home page, such as the accessibility statement or the privacy
    notice; those marked "show in footer" are linked in the footer of every page."""

    body = RichTextField(_("body"))
    show_in_footer = models.BooleanField(
        _("link in the footer"),
        default=True,
        help_text=_("Links this page in the footer of every page of the site."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    content_panels = [*Page.content_panels, FieldPanel("body"), FieldPanel("show_in_footer")]

    class Meta:
        verbose_name = _("information page")
