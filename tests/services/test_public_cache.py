"""Public responses cached under the catalogue version: served again until the catalogue changes.

What a visitor gets (the same page, a 304 for a matching ETag, the new text right after a change) and
what the database holds (the version advances with every write, and not with a rolled-back one).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from editorial.operations import products as operations
from services import versioning
from services.models import LegalFramework, Product, Status
from services.public_cache import CACHE_STATUS_HEADER

pytestmark = pytest.mark.django_db

CACHED = override_settings(CATALOGUE_PUBLIC_CACHE_SECONDS=3600)

PUBLIC_URLS = [
    "/",
    "/producten/",
    "/producten/?gemeente=GM0513&wet=wet-publieke-gezondheid",
    "/producten/?q=tuberculose",
    "/producten/ggd-testregio/tuberculosebestrijding/",
    "/gemeenten/GM0513/",
    "/wetten/",
    "/api/v1/producten?gemeente=GM0513",
    "/api/v1/producten/ggd-testregio/tuberculosebestrijding",
    "/api/v1/gemeenten",
]


@pytest.fixture
def published_product(catalogue) -> Product:
    return Product.objects.public().get(
        organisation__slug="ggd-testregio", slug="tuberculosebestrijding", edition__year=2026
    )


def superuser(name: str):
    return get_user_model().objects.create_superuser(name, f"{name}@example.org", "een-lang-wachtwoord")


@CACHED
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_public_answer_is_served_from_the_cache_the_second_time(client, catalogue, url):
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert (first[CACHE_STATUS_HEADER], second[CACHE_STATUS_HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert "stale-while-revalidate=300" in second["Cache-Control"]
    assert second["Last-Modified"]


@CACHED
def test_a_matching_etag_gets_304_without_a_body(client, catalogue):
    etag = client.get("/producten/")["ETag"]
    again = client.get("/producten/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@CACHED
def test_parameter_order_and_empty_form_fields_share_one_entry(client, catalogue):
    client.get("/producten/?wet=wet-publieke-gezondheid&gemeente=GM0513")
    same = client.get("/producten/?gemeente=GM0513&q=&wet=wet-publieke-gezondheid&leeftijd=")
    assert same[CACHE_STATUS_HEADER] == "hit"
    other = client.get("/producten/?gemeente=GM0513")
    assert other[CACHE_STATUS_HEADER] == "miss"


@CACHED
def test_an_api_answer_keeps_its_content_negotiation_apart(client, catalogue):
    json = client.get("/api/v1/producten", HTTP_ACCEPT="application/json")
    browsable = client.get("/api/v1/producten", HTTP_ACCEPT="text/html")
    assert json["Content-Type"].startswith("application/json")
    assert not browsable["Content-Type"].startswith("application/json")
    assert client.get("/api/v1/producten", HTTP_ACCEPT="application/json")[CACHE_STATUS_HEADER] == "hit"


@CACHED
def test_a_published_edition_is_served_on_the_next_request(client, catalogue, published_product):
    from editorial.operations.editions import publish_edition, start_edition

    url = "/producten/ggd-testregio/tuberculosebestrijding/?jaar=2027"
    listing = "/producten/?jaar=2027&q=tuberculosebestrijding"
    assert "Tuberculosebestrijding" not in client.get(listing).content.decode()
    assert client.get(listing)[CACHE_STATUS_HEADER] == "hit"
    before = versioning.current()

    editor, reviewer = superuser("redacteur"), superuser("beoordelaar")
    edition = start_edition(user=editor, source=published_product.edition)
    # The factory catalogue holds one concept product; an edition is published once nothing awaits review.
    Product.objects.filter(edition=edition, slug="geheim-conceptproduct").delete()
    copy = Product.objects.get(edition=edition, slug="tuberculosebestrijding")
    draft = operations.update_product(
        user=editor, product=copy, expected_version=copy.version, changes={"goal": "Nieuwe doelstelling voor 2027."}
    )
    draft = operations.submit_for_review(user=editor, product=draft)
    operations.approve(user=reviewer, product=draft)
    # Approved in a concept edition: still nothing public, whatever the cache holds.
    assert client.get(url).status_code == 404
    assert "Tuberculosebestrijding" not in client.get(listing).content.decode()

    publish_edition(user=reviewer, edition=edition)
    assert versioning.current().number > before.number
    page = client.get(listing)
    assert page[CACHE_STATUS_HEADER] == "miss"
    assert "Tuberculosebestrijding" in page.content.decode()
    assert "Nieuwe doelstelling voor 2027." in client.get(url).content.decode()
    api = client.get("/api/v1/producten/ggd-testregio/tuberculosebestrijding?jaar=2027").json()
    assert "Nieuwe doelstelling voor 2027." in str(api)


@CACHED
def test_reference_data_renamed_in_the_admin_shows_everywhere_at_once(client, catalogue):
    client.get("/wetten/")
    law = LegalFramework.objects.get(slug="wet-publieke-gezondheid")
    law.name = "Wet publieke gezondheid (herzien)"
    law.save()
    assert "Wet publieke gezondheid (herzien)" in client.get("/wetten/").content.decode()


def test_every_write_advances_the_version_and_a_rolled_back_one_does_not(catalogue, published_product):
    start = versioning.current().number
    published_product.order += 1
    published_product.save()
    assert versioning.current().number == start + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        published_product.summary = "Nooit bewaard"
        published_product.save()
        raise RuntimeError
    assert versioning.current().number == start + 1
    published_product.refresh_from_db()
    assert published_product.summary != "Nooit bewaard"


def test_starting_an_edition_with_bulk_writes_advances_the_version(catalogue):
    from editorial.operations.editions import start_edition
    from services.models import Edition

    start = versioning.current().number
    start_edition(
        user=superuser("beheerder"), source=Edition.objects.get(organisation__slug="ggd-testregio", year=2026)
    )
    assert versioning.current().number > start


@CACHED
def test_staff_admin_books_and_errors_are_never_cached(client, catalogue):
    staff = superuser("staf")
    client.force_login(staff)
    assert CACHE_STATUS_HEADER not in client.get("/producten/")
    assert CACHE_STATUS_HEADER not in client.get("/beheer/")
    client.logout()
    for url in ("/producten/ggd-testregio/bestaat-niet/", "/boeken/ggd-testregio/2026.pdf", "/gezondheid"):
        response = client.get(url)
        assert CACHE_STATUS_HEADER not in response, url
    assert client.get("/producten/ggd-testregio/bestaat-niet/").status_code == 404
    assert client.post("/api/v1/producten").status_code in (403, 405)


@CACHED
def test_a_product_taken_back_to_concept_leaves_the_cached_list(client, catalogue, published_product):
    assert published_product.title in client.get("/producten/?q=tuberculosebestrijding").content.decode()
    published_product.status = Status.CONCEPT
    published_product.save()
    page = client.get("/producten/?q=tuberculosebestrijding")
    assert page[CACHE_STATUS_HEADER] == "miss"
    assert published_product.get_absolute_url() not in page.content.decode()


def test_another_sort_order_of_the_same_selection_reuses_the_facet_counts(client, catalogue, published_product):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/producten/?wet=wet-publieke-gezondheid"
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as resorted:
        page = client.get(url + "&sorteer=titel")
    assert len(resorted) <= len(first) - 5  # the five grouped counts are not run again
    assert page.status_code == 200

    # A write makes them stale: the next request counts afresh and shows the new number.
    def testregio_count(response) -> int:
        return next(
            option.count for option in response.context["facets"].organisatie if option.value == "ggd-testregio"
        )

    before = testregio_count(page)
    published_product.status = Status.CONCEPT
    published_product.save()
    assert testregio_count(client.get(url + "&sorteer=titel")) == before - 1
