"""Reads for the PDF books: which products a book holds, in which order, and its indexes.

Every book picks its products with :class:`services.filters.ProductFilterSet` (through
:func:`services.selectors.filter_products`), the same FilterSet as the public catalogue page and the API,
so "Gouda's book" and the page filtered on ``gemeente=GM0513`` cannot disagree.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.text import slugify

from books.models import BookRender
from municipalities.models import Municipality, Population, Uptake, normalise_cbs_code
from services.comparison import EditionComparison, compare_editions, previous_edition
from services.costs import CostLine, CostSummary, municipality_cost_overview
from services.filters import FILTER_LABELS, ProductFilterSet
from services.models import (
    Commissioning,
    Edition,
    GlossaryTerm,
    LegalBasis,
    LegalFramework,
    Membership,
    Organisation,
    Product,
    ProductQuerySet,
    ProductTier,
    Status,
    Tier,
    Unit,
)
from services.municipality_comparison import (
    Comparison,
    ComparisonError,
    compare_municipalities,
    compared_municipalities,
)
from services.published import apply_reference, reference_of
from services.selectors import filter_products, product_list_queryset

Kind = BookRender.Kind
QUERY_MAX_LENGTH = 1000  # BookRender.query's max_length


class BookNotFound(Exception):
    """The asked-for book does not exist; the message is Dutch and meant for the user."""


class InvalidSelection(Exception):
    """The selection's filters are invalid; ``errors`` maps filter name to Dutch messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class BookSpec:
    """What to print. Resolved from URL parts, command options or a stored :class:`BookRender`."""

    kind: str
    year: int
    organisation: Organisation | None = None
    municipality: Municipality | None = None
    product: Product | None = None
    query: str = ""  # canonical query string of a selection
    preview: bool = False  # staff preview: concept products included, marked CONCEPT
    changes: bool = False  # organisation book with the year-over-year changes as an appendix

    @property
    def key(self) -> str:
        """Identifies the book regardless of the catalogue state (the fingerprint adds that)."""
        parts = [
            self.kind,
            str(self.year),
            self.organisation.slug if self.organisation else "",
            self.municipality.cbs_code if self.municipality else "",
            str(self.product.pk) if self.product else "",
            self.query,
            "preview" if self.preview else "public",
            "changes" if self.changes else "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]

    @property
    def filename(self) -> str:
        """``productenboek-<organisatie>-<jaar>[-<gemeente>]``, the same pattern for every kind of book."""
        if self.kind == Kind.PRODUCT and self.product:
            parts = [self.product.organisation.slug, str(self.year), self.product.slug]
        elif self.kind == Kind.SELECTION:
            parts = ["selectie", str(self.year), *_selection_words(self.query)]
        elif self.kind == Kind.COMPARISON:
            parts = ["vergelijking", str(self.year), *(m.slug for m in _compared(self))]
        else:
            parts = [
                self.organisation.slug if self.organisation else "alle-organisaties",
                str(self.year),
                self.municipality.slug if self.municipality else "",
            ]
        parts += ["voorbeeld" if self.preview else "", "met-wijzigingen" if self.changes else ""]
        name = "-".join(part for part in ["productenboek", *parts] if part)
        return f"{name[:150].rstrip('-')}.pdf"

    def as_render_fields(self) -> dict:
        return {
            "kind": self.kind,
            "year": self.year,
            "organisation": self.organisation,
            "municipality": self.municipality,
            "product": self.product,
            "query": self.query,
            "preview": self.preview,
            "changes": self.changes,
        }


def _selection_words(query: str) -> list[str]:
    """The selection's filter values as file-name words: ``jaar=2026&wet=wpg`` gives ``["wpg"]``."""
    words = []
    for name, value in sorted(QueryDict(query).dict().items()):
        if name not in ("jaar", "pagina", "sorteer"):
            words.append(slugify(value.replace(",", " ")))
    return [word for word in words if word] or ["alle-producten"]


# --- resolving what is asked for -------------------------------------------------------------------


def organisation_book_spec(
    organisation_slug: str, year: int, *, preview: bool = False, changes: bool = False
) -> BookSpec:
    """The organisation's book; ``changes`` adds the year-over-year changes as an appendix."""
    organisation = _organisation(organisation_slug)
    edition = _edition(organisation, year, preview=preview)
    if changes and previous_edition(edition) is None:
        raise BookNotFound(f"{organisation.short_name} heeft geen editie vóór {year} om mee te vergelijken.")
    return BookSpec(Kind.ORGANISATION, year, organisation=organisation, preview=preview, changes=changes)


def municipality_book_spec(cbs_code: str, year: int, *, organisation_slug: str | None = None) -> BookSpec:
    """Everything the municipality takes in ``year``, from one organisation or from all that serve it."""
    municipality = Municipality.objects.by_code(cbs_code).first()
    if municipality is None:
        raise BookNotFound(f"Onbekende gemeente '{cbs_code}'. Gebruik een CBS-code zoals GM0513.")
    organisation = None
    if organisation_slug:
        organisation = _organisation(organisation_slug)
        _edition(organisation, year, preview=False)
    spec = BookSpec(Kind.MUNICIPALITY, year, organisation=organisation, municipality=municipality)
    if not book_products(spec).exists():
        source = f"van {organisation}" if organisation else "van een organisatie in de catalogus"
        raise BookNotFound(f"Gemeente {municipality} neemt in {year} geen producten af {source}.")
    return spec


def product_book_spec(organisation_slug: str, product_slug: str, year: int) -> BookSpec:
    organisation = _organisation(organisation_slug)
    edition = _edition(organisation, year, preview=False)
    product = Product.objects.public().filter(edition=edition, slug=product_slug).first()
    if product is None:
        raise BookNotFound(f"{organisation} heeft in {year} geen gepubliceerd product '{product_slug}'.")
    return BookSpec(Kind.PRODUCT, year, organisation=organisation, product=product)


def product_preview_book_spec(product: Product) -> BookSpec:
    """A staff preview of one product as its book will print it, concept and all (marked CONCEPT).

    ``product`` comes from ``editorial.access.preview_product`` (the caller checks who may see it). A
    published product that is being edited shows its concept copy, as the edition's preview book does.
    """
    shown = Product.objects.filter(draft_of=product).first() or product
    if shown.status == Status.ARCHIVED:
        raise BookNotFound(f"'{shown.title}' is gearchiveerd en staat in geen boek meer.")
    return BookSpec(Kind.PRODUCT, shown.edition.year, organisation=shown.organisation, product=shown, preview=True)


def selection_book_spec(data: Mapping[str, str]) -> BookSpec:
    """A "print this selection" book from the catalogue page's own query parameters.

    Every spelling of one selection gives one book: the key is built from the cleaned values (``jaar=002026``
    and ``jaar=2026.0`` are 2026, codes in their stored form, the order of the parameters does not matter), an
    unknown parameter is refused, and a selection of just an organisation and/or a municipality is that
    organisation's or municipality's own book.
    """
    unknown = sorted(set(data) - set(ProductFilterSet.base_filters))
    if unknown:
        raise InvalidSelection({name: [f"Onbekende parameter '{name[:40]}'."] for name in unknown})
    filterset = filter_products(data)
    if not filterset.is_valid():
        raise InvalidSelection({name: list(messages) for name, messages in filterset.errors.items()})
    canonical: dict[str, str | list[str]] = {}
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", []) or name == "sorteer":  # a book is always in book order
            continue
        if name == "organisatie":
            canonical[name] = value.slug
        elif name == "jaar":
            canonical[name] = str(int(value))
        elif name == "gemeente":
            codes = value if isinstance(value, list) else [value]
            canonical[name] = sorted({normalise_cbs_code(code) or code.strip().upper() for code in codes})
        elif name == "q":
            canonical[name] = " ".join(value.lower().split())
        elif name == "leeftijd":
            canonical[name] = f"{value / 12:.4f}".rstrip("0").rstrip(".")  # years, as the filter reads them
        else:
            canonical[name] = str(value).strip()
    canonical.setdefault("jaar", str(settings.CATALOGUE_CURRENT_YEAR))
    year = int(str(canonical["jaar"]))
    organisation = canonical.get("organisatie")
    if set(canonical) == {"jaar", "organisatie"}:
        return organisation_book_spec(str(organisation), year)
    cbs_codes = canonical.get("gemeente") or []
    if set(canonical) <= {"jaar", "organisatie", "gemeente"} and len(cbs_codes) == 1:
        return municipality_book_spec(cbs_codes[0], year, organisation_slug=str(organisation) if organisation else None)
    query = urlencode(sorted(canonical.items()), doseq=True)
    if len(query) > QUERY_MAX_LENGTH:
        raise InvalidSelection({"q": ["Deze selectie is te lang voor een boek. Kies minder of kortere filters."]})
    return BookSpec(Kind.SELECTION, year, query=query)


def comparison_book_spec(values: list[str], year: int, *, only_differences: bool = False) -> BookSpec:
    """Two to six municipalities side by side (services.municipality_comparison), as an appendix-style PDF.

    The codes keep the order asked for: they are the columns.
    """
    try:
        municipalities = compared_municipalities(values, year)
    except ComparisonError as error:
        raise InvalidSelection({"gemeente": [str(error)]}) from None
    pairs = [("gemeente", m.cbs_code) for m in municipalities] + [("jaar", str(year))]
    if only_differences:
        pairs.append(("verschillen", "1"))
    return BookSpec(Kind.COMPARISON, year, query=urlencode(pairs))


def _compared(spec: BookSpec) -> list[Municipality]:
    return compared_municipalities(QueryDict(spec.query).getlist("gemeente"), spec.year)


def spec_for_render(render: BookRender) -> BookSpec:
    return BookSpec(
        render.kind,
        render.year,
        organisation=render.organisation,
        municipality=render.municipality,
        product=render.product,
        query=render.query,
        preview=render.preview,
        changes=render.changes,
    )


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=(slug or "").strip().lower()).first()
    if organisation is None:
        raise BookNotFound(f"Onbekende organisatie '{slug}'.")
    return organisation


