"""The resources of the JSON API: Dutch camelCase fields and HAL links, one serializer per representation."""

from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils.text import slugify
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from api.links import LinksField, RenamingModelSerializer, absolute_url
from municipalities.models import Municipality, Region
from services.costs import municipality_costs
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
from services.selectors import filter_products, product_contact


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

    regio: "serializers.SlugRelatedField[Region]" = serializers.SlugRelatedField(
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
        fields = ["slug", "name", "short_name", "kind", "regio", "website", "introduction", "general_contact"]
        fields += ["koppen", "deelnemers", "_links"]
        names = {
            "name": "naam",
            "short_name": "korteNaam",
            "kind": "soort",
            "introduction": "inleiding",
            "general_contact": "algemeenContact",
        }


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
        fields = ["slug", "name", "order", "introduction", "general_contact", "organisatie", "_links"]
        names = {
            "name": "naam",
            "order": "volgorde",
            "introduction": "inleiding",
            "general_contact": "algemeenContact",
        }


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
        choices=Tier._meta.get_field("commissioning").choices or (),
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


@extend_schema_field(
    {
        "type": "object",
        "description": "Een tabel uit het boek (bv. de vaccinaties van het RVP); leeg object als er geen is.",
        "properties": {
            "columns": {"type": "array", "items": {"type": "string"}, "description": "Kolomkoppen."},
            "rows": {
                "type": "array",
                "items": {"type": "array", "items": {"type": "string"}},
                "description": "Rijen, één cel per kolom.",
            },
            "note": {"type": "string", "description": "Voetnoot bij de tabel."},
        },
    }
)
class ProductTableField(serializers.JSONField):
    """A product's table (services.tables) as stored."""


class ProductContactSerializer(serializers.Serializer):
    """Wie u over een product kunt vragen: het eigen contact van het product, anders het algemene
    contact van de eenheid, anders dat van de organisatie."""

    tekst = serializers.CharField(
        source="text", help_text="Contactgegevens, één per regel (e-mail, telefoon, website)."
    )
    herkomst = serializers.ChoiceField(
        source="source",
        choices=[("product", "product"), ("eenheid", "eenheid"), ("organisatie", "organisatie")],
        help_text="Van wie het contact is: het product zelf, zijn eenheid of zijn organisatie.",
    )
    naam = serializers.CharField(source="name", help_text="Naam van het product, de eenheid of de organisatie.")

    class Meta:
        ref_name = "ProductContact"


class ProductSerializer(RenamingModelSerializer):
    """Een product (taak of dienst) uit het productenboek van een organisatie."""

    jaar = serializers.IntegerField(source="edition.year", help_text="Jaar van de editie (productenboek).")
    organisatie = OrganisationReferenceSerializer(source="organisation", read_only=True)
    eenheid = ProductUnitSerializer(source="*", read_only=True)
    schillen = ProductTierSerializer(source="product_tiers", many=True, read_only=True)
    wettelijkeGrondslagen = LegalBasisSerializer(
        source="legal_bases", many=True, read_only=True, help_text="De wetten (en artikelen) waarop het product rust."
    )
    tabel = ProductTableField(source="table", read_only=True)
    contactVoorVragen = serializers.SerializerMethodField(
        help_text="Het contact van het product, of het algemene contact van zijn eenheid of organisatie als het "
        "product er zelf geen noemt; null als geen van drieën een contact noemt."
    )
    onderdeelVan: "serializers.SlugRelatedField[Product]" = serializers.SlugRelatedField(
        source="umbrella",
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug van het overkoepelende product (zelfde editie) waarvan dit een onderdeel is, of null.",
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
            "contactVoorVragen",
            "tabel",
            "onderdeelVan",
            "age_min_months",
            "age_max_months",
            "financing",
            "price",
            "price_unit",
            "price_source",
            "status",
            "order",
            "updated_at",
            "_links",
        ]
        names = {
            "financing": "financiering",
            "price": "prijs",
            "price_unit": "prijsPer",
            "price_source": "bronPrijs",
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

    @extend_schema_field(ProductContactSerializer(allow_null=True))
    def get_contactVoorVragen(self, product: Product) -> dict[str, str] | None:
        contact = product_contact(product)
        return None if contact is None else dict(ProductContactSerializer(contact).data)


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

    opgegaanIn: "serializers.SlugRelatedField[Municipality]" = serializers.SlugRelatedField(
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
        products = filter_products(query).qs.in_book_order()
        # many=True makes a ListSerializer, whose data is a list; the stubs type every serializer's data as a dict.
        return ProductReferenceSerializer(products, many=True, context=self.context).data  # type: ignore[return-value]


class CostSerializer(serializers.Serializer):
    """Een bedrag volgens de kostenregel (services.costs), of waarom het onbekend is."""

    bedrag = serializers.DecimalField(
        source="amount", max_digits=14, decimal_places=2, allow_null=True, help_text="In euro's; null als onbekend."
    )
    onbekendOmdat = serializers.CharField(source="reason", help_text="Waarom het bedrag onbekend is, anders leeg.")
    berekening = serializers.CharField(source="basis", help_text="Hoe het bedrag is berekend, bv. prijs × inwoners.")


class CostLineSerializer(serializers.Serializer):
    """De kosten van één afgenomen product voor de gemeente, dit jaar en in de vorige editie."""

    product = ProductReferenceSerializer(read_only=True)
    financiering = serializers.CharField(source="product.financing", help_text="Financieringsroute; leeg: onbekend.")
    prijs = serializers.DecimalField(source="product.price", max_digits=12, decimal_places=2, allow_null=True)
    prijsPer = serializers.CharField(source="product.price_unit", help_text="Eenheid van de prijs; leeg: geen prijs.")
    bronPrijs = serializers.CharField(source="product.price_source")
    kosten = CostSerializer(source="cost")
    vorigJaar = serializers.IntegerField(
        source="previous_year", allow_null=True, help_text="Jaar van de vorige editie."
    )
    kostenVorigJaar = CostSerializer(
        source="previous", allow_null=True, help_text="Null als de gemeente het product toen niet afnam."
    )
    verandering = serializers.DecimalField(
        source="change",
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="Alleen als beide jaren bekend zijn.",
    )


class DroppedLineSerializer(serializers.Serializer):
    """Een product dat de gemeente in de vorige editie afnam en nu niet meer, met wat het toen kostte."""

    product = ProductReferenceSerializer(read_only=True, help_text="Het product zoals het in de vorige editie was.")
    kostenVorigJaar = CostSerializer(source="previous")


class CostSummarySerializer(serializers.Serializer):
    """Wat de afgenomen producten de gemeente kosten: alleen uit vastgelegde prijzen en inwonertallen."""

    jaar = serializers.IntegerField(source="year")
    inwoners = serializers.IntegerField(source="population.inhabitants", allow_null=True, default=None)
    peildatum = serializers.DateField(source="population.reference_date", allow_null=True, default=None)
    totaalBekend = serializers.DecimalField(
        source="known_total",
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="Som van de bekende bedragen; null als geen enkel bedrag bekend is.",
    )
    aantalBekend = serializers.IntegerField(source="known_count")
    aantalOnbekend = serializers.IntegerField(source="unknown_count", help_text="Producten zonder bekend bedrag.")
    totaalVorigJaar = serializers.DecimalField(
        source="previous_total", max_digits=14, decimal_places=2, allow_null=True
    )
    verandering = serializers.DecimalField(
        source="change",
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="Alleen als beide jaren volledig bekend zijn; anders null, met de reden.",
    )
    veranderingOnbekendOmdat = serializers.CharField(source="change_reason")
    producten = CostLineSerializer(source="lines", many=True)
    nietMeerAfgenomen = DroppedLineSerializer(
        source="dropped",
        many=True,
        help_text="Wat de gemeente vorig jaar afnam en nu niet meer; het totaal van vorig jaar omvatte het.",
    )


@extend_schema_field(CostSummarySerializer)
class CostsField(serializers.Field):
    """The municipality's costs in the current edition (services.costs.municipality_costs)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, municipality: Municipality) -> dict:
        summary = municipality_costs(municipality, settings.CATALOGUE_CURRENT_YEAR)
        return CostSummarySerializer(summary, context=self.context).data


class MunicipalityDetailSerializer(MunicipalitySerializer):
    """Een gemeente, met de producten die ze in de huidige editie afneemt en wat die kosten."""

    afgenomenProducten = TakenProductsField(
        help_text="De gepubliceerde producten die de gemeente in de huidige editie afneemt."
    )
    kosten = CostsField(
        help_text="Kosten per afgenomen product en in totaal, met de verandering ten opzichte van de vorige editie. "
        "Onbekende bedragen zijn null met de reden; er wordt niets geschat."
    )

    class Meta(MunicipalitySerializer.Meta):
        ref_name = "GemeenteDetail"
        fields = [*MunicipalitySerializer.Meta.fields, "afgenomenProducten", "kosten"]


class RegionSerializer(RenamingModelSerializer):
    """Een regio (GGD-regio, subregio of werkgebied) met haar gemeenten."""

    valtOnder: "serializers.SlugRelatedField[Region]" = serializers.SlugRelatedField(
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
