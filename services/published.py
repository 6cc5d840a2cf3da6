"""The shared rows as a published edition printed them: its organisation, units, tiers, laws and glossary.

A published edition's own rows (products, tiers per product, legal bases, uptake) are frozen
(services.freezing). The rows it *shares* with other editions are not: a tier is renamed, a law gets a
new name, a glossary term is added while the next edition is being written. So each published edition
keeps a snapshot of them (``Edition.reference``): a versioned reference, written once, that every
public page, API answer and book of the edition reads instead of the live rows. Concept editions read
the live rows, so they show every change at once.

The snapshot is taken when the edition is published (``editorial.operations.editions.publish_edition``)
and, for editions published by an import or loaded from fixtures, at the latest just before the first
change to a shared row they print (``protect_published_editions``, a pre_save/pre_delete receiver on
those models, so the admin, the importer and the shell are all covered). One receiver, one rule.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef

from services.models import Edition, GlossaryTerm, LegalFramework, Organisation, Product, Tier, Unit

SHARED_MODELS: tuple[type[models.Model], ...] = (Organisation, Unit, Tier, LegalFramework, GlossaryTerm)


def _row(obj: models.Model) -> dict[str, Any]:
    return {f.attname: f.value_from_object(obj) for f in obj._meta.concrete_fields}


def snapshot_of(edition: Edition) -> dict[str, Any]:
    """The shared rows as they are now, as plain data (what ``Edition.reference`` stores)."""
    organisation_id = edition.organisation_id
    laws = LegalFramework.objects.filter(legal_bases__product__edition=edition).distinct().order_by("pk")
    return {
        "organisation": _row(Organisation.objects.get(pk=organisation_id)),
        "units": [_row(unit) for unit in Unit.objects.filter(organisation_id=organisation_id).order_by("pk")],
        "tiers": [_row(tier) for tier in Tier.objects.filter(organisation_id=organisation_id).order_by("pk")],
        "laws": [_row(law) for law in laws],
        "glossary": [
            _row(term) for term in GlossaryTerm.objects.filter(organisation_id=organisation_id).order_by("pk")
        ],
    }


def record_snapshot(edition: Edition) -> None:
    """Store the snapshot on the edition (an update, not a save: the published edition itself is frozen)."""
    reference = snapshot_of(edition)
    Edition.objects.filter(pk=edition.pk).update(reference=reference)
    edition.reference = reference


@dataclass
class Reference:
    """A published edition's shared rows, as unsaved model instances keyed by id."""

    organisation: Organisation
    units: dict[int, Unit] = field(default_factory=dict)
    tiers: dict[int, Tier] = field(default_factory=dict)
    laws: dict[int, LegalFramework] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)

    def tier_list(self) -> list[Tier]:
        return sorted(self.tiers.values(), key=lambda tier: (tier.order, tier.code))


def _instance(model: type[models.Model], row: dict[str, Any]) -> Any:
    obj = model(**row)
    obj._state.adding = False
    obj._state.db = "default"
    return obj


def reference_of(edition: Edition) -> Reference | None:
    """The snapshot of a published edition, or None for a concept edition (or one not yet snapshotted,
    whose shared rows have not changed since it was published)."""
    if edition.state != Edition.State.PUBLISHED or not edition.reference:
        return None
    data = edition.reference
    return Reference(
        organisation=_instance(Organisation, data["organisation"]),
        units={row["id"]: _instance(Unit, row) for row in data["units"]},
        tiers={row["id"]: _instance(Tier, row) for row in data["tiers"]},
        laws={row["id"]: _instance(LegalFramework, row) for row in data["laws"]},
        glossary=sorted((_instance(GlossaryTerm, row) for row in data["glossary"]), key=lambda term: term.term),
    )


def print_as_published(products: Iterable[Product]) -> None:
    """Give the products of published editions their organisation, unit, tiers and laws as published.

    ``products`` are loaded with ``product_tiers__tier`` and ``legal_bases__framework`` prefetched; the
    rows are replaced in place, nothing is saved. One query for the editions, whatever the number of products.
    """
    products = list(products)
    editions = {product.edition_id: product.edition for product in products if Product.edition.is_cached(product)}
    if missing := {product.edition_id for product in products} - editions.keys():
        editions.update(Edition.objects.in_bulk(missing))
    references = {pk: reference_of(edition) for pk, edition in editions.items()}
    for product in products:
        if (reference := references.get(product.edition_id)) is not None:
            apply_reference(reference, product)


def apply_reference(reference: Reference, product: Product) -> None:
    """Give ``product`` the shared rows it has loaded (organisation, unit, prefetched tiers and legal bases)
    as published; nothing is loaded for it. The general contacts stay today's: whom to ask is today's
    answer (services.selectors.product_contact), not the one printed a year ago.
    """
    if Product.organisation.is_cached(product):
        _keep_live_contact(reference.organisation, product.organisation)
    product.organisation = reference.organisation
    if Product.unit.is_cached(product) and (unit := reference.units.get(product.unit_id)) is not None:
        _keep_live_contact(unit, product.unit)
        product.unit = unit
    prefetched = getattr(product, "_prefetched_objects_cache", {})
    if "product_tiers" in prefetched:
        for row in product.product_tiers.all():
            row.tier = reference.tiers.get(row.tier_id, row.tier)
    if "legal_bases" in prefetched:
        for basis in product.legal_bases.all():
            basis.framework = reference.laws.get(basis.framework_id, basis.framework)


def _keep_live_contact(published: Organisation | Unit, live: Organisation | Unit) -> None:
    if "general_contact" not in live.get_deferred_fields():  # a list that did not load it shows none
        published.general_contact = live.general_contact


def _editions_printing(instance: models.Model) -> models.QuerySet[Edition]:
    published = Edition.objects.filter(state=Edition.State.PUBLISHED, reference__isnull=True)
    if instance.pk is None:
        # A new unit, tier or term: it would appear in the books of the organisation's published editions.
        # An edition without products yet prints nothing (an import or fixture filling it); leave it be.
        published = published.filter(Exists(Product.objects.filter(edition=OuterRef("pk"))))
    if isinstance(instance, Organisation):
        return published.filter(organisation_id=instance.pk) if instance.pk else published.none()
    if isinstance(instance, LegalFramework):
        if not instance.pk:
            return published.none()  # a new law is in no book yet
        return published.filter(products__legal_bases__framework_id=instance.pk).distinct()
    # Units, tiers, glossary terms: every published edition of their organisation, new rows too.
    organisation_id = getattr(instance, "organisation_id", None)
    return published.filter(organisation_id=organisation_id) if organisation_id else published.none()


def protect_published_editions(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """pre_save/pre_delete: snapshot the published editions that print ``instance`` before it changes."""
    from services.freezing import writes_allowed

    if kwargs.get("raw") or writes_allowed():
        # Fixtures being loaded; the importer re-reading a published edition's own book.
        return
    for edition in _editions_printing(instance):
        record_snapshot(edition)


def connect() -> None:
    from django.db.models.signals import pre_delete, pre_save

    for model in SHARED_MODELS:
        uid = f"services.published:{model._meta.label}"
        pre_save.connect(protect_published_editions, sender=model, dispatch_uid=f"{uid}:save")
        pre_delete.connect(protect_published_editions, sender=model, dispatch_uid=f"{uid}:delete")
