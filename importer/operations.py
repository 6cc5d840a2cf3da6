"""Write a parsed product book into the catalogue: one atomic, validated, idempotent operation.

The book is the source of truth for its edition: re-importing it updates what changed, creates what
is new and archives products that are no longer in it; nothing is duplicated. Any error rolls the whole
import back, so a file that cannot be parsed or validated changes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction

from catalogue.text import normalise_text
from importer.laws import LAWS, LAWS_BY_SLUG
from importer.parsers import ParsedBook, ParseError, parse_book
from importer.parsers.base import ParsedProduct
from municipalities.models import Municipality, Region, Uptake
from services.freezing import frozen_editions_writable
from services.models import (
    Edition,
    GlossaryTerm,
    LegalBasis,
    LegalFramework,
    Membership,
    Organisation,
    Product,
    ProductTier,
    Status,
    Tier,
    Unit,
)


class ImportFailed(Exception):
    """The book could not be imported; nothing was changed."""


# A product book's text is a few hundred kilobytes; anything this large is not one.
MAX_BOOK_BYTES = 20 * 1024 * 1024


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    archived: Counter = field(default_factory=Counter)
    # What the book no longer holds, by kind ("producten", "eenheden", "schillen"): names, for the user.
    removed: dict[str, list[str]] = field(default_factory=dict)
    dry_run: bool = False

    def lines(self) -> list[str]:
        labels = sorted(set(self.created) | set(self.updated) | set(self.unchanged) | set(self.archived))
        return [
            f"{label}: {self.created[label]} nieuw, {self.updated[label]} bijgewerkt, "
            f"{self.unchanged[label]} ongewijzigd"
            + (f", {self.archived[label]} gearchiveerd" if self.archived[label] else "")
            for label in labels
        ] + [f"niet meer in het boek ({kind}): {', '.join(names)}" for kind, names in self.removed.items() if names]

    @property
    def changes_anything(self) -> bool:
        return bool(+self.created or +self.updated or +self.archived)


def import_productbook(
    path: Path, *, fmt: str, year: int, allow_removals: bool = False, dry_run: bool = False
) -> ImportReport:
    """Parse the book at ``path`` and import it. Raises ParseError or ImportFailed; changes nothing then."""
    return import_book(
        parse_book(read_book(path), fmt, year=year), year=year, allow_removals=allow_removals, dry_run=dry_run
    )


def read_book(path: Path) -> str:
    """The book's text; a file that is not a product book's UTF-8 text is refused naming the line."""
    try:
        if path.stat().st_size > MAX_BOOK_BYTES:
            raise ImportFailed(
                f"{path} is {path.stat().st_size // (1024 * 1024)} MB; een productenboek als tekst is hooguit "
                f"{MAX_BOOK_BYTES // (1024 * 1024)} MB"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"{path} kan niet gelezen worden: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFailed(f"regel {line}: {path} is geen UTF-8-tekst (byte {error.start})") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed(f"regel {line}: het bestand bevat een NUL-teken; is het wel de tekst van een productenboek?")
    return text


def import_book(book: ParsedBook, *, year: int, allow_removals: bool = False, dry_run: bool = False) -> ImportReport:
    """Import ``book`` as the organisation's edition of ``year``, in one transaction.

    The importer refuses what it cannot vouch for: a book that would archive products, or no longer holds
    a unit or a tier, and any change to an edition that is already published, unless ``allow_removals``
    says the user has seen the list (``--dry-run`` shows it without changing anything).
    """
    with transaction.atomic():
        published_before = Edition.objects.filter(
            organisation__slug=book.organisation.slug, year=year, state=Edition.State.PUBLISHED
        ).exists()
        # The book is its edition as published, so the import may rewrite a published (frozen) edition.
        with frozen_editions_writable():
            report = _import_book(book, year=year)
        report.dry_run = dry_run
        if not allow_removals and not dry_run:
            _refuse_unvouched(report, published_before=published_before, year=year)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _refuse_unvouched(report: ImportReport, *, published_before: bool, year: int) -> None:
    removed = [f"{kind}: {', '.join(names)}" for kind, names in report.removed.items() if names]
    if removed:
        raise ImportFailed(
            "het boek mist wat de editie nu heeft ("
            + "; ".join(removed)
            + "). Is het boek compleet? Bekijk het met --dry-run en importeer met --allow-removals om dit te archiveren"
        )
    if published_before and report.changes_anything:
        raise ImportFailed(
            f"de editie {year} is gepubliceerd en het boek zou haar wijzigen ("
            + "; ".join(report.lines())
            + "). Bekijk het met --dry-run en importeer met --allow-removals als dit de bedoeling is"
        )


def _import_book(book: ParsedBook, *, year: int) -> ImportReport:
    report = ImportReport()
    organisation = _import_organisation(book, report)
    _import_memberships(organisation, report)
    frameworks = _import_laws(report)
    tiers = {
        parsed.code: _upsert(
            report,
            Tier,
            {"organisation": organisation, "code": parsed.code},
            name=parsed.name,
            definition=parsed.definition,
            order=parsed.order,
            statutory=parsed.statutory,
            commissioning=parsed.commissioning,
        )
        for parsed in book.tiers
    }
    units = {
        parsed.slug: _upsert(
            report,
            Unit,
            {"organisation": organisation, "slug": parsed.slug},
            name=parsed.name,
            order=parsed.order,
            introduction=parsed.introduction,
        )
        for parsed in book.units
    }
    edition = _upsert(
        report,
        Edition,
        {"organisation": organisation, "year": year},
        title=book.edition_title,
        state=Edition.State.PUBLISHED,
    )
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    seen: set[str] = set()
    for parsed in book.products:
        if parsed.slug in seen:
            raise ImportFailed(f"regel {parsed.line}: het product {parsed.title!r} staat twee keer in het boek")
        seen.add(parsed.slug)
        _import_product(parsed, edition, units, tiers, frameworks, municipalities, report)
    _import_umbrellas(book, edition, report)
    stale = Product.objects.filter(edition=edition).exclude(slug__in=seen).exclude(status=Status.ARCHIVED)
    report.removed["producten"] = [product.title for product in stale.order_by("order", "title")]
    for product in stale:
        _archive(product, report)
    report.removed["eenheden"] = list(
        Unit.objects.filter(organisation=organisation)
        .exclude(slug__in=units)
        .order_by("order")
        .values_list("name", flat=True)
    )
    report.removed["schillen"] = list(
        Tier.objects.filter(organisation=organisation)
        .exclude(code__in=tiers)
        .order_by("order")
        .values_list("name", flat=True)
    )
    for term, definition in book.glossary:
        _upsert(report, GlossaryTerm, {"organisation": organisation, "term": term}, definition=definition)
    return report


def _import_organisation(book: ParsedBook, report: ImportReport) -> Organisation:
    parsed = book.organisation
    try:
        region = Region.objects.get(slug=parsed.region)
    except Region.DoesNotExist:
        raise ImportFailed(
            f"de regio {parsed.region!r} bestaat niet; laad eerst de referentiegegevens (fixtures/reference.json)"
        ) from None
    headings = {f"heading_{key}": value for key, value in parsed.headings.items()}
    # The book's general contact is a default: once staff have entered one, a new import leaves it.
    stored = Organisation.objects.filter(slug=parsed.slug).values_list("general_contact", flat=True).first()
    contact = {} if stored else {"general_contact": parsed.general_contact}
    return _upsert(
        report,
        Organisation,
        {"slug": parsed.slug},
        name=parsed.name,
        short_name=parsed.short_name,
        kind=parsed.kind,
        region=region,
        website=parsed.website,
        introduction=parsed.introduction,
        **headings,
        **contact,
    )


def _import_memberships(organisation: Organisation, report: ImportReport) -> None:
    """Every municipality of the organisation's region (and its subregions) is a member.

    A merged municipality is a member until the year before its merger; its successor from the
    merger on, so each edition year has the members of that year.
    """
    region = organisation.region
    assert region is not None  # _import_organisation always sets it
    regions = [region, *region.subregions.all()]
    members = Municipality.objects.filter(regions__in=regions).distinct().prefetch_related("predecessors")
    for municipality in members:
        merged_from = [p.dissolved_year for p in municipality.predecessors.all() if p.dissolved_year]
        _upsert(
            report,
            Membership,
            {"organisation": organisation, "municipality": municipality},
            start_year=min(merged_from) if merged_from else None,
            end_year=municipality.dissolved_year - 1 if municipality.dissolved_year else None,
        )


def _import_laws(report: ImportReport) -> dict[str, LegalFramework]:
    return {
        law.slug: _upsert(
            report,
            LegalFramework,
            {"slug": law.slug},
            name=law.name,
            abbreviation=law.abbreviation,
            bwb_id=law.bwb_id,
            url=law.url,
        )
        for law in LAWS
    }


def _import_product(
    parsed: ParsedProduct,
    edition: Edition,
    units: dict[str, Unit],
    tiers: dict[str, Tier],
    frameworks: dict[str, LegalFramework],
    municipalities: dict[str, Municipality],
    report: ImportReport,
) -> None:
    def fail(message: str) -> ImportFailed:
        return ImportFailed(f"regel {parsed.line}: product {parsed.title!r}: {message}")

    if parsed.unit not in units:
        raise fail(f"onbekende eenheid {parsed.unit!r}")
    unknown_tiers = [code for code in parsed.tiers if code not in tiers]
    if unknown_tiers or not parsed.tiers:
        raise fail(f"onbekende of ontbrekende schil {unknown_tiers or parsed.tiers}")
    unknown_laws = [law.framework for law in parsed.laws if law.framework not in LAWS_BY_SLUG]
    if unknown_laws:
        raise fail(f"onbekende wet {unknown_laws}")
    unknown_municipalities = [code for code in parsed.municipalities if code not in municipalities]
    if unknown_municipalities:
        raise fail(f"onbekende gemeente {unknown_municipalities}")

    try:
        product = _upsert(
            report,
            Product,
            {"edition": edition, "slug": parsed.slug},
            organisation=edition.organisation,
            unit=units[parsed.unit],
            title=parsed.title,
            summary=normalise_text(parsed.summary),
            goal=normalise_text(parsed.goal),
            audience=normalise_text(parsed.audience),
            legal_text=normalise_text(parsed.legal_text),
            activities=normalise_text(parsed.activities),
            rationale=normalise_text(parsed.rationale),
            result=normalise_text(parsed.result),
            professionals=normalise_text(parsed.professionals),
            contacts=normalise_text(parsed.contacts),
            age_min_months=parsed.age_min_months,
            age_max_months=parsed.age_max_months,
            table=parsed.table,
            status=Status.PUBLISHED,
            order=parsed.order,
        )
    except ValidationError as error:
        raise fail("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None

    _sync(
        report,
        "schillen van product",
        ProductTier.objects.filter(product=product),
        {(tiers[code].pk,): {"tier": tiers[code]} for code in parsed.tiers},
        key=lambda row: (row.tier_id,),
        create=lambda values: ProductTier(product=product, **values),
    )
    _sync(
        report,
        "wettelijke grondslagen",
        LegalBasis.objects.filter(product=product),
        {
            (frameworks[law.framework].pk, law.article): {
                "framework": frameworks[law.framework],
                "article": law.article,
                "note": law.note,
                "order": order,
            }
            for order, law in enumerate(parsed.laws)
        },
        key=lambda row: (row.framework_id, row.article),
        create=lambda values: LegalBasis(product=product, **values),
    )
    _sync(
        report,
        "afname door gemeenten",
        Uptake.objects.filter(product=product),
        {(municipalities[code].pk,): {"municipality": municipalities[code]} for code in parsed.municipalities},
        key=lambda row: (row.municipality_id,),
        create=lambda values: Uptake(product=product, **values),
    )


def _archive(product: Product, report: ImportReport) -> None:
    """A product the book no longer holds: archived, validated and in its history like any other write."""
    product.status = Status.ARCHIVED
    product.full_clean()
    product._change_reason = "Gearchiveerd: staat niet meer in het productenboek"
    product.save()
    report.archived["producten"] += 1


def _import_umbrellas(book: ParsedBook, edition: Edition, report: ImportReport) -> None:
    """Link sub-products to their umbrella product once all the book's products exist."""
    products = {product.slug: product for product in Product.objects.originals().filter(edition=edition)}
    for parsed in book.products:
        if parsed.umbrella and parsed.umbrella not in products:
            raise ImportFailed(f"regel {parsed.line}: product {parsed.title!r}: onbekend overkoepelend product")
        umbrella = products[parsed.umbrella] if parsed.umbrella else None
        product = products[parsed.slug]
        if product.umbrella_id == (umbrella.pk if umbrella else None):
            continue
        product.umbrella = umbrella
        try:
            product.full_clean()
            product.save()
            report.updated["onderdelen van producten"] += 1
        except ValidationError as error:
            message = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            raise ImportFailed(f"regel {parsed.line}: product {parsed.title!r}: {message}") from None


def _label(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name_plural)


def _upsert(report: ImportReport, model: type[models.Model], lookup: dict, **values):
    """Create or update one row, validated; count it as created, updated or unchanged."""
    instance = model._default_manager.filter(**lookup).first()
    label = _label(model)
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        report.created[label] += 1
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save()
        report.updated[label] += 1
    else:
        report.unchanged[label] += 1
    return instance


def _sync(report: ImportReport, label: str, existing, wanted: dict, *, key, create) -> None:
    """Make the rows of ``existing`` equal to ``wanted`` (key -> field values), changing only what differs."""
    current = {key(row): row for row in existing}
    for row_key, row in current.items():
        if row_key not in wanted:
            row.delete()
            report.updated[label] += 1
    for row_key, values in wanted.items():
        row = current.get(row_key)
        if row is None:
            row = create(values)
            row.full_clean()
            row.save()
            report.created[label] += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.full_clean()
            row.save()
            report.updated[label] += 1
        else:
            report.unchanged[label] += 1


__all__ = ["ImportFailed", "ImportReport", "ParseError", "import_book", "import_productbook"]
