import datetime
import io
import json
import time
from decimal import Decimal

import pytest

from eservices.catalog.models import ServicePage
from eservices.core.persian import to_persian_digits
from eservices.lookups import registry
from eservices.lookups.importer import import_dataset
from eservices.lookups.registry import DataSource, LookupResult, register, run_lookup
from eservices.lookups.sources import (
    MAX_HTTP_TIMEOUT,
    MAX_RESPONSE_BYTES,
    DatasetSource,
    HttpJsonSource,
    HttpSourceConfig,
)

from .conftest import Answer, json_answer

BILL = {
    "bill_id": "31415920000",
    "consumption": 350,
    "amount": "4,375,000",
    "due": "۱۴۰۳/۰۵/۰۸",
    "issued": "2024-07-01",
}


# The registry


def test_editors_choose_among_the_built_in_sources():
    names = dict(registry.choices())
    assert set(names) >= {"dataset", "http_json"}
    assert isinstance(registry.get_source("dataset"), DatasetSource)
    assert isinstance(registry.get_source("http_json"), HttpJsonSource)


def test_an_unknown_source_is_a_key_error_and_an_error_result():
    with pytest.raises(KeyError):
        registry.get_source("no-such-source")
    assert run_lookup("no-such-source", {}, {}).status == "error"


@pytest.fixture
def scratch_registry(monkeypatch):
    registry.choices()  # load the built-in sources first
    monkeypatch.setattr(registry, "_registry", dict(registry._registry))


def test_a_name_is_registered_once(scratch_registry):
    with pytest.raises(ValueError, match="dataset"):

        @register("dataset")
        class Another(DataSource):
            pass


def test_only_data_sources_can_be_registered(scratch_registry):
    with pytest.raises(TypeError):
        register("plain")(object)


def test_a_source_that_raises_gives_an_error_result(scratch_registry):
    @register("broken")
    class Broken(DataSource):
        verbose_name = "Broken"

        def lookup(self, query, config):
            raise RuntimeError("bug")

    @register("wrong-type")
    class WrongType(DataSource):
        def lookup(self, query, config):
            return {"status": "found"}

    assert ("broken", "Broken") in registry.choices()
    assert run_lookup("broken", {"x": "1"}, None).status == "error"
    assert run_lookup("wrong-type", {}, {}).status == "error"


# The dataset source


@pytest.fixture
def imported(dataset, bills_csv):
    assert import_dataset(dataset, io.BytesIO(bills_csv), "bills.csv").ok
    return dataset


def test_a_bill_typed_in_persian_digits_is_found_with_its_labelled_values(
    imported, bills, django_assert_num_queries
):
    bill = bills[437]
    query = {"bill": to_persian_digits(bill["bill_id"]), "other": "x"}
    with django_assert_num_queries(2):
        result = run_lookup("dataset", query, {"dataset_id": imported.pk, "key_field": "bill"})

    assert result == LookupResult(
        "found",
        rows=[
            [
                ("شناسه قبض", bill["bill_id"]),
                ("دوره", bill["period"]),
                ("مصرف (کیلووات ساعت)", bill["consumption"]),
                ("مبلغ (ریال)", bill["amount"]),
                ("مهلت پرداخت", bill["due_date"].togregorian()),
                ("تاریخ صدور", bill["issued"]),
            ]
        ],
    )
    assert isinstance(result.rows[0][2][1], int)
    assert isinstance(result.rows[0][4][1], datetime.date)


def test_every_generated_bill_is_found(imported, bills):
    source = DatasetSource()
    config = {"dataset_id": imported.pk, "key_field": "bill"}
    found = [
        source.lookup({"bill": " %s " % bill["bill_id"]}, config).rows[0][3][1] for bill in bills
    ]
    assert found == [bill["amount"] for bill in bills]


def test_an_unknown_bill_is_not_found(imported):
    config = {"dataset_id": imported.pk, "key_field": "bill"}
    assert run_lookup("dataset", {"bill": "31415920001"}, config).status == "not_found"
    assert run_lookup("dataset", {"bill": "  "}, config).status == "not_found"
    assert run_lookup("dataset", {"bill": None}, config).status == "not_found"


def test_a_key_field_the_view_form_lacks_is_an_error(imported):
    config = {"dataset_id": imported.pk, "key_field": "bill"}
    assert run_lookup("dataset", {"bill_id": "31415920000"}, config).status == "error"


def test_empty_cells_and_fractions_come_back_as_none_and_decimal(dataset):
    content = b"bill_id,period,consumption,amount,due_date,issued\r\n7,,12.5,,,\r\n"
    assert import_dataset(dataset, io.BytesIO(content), "b.csv").ok
    result = run_lookup("dataset", {"b": "۷"}, {"dataset_id": dataset.pk, "key_field": "b"})
    assert [value for _label, value in result.rows[0]] == [
        "7",
        None,
        Decimal("12.5"),
        None,
        None,
        None,
    ]