def _edition(organisation: Organisation, year: int, *, preview: bool) -> Edition:
    editions = organisation.editions.all()
    if not preview:
        editions = editions.published()
    edition = editions.filter(year=year).first()
    if edition is None:
        years = ", ".join(str(y) for y in editions.values_list("year", flat=True)) or "geen"
        kind = "editie" if preview else "gepubliceerde editie"
        raise BookNotFound(f"{organisation} heeft geen {kind} {year} (wel: {years}).")
    return edition


# --- the products of a book ------------------------------------------------------------------------


def book_products(spec: BookSpec) -> ProductQuerySet:
    """The book's products through the shared FilterSet (unordered; :func:`build_book` orders them)."""
    if spec.preview:
        # The book as it will be once every concept is approved: a published product that is being
        # edited appears as its concept copy (editorial.operations.products), never twice.
        base = Product.objects.exclude(status=Status.ARCHIVED).filter(draft__isnull=True)
    else:
        base = Product.objects.public()
    base = base.select_related("umbrella")  # a sub-product names its umbrella
    if spec.kind == Kind.PRODUCT:
        assert spec.product is not None  # a product book names its product
        return base.filter(pk=spec.product.pk)
    data: Mapping[str, str]
    if spec.kind in (Kind.SELECTION, Kind.COMPARISON):
        data = QueryDict(spec.query)  # a comparison's "verschillen" is no filter: the FilterSet leaves it
    else:
        data = {"jaar": str(spec.year)}
        if spec.organisation:
            data["organisatie"] = spec.organisation.slug
        if spec.municipality:
            data["gemeente"] = spec.municipality.cbs_code
    filterset = filter_products(data, queryset=base)
    if not filterset.is_valid():
        raise InvalidSelection({name: list(messages) for name, messages in filterset.errors.items()})
    return filterset.qs


