"""The editorial workflow: every write to a product's content goes through here.

States: concept → ter beoordeling (review) → gepubliceerd. A product that was never published is
edited in place. Editing a *published* product makes a concept copy (``draft_of`` points at the
product); the public keeps seeing the published row until a reviewer approves the copy, which then
overwrites the published product (texts, tiers, legal bases, uptake) and is deleted. Its history stays.

Rules enforced here for every caller (admin, commands, future views):
- roles and units (editorial.access), and published editions being frozen (services.freezing);
- four eyes: the approver is never the last editor of the concept;
- optimistic locking: each change names the version it was made on; if the product has changed since,
  nothing is saved and :class:`EditConflict` says which sections the other editor changed;
- every change is recorded with who, when and why (django-simple-history).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from editorial import access
from editorial.history import compare, ensure_baseline, product_relations, product_versions, version_of
from municipalities.models import Municipality, Uptake
from services.models import (
    CONTENT_FIELDS,
    Edition,
    LegalBasis,
    LegalFramework,
    Product,
    ProductTier,
    Status,
    Tier,
    Unit,
)


class NotAllowed(PermissionDenied):
    """The user's roles do not allow this."""


class WorkflowError(ValidationError):
    """This step is not possible now: wrong state, frozen edition, four-eyes rule, bad input."""


class EditConflict(WorkflowError):
    """Someone else changed the product after this editor opened it; nothing was saved."""

    def __init__(self, message: str, *, current: Product, changes: list) -> None:
        super().__init__(message, code="conflict")
        self.current = current
        self.changes = changes

    @property
    def changed_labels(self) -> list[str]:
        return [change.label for change in self.changes]


@dataclass(frozen=True)
class Basis:
    """One legal basis as an editor enters it."""

    framework: LegalFramework
    article: str = ""
    note: str = ""


@dataclass(frozen=True)
class Take:
    """One municipality taking the product."""

    municipality: Municipality
    note: str = ""


# Checks


def _check_visible(user, product: Product) -> None:
    if not access.may_view_product(user, product):
        raise NotAllowed("U heeft geen toegang tot dit product.")


def _check_open(product: Product) -> None:
    if error := product.edition.frozen_error():
        raise WorkflowError(error, code="frozen")


def _check_may_edit(user, product: Product) -> None:
    _check_visible(user, product)
    _check_open(product)
    if not access.may_edit_product(user, product):
        raise NotAllowed("U mag producten van deze eenheid niet bewerken (daarvoor is de rol redacteur nodig).")


def _check_may_review(user, product: Product) -> None:
    _check_visible(user, product)
    _check_open(product)
    if not access.may_review_product(user, product):
        raise NotAllowed("U mag producten van deze eenheid niet beoordelen (daarvoor is de rol beoordelaar nodig).")


VERSION_MISSING = (
    "Het formulier mist de versie waarop u begon te bewerken, dus kan niet worden nagegaan of een collega het "
    "product intussen heeft gewijzigd. Er is niets opgeslagen; open het product opnieuw en breng uw wijzigingen aan."
)


def require_version(expected_version: int | None) -> int:
    """The version an edit was made on; an edit that does not name one is refused, never applied unchecked."""
    if expected_version is None:
        raise WorkflowError(VERSION_MISSING, code="version_missing")
    return expected_version


def check_version(product: Product, expected_version: int | None) -> None:
    """Raise EditConflict, naming what changed, if ``product`` is no longer at ``expected_version``.

    ``None`` skips the check: only for workflow steps on a state the row itself guards (approving what is
    in review). Content edits call :func:`require_version` first.
    """
    if expected_version is None or product.version == expected_version:
        return
    seen = version_of(product, expected_version)
    changes = compare(seen, product, headings=product.organisation.section_headings()) if seen else []
    who = product.last_edited_by.get_full_name() or product.last_edited_by.username if product.last_edited_by else None
    what = ", ".join(change.label.lower() for change in changes) or "de status of de volgorde"
    raise EditConflict(
        f"Dit product is gewijzigd nadat u het opende{f' (door {who})' if who else ''}: {what}. "
        "Uw wijzigingen zijn niet opgeslagen. Bekijk de nieuwe versie en breng uw wijzigingen opnieuw aan.",
        current=product,
        changes=changes,
    )


GONE = (
    "Dit product bestaat niet meer in deze vorm: een collega heeft het intussen goedgekeurd, weggegooid of "
    "verwijderd. Er is niets opgeslagen; open het product opnieuw."
)


def _locked(product: Product) -> Product:
    """The product's row, locked for the rest of the transaction, with what the checks read.

    Concurrent steps on one product (two reviewers approving, an editor saving while a reviewer rejects)
    wait here for each other; the one that comes second sees the first one's result and is refused with
    a message, for a concept copy approved in the meantime too (its row is gone).
    """
    locked = Product.objects.select_for_update().select_related("edition", "organisation").filter(pk=product.pk).first()
    if locked is None:
        raise WorkflowError(GONE, code="gone")
    return locked


