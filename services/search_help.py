"""Help on an empty result: "Bedoelde u …?" and how many products each active filter hides."""

from django.db import connection
from django.http import QueryDict

from services.filters import FILTER_LABELS
from services.search import known_words_like, search_words
from services.selectors import filter_products

MAX_SUGGESTIONS = 3


def did_you_mean(value: str) -> list[str]:
    """Known words close to the query's words (PostgreSQL, pg_trgm); empty on SQLite."""
    if connection.vendor != "postgresql":
        return []
    words = search_words(value or "")
    suggestions: list[str] = []
    for index, word in enumerate(words):
        for candidate in known_words_like(word, MAX_SUGGESTIONS):
            if candidate != word:
                suggestion = " ".join([*words[:index], candidate, *words[index + 1 :]])
                if suggestion not in suggestions:
                    suggestions.append(suggestion)
    return suggestions[:MAX_SUGGESTIONS]


def results_without_each_filter(data: QueryDict, active_filters: list[dict], queryset) -> list[dict]:
    """For every active filter but the search words: the number of results when only it is left out."""

    names = {label: name for name, label in FILTER_LABELS.items()}
    found = []
    for active in active_filters:
        name = names.get(active["label"])
        if name in (None, "q", "jaar"):
            continue
        rest = data.copy()
        rest.pop(name, None)
        count = filter_products(rest, queryset=queryset).qs.count()
        if count:
            found.append({**active, "count": count})
    return found
