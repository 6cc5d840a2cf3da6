"""Organisations and their units as staff edit them in the admin, among which their general contact.

The general contact (``general_contact``) is what a product without a contact of its own shows
(``services.selectors.product_contact``): the unit's first, else the organisation's.
"""

from django.db import transaction

from editorial import access
from editorial.operations.products import NotAllowed
from services.models import Organisation, Unit


@transaction.atomic
def save_organisation(*, user, organisation: Organisation, reason: str = "") -> Organisation:
    """Store an organisation's fields (a new one or changes); only reference-data managers may."""
    if not access.may_manage_reference_data(user) and not (
        organisation.pk and access.may_administer(user, organisation)
    ):
        raise NotAllowed("U mag deze organisatie niet wijzigen.")
    organisation._history_user = user  # type: ignore[attr-defined]
    organisation._change_reason = reason or ("Organisatie gewijzigd" if organisation.pk else "Nieuwe organisatie")  # type: ignore[attr-defined]
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def save_unit(*, user, unit: Unit, reason: str = "") -> Unit:
    """Store a unit (RVE) of an organisation the user administers."""
    if not access.may_administer(user, unit.organisation_id):
        raise NotAllowed("Alleen een beheerder van de organisatie mag haar eenheden wijzigen.")
    unit._history_user = user  # type: ignore[attr-defined]
    unit._change_reason = reason or ("Eenheid gewijzigd" if unit.pk else "Nieuwe eenheid")  # type: ignore[attr-defined]
    unit.full_clean()
    unit.save()
    return unit
