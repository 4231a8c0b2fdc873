"""The form designer in Chromium (issue 14): a field row's options follow its type and the
service's panels follow its kind as the editor changes them, with no script error."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_options_and_panels_follow_the_type_and_the_kind(live_server, desktop):
    """Breaks if the Stimulus controllers of ``admin-editor.js`` are not registered or stop
    following the type and kind selects."""
    service = make_complaint()
    get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-editor")
    errors = []
    desktop.on("pageerror", lambda error: errors.append(str(error)))
    desktop.goto(live_server.url + "/admin/login/")
    desktop.locator("#id_username").fill("editor")
    desktop.locator("#id_password").fill("pw-editor")
    desktop.locator("button[type=submit]").click()
    desktop.wait_for_url(live_server.url + "/admin/")
    desktop.goto(live_server.url + f"/admin/pages/{service.pk}/edit/")

    first_type = desktop.locator('select[name="form_fields-0-field_type"]')
    choices = desktop.locator('textarea[name="form_fields-0-choices"]')
    desktop.locator('a[role="tab"]', has_text="فرم").first.click()
    assert first_type.input_value() != "dropdown"
    assert not choices.is_visible()
    first_type.select_option("dropdown")
    choices.wait_for(state="visible")
    first_type.select_option("file")
    choices.wait_for(state="hidden")
    desktop.locator('input[name="form_fields-0-allowed_extensions"]').wait_for(state="visible")

    source = desktop.locator('select[name="lookup_source"]')
    assert not source.is_visible()
    desktop.locator('a[role="tab"]').first.click()
    desktop.locator('select[name="kind"]').select_option("view")
    desktop.locator('a[role="tab"]', has_text="فرم").first.click()
    source.wait_for(state="visible")
    assert errors == []
