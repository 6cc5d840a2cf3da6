"""What changed in the published editions, seen from one municipality, organisation or law.

The Atom feeds (``services.feeds``) list one entry per published edition: the year-over-year comparison
of ``services.comparison`` (added, removed and changed products, uptake), narrowed to what concerns the
feed's subject. An organisation's first edition is an entry too: everything in it is new in the catalogue.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Exists, OuterRef

from municipalities.models import Municipality, Uptake
from services.comparison import (
    ChangedProduct,
    UptakeChange,
    compare_editions,
    edition_products,
    previous_edition,
)
from services.costs import describe_price
from services.models import Edition, LegalFramework, Membership, Organisation, Product

# Entries per feed: the most recent editions first; a feed reader keeps what it has already read.
MAX_ENTRIES = 20


@dataclass
class ChangeEntry:
    """What changed in ``edition`` (compared with ``previous``) for the feed's subject."""

    edition: Edition
    previous: Edition | None
    scope: str  # the feed's subject, e.g. "gemeente-GM0513": with the edition, the entry's Atom id
    added: list[Product] = field(default_factory=list)
    removed: list[Product] = field(default_factory=list)
    changed: list[ChangedProduct] = field(default_factory=list)
    uptake: list[UptakeChange] = field(default_factory=list)
    # Changes in costs and financing, one line each (issue #13 item 2 fills this in; see cost_changes).
    costs: list[str] = field(default_factory=list)

    @property
    def first_edition(self) -> bool:
        return self.previous is None

    @property
    def updated(self) -> datetime:
        """When the edition was published; editions loaded from the books carry none: 1 January of its year."""
        return self.edition.published_at or datetime(self.edition.year, 1, 1, tzinfo=UTC)

    @property
    def summary(self) -> str:
        if self.first_edition:
            count = len(self.added)
            return f"nieuw in de catalogus, {count} product{'' if count == 1 else 'en'}"
        parts = [
            f"{len(self.added)} nieuw",
            f"{len(self.removed)} vervallen",
            f"{len(self.changed)} gewijzigd",
        ]
        if self.uptake:
            parts.append("afname gewijzigd")
        if self.costs:
            parts.append("kosten gewijzigd")
        return ", ".join(parts)


def cost_changes(pairs: Iterable[tuple[Product | None, Product]]) -> list[str]:
    """One Dutch line per change in a product's financing route or price, for (last edition's product or
    None, this edition's) pairs as services.comparison matched them; a product new in the catalogue is
    named when it came with a price. Only what staff entered is compared (services.costs never estimates).
    """
    lines = []
    for old, new in pairs:
        if old is None:
            if new.price is not None:
                lines.append(f"{new.title}: {describe_price(new)}")
            continue
        old_financing, new_financing = old.get_financing_display(), new.get_financing_display()
        if old_financing != new_financing:
            lines.append(
                f"{new.title}: financiering {old_financing or 'niet vermeld'} → {new_financing or 'niet vermeld'}"
            )
        if (old_price := describe_price(old)) != (new_price := describe_price(new)):
            lines.append(f"{new.title}: prijs {old_price} → {new_price}")
    return lines


Keep = Callable[[Product], bool]


def _everything(product: Product) -> bool:
    return True


def _entry(
    edition: Edition, scope: str, keep: Keep = _everything, municipality: Municipality | None = None
) -> ChangeEntry:
    """The changes of ``edition`` in the products ``keep`` accepts (and, given a municipality, its uptake only)."""
    previous = previous_edition(edition)
    if previous is None or previous.state != Edition.State.PUBLISHED:
        products = edition_products(edition).select_related("organisation", "edition").in_book_order()
        added = [p for p in products if keep(p)]
        return ChangeEntry(edition, None, scope, added=added, costs=cost_changes((None, p) for p in added))
    comparison = compare_editions(previous, edition)
    added = [ref.product for ref in comparison.added if keep(ref.product)]
    removed = [ref.product for ref in comparison.removed if keep(ref.product)]
    changed = [change for change in comparison.changed if keep(change.new) or keep(change.old)]
    # The comparison names uptake changes by product title; narrow them to the products in scope.
    titles_now = {p.title for p in comparison.new_products.values() if keep(p)}
    titles_before = {p.title for p in comparison.old_products.values() if keep(p)}
    uptake = []
    for change in comparison.uptake_changes:
        if municipality is not None and change.municipality.pk != municipality.pk:
            continue
        narrowed = UptakeChange(
            change.municipality,
            added=[title for title in change.added if title in titles_now],
            removed=[title for title in change.removed if title in titles_before],
        )
        if narrowed.added or narrowed.removed:
            uptake.append(narrowed)
    return ChangeEntry(
        edition,
        previous,
        scope,
        added=added,
        removed=removed,
        changed=changed,
        uptake=uptake,
        costs=cost_changes((change.old, change.new) for change in changed),
    )


def _editions(organisations: Iterable[int] | None = None) -> list[Edition]:
    editions = Edition.objects.published().select_related("organisation", "based_on")
    if organisations is not None:
        editions = editions.filter(organisation_id__in=list(organisations))
    return list(editions.order_by("-year", "organisation__name")[:MAX_ENTRIES])


def _worth_an_entry(entry: ChangeEntry) -> bool:
    return bool(entry.added or entry.removed or entry.changed or entry.uptake or entry.costs)


def organisation_changes(organisation: Organisation) -> list[ChangeEntry]:
    """Every published edition of the organisation, with all of its changes."""
    return [_entry(edition, f"organisatie-{organisation.slug}") for edition in _editions([organisation.pk])]


def law_changes(law: LegalFramework) -> list[ChangeEntry]:
    """Per published edition that touches ``law``: the products resting on it that were added, removed or
    changed, and the changes in uptake of those products."""

    def keep(product: Product) -> bool:
        return any(basis.framework_id == law.pk for basis in product.legal_bases.all())

    entries = (_entry(edition, f"wet-{law.slug}", keep) for edition in _editions())
    return [entry for entry in entries if _worth_an_entry(entry)]


def _among(pks: set[int]) -> Keep:
    return lambda product: product.pk in pks


def municipality_changes(municipality: Municipality) -> list[ChangeEntry]:
    """Per published edition of an organisation the municipality is (or was) a member of or takes a
    product from: the products it takes (or took) that were added, removed or changed, and its own
    changes in uptake (``ProductQuerySet.taken_by``)."""
    organisations = set(
        Organisation.objects.filter(
            Exists(Membership.objects.filter(organisation=OuterRef("pk"), municipality=municipality))
            | Exists(Uptake.objects.filter(product__organisation=OuterRef("pk"), municipality=municipality))
        ).values_list("pk", flat=True)
    )
    entries = []
    for edition in _editions(organisations):
        previous = previous_edition(edition)
        editions = [edition.pk] + ([previous.pk] if previous else [])
        taken = set(
            Product.objects.filter(edition__in=editions).taken_by(municipality.cbs_code).values_list("pk", flat=True)
        )
        entry = _entry(edition, f"gemeente-{municipality.cbs_code}", _among(taken), municipality)
        if _worth_an_entry(entry):
            entries.append(entry)
    return entries
