"""Selectors that count: they must agree with the one definition of the filters."""

import pytest

from municipalities.models import Municipality
from services.models import Product
from tests.factories import UptakeFactory


@pytest.mark.parametrize("years", [[2025], [2026], [2025, 2026]])
def test_takings_equal_what_taken_by_selects_for_every_municipality(catalogue, years):
    m = catalogue.municipalities
    # Individual uptake of a jointly commissioned product: by a member (counted once) and by Leiden,
    # which is a member in 2025 but not in 2026.
    UptakeFactory(product=catalogue.products["tbc"], municipality=m["gouda"])
    UptakeFactory(product=catalogue.products["tbc"], municipality=m["leiden"])
    UptakeFactory(product=catalogue.products["tbc_2025"], municipality=m["leiden"])
    products = Product.objects.published().filter(edition__year__in=years)

    takings = products.takings()

    for municipality in Municipality.objects.all():
        expected = set(products.taken_by(municipality.cbs_code).values_list("pk", flat=True))
        assert {product for taker, product in takings if taker == municipality.pk} == expected, municipality.name
    assert any(taker == m["gouda"].pk for taker, _ in takings)
