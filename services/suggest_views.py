"""Suggestions as you type: product titles and known terms for the start of a query (JSON).

The search boxes work without it (a plain GET form to the catalogue); static/js/suggest.js adds the list.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from services.filters import MAX_QUERY_LENGTH
from services.models import SynonymSet
from services.search_terms import fold, words_of
from services.selectors import filter_products

MAX_TITLES = 6
MAX_TERMS = 4


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    value = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    words = words_of(value)
    if not words or len("".join(words)) < 2:
        return JsonResponse({"titels": [], "termen": []})
    products = filter_products({"q": value}).qs[:MAX_TITLES]
    titles = [{"titel": product.title, "url": product.get_absolute_url()} for product in products]
    start = fold(" ".join(value.split()))
    terms: list[str] = []
    for synonym_set in SynonymSet.objects.all():
        for term in synonym_set.term_list():
            if fold(term).startswith(start) and term not in terms and fold(term) != start:
                terms.append(term)
    return JsonResponse({"titels": titles, "termen": sorted(terms, key=fold)[:MAX_TERMS]})
