"""The facet index (services.facet_index) counts and lists exactly what the filters select in SQL."""

import pytest
from django.http import QueryDict

from services import facet_index, selectors, versioning
from services.filters import SORT_BOOK, SORT_TITLE
from services.models import LegalBasis, Product, ProductTier, Status
from tests.factories import UptakeFactory

STATES = [
    "",
    "gemeente=GM0513",
    "gemeente=GM0513&gemeente=GM0599",
    "wet=wet-publieke-gezondheid",
    "gemeente=GM0513&wet=wet-publieke-gezondheid",
    "schil=2a&gemeente=GM1992",
    "leeftijd=4",
    "leeftijd=15&wet=jeugdwet",
    "q=vaccinatie",
    "q=vaccinatie&gemeente=GM0513&sorteer=titel",
    "eenheid=geen-eenheid-zo",
    "jaar=2025",
    "jaar=2025&gemeente=GM0626",
    "jaar=tweeduizend",  # invalid: every year, as the list
    "sorteer=titel",
]


def bound(query: str):
    filterset = selectors.filter_products(QueryDict(query))
    filterset.is_valid()
    return filterset


def expected_counts(filterset) -> dict[str, dict[str, int]]:
    """Per counted filter and value, the size of the SQL selection with that filter set to the value."""
    counted: dict[str, dict[str, int]] = {}
    options = {
        "organisatie": list(Product.objects.values_list("organisation__slug", flat=True).distinct()),
        "eenheid": list(Product.objects.values_list("unit__slug", flat=True).distinct()),
        "schil": list(ProductTier.objects.values_list("tier__code", flat=True).distinct()),
        "wet": list(LegalBasis.objects.values_list("framework__slug", flat=True).distinct()),
        "gemeente": ["GM0513", "GM0599", "GM1992", "GM0626", "GM0546"],
    }
    for name, values in options.items():
        counted[name] = {}
        for value in values:
            data = filterset.data.copy()
            data.setlist(name, [value])
            counted[name][value] = bound(data.urlencode()).qs.count()
    return counted


@pytest.mark.parametrize("query", STATES)
def test_counts_and_list_equal_the_filters_in_sql(catalogue, query):
    UptakeFactory(product=catalogue.products["tbc"], municipality=catalogue.municipalities["leiden"])
    filterset = bound(query)
    counts = facet_index.index_for(filterset).counts(filterset)
    expected = expected_counts(filterset)
    assert any(number for per_value in expected.values() for number in per_value.values())  # a real selection
    for name, per_value in expected.items():
        for value, number in per_value.items():
            assert counts[name].get(value, 0) == number, (query, name, value)
    listed = selectors.listed_ids(filterset)
    if "q=" in query and "sorteer" not in query:
        assert listed is None  # ranked by the search: the database orders
    else:
        assert listed == list(filterset.qs.values_list("pk", flat=True)), query
        assert filterset.sort in (SORT_BOOK, SORT_TITLE)


def test_a_change_is_counted_on_the_next_request(catalogue):
    before = bound("gemeente=GM0513")
    index = facet_index.index_for(before)
    count = before.qs.count()
    assert index.selected(before).bit_count() == count
    product = before.qs.first()
    Product.objects.filter(pk=product.pk).update(status=Status.CONCEPT)
    versioning.advance()  # update() sends no signal; every write path advances the version

    after = bound("gemeente=GM0513")
    assert facet_index.index_for(after) is not index
    assert facet_index.index_for(after).selected(after).bit_count() == count - 1
    assert product.pk not in selectors.listed_ids(after)


def test_the_index_is_built_in_a_fixed_number_of_queries(catalogue, django_assert_max_num_queries):
    from tests.catalogue_data import multiply_catalogue

    with django_assert_max_num_queries(INDEX_QUERIES):
        small = facet_index.FacetIndex.build(2026)
    multiply_catalogue(catalogue, 5)
    with django_assert_max_num_queries(INDEX_QUERIES):
        large = facet_index.FacetIndex.build(2026)
    assert len(large.ids) > 4 * len(small.ids)


# Products, tiers, laws, CBS codes, joint and individual takings, the title order.
INDEX_QUERIES = 7
