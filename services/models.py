"""Catalogue data: organisations, their units, tiers, laws, annual editions and products.

Catalogue rows are protected from cascading deletes: removing an organisation, unit, tier, law or
edition that still has products fails instead of silently taking products with it. Only rows that are
part of one product (its legal bases, tier memberships, uptake) go with that product.
"""

import re
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import BooleanField, Exists, Expression, ExpressionWrapper, F, OuterRef, Q
from django.urls import reverse
from simple_history import register

from catalogue.text import normalise_text
from municipalities.models import Uptake
from services.freezing import writes_allowed
from services.tables import validate_table

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from simple_history.manager import HistoryManager

    from municipalities.models import Municipality


class Commissioning(models.TextChoices):
    ALL_MEMBERS = "gezamenlijk", "Alle deelnemende gemeenten gezamenlijk"
    INDIVIDUAL = "individueel", "Gemeenten afzonderlijk"
    OTHER_CLIENTS = "derden", "Andere opdrachtgevers"


class Financing(models.TextChoices):
    """How municipalities pay for a product (issue 13)."""

    JOINT_CONTRIBUTION = "bijdrage-per-inwoner", "Gezamenlijke bijdrage per inwoner"
    NATIONAL_KEY = "landelijke-verdeelsleutel", "Landelijke verdeelsleutel"
    CONTRACT = "contract-per-gemeente", "Contract per gemeente"
    THIRD_PARTIES = "derden-kostprijs", "Derden tegen kostprijs"
    SUBSIDY = "subsidie", "Subsidie"


class PriceUnit(models.TextChoices):
    PER_INHABITANT = "per-inwoner", "Per inwoner"
    PER_CHILD = "per-kind", "Per kind"
    PER_INSPECTION = "per-inspectie", "Per inspectie"
    PER_HOUR = "per-uur", "Per uur"
    FIXED = "vast-bedrag", "Vast bedrag"


class Status(models.TextChoices):
    CONCEPT = "concept", "Concept"
    IN_REVIEW = "review", "Ter beoordeling"
    PUBLISHED = "gepubliceerd", "Gepubliceerd"
    ARCHIVED = "gearchiveerd", "Gearchiveerd"


# Editions exist for these years; filters, the API and the importer refuse others.
YEAR_MIN, YEAR_MAX = 2000, 2100

# A product's descriptive texts, in the order of its page and the book (the admin searches them, versions
# compare them word by word).
PRODUCT_TEXT_FIELDS = (
    "summary",
    "goal",
    "audience",
    "legal_text",
    "activities",
    "rationale",
    "result",
    "professionals",
    "contacts",
)

# How the product is paid for and, where known, its price (issue 13).
FINANCING_FIELDS = ("financing", "price", "price_unit", "price_source")

