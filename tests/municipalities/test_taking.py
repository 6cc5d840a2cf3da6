"""Who takes what, and how: the municipality page, the API and the municipality book give one answer.

The rule lives in ``ProductQuerySet.taken_by``; this holds every reader of it to the same answer for
every municipality of the shipped 2026 catalogues.
"""

import pytest
from django.conf import settings

from books.selectors import BookNotFound, build_book, municipality_book_spec
from municipalities.models import Municipality, Uptake
from services.models import Commissioning, Product


def page_answer(client, code: str) -> dict[tuple[str, str], str]:
    response = client.get(f"/gemeenten/{code}/")
    assert response.status_code == 200
    answer = {}
    for group in response.context["groups"]:
        for side, how in ((group.joint, "gezamenlijk"), (group.individual, "individueel")):
            for tier_group in side:
                for product in tier_group.products:
                    answer[(product.organisation.slug, product.slug)] = how
    return answer


def api_answer(client, code: str) -> set[tuple[str, str]]:
    response = client.get(f"/api/v1/gemeenten/{code}")
    assert response.status_code == 200
    return {(item["organisatie"], item["slug"]) for item in response.json()["afgenomenProducten"]}


def book_answer(code: str) -> dict[tuple[str, str], str]:
    try:
        book = build_book(municipality_book_spec(code, settings.CATALOGUE_CURRENT_YEAR))
    except BookNotFound:
        return {}
    return {(entry.product.organisation.slug, entry.product.slug): entry.commissioning for entry in book.entries}


@pytest.mark.django_db
def test_page_api_and_book_agree_on_what_every_municipality_takes_and_how(shipped_catalogue, client):
    # The edge case that once split them: a member with an uptake row for a jointly commissioned product.
    gouda = Municipality.objects.get(cbs_code="GM0513")
    joint = Product.objects.published().filter(organisation__slug="hecht", edition__year=2026)
    joint = joint.filter(product_tiers__tier__commissioning=Commissioning.ALL_MEMBERS).first()
    Uptake.objects.create(product=joint, municipality=gouda, note="ook apart genoemd")

    checked = 0
    for municipality in Municipality.objects.existing_in(settings.CATALOGUE_CURRENT_YEAR):
        code = municipality.cbs_code
        page, book = page_answer(client, code), book_answer(code)
        assert page == book, municipality.name
        assert set(page) == api_answer(client, code), municipality.name
        expected = Product.objects.published().filter(edition__year=settings.CATALOGUE_CURRENT_YEAR).taken_by(code)
        assert set(page) == {(p.organisation.slug, p.slug) for p in expected}, municipality.name
        checked += bool(page)
    assert page_answer(client, "GM0513")[("hecht", joint.slug)] == "gezamenlijk"
    assert book_answer("GM0513")[("hecht", joint.slug)] == "gezamenlijk"
    assert checked >= 25  # Hecht's 18 members and CJG Rijnmond's municipalities take products
