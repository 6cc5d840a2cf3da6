import re
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history import register

if TYPE_CHECKING:
    from simple_history.manager import HistoryManager


class RegionQuerySet(models.QuerySet["Region"]):
    def get_by_natural_key(self, slug: str) -> "Region":
        return self.get(slug=slug)


class Region(models.Model):
    class Kind(models.TextChoices):
        GGD_REGION = "ggd-regio", "GGD-regio"
        SUBREGION = "subregio", "Subregio"
        SERVICE_AREA = "werkgebied", "Werkgebied"

    name = models.CharField("naam", max_length=100, unique=True)
    slug = models.SlugField(
        "slug", max_length=100, unique=True, help_text="Korte naam in URL's, bv. 'hollands-midden'."
    )
    kind = models.CharField("soort", max_length=20, choices=Kind.choices, default=Kind.GGD_REGION)
    parent = models.ForeignKey(
        "self",
        verbose_name="valt onder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subregions",
        help_text="De regio waarvan dit een subregio is, bv. Hollands Midden voor Midden-Holland.",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="region_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


# A CBS municipality code: "GM" and four digits (GM0513 is Gouda).
CBS_CODE_PATTERN = r"GM[0-9]{4}"


def normalise_cbs_code(value: str | None) -> str:
    """``value`` as typed (spaces around it, lower case) in the stored form of a CBS code; "" when it is not one."""
    code = (value or "").strip().upper()
    return code if re.fullmatch(CBS_CODE_PATTERN, code) else ""


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def get_by_natural_key(self, cbs_code: str) -> "Municipality":
        return self.get(cbs_code=cbs_code)

    def by_code(self, value: str | None) -> "MunicipalityQuerySet":
        """The municipality with this CBS code as a visitor may type it (none for a malformed code)."""
        return self.filter(cbs_code=normalise_cbs_code(value)) if normalise_cbs_code(value) else self.none()

    def existing_in(self, year: int) -> "MunicipalityQuerySet":
        """Municipalities that existed (had not yet merged away) during ``year``."""
        return self.filter(Q(dissolved_year__isnull=True) | Q(dissolved_year__gt=year))


class Municipality(models.Model):
    cbs_code = models.CharField(
        "CBS-code",
        max_length=6,
        unique=True,
        help_text="Gemeentecode van het CBS, bv. GM0513 voor Gouda.",
    )
    name = models.CharField("naam", max_length=100)
    slug = models.SlugField("slug", max_length=100, unique=True)
    regions = models.ManyToManyField(Region, verbose_name="regio's", related_name="municipalities", blank=True)
    dissolved_year = models.PositiveSmallIntegerField(
        "opgeheven per",
        null=True,
        blank=True,
        help_text="Jaar waarin de gemeente bij een herindeling is opgegaan in een andere (1 januari).",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name="opgegaan in",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text="De gemeente waarin deze gemeente bij een herindeling is opgegaan.",
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=f"^{CBS_CODE_PATTERN}$"), name="municipality_cbs_code_format"
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(dissolved_year__isnull=False),
                name="municipality_successor_needs_dissolved_year",
            ),
            models.CheckConstraint(condition=~Q(successor=models.F("id")), name="municipality_not_own_successor"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("municipalities:municipality-detail", kwargs={"cbs_code": self.cbs_code})

    def natural_key(self) -> tuple[str]:
        return (self.cbs_code,)


class PopulationQuerySet(models.QuerySet["Population"]):
    def get_by_natural_key(self, cbs_code: str, year: int) -> "Population":
        return self.get(municipality__cbs_code=cbs_code, year=year)


class Population(models.Model):
    """A municipality's number of inhabitants for a catalogue year, as the CBS counted it on a reference date.

    The cost of a product paid per inhabitant is its price times this number (services.costs); a year
    without a row has no cost per inhabitant: it is shown as unknown, never carried over from another year.
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name="gemeente", on_delete=models.PROTECT, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(
        "jaar", help_text="Het jaar van de editie waarvoor dit inwonertal telt (bv. 2026)."
    )
    inhabitants = models.PositiveIntegerField("inwoners")
    reference_date = models.DateField(
        "peildatum", help_text="De datum waarop het CBS de inwoners telde, bv. 1 januari 2025."
    )
    source = models.CharField(
        "bron", max_length=300, blank=True, default="CBS", help_text="Bv. 'CBS StatLine, bevolking op 1 januari'."
    )

    objects = PopulationQuerySet.as_manager()
    if TYPE_CHECKING:
        history: ClassVar[HistoryManager]  # added by simple_history's register() below

    class Meta:
        verbose_name = "inwonertal"
        verbose_name_plural = "inwonertallen"
        ordering = ["municipality__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="population_unique_municipality_year",
                violation_error_message="Voor deze gemeente is al een inwonertal voor dit jaar vastgelegd.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="population_year_range",
                violation_error_message="Het jaar moet tussen 2000 en 2100 liggen.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.inhabitants} inwoners ({self.year})"

    def natural_key(self) -> tuple[str, int]:
        return (self.municipality.cbs_code, self.year)

    natural_key.dependencies = ["municipalities.municipality"]  # type: ignore[attr-defined]


class UptakeQuerySet(models.QuerySet["Uptake"]):
    def get_by_natural_key(self, organisation_slug: str, year: int, slug: str, cbs_code: str) -> "Uptake":
        return self.get(
            # The product's own natural key (services.models.ProductQuerySet.get_by_natural_key).
            product__edition__organisation__slug=organisation_slug,
            product__edition__year=year,
            product__slug=slug,
            product__draft_of__isnull=True,
            municipality__cbs_code=cbs_code,
        )


class Uptake(models.Model):
    """A municipality taking an individually commissioned product in the product's edition.

    Products in a tier commissioned jointly by all members need no rows here: every member takes them.
    """

    product = models.ForeignKey(
        "services.Product", verbose_name="product", on_delete=models.CASCADE, related_name="uptakes"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name="gemeente", on_delete=models.PROTECT, related_name="uptakes"
    )
    note = models.CharField("toelichting", max_length=300, blank=True)

    objects = UptakeQuerySet.as_manager()
    if TYPE_CHECKING:
        history: ClassVar[HistoryManager]  # added by simple_history's register() below

    class Meta:
        verbose_name = "afname"
        verbose_name_plural = "afname door gemeenten"
        ordering = ["product", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["product", "municipality"], name="uptake_unique_product_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} neemt {self.product} af"

    def clean(self) -> None:
        if self.product_id and (error := self.product.edition.frozen_error()):
            raise ValidationError(error)

    def natural_key(self) -> tuple:
        return (*self.product.natural_key(), self.municipality.cbs_code)

    natural_key.dependencies = ["services.product", "municipalities.municipality"]  # type: ignore[attr-defined]


register(Uptake)
register(Population)
