"""What a product costs a municipality: THE cost rule, used by every page, API answer, CSV and book.

A cost is only ever a figure staff entered, multiplied by a figure staff entered; nothing is estimated:

- price per inhabitant: price × the municipality's population for the edition's year (``Population``);
- a fixed amount under a contract per municipality: that amount;
- anything else is unknown, with the reason: no price, a price per child, inspection or hour (the
  volumes are not in the catalogue), a fixed amount for all municipalities together (its split is not
  known), or no population for that year (never carried over from another year).

Totals add the known figures only and say how many are unknown. The change from the previous edition
(``services.comparison.previous_edition``, products matched by slug as there) is given per product where
both years are known, and for the total only where both years' totals are complete and cover the same
products: none new this year and none that the municipality took then and no longer takes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from municipalities.models import Municipality, Population
from services import facet_index
from services.comparison import previous_editions
from services.models import Edition, Financing, Organisation, PriceUnit, Product, ProductTier
from services.selectors import product_list_queryset

CENT = Decimal("0.01")

NO_PRICE = "geen prijs bekend"
NO_POPULATION = "geen inwonertal voor {year}"
NEEDS_VOLUMES = "prijs {unit}: het aantal is niet bekend"
NOT_SPLIT = "vast bedrag voor alle gemeenten samen: de verdeling per gemeente is niet bekend"


@dataclass(frozen=True)
class Cost:
    """A municipality's cost for one product in one year: ``amount`` or, when unknown, the ``reason``."""

    amount: Decimal | None
    reason: str = ""  # why the amount is unknown (Dutch, lower case)
    basis: str = ""  # how a known amount was reached, e.g. "€ 2,50 per inwoner × 1.000 inwoners"

    @property
    def known(self) -> bool:
        return self.amount is not None


def format_euro(amount: Decimal) -> str:
    """Dutch notation: € 1.234,56 (a minus sign before the euro sign for a negative change)."""
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount.quantize(CENT, ROUND_HALF_UP)):.2f}".split(".")
    return f"{sign}€ {int(whole):,}".replace(",", ".") + f",{cents}"


def format_count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def describe_price(product: Product) -> str:
    """A product's price as entered, in words ("€ 1,25 per inwoner"), or "geen prijs bekend"."""
    if product.price is None:
        return NO_PRICE
    return f"{format_euro(product.price)} {product.get_price_unit_display().lower()}".strip()


def product_cost(product: Product, *, inhabitants: int | None, year: int) -> Cost:
    """THE rule: what ``product`` costs a municipality with ``inhabitants`` (None: not known) in ``year``."""
    price, unit = product.price, product.price_unit
    if price is None:
        return Cost(None, NO_PRICE)
    if unit == PriceUnit.PER_INHABITANT:
        if inhabitants is None:
            return Cost(None, NO_POPULATION.format(year=year))
        amount = (price * inhabitants).quantize(CENT, ROUND_HALF_UP)
        return Cost(amount, basis=f"{format_euro(price)} per inwoner × {format_count(inhabitants)} inwoners")
    if unit == PriceUnit.FIXED:
        if product.financing == Financing.CONTRACT:
            return Cost(price, basis="vast bedrag (contract per gemeente)")
        return Cost(None, NOT_SPLIT)
    label = PriceUnit(unit).label.lower() if unit in PriceUnit.values else "per eenheid"
    return Cost(None, NEEDS_VOLUMES.format(unit=label))


@dataclass
class CostLine:
    """One product the municipality takes, with its cost this year and in the previous edition."""

    product: Product
    cost: Cost
    previous: Cost | None = None  # None: not taken (or not in the catalogue) in the previous edition
    previous_year: int | None = None

    @property
    def entered(self) -> bool:
        """Staff entered something about its cost: a financing route or a price (this year or last)."""
        product = self.product
        return bool(product.financing or product.price is not None or (self.previous and self.previous.known))

    @property
    def change(self) -> Decimal | None:
        if self.previous is None or self.previous.amount is None or self.cost.amount is None:
            return None
        return self.cost.amount - self.previous.amount


@dataclass
class DroppedLine:
    """A product the municipality took in the previous edition and no longer takes, as it was then."""

    product: Product  # the previous edition's product
    previous: Cost


