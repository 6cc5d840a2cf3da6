"""The app's URLs plus two baselines measured under the same server:

- ``/bench/bare/``: the cheapest Django response (bench/web.py);
- ``/bench/plain/producten``: the same rows as the API's products list, built by hand into a
  ``JsonResponse`` (same selector, FilterSet, order and page) (bench/api.py).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, reverse

from catalogue.urls import urlpatterns as app_urlpatterns
from services.selectors import filter_products

PAGE_SIZE = 50


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def plain_products(request: HttpRequest) -> JsonResponse:
    filterset = filter_products(request.GET)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors}, status=400)
    queryset = filterset.qs
    queryset = queryset.order_by(*queryset.query.order_by, "pk")
    total = queryset.count()
    rows = []
    for product in queryset[:PAGE_SIZE]:
        organisation = product.organisation.slug
        rows.append(
            {
                "slug": product.slug,
                "titel": product.title,
                "jaar": product.edition.year,
                "organisatie": organisation,
                "eenheid": {"slug": product.unit.slug, "naam": product.unit.name},
                "schillen": [{"code": row.tier.code, "naam": row.tier.name} for row in product.product_tiers.all()],
                "wettelijkeGrondslagen": [
                    {
                        "wet": basis.framework.name,
                        "artikel": basis.article,
                        "officieleTekst": basis.framework.official_url,
                    }
                    for basis in product.legal_bases.all()
                ],
                "samenvatting": product.summary,
                "doel": product.goal,
                "doelgroep": product.audience,
                "inhoud": product.activities,
                "resultaat": product.result,
                "leeftijdVanafMaanden": product.age_min_months,
                "leeftijdTotEnMetMaanden": product.age_max_months,
                "laatstGewijzigd": product.updated_at,
                "_links": {
                    "self": {
                        "href": request.build_absolute_uri(
                            reverse("api:product-detail", kwargs={"organisatie": organisation, "slug": product.slug})
                        )
                    }
                },
            }
        )
    return JsonResponse({"totaal": total, "_embedded": {"producten": rows}})


urlpatterns = [path("bench/bare/", bare), path("bench/plain/producten", plain_products), *app_urlpatterns]
