"""Comparing municipalities: which products each of two to six municipalities takes, and how.

"Takes", and how, is ``ProductQuerySet.taken_by``; this module only lays the answers side by side.
"""

from dataclasses import dataclass, field

from municipalities.models import Municipality, normalise_cbs_code
from services.costs import CostLine, CostSummary, costs_of
from services.models import Organisation, Product, ProductQuerySet, Tier
from services.selectors import product_list_queryset

MIN_COMPARED = 2
MAX_COMPARED = 6

JOINTLY = "gezamenlijk"
INDIVIDUALLY = "afzonderlijk"
NOT_TAKEN = "niet"
TAKING_LABELS = {JOINTLY: "Gezamenlijk", INDIVIDUALLY: "Afzonderlijk", NOT_TAKEN: "Niet"}


class ComparisonError(ValueError):
    """The codes asked for cannot be compared; the message says why, in Dutch."""


def compared_municipalities(values: list[str], year: int) -> list[Municipality]:
    """The municipalities named by ``values`` (CBS codes as typed, each once), in the order given."""
    codes = list(dict.fromkeys(normalise_cbs_code(value) or value.strip()[:20] for value in values if value.strip()))
    if len(codes) < MIN_COMPARED:
        raise ComparisonError(f"Kies minstens {MIN_COMPARED} gemeenten om te vergelijken.")
    if len(codes) > MAX_COMPARED:
        raise ComparisonError(f"Kies ten hoogste {MAX_COMPARED} gemeenten om te vergelijken.")
    found = {m.cbs_code: m for m in Municipality.objects.existing_in(year).filter(cbs_code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ComparisonError(
            f"Er is geen gemeente met de CBS-code {', '.join(f'‘{code}’' for code in unknown)} in {year}. "
            "Een CBS-code ziet eruit als GM0513."
        )
    return [found[code] for code in codes]


@dataclass
class ComparisonRow:
    product: Product
    municipalities: list[Municipality]
    takings: list[str]  # per compared municipality: JOINTLY, INDIVIDUALLY or NOT_TAKEN
    costs: list[CostLine | None] = field(default_factory=list)  # per municipality, None where not taken

    @property
    def differs(self) -> bool:
        return len(set(self.takings)) > 1

    @property
    def cells(self) -> list[tuple[Municipality, str, str, CostLine | None]]:
        costs = self.costs or [None] * len(self.municipalities)
        return [
            (m, taking, TAKING_LABELS[taking], cost)
            for m, taking, cost in zip(self.municipalities, self.takings, costs, strict=True)
        ]


@dataclass
class ComparisonGroup:
    organisation: Organisation
    tier: Tier | None
    rows: list[ComparisonRow] = field(default_factory=list)


@dataclass
class Comparison:
    municipalities: list[Municipality]
    year: int
    groups: list[ComparisonGroup]
    costs: list[CostSummary] = field(default_factory=list)  # per municipality: all it takes (services.costs)

    @property
    def rows(self) -> list[ComparisonRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def difference_count(self) -> int:
        return sum(row.differs for row in self.rows)

    def totals(self) -> list[dict[str, int]]:
        """Per municipality: how many of the compared products it takes jointly, individually, in all."""
        totals = []
        for index in range(len(self.municipalities)):
            takings = [row.takings[index] for row in self.rows]
            joint, individual = takings.count(JOINTLY), takings.count(INDIVIDUALLY)
            totals.append({"jointly": joint, "individually": individual, "taken": joint + individual})
        return totals

    def only_differences(self) -> "Comparison":
        groups = [
            ComparisonGroup(group.organisation, group.tier, [row for row in group.rows if row.differs])
            for group in self.groups
        ]
        return Comparison(self.municipalities, self.year, [group for group in groups if group.rows], self.costs)


def compare_municipalities(
    municipalities: list[Municipality], year: int, products: ProductQuerySet | None = None
) -> Comparison:
    """The published products of ``year`` that any of ``municipalities`` takes, each with how every one
    of them takes it, grouped by organisation and (first) tier in book order.

    One query for the products (plus their prefetches) and, per municipality, one for how it takes them
    and the few of its costs (services.costs.municipality_costs).
    """
    published = Product.objects.public().filter(edition__year=year) if products is None else products
    codes = [m.cbs_code for m in municipalities]
    # taken_jointly is taken_by's annotation, which the django-stubs plugin cannot see through a QuerySet method.
    how = [dict(published.taken_by(code).values_list("pk", "taken_jointly")) for code in codes]  # type: ignore[misc]
    taken = list(product_list_queryset(published).taken_by(*codes).in_book_order())
    costs = costs_of(
        {m: [p for p in taken if p.pk in taken_by_m] for m, taken_by_m in zip(municipalities, how, strict=True)}, year
    )
    cost_lines = [summary.by_product() for summary in costs]
    groups: dict[tuple[int, int | None], ComparisonGroup] = {}
    for product in taken:
        tiers = [pt.tier for pt in product.product_tiers.all()]
        tier = tiers[0] if tiers else None
        key = (product.organisation_id, tier.pk if tier else None)
        group = groups.setdefault(key, ComparisonGroup(product.organisation, tier))
        takings = [
            NOT_TAKEN if product.pk not in taken else JOINTLY if taken[product.pk] else INDIVIDUALLY for taken in how
        ]
        group.rows.append(
            ComparisonRow(product, municipalities, takings, [lines.get(product.pk) for lines in cost_lines])
        )
    ordered = sorted(
        groups.values(),
        key=lambda g: (
            g.organisation.name,
            g.tier is None,
            g.tier.order if g.tier else 0,
            g.tier.code if g.tier else "",
        ),
    )
    return Comparison(municipalities, year, ordered, costs)
