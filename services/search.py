"""Full-text search over products, the same on the catalogue page, the API and the PDF selection.

A query word matches when it (or a synonym, ``services.search_terms``) starts a word of the product's
text, occurs in the title (compound tails) or in a trefwoord. On PostgreSQL the text is the
``search_vector`` column in the ``catalogue_nl`` configuration (migration ``0009_search_config``:
unaccent, whole words), ranked, with a snippet from ``SearchHeadline``, and words that match nothing
are corrected with pg_trgm. On SQLite the fields are searched with the same folding (``unaccent`` is
registered on the connection) and the snippet is cut in Python. Title and trefwoord hits rank first.
Titles and trefwoorden are compared folded by ``catalogue_fold``, trigram-indexed on PostgreSQL (0012).
"""

import re

from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from services import versioning
from services.models import PRODUCT_TEXT_FIELDS
from services.search_terms import Term, query_terms, words_of

SEARCH_CONFIG = "catalogue_nl"  # migration 0009_search_config

# The title and every text section but the contact details (the PostgreSQL trigger in migration
# 0003_search_vector indexes the same fields).
SEARCH_FIELDS = ("title", *(name for name in PRODUCT_TEXT_FIELDS if name != "contacts"))
SNIPPET_FIELDS = SEARCH_FIELDS[1:]

# Markers that cannot occur in product text: the headline is escaped first, then they become <mark>.
_START, _STOP = "\x02", "\x03"
SNIPPET_WORDS = 30
_LIST_MARKER = re.compile(r"(?:^|(?<=\s))-\s+")


def search_words(value: str) -> list[str]:
    return words_of(value)


class Fold(Func):
    """``catalogue_fold(text)``: lower case without accents, immutable, so titles and trefwoorden carry a
    trigram index on PostgreSQL (migration 0012); SQLite registers the same function per connection."""

    function = "catalogue_fold"
    output_field = TextField()


def folded(field: str):
    return Fold(F(field))


def search_products(queryset: QuerySet, value: str) -> QuerySet:
    """``queryset`` narrowed to products matching every word of ``value``, annotated ``search_rank``.

    A word matches a product when the word, or one of its synonyms, starts a word of the product's
    text, occurs anywhere in its title (compound tails: "bestrijding" finds "Tuberculosebestrijding")
    or in one of its trefwoorden. On PostgreSQL a word that matches nothing at all is replaced by the
    closest known word (pg_trgm), so one- and two-letter typos still find something.
    """
    return search_with_terms(queryset, prepare_terms(queryset, value))


def prepare_terms(queryset: QuerySet, value: str) -> list[Term]:
    """The terms ``value`` is searched with in ``queryset``: synonyms added, typos corrected (PostgreSQL).

    Computed once per request by the catalogue's filters (see ``ProductFilterSet.filter_search``) and
    reused for every facet count, so a search costs the same queries however many facets it feeds.
    """
    terms = query_terms(value or "")
    if terms and connection.vendor == "postgresql":
        terms = correct_terms(queryset, terms)[0]
    return terms


def search_with_terms(queryset: QuerySet, terms: list[Term]) -> QuerySet:
    if not terms:
        return queryset
    return _search(queryset, terms)


