"""The catalogue in the JSON API: organisations, units, tiers, laws, editions, glossary terms and products.

Products are read through the same selector and FilterSet as the public pages and the PDF book, so
``/api/v1/producten?gemeente=GM0513&wet=wet-publieke-gezondheid`` is exactly what the catalogue page
shows for those filters.
"""

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from catalogue.api import (
    CatalogueViewSet,
    CSVRenderer,
    LinksField,
    RenamingModelSerializer,
    _bounded_int,
    absolute_url,
    paginated,
    path_parameter,
    path_parameters,
)
from services.filters import ProductFilterSet, municipality_exists
from services.models import (
    Edition,
    GlossaryTerm,
    LegalBasis,
    LegalFramework,
    Membership,
    Organisation,
    Product,
    ProductTier,
    Tier,
    Unit,
)
from services.selectors import published_products


def _year_query(year: int) -> dict[str, int]:
    """The ``jaar`` query of a product link: only when it is not the current edition."""
    return {} if year == settings.CATALOGUE_CURRENT_YEAR else {"jaar": year}


def organisation_url(organisation: Organisation, request: Request | None) -> str:
    return absolute_url(request, "organisation-detail", organisatie=organisation.slug)


def unit_url(unit: Unit, request: Request | None, organisation: Organisation | None = None) -> str:
    organisation = organisation or unit.organisation
    return absolute_url(request, "unit-detail", organisatie=organisation.slug, slug=unit.slug)


def tier_url(tier: Tier, request: Request | None) -> str:
    return absolute_url(request, "tier-detail", organisatie=tier.organisation.slug, code=tier.code)


def law_url(framework: LegalFramework, request: Request | None) -> str:
    return absolute_url(request, "law-detail", slug=framework.slug)


def edition_url(edition: Edition, request: Request | None) -> str:
    return absolute_url(request, "edition-detail", organisatie=edition.organisation.slug, jaar=edition.year)


def product_url(product: Product, request: Request | None) -> str:
    return absolute_url(
        request,
        "product-detail",
        organisatie=product.organisation.slug,
        slug=product.slug,
        query=_year_query(product.edition.year),
    )


def products_url(request: Request | None, **filters: Any) -> str:
    return absolute_url(request, "product-list", query=filters)


# --- serializers -------------------------------------------------------------------------------------------


class OrganisationReferenceSerializer(RenamingModelSerializer):
    """Verwijzing naar een organisatie."""

    _links = LinksField({"self": organisation_url})

    class Meta:
        ref_name = "OrganisatieVerwijzing"
        model = Organisation
        fields = ["slug", "short_name", "_links"]
        names = {"short_name": "korteNaam"}


class OrganisationHeadingsSerializer(RenamingModelSerializer):
    """De koppen die de organisatie in haar productenboek boven de productteksten zet."""

    class Meta:
        ref_name = "OrganisatieKoppen"
        model = Organisation
        fields = [
            "heading_goal",
            "heading_audience",
            "heading_legal",
            "heading_activities",
            "heading_rationale",
            "heading_result",
            "heading_professionals",
        ]
        names = {
            "heading_goal": "doel",
            "heading_audience": "doelgroep",
            "heading_legal": "toelichtingWettelijkKader",
            "heading_activities": "inhoud",
            "heading_rationale": "waarom",
            "heading_result": "resultaat",
            "heading_professionals": "professionals",
        }


class MembershipSerializer(RenamingModelSerializer):
    """Een deelnemende gemeente van de organisatie, met de jaren van deelname."""

    cbsCode = serializers.CharField(source="municipality.cbs_code", help_text="CBS-code van de gemeente.")
    naam = serializers.CharField(source="municipality.name", help_text="Naam van de gemeente.")
    _links = LinksField(
        {"gemeente": lambda m, r: absolute_url(r, "municipality-detail", cbsCode=m.municipality.cbs_code)}
    )

    class Meta:
        ref_name = "Deelnemer"
        model = Membership
        fields = ["cbsCode", "naam", "start_year", "end_year", "_links"]
        names = {"start_year": "vanafJaar", "end_year": "totEnMetJaar"}


