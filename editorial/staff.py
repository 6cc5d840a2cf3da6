"""Reads for staff screens: work lists within the user's roles (see editorial.access)."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from editorial import access
from services.models import Edition, Status


def overdue_products(user, *, today: datetime.date | None = None) -> QuerySet:
    """ "Producten waarvan de herziening verlopen is": review date passed, in editions still being worked on.

    A published (frozen) edition cannot be revised any more, so its products are not listed.
    """
    today = today or timezone.localdate()
    return (
        access.visible_products(user)
        .originals()
        .filter(review_due__lt=today)
        .exclude(status=Status.ARCHIVED)
        .exclude(edition__state=Edition.State.PUBLISHED)
        .select_related("organisation", "unit", "edition", "draft")
        .order_by("review_due", "organisation__name", "title")
    )


def awaiting_review(user) -> QuerySet:
    """Products in review that this user may approve: in their reviewer scope and not last edited by them."""
    return (
        access.reviewable_products(user)
        .filter(status=Status.IN_REVIEW)
        .exclude(last_edited_by=user)
        .select_related("organisation", "unit", "edition", "last_edited_by", "submitted_by")
        .order_by("submitted_at", "title")
    )