def _search(queryset: QuerySet, terms: list[Term]) -> QuerySet:
    postgresql = connection.vendor == "postgresql"
    queryset = queryset.alias(search_title=folded("title"))
    if not postgresql:
        queryset = queryset.alias(**{f"search_{name}": folded(name) for name in SNIPPET_FIELDS})
    title_hits: list[Expression] = []
    for term in terms:
        named = _title_condition(term) | _keyword_condition(term)
        condition = named | (_text_condition_postgresql(term) if postgresql else _text_condition_fallback(term))
        queryset = queryset.filter(condition)
        title_hits.append(
            Case(
                # The word as typed, unstemmed, in the title ranks above a stem or a trefwoord:
                # "vaccinaties" puts "Groeps- en beroepsvaccinaties" above "Rijksvaccinatieprogramma".
                When(search_title__contains=term.word, then=Value(2)),
                When(named, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    title_score = title_hits[0]
    for hit in title_hits[1:]:
        title_score = title_score + hit
    queryset = queryset.annotate(search_title_hits=title_score)
    if postgresql:
        return _rank_postgresql(queryset, terms)
    return queryset.annotate(search_rank=F("search_title_hits")).order_by("-search_rank", "title", "pk")


def _title_condition(term: Term) -> Q:
    condition = Q()
    for alternative in term.alternatives:
        part = Q()
        for word in alternative:
            part &= Q(search_title__contains=word)
        condition |= part
    return condition


def _keyword_condition(term: Term) -> Q:
    """Products with a trefwoord holding the term, as a list of ids: trefwoorden are few, and a plain
    ``id IN (…)`` lets PostgreSQL combine this test with the indexed title and text tests (BitmapOr)
    instead of scanning every product."""
    from services.models import ProductKeyword

    if term.keyword_product_ids is not None:
        return Q(pk__in=term.keyword_product_ids)
    matches = Q()
    for alternative in term.alternatives:
        part = Q()
        for word in alternative:
            part &= Q(folded_keyword__contains=word)
        matches |= part
    ids = (
        ProductKeyword.objects.alias(folded_keyword=folded("keyword"))
        .filter(matches)
        .values_list("product_id", flat=True)
        .distinct()
    )
    term.keyword_product_ids = list(ids)
    return Q(pk__in=term.keyword_product_ids)


def _tsquery_text(term: Term) -> str:
    # Stems are folded \w+ only, so the raw tsquery syntax cannot be injected; ":*" makes each a prefix.
    return " | ".join("(" + " & ".join(f"{word}:*" for word in alternative) + ")" for alternative in term.alternatives)


def _tsquery(terms: list[Term]):
    from django.contrib.postgres.search import SearchQuery

    text = " & ".join(f"({_tsquery_text(term)})" for term in terms)
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="raw")


def _text_condition_postgresql(term: Term) -> Q:
    return Q(search_vector=_tsquery([term]))


def _text_condition_fallback(term: Term) -> Q:
    condition = Q()
    for alternative in term.alternatives:
        part = Q()
        for word in alternative:
            any_field = Q()
            for name in SNIPPET_FIELDS:
                any_field |= Q(**{f"search_{name}__contains": word})
            part &= any_field
        condition |= part
    return condition


def _rank_postgresql(queryset: QuerySet, terms: list[Term]) -> QuerySet:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    # Ranked on any word (OR), so a product matching a word only through its title still has a rank.
    any_word = SearchQuery(
        " | ".join(f"({_tsquery_text(term)})" for term in terms), config=SEARCH_CONFIG, search_type="raw"
    )
    text = Concat(*_spaced(SNIPPET_FIELDS), output_field=TextField())
    return queryset.annotate(
        search_rank=SearchRank(F("search_vector"), any_word),
        search_headline=SearchHeadline(
            text,
            any_word,
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=SNIPPET_WORDS,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    ).order_by("-search_title_hits", "-search_rank", "title", "pk")


# --- Typos (PostgreSQL, pg_trgm) -----------------------------------------------------------------

# pg_trgm similarity a known word needs to stand in for a query word that matches nothing. 0.6 lets
# "vacinatie", "tuberclose" and "borstvoding" through and keeps near-misses ("bouwvergunning" -> "vergunning", 0.53) out.
TYPO_SIMILARITY = 0.6
# Shortest query word corrected: shorter words have too few trigrams to tell a typo from another word.
TYPO_MIN_LENGTH = 5

_LEXICON_SQL = f"""
SELECT word, similarity(word, %s) AS score FROM (
    SELECT word FROM ts_stat('SELECT search_vector FROM services_product')
    UNION SELECT lower(unaccent(keyword)) FROM services_productkeyword
) AS known
WHERE similarity(word, %s) >= {TYPO_SIMILARITY} AND length(word) >= {TYPO_MIN_LENGTH}
ORDER BY score DESC, word
LIMIT %s
"""


def known_words_like(word: str, limit: int = 3) -> list[str]:
    """The known words (the products' text and trefwoorden) closest to ``word`` by trigram similarity.

    Reading the lexicon scans every search vector, so the answer is remembered per catalogue version:
    the typo correction and "Bedoelde u …?" of one request, and every later request, ask once.
    """

    def closest() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(_LEXICON_SQL, [word, word, limit])
            return [row[0] for row in cursor.fetchall()]

    return versioning.cached("known-words", (word, limit), closest)


def correct_terms(queryset: QuerySet, terms: list[Term]) -> tuple[list[Term], dict[str, str]]:
    """Terms with every word that matches no product in ``queryset`` replaced by the closest known word."""
    corrections: dict[str, str] = {}
    if connection.vendor != "postgresql":
        return terms, corrections
    corrected = []
    for term in terms:
        if len(term.word) >= TYPO_MIN_LENGTH and not _search(queryset, [term]).exists():
            for candidate in known_words_like(term.word):
                replacement = query_terms(candidate)
                if replacement and _search(queryset, replacement).exists():
                    corrections[term.word] = candidate
                    term = replacement[0]
                    break
        corrected.append(term)
    return corrected, corrections


def _spaced(fields: tuple[str, ...]) -> list:
    parts: list = []
    for field in fields:
        if parts:
            parts.append(Value(" \n "))
        parts.append(F(field))
    return parts


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