class OrganisationSerializer(RenamingModelSerializer):
    """Een organisatie (GGD, centrum voor jeugd en gezin) die een productenboek uitgeeft."""

    regio = serializers.SlugRelatedField(
        source="region", slug_field="slug", read_only=True, allow_null=True, help_text="De regio (werkgebied)."
    )
    koppen = OrganisationHeadingsSerializer(
        source="*", read_only=True, help_text="De eigen koppen van de organisatie boven de productteksten."
    )
    deelnemers = MembershipSerializer(
        source="memberships", many=True, read_only=True, help_text="De deelnemende gemeenten."
    )
    _links = LinksField(
        {
            "self": organisation_url,
            "producten": lambda o, r: products_url(r, organisatie=o.slug),
            "eenheden": lambda o, r: absolute_url(r, "unit-list", query={"organisatie": o.slug}),
            "schillen": lambda o, r: absolute_url(r, "tier-list", query={"organisatie": o.slug}),
            "edities": lambda o, r: absolute_url(r, "edition-list", query={"organisatie": o.slug}),
            "begrippen": lambda o, r: absolute_url(r, "glossary-term-list", query={"organisatie": o.slug}),
        }
    )

    class Meta:
        ref_name = "Organisatie"
        model = Organisation
        fields = ["slug", "name", "short_name", "kind", "regio", "website", "introduction", "koppen", "deelnemers"]
        fields += ["_links"]
        names = {"name": "naam", "short_name": "korteNaam", "kind": "soort", "introduction": "inleiding"}


class UnitSerializer(RenamingModelSerializer):
    """Een eenheid (RVE) of hoofdstuk van het productenboek van een organisatie."""

    organisatie = OrganisationReferenceSerializer(source="organisation", read_only=True)
    _links = LinksField(
        {
            "self": unit_url,
            "organisatie": lambda u, r: organisation_url(u.organisation, r),
            "producten": lambda u, r: products_url(r, organisatie=u.organisation.slug, eenheid=u.slug),
        }
    )

    class Meta:
        ref_name = "Eenheid"
        model = Unit
        fields = ["slug", "name", "order", "introduction", "organisatie", "_links"]
        names = {"name": "naam", "order": "volgorde", "introduction": "inleiding"}


class TierSerializer(RenamingModelSerializer):
    """Een schil: de eigen indeling van een organisatie naar opdrachtgever en financiering."""

    organisatie = OrganisationReferenceSerializer(source="organisation", read_only=True)
    _links = LinksField(
        {
            "self": tier_url,
            "organisatie": lambda t, r: organisation_url(t.organisation, r),
            "producten": lambda t, r: products_url(r, organisatie=t.organisation.slug, schil=t.code),
        }
    )

    class Meta:
        ref_name = "Schil"
        model = Tier
        fields = ["code", "name", "definition", "order", "statutory", "commissioning", "organisatie", "_links"]
        names = {
            "name": "naam",
            "definition": "betekenis",
            "order": "volgorde",
            "statutory": "wettelijkeTaak",
            "commissioning": "opdrachtgever",
        }


class LawSerializer(RenamingModelSerializer):
    """Een wet (wettelijk kader) waarop producten rusten."""

    officieleTekst = serializers.CharField(
        source="official_url",
        read_only=True,
        help_text="Link naar de officiële tekst (wetten.overheid.nl of elders); leeg als die onbekend is.",
    )
    _links = LinksField({"self": law_url, "producten": lambda w, r: products_url(r, wet=w.slug)})

    class Meta:
        ref_name = "Wet"
        model = LegalFramework
        fields = ["slug", "name", "abbreviation", "bwb_id", "officieleTekst", "_links"]
        names = {"name": "naam", "abbreviation": "afkorting", "bwb_id": "bwbId"}


