"""Selectors that count: they must agree with the one definition of the filters."""

import pytest

from municipalities.models import Municipality
from services.filters import taken_by
from services.models import Product
from services.selectors import municipality_counts
from tests.factories import UptakeFactory


@pytest.mark.parametrize("years", [[2025], [2026], [2025, 2026]])
def test_municipality_counts_equal_what_taken_by_selects_for_every_municipality(catalogue, years):
    m = catalogue.municipalities
    # Individual uptake of a jointly commissioned product: by a member (counted once) and by Leiden,
    # which is a member in 2025 but not in 2026.
    UptakeFactory(product=catalogue.products["tbc"], municipality=m["gouda"])
    UptakeFactory(product=catalogue.products["tbc"], municipality=m["leiden"])
    UptakeFactory(product=catalogue.products["tbc_2025"], municipality=m["leiden"])
    products = Product.objects.published().filter(edition__year__in=years)

    counts = municipality_counts(products)

    for municipality in Municipality.objects.all():
        expected = products.filter(taken_by(municipality.cbs_code)).count()
        assert counts.get(municipality.cbs_code, 0) == expected, municipality.name
    assert counts["GM0513"] > 0


def test_municipality_counts_of_a_narrowed_selection(catalogue):
    products = Product.objects.published().filter(
        edition__year=2026,
        legal_bases__framework__slug="jeugdwet",
        organisation__in=catalogue.organisations,
    )
    counts = municipality_counts(products)
    assert counts.get("GM0513") == 1  # Jeugdgezondheidszorg
    assert counts.get("GM0599") == 3  # CJG: 4 weken, prenataal, adolescenten (its own uptake)
    assert counts.get("GM1992") == 2  # Voorne aan Zee: no adolescenten
