"""The API's read-only viewsets: one per collection, over the same selectors and FilterSet as the pages."""

from collections.abc import Sequence
from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import ListedIds, _bounded_int, paginated
from api.schema import path_parameter, path_parameters
from api.serializers import (
    EditionSerializer,
    GlossaryTermSerializer,
    LawSerializer,
    MunicipalityDetailSerializer,
    MunicipalitySerializer,
    OrganisationSerializer,
    ProductSerializer,
    RegionSerializer,
    TierSerializer,
    UnitSerializer,
    glossary_slug,
)
from api.spreadsheet import PRODUCT_CSV_COLUMNS, CSVRenderer, cost_csv_cells, cost_csv_columns, product_csv_row
from api.views import CatalogueViewSet
from municipalities.models import Municipality, Region, normalise_cbs_code
from services import facet_index
from services.costs import municipality_costs
from services.filters import ProductFilterSet
from services.models import (
    YEAR_MAX,
    YEAR_MIN,
    Edition,
    GlossaryTerm,
    LegalFramework,
    Membership,
    Organisation,
    Product,
    Tier,
    Unit,
)
from services.published import print_as_published
from services.selectors import in_order_of, listed_ids, published_products


class OrganisationFilterSet(django_filters.FilterSet):
    """Narrow a list of an organisation's rows (units, tiers, editions, glossary) to one organisation."""

    organisatie = django_filters.ModelChoiceFilter(
        label="Slug van de organisatie",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        field_name="organisation",
    )


ORGANISATION_PATH = path_parameter("organisatie", "Slug van de organisatie, bv. 'hecht'.")


@path_parameters(ORGANISATION_PATH)
class OrganisationViewSet(CatalogueViewSet):
    """Organisaties (GGD'en, centra voor jeugd en gezin) die een productenboek uitgeven."""

    serializer_class = OrganisationSerializer
    pagination_class = paginated("organisaties")
    queryset = (
        Organisation.objects.select_related("region")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("municipality").order_by("municipality__name", "pk"),
            )
        )
        .order_by("name", "pk")
    )
    detail_lookups = {"organisatie": "slug"}


@path_parameters(ORGANISATION_PATH, path_parameter("slug", "Slug van de eenheid binnen de organisatie."))
class UnitViewSet(CatalogueViewSet):
    """Eenheden (RVE's, hoofdstukken van het boek) van een organisatie."""

    serializer_class = UnitSerializer
    pagination_class = paginated("eenheden")
    filterset_class = OrganisationFilterSet
    queryset = Unit.objects.select_related("organisation").order_by("organisation__name", "order", "name", "pk")
    detail_lookups = {"organisatie": "organisation__slug", "slug": "slug"}


@path_parameters(ORGANISATION_PATH, path_parameter("code", "Code van de schil, bv. '2a'."))
class TierViewSet(CatalogueViewSet):
    """Schillen: de eigen indeling van een organisatie naar opdrachtgever en financiering."""

    serializer_class = TierSerializer
    pagination_class = paginated("schillen")
    filterset_class = OrganisationFilterSet
    queryset = Tier.objects.select_related("organisation").order_by("organisation__name", "order", "code", "pk")
    detail_lookups = {"organisatie": "organisation__slug", "code": "code"}


@path_parameters(path_parameter("slug", "Slug van de wet, bv. 'wet-publieke-gezondheid'."))
class LawViewSet(CatalogueViewSet):
    """Wetten (wettelijke kaders) waarop producten rusten."""

    serializer_class = LawSerializer
    pagination_class = paginated("wetten")
    queryset = LegalFramework.objects.order_by("name", "pk")
    detail_lookups = {"slug": "slug"}


@path_parameters(ORGANISATION_PATH, path_parameter("jaar", "Jaar van de editie, bv. 2026.", OpenApiTypes.INT))
class EditionViewSet(CatalogueViewSet):
    """Gepubliceerde edities (jaarlijkse productenboeken) van een organisatie."""

    serializer_class = EditionSerializer
    pagination_class = paginated("edities")
    filterset_class = OrganisationFilterSet
    queryset = (
        Edition.objects.published()
        .select_related("organisation", "based_on")
        .order_by("organisation__name", "-year", "pk")
    )
    detail_lookups = {"organisatie": "organisation__slug", "jaar": "year"}