class EditionSerializer(RenamingModelSerializer):
    """Een editie: het productenboek van een organisatie voor één jaar."""

    organisatie = OrganisationReferenceSerializer(source="organisation", read_only=True)
    gebaseerdOp = serializers.IntegerField(
        source="based_on.year",
        read_only=True,
        allow_null=True,
        help_text="Jaar van de editie waarvan deze editie een kopie is; basis voor de vergelijking tussen jaren.",
    )
    _links = LinksField(
        {
            "self": edition_url,
            "organisatie": lambda e, r: organisation_url(e.organisation, r),
            "producten": lambda e, r: products_url(r, organisatie=e.organisation.slug, jaar=e.year),
        }
    )

    class Meta:
        ref_name = "Editie"
        model = Edition
        fields = ["year", "title", "state", "published_at", "gebaseerdOp", "organisatie", "_links"]
        names = {"year": "jaar", "title": "titel", "state": "status", "published_at": "gepubliceerdOp"}


def glossary_slug(term: str) -> str:
    return slugify(term) or "-"


def glossary_term_url(term: GlossaryTerm, request: Request | None) -> str:
    return absolute_url(
        request, "glossary-term-detail", organisatie=term.organisation.slug, slug=glossary_slug(term.term)
    )


class GlossaryTermSerializer(RenamingModelSerializer):
    """Een begrip uit de begrippenlijst van een organisatie."""

    slug = serializers.SerializerMethodField(help_text="Het begrip als slug; staat in de URL van het begrip.")
    organisatie = OrganisationReferenceSerializer(source="organisation", read_only=True)
    _links = LinksField({"self": glossary_term_url, "organisatie": lambda g, r: organisation_url(g.organisation, r)})

    class Meta:
        ref_name = "Begrip"
        model = GlossaryTerm
        fields = ["term", "slug", "definition", "organisatie", "_links"]
        names = {"term": "begrip", "definition": "omschrijving"}

    def get_slug(self, obj: GlossaryTerm) -> str:
        return glossary_slug(obj.term)


class ProductTierSerializer(RenamingModelSerializer):
    """Een schil waarin het product valt."""

    code = serializers.CharField(source="tier.code", help_text="Korte code van de schil, bv. '2a'.")
    naam = serializers.CharField(source="tier.name", help_text="Naam van de schil, bv. 'Schil 2a'.")
    opdrachtgever = serializers.ChoiceField(
        source="tier.commissioning",
        choices=Tier._meta.get_field("commissioning").choices,
        help_text=Tier._meta.get_field("commissioning").help_text,
    )
    wettelijkeTaak = serializers.BooleanField(source="tier.statutory", help_text="Of het een wettelijke taak is.")
    # pt.product is the prefetching product (organisation selected): no query per row.
    _links = LinksField(
        {
            "self": lambda pt, r: absolute_url(
                r, "tier-detail", organisatie=pt.product.organisation.slug, code=pt.tier.code
            )
        }
    )

    class Meta:
        ref_name = "ProductSchil"
        model = ProductTier
        fields = ["code", "naam", "opdrachtgever", "wettelijkeTaak", "_links"]


class LegalBasisSerializer(RenamingModelSerializer):
    """Eén wettelijke grondslag van een product: een wet, eventueel met artikel en toelichting."""

    wet = serializers.CharField(source="framework.name", help_text="Naam van de wet.")
    afkorting = serializers.CharField(source="framework.abbreviation", help_text="Afkorting van de wet, bv. 'Wpg'.")
    officieleTekst = serializers.CharField(
        source="framework.official_url", help_text="Link naar de officiële tekst van de wet; leeg als die onbekend is."
    )
    _links = LinksField({"wet": lambda lb, r: law_url(lb.framework, r)})

    class Meta:
        ref_name = "WettelijkeGrondslag"
        model = LegalBasis
        fields = ["wet", "afkorting", "article", "note", "officieleTekst", "_links"]
        names = {"article": "artikel", "note": "toelichting"}