# --- the book's structure -------------------------------------------------------------------------


@dataclass
class ProductEntry:
    product: Product
    number: str
    anchor: str
    tiers: list[Tier]
    laws: list[LegalBasis]
    commissioning: str = ""  # municipality book: "gezamenlijk" or "individueel"
    concept: bool = False
    takers: list[Municipality] = field(default_factory=list)
    cost: CostLine | None = None  # municipality book: what the product costs the municipality (services.costs)


@dataclass
class TierGroup:
    tier: Tier | None
    entries: list[ProductEntry]


@dataclass
class Chapter:
    number: int
    unit: Unit
    anchor: str
    groups: list[TierGroup]


@dataclass
class Part:
    """One organisation's share of a book."""

    organisation: Organisation
    edition: Edition
    tiers: list[Tier]
    chapters: list[Chapter]
    glossary: list[GlossaryTerm]
    headings: dict[str, str]
    members: list[Municipality]


@dataclass
class LawEntry:
    framework: LegalFramework
    anchor: str
    references: list[tuple[ProductEntry, str]]  # product and article


@dataclass
class Book:
    spec: BookSpec
    title: str
    subtitle: str
    author: str
    parts: list[Part]
    entries: list[ProductEntry]
    laws: list[LawEntry]
    overview: list[ProductEntry]  # individually commissioned products whose takers are known
    overview_members: list[Municipality]
    selection_filters: list[tuple[str, str]]
    changes: EditionComparison | None = None  # year-over-year appendix of an organisation book
    overview_unknown: int = 0  # individually commissioned products without any known taker
    comparison: Comparison | None = None  # a comparison of municipalities: what it prints, instead of products
    comparison_full: Comparison | None = None  # the same before "alleen verschillen", for its counts
    costs: CostSummary | None = None  # municipality book: its costs per product and in total

    @property
    def footer(self) -> str:
        """The running foot: organisation, title and year (the title carries the year)."""
        return f"{self.author} · {self.title}"

    @property
    def appendices(self) -> dict[str, str]:
        """The appendices this book has, lettered in the order they are printed: ``{"laws": "A", ...}``."""
        present = [
            ("laws", bool(self.laws)),
            ("glossary", self.has_glossary),
            ("overview", bool(self.overview)),
            ("changes", bool(self.changes)),
            ("costs", bool(self.costs and self.costs.priced_lines)),
        ]
        names = [name for name, shown in present if shown]
        return {name: "ABCDEFGH"[index] for index, name in enumerate(names)}

    @property
    def chapters(self) -> list[Chapter]:
        return [chapter for part in self.parts for chapter in part.chapters]

    @property
    def has_glossary(self) -> bool:
        return any(part.glossary for part in self.parts)

    @property
    def is_single_product(self) -> bool:
        return self.spec.kind == Kind.PRODUCT

    @property
    def concept(self) -> bool:
        return self.spec.preview


