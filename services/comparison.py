"""What changed from one edition to the next: the year-over-year overview (public page and book appendix).

Products are matched by slug. For each pair the overview names the sections that differ, the tier
changes, and per municipality which products it takes or no longer takes (jointly commissioned tiers
count for every member of that year; the other tiers where an uptake row says so: ``ProductQuerySet.taken_by``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from municipalities.models import Municipality, Uptake
from services.models import CONTENT_FIELDS, Edition, LegalBasis, Product, ProductQuerySet, ProductTier, Status

# Sections a reader of the book cares about; slug, order and review date are bookkeeping.
# The umbrella is another edition's row in each edition: its own changes show on the umbrella product.
COMPARED_FIELDS = [name for name in CONTENT_FIELDS if name not in {"slug", "order", "review_due", "umbrella"}]


@dataclass
class ProductRef:
    slug: str
    title: str
    product: Product


@dataclass
class ChangedProduct:
    slug: str
    title: str
    old: Product
    new: Product
    sections: list[str]


@dataclass
class TierChange:
    slug: str
    title: str
    old: list[str]
    new: list[str]


@dataclass
class UptakeChange:
    municipality: Municipality
    added: list[str] = field(default_factory=list)  # product titles
    removed: list[str] = field(default_factory=list)


@dataclass
class EditionComparison:
    old: Edition
    new: Edition
    added: list[ProductRef]
    removed: list[ProductRef]
    changed: list[ChangedProduct]
    tier_changes: list[TierChange]
    uptake_changes: list[UptakeChange]
    unchanged_count: int = 0
    # Every product compared, by slug: the old edition's and the new one's.
    old_products: dict[str, Product] = field(default_factory=dict)
    new_products: dict[str, Product] = field(default_factory=dict)


def edition_products(edition: Edition, *, published_only: bool = True) -> ProductQuerySet:
    queryset = Product.objects.originals().filter(edition=edition).exclude(status=Status.ARCHIVED)
    if published_only:
        # Published products of the given edition; public callers pass published editions only
        # (EditionQuerySet.published), staff compare a concept edition with what it will publish.
        queryset = queryset.filter(status=Status.PUBLISHED)
    return queryset.select_related("unit").prefetch_related(
        Prefetch("product_tiers", queryset=ProductTier.objects.select_related("tier").order_by("tier__order")),
        Prefetch("legal_bases", queryset=LegalBasis.objects.select_related("framework").order_by("order", "id")),
        Prefetch("uptakes", queryset=Uptake.objects.select_related("municipality")),
    )


def previous_edition(edition: Edition) -> Edition | None:
    """The edition this one is compared with: the one it was copied from, else the year before."""
    return previous_editions([edition]).get(edition.pk)


def previous_editions(editions: Iterable[Edition]) -> dict[int, Edition]:
    """:func:`previous_edition` of each of ``editions`` (by edition id; left out where there is none), in
    at most two queries whatever their number."""
    editions = list(editions)
    found: dict[int, Edition] = {}
    copied = {edition.pk: edition.based_on_id for edition in editions if edition.based_on_id}
    if copied:
        sources = Edition.objects.in_bulk(set(copied.values()))
        found.update({pk: sources[source] for pk, source in copied.items() if source in sources})
    wanted = {
        (edition.organisation_id, edition.year - 1): edition.pk for edition in editions if not edition.based_on_id
    }
    if wanted:
        query = Q()
        for organisation_id, year in wanted:
            query |= Q(organisation_id=organisation_id, year=year)
        for before in Edition.objects.filter(query).order_by("pk"):
            found.setdefault(wanted[(before.organisation_id, before.year)], before)
    return found


def _sections(old: Product, new: Product, labels: dict[str, str]) -> list[str]:
    sections = []
    for name in COMPARED_FIELDS:
        before = old.unit.slug if name == "unit" else getattr(old, name)
        after = new.unit.slug if name == "unit" else getattr(new, name)
        if before != after:
            sections.append(labels[name])
    if _tiers(old) != _tiers(new):
        sections.append("Schillen")
    if _laws(old) != _laws(new):
        sections.append("Wettelijke grondslagen")
    if _uptake(old) != _uptake(new):
        sections.append("Afname door gemeenten")
    return sections


def _tiers(product: Product) -> list[str]:
    return [row.tier.code for row in product.product_tiers.all()]


def _laws(product: Product) -> list[tuple[str, str, str]]:
    return [(row.framework.slug, row.article, row.note) for row in product.legal_bases.all()]


def _uptake(product: Product) -> set[str]:
    return {row.municipality.cbs_code for row in product.uptakes.all()}


def compare_editions(old: Edition, new: Edition, *, published_only: bool = True) -> EditionComparison:
    """Products added, removed and changed (with which sections), tier and uptake changes."""
    old_products = {p.slug: p for p in edition_products(old, published_only=published_only)}
    new_products = {p.slug: p for p in edition_products(new, published_only=published_only)}
    # The product's own fields, with a verbose_name; get_field's type also allows reverse relations.
    labels = {
        name: str(Product._meta.get_field(name).verbose_name).capitalize()  # type: ignore[union-attr]
        for name in COMPARED_FIELDS
    }
    labels.update(new.organisation.section_headings())

    added = [ProductRef(slug, p.title, p) for slug, p in new_products.items() if slug not in old_products]
    removed = [ProductRef(slug, p.title, p) for slug, p in old_products.items() if slug not in new_products]
    changed, tier_changes, unchanged = [], [], 0
    for slug, after in new_products.items():
        before = old_products.get(slug)
        if before is None:
            continue
        sections = _sections(before, after, labels)
        if sections:
            changed.append(ChangedProduct(slug, after.title, before, after, sections))
        else:
            unchanged += 1
        if _tiers(before) != _tiers(after):
            tier_changes.append(
                TierChange(
                    slug,
                    after.title,
                    [row.tier.name for row in before.product_tiers.all()],
                    [row.tier.name for row in after.product_tiers.all()],
                )
            )
    comparison = EditionComparison(
        old=old,
        new=new,
        added=sorted(added, key=lambda ref: ref.title),
        removed=sorted(removed, key=lambda ref: ref.title),
        changed=sorted(changed, key=lambda change: change.title),
        tier_changes=sorted(tier_changes, key=lambda change: change.title),
        uptake_changes=_uptake_changes(old, new, old_products, new_products),
        unchanged_count=unchanged,
        old_products=old_products,
        new_products=new_products,
    )
    return comparison


def _taken(products: dict[str, Product]) -> dict[int, set[str]]:
    """Municipality id -> slugs of the products it takes (``ProductQuerySet.taken_by``)."""
    slugs = {product.pk: slug for slug, product in products.items()}
    taken: dict[int, set[str]] = {}
    for municipality_id, product_id in Product.objects.filter(pk__in=slugs).takings():
        taken.setdefault(municipality_id, set()).add(slugs[product_id])
    return taken


def _uptake_changes(
    old: Edition, new: Edition, old_products: dict[str, Product], new_products: dict[str, Product]
) -> list[UptakeChange]:
    before = _taken(old_products)
    after = _taken(new_products)
    municipalities = Municipality.objects.in_bulk(set(before) | set(after))
    changes = []
    for municipality_id, municipality in municipalities.items():
        was, now = before.get(municipality_id, set()), after.get(municipality_id, set())
        if was == now:
            continue
        changes.append(
            UptakeChange(
                municipality=municipality,
                added=sorted(new_products[slug].title for slug in now - was),
                removed=sorted(old_products[slug].title for slug in was - now),
            )
        )
    return sorted(changes, key=lambda change: change.municipality.name)
