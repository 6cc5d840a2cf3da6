"""The shipped fixtures: what they contain and how they are written.

`export_fixtures` writes them from the database; the test suite rebuilds the catalogue from the source
books with the importer and checks that it serialises to exactly the committed files.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Model, QuerySet

from municipalities.models import Municipality, Region, Uptake
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

FIXTURES_DIR = Path(settings.RESOURCES_DIR) / "fixtures"
# Fields that describe a database's history rather than the catalogue.
VOLATILE_FIELDS = {"updated_at", "search_vector", "reference"}  # reference: services.published
# Editorial state (editorial.operations.products): who is working on what, not what the book says.
VOLATILE_FIELDS |= {
    "version",
    "draft_of",
    "review_due",
    "last_edited_by",
    "submitted_by",
    "submitted_at",
    "review_note",
}
# A shipped product was last changed when its book appeared: 1 January of the edition year.
SHIPPED_TIMESTAMP = "{year}-01-01T00:00:00Z"
# Organisation slug -> fixture name, for the catalogues shipped with the product.
SHIPPED_CATALOGUES = {"hecht": "hecht-2026", "cjg-rijnmond": "cjg-rijnmond-2026"}


def reference_querysets() -> list[QuerySet]:
    return [
        # Rows without a parent/successor first, whatever the database's NULL ordering.
        Region.objects.order_by(F("parent__slug").asc(nulls_first=True), "slug"),
        Municipality.objects.order_by(F("successor__cbs_code").asc(nulls_first=True), "cbs_code"),
        LegalFramework.objects.order_by("slug"),
    ]


def catalogue_querysets(organisation: Organisation) -> list[QuerySet]:
    return [
        Organisation.objects.filter(pk=organisation.pk),
        Membership.objects.filter(organisation=organisation).order_by("municipality__cbs_code"),
        Unit.objects.filter(organisation=organisation).order_by("order", "slug"),
        Tier.objects.filter(organisation=organisation).order_by("order", "code"),
        Edition.objects.filter(organisation=organisation).order_by("year"),
        Product.objects.originals().filter(organisation=organisation).order_by("edition__year", "order", "slug"),
        ProductTier.objects.filter(product__organisation=organisation, product__draft_of__isnull=True).order_by(
            "product__edition__year", "product__order", "tier__order"
        ),
        LegalBasis.objects.filter(product__organisation=organisation, product__draft_of__isnull=True).order_by(
            "product__edition__year", "product__order", "order", "framework__slug"
        ),
        Uptake.objects.filter(product__organisation=organisation, product__draft_of__isnull=True).order_by(
            "product__edition__year", "product__order", "municipality__cbs_code"
        ),
        GlossaryTerm.objects.filter(organisation=organisation).order_by("term"),
    ]


def serialise(querysets: list[QuerySet]) -> list[dict]:
    objects: list[dict] = []
    for queryset in querysets:
        model: type[Model] = queryset.model
        fields = [
            f.name
            for f in model._meta.get_fields()
            # The stubs miss that a GenericForeignKey is a Field (with primary_key) since Django 5.1.
            if f.concrete and not f.primary_key and f.name not in VOLATILE_FIELDS and not f.auto_created  # type: ignore[union-attr]
        ]
        objects += serializers.serialize(
            "python",
            queryset,
            fields=fields,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    for obj in objects:
        if obj["model"] == "services.product":
            obj["fields"]["updated_at"] = SHIPPED_TIMESTAMP.format(year=obj["fields"]["edition"][1])
    return json.loads(json.dumps(objects, cls=DjangoJSONEncoder))


def fixture_contents() -> dict[str, list[dict]]:
    """Fixture name -> its objects, as the database holds them now."""
    contents = {"reference": serialise(reference_querysets())}
    for slug, name in SHIPPED_CATALOGUES.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is not None:
            contents[name] = serialise(catalogue_querysets(organisation))
    return contents


def write_fixtures(directory: Path = FIXTURES_DIR) -> list[Path]:
    written = []
    for name, objects in fixture_contents().items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(objects, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