@pytest.mark.parametrize(
    "config",
    [{}, {"dataset_id": "x", "key_field": "b"}, {"key_field": "b"}, {"dataset_id": 1}, None],
)
def test_a_dataset_source_without_usable_config_is_an_error(db, config):
    assert run_lookup("dataset", {"b": "1"}, config).status == "error"


def test_a_deleted_dataset_is_an_error(imported):
    config = {"dataset_id": imported.pk, "key_field": "b"}
    imported.delete()
    assert run_lookup("dataset", {"b": "31415920000"}, config).status == "error"


# The HTTP JSON source


def ask(query=None, config=None) -> LookupResult:
    query = {"bill_id": BILL["bill_id"], "period": "1403-05"} if query is None else query
    return run_lookup("http_json", query, {"source": "bills"} if config is None else config)


def test_a_remote_bill_is_found_and_mapped(bills_api):
    bills_api.reply = json_answer({"ok": True, "data": BILL})
    result = ask({"bill_id": to_persian_digits(BILL["bill_id"]), "period": "۱۴۰۳-۰۵"})

    assert result.status == "found", result.message
    assert result.rows == [
        [
            ("شناسه قبض", "31415920000"),
            ("مصرف", 350),
            ("مبلغ", 4375000),
            ("مهلت پرداخت", datetime.date(2024, 7, 29)),
            ("تاریخ صدور", datetime.date(2024, 7, 1)),
            ("توضیح", None),
        ]
    ]
    [request] = bills_api.received
    assert request.path == "/api/bills/31415920000?period=1403-05"
    assert request.headers["Authorization"] == "Bearer test-token-41"
    assert request.headers["Accept"] == "application/json"


def test_query_values_are_url_quoted_and_cannot_change_the_path(bills_api):
    bills_api.reply = json_answer({"ok": False})
    assert ask({"bill_id": "../admin/1?x=", "period": "a&b c"}).status == "not_found"
    assert bills_api.received[0].path == "/api/bills/..%2Fadmin%2F1%3Fx%3D?period=a%26b%20c"


def test_an_empty_url_value_is_not_found_without_asking(bills_api):
    assert ask({"bill_id": "", "period": "1403-05"}).status == "not_found"
    assert ask({"bill_id": " ", "period": "1403-05"}).status == "not_found"
    assert bills_api.received == []


def test_a_url_field_the_view_form_lacks_is_an_error(bills_api):
    assert ask({"period": "1403-05"}).status == "error"
    assert bills_api.received == []


def test_a_404_is_not_found(bills_api):
    bills_api.reply = json_answer({"error": "no such bill"}, status=404)
    assert ask().status == "not_found"


def test_a_false_found_path_is_not_found(bills_api):
    bills_api.reply = json_answer({"ok": False, "data": None})
    assert ask().status == "not_found"
    bills_api.reply = json_answer({"data": BILL})
    assert ask().status == "not_found"


def test_an_answer_slower_than_the_timeout_is_a_timeout(bills_api, settings):
    settings.ESERVICES_LOOKUP_HTTP_SOURCES["bills"]["timeout"] = 0.3
    bills_api.reply = Answer(body=json.dumps({"ok": True, "data": BILL}).encode(), delay=5)
    started = time.monotonic()
    result = ask()

    assert result.status == "timeout"
    assert time.monotonic() - started < 2


def test_malformed_json_is_an_error(bills_api):
    bills_api.reply = Answer(body=b'{"ok": true, "data": {')
    assert ask().status == "error"


@pytest.mark.parametrize("status", [500, 503, 400, 401, 302])
def test_an_error_status_is_an_error(bills_api, status):
    bills_api.reply = json_answer({"ok": True, "data": BILL}, status=status)
    bills_api.reply.headers["Location"] = bills_api.url + "/elsewhere"
    assert ask().status == "error"
    assert [r.path for r in bills_api.received] == ["/api/bills/31415920000?period=1403-05"]


@pytest.mark.parametrize("close_delimited", [False, True])
def test_a_huge_answer_is_an_error(bills_api, close_delimited):
    padding = "x" * MAX_RESPONSE_BYTES
    body = json.dumps({"ok": True, "data": {**BILL, "note": padding}}).encode()
    bills_api.reply = Answer(body=body, close_delimited=close_delimited)
    result = ask()
    assert result.status == "error"
    assert "too large" in result.message


def test_an_answer_just_under_the_cap_is_read(bills_api):
    body = json.dumps({"ok": True, "data": {**BILL, "note": ""}}).encode()
    body = body.replace(b'"note": ""', b'"note": "%s"' % (b"x" * (MAX_RESPONSE_BYTES - len(body))))
    assert len(body) == MAX_RESPONSE_BYTES
    bills_api.reply = Answer(body=body, close_delimited=True)
    assert ask().status == "found"


