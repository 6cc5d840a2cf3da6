"""Annual editions: start next year's edition from this year's, and publish (freeze) an edition.

A new edition is a deep copy of the organisation's catalogue (products with their tiers, legal bases
and uptake) into a concept edition whose ``based_on`` names the source; the year-over-year comparison
(services.comparison) reads that link. Publishing an edition freezes it (services.freezing): its
products, texts, tiers, laws and uptake can no longer change, so its book keeps rendering as published.
"""

from django.db import transaction
from django.utils import timezone

from editorial import access
from editorial.history import product_relations
from editorial.operations.products import NotAllowed, WorkflowError
from municipalities.models import Municipality, Uptake
from services import published, versioning
from services.models import CONTENT_FIELDS, Edition, LegalBasis, Product, ProductTier, Status


def _check_may_administer(user, edition: Edition) -> None:
    if not access.may_administer(user, edition.organisation):
        raise NotAllowed("Alleen een beheerder van de organisatie mag edities starten en publiceren.")


def next_title(source: Edition, year: int) -> str:
    if str(source.year) in source.title:
        return source.title.replace(str(source.year), str(year))
    return f"Taken en diensten per januari {year}"


@transaction.atomic
def start_edition(*, user, source: Edition, year: int | None = None, title: str = "") -> Edition:
    """Copy ``source`` into a new concept edition of ``year`` (default: the next year)."""
    _check_may_administer(user, source)
    year = year or source.year + 1
    if year <= source.year:
        raise WorkflowError(f"Een nieuwe editie moet na {source.year} komen.", code="year")
    if Edition.objects.filter(organisation=source.organisation, year=year).exists():
        raise WorkflowError(f"{source.organisation} heeft al een editie {year}.", code="exists")
    edition = Edition(
        organisation=source.organisation,
        year=year,
        title=title or next_title(source, year),
        state=Edition.State.CONCEPT,
        based_on=source,
    )
    edition._history_user = user
    edition._change_reason = f"Gestart vanuit editie {source.year}"
    edition.full_clean()
    edition.save()

    # Only what the source edition's book holds: products themselves, not concept copies or archived ones.
    originals = list(
        Product.objects.originals()
        .filter(edition=source)
        .exclude(status=Status.ARCHIVED)
        .prefetch_related("product_tiers", "legal_bases", "uptakes__municipality__successor")
        .order_by("order", "pk")
    )
    copies = Product.objects.bulk_create(
        [
            Product(
                organisation=source.organisation,
                edition=edition,
                # What was public stays public in the new year; unfinished work stays concept.
                status=Status.PUBLISHED if product.status == Status.PUBLISHED else Status.CONCEPT,
                **{name: getattr(product, name) for name in CONTENT_FIELDS if name != "umbrella"},
            )
            for product in originals
        ]
    )
    # A part of an umbrella product points at the umbrella's copy in the new edition.
    copy_of = {product.pk: copy for product, copy in zip(originals, copies, strict=True)}
    parts = []
    for product, copy in zip(originals, copies, strict=True):
        if product.umbrella_id in copy_of:
            copy.umbrella = copy_of[product.umbrella_id]
            parts.append(copy)
    Product.objects.bulk_update(parts, ["umbrella"])
    tiers, bases, uptakes = [], [], []
    for product, copy in zip(originals, copies, strict=True):
        tiers += [ProductTier(product=copy, tier_id=row.tier_id) for row in product.product_tiers.all()]
        bases += [
            LegalBasis(product=copy, framework_id=row.framework_id, article=row.article, note=row.note, order=row.order)
            for row in product.legal_bases.all()
        ]
        uptakes += _uptake_in(copy, product.uptakes.all(), year)
    ProductTier.objects.bulk_create(tiers)
    LegalBasis.objects.bulk_create(bases)
    Uptake.objects.bulk_create(uptakes)
    reason = f"Overgenomen uit editie {source.year}"
    Product.history.bulk_history_create(copies, default_user=user, default_change_reason=reason)
    for model, rows in ((ProductTier, tiers), (LegalBasis, bases), (Uptake, uptakes)):
        model.history.bulk_history_create(rows, default_user=user, default_change_reason=reason)
    by_pk = {copy.pk: copy for copy in copies}
    history = list(Product.history.model.objects.filter(id__in=by_pk))
    for record in history:
        record.relations = product_relations(by_pk[record.id])
    Product.history.model.objects.bulk_update(history, ["relations"])
    versioning.advance()  # bulk writes send no signals
    return edition


def _uptake_in(copy: Product, rows, year: int) -> list[Uptake]:
    """Uptake carried into ``year``: a municipality merged away by then is replaced by its successor."""
    wanted: dict[int, Uptake] = {}
    for row in rows:
        municipality: Municipality | None = row.municipality
        while municipality is not None and municipality.dissolved_year and municipality.dissolved_year <= year:
            municipality = municipality.successor
        if municipality is not None and municipality.pk not in wanted:
            wanted[municipality.pk] = Uptake(product=copy, municipality=municipality, note=row.note)
    return list(wanted.values())


@transaction.atomic
def publish_edition(*, user, edition: Edition) -> Edition:
    """Publish and freeze the edition. Refused while products in it are still being edited or reviewed."""
    edition = Edition.objects.select_for_update().select_related("organisation").get(pk=edition.pk)
    _check_may_administer(user, edition)
    if edition.state == Edition.State.PUBLISHED:
        raise WorkflowError(f"De editie {edition.year} is al gepubliceerd.", code="state")
    pending = list(
        Product.objects.filter(edition=edition, status__in=[Status.CONCEPT, Status.IN_REVIEW]).order_by("title")
    )
    if pending:
        names = ", ".join(product.title for product in pending[:5]) + (" en meer" if len(pending) > 5 else "")
        raise WorkflowError(
            f"Er staan nog {len(pending)} producten in concept of ter beoordeling ({names}). Keur ze goed, wijs "
            "ze af of gooi de concepten weg voordat u de editie publiceert.",
            code="pending",
        )
    edition.state = Edition.State.PUBLISHED
    edition.published_at = timezone.now()
    edition._history_user = user
    edition._change_reason = "Gepubliceerd en bevroren"
    edition.full_clean()
    edition.save()
    # Units, tiers, laws and the glossary are shared with later editions; keep what this edition shows.
    published.record_snapshot(edition)
    return edition
