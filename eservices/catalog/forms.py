"""Forms of the catalog's public pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eservices.core.persian import clean_user_text

from .choices import Province


class OfficeFilterForm(forms.Form):
    """Filters the counter-office list by province and city (choices from the offices listed)."""

    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data:
            # Cities and provinces arrive from a query string: normalise what a user typed.
            self.data = {key: clean_user_text(self.data.get(key, "")) for key in self.fields}
        provinces = sorted(set(offices.values_list("province", flat=True)))
        labels = dict(Province.choices)
        self.fields["province"].choices = [("", _("All provinces"))] + [
            (value, labels.get(value, value)) for value in provinces
        ]
        province = self.data.get("province") if self.data else ""
        if province in provinces:
            offices = offices.filter(province=province)
        cities = sorted(set(offices.values_list("city", flat=True)))
        self.fields["city"].choices = [("", _("All cities"))] + [(c, c) for c in cities]
        if self.data and self.data.get("city") not in cities:
            # A city left selected from another province: drop it rather than fail.
            self.data["city"] = ""

    def filter(self, offices):
        """``offices`` narrowed by the valid choices; an invalid choice is shown as an error."""
        if not self.is_bound:
            return offices
        self.is_valid()
        if province := self.cleaned_data.get("province"):
            offices = offices.filter(province=province)
        if city := self.cleaned_data.get("city"):
            offices = offices.filter(city=city)
        return offices