@path_parameters(ORGANISATION_PATH, path_parameter("slug", "Het begrip als slug, bv. 'rijksvaccinatieprogramma'."))
class GlossaryTermViewSet(CatalogueViewSet):
    """Begrippenlijst van een organisatie.

    Een begrip heeft geen eigen code; in de URL staat het begrip zelf als slug. Zo blijft de URL leesbaar
    en gelijk zolang het begrip niet wordt hernoemd.
    """

    serializer_class = GlossaryTermSerializer
    pagination_class = paginated("begrippen")
    filterset_class = OrganisationFilterSet
    queryset = GlossaryTerm.objects.select_related("organisation").order_by("organisation__name", "term", "pk")

    def get_object(self) -> GlossaryTerm:
        # The slug is derived from the term, not stored: compare among the organisation's terms
        # (a glossary is a few dozen rows).
        terms = self.get_queryset().filter(organisation__slug=self.kwargs["organisatie"])
        for term in terms:
            if glossary_slug(term.term) == self.kwargs["slug"]:
                return term
        raise exceptions.NotFound(
            f"Organisatie '{self.kwargs['organisatie']}' heeft geen begrip '{self.kwargs['slug']}'."
        )


class KeptFilterBackend(DjangoFilterBackend):
    """django-filter's backend, keeping the filter set it bound on the view (``view.filterset``), so the
    list can page from the facet index with the same filters (and search terms) it filtered with."""

    def get_filterset(self, request: Request, queryset: QuerySet, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset


@path_parameters(ORGANISATION_PATH, path_parameter("slug", "Slug van het product, bv. 'jeugdgezondheidszorg'."))
@extend_schema_view(
    list=extend_schema(
        description=(
            "Gepubliceerde producten, met dezelfde filters als de catalogus op de website. Zonder 'jaar' de "
            "huidige editie. Met ?format=csv (of /api/v1/producten.csv) de hele selectie, zonder pagina's, "
            "als spreadsheet (puntkomma-gescheiden, UTF-8)."
        ),
        responses={
            (200, "application/json"): ProductSerializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
        },
    ),
    retrieve=extend_schema(
        description="Eén gepubliceerd product; de huidige editie, of die van 'jaar'.",
        parameters=[
            OpenApiParameter(
                "jaar",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                description="Jaar van de editie; standaard de huidige.",
            )
        ],
    ),
)
class ProductViewSet(CatalogueViewSet):
    """Producten (taken en diensten) uit de productenboeken."""

    filter_backends = [KeptFilterBackend]
    filterset: ProductFilterSet | None = None

    serializer_class = ProductSerializer
    pagination_class = paginated("producten")
    filterset_class = ProductFilterSet
    renderer_classes: Sequence[type[BaseRenderer]] = (JSONRenderer, CSVRenderer)
    csv_columns: tuple[str, ...] = PRODUCT_CSV_COLUMNS
    extra_query_params = {"list": frozenset({"page", "pageSize"}), "retrieve": frozenset({"jaar"})}

    def get_queryset(self) -> QuerySet:
        return published_products()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        for code in self.request.query_params.getlist("gemeente"):
            code = code.strip()
            if code and not Municipality.objects.by_code(code).exists():
                raise exceptions.ValidationError(
                    {"gemeente": [f"Er is geen gemeente met CBS-code '{code[:20]}'; gebruik bv. GM0513 voor Gouda."]}
                )
        # A stable order whatever the FilterSet sorted on: the primary key breaks ties.
        ordering = list(queryset.query.order_by)
        if "pk" not in ordering:
            queryset = queryset.order_by(*ordering, "pk")
        return queryset

    def paginate_queryset(self, queryset: QuerySet) -> list | None:
        if self.is_csv():
            return None  # the spreadsheet takes the whole selection
        listed = self._listed_ids()
        page = super().paginate_queryset(queryset if listed is None else listed)  # type: ignore[arg-type]
        if page is not None:
            if listed is not None:
                page = in_order_of(page)  # only the page's rows are read
            print_as_published(page)  # published editions name units, tiers and laws as published
        return page

    def _listed_ids(self) -> ListedIds | None:
        """The selection's primary keys in the list's order, from the facet index; None when a search
        ranks it (the database orders by rank)."""
        filterset = self.filterset  # bound by filter_queryset, which DRF runs before paging
        if filterset is None or not filterset.is_valid():
            return None
        ids = listed_ids(filterset)
        if ids is None:
            return None
        index = facet_index.index_for(filterset)
        return ListedIds(ids, index.newest(index.selected(filterset)))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.is_csv():
            return super().list(request, *args, **kwargs)
        products = list(self.filter_queryset(self.get_queryset()))
        print_as_published(products)
        rows = [product_csv_row(product, request) for product in products]
        codes = {code.strip().upper() for code in request.query_params.getlist("gemeente") if code.strip()}
        municipality = Municipality.objects.by_code(codes.pop()).first() if len(codes) == 1 else None
        if municipality is not None:
            # One municipality's selection: what each product costs it (services.costs), beside the price.
            raw_year = request.query_params.get("jaar")
            year_asked = _bounded_int(raw_year, "jaar", YEAR_MIN, YEAR_MAX) if raw_year else None
            # The selection is what the municipality takes (the gemeente filter is ProductQuerySet.taken_by).
            costs = municipality_costs(municipality, year_asked or settings.CATALOGUE_CURRENT_YEAR, taken=products)
            lines = costs.by_product()
            self.csv_columns = (*PRODUCT_CSV_COLUMNS[:-1], *cost_csv_columns(costs), PRODUCT_CSV_COLUMNS[-1])
            for product, row in zip(products, rows, strict=True):
                row.update(cost_csv_cells(costs, lines.get(product.pk)))
        self.newest = max((product.updated_at for product in products), default=None)
        year = request.query_params.get("jaar") or settings.CATALOGUE_CURRENT_YEAR
        scope = slugify(
            "-".join(request.query_params.getlist("gemeente")) or request.query_params.get("organisatie") or "alle"
        )
        filename = f"producten-{scope}-{year}.csv"
        return Response(rows, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    def is_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "csv" or self.kwargs.get("format") == "csv"

    def get_object(self) -> Product:
        raw_year = self.request.query_params.get("jaar")
        year = (
            settings.CATALOGUE_CURRENT_YEAR
            if raw_year in (None, "")
            else _bounded_int(raw_year, "jaar", YEAR_MIN, YEAR_MAX)
        )
        product = (
            self.get_queryset()
            .filter(organisation__slug=self.kwargs["organisatie"], edition__year=year, slug=self.kwargs["slug"])
            .first()
        )
        if product is None:
            raise exceptions.NotFound(
                f"Er is geen gepubliceerd product '{self.kwargs['slug']}' van '{self.kwargs['organisatie']}' "
                f"in de editie {year}."
            )
        print_as_published([product])
        return product

    def last_modified(self) -> float | None:
        if self.action == "retrieve" and getattr(self, "object", None) is not None:
            return self.object.updated_at.timestamp()
        newest = getattr(self, "newest", None)
        if newest is None and self.action == "list" and (page := getattr(self.paginator, "page", None)) is not None:
            newest = page.paginator.newest  # counted together with the total
        return newest.timestamp() if newest else None

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.object = self.get_object()
        return Response(self.get_serializer(self.object).data)


@extend_schema_view(
    list=extend_schema(
        operation_id="producten_csv",
        description=(
            "De producten van /api/v1/producten, met dezelfde filters, als spreadsheet: de hele selectie, "
            "puntkomma-gescheiden, UTF-8, met een kopregel."
        ),
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
)
class ProductCSVViewSet(ProductViewSet):
    """De producten als spreadsheet (CSV)."""

    renderer_classes = (CSVRenderer,)


MEMBERSHIPS = Prefetch(
    "memberships", queryset=Membership.objects.select_related("organisation").order_by("organisation__name", "pk")
)


@path_parameters(path_parameter("cbsCode", "CBS-code van de gemeente, bv. GM0513 voor Gouda."))
class MunicipalityViewSet(CatalogueViewSet):
    """Gemeenten, met de producten die ze afnemen."""

    pagination_class = paginated("gemeenten")
    queryset = (
        Municipality.objects.select_related("successor")
        .prefetch_related(Prefetch("regions", queryset=Region.objects.order_by("name", "pk")), MEMBERSHIPS)
        .order_by("name", "pk")
    )

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return MunicipalityDetailSerializer if self.action == "retrieve" else MunicipalitySerializer

    detail_lookups = {"cbsCode": "cbs_code"}

    def get_object(self) -> Municipality:
        code = normalise_cbs_code(self.kwargs["cbsCode"])
        if not code:
            raise exceptions.NotFound(f"'{self.kwargs['cbsCode'][:20]}' is geen CBS-code; die heeft de vorm GM0513.")
        self.kwargs["cbsCode"] = code
        return super().get_object()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.get_object()).data)


@path_parameters(path_parameter("slug", "Slug van de regio, bv. 'hollands-midden'."))
class RegionViewSet(CatalogueViewSet):
    """Regio's: GGD-regio's, subregio's en werkgebieden, met hun gemeenten."""

    serializer_class = RegionSerializer
    pagination_class = paginated("regios")
    queryset = (
        Region.objects.select_related("parent")
        .prefetch_related(Prefetch("municipalities", queryset=Municipality.objects.order_by("name", "pk")))
        .order_by("name", "pk")
    )
    detail_lookups = {"slug": "slug"}
