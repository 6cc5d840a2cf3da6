"""The staff start page (the admin's index): what needs *me* now.

A fixed number of queries whatever the catalogue's size: each list is one sliced query plus one
count, the editions' status counts are one annotated query.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from editorial import access
from editorial.staff import awaiting_review, overdue_products
from services.models import Edition, Status

SHOWN = 8  # rows per list; the link opens the whole list


@dataclass
class WorkList:
    title: str
    empty: str
    rows: list
    count: int
    url: str


@dataclass
class EditionState:
    edition: Edition
    counts: dict[str, int]  # status label -> number of products
    url: str


def _products_url(**params) -> str:
    return reverse("admin:services_product_changelist") + ("?" + urlencode(params) if params else "")


def _work_list(title: str, empty: str, queryset, url: str) -> WorkList:
    return WorkList(title, empty, list(queryset[:SHOWN]), queryset.count(), url)


def start_page(user) -> dict:
    lists = [
        _work_list(
            "Mijn concepten",
            "U heeft geen concepten openstaan.",
            access.editable_products(user)
            .filter(status=Status.CONCEPT, last_edited_by=user)
            .select_related("organisation", "edition")
            .order_by("-updated_at"),
            _products_url(status__exact=Status.CONCEPT),
        )
    ]
    if access.is_superuser(user) or access.roles(user, (access.Kind.REVIEWER,)):
        lists.append(
            _work_list(
                "Wacht op mijn beoordeling",
                "Er staat niets voor u ter beoordeling.",
                awaiting_review(user),
                _products_url(status__exact=Status.IN_REVIEW),
            )
        )
    lists.append(
        _work_list(
            "Herziening verlopen",
            "Geen producten met een verlopen herzieningsdatum.",
            overdue_products(user),
            reverse("admin:services_product_overdue"),
        )
    )
    status_counts = {
        value: Count("products", filter=Q(products__status=value, products__draft_of__isnull=True)) for value in Status
    }
    editions = (
        Edition.objects.filter(organisation__in=access.visible_organisations(user))
        .select_related("organisation")
        .annotate(**{f"n_{value}": count for value, count in status_counts.items()})
        .order_by("organisation__name", "-year")
    )
    edition_states = [
        EditionState(
            edition,
            {label: getattr(edition, f"n_{value}") for value, label in Status.choices},
            _products_url(edition__id__exact=edition.pk),
        )
        for edition in editions
    ]
    # The latest book builds come from the books app (books.staff), which the start page's template adds.
    return {"work_lists": lists, "edition_states": edition_states}
