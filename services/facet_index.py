"""The catalogue's filter counts from one index per year and catalogue version, held as bitsets.

The filter options on the catalogue page each show how many products choosing them would give, taking
the other active filters into account. Counted in SQL, that is one grouped scan of the year's products
per filter on every request, growing with the catalogue (six scans of 13,000 rows at 100 times the
shipped catalogue). Here the year's published products are read once per catalogue version into one
bitset per filter value (bit *i* is the *i*-th product); a filter state's counts are then ANDs and
population counts of a few hundred integers, whatever the catalogue's size.

The index holds no rule of its own: "who takes what" is ``ProductQuerySet.takings`` (the pairs of
``taken_by``), "public" is ``ProductQuerySet.public``, a search is the filter set's own search filter
(run once as a list of ids), an age is the filter set's own age filter (run once per age). It is built
by the first request after a change, in each process (``versioning.kept_in_process``).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from municipalities.models import Municipality
from services import versioning
from services.filters import SORT_TITLE, TITLE_ORDER
from services.models import LegalBasis, Product, ProductQuerySet, ProductTier

if TYPE_CHECKING:
    from services.filters import ProductFilterSet

# The filters counted from the index, by the filter set's field name.
COUNTED = ("organisatie", "eenheid", "schil", "wet", "gemeente")
# Searches and ages remembered per index (a bitset each); beyond that the memory starts again.
MAX_SELECTIONS = 256


def positions(mask: int) -> list[int]:
    """The set bits of ``mask``, lowest first: the products in book order."""
    return [i for i, bit in enumerate(reversed(bin(mask)[2:])) if bit == "1"]


def _bits(found: Iterable[int], size: int) -> int:
    """An integer with the given bit positions set."""
    buffer = bytearray((size + 7) // 8)
    for position in found:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


@dataclass
class FacetIndex:
    """The year's published products as bitsets: per counted filter, per value, the products it selects."""

    year: int | None  # None: every year (a catalogue asked for with an invalid year)
    ids: list[int]  # product primary key at each bit position: bit i is the i-th product in book order
    masks: dict[str, dict[str, int]]
    everything: int
    by_title: list[int]  # the bit positions in the order of the "Titel (A-Z)" sort
    # Per position, what the municipality page, its costs and the API's Last-Modified need.
    organisation_ids: list[int] = field(default_factory=list)
    edition_ids: list[int] = field(default_factory=list)
    slugs: list[str] = field(default_factory=list)
    first_tiers: list[int | None] = field(default_factory=list)  # by the tiers' order, then id
    updated: list[datetime] = field(default_factory=list)
    jointly: dict[str, int] = field(default_factory=dict)  # CBS code -> the products it takes jointly
    priced: int = 0  # a price entered
    financed: int = 0  # a financing route entered
    # Masks of filters applied in SQL once per value (search, age), kept for the next request.
    _selections: dict[tuple[str, Any], int] = field(default_factory=dict)

    @classmethod
    def build(cls, year: int | None) -> "FacetIndex":
        products = _products(year)
        rows = list(
            products.in_book_order().values_list(
                "pk",
                "organisation__slug",
                "unit__slug",
                "organisation_id",
                "edition_id",
                "slug",
                "updated_at",
                "price",
                "financing",
            )
        )
        position = {row[0]: i for i, row in enumerate(rows)}
        values: dict[str, defaultdict[str, list[int]]] = {name: defaultdict(list) for name in COUNTED}
        for i, (_, organisation, unit, *_rest) in enumerate(rows):
            values["organisatie"][organisation].append(i)
            values["eenheid"][unit].append(i)
        selected = products.order_by().values("pk")
        first_tier: dict[int, tuple[int, int]] = {}
        for product_id, code, tier_id, order in ProductTier.objects.filter(product__in=selected).values_list(
            "product_id", "tier__code", "tier_id", "tier__order"
        ):
            values["schil"][code].append(position[product_id])
            if product_id not in first_tier or (order, tier_id) < first_tier[product_id]:
                first_tier[product_id] = (order, tier_id)
        for product_id, slug in LegalBasis.objects.filter(product__in=selected).values_list(
            "product_id", "framework__slug"
        ):
            values["wet"][slug].append(position[product_id])
        codes = dict(Municipality.objects.values_list("pk", "cbs_code"))
        joint: defaultdict[str, list[int]] = defaultdict(list)
        for municipality_id, product_id in products.takings(jointly=True):
            joint[codes[municipality_id]].append(position[product_id])
        for municipality_id, product_id in products.takings(jointly=False):
            values["gemeente"][codes[municipality_id]].append(position[product_id])
        size = len(rows)
        masks = {
            name: {value: _bits(found, size) for value, found in per_value.items()}
            for name, per_value in values.items()
        }
        jointly = {code: _bits(found, size) for code, found in joint.items()}
        for code, mask in jointly.items():  # taken: jointly or individually
            masks["gemeente"][code] = masks["gemeente"].get(code, 0) | mask
        by_title = [position[pk] for pk in products.order_by(*TITLE_ORDER).values_list("pk", flat=True)]
        return cls(
            year,
            [row[0] for row in rows],
            masks,
            (1 << size) - 1,
            by_title,
            organisation_ids=[row[3] for row in rows],
            edition_ids=[row[4] for row in rows],
            slugs=[row[5] for row in rows],
            first_tiers=[first_tier[row[0]][1] if row[0] in first_tier else None for row in rows],
            updated=[row[6] for row in rows],
            jointly=jointly,
            priced=_bits((i for i, row in enumerate(rows) if row[7] is not None), size),
            financed=_bits((i for i, row in enumerate(rows) if row[8]), size),
        )

    def taken_by(self, cbs_code: str) -> int:
        """The products the municipality takes (``ProductQuerySet.taken_by``), as a bitset."""
        return self.masks["gemeente"].get(cbs_code, 0)

    def of_organisation(self, slug: str) -> int:
        return self.masks["organisatie"].get(slug, 0)

    def mask_of(self, pks: Iterable[int]) -> int:
        position = self._positions
        return _bits((position[pk] for pk in pks if pk in position), len(self.ids))

    @cached_property
    def _positions(self) -> dict[int, int]:
        """Bit position of each product's primary key."""
        return {pk: i for i, pk in enumerate(self.ids)}

    def _filter_mask(self, filterset: "ProductFilterSet", name: str, value: Any) -> int:
        if name == "organisatie":
            return self.masks[name].get(value.slug, 0)
        if name in ("eenheid", "schil", "wet"):
            return self.masks[name].get(value, 0)
        if name == "gemeente":
            found = 0
            for code in value:
                found |= self.masks[name].get(code, 0)
            return found
        # Any other filter (search, age): the filter set's own filter, once per value, as a list of ids.
        key = (name, value if name != "q" else str(value))
        if key not in self._selections:
            if len(self._selections) >= MAX_SELECTIONS:
                self._selections.clear()
            chosen = filterset.filters[name].filter(_products(self.year), value)
            self._selections[key] = self.mask_of(chosen.order_by().values_list("pk", flat=True))
        return self._selections[key]

    def _active(self, filterset: "ProductFilterSet") -> dict[str, int]:
        return {
            name: self._filter_mask(filterset, name, value)
            for name, value in filterset.form.cleaned_data.items()
            if name not in ("jaar", "sorteer") and value not in (None, "", [])
        }

    def selected(self, filterset: "ProductFilterSet") -> int:
        """The products every valid active filter of ``filterset`` selects, as a bitset."""
        found = self.everything
        for mask in self._active(filterset).values():
            found &= mask
        return found

    def ordered_ids(self, filterset: "ProductFilterSet", sort: str) -> list[int]:
        """The primary keys ``filterset.qs`` lists, in its order: book order or title (``sort``)."""
        found = self.selected(filterset)
        if sort == SORT_TITLE:
            return [self.ids[i] for i in self.by_title if found >> i & 1]
        return [self.ids[i] for i in positions(found)]

    def newest(self, mask: int) -> datetime | None:
        """The latest ``updated_at`` of the products in ``mask``."""
        return max((self.updated[i] for i in positions(mask)), default=None)

    def counts(self, filterset: "ProductFilterSet") -> dict[str, dict[str, int]]:
        """Per counted filter, per value: the products choosing that value gives with the other valid
        active filters of ``filterset`` (its own active value replaced, as when clicking another option)."""
        active = self._active(filterset)
        result: dict[str, dict[str, int]] = {}
        for name in COUNTED:
            base = self.everything
            for other, mask in active.items():
                if other != name:
                    base &= mask
            result[name] = {value: (mask & base).bit_count() for value, mask in self.masks[name].items()}
        return result


def _products(year: int | None) -> ProductQuerySet:
    products = Product.objects.public()
    return products if year is None else products.filter(edition__year=year)


def index_of(year: int | None) -> FacetIndex:
    """The facet index of ``year``'s published products (None: of every year) at the current catalogue version."""
    return versioning.kept_in_process("facet-index", year, lambda: FacetIndex.build(year))


def index_for(filterset: "ProductFilterSet") -> FacetIndex:
    """The index of the year ``filterset`` selects (every year when its year is invalid, as its list)."""
    filterset.is_valid()
    return index_of(filterset.form.cleaned_data.get("jaar"))
