"""The public year-over-year overview page."""

import pytest

from editorial.operations.editions import start_edition
from municipalities.models import Uptake
from services.models import Edition, Product
from tests.factories import ProductFactory
from tests.workflow import ADMINISTRATOR, make_catalogue, user_with


@pytest.fixture
def two_years(db):
    a = make_catalogue("a", year=2026)
    new = start_edition(user=user_with(ADMINISTRATOR, a.organisation), source=a.edition)
    Product.objects.filter(edition=new, slug=a.published.slug).update(goal="Nieuw doel.")
    Uptake.objects.filter(product__edition=new).delete()
    ProductFactory(organisation=a.organisation, edition=new, unit=a.unit, slug="erbij", title="Erbij gekomen")
    # Only published editions are public (with the concept "Nieuw a" left in them, as imported books can be).
    Edition.objects.filter(pk__in=[a.edition.pk, new.pk]).update(state=Edition.State.PUBLISHED)
    return a, new


def test_the_changes_page_of_a_concept_edition_is_not_public(client, two_years):
    a, new = two_years
    Edition.objects.filter(pk=new.pk).update(state=Edition.State.CONCEPT)
    assert client.get(f"/organisaties/{a.organisation.slug}/wijzigingen/2027/").status_code == 404


def test_the_overview_lists_added_changed_products_and_uptake_changes(client, two_years):
    a, _ = two_years
    response = client.get(f"/organisaties/{a.organisation.slug}/wijzigingen/2027/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erbij gekomen" in html
    assert "Gepubliceerd a" in html and "Doelstelling, Afname door gemeenten" in html
    assert a.member.name in html
    # Concepts are never public: the unpublished product copied from 2026 is not named.
    assert "Nieuw a" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_first_edition_lists_its_products_as_new_in_the_catalogue(client, two_years):
    a, _ = two_years
    response = client.get(f"/organisaties/{a.organisation.slug}/wijzigingen/2026/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="nieuw">Nieuw in de catalogus</h2>' in html
    assert f'href="{a.published.get_absolute_url()}"' in html
    assert "Nieuw a" not in html  # a concept is never public


def test_an_unknown_year_or_organisation_is_a_404(client, two_years):
    a, _ = two_years
    assert client.get(f"/organisaties/{a.organisation.slug}/wijzigingen/2030/").status_code == 404
    assert client.get("/organisaties/bestaat-niet/wijzigingen/2027/").status_code == 404