def build_book(spec: BookSpec) -> Book:
    """Assemble the whole book in a fixed number of queries (independent of its size)."""
    if spec.kind == Kind.COMPARISON:
        return _comparison_book(spec)
    products = list(
        product_list_queryset(book_products(spec))
        .select_related("organisation__region")
        .prefetch_related(
            Prefetch(
                "uptakes",
                queryset=Uptake.objects.select_related("municipality").order_by("municipality__name"),
            )
        )
        .in_book_order()
    )
    organisations = {product.organisation_id: product.organisation for product in products}
    if spec.organisation and spec.kind != Kind.SELECTION:
        organisations.setdefault(spec.organisation.pk, spec.organisation)
    editions = {
        edition.organisation_id: edition
        for edition in Edition.objects.filter(organisation__in=organisations.keys(), year=spec.year)
    }
    tiers_by_org: dict[int, list[Tier]] = defaultdict(list)
    for tier in Tier.objects.filter(organisation__in=organisations.keys()).order_by("order", "code"):
        tiers_by_org[tier.organisation_id].append(tier)
    glossary_by_org: dict[int, list[GlossaryTerm]] = defaultdict(list)
    if spec.kind in (Kind.ORGANISATION, Kind.MUNICIPALITY):
        for term in GlossaryTerm.objects.filter(organisation__in=organisations.keys()).order_by("term"):
            glossary_by_org[term.organisation_id].append(term)
    members_by_org: dict[int, list[Municipality]] = defaultdict(list)
    for membership in (
        Membership.objects.filter(organisation__in=organisations.keys())
        .valid_in(spec.year)
        .select_related("municipality")
        .order_by("municipality__name")
    ):
        members_by_org[membership.organisation_id].append(membership.municipality)
    for organisation_id, org_edition in editions.items():
        # A published edition names its organisation, units, tiers, laws and terms as published (services.published).
        if (reference := reference_of(org_edition)) is not None:
            organisations[organisation_id] = reference.organisation
            tiers_by_org[organisation_id] = reference.tier_list()
            if spec.kind in (Kind.ORGANISATION, Kind.MUNICIPALITY):
                glossary_by_org[organisation_id] = reference.glossary
            for product in products:
                if product.organisation_id == organisation_id:
                    apply_reference(reference, product)
    costs: CostSummary | None = None
    if spec.kind == Kind.MUNICIPALITY and spec.municipality and not spec.preview:
        costs = municipality_cost_overview(spec.municipality, spec.year, spec.organisation)
    # Only products with a financing route or price entered carry a cost line; the shipped books name none.
    cost_lines = {line.product.pk: line for line in costs.priced_lines} if costs else {}

    entries: list[ProductEntry] = []
    parts: list[Part] = []
    chapter_number = 0
    for organisation in sorted(organisations.values(), key=lambda o: o.name):
        org_products = [p for p in products if p.organisation_id == organisation.pk]
        tier_rank = {tier.pk: index for index, tier in enumerate(tiers_by_org[organisation.pk])}
        chapters: list[Chapter] = []
        units: dict[int, list[Product]] = {}
        for product in org_products:
            units.setdefault(product.unit_id, []).append(product)
        members = members_by_org[organisation.pk]
        for unit_products in units.values():
            chapter_number += 1
            unit = unit_products[0].unit
            groups: dict[int | None, list[ProductEntry]] = {}
            # Grouped by tier, in book order within each tier (a stable sort keeps the book order).
            ordered = sorted(unit_products, key=lambda p: _primary_rank(p, tier_rank))
            for index, product in enumerate(ordered, start=1):
                tiers = [pt.tier for pt in product.product_tiers.all()]
                tiers.sort(key=lambda t: tier_rank.get(t.pk, 999))
                entry = ProductEntry(
                    product=product,
                    number=f"{chapter_number}.{index}",
                    anchor=f"product-{product.pk}",
                    tiers=tiers,
                    laws=list(product.legal_bases.all()),
                    concept=product.status != Status.PUBLISHED,
                    takers=[uptake.municipality for uptake in product.uptakes.all()],
                    cost=cost_lines.get(product.pk),
                )
                if spec.municipality:
                    # How the municipality takes it, as ProductQuerySet.taken_by decided in the book's selection
                    # (an annotation the django-stubs plugin cannot follow through the FilterSet).
                    entry.commissioning = (
                        Commissioning.ALL_MEMBERS if product.taken_jointly else Commissioning.INDIVIDUAL  # type: ignore[attr-defined]
                    )
                entries.append(entry)
                groups.setdefault(tiers[0].pk if tiers else None, []).append(entry)
            chapters.append(
                Chapter(
                    number=chapter_number,
                    unit=unit,
                    anchor=f"unit-{unit.pk}",
                    groups=[
                        TierGroup(tier=next((t for t in tiers_by_org[organisation.pk] if t.pk == key), None), entries=e)
                        for key, e in groups.items()
                    ],
                )
            )
        edition = editions.get(organisation.pk)
        if edition is None:
            continue
        parts.append(
            Part(
                organisation=organisation,
                edition=edition,
                tiers=tiers_by_org[organisation.pk],
                chapters=chapters,
                glossary=glossary_by_org[organisation.pk],
                headings=organisation.section_headings() | {"legal": organisation.heading_legal},
                members=members,
            )
        )

    overview: list[ProductEntry] = []
    overview_unknown = 0
    overview_members: list[Municipality] = []
    if spec.kind == Kind.ORGANISATION:
        assert spec.organisation is not None  # an organisation's book names it
        individual = [entry for entry in entries if _individually_commissioned(entry)]
        overview = [entry for entry in individual if entry.takers]
        overview_unknown = len(individual) - len(overview)
        overview_members = members_by_org.get(spec.organisation.pk, [])

    title, subtitle = _titles(spec, parts)
    author = ", ".join(part.organisation.name for part in parts) or "Productencatalogus publieke gezondheid"
    return Book(
        spec=spec,
        title=title,
        subtitle=subtitle,
        author=author,
        parts=parts,
        entries=entries,
        laws=_law_index(entries) if spec.kind != Kind.PRODUCT else [],
        overview=overview,
        overview_members=overview_members,
        overview_unknown=overview_unknown,
        selection_filters=_selection_filters(spec),
        changes=_changes(spec, editions),
        costs=costs,
    )


