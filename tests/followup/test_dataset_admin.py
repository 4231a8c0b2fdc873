"""Staff upload a dataset's rows in the admin (S11): all or nothing, bad lines listed."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from eservices.lookups.models import Dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    return Dataset.objects.create(
        name="قبض‌ها",
        key_column="bill_id",
        columns=[
            {"key": "bill_id", "label": "شناسه قبض", "type": "text"},
            {"key": "amount", "label": "مبلغ", "type": "money"},
        ],
    )


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("staff", "s@example.com", "pw"))
    return client


def upload(client, dataset, body: str):
    return client.post(
        "/admin/eservices/datasets/%d/upload/" % dataset.pk,
        {"file": SimpleUploadedFile("bills.csv", body.encode())},
    )


def test_valid_file_replaces_the_rows(staff_client, dataset):
    response = upload(staff_client, dataset, "bill_id,amount\n۱۱۱,۲۰۰۰\n222,3000\n")
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.row_count == 2
    assert dataset.rows.get(key="111").data["amount"] in ("2000", 2000)


def test_bad_lines_are_listed_and_nothing_is_imported(staff_client, dataset):
    upload(staff_client, dataset, "bill_id,amount\n111,2000\n")
    html = upload(staff_client, dataset, "bill_id,amount\n333,10\n,20\n333,30\n").content.decode()
    assert "سطر 3: کلید خالی است." in html
    assert "سطر 4: کلید 333 پیش‌تر در سطر 2 آمده است." in html
    dataset.refresh_from_db()
    assert dataset.row_count == 1
    assert list(dataset.rows.values_list("key", flat=True)) == ["111"]


def test_the_datasets_listing_links_to_the_upload(staff_client, dataset):
    html = staff_client.get("/admin/snippets/eservices/dataset/").content.decode()
    assert "/admin/eservices/datasets/%d/upload/" % dataset.pk in html


def test_users_without_permission_cannot_upload(client, dataset):
    user = get_user_model().objects.create_user("clerk", password="pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = upload(client, dataset, "bill_id,amount\n111,2000\n")
    assert response.status_code in (302, 403)
    dataset.refresh_from_db()
    assert dataset.row_count == 0