def _save(product: Product, *, user, reason: str) -> None:
    product.version += 1
    product._history_user = user
    product._change_reason = reason
    product.full_clean()
    product.save()


# Relations


def _set_relations(product: Product, *, tiers=None, legal_bases=None, uptake=None) -> None:
    """Make the product's tiers, legal bases and uptake equal to what is given (None: leave as is)."""
    if tiers is not None:
        wanted = {tier.pk: tier for tier in tiers}
        ProductTier.objects.filter(product=product).exclude(tier_id__in=wanted).delete()
        existing = set(ProductTier.objects.filter(product=product).values_list("tier_id", flat=True))
        for tier_id, tier in wanted.items():
            if tier_id not in existing:
                row = ProductTier(product=product, tier=tier)
                row.full_clean()
                row.save()
    if legal_bases is not None:
        LegalBasis.objects.filter(product=product).delete()
        for order, basis in enumerate(legal_bases):
            basis_row = LegalBasis(
                product=product, framework=basis.framework, article=basis.article, note=basis.note, order=order
            )
            basis_row.full_clean()
            basis_row.save()
    if uptake is not None:
        wanted_uptake = {take.municipality.pk: take for take in uptake}
        Uptake.objects.filter(product=product).exclude(municipality_id__in=wanted_uptake).delete()
        existing_uptake = {row.municipality_id: row for row in Uptake.objects.filter(product=product)}
        for municipality_id, take in wanted_uptake.items():
            uptake_row = existing_uptake.get(municipality_id) or Uptake(product=product, municipality=take.municipality)
            if uptake_row.pk and uptake_row.note == take.note:
                continue
            uptake_row.note = take.note
            uptake_row.full_clean()
            uptake_row.save()


def _relations_of(product: Product) -> dict[str, list]:
    return {
        "tiers": [row.tier for row in ProductTier.objects.filter(product=product).select_related("tier")],
        "legal_bases": [
            Basis(row.framework, row.article, row.note)
            for row in LegalBasis.objects.filter(product=product).select_related("framework").order_by("order", "id")
        ],
        "uptake": [
            Take(row.municipality, row.note)
            for row in Uptake.objects.filter(product=product).select_related("municipality")
        ],
    }


def refresh_latest_version(product: Product) -> None:
    latest = product.history.order_by("-history_date", "-history_id").first()
    if latest is not None:
        latest.relations = product_relations(product)
        latest.save(update_fields=["relations"])


# Operations


@transaction.atomic
def create_product(
    *,
    user,
    edition: Edition,
    unit: Unit,
    title: str,
    slug: str,
    tiers: Sequence[Tier] = (),
    legal_bases: Sequence[Basis] = (),
    uptake: Sequence[Take] = (),
    **fields: Any,
) -> Product:
    """A new product, as a concept in an open edition."""
    if error := edition.frozen_error():
        raise WorkflowError(error, code="frozen")
    if not access.may_create_product_in(user, organisation=edition.organisation, unit=unit):
        raise NotAllowed("U mag in deze eenheid geen producten toevoegen (daarvoor is de rol redacteur nodig).")
    _only_content(fields)
    product = Product(
        organisation=edition.organisation,
        edition=edition,
        unit=unit,
        title=title,
        slug=slug,
        status=Status.CONCEPT,
        last_edited_by=user,
        **fields,
    )
    product._history_user = user
    product._change_reason = "Nieuw product"
    product.full_clean()
    product.save()
    _set_relations(product, tiers=list(tiers), legal_bases=list(legal_bases), uptake=list(uptake))
    refresh_latest_version(product)
    return product


@transaction.atomic
def start_edit(*, user, product: Product) -> Product:
    """The row to edit: the product itself, or for a published product its concept copy (made if needed)."""
    product = _locked(product)
    _check_may_edit(user, product)
    if product.status == Status.ARCHIVED:
        raise WorkflowError("Een gearchiveerd product kan niet bewerkt worden.", code="archived")
    if product.status != Status.PUBLISHED:
        return product
    existing = Product.objects.filter(draft_of=product).first()
    if existing is not None:
        return existing
    ensure_baseline(product)
    draft = Product(
        organisation=product.organisation,
        edition=product.edition,
        draft_of=product,
        status=Status.CONCEPT,
        version=product.version,
        last_edited_by=user,
        **{name: getattr(product, name) for name in CONTENT_FIELDS},
    )
    draft._history_user = user
    draft._change_reason = f"Concept gemaakt van de gepubliceerde versie {product.version}"
    draft.full_clean()
    draft.save()
    _set_relations(draft, **_relations_of(product))
    refresh_latest_version(draft)
    return draft