def _comparison_book(spec: BookSpec) -> Book:
    comparison = compare_municipalities(_compared(spec), spec.year)
    only_differences = QueryDict(spec.query).get("verschillen") == "1"
    organisations = sorted({group.organisation.name for group in comparison.groups})
    return Book(
        spec=spec,
        title=book_title(spec),
        subtitle="Welke producten de gemeenten afnemen, en hoe"
        + (": alleen de verschillen" if only_differences else ""),
        author=", ".join(organisations) or "Productencatalogus publieke gezondheid",
        parts=[],
        entries=[],
        laws=[],
        overview=[],
        overview_members=[],
        selection_filters=[],
        comparison=comparison.only_differences() if only_differences else comparison,
        comparison_full=comparison,
    )


def _changes(spec: BookSpec, editions: Mapping[int, Edition]) -> EditionComparison | None:
    if not (spec.changes and spec.organisation and spec.organisation.pk in editions):
        return None
    edition = editions[spec.organisation.pk]
    previous = previous_edition(edition)
    return compare_editions(previous, edition, published_only=not spec.preview) if previous else None


def _primary_rank(product: Product, tier_rank: Mapping[int, int]) -> int:
    ranks = [tier_rank.get(pt.tier_id, 999) for pt in product.product_tiers.all()]
    return min(ranks, default=1000)


