import pytest

from eservices.catalog.models import ServicePage


@pytest.fixture(autouse=True)
def _gate_off(request):
    """These tests are about the forms: switch the demo's identity gate off (the gate has its
    own tests in tests/identity, prefilled registrant fields included)."""
    if "demo_desk" in request.fixturenames:
        request.getfixturevalue("demo_desk")
        ServicePage.objects.update(requires_identity=False)