def _only_content(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"not editable through the workflow: {sorted(unknown)}")


@transaction.atomic
def update_product(
    *,
    user,
    product: Product,
    expected_version: int | None,
    changes: dict[str, Any] | None = None,
    tiers: list[Tier] | None = None,
    legal_bases: list[Basis] | None = None,
    uptake: list[Take] | None = None,
    reason: str = "",
) -> Product:
    """Save an editor's changes, made on ``expected_version`` of ``product``; returns the row changed.

    For a published product the changes go to its concept copy (made now); the published text stays
    until the copy is approved. If the product changed after the editor opened it, raises EditConflict.
    """
    changes = dict(changes or {})
    _only_content(changes)
    require_version(expected_version)
    locked = _locked(product)
    _check_may_edit(user, locked)
    check_version(locked, expected_version)
    if locked.status == Status.PUBLISHED:
        draft = Product.objects.filter(draft_of=locked).select_related("last_edited_by").first()
        if draft is not None:
            who = draft.last_edited_by.username if draft.last_edited_by else "een collega"
            raise EditConflict(
                f"Er is al een concept van dit product, het laatst bewerkt door {who}. Uw wijzigingen zijn niet "
                "opgeslagen; open het concept en breng ze daar aan.",
                current=draft,
                changes=compare(locked, draft, headings=locked.organisation.section_headings()),
            )
        target = start_edit(user=user, product=locked)
    else:
        target = locked
    moved = "unit" in changes and changes["unit"] != target.unit
    if moved and not access.may_create_product_in(user, organisation=target.organisation, unit=changes["unit"]):
        raise NotAllowed("U mag geen producten naar die eenheid verplaatsen.")
    ensure_baseline(target)
    before = _snapshot(target)
    for name, value in changes.items():
        setattr(target, name, value)
    target.normalise_texts()  # a browser's CRLF is no edit
    _set_relations(target, tiers=tiers, legal_bases=legal_bases, uptake=uptake)
    if _snapshot(target) == before:
        return target
    target.last_edited_by = user
    if target.status == Status.IN_REVIEW:
        # A change after submission needs a fresh look.
        target.status = Status.CONCEPT
    _save(target, user=user, reason=reason or "Bewerkt")
    return target


def _snapshot(product: Product) -> tuple:
    return (tuple(getattr(product, name) for name in CONTENT_FIELDS), product_relations(product))


@transaction.atomic
def submit_for_review(*, user, product: Product, expected_version: int | None = None) -> Product:
    product = _locked(product)
    _check_may_edit(user, product)
    check_version(product, expected_version)
    if product.status != Status.CONCEPT:
        raise WorkflowError("Alleen een concept kan ter beoordeling worden ingediend.", code="state")
    product.status = Status.IN_REVIEW
    product.submitted_by = user
    product.submitted_at = timezone.now()
    product.review_note = ""
    _save(product, user=user, reason="Ingediend ter beoordeling")
    return product


@transaction.atomic
def approve(*, user, product: Product, expected_version: int | None = None) -> Product:
    """Publish a concept in review; returns the published product. Four eyes: not by its last editor."""
    product = _locked(product)
    _check_may_review(user, product)
    check_version(product, expected_version)
    if product.status != Status.IN_REVIEW:
        raise WorkflowError("Alleen een product dat ter beoordeling staat kan worden goedgekeurd.", code="state")
    if product.last_edited_by_id is not None and product.last_edited_by_id == user.pk:
        raise WorkflowError(
            "U heeft dit concept als laatste bewerkt. Een ander moet het goedkeuren (vier-ogenprincipe).",
            code="four_eyes",
        )
    if product.draft_of_id is None:
        product.status = Status.PUBLISHED
        product.review_note = ""
        _save(product, user=user, reason="Goedgekeurd en gepubliceerd")
        return product

    assert product.draft_of is not None  # draft_of_id is set (above)
    published = _locked(product.draft_of)
    ensure_baseline(published)
    for name in CONTENT_FIELDS:
        setattr(published, name, getattr(product, name))
    published.last_edited_by_id = product.last_edited_by_id
    published.submitted_by_id = product.submitted_by_id
    published.submitted_at = product.submitted_at
    published.review_note = ""
    _set_relations(published, **_relations_of(product))
    product._history_user = user
    product._change_reason = "Goedgekeurd; overgenomen in het gepubliceerde product"
    # The draft shares the slug: remove it before the published row may take a changed slug.
    product.delete()
    _save(published, user=user, reason=f"Goedgekeurd en gepubliceerd (concept versie {product.version})")
    return published


