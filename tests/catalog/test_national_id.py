import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from eservices.catalog.fields import NormalizedDigitsFormField, national_id_validator
from eservices.catalog.models import ServiceGroupPage, ServicePage
from tests.factories import make_desk, make_group, make_service

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["۱۳۰۳۱۹۸۶۰۰۰", "١٣٠٣١٩٨٦٠٠٠", "13031986000", " ۱۳۰۳۱۹۸۶۰۰۰ ", "۱۳۰۳۱٩٨6000"],
)
def test_group_id_in_any_digits_is_stored_as_ascii(typed):
    group = make_group(make_desk(), typed, slug="group")
    group.full_clean()
    group.refresh_from_db()
    assert group.national_id == "13031986000"


@pytest.mark.parametrize(
    "typed",
    [
        "1303198600",  # 10 digits
        "130319860000",  # 12 digits
        "1303198600a",
        "１３０３１９８６０００",  # fullwidth digits are not accepted as ASCII
        "13031-98600",
        "",
        "۱۳۰۳۱۹۸۶۰۰\n",
    ],
)
def test_malformed_ids_are_rejected(typed):
    desk = make_desk()
    group = ServiceGroupPage(title="گروه", slug="g", national_id=typed)
    with pytest.raises(ValidationError) as excinfo:
        desk.add_child(instance=group)
    assert "national_id" in excinfo.value.message_dict


def test_form_field_normalises_before_the_validator_runs():
    field = NormalizedDigitsFormField(validators=[national_id_validator])
    assert field.clean("۱۳۰۳۱۹۸۶۱۰۱") == "13031986101"
    with pytest.raises(ValidationError):
        field.clean("۱۳۰۳۱۹۸۶۱۰")


def test_id_must_be_unique_across_groups_and_services():
    desk = make_desk()
    group = make_group(desk, "13031986000")
    make_service(group, "13031986101")
    with pytest.raises(ValidationError) as excinfo:
        make_group(desk, "۱۳۰۳۱۹۸۶۱۰۱", slug="other")
    assert "national_id" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        make_service(group, "13031986000", slug="clash")


def test_translations_share_the_id_of_their_source():
    desk = make_desk()
    group = make_group(desk, "13031986000")
    service = make_service(group, "13031986101")
    en = Locale.objects.create(language_code="en")
    translated = service.copy_for_translation(en, copy_parents=True)
    translated.full_clean()
    assert ServicePage.objects.filter(national_id="13031986101").count() == 2
