"""Municipalities compared: the API side of /gemeenten/vergelijk/, as JSON and as a spreadsheet."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import _bounded_int
from api.serializers import CostSerializer, product_url
from api.spreadsheet import CSVRenderer, csv_amount
from api.views import ApiViewMixin
from services.costs import CostLine
from services.models import YEAR_MAX, YEAR_MIN
from services.municipality_comparison import (
    INDIVIDUALLY,
    JOINTLY,
    MAX_COMPARED,
    NOT_TAKEN,
    Comparison,
    ComparisonError,
    compare_municipalities,
    compared_municipalities,
)
from services.selectors import current_year

PARAMETERS = frozenset({"gemeente", "jaar", "verschillen", "format"})


class ComparedMunicipalitySerializer(serializers.Serializer):
    cbsCode = serializers.CharField(source="cbs_code")
    naam = serializers.CharField(source="name")


class ComparedProductSerializer(serializers.Serializer):
    organisatie = serializers.CharField()
    schil = serializers.CharField(allow_null=True)
    slug = serializers.CharField()
    titel = serializers.CharField()
    url = serializers.URLField()
    verschil = serializers.BooleanField(help_text="Niet elke gemeente neemt het product op dezelfde manier af.")
    afname = serializers.DictField(
        child=serializers.ChoiceField(choices=[JOINTLY, INDIVIDUALLY, NOT_TAKEN]),
        help_text="Per CBS-code: gezamenlijk, afzonderlijk of niet.",
    )
    kosten = serializers.DictField(
        child=CostSerializer(), help_text="Per CBS-code van een gemeente die het product afneemt: de kosten."
    )


class CostTotalSerializer(serializers.Serializer):
    """A compared municipality's known total (services.costs.CostSummary)."""

    totaalBekend = serializers.DecimalField(source="known_total", max_digits=14, decimal_places=2, allow_null=True)
    aantalOnbekend = serializers.IntegerField(source="unknown_count")
    verandering = serializers.DecimalField(source="change", max_digits=14, decimal_places=2, allow_null=True)
    veranderingOnbekendOmdat = serializers.CharField(source="change_reason")


class ComparedCostTotalSerializer(CostTotalSerializer):
    cbsCode = serializers.CharField()


class ComparisonSerializer(serializers.Serializer):
    jaar = serializers.IntegerField()
    gemeenten = ComparedMunicipalitySerializer(many=True)
    kosten = ComparedCostTotalSerializer(
        many=True, help_text="Per gemeente: de bekende kosten van alles wat ze afneemt, en hoeveel onbekend is."
    )
    producten = ComparedProductSerializer(many=True)


def _cost_cell(line: CostLine) -> str:
    """A spreadsheet cell: the amount (decimal comma) or "onbekend" with the reason."""
    return csv_amount(line.cost.amount) if line.cost.known else f"onbekend ({line.cost.reason})"


class ComparisonView(ApiViewMixin, APIView):
    """Twee tot zes gemeenten naast elkaar: welke producten elk afneemt, gezamenlijk of afzonderlijk."""

    renderer_classes = (JSONRenderer, CSVRenderer)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Before content negotiation, which would answer an unknown format with a bare 404.
        unknown = sorted(set(request.query_params) - PARAMETERS)
        if unknown:
            allowed = ", ".join(sorted(PARAMETERS))
            raise exceptions.ValidationError(
                {name: [f"Onbekende parameter; toegestaan zijn: {allowed}."] for name in unknown}
            )
        requested = request.query_params.get("format")
        if requested is not None and requested not in ("json", "csv"):
            raise exceptions.ValidationError({"format": [f"Onbekend formaat '{requested[:20]}'; kies uit: csv, json."]})
        super().initial(request, *args, **kwargs)

    @extend_schema(
        operation_id="gemeenten_vergelijken",
        parameters=[
            OpenApiParameter(
                "gemeente",
                {
                    "type": "array",
                    "items": {"type": "string", "pattern": "^GM[0-9]{4}$"},
                    "minItems": 2,
                    "maxItems": MAX_COMPARED,
                },
                OpenApiParameter.QUERY,
                required=True,
                explode=True,
                style="form",
                description=f"CBS-codes van twee tot {MAX_COMPARED} gemeenten; herhaal de parameter.",
            ),
            OpenApiParameter(
                "jaar",
                {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
                OpenApiParameter.QUERY,
                description="Jaar van de edities; standaard het huidige.",
            ),
            OpenApiParameter(
                "verschillen",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=["1"],
                description="1: alleen de producten waarin de gemeenten verschillen.",
            ),
            OpenApiParameter("format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["json", "csv"]),
        ],
        responses={200: ComparisonSerializer, (200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request) -> Response:
        raw_year = request.query_params.get("jaar")
        year = current_year() if raw_year in (None, "") else _bounded_int(raw_year, "jaar", YEAR_MIN, YEAR_MAX)
        try:
            municipalities = compared_municipalities(request.query_params.getlist("gemeente"), year)
        except ComparisonError as exc:
            raise exceptions.ValidationError({"gemeente": [str(exc)]}) from None
        comparison = compare_municipalities(municipalities, year)
        if request.query_params.get("verschillen") == "1":
            comparison = comparison.only_differences()
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return self.spreadsheet(comparison)
        return Response(
            {
                "jaar": year,
                "gemeenten": ComparedMunicipalitySerializer(municipalities, many=True).data,
                "kosten": [
                    {"cbsCode": summary.municipality.cbs_code, **CostTotalSerializer(summary).data}
                    for summary in comparison.costs
                ],
                "producten": [
                    {
                        "organisatie": row.product.organisation.slug,
                        "schil": group.tier.name if group.tier else None,
                        "slug": row.product.slug,
                        "titel": row.product.title,
                        "url": product_url(row.product, request),
                        "verschil": row.differs,
                        "afname": {m.cbs_code: taking for m, taking, _, _ in row.cells},
                        "kosten": {
                            m.cbs_code: CostSerializer(line.cost).data
                            for m, _, _, line in row.cells
                            if line is not None
                        },
                    }
                    for group in comparison.groups
                    for row in group.rows
                ],
            }
        )

    def spreadsheet(self, comparison: Comparison) -> Response:
        names = [m.name for m in comparison.municipalities]
        cost_names = [f"Kosten {m.name} (euro)" for m in comparison.municipalities]
        self.csv_columns = ["Organisatie", "Schil", "Product", *names, "Verschil", *cost_names, "Link"]
        rows: list[dict[str, Any]] = []
        for group in comparison.groups:
            for row in group.rows:
                rows.append(
                    {
                        "Organisatie": group.organisation.short_name,
                        "Schil": group.tier.name if group.tier else "",
                        "Product": row.product.title,
                        **{m.name: label for m, _, label, _ in row.cells},
                        "Verschil": "ja" if row.differs else "nee",
                        **{
                            f"Kosten {m.name} (euro)": _cost_cell(line)
                            for m, _, _, line in row.cells
                            if line is not None
                        },
                        "Link": product_url(row.product, self.request),
                    }
                )
        codes = "-".join(m.cbs_code.lower() for m in comparison.municipalities)
        filename = f"vergelijking-{codes}-{comparison.year}.csv"
        return Response(rows, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