def _individually_commissioned(entry: ProductEntry) -> bool:
    if entry.takers:
        return True
    return any(tier.commissioning == Commissioning.INDIVIDUAL for tier in entry.tiers)


def _law_index(entries: Iterable[ProductEntry]) -> list[LawEntry]:
    laws: dict[int, LawEntry] = {}
    for entry in entries:
        for basis in entry.laws:
            law = laws.setdefault(
                basis.framework_id, LawEntry(basis.framework, f"law-{basis.framework.slug}", references=[])
            )
            law.references.append((entry, basis.article))
    return sorted(laws.values(), key=lambda law: law.framework.name.lower())


def book_title(spec: BookSpec) -> str:
    """The book's title, as on its cover, in the PDF's metadata and on the waiting page."""
    # Each kind of book names its organisation, municipality or product (the *_book_spec functions).
    if spec.kind == Kind.ORGANISATION:
        assert spec.organisation is not None
        return f"Productenboek {spec.organisation.short_name} {spec.year}"
    if spec.kind == Kind.MUNICIPALITY:
        assert spec.municipality is not None
        return f"Productenboek gemeente {spec.municipality.name} {spec.year}"
    if spec.kind == Kind.PRODUCT:
        assert spec.product is not None
        return spec.product.title
    if spec.kind == Kind.COMPARISON:
        names = [m.name for m in _compared(spec)]
        return f"Vergelijking {', '.join(names[:-1])} en {names[-1]} {spec.year}"
    return f"Selectie uit de productencatalogus {spec.year}"


def last_render(spec: BookSpec) -> BookRender | None:
    """The most recent finished render of this book (any catalogue state), for how long a new one takes."""
    return (
        BookRender.objects.filter(key=spec.key, state=BookRender.State.READY, seconds__isnull=False)
        .order_by("-finished_at")
        .first()
    )


def _titles(spec: BookSpec, parts: list[Part]) -> tuple[str, str]:
    edition_title = f"Taken en diensten per januari {spec.year}"
    if len(parts) == 1 and not parts[0].edition.title.lower().startswith("productenboek"):
        # An edition titled "Productenboek 2026" would only repeat the book's title under it.
        edition_title = parts[0].edition.title
    if spec.kind == Kind.MUNICIPALITY:
        source = f" bij {spec.organisation.short_name}" if spec.organisation else ""
        return book_title(spec), f"Wat de gemeente afneemt{source}"
    if spec.kind == Kind.SELECTION:
        return book_title(spec), "Producten volgens de gekozen filters"
    return book_title(spec), edition_title


def _selection_filters(spec: BookSpec) -> list[tuple[str, str]]:
    """The selection's filters as the cover prints them: names, not codes ("Gemeenten: Gouda, Leiden")."""
    if spec.kind != Kind.SELECTION:
        return []
    shown = []
    order = list(FILTER_LABELS)
    for name, values in sorted(QueryDict(spec.query).lists(), key=lambda item: order.index(item[0])):
        names = _filter_value_names(name, values)
        label = FILTER_LABELS.get(name, name)
        if name == "gemeente" and len(names) > 1:
            label = "Gemeenten"
        shown.append((label, ", ".join(names)))
    return shown


