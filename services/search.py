"""Full-text search over products.

On PostgreSQL: the ``dutch`` text-search configuration over the ``search_vector`` column (title
weight A, summary B, all sections C; filled by a trigger, GIN-indexed, see migration
``services.0003_search_vector``), ranked, with a highlighted snippet from ``SearchHeadline``. Every
word is also matched as a prefix, so "vaccinatie" finds "vaccinatiecampagne" and "tuberculose" finds
"Tuberculosebestrijding" (Dutch glues words together; the dictionary does not split compounds).

On SQLite: every word must occur (case-insensitively) in the title or text; titles that contain the
words rank first, and the snippet is cut from the text in Python.
"""

import re

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from services.models import PRODUCT_TEXT_FIELDS

# The title and every text section but the contact details (the PostgreSQL trigger in migration
# 0003_search_vector indexes the same fields).
SEARCH_FIELDS = ("title", *(name for name in PRODUCT_TEXT_FIELDS if name != "contacts"))
SNIPPET_FIELDS = SEARCH_FIELDS[1:]

# Markers that cannot occur in product text: the headline is escaped first, then they become <mark>.
_START, _STOP = "\x02", "\x03"
SNIPPET_WORDS = 30
_LIST_MARKER = re.compile(r"(?:^|(?<=\s))-\s+")


def search_words(value: str) -> list[str]:
    return [word for word in re.findall(r"\w+", value.lower()) if len(word) > 1][:12]


def search_products(queryset: QuerySet, value: str) -> QuerySet:
    """``queryset`` narrowed to products matching every word of ``value``, annotated ``search_rank``."""
    words = search_words(value or "")
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words)
    return _search_fallback(queryset, words)


def _tsquery(words: list[str]):
    from django.contrib.postgres.search import SearchQuery

    # Words are \w+ only, so the raw tsquery syntax cannot be injected; ":*" makes each a prefix.
    return SearchQuery(" & ".join(f"{word}:*" for word in words), config="dutch", search_type="raw")


def _search_postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchHeadline, SearchRank

    query = _tsquery(words)
    text = Concat(*_spaced(SNIPPET_FIELDS), output_field=TextField())
    return (
        queryset.filter(search_vector=query)
        .annotate(
            search_rank=SearchRank(F("search_vector"), query),
            search_headline=SearchHeadline(
                text,
                query,
                config="dutch",
                start_sel=_START,
                stop_sel=_STOP,
                max_words=SNIPPET_WORDS,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-search_rank", "title", "pk")
    )


def _spaced(fields: tuple[str, ...]) -> list:
    parts: list = []
    for field in fields:
        if parts:
            parts.append(Value(" \n "))
        parts.append(F(field))
    return parts


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


def search_snippet(product, value: str) -> SafeString:
    """A short excerpt of the product's text around the search words, with the words in ``<mark>``.

    Everything but the marks is escaped: product text never reaches the page as HTML.
    """
    words = search_words(value or "")
    if not words:
        return mark_safe("")
    headline = getattr(product, "search_headline", None)
    if headline is None:
        headline = _fallback_headline(product, words)
    headline = " ".join(_LIST_MARKER.sub(" ", headline).split())  # "- item" lines of the section convention
    html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # escaped above; only our own <mark> tags are added


def _fallback_headline(product, words: list[str]) -> str:
    text = " ".join(" ".join((getattr(product, field) or "").split()) for field in SNIPPET_FIELDS)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    match = pattern.search(text)
    if not match:
        return ""
    tokens = text.split(" ")
    position = len(text[: match.start()].split(" ")) - 1
    start = max(0, position - SNIPPET_WORDS // 3)
    excerpt = " ".join(tokens[start : start + SNIPPET_WORDS])
    excerpt = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", excerpt)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(tokens) else ""
    return f"{prefix}{excerpt}{suffix}"
