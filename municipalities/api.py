"""Municipalities and regions in the JSON API; a municipality links to the products it takes."""

import re
from typing import Any

from django.db.models import Prefetch
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from catalogue.api import (
    CatalogueViewSet,
    LinksField,
    RenamingModelSerializer,
    absolute_url,
    paginated,
    path_parameter,
    path_parameters,
)
from municipalities.models import Municipality, Region
from services.api import ProductReferenceSerializer, organisation_url, products_url
from services.models import Membership
from services.selectors import filter_products


def municipality_url(municipality: Municipality, request: Request | None) -> str:
    return absolute_url(request, "municipality-detail", cbsCode=municipality.cbs_code)


def region_url(region: Region, request: Request | None) -> str:
    return absolute_url(request, "region-detail", slug=region.slug)


class RegionReferenceSerializer(RenamingModelSerializer):
    """Verwijzing naar een regio."""

    _links = LinksField({"self": region_url})

    class Meta:
        ref_name = "RegioVerwijzing"
        model = Region
        fields = ["slug", "name", "_links"]
        names = {"name": "naam"}


class MunicipalityReferenceSerializer(RenamingModelSerializer):
    """Verwijzing naar een gemeente."""

    _links = LinksField({"self": municipality_url})

    class Meta:
        ref_name = "GemeenteVerwijzing"
        model = Municipality
        fields = ["cbs_code", "name", "_links"]
        names = {"cbs_code": "cbsCode", "name": "naam"}


class MunicipalityMembershipSerializer(RenamingModelSerializer):
    """Een organisatie waaraan de gemeente deelneemt, met de jaren van deelname."""

    organisatie = serializers.CharField(source="organisation.slug", help_text="Slug van de organisatie.")
    naam = serializers.CharField(source="organisation.short_name", help_text="Korte naam van de organisatie.")
    _links = LinksField({"organisatie": lambda m, r: organisation_url(m.organisation, r)})

    class Meta:
        ref_name = "GemeenteDeelname"
        model = Membership
        fields = ["organisatie", "naam", "start_year", "end_year", "_links"]
        names = {"start_year": "vanafJaar", "end_year": "totEnMetJaar"}


class MunicipalitySerializer(RenamingModelSerializer):
    """Een gemeente, met links naar de producten die ze afneemt."""

    opgegaanIn = serializers.SlugRelatedField(
        source="successor",
        slug_field="cbs_code",
        read_only=True,
        allow_null=True,
        help_text="CBS-code van de gemeente waarin deze gemeente bij een herindeling is opgegaan.",
    )
    regios = RegionReferenceSerializer(source="regions", many=True, read_only=True, help_text="De regio's.")
    organisaties = MunicipalityMembershipSerializer(
        source="memberships", many=True, read_only=True, help_text="De organisaties waaraan de gemeente deelneemt."
    )
    _links = LinksField(
        {
            "self": municipality_url,
            "producten": lambda m, r: products_url(r, gemeente=m.cbs_code),
            "productenCsv": lambda m, r: products_url(r, gemeente=m.cbs_code, format="csv"),
        },
        help_text=(
            "Links; 'producten' is de lijst van producten die de gemeente in de huidige editie afneemt, "
            "'productenCsv' dezelfde lijst als spreadsheet."
        ),
    )

    class Meta:
        ref_name = "Gemeente"
        model = Municipality
        fields = ["cbs_code", "name", "slug", "dissolved_year", "opgegaanIn", "regios", "organisaties", "_links"]
        names = {"cbs_code": "cbsCode", "name": "naam", "dissolved_year": "opgehevenPer"}


@extend_schema_field(ProductReferenceSerializer(many=True))
class TakenProductsField(serializers.Field):
    """The products the municipality takes in the current edition: the catalogue's own filter and selector."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="cbs_code", read_only=True, **kwargs)

    def to_representation(self, cbs_code: str) -> list:
        query = QueryDict(mutable=True)
        query["gemeente"] = cbs_code
        products = filter_products(query).qs.order_by("organisation__name", "unit__order", "order", "title", "pk")
        return ProductReferenceSerializer(products, many=True, context=self.context).data


class MunicipalityDetailSerializer(MunicipalitySerializer):
    """Een gemeente, met de producten die ze in de huidige editie afneemt."""

    afgenomenProducten = TakenProductsField(
        help_text="De gepubliceerde producten die de gemeente in de huidige editie afneemt."
    )

    class Meta(MunicipalitySerializer.Meta):
        ref_name = "GemeenteDetail"
        fields = [*MunicipalitySerializer.Meta.fields, "afgenomenProducten"]


class RegionSerializer(RenamingModelSerializer):
    """Een regio (GGD-regio, subregio of werkgebied) met haar gemeenten."""

    valtOnder = serializers.SlugRelatedField(
        source="parent",
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug van de bovenliggende regio.",
    )
    gemeenten = MunicipalityReferenceSerializer(
        source="municipalities", many=True, read_only=True, help_text="De gemeenten in deze regio."
    )
    _links = LinksField(
        {
            "self": region_url,
            "valtOnder": lambda reg, r: region_url(reg.parent, r) if reg.parent_id else None,
        },
        optional=("valtOnder",),
    )

    class Meta:
        ref_name = "Regio"
        model = Region
        fields = ["slug", "name", "kind", "valtOnder", "gemeenten", "_links"]
        names = {"name": "naam", "kind": "soort"}


CBS_CODE = re.compile(r"GM[0-9]{4}")

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
        code = self.kwargs["cbsCode"].upper()
        if not CBS_CODE.fullmatch(code):
            raise exceptions.NotFound(f"'{code[:20]}' is geen CBS-code; die heeft de vorm GM0513.")
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