def _filter_value_names(name: str, values: list[str]) -> list[str]:
    """What a reader calls the filter's values: a municipality's, organisation's, law's, unit's or tier's name."""
    lookups: dict[str, tuple[QuerySet, str, str]] = {
        "gemeente": (Municipality.objects.all(), "cbs_code", "name"),
        "organisatie": (Organisation.objects.all(), "slug", "name"),
        "wet": (LegalFramework.objects.all(), "slug", "name"),
        "eenheid": (Unit.objects.all(), "slug", "name"),
        "schil": (Tier.objects.all(), "code", "name"),
    }
    if name in lookups:
        queryset, key, label = lookups[name]
        found: dict[str, list[str]] = defaultdict(list)
        for value, shown in queryset.filter(**{f"{key}__in": values}).order_by(label).values_list(key, label):
            if shown not in found[value]:
                found[value].append(shown)
        # Units and tiers are named per organisation: one slug or code may stand for several names.
        return [" / ".join(found[value]) if found[value] else value for value in values]
    if name == "leeftijd":
        return [f"{value.replace('.', ',')} jaar" for value in values]
    if name == "q":
        return [f"‘{value}’" for value in values]
    return values


# --- the catalogue state a book was made from --------------------------------------------------------


@cache
def layout_version() -> str:
    """Changes with the print templates and stylesheet, so a new layout makes every stored book stale."""
    digest = hashlib.sha256()
    roots = [Path(settings.RESOURCES_DIR) / "templates" / "pdf", Path(settings.RESOURCES_DIR) / "static" / "css"]
    for root in roots:
        for path in sorted(root.glob("*")):
            if path.is_file() and (root.name == "pdf" or path.name.startswith("print")):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def book_fingerprint(spec: BookSpec) -> str:
    """A hash of every row a book prints; it changes when anything in the book changes.

    A handful of small queries over the book's own rows: cheap next to a render, so every download
    request can check that the stored PDF is still current.
    """
    product_rows = list(
        book_products(spec).order_by("pk").values_list("pk", "updated_at", "status", "order", "unit_id", "edition_id")
    )
    product_ids = [row[0] for row in product_rows]
    organisation_ids = sorted({row[0] for row in book_products(spec).values_list("organisation_id").distinct()})
    if spec.organisation and spec.kind != Kind.SELECTION:
        organisation_ids = sorted({*organisation_ids, spec.organisation.pk})
    compared: list = []
    if spec.changes and spec.organisation:
        edition = Edition.objects.filter(organisation=spec.organisation, year=spec.year).first()
        previous = previous_edition(edition) if edition else None
        if previous is not None:
            compared = list(previous.products.order_by("pk").values_list("pk", "updated_at", "status", "unit_id"))
            compared += list(
                Uptake.objects.filter(product__edition=previous)
                .order_by("pk")
                .values_list("product_id", "municipality_id")
            )
            compared += list(
                ProductTier.objects.filter(product__edition=previous)
                .order_by("pk")
                .values_list("product_id", "tier_id")
            )
    populations: list = []
    if spec.municipality:
        # A municipality book prints costs: price × its population (services.costs).
        populations = list(Population.objects.filter(municipality=spec.municipality).order_by("pk").values_list())
    state = {
        "spec": spec.key,
        "populations": populations,
        "compared": compared,
        "layout": layout_version(),
        "products": product_rows,
        "tiers": list(ProductTier.objects.filter(product__in=product_ids).order_by("pk").values_list()),
        "laws": list(LegalBasis.objects.filter(product__in=product_ids).order_by("pk").values_list()),
        "frameworks": list(
            LegalFramework.objects.filter(legal_bases__product__in=product_ids).distinct().order_by("pk").values_list()
        ),
        "uptakes": list(Uptake.objects.filter(product__in=product_ids).order_by("pk").values_list()),
        "organisations": list(Organisation.objects.filter(pk__in=organisation_ids).order_by("pk").values_list()),
        "editions": list(
            Edition.objects.filter(organisation__in=organisation_ids, year=spec.year).order_by("pk").values_list()
        ),
        "units": list(Unit.objects.filter(organisation__in=organisation_ids).order_by("pk").values_list()),
        "org_tiers": list(Tier.objects.filter(organisation__in=organisation_ids).order_by("pk").values_list()),
        "glossary": list(GlossaryTerm.objects.filter(organisation__in=organisation_ids).order_by("pk").values_list()),
        "members": list(Membership.objects.filter(organisation__in=organisation_ids).order_by("pk").values_list()),
        "municipalities": list(
            Municipality.objects.filter(
                Q(memberships__organisation__in=organisation_ids) | Q(uptakes__product__in=product_ids)
            )
            .distinct()
            .order_by("pk")
            .values_list("pk", "name", "cbs_code")
        ),
    }
    return hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()[:40]
