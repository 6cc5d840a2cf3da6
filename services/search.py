"""Full-text search over products.

On PostgreSQL: the ``dutch`` text-search configuration over title, summary and all sections, ranked.
On SQLite: every word must occur (case-insensitively) in the title or text; ordered by title hits.
"""

import re

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

SEARCH_FIELDS = (
    "title",
    "summary",
    "goal",
    "audience",
    "legal_text",
    "activities",
    "rationale",
    "result",
    "professionals",
)


def search_words(value: str) -> list[str]:
    return [word for word in re.findall(r"\w+", value.lower()) if len(word) > 1][:12]


def search_products(queryset: QuerySet, value: str) -> QuerySet:
    words = search_words(value or "")
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, " ".join(words))
    return _search_fallback(queryset, words)


def _search_postgresql(queryset: QuerySet, text: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("summary", weight="B", config="dutch")
        + SearchVector(*SEARCH_FIELDS[2:], weight="C", config="dutch")
    )
    query = SearchQuery(text, config="dutch", search_type="websearch")
    return (
        queryset.annotate(search_rank=SearchRank(vector, query))
        .filter(search_rank__gt=0)
        .order_by("-search_rank", "title", "pk")
    )


def _search_fallback(queryset: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        condition = Q()
        for field in SEARCH_FIELDS:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    title_hit = Q()
    for word in words:
        title_hit |= Q(title__icontains=word)
    return queryset.annotate(
        search_rank=Case(When(title_hit, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-search_rank", "title", "pk")
