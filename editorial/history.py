"""Product versions: what django-simple-history recorded, read section by section.

Every save of a product writes a historical row (who, when, why, every field). Its ``relations``
column holds the product's tiers, legal bases and uptake at that moment, so one historical row is one
complete version of the product and can be compared with any other or restored. The rows of
ProductTier, LegalBasis and Uptake have their own history as well (the audit trail per row).

A product's versions include those of its concept copies (drafts), which are deleted on approval
but whose history stays: nothing an editor saved is lost.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from catalogue.text import normalise_text
from municipalities.models import Uptake
from services.models import (
    CONTENT_FIELDS,
    PRODUCT_TEXT_FIELDS,
    LegalBasis,
    Product,
    ProductTier,
    Unit,
)
from services.tables import table_as_text

# Content fields that are relations: a version holds their id.
RELATION_FIELDS = {"unit", "umbrella"}

TEXT_FIELDS = set(PRODUCT_TEXT_FIELDS)
RELATION_LABELS = {"tiers": "Schillen", "legal_bases": "Wettelijke grondslagen", "uptake": "Afname door gemeenten"}


def HistoricalProduct():  # reads like the model it returns
    return Product.history.model


# Recording


def product_relations(product: Product) -> dict[str, list[dict[str, Any]]]:
    """The product's tiers, legal bases and uptake as plain data (ids to restore, names to show)."""
    tiers = ProductTier.objects.filter(product=product).select_related("tier").order_by("tier__order", "tier__code")
    bases = LegalBasis.objects.filter(product=product).select_related("framework").order_by("order", "id")
    uptake = Uptake.objects.filter(product=product).select_related("municipality").order_by("municipality__name")
    return {
        "tiers": [{"id": row.tier_id, "code": row.tier.code, "name": row.tier.name} for row in tiers],
        "legal_bases": [
            {
                "framework_id": row.framework_id,
                "framework": row.framework.name,
                "article": row.article,
                "note": row.note,
            }
            for row in bases
        ],
        "uptake": [
            {
                "municipality_id": row.municipality_id,
                "cbs_code": row.municipality.cbs_code,
                "name": row.municipality.name,
                "note": row.note,
            }
            for row in uptake
        ],
    }


def fill_relations(sender, instance: Product, history_instance, **kwargs) -> None:
    """pre_create_historical_record receiver: store the relations with every product version."""
    if history_instance.history_type == "-":
        # The related rows are gone by now; the deleted product's last version had them.
        previous = HistoricalProduct().objects.filter(id=instance.pk).order_by("-history_date", "-history_id").first()
        history_instance.relations = previous.relations if previous else {}
    else:
        history_instance.relations = product_relations(instance)


def ensure_baseline(product: Product) -> None:
    """Make sure the product's newest version is what the database holds now, before it is changed.

    Rows loaded from fixtures have no history, and rows written outside the operations (the importer
    writes tiers and laws after the product) can leave the newest version short of its relations.
    """
    latest = product.history.order_by("-history_date", "-history_id").first()
    if latest is not None and version_data(latest) == version_data(product):
        return
    product.history.bulk_history_create(
        [product],
        update=latest is not None,
        default_change_reason="Uitgangssituatie" if latest is None else "Vastgelegd vóór bewerking",
        custom_historical_attrs={"relations": product_relations(product)},
    )


# Reading