@dataclass
class CostSummary:
    municipality: Municipality
    year: int
    lines: list[CostLine] = field(default_factory=list)
    population: Population | None = None  # the municipality's population in ``year``, if recorded
    # Taken products left out of ``lines`` by :func:`municipality_cost_overview`: nothing entered about
    # their cost this year or last (each one's cost is unknown: no price), and how many of them the
    # municipality also took in the previous edition.
    other_count: int = 0
    other_previous_count: int = 0
    # Products the municipality took in the previous edition (of an organisation in ``lines``) and no
    # longer takes, in book order: last year's total covered them, this year's does not.
    dropped: list[DroppedLine] = field(default_factory=list)

    @property
    def taken_count(self) -> int:
        """How many products the municipality takes: the lines and the ones left out of them."""
        return len(self.lines) + self.other_count

    @property
    def priced_lines(self) -> list[CostLine]:
        """Lines with something entered: a financing route or a price (this year or last)."""
        return [line for line in self.lines if line.entered]

    @property
    def unpriced_count(self) -> int:
        return self.taken_count - len(self.priced_lines)

    def by_product(self) -> dict[int, CostLine]:
        return {line.product.pk: line for line in self.lines}

    @property
    def total(self) -> Decimal:
        """The sum of the known costs only (see ``unknown_count``)."""
        return sum((line.cost.amount for line in self.lines if line.cost.amount is not None), Decimal("0.00"))

    @property
    def known_total(self) -> Decimal | None:
        """``total``, or None when not one cost is known (a total of € 0,00 would read as "free")."""
        return self.total if self.known_count else None

    @property
    def known_count(self) -> int:
        return sum(line.cost.known for line in self.lines)

    @property
    def unknown_count(self) -> int:
        return self.taken_count - self.known_count

    @property
    def dropped_count(self) -> int:
        return len(self.dropped)

    @property
    def previous_lines(self) -> list[CostLine]:
        return [line for line in self.lines if line.previous is not None]

    @property
    def previous_count(self) -> int:
        """How many of the products taken now the municipality also took in the previous edition."""
        return len(self.previous_lines) + self.other_previous_count

    @property
    def previous_total(self) -> Decimal | None:
        """Last edition's total, only when it is complete: each product the municipality took then had a
        known cost then and is taken now (the cost of one it no longer takes is not in ``lines``)."""
        amounts = [line.previous.amount for line in self.previous_lines if line.previous is not None]
        # A product left out of the lines had no price last year either: its cost then is unknown.
        if not amounts or self.other_previous_count or self.dropped_count or any(amount is None for amount in amounts):
            return None
        return sum((amount for amount in amounts if amount is not None), Decimal("0.00"))

    @property
    def change(self) -> Decimal | None:
        """This year's total minus last year's, only when both are complete and cover the same products."""
        previous = self.previous_total
        if previous is None or self.unknown_count or self.previous_count != self.taken_count:
            return None
        return self.total - previous

    @property
    def change_reason(self) -> str:
        """Why ``change`` is None (Dutch), or ""."""
        if self.change is not None:
            return ""
        if not self.previous_count:
            return "geen vorige editie om mee te vergelijken"
        if self.unknown_count:
            return f"{self.unknown_count} van de {self.taken_count} bedragen dit jaar zijn onbekend"
        if self.previous_count != self.taken_count:
            new = self.taken_count - self.previous_count
            return f"{new} product{'en' if new != 1 else ''} werd{'en' if new != 1 else ''} vorig jaar niet afgenomen"
        if self.dropped_count:
            dropped = self.dropped_count
            return f"{dropped} product{'en' if dropped != 1 else ''} van vorig jaar word{'en' if dropped != 1 else 't'} niet meer afgenomen"
        return "niet alle bedragen van vorig jaar zijn bekend"


def municipality_costs(municipality: Municipality, year: int, *, taken: list[Product] | None = None) -> CostSummary:
    """The cost of each published product of ``year`` that ``municipality`` takes (``ProductQuerySet.taken_by``),
    in book order, with last edition's cost of the same product (by slug) where the municipality took it then.

    A caller that has already loaded what the municipality takes passes it as ``taken``.
    """
    if taken is None:
        published = Product.objects.public().filter(edition__year=year)
        taken = list(product_list_queryset(published.taken_by(municipality.cbs_code)).in_book_order())
    return costs_of({municipality: taken}, year)[0]


def municipality_cost_overview(
    municipality: Municipality, year: int, organisation: Organisation | None = None
) -> CostSummary:
    """:func:`municipality_costs` (of ``organisation``'s products only, if given) with lines only for the
    products whose cost something was entered about (a financing route, or a price this year or in the
    previous edition); the others, each of unknown cost for want of a price, are counted
    (``CostSummary.other_count``). The same totals and change, read from the facet indexes of the year
    and of the previous editions' years (services.facet_index: what the municipality takes, and which
    products are priced), so the municipality page and book do not scan what it takes.
    """
    index = facet_index.index_of(year)
    code = municipality.cbs_code
    taken = index.taken_by(code)
    if organisation is not None:
        taken &= index.of_organisation(organisation.slug)
    taken_positions = facet_index.positions(taken)
    before = _published_previous(Edition.objects.filter(pk__in={index.edition_ids[i] for i in taken_positions}))
    took_then: dict[tuple[int, str], bool] = {}  # (previous edition, slug) -> a price was entered then
    for (edition_id, slug), i, earlier in _taken_then(code, before):
        took_then[(edition_id, slug)] = bool(earlier.priced >> i & 1)
    entered = index.priced | index.financed
    lined: list[int] = []
    other_count = other_previous_count = 0
    for i in taken_positions:
        previous = before.get(index.edition_ids[i])
        then = took_then.get((previous.pk, index.slugs[i])) if previous is not None else None
        if entered >> i & 1 or then:
            lined.append(index.ids[i])
        else:
            other_count += 1
            other_previous_count += then is not None
    rows = list(product_list_queryset(Product.objects.public().filter(pk__in=lined)).in_book_order()) if lined else []
    summary = costs_of({municipality: rows}, year)[0]
    summary.other_count, summary.other_previous_count = other_count, other_previous_count
    summary.dropped = _dropped(municipality, _no_longer_taken(code, year, before, set(took_then)))
    return summary