@transaction.atomic
def reject(*, user, product: Product, note: str, expected_version: int | None = None) -> Product:
    """Send a concept in review back to its editors, saying why."""
    product = _locked(product)
    _check_may_review(user, product)
    check_version(product, expected_version)
    if product.status != Status.IN_REVIEW:
        raise WorkflowError("Alleen een product dat ter beoordeling staat kan worden afgewezen.", code="state")
    if not (note or "").strip():
        raise WorkflowError("Geef aan waarom het concept wordt afgewezen.", code="note")
    product.status = Status.CONCEPT
    product.review_note = note.strip()
    _save(product, user=user, reason=f"Afgewezen: {note.strip()}")
    return product


@transaction.atomic
def discard_draft(*, user, product: Product) -> Product:
    """Throw away the concept copy of a published product; returns the published product (unchanged)."""
    product = _locked(product)
    _check_may_edit(user, product)
    if product.draft_of_id is None:
        raise WorkflowError("Alleen een concept van een gepubliceerd product kan worden weggegooid.", code="state")
    published = product.draft_of
    assert published is not None  # draft_of_id is set (above)
    product._history_user = user
    product._change_reason = "Concept weggegooid"
    product.delete()
    return published


@transaction.atomic
def restore_version(*, user, product: Product, history_id: int, expected_version: int | None) -> Product:
    """Bring back an earlier version of the product (its texts, tiers, laws and uptake) as a new change.

    ``product`` is the product or its concept copy; the version may be any of either. Like every
    edit of a published product, the restore becomes a concept that needs approval.
    """
    require_version(expected_version)
    owner = product.draft_of or product
    record = product_versions(owner).filter(history_id=history_id).first()
    if record is None:
        raise WorkflowError("Deze versie hoort niet bij dit product.", code="version")
    relations = record.relations or {}
    unit = Unit.objects.filter(pk=record.unit_id, organisation=owner.organisation).first()
    if unit is None:
        raise WorkflowError("De eenheid van deze versie bestaat niet meer; herstellen kan niet.", code="version")
    tiers = list(Tier.objects.filter(pk__in=[row["id"] for row in relations.get("tiers", [])]))
    frameworks = LegalFramework.objects.in_bulk([row["framework_id"] for row in relations.get("legal_bases", [])])
    municipalities = Municipality.objects.in_bulk([row["municipality_id"] for row in relations.get("uptake", [])])
    missing = (
        len(tiers) < len(relations.get("tiers", []))
        or len(frameworks) < len({row["framework_id"] for row in relations.get("legal_bases", [])})
        or len(municipalities) < len({row["municipality_id"] for row in relations.get("uptake", [])})
    )
    if missing:
        raise WorkflowError(
            "Een schil, wet of gemeente uit deze versie bestaat niet meer; herstellen kan niet.", code="version"
        )
    changes = {name: getattr(record, name) for name in CONTENT_FIELDS if name not in {"unit", "umbrella"}}
    changes["unit"] = unit
    # An umbrella deleted since leaves the part on its own (as deleting it does now).
    changes["umbrella"] = Product.objects.filter(pk=record.umbrella_id).first() if record.umbrella_id else None
    when = timezone.localtime(record.history_date) if isinstance(record.history_date, datetime) else record.history_date
    return update_product(
        user=user,
        product=product,
        expected_version=expected_version,
        changes=changes,
        tiers=tiers,
        legal_bases=[
            Basis(frameworks[row["framework_id"]], row["article"], row["note"])
            for row in relations.get("legal_bases", [])
        ],
        uptake=[Take(municipalities[row["municipality_id"]], row["note"]) for row in relations.get("uptake", [])],
        reason=f"Hersteld naar de versie van {when:%d-%m-%Y %H:%M}",
    )


@transaction.atomic
def change_uptake(
    *,
    user,
    product: Product,
    expected_version: int | None,
    municipality: Municipality,
    note: str = "",
    replaces: Municipality | None = None,
    remove: bool = False,
) -> Product:
    """One uptake row of ``product`` added, changed or removed: an edit of the product like any other.

    For the separate uptake screen. It goes through :func:`update_product`, so it names the version it
    was made on, bumps the product's version, is recorded in its history, sends a product in review
    back to concept (and a published one to a concept copy), and makes its editor the last editor, who
    may then not approve it (four eyes). ``replaces``: the municipality the row named before this change.
    """
    require_version(expected_version)
    locked = _locked(product)
    uptake = [
        take
        for take in _relations_of(locked)["uptake"]
        if take.municipality.pk not in {municipality.pk, getattr(replaces, "pk", None)}
    ]
    if not remove:
        uptake.append(Take(municipality, note))
    verb = "verwijderd" if remove else ("gewijzigd" if replaces is not None else "toegevoegd")
    return update_product(
        user=user,
        product=locked,
        expected_version=expected_version,
        uptake=uptake,
        reason=f"Afname door {municipality} {verb}",
    )