# The product fields a version compares and restores, in the order of the page and the book.
CONTENT_FIELDS = [
    "title",
    "slug",
    "unit",
    *PRODUCT_TEXT_FIELDS,
    "age_min_months",
    "age_max_months",
    "table",
    "umbrella",
    "order",
    "review_due",
    # Costs and financing (services.costs): part of the product's text, so edits are versioned and copied.
    *FINANCING_FIELDS,
]


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def get_by_natural_key(self, slug: str) -> "Organisation":
        return self.get(slug=slug)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GGD = "ggd", "GGD"
        CJG = "cjg", "Centrum voor Jeugd en Gezin"
        OTHER = "overig", "Overige organisatie"

    name = models.CharField(
        "naam", max_length=200, unique=True, help_text="Volledige naam, bv. 'Hecht, GGD Hollands Midden'."
    )
    short_name = models.CharField(
        "korte naam", max_length=60, help_text="Naam zoals die in lijsten staat, bv. 'Hecht'."
    )
    slug = models.SlugField("slug", max_length=60, unique=True, help_text="Korte naam in URL's, bv. 'hecht'.")
    kind = models.CharField("soort", max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name="regio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="De regio (werkgebied) van de organisatie.",
    )
    website = models.URLField("website", blank=True)
    introduction = models.TextField("inleiding", blank=True, help_text="Inleidende tekst van het productenboek.")
    general_contact = models.TextField(
        "algemeen contact",
        blank=True,
        help_text="Het algemene contact van de organisatie, getoond bij producten zonder eigen contact en zonder "
        "contact van hun eenheid, bv. '- Telefoon: 088 - 20 10 000'. Laat leeg als het productenboek er geen noemt.",
    )
    municipalities: "models.ManyToManyField[Municipality, Membership]" = models.ManyToManyField(
        "municipalities.Municipality",
        verbose_name="deelnemende gemeenten",
        through="Membership",
        related_name="organisations",
        blank=True,
    )
    # The organisation's own wording of the product sections ("Wat willen we bereiken?" / "Doelstelling").
    heading_goal = models.CharField("kop doel", max_length=100, default="Doelstelling")
    heading_audience = models.CharField("kop doelgroep", max_length=100, default="Doelgroep")
    heading_legal = models.CharField("kop wettelijk kader", max_length=100, default="Wettelijk kader")
    heading_activities = models.CharField("kop inhoud", max_length=100, default="Inhoud")
    heading_rationale = models.CharField("kop waarom", max_length=100, default="Waarom")
    heading_result = models.CharField("kop resultaat", max_length=100, default="Resultaat")
    heading_professionals = models.CharField("kop professionals", max_length=100, default="Professional")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("services:organisation-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def section_headings(self) -> dict[str, str]:
        """Product section field name -> this organisation's heading for it."""
        return {
            "goal": self.heading_goal,
            "audience": self.heading_audience,
            "activities": self.heading_activities,
            "rationale": self.heading_rationale,
            "result": self.heading_result,
            "professionals": self.heading_professionals,
        }


def valid_in(year: "int | F | Expression", prefix: str = "") -> Q:
    """The condition of :meth:`MembershipQuerySet.valid_in`, for use through a relation (``prefix="memberships__"``)."""
    return (Q(**{f"{prefix}start_year__isnull": True}) | Q(**{f"{prefix}start_year__lte": year})) & (
        Q(**{f"{prefix}end_year__isnull": True}) | Q(**{f"{prefix}end_year__gte": year})
    )


class MembershipQuerySet(models.QuerySet["Membership"]):
    def get_by_natural_key(self, organisation_slug: str, cbs_code: str) -> "Membership":
        return self.get(organisation__slug=organisation_slug, municipality__cbs_code=cbs_code)

    def valid_in(self, year: "int | F | Expression") -> "MembershipQuerySet":
        """Memberships in force during ``year`` (a number, or an expression such as ``OuterRef("edition__year")``).

        The one definition of "member in year Y": a membership without a start or end year is open on that side.
        """
        return self.filter(valid_in(year))


class Membership(models.Model):
    """A municipality being a member (participant) of an organisation, over a span of years."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="memberships"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name="gemeente", on_delete=models.PROTECT, related_name="memberships"
    )
    start_year = models.PositiveSmallIntegerField("vanaf jaar", null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        "tot en met jaar", null=True, blank=True, help_text="Leeg zolang de gemeente deelneemt."
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "deelname"
        verbose_name_plural = "deelnemende gemeenten"
        ordering = ["organisation", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "municipality"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(start_year__lte=F("end_year")),
                name="membership_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} bij {self.organisation}"

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.municipality.cbs_code)

    natural_key.dependencies = ["services.organisation", "municipalities.municipality"]  # type: ignore[attr-defined]


class UnitQuerySet(models.QuerySet["Unit"]):
    def get_by_natural_key(self, organisation_slug: str, slug: str) -> "Unit":
        return self.get(organisation__slug=organisation_slug, slug=slug)


class Unit(models.Model):
    """An organisational unit (RVE, Resultaat Verantwoordelijke Eenheid) or a chapter of the book."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("naam", max_length=200)
    slug = models.SlugField("slug", max_length=100)
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    introduction = models.TextField("inleiding", blank=True, help_text="Korte introductie van de eenheid.")
    general_contact = models.TextField(
        "algemeen contact van de eenheid",
        blank=True,
        help_text="Getoond bij producten van deze eenheid die geen eigen contact noemen; gaat vóór het algemene "
        "contact van de organisatie. Eén gegeven per regel, bv. '- E-mail: info@voorbeeld.nl'.",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "eenheid (RVE)"
        verbose_name_plural = "eenheden (RVE's)"
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unit_unique_slug_per_organisation"),
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.slug)

    natural_key.dependencies = ["services.organisation"]  # type: ignore[attr-defined]


class TierQuerySet(models.QuerySet["Tier"]):
    def get_by_natural_key(self, organisation_slug: str, code: str) -> "Tier":
        return self.get(organisation__slug=organisation_slug, code=code)


class Tier(models.Model):
    """An organisation's own tier ("schil" at Hecht; Basispakket, RVP, ... at CJG Rijnmond)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="tiers"
    )
    code = models.SlugField(
        "code", max_length=30, help_text="Korte code, bv. '2a' of 'app'; staat in URL's en filters."
    )
    name = models.CharField("naam", max_length=200, help_text="Bv. 'Schil 2a' of 'Aanvullend Preventief Pakket'.")
    definition = models.TextField("betekenis", blank=True, help_text="Wat deze schil inhoudt.")
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    statutory = models.BooleanField("wettelijke taak", default=False)
    commissioning = models.CharField(
        "opdrachtgever",
        max_length=20,
        choices=Commissioning.choices,
        help_text="Wie de producten in deze schil afneemt: alle gemeenten samen, gemeenten afzonderlijk of derden.",
    )

    objects = TierQuerySet.as_manager()

    class Meta:
        verbose_name = "schil"
        verbose_name_plural = "schillen"
        ordering = ["organisation", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="tier_unique_code_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.code)

    natural_key.dependencies = ["services.organisation"]  # type: ignore[attr-defined]


class LegalFrameworkQuerySet(models.QuerySet["LegalFramework"]):
    def get_by_natural_key(self, slug: str) -> "LegalFramework":
        return self.get(slug=slug)


class LegalFramework(models.Model):
    name = models.CharField("naam", max_length=200, unique=True, help_text="Bv. 'Wet publieke gezondheid'.")
    abbreviation = models.CharField("afkorting", max_length=30, blank=True, help_text="Bv. 'Wpg'.")
    slug = models.SlugField("slug", max_length=100, unique=True)
    bwb_id = models.CharField(
        "BWB-id",
        max_length=20,
        blank=True,
        help_text="Identificatie op wetten.overheid.nl, bv. BWBR0024705 voor de Wet publieke gezondheid.",
    )
    url = models.URLField(
        "officiële tekst",
        blank=True,
        help_text="Link naar de officiële tekst als die niet op wetten.overheid.nl staat (bv. EU-regelgeving).",
    )

    objects = LegalFrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = "wettelijk kader"
        verbose_name_plural = "wettelijke kaders"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["bwb_id"], condition=~Q(bwb_id=""), name="legalframework_unique_bwb_id"),
            models.CheckConstraint(
                condition=Q(bwb_id="") | Q(bwb_id__regex=r"^BWB[RV][0-9]{7}$"), name="legalframework_bwb_id_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:law-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def official_url(self) -> str:
        if self.bwb_id:
            return f"https://wetten.overheid.nl/{self.bwb_id}/"
        return self.url

    @property
    def official_label(self) -> str:
        """A short name for the official text's link (the BWB id, a CELEX number or the site's name)."""
        if self.bwb_id:
            return self.bwb_id
        celex = re.search(r"CELEX:([0-9A-Z]+)", self.url or "")
        if celex:
            return f"CELEX {celex[1]}"
        return urlsplit(self.url).netloc.removeprefix("www.") if self.url else ""


def public_q(prefix: str = "") -> Q:
    """THE rule of what the public sees: a product is public when it is published and so is its edition.

    ``prefix`` is the path to the product (e.g. ``"products__"``), for filtered annotations and joins.
    Every public read (pages, filters, search, facet counts, API, CSV, books) goes through this, via
    :meth:`ProductQuerySet.public` or :meth:`EditionQuerySet.published`.
    """
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}edition__state": Edition.State.PUBLISHED})


class EditionQuerySet(models.QuerySet["Edition"]):
    def get_by_natural_key(self, organisation_slug: str, year: int) -> "Edition":
        return self.get(organisation__slug=organisation_slug, year=year)

    def published(self) -> "EditionQuerySet":
        """Editions the public may see (concept editions, e.g. next year's, only through the preview)."""
        return self.filter(state=Edition.State.PUBLISHED)


class Edition(models.Model):
    """An organisation's catalogue of one year ("taken en diensten per januari 2026")."""

    class State(models.TextChoices):
        CONCEPT = "concept", "Concept"
        PUBLISHED = "gepubliceerd", "Gepubliceerd"

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="editions"
    )
    year = models.PositiveSmallIntegerField("jaar")
    title = models.CharField("titel", max_length=200, help_text="Bv. 'Taken en diensten per januari 2026'.")
    state = models.CharField("status", max_length=20, choices=State.choices, default=State.CONCEPT)
    published_at = models.DateTimeField("gepubliceerd op", null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name="gebaseerd op",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        help_text="De editie waarvan deze editie een kopie is; basis voor de vergelijking tussen jaren.",
    )
    reference = models.JSONField(
        "gedeelde gegevens zoals gepubliceerd",
        null=True,
        blank=True,
        editable=False,
        encoder=DjangoJSONEncoder,
        help_text="Organisatie, eenheden, schillen, wetten en begrippen zoals deze editie ze toont (services.published).",
    )

    objects = EditionQuerySet.as_manager()
    if TYPE_CHECKING:
        # Added by simple_history's register() below; its save() records _history_user and _change_reason.
        history: ClassVar[HistoryManager]
        _history_user: AbstractBaseUser | AnonymousUser | None  # request.user, as simple_history itself sets it
        _change_reason: str

    class Meta:
        verbose_name = "editie"
        verbose_name_plural = "edities"
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="edition_unique_year_per_organisation"),
            models.CheckConstraint(condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX), name="edition_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    def natural_key(self) -> tuple[str, int]:
        return (self.organisation.slug, self.year)

    natural_key.dependencies = ["services.organisation"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        # The stored state counts: an edition that is being published is still open for this save.
        if self.pk:
            stored = Edition.objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == Edition.State.PUBLISHED and not writes_allowed():
                raise ValidationError(self.frozen_message())

    @property
    def is_frozen(self) -> bool:
        return self.state == Edition.State.PUBLISHED

    def frozen_message(self) -> str:
        return (
            f"De editie {self.year} is gepubliceerd en daarmee bevroren: producten, teksten, schillen, "
            "wetten en afname in deze editie kunnen niet meer worden gewijzigd. Start een nieuwe editie om verder te werken."
        )

    def frozen_error(self) -> str | None:
        """The message refusing a write to this edition's rows, or None while it may be written to.

        A published edition is frozen; only the importer re-reading its source book may write there
        (``services.freezing.frozen_editions_writable``).
        """
        if writes_allowed() or not self.is_frozen:
            return None
        return self.frozen_message()


# The productenboek's order; the book groups a chapter's products by tier within it.
BOOK_ORDER = ("organisation__name", "unit__order", "unit__name", "order", "title", "pk")


def _joint_product_tiers() -> "ProductTierQuerySet":
    """Tier memberships in a jointly commissioned tier: every member of the organisation takes those products."""
    return ProductTier.objects.filter(tier__commissioning=Commissioning.ALL_MEMBERS)


def _joint_tier(product_ref: str) -> "ProductTierQuerySet":
    return _joint_product_tiers().filter(product=OuterRef(product_ref))


def _taken_jointly(cbs_codes: tuple[str, ...]) -> Q:
    """In a jointly commissioned tier, in an edition whose organisation has one of ``cbs_codes`` as a
    member in the edition's year.

    Written as two uncorrelated ``IN`` lists (the editions such a member is in, the products with a
    joint tier), which the database builds once per query and probes per row, instead of correlated
    EXISTS subqueries run for every product (a nested loop of 26,000 subplans at 100 times the catalogue).
    """
    member = Membership.objects.filter(
        organisation=OuterRef("organisation"), municipality__cbs_code__in=cbs_codes
    ).valid_in(OuterRef("year"))
    editions = Edition.objects.filter(Exists(member)).values("pk")
    return Q(edition__in=editions) & Q(pk__in=_joint_product_tiers().values("product_id"))


def _takings(products: models.QuerySet) -> tuple[models.QuerySet, models.QuerySet]:
    """Who takes which of ``products`` (:meth:`ProductQuerySet.taken_by`), as rows to group or list.

    The memberships that take a jointly commissioned product (product: ``organisation__products``), and
    the uptake rows of the products a municipality does not already take jointly (product: ``product``).
    """
    selected = products.order_by().values("pk")
    # One filter() call, so the membership's years are compared with the same product row.
    joint = Membership.objects.filter(
        valid_in(F("organisation__products__edition__year")),
        organisation__products__in=selected,
        organisation__products__product_tiers__tier__commissioning=Commissioning.ALL_MEMBERS,
    ).order_by()
    member = Membership.objects.filter(
        organisation=OuterRef("product__organisation"), municipality=OuterRef("municipality")
    ).valid_in(OuterRef("product__edition__year"))
    individual = (
        Uptake.objects.filter(product__in=selected).exclude(Exists(_joint_tier("product")) & Exists(member)).order_by()
    )
    return joint, individual


class ProductQuerySet(models.QuerySet["Product"]):
    def get_by_natural_key(self, organisation_slug: str, year: int, slug: str) -> "Product":
        # A concept copy shares its product's slug; the natural key names the product itself.
        return self.get(
            edition__organisation__slug=organisation_slug, edition__year=year, slug=slug, draft_of__isnull=True
        )

    def public(self) -> "ProductQuerySet":
        """What the public sees: published products of published editions (see :func:`public_q`).

        Without the search index column: a tsvector per row, the widest one, that no page shows (the
        search filters and ranks on it in SQL).
        """
        return self.filter(public_q()).defer("search_vector")

    def published(self) -> "ProductQuerySet":
        # The older name of public(); kept so callers read the one rule.
        return self.public()

    def in_book_order(self) -> "ProductQuerySet":
        """The order of the productenboek: organisation, unit (RVE, chapter), the product's place in it."""
        return self.order_by(*BOOK_ORDER)

    def with_joint_flag(self) -> "ProductQuerySet":
        """Annotate ``jointly_commissioned``: in a tier that all members commission together (schil 2a, basispakket)."""
        return self.annotate(jointly_commissioned=Exists(_joint_tier("pk")))

    def taken_by(self, *cbs_codes: str) -> "ProductQuerySet":
        """The products the municipality takes in each product's edition year, each annotated with how.

        This is the catalogue's central rule, written once: a product in a jointly commissioned tier is
        taken by every member of its organisation in that year (``taken_jointly``), whether or not an
        uptake row names the member too; any other product is taken where an uptake row says so.

        With several codes: the products any of them takes; ``taken_jointly`` when one of them takes it jointly.
        """
        joint = _taken_jointly(cbs_codes)
        individually = Q(pk__in=Uptake.objects.filter(municipality__cbs_code__in=cbs_codes).values("product_id"))
        return self.filter(joint | individually).annotate(
            taken_jointly=ExpressionWrapper(joint, output_field=BooleanField())
        )

    def takings(self, *, jointly: bool | None = None) -> set[tuple[int, int]]:
        """Every (municipality id, product id) pair of these products and their takers (:meth:`taken_by`).

        ``jointly=True``: only the pairs ``taken_by`` annotates as ``taken_jointly``; ``False``: only the others.
        """
        joint, individual = _takings(self)
        found: set[tuple[int, int]] = set()
        if jointly is not False:
            found |= set(joint.values_list("municipality_id", "organisation__products"))
        if jointly is not True:
            found |= set(individual.values_list("municipality_id", "product_id"))
        return found

    def originals(self) -> "ProductQuerySet":
        """Products themselves, without the concept copies of published products."""
        return self.filter(draft_of__isnull=True)


class Product(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="products"
    )
    edition = models.ForeignKey(Edition, verbose_name="editie", on_delete=models.PROTECT, related_name="products")
    unit = models.ForeignKey(Unit, verbose_name="eenheid (RVE)", on_delete=models.PROTECT, related_name="products")
    tiers: "models.ManyToManyField[Tier, ProductTier]" = models.ManyToManyField(
        Tier, verbose_name="schillen", through="ProductTier", related_name="products"
    )
    title = models.CharField("titel", max_length=250)
    slug = models.SlugField("slug", max_length=120, help_text="Uniek binnen de editie; staat in de URL.")
    summary = models.CharField("samenvatting", max_length=400, blank=True, help_text="Eén regel: wat het product is.")
    goal = models.TextField("doel", blank=True, help_text="Wat willen we bereiken? / Doelstelling.")
    audience = models.TextField("doelgroep", blank=True, help_text="Voor wie doen we het? / Doelgroep.")
    legal_text = models.TextField(
        "toelichting wettelijk kader",
        blank=True,
        help_text="De tekst onder 'Wat is het wettelijk kader hiervoor?' zoals die in het boek staat.",
    )
    activities = models.TextField("inhoud", blank=True, help_text="Wat gaan we daarvoor doen? / Inhoud.")
    rationale = models.TextField("waarom", blank=True, help_text="Waarom gaan we dit doen?")
    result = models.TextField("resultaat", blank=True, help_text="Welk resultaat levert dit op? / Resultaat.")
    professionals = models.TextField("professionals", blank=True, help_text="Wie voeren het uit.")
    contacts = models.TextField("contact", blank=True, help_text="Contactadressen, e-mail, telefoon, website.")
    age_min_months = models.SmallIntegerField(
        "leeftijd vanaf (maanden)",
        null=True,
        blank=True,
        help_text="Laagste leeftijd in maanden; prenataal is negatief (bv. -9).",
    )
    age_max_months = models.SmallIntegerField(
        "leeftijd tot en met (maanden)",
        null=True,
        blank=True,
        help_text="Hoogste leeftijd in maanden (bv. 216 = 18 jaar).",
    )
    table = models.JSONField(
        "tabel",
        default=dict,
        blank=True,
        validators=[validate_table],
        help_text='Een tabel uit het boek: {"columns": [...], "rows": [[...], ...], "note": "voetnoot"}.',
    )
    umbrella = models.ForeignKey(
        "self",
        verbose_name="onderdeel van",
        on_delete=models.SET_NULL,  # a part stays a product of its own when its umbrella goes
        null=True,
        blank=True,
        related_name="parts",
        help_text="Het overkoepelende product; zijn inleiding staat één keer boven zijn onderdelen.",
    )
    financing = models.CharField(
        "financiering",
        max_length=30,
        choices=Financing.choices,
        blank=True,
        help_text="Hoe gemeenten voor dit product betalen; leeg als dat niet bekend is.",
    )
    price = models.DecimalField(
        "prijs (euro)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Alleen een vastgestelde prijs; leeg laten als die niet bekend is (er wordt nooit geschat).",
    )
    price_unit = models.CharField(
        "prijs per",
        max_length=20,
        choices=PriceUnit.choices,
        blank=True,
        help_text="Waarvoor de prijs geldt: per inwoner, per kind, per inspectie, per uur of een vast bedrag.",
    )
    price_source = models.CharField(
        "bron van de prijs",
        max_length=300,
        blank=True,
        help_text="Waar de prijs vandaan komt, bv. 'Begroting 2026, vastgesteld door het AB op 1 juli 2025'.",
    )
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.CONCEPT)
    order = models.PositiveSmallIntegerField("volgorde", default=0, help_text="Plaats in het boek.")
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    # Editorial workflow (see editorial.operations.products).
    draft_of = models.OneToOneField(
        "self",
        verbose_name="concept van",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="draft",
        editable=False,
        help_text="Het gepubliceerde product waarvan dit de bewerking is; het publiek ziet die tot de goedkeuring.",
    )
    version = models.PositiveIntegerField(
        "versie",
        default=1,
        editable=False,
        help_text="Telt elke opgeslagen wijziging; voorkomt dat wijzigingen elkaar overschrijven.",
    )
    review_due = models.DateField(
        "herzien vóór", null=True, blank=True, help_text="Datum waarop de tekst uiterlijk opnieuw bekeken moet zijn."
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="laatst bewerkt door",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ingediend door",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField("ingediend op", null=True, blank=True, editable=False)
    review_note = models.TextField(
        "opmerking beoordelaar", blank=True, editable=False, help_text="Waarom de beoordelaar het concept afwees."
    )
    # Kept up to date by a database trigger on PostgreSQL (migration 0003_search_vector); unused on SQLite.
    search_vector = SearchVectorField("zoekindex", null=True, blank=True, editable=False)

    objects = ProductQuerySet.as_manager()
    if TYPE_CHECKING:
        # Added by simple_history's register() below; its save() records _history_user and _change_reason.
        history: ClassVar[HistoryManager]
        _history_user: AbstractBaseUser | AnonymousUser | None  # request.user, as simple_history itself sets it
        _change_reason: str

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "producten"
        ordering = ["edition", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"],
                condition=Q(draft_of__isnull=True),
                name="product_unique_slug_per_edition",
                violation_error_message="Deze editie heeft al een product met deze slug.",
            ),
            # A concept copy is never what the public sees.
            models.CheckConstraint(
                condition=Q(draft_of__isnull=True) | Q(status__in=["concept", "review"]),
                name="product_draft_never_published",
            ),
            models.CheckConstraint(
                condition=Q(age_min_months__isnull=True)
                | Q(age_max_months__isnull=True)
                | Q(age_min_months__lte=F("age_max_months")),
                name="product_age_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(age_min_months__isnull=True) | Q(age_min_months__gte=-10),
                name="product_age_min_from_conception",
            ),
            models.CheckConstraint(
                condition=Q(age_max_months__isnull=True) | Q(age_max_months__lte=1500),
                name="product_age_max_plausible",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="product_price_not_negative",
                violation_error_message="Een prijs kan niet negatief zijn.",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | ~Q(price_unit=""),
                name="product_price_needs_unit",
                violation_error_message="Geef bij een prijs aan waarvoor die geldt (per inwoner, per kind, ...).",
            ),
        ]
        indexes = [models.Index(fields=["status", "edition"], name="product_status_edition_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The public page; a product of another edition than the current one carries ``?jaar=``."""
        url = reverse("services:product-detail", kwargs={"organisation": self.organisation.slug, "slug": self.slug})
        if self.edition.year != settings.CATALOGUE_CURRENT_YEAR:
            url += f"?jaar={self.edition.year}"
        return url

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.edition.natural_key(), self.slug)

    natural_key.dependencies = ["services.edition"]  # type: ignore[attr-defined]

    def normalise_texts(self) -> None:
        """Bring the text sections into the stored form (catalogue.text.normalise_text), in place."""
        for name in PRODUCT_TEXT_FIELDS:
            setattr(self, name, normalise_text(getattr(self, name)))

    def clean(self) -> None:
        # Every write path validates: admin forms, operations and the importer all store normalised texts.
        self.normalise_texts()
        errors = {}
        # Neither the edition the product is in nor the one it would move to may be frozen.
        stored = Product.objects.filter(pk=self.pk).values_list("edition", flat=True).first() if self.pk else None
        for edition_id in {self.edition_id, stored} - {None}:
            assert edition_id is not None  # left out just above; the set's type still allows it
            edition = self.edition if edition_id == self.edition_id else Edition.objects.get(pk=edition_id)
            if error := edition.frozen_error():
                errors["edition"] = error
        if self.edition_id and self.organisation_id and self.edition.organisation_id != self.organisation_id:
            errors["edition"] = "De editie hoort bij een andere organisatie."
        if self.unit_id and self.organisation_id and self.unit.organisation_id != self.organisation_id:
            errors["unit"] = "De eenheid hoort bij een andere organisatie."
        if self.umbrella_id and (
            self.umbrella_id == self.pk or (self.umbrella is not None and self.umbrella.edition_id != self.edition_id)
        ):
            errors["umbrella"] = "Het overkoepelende product is een ander product van dezelfde editie."
        elif self.umbrella_id and self.umbrella is not None and self.umbrella.umbrella_id:
            errors["umbrella"] = "Het overkoepelende product is zelf geen onderdeel van een ander product."
        if (
            self.age_min_months is not None
            and self.age_max_months is not None
            and self.age_min_months > self.age_max_months
        ):
            errors["age_max_months"] = "De hoogste leeftijd moet gelijk aan of hoger zijn dan de laagste leeftijd."
        if self.price is not None and self.price < 0:
            errors["price"] = "Een prijs kan niet negatief zijn."
        if self.price is not None and not self.price_unit:
            errors["price_unit"] = "Geef bij een prijs aan waarvoor die geldt (per inwoner, per kind, ...)."
        if errors:
            raise ValidationError(errors)


class ProductTierQuerySet(models.QuerySet["ProductTier"]):
    def get_by_natural_key(self, organisation_slug: str, year: int, slug: str, tier_code: str) -> "ProductTier":
        return self.get(
            product=Product.objects.get_by_natural_key(organisation_slug, year, slug),
            tier__organisation__slug=organisation_slug,
            tier__code=tier_code,
        )


class ProductTier(models.Model):
    product = models.ForeignKey(Product, verbose_name="product", on_delete=models.CASCADE, related_name="product_tiers")
    tier = models.ForeignKey(Tier, verbose_name="schil", on_delete=models.PROTECT, related_name="product_tiers")

    objects = ProductTierQuerySet.as_manager()
    if TYPE_CHECKING:
        history: ClassVar[HistoryManager]  # added by simple_history's register() below

    class Meta:
        verbose_name = "schil van product"
        verbose_name_plural = "schillen van product"
        ordering = ["tier__order"]
        constraints = [models.UniqueConstraint(fields=["product", "tier"], name="producttier_unique")]

    def __str__(self) -> str:
        return f"{self.product} in {self.tier}"

    def clean(self) -> None:
        if self.product_id and (error := self.product.edition.frozen_error()):
            raise ValidationError(error)
        if self.product_id and self.tier_id and self.tier.organisation_id != self.product.organisation_id:
            raise ValidationError({"tier": "De schil hoort bij een andere organisatie."})

    def natural_key(self) -> tuple:
        return (*self.product.natural_key(), self.tier.code)

    natural_key.dependencies = ["services.product", "services.tier"]  # type: ignore[attr-defined]


class LegalBasisQuerySet(models.QuerySet["LegalBasis"]):
    def get_by_natural_key(
        self, organisation_slug: str, year: int, slug: str, framework_slug: str, article: str
    ) -> "LegalBasis":
        return self.get(
            product=Product.objects.get_by_natural_key(organisation_slug, year, slug),
            framework__slug=framework_slug,
            article=article,
        )


class LegalBasis(models.Model):
    """One entry of a product's legal basis: a law, optionally an article and a note, in order."""

    product = models.ForeignKey(Product, verbose_name="product", on_delete=models.CASCADE, related_name="legal_bases")
    framework = models.ForeignKey(
        LegalFramework, verbose_name="wettelijk kader", on_delete=models.PROTECT, related_name="legal_bases"
    )
    article = models.CharField("artikel", max_length=100, blank=True, help_text="Bv. 'artikel 2h'.")
    note = models.CharField("toelichting", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    objects = LegalBasisQuerySet.as_manager()
    if TYPE_CHECKING:
        history: ClassVar[HistoryManager]  # added by simple_history's register() below

    class Meta:
        verbose_name = "wettelijke grondslag"
        verbose_name_plural = "wettelijke grondslagen"
        ordering = ["product", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "framework", "article"], name="legalbasis_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.article}".strip()

    def clean(self) -> None:
        if self.product_id and (error := self.product.edition.frozen_error()):
            raise ValidationError(error)

    def natural_key(self) -> tuple:
        return (*self.product.natural_key(), self.framework.slug, self.article)

    natural_key.dependencies = ["services.product", "services.legalframework"]  # type: ignore[attr-defined]


class GlossaryTermQuerySet(models.QuerySet["GlossaryTerm"]):
    def get_by_natural_key(self, organisation_slug: str, term: str) -> "GlossaryTerm":
        return self.get(organisation__slug=organisation_slug, term=term)


class GlossaryTerm(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="glossary_terms"
    )
    term = models.CharField("begrip", max_length=200)
    definition = models.TextField("omschrijving")

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        verbose_name = "begrip"
        verbose_name_plural = "begrippen"
        ordering = ["organisation", "term"]
        constraints = [models.UniqueConstraint(fields=["organisation", "term"], name="glossaryterm_unique_term")]

    def __str__(self) -> str:
        return self.term

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.term)

    natural_key.dependencies = ["services.organisation"]  # type: ignore[attr-defined]


class ProductVersion(models.Model):
    """Extra columns of every historical product row: the product's tiers, laws and uptake at that moment.

    A product version is the product together with these rows, so the history can show and restore
    them in one piece (see editorial.history).
    """

    relations = models.JSONField("schillen, wetten en afname", default=dict, blank=True)

    class Meta:
        abstract = True


# History ("who changed what, when") of every catalogue row staff can edit.
for _model in (Organisation, Unit, Tier, LegalFramework, Edition, ProductTier, LegalBasis, GlossaryTerm, Membership):
    register(_model)
register(Product, bases=[ProductVersion], excluded_fields=["updated_at", "search_vector"])


class SynonymSet(models.Model):
    """Words officers use for the same thing (``inenting``, ``vaccinatie``); applied at query time.

    Searching for any of the terms finds products that contain any of them, so a new set works at once,
    without rebuilding the search vectors.
    """

    terms = models.TextField(
        "termen",
        help_text="Eén term per regel, bijvoorbeeld een afkorting en wat die voluit betekent.",
    )
    source = models.CharField("bron", max_length=300, blank=True, help_text="Waar de afkorting voluit staat.")

    class Meta:
        verbose_name = "synoniemenset"
        verbose_name_plural = "synoniemensets"
        ordering = ["terms"]

    def __str__(self) -> str:
        return " = ".join(self.term_list())

    def term_list(self) -> list[str]:
        return [" ".join(line.split()) for line in self.terms.splitlines() if line.strip()]

    def clean(self) -> None:
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": "Vul minstens twee termen in, elk op een eigen regel."})
        if len({term.lower() for term in terms}) != len(terms):
            raise ValidationError({"terms": "Elke term mag maar één keer in de set staan."})
        self.terms = "\n".join(terms)


class ProductKeyword(models.Model):
    """A trefwoord staff add to a product so that searching for it finds the product (query time)."""

    product = models.ForeignKey(Product, verbose_name="product", on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField("trefwoord", max_length=100)

    class Meta:
        verbose_name = "trefwoord"
        verbose_name_plural = "trefwoorden"
        ordering = ["product", "keyword"]
        constraints = [models.UniqueConstraint(fields=["product", "keyword"], name="productkeyword_unique")]

    def __str__(self) -> str:
        return self.keyword

    def clean(self) -> None:
        self.keyword = " ".join((self.keyword or "").split())


class CatalogueVersion(models.Model):
    """The catalogue's one version number: every write to catalogue data advances it (services.versioning).

    Public responses, facet counts and book fingerprints are cached under it, so a change is served on
    the next request by every web server, whichever one it was made through.
    """

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "catalogusversie"
        verbose_name_plural = "catalogusversie"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="catalogue_version_single_row")]

    def __str__(self) -> str:
        return f"versie {self.number} ({self.changed_at:%Y-%m-%d %H:%M})"