@pytest.mark.parametrize(
    "data",
    [
        {**BILL, "amount": "a lot"},
        {**BILL, "due": "soon"},
        {**BILL, "consumption": [1, 2]},
        {key: value for key, value in BILL.items() if key != "amount"},
    ],
)
def test_an_answer_of_the_wrong_shape_is_an_error(bills_api, data):
    bills_api.reply = json_answer({"ok": True, "data": data})
    assert ask().status == "error"


def test_json_that_is_not_an_object_is_an_error(bills_api):
    bills_api.reply = Answer(body=b"[1, 2, 3]")
    assert ask().status == "not_found"  # found_path "ok" is missing
    del bills_api.received[:]
    bills_api.reply = Answer(body=b'"just text"')
    assert ask().status == "not_found"


def test_a_connection_refused_is_an_error(bills_api, settings):
    settings.ESERVICES_LOOKUP_HTTP_SOURCES["bills"]["url"] = "http://127.0.0.1:9/{bill_id}"
    result = ask()
    assert result.status == "error"
    assert "127.0.0.1" not in result.message


def test_records_path_gives_one_record_per_item(bills_api, settings):
    source = settings.ESERVICES_LOOKUP_HTTP_SOURCES["bills"]
    source["records_path"] = "data.bills"
    source["mapping"] = [
        {"path": "bill_id", "label": "شناسه قبض"},
        {"path": "amount", "label": "مبلغ", "type": "money"},
    ]
    bills_api.reply = json_answer(
        {
            "ok": True,
            "data": {"bills": [{"bill_id": "1", "amount": 10}, {"bill_id": "2", "amount": 2.5}]},
        }
    )
    assert ask().rows == [
        [("شناسه قبض", "1"), ("مبلغ", 10)],
        [("شناسه قبض", "2"), ("مبلغ", Decimal("2.5"))],
    ]

    bills_api.reply = json_answer({"ok": True, "data": {"bills": []}})
    assert ask().status == "not_found"
    bills_api.reply = json_answer({"ok": True, "data": {"bills": {"bill_id": "1"}}})
    assert ask().status == "error"


def test_editors_cannot_point_the_source_at_another_url(bills_api):
    bills_api.reply = json_answer({"ok": True, "data": BILL})
    config = {"source": "bills", "url": "http://203.0.113.9/{bill_id}", "timeout": 0.01}
    assert ask(config=config).status == "found"
    assert len(bills_api.received) == 1


@pytest.mark.parametrize("config", [{}, {"source": "unknown"}, {"source": ["bills"]}])
def test_a_source_the_operator_did_not_define_is_an_error(bills_api, config):
    assert ask(config=config).status == "error"
    assert bills_api.received == []


@pytest.mark.parametrize(
    "change",
    [
        {"url": "file:///etc/passwd"},
        {"url": "ftp://127.0.0.1/{bill_id}"},
        {"url": "http://{bill_id}.example/"},
        {"url": "http://127.0.0.1/{bill_id"},
        {"url": "http://127.0.0.1/{0}"},
        {"timeout": "soon"},
        {"timeout": 0},
        {"mapping": []},
        {"mapping": [{"path": "a", "label": "A", "type": "colour"}]},
        {"headers": {"X-Key": 5}},
        {"found_path": 1},
    ],
)
def test_a_malformed_operator_config_is_an_error(bills_api, settings, change):
    settings.ESERVICES_LOOKUP_HTTP_SOURCES["bills"].update(change)
    assert ask().status == "error"
    assert bills_api.received == []


def test_the_timeout_defaults_to_the_setting_and_is_capped(settings):
    settings.ESERVICES_LOOKUP_HTTP_TIMEOUT = 7
    settings.ESERVICES_LOOKUP_HTTP_SOURCES = {
        "a": {"url": "https://example.invalid/{k}", "mapping": [{"path": "", "label": "x"}]},
        "b": {
            "url": "https://example.invalid/{k}",
            "mapping": [{"path": "", "label": "x"}],
            "timeout": 300,
        },
    }
    assert HttpSourceConfig.from_settings("a").timeout == 7
    assert HttpSourceConfig.from_settings("b").timeout == MAX_HTTP_TIMEOUT


def test_editors_choose_the_operator_sources_by_name(bills_api):
    """Catches: the editor's "remote service" field back to free text, where a typo is only
    found when a citizen's lookup fails."""
    form_field = ServicePage._meta.get_field("lookup_http_source").formfield()
    assert list(form_field.choices)[1:] == [("bills", "Electricity bills")]
    assert not form_field.valid_value("no-such-service")