def product_versions(product: Product) -> QuerySet:
    """Every recorded version of the product and of its concept copies, newest first."""
    return (
        HistoricalProduct()
        .objects.filter(Q(id=product.pk) | Q(draft_of_id=product.pk))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


@dataclass
class SectionChange:
    """One section that differs between two versions, ready for a template."""

    name: str
    label: str
    old: Any = None
    new: Any = None
    segments: list[tuple[str, str]] = field(default_factory=list)  # text: ("equal"|"delete"|"insert", words)
    added: list[str] = field(default_factory=list)  # tiers, laws, uptake
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A readable word-level diff: runs of equal, deleted and inserted text."""
    a, b = re.split(r"(\s+)", old or ""), re.split(r"(\s+)", new or "")
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                segments.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                segments.append(("insert", "".join(b[j1:j2])))
    return segments


# Content fields stored as a code; a version comparison shows their Dutch label.
CHOICE_FIELDS = ("financing", "price_unit")


def _labels(organisation_headings: dict[str, str]) -> dict[str, str]:
    # The product's own fields, with a verbose_name; get_field's type also allows reverse relations.
    labels = {
        name: str(Product._meta.get_field(name).verbose_name).capitalize()  # type: ignore[union-attr]
        for name in CONTENT_FIELDS
    }
    labels.update(organisation_headings)
    return labels


def _relation_items(relations: dict, name: str) -> dict[Any, str]:
    """Relation rows keyed by identity, with what a reader should see."""
    rows = (relations or {}).get(name, [])
    if name == "tiers":
        return {row["id"]: row["name"] for row in rows}
    if name == "legal_bases":
        return {
            (row["framework_id"], row["article"]): " ".join(
                part for part in (row["framework"], row["article"], f"({row['note']})" if row["note"] else "") if part
            )
            for row in rows
        }
    return {row["municipality_id"]: row["name"] + (f" ({row['note']})" if row["note"] else "") for row in rows}


def version_data(version) -> dict[str, Any]:
    """A historical row or a live product as ``{field: value, ..., "relations": {...}}``."""
    data = {name: getattr(version, f"{name}_id" if name in RELATION_FIELDS else name) for name in CONTENT_FIELDS}
    # Versions stored before texts were normalised on the way in must not differ by line endings only.
    data.update({name: normalise_text(data[name]) for name in TEXT_FIELDS})
    data["relations"] = version.relations if hasattr(version, "relations") else product_relations(version)
    return data


def compare(old, new, *, headings: dict[str, str] | None = None) -> list[SectionChange]:
    """The sections that differ between two versions (historical rows or live products), in page order."""
    old_data, new_data = version_data(old), version_data(new)
    labels = _labels(headings or {})
    changes: list[SectionChange] = []
    unit_names: dict[int, str] = {}
    if old_data["unit"] != new_data["unit"]:
        unit_names = dict(Unit.objects.filter(pk__in=[old_data["unit"], new_data["unit"]]).values_list("pk", "name"))
    umbrella_titles: dict[int, str] = {}
    if old_data["umbrella"] != new_data["umbrella"]:
        umbrellas = [old_data["umbrella"], new_data["umbrella"]]
        umbrella_titles = dict(Product.objects.filter(pk__in=umbrellas).values_list("pk", "title"))
    for name in CONTENT_FIELDS:
        before, after = old_data[name], new_data[name]
        if before == after:
            continue
        if name == "unit":
            before, after = unit_names.get(before, before), unit_names.get(after, after)
        elif name == "umbrella":
            before, after = umbrella_titles.get(before, before or ""), umbrella_titles.get(after, after or "")
        elif name == "table":
            before, after = table_as_text(before), table_as_text(after)
        elif name in CHOICE_FIELDS:
            choices = dict(Product._meta.get_field(name).choices or [])  # type: ignore[union-attr]
            before, after = choices.get(before, before), choices.get(after, after)
        change = SectionChange(name=name, label=labels[name], old=before, new=after)
        if name in TEXT_FIELDS:
            change.segments = word_diff(before or "", after or "")
        changes.append(change)
    for name, label in RELATION_LABELS.items():
        before, after = _relation_items(old_data["relations"], name), _relation_items(new_data["relations"], name)
        if before == after:
            continue
        changes.append(
            SectionChange(
                name=name,
                label=label,
                added=[after[key] for key in after if key not in before],
                removed=[before[key] for key in before if key not in after],
                changed=[
                    f"{before[key]} → {after[key]}" for key in after if key in before and before[key] != after[key]
                ],
            )
        )
    return changes


def version_of(product: Product, version: int):
    """The recorded state of ``product`` (not its drafts) at that version number, or None."""
    return (
        HistoricalProduct()
        .objects.filter(id=product.pk, version=version)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