class ProductUnitSerializer(serializers.Serializer):
    """Verwijzing naar de eenheid (RVE) van een product."""

    slug = serializers.CharField(source="unit.slug", help_text="Slug van de eenheid.")
    naam = serializers.CharField(source="unit.name", help_text="Naam van de eenheid.")
    _links = LinksField({"self": lambda p, r: unit_url(p.unit, r, p.organisation)})

    class Meta:
        ref_name = "ProductEenheid"


class ProductSerializer(RenamingModelSerializer):
    """Een product (taak of dienst) uit het productenboek van een organisatie."""

    jaar = serializers.IntegerField(source="edition.year", help_text="Jaar van de editie (productenboek).")
    organisatie = OrganisationReferenceSerializer(source="organisation", read_only=True)
    eenheid = ProductUnitSerializer(source="*", read_only=True)
    schillen = ProductTierSerializer(source="product_tiers", many=True, read_only=True)
    wettelijkeGrondslagen = LegalBasisSerializer(
        source="legal_bases", many=True, read_only=True, help_text="De wetten (en artikelen) waarop het product rust."
    )
    _links = LinksField(
        {
            "self": product_url,
            "organisatie": lambda p, r: organisation_url(p.organisation, r),
            "eenheid": lambda p, r: unit_url(p.unit, r, p.organisation),
            "editie": lambda p, r: absolute_url(
                r, "edition-detail", organisatie=p.organisation.slug, jaar=p.edition.year
            ),
        }
    )

    class Meta:
        ref_name = "Product"
        model = Product
        fields = [
            "slug",
            "title",
            "jaar",
            "organisatie",
            "eenheid",
            "schillen",
            "summary",
            "goal",
            "audience",
            "legal_text",
            "wettelijkeGrondslagen",
            "activities",
            "rationale",
            "result",
            "professionals",
            "contacts",
            "age_min_months",
            "age_max_months",
            "status",
            "order",
            "updated_at",
            "_links",
        ]
        names = {
            "title": "titel",
            "summary": "samenvatting",
            "goal": "doel",
            "audience": "doelgroep",
            "legal_text": "toelichtingWettelijkKader",
            "activities": "inhoud",
            "rationale": "waarom",
            "result": "resultaat",
            "contacts": "contact",
            "age_min_months": "leeftijdVanafMaanden",
            "age_max_months": "leeftijdTotEnMetMaanden",
            "order": "volgorde",
            "updated_at": "laatstGewijzigd",
        }


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TierCodesField(serializers.Field):
    """The codes of a product's tiers, from the prefetched ``product_tiers`` rows (no query per row)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="product_tiers", read_only=True, **kwargs)

    def to_representation(self, rows: Any) -> list[str]:
        return [row.tier.code for row in rows.all()]


class ProductReferenceSerializer(RenamingModelSerializer):
    """Verwijzing naar een product, met jaar, organisatie en schillen."""

    jaar = serializers.IntegerField(source="edition.year", help_text="Jaar van de editie (productenboek).")
    organisatie = serializers.CharField(source="organisation.slug", help_text="Slug van de organisatie.")
    schillen = TierCodesField(help_text="Codes van de schillen van het product.")
    _links = LinksField({"self": product_url})

    class Meta:
        ref_name = "ProductVerwijzing"
        model = Product
        fields = ["slug", "title", "jaar", "organisatie", "schillen", "_links"]
        names = {"title": "titel"}


PRODUCT_CSV_COLUMNS = (
    "Organisatie",
    "Jaar",
    "Eenheid",
    "Product",
    "Schillen",
    "Opdrachtgever",
    "Wettelijk kader",
    "Leeftijd vanaf (maanden)",
    "Leeftijd tot en met (maanden)",
    "Samenvatting",
    "Link",
)


def product_csv_row(product: Product, request: Request | None) -> dict[str, Any]:
    """One spreadsheet row: the columns an officer needs to budget what the municipality takes."""
    return {
        "Organisatie": product.organisation.short_name,
        "Jaar": product.edition.year,
        "Eenheid": product.unit.name,
        "Product": product.title,
        "Schillen": ", ".join(row.tier.name for row in product.product_tiers.all()),
        "Opdrachtgever": ", ".join(
            dict.fromkeys(row.tier.get_commissioning_display() for row in product.product_tiers.all())
        ),
        "Wettelijk kader": "; ".join(
            f"{basis.framework.abbreviation or basis.framework.name} {basis.article}".strip()
            for basis in product.legal_bases.all()
        ),
        "Leeftijd vanaf (maanden)": "" if product.age_min_months is None else product.age_min_months,
        "Leeftijd tot en met (maanden)": "" if product.age_max_months is None else product.age_max_months,
        "Samenvatting": product.summary,
        "Link": product_url(product, request),
    }


# --- viewsets ----------------------------------------------------------------------------------------------------


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


# The FilterSet is shared with the pages and the PDF; only its OpenAPI description is added here.
extend_schema_field({"type": "string", "description": "Leeftijd in jaren, bv. 3 of 1,5."})(
    ProductFilterSet.base_filters["leeftijd"]
)
extend_schema_field({"type": "integer", "minimum": 2000, "maximum": 2100})(ProductFilterSet.base_filters["jaar"])


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

    serializer_class = ProductSerializer
    pagination_class = paginated("producten")
    filterset_class = ProductFilterSet
    renderer_classes = (JSONRenderer, CSVRenderer)
    csv_columns = PRODUCT_CSV_COLUMNS
    extra_query_params = {"list": frozenset({"page", "pageSize"}), "retrieve": frozenset({"jaar"})}

    def get_queryset(self) -> QuerySet:
        return published_products()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        code = self.request.query_params.get("gemeente", "").strip()
        if code and not municipality_exists(code):
            raise exceptions.ValidationError(
                {"gemeente": [f"Er is geen gemeente met CBS-code '{code}'; gebruik bv. GM0513 voor Gouda."]}
            )
        # A stable order whatever the FilterSet sorted on: the primary key breaks ties.
        ordering = list(queryset.query.order_by)
        if "pk" not in ordering:
            queryset = queryset.order_by(*ordering, "pk")
        return queryset

    def paginate_queryset(self, queryset: QuerySet) -> list | None:
        if self.is_csv():
            return None  # the spreadsheet takes the whole selection
        return super().paginate_queryset(queryset)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.is_csv():
            return super().list(request, *args, **kwargs)
        products = self.filter_queryset(self.get_queryset())
        rows = [product_csv_row(product, request) for product in products]
        self.newest = max((product.updated_at for product in products), default=None)
        year = request.query_params.get("jaar") or settings.CATALOGUE_CURRENT_YEAR
        scope = slugify(request.query_params.get("gemeente") or request.query_params.get("organisatie") or "alle")
        filename = f"producten-{scope}-{year}.csv"
        return Response(rows, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    def is_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "csv" or self.kwargs.get("format") == "csv"

    def get_object(self) -> Product:
        raw_year = self.request.query_params.get("jaar")
        year = settings.CATALOGUE_CURRENT_YEAR if raw_year in (None, "") else _bounded_int(raw_year, "jaar", 2000, 2100)
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
        return product

    def last_modified(self) -> float | None:
        if self.action == "retrieve" and getattr(self, "object", None) is not None:
            return self.object.updated_at.timestamp()
        newest = getattr(self, "newest", None)
        if newest is None and self.action == "list" and getattr(self.paginator, "page", None) is not None:
            newest = self.paginator.page.paginator.newest  # counted together with the total
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
