"""The books on the staff start page: the latest builds of the user's organisations."""

from django.db.models import Q
from django.urls import reverse

from books.models import BookRender
from editorial import access

SHOWN = 5


def latest_builds(user) -> dict:
    organisations = access.visible_organisations(user)
    books = list(
        BookRender.objects.filter(Q(organisation__in=organisations) | Q(organisation__isnull=True))
        .select_related("organisation")
        .order_by("-updated_at")[:SHOWN]
    )
    return {"books": books, "url": reverse("admin:books_bookrender_changelist")}
