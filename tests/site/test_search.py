"""Site search over services, as Iranian keyboards type queries."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


def test_search_by_title_words(client, demo_desk_once):
    html = client.get("/search/", {"query": "شکایات"}).content.decode()
    assert "ثبت شکایات مردمی در حوزه توزیع برق" in html


def test_search_with_arabic_letters_finds_persian_titles(client, demo_desk_once):
    # "شکايات" typed with Arabic yeh (ي) and Arabic kaf would not match without normalising.
    html = client.get("/search/", {"query": "شكايات"}).content.decode()
    assert "ثبت شکایات مردمی در حوزه توزیع برق" in html


def test_search_by_national_id_in_persian_digits(client, demo_desk_once):
    html = client.get("/search/", {"query": "۱۳۰۳۱۹۸۶۱۰۱"}).content.decode()
    assert "ثبت شکایات مردمی در حوزه توزیع برق" in html
    assert "ثبت مکاتبات مراجعین حوزه برق" not in html


def test_english_search_finds_english_services_only(client, demo_desk_once):
    html = client.get("/en/search/", {"query": "complaint"}).content.decode()
    assert "Register a public complaint" in html
    assert "ثبت شکایات" not in html


@pytest.mark.parametrize(
    "query",
    ["<script>", "x" * 10000, "\x00", "' OR 1=1 --", '"', "*", "AND (", "NEAR/2", "page=-1"],
)
def test_odd_queries_never_fail(client, demo_desk_once, query):
    response = client.get("/search/", {"query": query, "page": "abc"})
    assert response.status_code == 200
    assert b"<script>" not in response.content.split(b"</head>")[1]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=60))
def test_any_text_query_answers_200(client, demo_desk_once, query):
    assert client.get("/search/", {"query": query}).status_code == 200
