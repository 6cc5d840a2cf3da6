"""Previews of concepts (the book previews, the page preview and the preview selector) for staff of two organisations."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from books.models import BookRender
from books.selectors import book_products, organisation_book_spec
from editorial.operations import products as editing
from services.models import Edition
from tests.pdf_checks import normalise
from tests.workflow import EDITOR, READ_ONLY, make_catalogue, user_with


@pytest.fixture
def a(db):
    return make_catalogue("a")


def test_the_book_preview_is_closed_to_staff_of_another_organisation(client, a):
    b = make_catalogue("b")
    url = reverse("books:preview", kwargs={"organisation": a.organisation.slug, "year": a.edition.year})
    client.force_login(user_with(READ_ONLY, b.organisation))
    assert client.get(url).status_code == 404


def test_the_book_preview_shows_a_products_concept_in_its_place(a):
    draft = editing.update_product(
        user=user_with(EDITOR, a.organisation), product=a.published, expected_version=1, changes={"goal": "Nieuw."}
    )
    products = set(book_products(organisation_book_spec(a.organisation.slug, a.edition.year, preview=True)))
    assert draft in products and a.published not in products
    assert a.concept in products


def test_the_api_shows_the_published_text_while_a_concept_is_pending(client, a):
    editing.update_product(
        user=user_with(EDITOR, a.organisation), product=a.published, expected_version=1, changes={"goal": "Geheim."}
    )
    Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.PUBLISHED)  # only published editions are public
    listing = client.get("/api/v1/producten", {"organisatie": a.organisation.slug, "jaar": a.edition.year})
    detail = client.get(f"/api/v1/producten/{a.organisation.slug}/{a.published.slug}", {"jaar": a.edition.year})
    assert listing.status_code == 200 and detail.status_code == 200
    assert "Geheim." not in listing.content.decode() + detail.content.decode()
    assert a.published.slug in listing.content.decode()
    assert a.concept.slug not in listing.content.decode()


def test_staff_preview_a_concept_on_the_public_product_page_and_other_organisations_cannot(client, a):
    url = reverse("admin:services_product_preview", args=[a.concept.pk])
    client.force_login(user_with(READ_ONLY, a.organisation))
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert a.concept.title in html and "Voorbeeld" in html
    assert url in client.get(reverse("admin:services_product_change", args=[a.concept.pk])).content.decode()
    b = make_catalogue("b")
    client.force_login(user_with(READ_ONLY, b.organisation))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the admin login


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.getvalue())).pages))


def test_staff_preview_one_product_as_its_book_prints_it_concept_included(client, a):
    draft = editing.update_product(
        user=user_with(EDITOR, a.organisation),
        product=a.published,
        expected_version=1,
        changes={"goal": "Nieuwe tekst die nog niet gepubliceerd is."},
    )
    client.force_login(user_with(READ_ONLY, a.organisation))
    change_page = client.get(reverse("admin:services_product_change", args=[draft.pk])).content.decode()
    url = reverse("books:product-preview", args=[draft.pk])
    assert (
        url in change_page
        and url in client.get(reverse("admin:services_product_preview", args=[draft.pk])).content.decode()
    )

    book = pdf_text(client.get(url))
    assert "CONCEPT" in book and a.published.title in book
    assert "Nieuwe tekst die nog niet gepubliceerd is." in book and "Gezonde kinderen" not in book
    # From the published product's page too: the book as it will be, so with its concept's text.
    assert "Nieuwe tekst die nog niet gepubliceerd is." in pdf_text(
        client.get(reverse("books:product-preview", args=[a.published.pk]))
    )
    assert a.concept.title in pdf_text(client.get(reverse("books:product-preview", args=[a.concept.pk])))


def test_the_product_preview_book_is_closed_to_other_organisations_and_visitors(client, a):
    url = reverse("books:product-preview", args=[a.concept.pk])
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(user_with(READ_ONLY, make_catalogue("b").organisation))
    assert client.get(url).status_code == 404
    assert not BookRender.objects.filter(product=a.concept).exists()
