"""Writes for costs (issue 13): a product's financing and price, a municipality's population in a year.

A product's financing is part of its content (``services.models.FINANCING_FIELDS``): changing it is an
edit of the product through the workflow (version, concept copy of a published product, history), and
starting the next edition copies it. A population is reference data with its own history.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from editorial import access
from editorial.operations.products import NotAllowed, update_product
from municipalities.models import Municipality, Population
from services.models import Product


def set_financing(
    *,
    user,
    product: Product,
    expected_version: int,
    financing: str,
    price: Decimal | None,
    price_unit: str,
    price_source: str = "",
    reason: str = "",
) -> Product:
    """Record how ``product`` is paid for and, where known, its price; returns the row changed."""
    return update_product(
        user=user,
        product=product,
        expected_version=expected_version,
        changes={"financing": financing, "price": price, "price_unit": price_unit, "price_source": price_source},
        reason=reason or "Financiering bijgewerkt",
    )


def _check_may_manage(user, municipality: Municipality) -> None:
    if not access.may_manage_population(user, municipality.pk):
        raise NotAllowed(
            f"U mag het inwonertal van {municipality} niet vastleggen (daarvoor bent u beheerder van een "
            "organisatie waarin de gemeente deelneemt)."
        )


@transaction.atomic
def set_population(
    *,
    user,
    municipality: Municipality,
    year: int,
    inhabitants: int,
    reference_date: date,
    source: str = "CBS",
    population: Population | None = None,
) -> Population:
    """Record ``municipality``'s population for ``year`` (replacing the one recorded for that year, or
    changing ``population`` itself when given, e.g. from its change form)."""
    _check_may_manage(user, municipality)
    if population is None:
        population = Population.objects.select_for_update().filter(
            municipality=municipality, year=year
        ).first() or Population(municipality=municipality, year=year)
    elif population.pk:
        stored = Population.objects.select_for_update().select_related("municipality").get(pk=population.pk)
        _check_may_manage(user, stored.municipality)
    population.municipality, population.year = municipality, year
    population.inhabitants, population.reference_date, population.source = inhabitants, reference_date, source
    population._history_user = user  # type: ignore[attr-defined]  # read by simple_history
    population.full_clean()
    population.save()
    return population


@transaction.atomic
def delete_population(*, user, population: Population) -> None:
    _check_may_manage(user, population.municipality)
    population._history_user = user  # type: ignore[attr-defined]  # read by simple_history
    population.delete()