def costs_of(taken: dict[Municipality, list[Product]], year: int) -> list[CostSummary]:
    """The costs (:func:`municipality_costs`) of several municipalities, each with the products it takes.

    A fixed number of queries whatever the number of products: the previous edition of each
    organisation, the products of those editions and the populations. Which of them each municipality
    took then, and which it no longer takes, is read from the facet indexes (``_taken_then``).
    """
    all_taken = [product for products in taken.values() for product in products]
    editions = {product.edition_id: product.edition for product in all_taken}
    before = _published_previous(editions.values())
    earlier_products = Product.objects.public().filter(
        edition__in=list(before.values()), slug__in={product.slug for product in all_taken}
    )
    earlier_rows = (
        {(row.edition_id, row.slug): row for row in earlier_products.select_related("edition")} if before else {}
    )
    years = {year} | {edition.year for edition in before.values()}
    populations: dict[tuple[int, int], Population] = {
        (row.municipality_id, row.year): row
        for row in Population.objects.filter(municipality__in=[m.pk for m in taken], year__in=years)
    }
    summaries = []
    for municipality, products in taken.items():
        took_then = {pair for pair, _, _ in _taken_then(municipality.cbs_code, before)}
        summary = CostSummary(municipality, year, population=populations.get((municipality.pk, year)))
        summary.dropped = _dropped(municipality, _no_longer_taken(municipality.cbs_code, year, before, took_then))
        for product in products:
            line = CostLine(product, _cost(product, municipality, populations))
            if (previous_ed := before.get(product.edition_id)) is not None:
                line.previous_year = previous_ed.year
                key = (previous_ed.pk, product.slug)
                if key in took_then and (old := earlier_rows.get(key)) is not None:
                    line.previous = _cost(old, municipality, populations)
            summary.lines.append(line)
        summaries.append(summary)
    return summaries


def _taken_then(code: str, before: dict[int, Edition]) -> Iterable[tuple[tuple[int, str], int, facet_index.FacetIndex]]:
    """What the municipality took in the previous editions ``before`` (as ``_published_previous`` gives
    them): per product its (edition id, slug), its position in its year's facet index, and that index."""
    earlier_editions = {previous.pk for previous in before.values()}
    for earlier_year in sorted({previous.year for previous in before.values()}):
        earlier = facet_index.index_of(earlier_year)
        for i in facet_index.positions(earlier.taken_by(code)):
            if earlier.edition_ids[i] in earlier_editions:
                yield (earlier.edition_ids[i], earlier.slugs[i]), i, earlier


def _no_longer_taken(
    code: str, year: int, before: dict[int, Edition], took_then: set[tuple[int, str]]
) -> set[tuple[int, str]]:
    """Of ``took_then`` (what ``_taken_then`` gives), the products the municipality no longer takes in
    ``year``: of all it takes, whatever list a caller passed, read from the year's facet index."""
    if not took_then:
        return set()
    index = facet_index.index_of(year)
    taken_now = {
        (before[index.edition_ids[i]].pk, index.slugs[i])  # as the previous edition's (edition id, slug)
        for i in facet_index.positions(index.taken_by(code))
        if index.edition_ids[i] in before
    }
    return took_then - taken_now


def _dropped(municipality: Municipality, pairs: set[tuple[int, str]]) -> list[DroppedLine]:
    """The products ``pairs`` (edition id, slug) with their cost to the municipality then, in book order.
    No query when there are none (the usual case); three when there are: the products, their tiers and
    the populations."""
    if not pairs:
        return []
    rows = Product.objects.public().filter(
        edition__in={edition_id for edition_id, _ in pairs}, slug__in={slug for _, slug in pairs}
    )
    tiers = Prefetch("product_tiers", queryset=ProductTier.objects.select_related("tier"))
    rows = rows.select_related("edition", "organisation").prefetch_related(tiers)
    old = [row for row in rows.in_book_order() if (row.edition_id, row.slug) in pairs]
    populations = {
        (row.municipality_id, row.year): row
        for row in Population.objects.filter(municipality=municipality, year__in={row.edition.year for row in old})
    }
    return [DroppedLine(row, _cost(row, municipality, populations)) for row in old]


def _published_previous(editions: Iterable[Edition]) -> dict[int, Edition]:
    """Per edition id, the edition its costs are compared with (``previous_editions``), if it is published."""
    return {
        edition_id: previous
        for edition_id, previous in previous_editions(editions).items()
        if previous.state == Edition.State.PUBLISHED
    }


def _cost(product: Product, municipality: Municipality, populations: dict[tuple[int, int], Population]) -> Cost:
    year = product.edition.year
    population = populations.get((municipality.pk, year))
    return product_cost(product, inhabitants=population.inhabitants if population else None, year=year)
